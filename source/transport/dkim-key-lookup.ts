// DKIM public keys from DNS (TXT at SELECTOR._domainkey.DOMAIN), for the sandbox's signature checks: one query per
// name per run, each given up after a few seconds, so that a sandbox without network only says "DNS unreachable".
import dns from 'node:dns';
import {dnsServerText, queryWithin, type DnsServer} from './dns-resolver.js';
import {errorCode} from '../error-code.js';

/** What DNS said at a key's name: its TXT record's text, that there is none, or why it could not be asked. */
export type DkimKeyAnswer = {record: string} | {none: true} | {unreachable: string};

/** Looks up the TXT record at `name` (SELECTOR._domainkey.DOMAIN). */
export type DkimKeyLookup = (name: string) => Promise<DkimKeyAnswer>;

/** Long enough for a distant server, short enough that a check without network ends while the user still looks. */
export const DKIM_DNS_TIMEOUT_MS = 3000;

/**
 * A lookup asking `server` (--dns) or the system's DNS servers, remembering each answer for the run. A failure to
 * get one is not remembered: the next message asks again. `stop` cancels the queries under way (the sandbox closes).
 */
export function dkimKeyLookup(server: DnsServer | undefined, stop: AbortSignal, timeoutMs = DKIM_DNS_TIMEOUT_MS): DkimKeyLookup {
	const answers = new Map<string, Promise<DkimKeyAnswer>>();
	return name => {
		const key = name.toLowerCase();
		let answer = answers.get(key);
		if (!answer) {
			answer = ask(key, server, timeoutMs, stop);
			answers.set(key, answer);
			void answer.then(found => 'unreachable' in found && answers.delete(key));
		}
		return answer;
	};
}

async function ask(name: string, server: DnsServer | undefined, timeoutMs: number, stop: AbortSignal): Promise<DkimKeyAnswer> {
	try {
		const records = await queryWithin(server ? [dnsServerText(server)] : dns.getServers(), timeoutMs, resolver => resolver.resolveTxt(name), stop);
		// A record is split into strings of at most 255 bytes; joined, they are the key. Other TXT records may share the name.
		const texts = records.map(strings => strings.join(''));
		return {record: texts.find(text => /^\s*v\s*=\s*DKIM1\b/i.test(text)) ?? texts.find(text => /(^|;)\s*p\s*=/.test(text)) ?? texts[0] ?? ''};
	} catch (error) {
		const code = errorCode(error);
		if (code === dns.NOTFOUND || code === dns.NODATA) return {none: true};
		const asked = server ? `the DNS server ${dnsServerText(server)} (--dns)` : 'the DNS server';
		if (code === dns.TIMEOUT) return {unreachable: `${asked} did not answer within ${timeoutMs / 1000} s`};
		if (code === dns.SERVFAIL) return {unreachable: `${asked} failed to answer (SERVFAIL)`};
		if (code === dns.CONNREFUSED) return {unreachable: `${asked} refused the query: nothing listens there (ECONNREFUSED)`};
		return {unreachable: `${asked} could not be asked (${code ?? String(error)})`};
	}
}
