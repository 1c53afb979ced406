// DKIM's basics shared by the signer (dkim-sign.ts) and the sandbox's verifier: the header fields of a message, the
// canonical header forms (RFC 6376 §3.4), tag lists (§3.2), and the public key a key record's p= holds (§3.6.1). Pure.
import {createPublicKey, type KeyObject} from 'node:crypto';

export type Canonicalization = 'simple' | 'relaxed';

/** One header field as it is in the message (latin1, so every byte is one character), its folds kept, without its final CRLF; `name` in lower case. */
export type HeaderField = {name: string; text: string};

/** The fields of a header section (CRLF line ends, without the empty line that ends it). */
export function headerFields(section: string): HeaderField[] {
	const fields: HeaderField[] = [];
	for (const line of section.split('\r\n')) {
		const last = fields.at(-1);
		if (last && /^[ \t]/.test(line)) last.text += `\r\n${line}`;
		else if (line !== '') fields.push({name: line.slice(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(), text: line});
	}
	return fields;
}

/**
 * A header field as it is hashed, without its CRLF. Relaxed (§3.4.2): the name in lower case, the value unfolded,
 * runs of blanks one space, none at either end. Latin-1 in and out: bytes stay bytes (8-bit headers).
 */
export function canonicalHeader(text: string, how: Canonicalization): string {
	if (how === 'simple') return text;
	const colon = text.indexOf(':');
	const value = text
		.slice(colon + 1)
		.replace(/\r\n/g, '')
		.replace(/[ \t]+/g, ' ')
		.replace(/^ | $/g, '');
	return `${text.slice(0, colon).replace(/[ \t]+$/, '').toLowerCase()}:${value}`;
}

/** `a=rsa-sha256; d=example.com; …` as a map of tag to value, whitespace removed around both; undefined when malformed. */
export function parseTags(list: string): Map<string, string> | undefined {
	const tags = new Map<string, string>();
	for (const spec of list.split(';')) {
		if (spec.trim() === '') continue;
		const equals = spec.indexOf('=');
		if (equals === -1) return undefined;
		const name = spec.slice(0, equals).trim();
		if (!/^[a-z][a-z0-9_]*$/i.test(name) || tags.has(name)) return undefined;
		tags.set(name, spec.slice(equals + 1).replace(/\r\n/g, '').trim());
	}
	return tags;
}

/** The DKIM-Signature field with its b= value emptied (folding and every other byte kept), as the signer hashed it. */
export function withoutSignatureValue(field: string): string {
	const colon = field.indexOf(':');
	return field.slice(0, colon + 1) + field.slice(colon + 1).replace(/(^|;)([ \t\r\n]*b[ \t\r\n]*=)[^;]*/, '$1$2');
}

/** A key record with quote marks in it: a zone file's quotes typed into a DNS host's form, which kept them as text. */
export const quotedRecord = (record: string) => record.includes('"');

/** What receivers make of a quoted record (the quotes cut p= or the tags), said by the key check and the verifier alike. */
export const quotedRecordText = (name: string) => `the record at ${name} has quote marks (") in its text: the DNS host took them for part of the record`;

/** Whether a TXT record is a key record: one with p= (not an SPF record or a site verification sharing the name). */
export const isKeyRecord = (record: string) => /(?:^|;)\s*p\s*=/.test(record);

/** SubjectPublicKeyInfo's DER prefix of an Ed25519 key (RFC 8410): a record's p= is the 32 raw bytes after it (RFC 8463 §4.2). */
export const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');

/** A key record's p= (base64, blanks removed) as a public key of `type`, or undefined when it is not one (a record cut short). */
export function publishedKey(value: string, type: 'rsa' | 'ed25519'): KeyObject | undefined {
	// Strict: Buffer.from skips what is not base64, and a p= with quotes or stray characters in it fails at receivers.
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
	const der = Buffer.from(value, 'base64');
	// RFC 6376 says SubjectPublicKeyInfo; some publish RSA keys as the bare RSAPublicKey (PKCS#1), which verifiers take too.
	// Ed25519's p= is exactly the key's 32 bytes: OpenSSL would read a longer one's start as some other key.
	if (type === 'ed25519' && der.length !== 32) return undefined;
	const candidates = type === 'ed25519' ? [{key: Buffer.concat([ED25519_SPKI, der]), type: 'spki' as const}] : [{key: der, type: 'spki' as const}, {key: der, type: 'pkcs1' as const}];
	for (const candidate of candidates) {
		try {
			const key = createPublicKey({...candidate, format: 'der'});
			if (key.asymmetricKeyType === type) return key;
		} catch {
			// Not this format.
		}
	}
	return undefined;
}

/** §5.4.2: the fields h= names, canonical, each name taking the next instance from the bottom up; one not there adds nothing. */
export function canonicalHeaders(fields: readonly HeaderField[], names: readonly string[], how: Canonicalization): string {
	const used = new Map<string, number>();
	let out = '';
	for (const name of names) {
		const instances = fields.filter(field => field.name === name);
		const taken = used.get(name) ?? 0;
		used.set(name, taken + 1);
		const field = instances[instances.length - 1 - taken];
		if (field) out += `${canonicalHeader(field.text, how)}\r\n`;
	}
	return out;
}
