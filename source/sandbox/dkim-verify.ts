// Checks a message's DKIM signatures (RFC 6376; ed25519-sha256, RFC 8463) with node:crypto. Its own code, not
// mailauth's: bundled, mailauth's verifier alone is 1.8 MB (joi, tldts, its own libmime), a third of dist.
import crypto from 'node:crypto';
import {domainToASCII} from 'node:url';
import type {DkimResult} from './mailbox-types.js';
import {canonicalBody, canonicalHeader, canonicalHeaders, isKeyRecord, parseTags, publishedKey, quotedRecord, quotedRecordText, splitMessage, withoutSignatureValue, type Canonicalization, type HeaderField} from '../message/dkim-canonical.js';
import type {DkimKeyAnswer, DkimKeyLookup} from '../transport/dkim-key-lookup.js';

const ALGORITHMS = new Set(['rsa-sha256', 'ed25519-sha256']);
/** RFC 8301 §3.2: verifiers must not accept shorter RSA keys. */
const MIN_RSA_BITS = 1024;

class Failed extends Error {
	constructor(
		message: string,
		readonly status: 'fail' | 'temperror' = 'fail',
	) {
		super(message);
	}
}

/**
 * How many signatures of one message are checked: each costs a pass over the body and a DNS query, and a client
 * can add hundreds for nothing. Real mail has one to three (the author's domain, a list's, a relay's).
 */
export const MAX_SIGNATURES = 10;

/** Every DKIM-Signature field of `raw`, top first, checked one by one (none: an empty list); past MAX_SIGNATURES, one line says how many were not. */
export async function verifyDkim(raw: Buffer, lookup: DkimKeyLookup, now = Date.now()): Promise<DkimResult[]> {
	const {fields, body} = splitMessage(raw);
	const signatures = fields.filter(field => field.name === 'dkim-signature');
	const checked = await Promise.all(signatures.slice(0, MAX_SIGNATURES).map(signature => verifyOne(signature, fields, body, lookup, now)));
	const unchecked = signatures.length - checked.length;
	if (unchecked === 0) return checked;
	return [...checked, {status: 'temperror', domain: '', selector: '', algorithm: '', reason: `${unchecked} more DKIM-Signature field${unchecked === 1 ? '' : 's'} not checked: only a message's first ${MAX_SIGNATURES} are`}];
}

async function verifyOne(signature: HeaderField, fields: HeaderField[], body: Buffer, lookup: DkimKeyLookup, now: number): Promise<DkimResult> {
	const tags = parseTags(signature.text.slice(signature.text.indexOf(':') + 1));
	const named = {domain: utf8(tags?.get('d') ?? ''), selector: utf8(tags?.get('s') ?? ''), algorithm: tags?.get('a') ?? ''};
	try {
		if (!tags) throw new Failed('malformed DKIM-Signature: its tags are not name=value pairs separated by ";"');
		const keyBits = await check(tags, signature, fields, body, lookup, now);
		return {status: 'pass', ...named, keyBits};
	} catch (error) {
		if (!(error instanceof Failed)) throw error;
		return {status: error.status, ...named, reason: error.message};
	}
}

/** The key's size in bits when the signature verifies; throws Failed saying why not. */
async function check(tags: Map<string, string>, signature: HeaderField, fields: HeaderField[], body: Buffer, lookup: DkimKeyLookup, now: number): Promise<number> {
	for (const tag of ['v', 'a', 'b', 'bh', 'd', 'h', 's']) if (!tags.get(tag)) throw new Failed(`malformed DKIM-Signature: no ${tag}= tag`);
	if (tags.get('v') !== '1') throw new Failed(`malformed DKIM-Signature: v=${tags.get('v')}, not v=1`);
	const algorithm = tags.get('a')!.toLowerCase();
	if (algorithm === 'rsa-sha1') throw new Failed('rsa-sha1 is no longer accepted (RFC 8301): sign with rsa-sha256');
	if (!ALGORITHMS.has(algorithm)) throw new Failed(`unknown algorithm a=${algorithm}: use rsa-sha256 or ed25519-sha256`);
	const [headerHow, bodyHow = 'simple'] = (tags.get('c') ?? 'simple/simple').toLowerCase().split('/');
	if (!isCanonicalization(headerHow) || !isCanonicalization(bodyHow)) throw new Failed(`unknown canonicalization c=${tags.get('c')}: use relaxed/relaxed or simple/simple`);
	const signed = tags
		.get('h')!
		.split(':')
		.map(name => name.trim().toLowerCase());
	if (!signed.includes('from')) throw new Failed('the signature does not cover the From header (h= must list from)');
	const domain = utf8(tags.get('d')!).toLowerCase();
	const identity = tags.get('i') === undefined ? undefined : utf8(tags.get('i')!).toLowerCase();
	if (identity !== undefined && !(identity.endsWith(`@${domain}`) || identity.endsWith(`.${domain}`))) throw new Failed(`i=${identity} is not in d=${domain}`);
	// x= and l= are digits only (§3.5: 1*12DIGIT, 1*76DIGIT); anything else read as a number misleads, or throws.
	const expires = tags.get('x');
	if (expires !== undefined && !/^\d{1,12}$/.test(expires)) throw new Failed(`malformed DKIM-Signature: x=${expires} is not a time in seconds (digits only)`);
	if (expires !== undefined && Number(expires) * 1000 < now) throw new Failed(`the signature expired at ${new Date(Number(expires) * 1000).toISOString()} (x=)`);

	const name = keyName(utf8(tags.get('s')!), domain);

	const length = tags.get('l');
	if (length !== undefined && !/^\d{1,76}$/.test(length)) throw new Failed(`malformed DKIM-Signature: l=${length} is not a length in bytes (digits only)`);
	const canonical = canonicalBody(body, bodyHow, length === undefined ? undefined : Number(length));
	if (length !== undefined && canonical.length < Number(length)) throw new Failed(`l=${length} is longer than the body: the body was changed after signing`);
	if (crypto.createHash('sha256').update(canonical).digest('base64') !== tags.get('bh')!.replace(/\s+/g, '')) {
		throw new Failed('body hash did not verify: the body was changed after signing');
	}

	const {key, bits} = publicKey(await lookup(name), name, algorithm);
	const hashed = Buffer.from(signedHeaders(signed, fields, signature, headerHow), 'latin1');
	const value = Buffer.from(tags.get('b')!.replace(/\s+/g, ''), 'base64');
	if (!signatureHolds(algorithm, hashed, key, value)) throw new Failed('signature did not verify: headers changed or the wrong key');
	return bits;
}

/** A header's value (read as latin1, byte for byte) as the UTF-8 it is in a message with UTF-8 headers (RFC 6532). */
const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

/** Where the key is: SEL._domainkey.DOMAIN in A-labels (RFC 8616 §4: d= and s= may be U-labels); throws Failed for no DNS name. */
function keyName(selector: string, domain: string): string {
	const name = domainToASCII(`${selector}._domainkey.${domain}`);
	if (name === '' || name.length > 253 || name.split('.').some(label => label === '' || label.length > 63)) throw new Failed(`malformed DKIM-Signature: s=${selector} d=${domain} is no DNS name (RFC 6376 §3.5)`);
	return name;
}

/** RSA signs the headers with SHA-256; Ed25519 signs their SHA-256 hash (RFC 8463 §3). */
function signatureHolds(algorithm: string, hashed: Buffer, key: crypto.KeyObject, value: Buffer): boolean {
	return algorithm === 'rsa-sha256' ? crypto.verify('sha256', hashed, key, value) : crypto.verify(null, crypto.createHash('sha256').update(hashed).digest(), key, value);
}

const isCanonicalization = (how: string | undefined): how is Canonicalization => how === 'simple' || how === 'relaxed';

/** What the signer hashed: each field h= names (the last unused one of that name, bottom up), then the signature itself without b=. */
function signedHeaders(signed: string[], fields: HeaderField[], signature: HeaderField, how: Canonicalization): string {
	return canonicalHeaders(fields, signed, how) + canonicalHeader(withoutSignatureValue(signature.text), how);
}

/** The key in the record at `name`, made for node:crypto, and its size; throws Failed saying what is wrong with it. */
function publicKey(answer: DkimKeyAnswer, name: string, algorithm: string): {key: crypto.KeyObject; bits: number} {
	if ('unreachable' in answer) throw new Failed(`DNS unreachable: ${answer.unreachable} (looking up ${name})`, 'temperror');
	const record = answer.records.find(isKeyRecord) ?? answer.records.find(quotedRecord) ?? answer.records[0];
	if (record === undefined) throw new Failed(`no key at ${name}`);
	if (quotedRecord(record)) throw new Failed(quotedRecordText(name));
	const tags = parseTags(record);
	if (!tags?.has('p')) throw new Failed(`the record at ${name} is no DKIM key (no p= tag)`);
	const data = tags.get('p')!.replace(/\s+/g, '');
	if (data === '') throw new Failed(`key revoked: the record at ${name} has an empty p=`);
	const type = (tags.get('k') ?? 'rsa').toLowerCase();
	if (!algorithm.startsWith(`${type}-`)) throw new Failed(`the key at ${name} is k=${type}, the signature says a=${algorithm}`);
	const key = publishedKey(data, type === 'ed25519' ? 'ed25519' : 'rsa');
	if (!key) throw new Failed(`the key at ${name} is not a valid ${type} public key (p= does not decode)`);
	const bits = type === 'ed25519' ? 256 : (key.asymmetricKeyDetails?.modulusLength ?? 0);
	if (type === 'rsa' && bits < MIN_RSA_BITS) throw new Failed(`the key at ${name} is too short: ${bits} bits, at least ${MIN_RSA_BITS} are needed (RFC 8301)`);
	return {key, bits};
}
