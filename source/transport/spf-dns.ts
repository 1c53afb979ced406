// The DNS SPF asks, for real: the system's DNS servers, or the one --dns names, each query given up after the
// timeout. A name with no record of the type (NXDOMAIN, no data) is no records, as the evaluator expects.
import dns from 'node:dns';
import type {SpfDns} from '../spf/evaluate.js';
import {dnsServerText, noSuchAddress, queryWithin, type DnsServer} from './dns-resolver.js';

export function spfDns(server: DnsServer | undefined, timeoutMs: number): SpfDns {
	const ask = <T>(question: (resolver: dns.promises.Resolver) => Promise<T[]>): Promise<T[]> =>
		queryWithin(server ? [dnsServerText(server)] : dns.getServers(), timeoutMs, question).catch((error: unknown) => {
			if (noSuchAddress(error)) return [];
			throw error;
		});
	return {
		txt: name => ask(resolver => resolver.resolveTxt(name)),
		a: name => ask(resolver => resolver.resolve4(name)),
		aaaa: name => ask(resolver => resolver.resolve6(name)),
		mx: name => ask(resolver => resolver.resolveMx(name)),
		ptr: name => ask(resolver => resolver.resolvePtr(name)),
	};
}
