// Line-ending normalisation and line checks, shared by the composer (file bodies) and raw `--data` messages.
// Both follow the DATA encoder's rule: CRLF, a bare CR and a bare LF each end one line.
import {Transform, type TransformCallback} from 'node:stream';
import {indexOr, MAX_LINE_OCTETS} from '../smtp/data-encoder.js';
import {SmtpInputError} from '../smtp/types.js';

const CR = 0x0d;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/** Turns every bare CR and bare LF into CRLF, across chunk boundaries. */
export class CrlfNormalizer extends Transform {
	#afterCr = false;

	override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
		const length = chunk.length;
		if (length === 0) {
			done(null, chunk);
			return;
		}
		// Jump from break to break with indexOf (native memchr); a chunk already in CRLF passes through uncopied.
		const parts: Buffer[] = [];
		let start = 0;
		let at = 0;
		// The LF of a CRLF split between chunks: its CR was already written as CRLF.
		if (this.#afterCr && chunk[0] === LF) start = at = 1;
		this.#afterCr = false;
		let nextCr = -1;
		let nextLf = -1;
		while (at < length) {
			if (nextCr < at) nextCr = indexOr(chunk, CR, at, length);
			if (nextLf < at) nextLf = indexOr(chunk, LF, at, length);
			if (nextCr < nextLf) {
				if (chunk[nextCr + 1] === LF) {
					at = nextCr + 2;
					continue;
				}
				// A bare CR, or one that ends the chunk (then an LF starting the next chunk is its pair).
				parts.push(chunk.subarray(start, nextCr), CRLF);
				this.#afterCr = nextCr + 1 === length;
				start = at = nextCr + 1;
			} else if (nextLf < length) {
				parts.push(chunk.subarray(start, nextLf), CRLF);
				start = at = nextLf + 1;
			} else {
				break;
			}
		}
		if (parts.length === 0) {
			done(null, chunk.subarray(start));
			return;
		}
		parts.push(chunk.subarray(start));
		done(null, Buffer.concat(parts));
	}
}

/**
 * A message's size as the server stores it, what SIZE= declares (RFC 1870), counted as the DATA encoder sends it:
 * each bare CR or LF becomes CRLF, and a last line without a line break gets one. The stuffed dots and the final
 * "." are not in it: the server takes them off.
 */
export class StoredSize {
	#octets = 0;
	/** The last byte so far: a CRLF can be split between chunks. */
	#last: number | undefined;

	push(chunk: Buffer): void {
		if (chunk.length === 0) return;
		let added = 0;
		// indexOf with a byte is memchr: a pass costs little even on a large file.
		for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) if ((at === 0 ? this.#last : chunk[at - 1]) !== CR) added++;
		// A CR that ends the chunk is judged by the next one's first byte, or by end().
		for (let at = chunk.indexOf(CR); at !== -1; at = chunk.indexOf(CR, at + 1)) if (at + 1 < chunk.length && chunk[at + 1] !== LF) added++;
		if (this.#last === CR && chunk[0] !== LF) added++;
		this.#octets += chunk.length + added;
		this.#last = chunk[chunk.length - 1];
	}

	/** The size of all that was pushed, the end of the message included. */
	get octets(): number {
		if (this.#last === undefined || this.#last === LF) return this.#octets;
		return this.#octets + (this.#last === CR ? 1 : CRLF.length);
	}
}

/**
 * The fast check for `--data` files, which can be large: is every line at most 998 octets? Instead of visiting
 * each line it jumps ~998 octets at a time, asking memrchr for the last line break in the window ahead.
 */
export class LineLengthGuard {
	/** Octets since the last line break, carried across chunks. */
	#run = 0;
	ok = true;

	push(chunk: Buffer): void {
		if (!this.ok) return;
		// Start of the current line, relative to this chunk (negative when it began in an earlier chunk).
		let start = -this.#run;
		while (start + MAX_LINE_OCTETS < chunk.length) {
			const from = Math.max(start, 0);
			// Only the window itself is searched: a search from `limit` back to the chunk's start would cost O(chunk)
			// per step whenever one kind of break never occurs (no CR at all in a Unix file).
			const window = chunk.subarray(from, start + MAX_LINE_OCTETS + 1);
			const lastBreak = Math.max(window.lastIndexOf(LF), window.lastIndexOf(CR));
			if (lastBreak === -1) {
				this.ok = false;
				return;
			}
			start = from + lastBreak + 1;
		}
		const lastBreak = Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR));
		this.#run = chunk.length - (lastBreak >= Math.max(start, 0) ? lastBreak + 1 : start);
	}
}

/**
 * Whether some line of `text` is longer than `max` characters; CRLF, a bare CR and a bare LF each end one. One pass:
 * indexOf jumps from break to break, so each character is looked at once. (A regex counting 999 characters from
 * every position rescans each line up to 999 times: seconds for a few megabytes of long lines.)
 */
export function hasLineOver(text: string, max: number): boolean {
	let start = 0;
	// The next CR and LF at or after `start`; -1 once none is left, so each is searched for at most once per character.
	let nextCr = -2;
	let nextLf = -2;
	for (;;) {
		if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
		if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start);
		const end = Math.min(nextCr === -1 ? text.length : nextCr, nextLf === -1 ? text.length : nextLf);
		if (end - start > max) return true;
		if (end === text.length) return false;
		start = end + 1;
	}
}

/**
 * The exact, slower check: names the first line over 998 octets, so the user learns it before connecting.
 * Run only once the guard has found one.
 */
export class LineScanner {
	#line = 1;
	#lineLength = 0;
	#afterCr = false;

	constructor(readonly label: string) {}

	push(chunk: Buffer): void {
		let pos = 0;
		if (this.#afterCr && chunk.length > 0) {
			// A CR ended the previous chunk: an LF here completes its CRLF.
			this.#afterCr = false;
			if (chunk[0] === LF) pos = 1;
		}
		const length = chunk.length;
		// Next CR / LF at or after pos; -1 once none is left, so each byte is searched at most once.
		let nextLf = -2;
		let nextCr = -2;
		while (pos < length) {
			if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(LF, pos);
			if (nextCr !== -1 && nextCr < pos) nextCr = chunk.indexOf(CR, pos);
			const end = Math.min(nextLf === -1 ? length : nextLf, nextCr === -1 ? length : nextCr);
			this.#grow(end - pos);
			if (end === length) break;
			this.#line++;
			this.#lineLength = 0;
			if (chunk[end] === CR && end + 1 === length) this.#afterCr = true;
			pos = chunk[end] === CR && chunk[end + 1] === LF ? end + 2 : end + 1;
		}
	}

	#grow(octets: number): void {
		this.#lineLength += octets;
		if (this.#lineLength > MAX_LINE_OCTETS) {
			throw new SmtpInputError(
				`${this.label}: line ${this.#line} is longer than ${MAX_LINE_OCTETS} octets, the most SMTP allows (RFC 5321 §4.5.3.1.6); wrap it, or encode that part (quoted-printable or base64)`,
				`message line ${this.#line}`,
			);
		}
	}
}
