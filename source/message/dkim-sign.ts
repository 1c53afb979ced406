// DKIM signing (RFC 6376): relaxed/relaxed canonicalisation, rsa-sha256, or ed25519-sha256 (RFC 8463). Pure: the
// header section and the body hash in, the DKIM-Signature field out. The body is hashed as it streams
// (dkim-message.ts), never held whole.
import {createHash, sign, type KeyObject} from 'node:crypto';
import {canonicalHeader, canonicalHeaders, headerFields, type HeaderField} from './dkim-canonical.js';

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';

/** A private key read from --dkim-key: what it signs with, and its size as people name it (2048-bit RSA). */
export type DkimKey = {key: KeyObject; algorithm: DkimAlgorithm; bits: number};

/**
 * The header fields signed when the message has them, in this order: RFC 6376 §5.4.1's list, plus the unsubscribe
 * fields (RFC 8058 asks List-Unsubscribe-Post to be signed). From is always there, and named once more than it
 * appears (§8.15, "oversigning"), so that a From added on the way breaks the signature rather than riding on it.
 */
const SIGNED_FIELDS = ['from', 'sender', 'reply-to', 'subject', 'date', 'message-id', 'to', 'cc', 'mime-version', 'content-type', 'content-transfer-encoding', 'in-reply-to', 'references', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post'] as const;

/** The h= list: each signed field as often as the message has it, From once more. */
function signedNames(fields: readonly HeaderField[]): string[] {
	return SIGNED_FIELDS.flatMap(name => {
		const count = fields.filter(field => field.name === name).length + (name === 'from' ? 1 : 0);
		return Array<string>(count).fill(name);
	});
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
	const data = Buffer.from(canonicalHeaders(fields, headers, 'relaxed') + canonicalHeader(unsigned, 'relaxed'), 'latin1');
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
const TWO_SPACES = Buffer.from('  ');

/** Where `needle` next is in `data` from `from`, or data's length for nowhere. */
function nextIndex(data: Buffer, needle: number | Buffer, from: number): number {
	const at = data.indexOf(needle, from);
	return at === -1 ? data.length : at;
}

/**
 * The body hash of RFC 6376 §3.4.4's relaxed canonicalisation, fed the body a chunk at a time: blanks at a line's end
 * dropped, other runs of blanks one space, empty lines at the end left out. Its input has CRLF line ends only (the
 * DATA encoder's output, the bytes the server stores), so a CR is never content here. Runs of lines that need no
 * change (no tab, no two spaces, no blank at the end: most text) are hashed as they are, a run at a time, found with
 * native searches; only the others are rewritten, a line at a time.
 */
export class RelaxedBodyHash {
	readonly #hash = createHash('sha256');
	/** Empty lines not yet hashed: they count only if content follows them. */
	#emptyLines = 0;
	/** The start of a line the chunk's end cut, copied (the source reuses its buffers); a line is at most 998 octets. */
	#carry = Buffer.alloc(0);
	#scratch = Buffer.alloc(1024);

	update(chunk: Uint8Array): void {
		let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		if (this.#carry.length > 0) {
			const lf = data.indexOf(LF);
			if (lf === -1) {
				this.#carry = Buffer.concat([this.#carry, data]);
				return;
			}
			const line = Buffer.concat([this.#carry, data.subarray(0, lf + 1)]);
			this.#carry = Buffer.alloc(0);
			this.#lines(line);
			data = data.subarray(lf + 1);
		}
		const end = this.#lines(data);
		if (end < data.length) this.#carry = Buffer.from(data.subarray(end));
	}

	/** The bh= value. */
	digest(): string {
		if (this.#carry.length > 0) this.#line(this.#carry, 0, this.#carry.length - (this.#carry.at(-1) === CR ? 1 : 0));
		return this.#hash.digest('base64');
	}

	/** Hashes the whole lines of `data`; returns where the first unfinished one starts. */
	#lines(data: Buffer): number {
		/** The start of the clean lines not hashed yet, or -1. */
		let run = -1;
		let nextTab = -1;
		let nextTwo = -1;
		let at = 0;
		while (at < data.length) {
			const lf = data.indexOf(LF, at);
			if (lf === -1) break;
			const end = lf > at && data[lf - 1] === CR ? lf - 1 : lf;
			if (nextTab < at) nextTab = nextIndex(data, TAB, at);
			if (nextTwo < at) nextTwo = nextIndex(data, TWO_SPACES, at);
			const clean = end > at && nextTab >= end && nextTwo >= end - 1 && data[end - 1] !== SP;
			if (clean && run === -1) {
				this.#flushEmptyLines();
				run = at;
			} else if (!clean) {
				if (run !== -1) this.#hash.update(data.subarray(run, at));
				run = -1;
				this.#line(data, at, end);
			}
			at = lf + 1;
		}
		if (run !== -1) this.#hash.update(data.subarray(run, at));
		return at;
	}

	/** One line that needs rewriting (`end`: before its CRLF), or an empty one. */
	#line(data: Buffer, start: number, end: number): void {
		if (this.#scratch.length < end - start) this.#scratch = Buffer.alloc(end - start);
		const out = this.#scratch;
		let written = 0;
		let blank = false;
		for (let index = start; index < end; index++) {
			const byte = data[index]!;
			if (byte === SP || byte === TAB) {
				blank = true;
				continue;
			}
			if (blank) out[written++] = SP;
			blank = false;
			out[written++] = byte;
		}
		if (written === 0) {
			this.#emptyLines++;
			return;
		}
		this.#flushEmptyLines();
		this.#hash.update(out.subarray(0, written));
		this.#hash.update(CRLF);
	}

	/** Empty lines followed by content are part of the body. */
	#flushEmptyLines(): void {
		for (; this.#emptyLines > 0; this.#emptyLines--) this.#hash.update(CRLF);
	}
}
