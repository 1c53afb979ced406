// send's DKIM step, before connecting: the message signed, and the key a receiver would find in DNS checked against
// the one signing. What the transcript says of it, and what --json's result carries (never the key).
import type {ComposedMessage} from '../message/compose.js';
import {signMessage, type DkimSigned} from '../message/dkim-message.js';
import {keyRecordVerdict, recordToPublish, type DkimKeyCheck} from '../message/dkim-record.js';
import {DKIM_CHECK_MS, dkimKeyRecords} from '../transport/dkim-dns.js';
import type {DnsServer} from '../transport/dns-resolver.js';
import type {DkimSettings} from './dkim-flags.js';

/** --json's `dkim`: what was signed, and what DNS said of the key (left out with --no-dkim-check). */
export type DkimResult = DkimSigned & {dns?: DkimKeyCheck | {status: 'unknown'; name: string; text: string}};

/** The signed message, the transcript's lines about it, and the result's `dkim`. */
export async function signForSending(message: ComposedMessage, dkim: DkimSettings, dns: {server?: DnsServer; timeoutMs: number}): Promise<{message: ComposedMessage; notes: string[]; result: DkimResult}> {
	const {message: signed, signed: facts} = await signMessage(message, dkim);
	const notes = [`DKIM: signed for d=${facts.domain}, s=${facts.selector} (${facts.algorithm}, ${facts.algorithm === 'rsa-sha256' ? `${facts.keyBits}-bit RSA key` : 'Ed25519 key'}, relaxed/relaxed); headers signed: ${[...new Set(facts.headers)].join(', ')} (From once more than it appears, so that none can be added)`];
	if (!dkim.check) return {message: signed, notes, result: facts};
	const name = `${facts.selector}._domainkey.${facts.domain}`;
	const found = await dkimKeyRecords(name, dns.server, Math.min(DKIM_CHECK_MS, dns.timeoutMs));
	if ('failed' in found) {
		const text = `cannot look up the DKIM key at ${name}: ${found.failed}`;
		notes.push(`warning: DKIM key check: ${text}; the message goes signed all the same (--no-dkim-check skips the lookup)`);
		return {message: signed, notes, result: {...facts, dns: {status: 'unknown', name, text}}};
	}
	const verdict = keyRecordVerdict(found.records, dkim.key, name);
	if (verdict.status === 'match') notes.push(`DKIM key check: ${verdict.text}`);
	else notes.push(`warning: DKIM key check: ${verdict.text}`, `DKIM: the TXT record for this key, to publish at ${name}: ${recordToPublish(dkim.key)}`);
	return {message: signed, notes, result: {...facts, dns: verdict}};
}
