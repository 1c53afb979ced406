// The size of a text body once quoted-printable encoded (RFC 2045 §6.7), counted without encoding it: for the
// SIZE= estimate of MAIL FROM (RFC 1870), which must not come short. Encoding a large body once just to count it
// cost as much as sending it. The count follows nodemailer's encoder, rounded up where its line wrapping depends
// on the words: it is never below the real size and at most a few percent above.

const CR = 0x0d;
const LF = 0x0a;

/** Bytes nodemailer's encoder keeps as they are: tab, space to "<", ">" to "~" (everything else becomes =XX). */
const LITERAL = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) LITERAL[byte] = byte === 0x09 || (byte >= 0x20 && byte <= 0x7e && byte !== 0x3d) ? 1 : 0;

/** Encoded lines are at most 76 characters; a soft break ("=" CRLF) may come after as few as 48 (word breaks). */
const LINE_LENGTH = 76;
const SHORTEST_SEGMENT = 48;

/** nodemailer encodes and wraps in slices of this many bytes, and may add a soft break where one ends. */
const SLICE = 64 * 1024;

/** Soft breaks that wrapping an encoded line of `length` characters may take, at most. */
const softBreaks = (length: number) => (length <= LINE_LENGTH ? 0 : Math.ceil((length - LINE_LENGTH) / SHORTEST_SEGMENT));

/** Counts the encoded size of CRLF text fed in chunks of any size. */
export class QuotedPrintableSize {
	#total = 0;
	/** Encoded characters of the current line so far. */
	#line = 0;
	#last = -1;
	#bytes = 0;

	push(chunk: Uint8Array): void {
		this.#bytes += chunk.length;
		let line = this.#line;
		let last = this.#last;
		let total = this.#total;
		for (let index = 0; index < chunk.length; index++) {
			const byte = chunk[index]!;
			if (byte === LF && last === CR) {
				total += line + 2 + 3 * softBreaks(line);
				line = 0;
			} else if (byte !== CR) {
				line += LITERAL[byte] ? 1 : 3;
			} else if (last === 0x20 || last === 0x09) {
				// A space or tab before the line end is written =20 / =09.
				line += 2;
			}
			last = byte;
		}
		this.#line = line;
		this.#last = last;
		this.#total = total;
	}

	/** The total, the last line (without a line end) included. */
	get size(): number {
		// Whitespace that ends the text is encoded too.
		const tail = this.#line + (this.#last === 0x20 || this.#last === 0x09 ? 2 : 0);
		return this.#total + tail + 3 * softBreaks(tail) + 3 * Math.ceil(this.#bytes / SLICE);
	}
}
