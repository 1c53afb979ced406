// DKIM signing (RFC 6376): relaxed/relaxed canonicalisation, rsa-sha256, or ed25519-sha256 (RFC 8463). Pure: the
// header section and the body hash in, the DKIM-Signature field out. The body is hashed as it streams
// (dkim-message.ts), never held whole.
import {createHash, sign, type KeyObject} from 'node:crypto';

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';

/** A private key read from --dkim-key: what it signs with, and its size as people name it (2048-bit RSA). */
export type DkimKey = {key: KeyObject; algorithm: DkimAlgorithm; bits: number};

/**
 * The header fields signed when the message has them, in this order: RFC 6376 §5.4.1's list, plus the unsubscribe
 * fields (RFC 8058 asks List-Unsubscribe-Post to be signed). From is always there, and named once more than it
 * appears (§8.15, "oversigning"), so that a From added on the way breaks the signature rather than riding on it.
 */
export const SIGNED_FIELDS = ['from', 'sender', 'reply-to', 'subject', 'date', 'message-id', 'to', 'cc', 'mime-version', 'content-type', 'content-transfer-encoding', 'in-reply-to', 'references', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post'] as const;

/** One header field as it is in the message (latin1, so every byte is one character), its folds included. */
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

/** RFC 6376 §3.4.2: the name in lower case, the value unfolded, runs of blanks one space, none at either end. */
export function relaxedField(text: string): string {
	const colon = text.indexOf(':');
	const value = text
		.slice(colon + 1)
		.replace(/\r\n/g, '')
		.replace(/[ \t]+/g, ' ')
		.replace(/^ | $/g, '');
	return `${text.slice(0, colon).replace(/[ \t]+$/, '').toLowerCase()}:${value}`;
}

/** The h= list: each signed field as often as the message has it, From once more. */
export function signedNames(fields: readonly HeaderField[]): string[] {
	return SIGNED_FIELDS.flatMap(name => {
		const count = fields.filter(field => field.name === name).length + (name === 'from' ? 1 : 0);
		return Array<string>(count).fill(name);
	});
}

/** §5.4.2: the fields h= names, each name taking the next instance from the bottom up; one not there adds nothing. */
function canonicalHeaders(fields: readonly HeaderField[], names: readonly string[]): string {
	const used = new Map<string, number>();
	let out = '';
	for (const name of names) {
		const instances = fields.filter(field => field.name === name);
		const taken = used.get(name) ?? 0;
		used.set(name, taken + 1);
		const field = instances[instances.length - 1 - taken];
		if (field) out += `${relaxedField(field.text)}\r\n`;
	}
	return out;
}

/** Tags joined into a field folded before a tag that would pass 76 columns, as RFC 5322 §2.1.1 would have lines. */
function folded(tags: readonly string[]): string {
	let text = 'DKIM-Signature:';
	let column = text.length;
	for (const tag of tags) {
		if (column + tag.length + 2 > 76) {
			text += '\r\n';
			column = 0;
		}
		text += ` ${tag}`;
		column += tag.length + 1;
	}
	return text;
}

export type DkimSignature = {
	/** The whole DKIM-Signature field with its CRLF, to go first in the message. */
	field: string;
	/** The h= list, in order. */
	headers: string[];
};

/** The DKIM-Signature for a header section and a body hash (base64, of the relaxed body). */
export function dkimSignature(section: string, bodyHash: string, options: {key: DkimKey; domain: string; selector: string; time: Date}): DkimSignature {
	const fields = headerFields(section);
	const headers = signedNames(fields);
	const tags = ['v=1;', `a=${options.key.algorithm};`, 'c=relaxed/relaxed;', `d=${options.domain};`, `s=${options.selector};`, `t=${Math.floor(options.time.getTime() / 1000)};`, `h=${headers.join(':')};`, `bh=${bodyHash};`, 'b='];
	const unsigned = folded(tags);
	const data = Buffer.from(canonicalHeaders(fields, headers) + relaxedField(unsigned), 'latin1');
	// RFC 8463: Ed25519 signs the SHA-256 hash of the data; RSA (PKCS#1 v1.5) hashes it itself.
	const value = options.key.algorithm === 'ed25519-sha256' ? sign(null, createHash('sha256').update(data).digest(), options.key.key) : sign('sha256', data, options.key.key);
	const signature = value.toString('base64').replace(/.{1,72}/g, piece => `\r\n ${piece}`);
	return {field: `${unsigned}${signature}\r\n`, headers};
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
const CRLF = Buffer.from('\r\n');

/**
 * The body hash of RFC 6376 §3.4.4's relaxed canonicalisation, fed the body a chunk at a time: blanks at a line's end
 * dropped, other runs of blanks one space, empty lines at the end left out. Its input has CRLF line ends only (the
 * DATA encoder's output, the bytes the server stores), so a CR is never content here.
 */
export class RelaxedBodyHash {
	readonly #hash = createHash('sha256');
	/** Empty lines not yet hashed: they count only if content follows them. */
	#emptyLines = 0;
	#blank = false;
	#content = false;

	update(chunk: Uint8Array): void {
		const out = Buffer.allocUnsafe(chunk.length * 2 + 2);
		let at = 0;
		for (const byte of chunk) {
			if (byte === CR) continue;
			if (byte === LF) {
				if (this.#content) at += out.write('\r\n', at, 'latin1');
				else this.#emptyLines++;
				this.#blank = false;
				this.#content = false;
			} else if (byte === SP || byte === TAB) {
				this.#blank = true;
			} else {
				if (!this.#content && this.#emptyLines > 0) {
					this.#hash.update(out.subarray(0, at));
					at = 0;
					for (; this.#emptyLines > 0; this.#emptyLines--) this.#hash.update(CRLF);
				}
				this.#content = true;
				if (this.#blank) out[at++] = SP;
				this.#blank = false;
				out[at++] = byte;
			}
		}
		this.#hash.update(out.subarray(0, at));
	}

	/** The bh= value. */
	digest(): string {
		if (this.#content) this.#hash.update(CRLF);
		return this.#hash.digest('base64');
	}
}
