// send's DKIM step, before connecting: the message signed, and the key a receiver would find in DNS checked against
// the one signing. What the transcript says of it, and what --json's result carries (never the key). The dashboard
// says the same lines in its log (see ui/dashboard-dkim.ts).
import type {ComposedMessage} from '../message/compose.js';
import {signMessage, type DkimSigned} from '../message/dkim-message.js';
import {keyRecordVerdict, recordToPublish, type DkimKeyCheck} from '../message/dkim-record.js';
import type {DkimKey} from '../message/dkim-sign.js';
import {dkimKeyRecords} from '../transport/dkim-key-lookup.js';
import type {DnsServer} from '../transport/dns-resolver.js';
import type {DkimSettings} from './dkim-flags.js';

/** What DNS said of the key: a verdict, or that it did not answer. */
export type DkimDnsResult = DkimKeyCheck | {status: 'unknown'; name: string; text: string};

/** --json's `dkim`: what was signed, and what DNS said of the key (left out with --no-dkim-check). */
export type DkimResult = DkimSigned & {dns?: DkimDnsResult};

/** The most the key check waits (less when --timeout is shorter): a machine offline still sends to the sandbox at once. */
const DKIM_CHECK_MS = 5000;

/** Where the key check asks, and for how long at most (less when --timeout is shorter). */
export type DkimDns = {server?: DnsServer; timeoutMs: number};

/** The transcript's line on what was signed. */
export function signedNote(facts: DkimSigned): string {
	return `DKIM: signed for d=${facts.domain}, s=${facts.selector} (${facts.algorithm}, ${facts.algorithm === 'rsa-sha256' ? `${facts.keyBits}-bit RSA key` : 'Ed25519 key'}, relaxed/relaxed); headers signed: ${[...new Set(facts.headers)].join(', ')} (From once more than it appears, so that none can be added)`;
}

/** Where a receiver looks the key up: SEL._domainkey.DOMAIN (RFC 6376 §3.6.2.1). */
export const dkimKeyName = (facts: Pick<DkimSigned, 'domain' | 'selector'>) => `${facts.selector}._domainkey.${facts.domain}`;

/** The key at SEL._domainkey.DOMAIN checked against `key`: the lines to say (a failing verdict with the record to publish). */
export async function checkKeyInDns(facts: Pick<DkimSigned, 'domain' | 'selector'>, key: DkimKey, dns: DkimDns): Promise<{notes: string[]; dns: DkimDnsResult}> {
	const name = dkimKeyName(facts);
	const found = await dkimKeyRecords(name, dns.server, Math.min(DKIM_CHECK_MS, dns.timeoutMs));
	if ('unreachable' in found) {
		const text = `cannot look up the DKIM key at ${name}: ${found.unreachable}`;
		return {notes: [`warning: DKIM key check: ${text}; the message goes signed all the same (--no-dkim-check skips the lookup)`], dns: {status: 'unknown', name, text}};
	}
	const verdict = keyRecordVerdict(found.records, key, name);
	if (verdict.status === 'match') return {notes: [`DKIM key check: ${verdict.text}`], dns: verdict};
	return {notes: [`warning: DKIM key check: ${verdict.text}`, `DKIM: the TXT record for this key, to publish at ${name}: ${recordToPublish(key)}`], dns: verdict};
}

/** The signed message, the transcript's lines about it, and the result's `dkim`. */
export async function signForSending(message: ComposedMessage, dkim: DkimSettings, dns: DkimDns): Promise<{message: ComposedMessage; notes: string[]; result: DkimResult}> {
	const {message: signed, signed: facts} = await signMessage(message, dkim);
	const notes = [signedNote(facts)];
	if (!dkim.check) return {message: signed, notes, result: facts};
	const checked = await checkKeyInDns(facts, dkim.key, dns);
	return {message: signed, notes: [...notes, ...checked.notes], result: {...facts, dns: checked.dns}};
}
