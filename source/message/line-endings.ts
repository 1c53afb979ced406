// Line-ending normalisation and line checks, shared by the composer (file bodies) and raw `--data` messages.
// Both follow the DATA encoder's rule: CRLF, a bare CR and a bare LF each end one line.
import {Transform, type TransformCallback} from 'node:stream';
import {indexOr, MAX_LINE_OCTETS} from '../smtp/data-encoder.js';
import {SmtpInputError} from '../smtp/types.js';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
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
 * The check of a raw message before connecting, in one pass: its size as the server stores it, what SIZE= declares
 * (RFC 1870), counted as the DATA encoder sends it (each bare CR or LF becomes CRLF, a last line without a line break
 * gets one; the stuffed dots and the final "." are not in it: the server takes them off), the first line over
 * 998 octets, named, and whether the message is wire-ready (the encoder would change none of its bytes). One native
 * search for LF and one for CR per line, each byte searched once: the pass costs about what the encoder's does
 * (counting and checking in two passes, as before, cost twice that).
 */
export class MessageLines {
	#octets = 0;
	#line = 1;
	/** Octets of the current, unfinished line, carried across chunks. */
	#lineLength = 0;
	/** The last chunk ended in a CR: an LF starting this one is its other half. */
	#afterCr = false;
	/** No bare CR or LF so far, and no line starting with a dot. */
	#asSent = true;

	constructor(readonly label: string) {}

	/** Throws SmtpInputError naming the first line over 998 octets, as soon as it is seen. */
	push(chunk: Buffer): void {
		const length = chunk.length;
		if (length === 0) return;
		let added = 0;
		let pos = 0;
		if (this.#afterCr) {
			this.#afterCr = false;
			if (chunk[0] === LF) pos = 1;
			// The CR that ended the last chunk was bare: it goes as CRLF.
			else added++;
		}
		let lineStart = pos;
		let lineLength = this.#lineLength;
		let line = this.#line;
		let dotted = lineLength === 0 && pos < length && chunk[pos] === DOT;
		// The next LF and CR at or after pos (`length`: none left), each searched for once per byte.
		let nextLf = -1;
		let nextCr = -1;
		while (pos < length) {
			if (nextLf < pos) nextLf = indexOr(chunk, LF, pos, length);
			if (nextCr < pos) nextCr = indexOr(chunk, CR, pos, length);
			let end: number;
			if (nextCr + 1 === nextLf && nextLf < length) {
				// CRLF, the usual line end, first.
				end = nextCr;
				pos = nextLf + 1;
			} else if (nextLf < nextCr) {
				end = nextLf;
				added++;
				pos = end + 1;
			} else if (nextCr === length) {
				break;
			} else {
				// A bare CR, or one ending the chunk (the next chunk's first byte tells which).
				end = nextCr;
				pos = end + 1;
				if (pos === length) this.#afterCr = true;
				else added++;
			}
			if (lineLength + end - lineStart > MAX_LINE_OCTETS) throw lineTooLong(this.label, line);
			lineLength = 0;
			line++;
			lineStart = pos;
			// At the end, the next chunk looks at its first byte.
			if (pos < length && chunk[pos] === DOT) dotted = true;
		}
		lineLength += length - lineStart;
		this.#line = line;
		this.#lineLength = lineLength;
		if (lineLength > MAX_LINE_OCTETS) throw lineTooLong(this.label, line);
		this.#octets += length + added;
		if (added > 0 || dotted) this.#asSent = false;
	}

	/**
	 * What was pushed is wire-ready: every line ends in CRLF (but maybe the last, which then has no CR either), none
	 * starts with a dot, none is over 998 octets (or push() threw). The DATA encoder would send it unchanged, adding
	 * only the end (`dataEnd`): `lines` of `octets` octets.
	 */
	get wireReady(): {lines: number; octets: number} | undefined {
		if (!this.#asSent || this.#afterCr) return undefined;
		return {lines: this.#line - 1 + (this.#lineLength > 0 ? 1 : 0), octets: this.octets};
	}

	/** The size of all that was pushed, the end of the message included. */
	get octets(): number {
		if (this.#afterCr) return this.#octets + 1;
		return this.#octets + (this.#lineLength > 0 ? CRLF.length : 0);
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

/** A line of a message over 998 octets, named: refused before connecting. */
const lineTooLong = (label: string, line: number) =>
	new SmtpInputError(
		`${label}: line ${line} is longer than ${MAX_LINE_OCTETS} octets, the most SMTP allows (RFC 5321 §4.5.3.1.6); wrap it, or encode that part (quoted-printable or base64)`,
		`message line ${line}`,
	);
