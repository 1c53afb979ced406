// DKIM's canonical forms (RFC 6376 §3.4) and its tag lists (§3.2): what a signer hashed, rebuilt from the message
// as received. Pure: bytes in, bytes out.

export type Canonicalization = 'simple' | 'relaxed';

/** One header field as received: its name, and the whole field (folding kept) without its final CRLF. */
export type HeaderField = {name: string; field: string};

/** The header fields, in order, and the body (everything after the first empty line). Lines end in CRLF here. */
export function splitMessage(raw: Buffer): {fields: HeaderField[]; body: Buffer} {
	const text = raw.toString('latin1');
	const blank = text.startsWith('\r\n') ? 0 : text.indexOf('\r\n\r\n');
	const headerEnd = blank === -1 ? text.length : blank;
	const bodyStart = blank === -1 ? raw.length : blank + (blank === 0 ? 2 : 4);
	const fields: HeaderField[] = [];
	for (const line of text.slice(0, headerEnd).split('\r\n')) {
		const last = fields.at(-1);
		if (/^[ \t]/.test(line) && last) last.field += `\r\n${line}`;
		else if (line !== '') fields.push({name: line.slice(0, Math.max(0, line.indexOf(':'))).trim(), field: line});
	}
	return {fields, body: raw.subarray(bodyStart)};
}

/** A header field as it is hashed, with its CRLF. Latin-1 in and out: bytes stay bytes (8-bit headers). */
export function canonicalHeader(field: string, how: Canonicalization): string {
	if (how === 'simple') return `${field}\r\n`;
	const colon = field.indexOf(':');
	const value = field
		.slice(colon + 1)
		.replace(/\r\n/g, '')
		.replace(/[ \t]+/g, ' ')
		.trim();
	return `${field.slice(0, colon).trim().toLowerCase()}:${value}\r\n`;
}

/** The body as it is hashed, cut to `length` bytes when the signature has l=. */
export function canonicalBody(body: Buffer, how: Canonicalization, length?: number): Buffer {
	let text = body.toString('latin1');
	// A body that does not end in CRLF gets one (its last line is a line too); then empty lines at the end go.
	if (text !== '' && !text.endsWith('\r\n')) text += '\r\n';
	if (how === 'relaxed') text = text.replace(/[ \t]+\r\n/g, '\r\n').replace(/[ \t]+/g, ' ');
	text = text.replace(/(\r\n)+$/, '\r\n');
	if (text === '\r\n' && how === 'relaxed') text = '';
	if (text === '' && how === 'simple') text = '\r\n';
	const bytes = Buffer.from(text, 'latin1');
	return length === undefined ? bytes : bytes.subarray(0, length);
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
