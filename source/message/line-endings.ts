// Line-ending normalisation and line checks, shared by the composer (file bodies) and raw `--data` messages.
// Both follow the DATA encoder's rule: CRLF, a bare CR and a bare LF each end one line.
import {isAscii} from 'node:buffer';
import {Transform, type TransformCallback} from 'node:stream';
import {SmtpInputError} from '../smtp/types.js';

const CR = 0x0d;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');
/** RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF. */
export const MAX_LINE_OCTETS = 998;

/** Turns every bare CR and bare LF into CRLF, across chunk boundaries. */
export class CrlfNormalizer extends Transform {
	#afterCr = false;

	override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
		const parts: Buffer[] = [];
		let start = 0;
		for (let i = 0; i < chunk.length; i++) {
			const byte = chunk[i];
			if (byte === CR) {
				parts.push(chunk.subarray(start, i), CRLF);
				start = i + 1;
				this.#afterCr = true;
				continue;
			}
			if (byte === LF) {
				parts.push(chunk.subarray(start, i));
				// The LF of a CRLF was already written with its CR.
				if (!this.#afterCr) parts.push(CRLF);
				start = i + 1;
			}
			this.#afterCr = false;
		}
		parts.push(chunk.subarray(start));
		done(null, Buffer.concat(parts));
	}
}

/**
 * Checks a message as it streams past: refuses a line over 998 octets (naming it, so the user learns it before
 * connecting), notes 8-bit bytes and counts the size after CRLF normalisation (what SIZE= must announce).
 * Uses indexOf (memchr) rather than a byte loop: `--data` files can be large.
 */
export class LineScanner {
	#line = 1;
	#lineLength = 0;
	#afterCr = false;
	#bytes = 0;
	#added = 0;
	#lastByte = -1;
	eightBit = false;

	constructor(readonly label: string) {}

	push(chunk: Buffer): void {
		if (chunk.length === 0) return;
		this.#bytes += chunk.length;
		if (!this.eightBit && !isAscii(chunk)) this.eightBit = true;
		let pos = 0;
		if (this.#afterCr) {
			// A CR ended the previous chunk: an LF here completes its CRLF, anything else made it bare.
			this.#afterCr = false;
			if (chunk[0] === LF) pos = 1;
			else this.#added++;
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
			if (chunk[end] === LF) {
				this.#added++;
				pos = end + 1;
			} else if (end + 1 === length) {
				this.#afterCr = true;
				pos = length;
			} else if (chunk[end + 1] === LF) {
				pos = end + 2;
			} else {
				this.#added++;
				pos = end + 1;
			}
		}
		this.#lastByte = chunk[length - 1]!;
	}

	/** Octets on the wire before dot-stuffing: bare CR/LF become CRLF and a missing final CRLF is added. */
	get normalisedSize(): number {
		const endsWithBreak = this.#lastByte === CR || this.#lastByte === LF;
		return this.#bytes + this.#added + (this.#afterCr ? 1 : 0) + (this.#bytes > 0 && !endsWithBreak ? 2 : 0);
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
