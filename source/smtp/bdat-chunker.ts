// The message cut into BDAT chunks (RFC 3030): each `BDAT n` is followed by exactly n octets, the last one is
// `BDAT n LAST`. The octets are the message with its line endings made CRLF (a bare CR or LF could still smuggle a
// second message to a server that later relays it by DATA) but with no dot-stuffing and no final dot: the count, not
// a terminator, says where the message ends. A chunk goes out only once more follows it or the message has ended,
// so the last chunk is always known to be the last (an empty message is `BDAT 0 LAST`). Pure: bytes in, chunks out.
import {Buffer} from 'node:buffer';
import {DataEncoder} from './data-encoder.js';

/** RFC 3030 sets no limit; these keep a chunk in memory affordable and each reply's clock meaningful. */
export const MIN_CHUNK_SIZE = 1;
export const MAX_CHUNK_SIZE = 64 * 1024 * 1024;
/** Few round trips for a large message, as each chunk waits for its 250. */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;

export type BdatChunk = {bytes: Buffer; last: boolean};

export class BdatChunker {
	readonly #size: number;
	readonly #encoder = new DataEncoder({dotStuffing: false});
	/** Encoded octets not yet handed out (at most one chunk and one pushed piece). */
	#pending: Buffer[] = [];
	#pendingLength = 0;

	constructor(chunkSize: number = DEFAULT_CHUNK_SIZE) {
		if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) throw new RangeError(`chunk size ${chunkSize} out of range`);
		this.#size = chunkSize;
	}

	/** Lines and octets of the whole message so far (after end(), its size as the server stores it). */
	get encoder(): DataEncoder {
		return this.#encoder;
	}

	/**
	 * The next piece of the message: the chunks now full and known not to be the last. Throws SmtpInputError on a
	 * line over 998 octets (BDAT without BINARYMIME carries text, RFC 3030 §3).
	 */
	push(piece: Uint8Array): BdatChunk[] {
		// Copied: the encoder may hand back the caller's own memory, and a chunk outlives the caller's buffer.
		const encoded = Buffer.from(this.#encoder.push(piece));
		if (encoded.length > 0) {
			this.#pending.push(encoded);
			this.#pendingLength += encoded.length;
		}
		const chunks: BdatChunk[] = [];
		// Strictly more than a chunk: the octets past it prove this chunk is not the last.
		while (this.#pendingLength > this.#size) chunks.push({bytes: this.#take(this.#size), last: false});
		return chunks;
	}

	/** The message has ended: the last chunk (empty for an empty message), with the CRLF an unfinished last line lacks. */
	end(): BdatChunk {
		const tail = this.#encoder.end();
		if (tail.length > 0) {
			this.#pending.push(tail);
			this.#pendingLength += tail.length;
		}
		return {bytes: this.#take(this.#pendingLength), last: true};
	}

	#take(length: number): Buffer {
		const all = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingLength);
		const chunk = all.subarray(0, length);
		const rest = all.subarray(length);
		this.#pending = rest.length > 0 ? [rest] : [];
		this.#pendingLength = rest.length;
		return chunk;
	}
}

/** The command line of a chunk: `BDAT 65536`, `BDAT 120 LAST`. */
export function bdatLine(chunk: {bytes: Uint8Array; last: boolean}): string {
	return `BDAT ${chunk.bytes.length}${chunk.last ? ' LAST' : ''}`;
}
