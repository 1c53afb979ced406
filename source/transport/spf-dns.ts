// The DNS SPF asks, for real: the system's DNS servers, or the one --dns names, each query given up after the
// timeout (or when `stop` is aborted: a sandbox closing). A name with no record of the type (NXDOMAIN, no data) is
// no records, as the evaluator expects.
import dns from 'node:dns';
import type {SpfDns} from '../spf/evaluate.js';
import {DnsQueryError, queryDns, systemDnsServer} from './dns-query.js';
import {dnsServerText, noSuchAddress, queryWithin, type DnsServer} from './dns-resolver.js';
import {decodeAddress, decodeTxt, DNS_TYPES, type DnsRecord} from './dns-wire.js';
import {errorCode} from '../error-code.js';

const RCODES: Record<number, string> = {2: dns.SERVFAIL, 5: dns.REFUSED};

/**
 * A name c-ares will not ask (EBADNAME), asked with check's own query: DNS carries any byte in a label, and SPF's
 * macros put a sender's local part into names (`exists:%{l}._spf.example.com`), where `me+news` or `a=b` is common.
 */
async function onWire(server: DnsServer | undefined, name: string, type: number, timeoutMs: number): Promise<DnsRecord[]> {
	const to = server ?? systemDnsServer();
	if (to === undefined) throw new DnsQueryError('this machine has no DNS server', dns.NOTINITIALIZED);
	const answer = await queryDns(to, name, type, timeoutMs);
	if (answer.rcode === 3) return [];
	if (answer.rcode !== 0) throw new DnsQueryError(`${dnsServerText(to)} answered RCODE ${answer.rcode}`, RCODES[answer.rcode] ?? dns.BADRESP);
	return answer.answers.filter(record => record.type === type);
}

export function spfDns(server: DnsServer | undefined, timeoutMs: number, stop?: AbortSignal): SpfDns {
	const ask = <T>(question: (resolver: dns.promises.Resolver) => Promise<T[]>, name: string, type: number, decode: (record: DnsRecord) => T): Promise<T[]> =>
		queryWithin(server ? [dnsServerText(server)] : dns.getServers(), timeoutMs, question, stop).catch(async (error: unknown) => {
			if (noSuchAddress(error)) return [];
			if (errorCode(error) === dns.BADNAME) return (await onWire(server, name, type, timeoutMs)).map(decode);
			throw error;
		});
	const address = (record: DnsRecord) => decodeAddress(record.data);
	return {
		txt: name => ask(resolver => resolver.resolveTxt(name), name, DNS_TYPES.TXT, record => decodeTxt(record.data)),
		a: name => ask(resolver => resolver.resolve4(name), name, DNS_TYPES.A, address),
		aaaa: name => ask(resolver => resolver.resolve6(name), name, DNS_TYPES.AAAA, address),
		mx: name => ask(resolver => resolver.resolveMx(name), name, DNS_TYPES.MX, record => ({exchange: record.target ?? '', priority: record.data.readUInt16BE(0)})),
		ptr: name => ask(resolver => resolver.resolvePtr(name), name, DNS_TYPES.PTR, record => record.target ?? ''),
	};
}
