// The DATA body as a streaming transform (RFC 5321 §4.1.1.4, §4.5.2): every line ends in CRLF,
// lines starting with "." get one more, and the stream ends with exactly one CRLF.CRLF.
// Bare CR or LF would let a second message hide inside the first (SMTP smuggling), so both become CRLF.
import {Buffer} from 'node:buffer';
import {SmtpInputError} from './types.js';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const TERMINATOR = Buffer.from('.\r\n');
const CRLF_TERMINATOR = Buffer.from('\r\n.\r\n');

/** RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF. */
export const MAX_LINE_OCTETS = 998;

type DataEncoderOptions = {
	/** Longest text line in octets, without CRLF and without the stuffing dot (RFC 5321 §4.5.3.1.6). */
	maxLineLength?: number;
	/**
	 * false for BDAT (RFC 3030): its octets are counted, not terminated, so no line gets a dot more and end() adds
	 * no lone "." (only the CRLF an unfinished last line lacks). Line endings still become CRLF.
	 */
	dotStuffing?: boolean;
};

function asBuffer(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * What push() makes of one chunk: the input as it is (no copy) while nothing changes, else a copy with the added
 * bytes, in `into` when given (always written there then) or in memory allocated once something changes: the
 * input's size and a little room (a CR per bare LF, a dot per dotted line), grown when a body needs more (each input
 * byte becomes at most two).
 */
class Rewrite {
	readonly #input: Buffer;
	#out: Buffer | undefined;
	#written = 0;
	/** Input before this index is already in #out (or unchanged, while #out is undefined). */
	#copied = 0;

	constructor(input: Buffer, into: Buffer | undefined) {
		this.#input = input;
		this.#out = into;
	}

	/** The input up to `end` as it is, then `byte`. */
	add(end: number, byte: number): void {
		this.#copy(end, 1);
		this.#out![this.#written++] = byte;
	}

	/** The input up to `end` as it is; the byte at `end` is left out. */
	drop(end: number): void {
		this.#copy(end, 0);
		this.#copied = end + 1;
	}

	/** Everything: the input itself when nothing changed and no `into` was given. */
	result(): Buffer {
		const input = this.#input;
		if (this.#out === undefined) return input;
		this.#copy(input.length, 0);
		return this.#out.subarray(0, this.#written);
	}

	#copy(end: number, extra: number): void {
		const input = this.#input;
		const needed = this.#written + (end - this.#copied) + extra;
		let out = this.#out;
		if (out === undefined || needed > out.length) {
			const length = input.length;
			const bigger = Buffer.allocUnsafe(Math.min(maxEncodedLength(length), Math.max(needed + (length >> 4), length + (length >> 4) + 64)));
			if (out) out.copy(bigger, 0, 0, this.#written);
			this.#out = out = bigger;
		}
		this.#written += input.copy(out, this.#written, this.#copied, end);
		this.#copied = end;
	}
}

export class DataEncoder {
	readonly #maxLineLength: number;
	readonly #dotStuffing: boolean;
	/** Octets of the current, unfinished line (0 at a line start). */
	#lineLength = 0;
	/** The last byte was a CR, already written as CRLF: an LF next is its other half and is dropped. */
	#afterCr = false;
	#lines = 0;
	#bytesOut = 0;
	#stuffed = 0;
	#ended = false;

	constructor(options: DataEncoderOptions = {}) {
		this.#maxLineLength = options.maxLineLength ?? MAX_LINE_OCTETS;
		this.#dotStuffing = options.dotStuffing ?? true;
	}

	/** Body lines written so far (after end(), including a last line without a line break). */
	get lines(): number {
		return this.#lines;
	}

	/** Octets produced so far, stuffing dots and the terminator included. */
	get bytesOut(): number {
		return this.#bytesOut;
	}

	/** Lines that got a dot more, as they started with one. */
	get stuffed(): number {
		return this.#stuffed;
	}

	/**
	 * After end(): the message's size as the server stores it (what SIZE= and the inbox say): what went, less the
	 * dots stuffed and the final "." line.
	 */
	get stored(): number {
		return this.#bytesOut - this.#stuffed - (this.#ended && this.#dotStuffing ? TERMINATOR.length : 0);
	}

	/**
	 * Encode the next piece of the body. Without `into`, when nothing needs changing the result shares memory with
	 * the input (no copy), so do not modify the chunk afterwards. With `into` (at least maxEncodedLength(chunk)
	 * bytes) the result is always written there: a caller that reuses its buffers makes no garbage per chunk.
	 * Throws SmtpInputError on a line too long.
	 */
	push(chunk: Uint8Array, into?: Buffer): Buffer {
		if (this.#ended) throw new Error('DataEncoder.push() after end()');
		const input = asBuffer(chunk);
		const length = input.length;
		if (into && into.length < maxEncodedLength(length)) throw new RangeError(`DataEncoder.push(): into holds ${into.length} bytes, needs ${maxEncodedLength(length)}`);
		const out = new Rewrite(input, into);
		let index = 0;
		let afterCr = this.#afterCr;
		if (afterCr && length > 0) {
			afterCr = false;
			if (input[0] === LF) {
				out.drop(0);
				index = 1;
			}
		}
		let lineStart = index;
		let lineLength = this.#lineLength;
		let lines = this.#lines;
		let stuffed = this.#stuffed;
		const stuffing = this.#dotStuffing;
		const max = this.#maxLineLength;
		if (stuffing && lineLength === 0 && index < length && input[index] === DOT) {
			out.add(index, DOT);
			stuffed++;
		}
		// Jump from line break to line break with indexOf (native memchr); `length` stands for "none left". The loop runs
		// once per line: counters live in locals, the length check is inline, and the output's bookkeeping is a method of
		// one class (a closure made per call was inlined by V8 and then thrown out at the next call, which ran the rest of
		// that chunk unoptimised: a second 100 MB took ~74 ms of CPU here, against ~58 with this class).
		let nextLf = -1;
		let nextCr = -1;
		while (index < length) {
			if (nextLf < index) nextLf = indexOr(input, LF, index, length);
			if (nextCr < index) nextCr = indexOr(input, CR, index, length);
			let end: number;
			if (nextCr + 1 === nextLf && nextLf < length) {
				// CRLF, the usual line end: nothing to change.
				end = nextCr;
				index = nextLf + 1;
			} else if (nextLf < nextCr) {
				end = nextLf;
				out.add(end, CR);
				index = end + 1;
			} else if (nextCr === length) {
				break;
			} else {
				// A bare CR (or one ending the chunk, whose LF may start the next): it becomes CRLF.
				end = nextCr;
				index = end + 1;
				out.add(index, LF);
				afterCr = index === length;
			}
			if (lineLength + end - lineStart > max) this.#tooLong(lineLength + end - lineStart, lines + 1, true);
			lineLength = 0;
			lines++;
			lineStart = index;
			if (stuffing && index < length && input[index] === DOT) {
				out.add(index, DOT);
				stuffed++;
			}
		}
		lineLength += length - lineStart;
		if (lineLength > max) this.#tooLong(lineLength, lines + 1, false);
		this.#stuffed = stuffed;
		this.#lines = lines;
		this.#lineLength = lineLength;
		this.#afterCr = afterCr;
		const result = out.result();
		this.#bytesOut += result.length;
		return result;
	}

	/** Finish the body: a line break if the last line lacks one, then the lone dot (none without dot-stuffing). */
	end(): Buffer {
		if (this.#ended) throw new Error('DataEncoder.end() called twice');
		this.#ended = true;
		const open = this.#lineLength > 0;
		if (open) this.#lines++;
		const tail = this.#dotStuffing ? dataEnd(open) : open ? Buffer.from(CRLF) : Buffer.alloc(0);
		this.#bytesOut += tail.length;
		return tail;
	}

	#tooLong(length: number, line: number, complete: boolean): never {
		throw new SmtpInputError(
			`Line ${line} of the message is ${complete ? '' : 'at least '}${length} octets long; SMTP allows at most ` +
				`${this.#maxLineLength} per line. Wrap it, or encode the body (quoted-printable or base64).`,
			`body line ${line}`,
		);
	}
}

/** The end of a DATA stream: the lone "." line, after the CRLF a last line without a line break (`open`) lacks. */
export function dataEnd(open: boolean): Buffer {
	return Buffer.from(open ? CRLF_TERMINATOR : TERMINATOR);
}

/** The most octets push() can make of `length` input octets: a CR per bare LF, or a dot per line, doubles it at most. */
export function maxEncodedLength(length: number): number {
	return length * 2 + 1;
}

/** bytes.indexOf(byte, from), or `none` when it is not there. */
export function indexOr(bytes: Buffer, byte: number, from: number, none: number): number {
	const found = bytes.indexOf(byte, from);
	return found === -1 ? none : found;
}

/** The whole DATA stream for a body in memory: CRLF line ends, dot-stuffed, terminated. */
export function encodeData(body: Uint8Array | string): Buffer {
	const encoder = new DataEncoder();
	const head = encoder.push(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
	return Buffer.concat([head, encoder.end()]);
}

/** The inverse of the encoder, as a server sees it: drop the terminator and one leading dot per line. */
export function unstuffData(wire: Uint8Array): Buffer {
	const bytes = asBuffer(wire);
	let body: Buffer;
	if (bytes.equals(TERMINATOR)) body = bytes.subarray(0, 0);
	else if (bytes.subarray(-CRLF_TERMINATOR.length).equals(CRLF_TERMINATOR)) body = bytes.subarray(0, -TERMINATOR.length);
	else throw new Error('DATA stream does not end with CRLF.CRLF');
	return unstuffLines(body);
}

/** The start of a DATA stream whose terminator never came (cut off): its lines un-stuffed, as far as they go. */
export function unstuffUnfinished(wire: Uint8Array): Buffer {
	return unstuffLines(asBuffer(wire));
}

function unstuffLines(body: Buffer): Buffer {
	const pieces: Buffer[] = [];
	let start = 0;
	while (start < body.length) {
		const lineEnd = body.indexOf(CRLF, start);
		const end = lineEnd === -1 ? body.length : lineEnd + CRLF.length;
		pieces.push(body.subarray(body[start] === DOT ? start + 1 : start, end));
		start = end;
	}
	return Buffer.concat(pieces);
}
