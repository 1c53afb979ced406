// Whether the DKIM key in DNS (the TXT record at SEL._domainkey.DOMAIN, RFC 6376 §3.6.1) is the public half of the
// key signing: what a receiver will find, said before sending. Pure: the records in, a verdict in words out.
import {createPublicKey} from 'node:crypto';
import {ED25519_SPKI, isKeyRecord, parseTags, publishedKey, quotedRecord, quotedRecordText} from './dkim-canonical.js';
import type {DkimKey} from './dkim-sign.js';

/** `match`: receivers can verify; `testing`: they can, and the domain says it is testing (t=y); the rest fail DKIM. */
export type DkimKeyStatus = 'match' | 'different' | 'none' | 'revoked' | 'unusable' | 'unchecked';

export type DkimKeyCheck = {status: DkimKeyStatus; name: string; testing?: true; text: string};

/** What p= is for this key: RSA's SubjectPublicKeyInfo, Ed25519's raw 32 bytes (RFC 8463 §4.2), in base64. */
export function publicKeyValue(key: DkimKey): string {
	const spki = createPublicKey(key.key).export({format: 'der', type: 'spki'});
	return (key.algorithm === 'ed25519-sha256' ? spki.subarray(ED25519_SPKI.length) : spki).toString('base64');
}

/** The TXT record to publish for this key: the way out of every verdict but a match. */
export function recordToPublish(key: DkimKey): string {
	return `v=DKIM1; k=${key.algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa'}; p=${publicKeyValue(key)}`;
}

/** The verdict on one key record; `name` is where it was found. */
function verdictOn(record: string, key: DkimKey, name: string): DkimKeyCheck {
	if (quotedRecord(record)) return {status: 'unusable', name, text: `${quotedRecordText(name)}: mail signed with this key fails DKIM (enter the record without quotes)`};
	const tags = parseTags(record);
	if (!tags) return {status: 'unusable', name, text: `the record at ${name} is not a list of tag=value pairs separated by ";": receivers ignore it, and mail signed with this key fails DKIM`};
	// Values without their blanks (FWS), as a record split into strings or pasted with line breaks has them.
	const found = new Map([...tags].map(([tag, value]) => [tag, value.replace(/\s+/g, '')]));
	const type = key.algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa';
	const k = (found.get('k') ?? 'rsa').toLowerCase();
	const testing = (found.get('t') ?? '').toLowerCase().split(':').includes('y');
	const say = (status: DkimKeyStatus, text: string): DkimKeyCheck => ({status, name, ...(testing && {testing: true as const}), text});
	const version = found.get('v');
	if (version !== undefined && version !== 'DKIM1') return say('unusable', `the record at ${name} has v=${version}, not v=DKIM1: receivers ignore it, and mail signed with this key fails DKIM`);
	const p = found.get('p');
	if (p === undefined) return say('unusable', `the record at ${name} has no p= (public key): receivers cannot verify, and mail signed with this key fails DKIM`);
	if (p === '') return say('revoked', `the key at ${name} is revoked (p= is empty): receivers fail every signature made with selector ${name.slice(0, name.indexOf('._domainkey.'))}`);
	if (k !== type) return say('different', `the record at ${name} is for a key of type k=${k}, and this key is ${type === 'rsa' ? 'RSA' : 'Ed25519'}: mail signed with it fails DKIM`);
	const hashes = found.get('h');
	if (hashes !== undefined && !hashes.toLowerCase().split(':').includes('sha256')) return say('unusable', `the record at ${name} allows h=${hashes} only, not sha256: mail signed with this key fails DKIM`);
	const published = publishedKey(p, type);
	if (!published) return say('unusable', `the p= at ${name} is not a valid ${type === 'rsa' ? 'RSA' : 'Ed25519'} public key (${p.length} characters; a record cut at 255 characters, or a line break pasted in, does that): mail signed with this key fails DKIM`);
	if (!published.equals(createPublicKey(key.key))) return say('different', `DNS has a different key at ${name}: mail signed with this file fails DKIM (publish this key's record, or sign with the key DNS has)`);
	const what = `the key in DNS at ${name} matches this private key`;
	return say('match', testing ? `${what}; t=y: the domain says it is testing DKIM, so some receivers treat even a failure as no signature` : what);
}

/** The verdict on the TXT records at `name` (none: the name has no TXT record). */
export function keyRecordVerdict(records: readonly string[], key: DkimKey, name: string): DkimKeyCheck {
	// A TXT record without p= (an SPF record, a site verification) is not a key record.
	const keys = records.filter(record => isKeyRecord(record) || (quotedRecord(record) && /p\s*=/.test(record)));
	if (keys.length === 0) {
		const others = records.length > 0 ? ` (${records.length} other TXT record${records.length === 1 ? '' : 's'} there, none with p=)` : '';
		return {status: 'none', name, text: `no DKIM key in DNS at ${name}${others}: receivers cannot verify, and mail signed with this key fails DKIM`};
	}
	if (keys.length > 1) return {status: 'unusable', name, text: `${keys.length} DKIM key records at ${name}: which one a receiver uses is undefined (RFC 6376 §3.6.2.2); keep one`};
	return verdictOn(keys[0]!, key, name);
}
