// DKIM body hashes (RFC 6376 §3.4.3, §3.4.4, §3.7), fed the body a chunk at a time: the signer's (relaxed, of the
// bytes it sends) and the sandbox verifier's (either canonicalization, cut at l=), never holding the body whole.
import {createHash} from 'node:crypto';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
const CRLF = Buffer.from('\r\n');
const TWO_SPACES = Buffer.from('  ');


/** The canonical body's bytes into SHA-256, those past `limit` (l=) counted and not hashed. */
class CutHash {
	readonly #hash = createHash('sha256');
	length = 0;

	constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

	update(bytes: Uint8Array): void {
		const room = this.limit - this.length;
		this.length += bytes.length;
		if (room >= bytes.length) this.#hash.update(bytes);
		else if (room > 0) this.#hash.update(bytes.subarray(0, room));
	}

	digest(): string {
		return this.#hash.digest('base64');
	}
}

/** Where `needle` next is in `data` from `from`, or data's length for nowhere. */
function nextIndex(data: Buffer, needle: number | Buffer, from: number): number {
	const at = data.indexOf(needle, from);
	return at === -1 ? data.length : at;
}

const asBuffer = (chunk: Uint8Array) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** A body hash being made: chunks of the body in, the bh= value out. */
export abstract class BodyHash {
	protected readonly out: CutHash;

	/** `limit`: l=, the canonical body's bytes hashed. */
	constructor(limit?: number) {
		this.out = new CutHash(limit);
	}

	/** Bytes of the canonical body in all, past an l= cut too (§3.5: an l= longer than the body fails). */
	get length(): number {
		return this.out.length;
	}

	abstract update(chunk: Uint8Array): void;

	/** The bh= value; the body has ended. */
	abstract digest(): string;
}

/**
 * The body hash of RFC 6376 §3.4.4's relaxed canonicalisation: blanks at a line's end dropped, other runs of blanks
 * one space, empty lines at the end left out. A line ends at LF, its CR before it dropped (a bare LF ends one too,
 * as mailauth reads it: the sandbox stores what clients send); another CR is content. Runs of lines that need no
 * change (CRLF ends, no tab, no two spaces, no blank at the end: most text) are hashed as they are, a run at a time,
 * found with native searches; only the others are rewritten, a line at a time.
 */
export class RelaxedBodyHash extends BodyHash {
	/** Empty lines not yet hashed: they count only if content follows them. */
	#emptyLines = 0;
	/**
	 * The end of a line the chunk's end cut, copied (the source reuses its buffers): only its last blanks and CR, which
	 * what follows decides (trailing, or the CR of the line end), once the bytes before them are hashed; a client may
	 * send megabytes without a line end, and they are neither held nor copied again with each chunk.
	 */
	#carry = Buffer.alloc(0);
	/** Part of the cut line is hashed already: it is no empty line, whatever its end holds. */
	#inLine = false;
	#scratch = Buffer.alloc(1024);

	update(chunk: Uint8Array): void {
		let data = asBuffer(chunk);
		if (this.#carry.length > 0 || this.#inLine) {
			const lf = data.indexOf(LF);
			if (lf === -1) {
				this.#carryOn(Buffer.concat([this.#carry, data]));
				return;
			}
			const line = Buffer.concat([this.#carry, data.subarray(0, lf)]);
			this.#carry = Buffer.alloc(0);
			this.#line(line, 0, line.at(-1) === CR ? line.length - 1 : line.length);
			data = data.subarray(lf + 1);
		}
		const end = this.#lines(data);
		if (end < data.length) this.#carryOn(data.subarray(end));
	}

	digest(): string {
		// A last line without its line end; a CR at its end is content (no LF followed it).
		if (this.#carry.length > 0 || this.#inLine) this.#line(this.#carry, 0, this.#carry.length);
		return this.out.digest();
	}

	/**
	 * The unfinished line `part`: hashed but for its blanks at the end and a CR last (that of the line end, if an LF
	 * comes next), which are kept, their run of blanks as one space (all the same to relaxed canonicalisation).
	 */
	#carryOn(part: Buffer): void {
		let end = part.length;
		if (part[end - 1] === CR) end--;
		while (end > 0 && (part[end - 1] === SP || part[end - 1] === TAB)) end--;
		if (end > 0) {
			const written = this.#canonical(part, 0, end);
			this.#flushEmptyLines();
			this.out.update(this.#scratch.subarray(0, written));
			this.#inLine = true;
		}
		this.#carry = Buffer.from(part.subarray(end).toString('latin1').replace(/[ \t]+/g, ' '), 'latin1');
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
			const clean = end > at && end < lf && nextTab >= end && nextTwo >= end - 1 && data[end - 1] !== SP;
			if (clean && run === -1) {
				this.#flushEmptyLines();
				run = at;
			} else if (!clean) {
				if (run !== -1) this.out.update(data.subarray(run, at));
				run = -1;
				this.#line(data, at, end);
			}
			at = lf + 1;
		}
		if (run !== -1) this.out.update(data.subarray(run, at));
		return at;
	}

	/** One line that needs rewriting (`end`: before its line end), or an empty one; or the end of the cut line. */
	#line(data: Buffer, start: number, end: number): void {
		const written = this.#canonical(data, start, end);
		const inLine = this.#inLine;
		this.#inLine = false;
		if (written === 0 && !inLine) {
			this.#emptyLines++;
			return;
		}
		this.#flushEmptyLines();
		this.out.update(this.#scratch.subarray(0, written));
		this.out.update(CRLF);
	}

	/** Bytes `start` to `end` of a line, relaxed, into the scratch buffer: each run of blanks one space, none at the end. */
	#canonical(data: Buffer, start: number, end: number): number {
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
		return written;
	}

	/** Empty lines followed by content are part of the body. */
	#flushEmptyLines(): void {
		for (; this.#emptyLines > 0; this.#emptyLines--) this.out.update(CRLF);
	}
}

/**
 * The body hash of RFC 6376 §3.4.3's simple canonicalisation: the body as it is, its CRLFs at the end made one (and
 * one added to a body without). Those CRLFs are held back, counted, until content follows them; a CR at a chunk's end
 * waits for the next chunk to say whether it is one. Bytes are bytes: a bare LF, or a CR without LF, is content.
 */
export class SimpleBodyHash extends BodyHash {
	#emptyLines = 0;
	#cr = false;

	update(chunk: Uint8Array): void {
		let data = asBuffer(chunk);
		if (data.length === 0) return;
		if (this.#cr) {
			this.#cr = false;
			if (data[0] === LF) {
				this.#emptyLines++;
				data = data.subarray(1);
			} else this.#content(CRLF.subarray(0, 1));
		}
		let end = data.length;
		if (data[end - 1] === CR) {
			this.#cr = true;
			end--;
		}
		let lineEnds = 0;
		for (; end >= 2 && data[end - 2] === CR && data[end - 1] === LF; end -= 2) lineEnds++;
		if (end > 0) this.#content(data.subarray(0, end));
		this.#emptyLines += lineEnds;
	}

	digest(): string {
		if (this.#cr) this.#content(CRLF.subarray(0, 1));
		// Whatever came, one CRLF ends it: the content's last line end, the one added, or the empty body's (§3.4.3).
		this.out.update(CRLF);
		return this.out.digest();
	}

	#content(bytes: Buffer): void {
		for (; this.#emptyLines > 0; this.#emptyLines--) this.out.update(CRLF);
		this.out.update(bytes);
	}
}
