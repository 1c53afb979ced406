// Checks a message's DKIM signatures (RFC 6376; ed25519-sha256, RFC 8463) with node:crypto. Its own code, not
// mailauth's: bundled, mailauth's verifier alone is 1.8 MB (joi, tldts, its own libmime), a third of dist.
import crypto from 'node:crypto';
import {domainToASCII} from 'node:url';
import {setImmediate} from 'node:timers/promises';
import type {DkimResult} from './mailbox-types.js';
import {RelaxedBodyHash, SimpleBodyHash, type BodyHash} from '../message/dkim-body-hash.js';
import {canonicalHeader, canonicalHeaders, headerFields, isKeyRecord, parseTags, publishedKey, quotedRecord, quotedRecordText, withoutSignatureValue, type Canonicalization, type HeaderField} from '../message/dkim-canonical.js';
import type {DkimKeyAnswer, DkimKeyLookup} from '../transport/dkim-key-lookup.js';

const CR = 0x0d;
const LF = 0x0a;
const ALGORITHMS = new Set(['rsa-sha256', 'ed25519-sha256']);
/** RFC 8301 §3.2: verifiers must not accept shorter RSA keys. */
const MIN_RSA_BITS = 1024;

class Failed extends Error {
	constructor(
		message: string,
		readonly status: 'fail' | 'temperror' = 'fail',
		/** The key's record says t=y (the domain is testing DKIM). */
		readonly testing = false,
	) {
		super(message);
	}
}

/**
 * How many signatures of one message are checked: each costs a DNS query (and a body hash of its own, for a c= or
 * l= another has not), and a client can add hundreds for nothing. Real mail has one to three (the author's domain, a list's, a relay's).
 */
export const MAX_SIGNATURES = 10;

/** The header section's bytes read before giving up on finding its end (an empty line): no mail's is near this. */
const HEADER_LIMIT = 4 * 1024 * 1024;
/** Bytes of body hashed between two turns of the event loop: a 30 MB message must not hold up the other sessions. */
const PIECE = 64 * 1024;
const END_OF_HEADER = Buffer.from('\r\n\r\n');

/** What a signature asks of the body and of DNS, known from its tags; the rest of its check waits for both. */
type Plan = {
	tags: Map<string, string>;
	signature: HeaderField;
	fields: HeaderField[];
	algorithm: string;
	/** The i= domain, when it is a subdomain of d= (a key with t=s refuses it). */
	subdomain: string | undefined;
	headerHow: Canonicalization;
	/** h=, in lower case. */
	signed: string[];
	/** Where its key is in DNS. */
	name: string;
	/** l=. */
	length: number | undefined;
	hash: BodyHash;
	key: Promise<DkimKeyAnswer>;
};

/**
 * Every DKIM-Signature field of the message, top first, checked one by one (none: an empty list); past
 * MAX_SIGNATURES, one line says how many were not. `message`: its bytes in chunks, a file read or a buffer in memory;
 * the body is hashed as it comes, a piece at a time, for every signature at once, and the keys are asked of DNS
 * meanwhile.
 */
export async function verifyDkim(message: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, lookup: DkimKeyLookup, now = Date.now()): Promise<DkimResult[]> {
	/** The header section's bytes so far, until its end has come. */
	let head: Buffer | undefined = Buffer.alloc(0);
	let checks: Array<Plan | DkimResult> = [];
	let unchecked = 0;
	let hashes: BodyHash[] = [];
	for await (const chunk of message) {
		let body = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		if (head !== undefined) {
			// The section's end may straddle two chunks: looked for from just before the new bytes. A message in one
			// chunk (in memory) is not copied.
			const from = Math.max(0, head.length - 3);
			const joined: Buffer = head.length === 0 ? body : Buffer.concat([head, body]);
			const end = joined[0] === CR && joined[1] === LF ? 0 : joined.indexOf(END_OF_HEADER, from);
			if (end === -1) {
				if (joined.length > HEADER_LIMIT) return [{status: 'fail', domain: '', selector: '', algorithm: '', reason: 'the message has no end to its header section (an empty line) in its first 4 MiB: its signatures were not checked'}];
				head = Buffer.from(joined);
				continue;
			}
			({checks, unchecked, hashes} = planned(joined.subarray(0, end).toString('latin1'), lookup, now));
			body = joined.subarray(end === 0 ? 2 : end + END_OF_HEADER.length);
			head = undefined;
		}
		for (let at = 0; at < body.length; at += PIECE) {
			const piece = body.subarray(at, at + PIECE);
			for (const hash of hashes) hash.update(piece);
			await setImmediate();
		}
	}
	// No empty line: all of it is header (RFC 5322 §2.1), and the body is empty.
	if (head !== undefined) ({checks, unchecked, hashes} = planned(head.toString('latin1'), lookup, now));
	const digests = new Map(hashes.map(hash => [hash, hash.digest()]));
	const checked = await Promise.all(checks.map(check => ('status' in check ? check : finished(check, digests.get(check.hash)!))));
	if (unchecked === 0) return checked;
	return [...checked, {status: 'temperror', domain: '', selector: '', algorithm: '', reason: `${unchecked} more DKIM-Signature field${unchecked === 1 ? '' : 's'} not checked: only a message's first ${MAX_SIGNATURES} are`}];
}

/** Each signature of the header `section` planned (or failed already), and the body hashes they need: one per c= body canonicalization and l=. */
function planned(section: string, lookup: DkimKeyLookup, now: number): {checks: Array<Plan | DkimResult>; unchecked: number; hashes: BodyHash[]} {
	const fields = headerFields(section);
	const signatures = fields.filter(field => field.name === 'dkim-signature');
	const hashes = new Map<string, BodyHash>();
	const checks = signatures.slice(0, MAX_SIGNATURES).map(signature => {
		try {
			return plan(signature, fields, lookup, now, (how, length) => {
				const key = `${how} ${length ?? ''}`;
				const hash = hashes.get(key) ?? (how === 'relaxed' ? new RelaxedBodyHash(length) : new SimpleBodyHash(length));
				hashes.set(key, hash);
				return hash;
			});
		} catch (error) {
			return failure(signature, error);
		}
	});
	return {checks, unchecked: signatures.length - checks.length, hashes: [...hashes.values()]};
}

/** The names a result gives, read from the signature's tags as far as they can be. */
function named(signature: HeaderField): Pick<DkimResult, 'domain' | 'selector' | 'algorithm'> {
	const tags = parseTags(signature.text.slice(signature.text.indexOf(':') + 1));
	return {domain: utf8(tags?.get('d') ?? ''), selector: utf8(tags?.get('s') ?? ''), algorithm: tags?.get('a') ?? ''};
}

function failure(signature: HeaderField, error: unknown): DkimResult {
	if (!(error instanceof Failed)) throw error;
	return {status: error.status, ...named(signature), reason: error.message, ...(error.testing && {testing: true as const})};
}

/** The signature's result once its body hash is `digest` and its key has come. */
async function finished(plan: Plan, digest: string): Promise<DkimResult> {
	try {
		const {bits, testing} = await check(plan, digest);
		return {status: 'pass', ...named(plan.signature), keyBits: bits, ...(testing && {testing: true as const})};
	} catch (error) {
		return failure(plan.signature, error);
	}
}

/** What the signature needs of the body and DNS (its key asked for now); throws Failed for what its tags alone say is wrong. */
function plan(signature: HeaderField, fields: HeaderField[], lookup: DkimKeyLookup, now: number, bodyHash: (how: Canonicalization, length: number | undefined) => BodyHash): Plan {
	const tags = parseTags(signature.text.slice(signature.text.indexOf(':') + 1));
	if (!tags) throw new Failed('malformed DKIM-Signature: its tags are not name=value pairs separated by ";"');
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
	const identity = tags.get('i') === undefined ? undefined : identityDomain(utf8(quotedPrintable(tags.get('i')!)).toLowerCase(), domain);
	checkTimes(tags, now);
	const length = tags.get('l');
	if (length !== undefined && !/^\d{1,76}$/.test(length)) throw new Failed(`malformed DKIM-Signature: l=${length} is not a length in bytes (digits only)`);
	const name = keyName(utf8(tags.get('s')!), domain);
	const limit = length === undefined ? undefined : Number(length);
	return {tags, signature, fields, algorithm, subdomain: identity === domain ? undefined : identity, headerHow, signed, name, length: limit, hash: bodyHash(bodyHow, limit), key: lookup(name)};
}

/** §2.11's dkim-quoted-printable, as i= is written: =XX is the octet XX, blanks (folding) are not part of it. */
const quotedPrintable = (text: string) => text.replace(/\s+/g, '').replace(/=([\dA-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** §6.1.1: the domain of i= (the signer's identity), which must be d= or a subdomain of it; throws Failed when it is not. */
function identityDomain(identity: string, domain: string): string {
	const at = identity.lastIndexOf('@');
	if (at === -1) throw new Failed(`malformed DKIM-Signature: i=${identity} is not an address (it has no @)`);
	const found = identity.slice(at + 1);
	if (found !== domain && !found.endsWith(`.${domain}`)) throw new Failed(`i=${identity} is not in d=${domain} or a subdomain of it (RFC 6376 §6.1.1)`);
	return found;
}

/** How far ahead a signer's clock may be (t=) before the signature is taken for one made in the future. */
const CLOCK_ALLOWANCE_S = 5 * 60;

/** 2026-12-01 10:00 UTC (with its seconds when it has any). */
function utcTime(seconds: number): string {
	const iso = new Date(seconds * 1000).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, iso.endsWith(':00.000Z') ? 16 : 19)} UTC`;
}

/** t= and x= (§3.5): digits, x= after t=, t= not in the future, x= not past; throws Failed saying which is wrong. */
function checkTimes(tags: Map<string, string>, now: number): void {
	// 1*12DIGIT: anything else read as a number misleads, or throws.
	for (const [tag, what] of [['t', 'the time it was signed'], ['x', 'a time']] as const) {
		const value = tags.get(tag);
		if (value !== undefined && !/^\d{1,12}$/.test(value)) throw new Failed(`malformed DKIM-Signature: ${tag}=${value} is not ${what} in seconds (digits only)`);
	}
	const signedAt = tags.has('t') ? Number(tags.get('t')) : undefined;
	const expires = tags.has('x') ? Number(tags.get('x')) : undefined;
	if (signedAt !== undefined && expires !== undefined && expires <= signedAt) throw new Failed(`malformed DKIM-Signature: it expires (x=, ${utcTime(expires)}) before it was made (t=, ${utcTime(signedAt)}): x= must be later`);
	if (signedAt !== undefined && signedAt > now / 1000 + CLOCK_ALLOWANCE_S) throw new Failed(`the signature is dated ${utcTime(signedAt)} (t=), in the future: the signer's clock is more than ${CLOCK_ALLOWANCE_S / 60} minutes ahead`);
	if (expires !== undefined && expires * 1000 < now) throw new Failed(`the signature expired at ${utcTime(expires)}`);
}

/** The key's size in bits, and whether its domain is testing DKIM, when the signature verifies; throws Failed saying why not. */
async function check({tags, signature, fields, algorithm, subdomain, headerHow, signed, name, length, hash, key: answer}: Plan, digest: string): Promise<{bits: number; testing: boolean}> {
	if (length !== undefined && hash.length < length) throw new Failed(`l=${length} is longer than the body: the body was changed after signing`);
	if (digest !== tags.get('bh')!.replace(/\s+/g, '')) throw new Failed('body hash did not verify: the body was changed after signing');
	const {key, bits, testing} = publicKey(await answer, name, algorithm, subdomain);
	const hashed = Buffer.from(signedHeaders(signed, fields, signature, headerHow), 'latin1');
	const value = Buffer.from(tags.get('b')!.replace(/\s+/g, ''), 'base64');
	if (!signatureHolds(algorithm, hashed, key, value)) throw new Failed('signature did not verify: headers changed or the wrong key', 'fail', testing);
	return {bits, testing};
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

/**
 * The key in the record at `name`, made for node:crypto, its size, and whether the domain says it is testing (t=y);
 * throws Failed saying what is wrong with it, or why it may not verify this signature (`subdomain`: see Plan).
 */
function publicKey(answer: DkimKeyAnswer, name: string, algorithm: string, subdomain: string | undefined): {key: crypto.KeyObject; bits: number; testing: boolean} {
	if ('unreachable' in answer) throw new Failed(`DNS unreachable: ${answer.unreachable} (looking up ${name})`, 'temperror');
	const record = answer.records.find(isKeyRecord) ?? answer.records.find(quotedRecord) ?? answer.records[0];
	if (record === undefined) throw new Failed(`no key at ${name}`);
	if (quotedRecord(record)) throw new Failed(quotedRecordText(name));
	const tags = parseTags(record);
	if (!tags?.has('p')) throw new Failed(`the record at ${name} is no DKIM key (no p= tag)`);
	const data = tags.get('p')!.replace(/\s+/g, '');
	if (data === '') throw new Failed(`key revoked: the record at ${name} has an empty p=`);
	/** A tag's colon-separated list (§3.6.1: h=, s=, t=), in lower case; undefined when the record has no such tag. */
	const list = (tag: string) => tags.get(tag)?.toLowerCase().split(':').map(item => item.trim());
	const version = tags.get('v');
	if (version !== undefined && version !== 'DKIM1') throw new Failed(`the record at ${name} has v=${version}, not v=DKIM1: it is no DKIM key`);
	const type = (tags.get('k') ?? 'rsa').toLowerCase();
	if (!algorithm.startsWith(`${type}-`)) throw new Failed(`the key at ${name} is k=${type}, the signature says a=${algorithm}`);
	if (!(list('h')?.includes('sha256') ?? true)) throw new Failed(`the key at ${name} allows h=${tags.get('h')} only, not the signature's sha256 (a=${algorithm})`);
	const services = list('s');
	if (services && !services.includes('*') && !services.includes('email')) throw new Failed(`the key at ${name} is for s=${tags.get('s')}, not email: mail may not be verified with it (RFC 6376 §3.6.1)`);
	const flags = list('t') ?? [];
	if (flags.includes('s') && subdomain !== undefined) throw new Failed(`the key at ${name} has t=s (strict): i= must be in d= itself, not in ${subdomain}`);
	const key = publishedKey(data, type === 'ed25519' ? 'ed25519' : 'rsa');
	if (!key) throw new Failed(`the key at ${name} is not a valid ${type} public key (p= does not decode)`);
	const bits = type === 'ed25519' ? 256 : (key.asymmetricKeyDetails?.modulusLength ?? 0);
	if (type === 'rsa' && bits < MIN_RSA_BITS) throw new Failed(`the key at ${name} is too short: ${bits} bits, at least ${MIN_RSA_BITS} are needed (RFC 8301)`);
	return {key, bits, testing: flags.includes('y')};
}
