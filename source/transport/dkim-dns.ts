// The DKIM key record a receiver would look up (TXT at SEL._domainkey.DOMAIN), from the system's resolver or --dns's
// server, within a short wait: the check informs, it never holds the send up for long.
import dns from 'node:dns';
import {errorCode} from '../error-code.js';
import {dnsServerText, queryWithin, type DnsServer} from './dns-resolver.js';

/** The most the check waits (less when --timeout is shorter): a machine offline still sends to the sandbox at once. */
export const DKIM_CHECK_MS = 5000;

/** The TXT records there (each one's strings joined, RFC 6376 §3.6.2.2), [] for none; or why DNS did not say. */
export async function dkimKeyRecords(name: string, server: DnsServer | undefined, timeoutMs: number): Promise<{records: string[]} | {failed: string}> {
	try {
		const answers = await queryWithin(server ? [dnsServerText(server)] : [], timeoutMs, resolver => resolver.resolveTxt(name));
		return {records: answers.map(strings => strings.join(''))};
	} catch (error) {
		const code = errorCode(error);
		if (code === dns.NOTFOUND || code === dns.NODATA) return {records: []};
		const asked = server ? `the DNS server ${dnsServerText(server)} (--dns)` : 'the DNS server';
		const why = code === dns.TIMEOUT ? `${asked} did not answer within ${timeoutMs / 1000} s` : code === dns.SERVFAIL ? `${asked} failed to answer for it` : `the lookup failed`;
		return {failed: `${why} (${code ?? 'unknown error'})`};
	}
}
