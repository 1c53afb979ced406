// DKIM key records from DNS (TXT at SELECTOR._domainkey.DOMAIN, RFC 6376 §3.6.2), for send's key check, the
// dashboard's and the sandbox's signature checks: from --dns's server or the system's, each query given up after a
// few seconds, so that a machine without network only says that DNS did not answer.
import dns from 'node:dns';
import {dnsServerText, queryWithin, type DnsServer} from './dns-resolver.js';
import {errorCode} from '../error-code.js';

/** What DNS said at a key's name: its TXT records (none: the name has none), or why it could not be asked. */
export type DkimKeyAnswer = {records: string[]} | {unreachable: string};

/** Looks up the TXT records at `name` (SELECTOR._domainkey.DOMAIN). */
export type DkimKeyLookup = (name: string) => Promise<DkimKeyAnswer>;

/** The sandbox's wait: long enough for a distant server, short enough that a check without network ends while the user still looks. */
const DKIM_DNS_TIMEOUT_MS = 3000;

/** The TXT records at `name`, each one's strings joined (a record is split into strings of at most 255 bytes, §3.6.2.2). */
export async function dkimKeyRecords(name: string, server: DnsServer | undefined, timeoutMs: number, stop?: AbortSignal): Promise<DkimKeyAnswer> {
	try {
		const records = await queryWithin(server ? [dnsServerText(server)] : [], timeoutMs, resolver => resolver.resolveTxt(name), stop);
		return {records: records.map(strings => strings.join(''))};
	} catch (error) {
		const code = errorCode(error);
		if (code === dns.NOTFOUND || code === dns.NODATA) return {records: []};
		const asked = server ? `the DNS server ${dnsServerText(server)} (--dns)` : 'the DNS server';
		if (code === dns.TIMEOUT) return {unreachable: `${asked} did not answer within ${timeoutMs / 1000} s`};
		if (code === dns.SERVFAIL) return {unreachable: `${asked} failed to answer (SERVFAIL)`};
		if (code === dns.CONNREFUSED) return {unreachable: `${asked} refused the query: nothing listens there (ECONNREFUSED)`};
		return {unreachable: `${asked} could not be asked (${code ?? String(error)})`};
	}
}

/**
 * A lookup remembering each answer for the run (the sandbox asks once per name). A failure to get one is not
 * remembered: the next message asks again. `stop` cancels the queries under way (the sandbox closes).
 */
export function dkimKeyLookup(server: DnsServer | undefined, stop: AbortSignal, timeoutMs = DKIM_DNS_TIMEOUT_MS): DkimKeyLookup {
	const answers = new Map<string, Promise<DkimKeyAnswer>>();
	return name => {
		const key = name.toLowerCase();
		let answer = answers.get(key);
		if (!answer) {
			answer = dkimKeyRecords(key, server, timeoutMs, stop);
			answers.set(key, answer);
			void answer.then(found => 'unreachable' in found && answers.delete(key));
		}
		return answer;
	};
}
