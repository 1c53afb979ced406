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

/** How many chunks a message of `octets` takes: at least one (an empty message is `BDAT 0 LAST`). */
export const chunkCount = (octets: number, chunkSize: number): number => Math.max(1, Math.ceil(octets / chunkSize));

export class BdatChunker {
	readonly #size: number;
	readonly #encoder = new DataEncoder({dotStuffing: false});
	/**
	 * The chunk being filled, a buffer of its own of the chunk size, and how much of it is. Each octet is copied once,
	 * into it: a chunk handed out is never a view into memory that also holds the next one, so the one written and
	 * the one being filled are all the message this holds (about two chunks, never the whole).
	 */
	#chunk: Buffer | undefined;
	#filled = 0;
	/** A full chunk's memory given back once written (release()): the next chunk is filled there, making no garbage. */
	#spare: Buffer | undefined;

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
		return this.#fill(this.#encoder.push(piece));
	}

	/**
	 * The message has ended: the last chunk (empty for an empty message), with the CRLF an unfinished last line lacks,
	 * after the full one before it when that CRLF did not fit in it.
	 */
	end(): BdatChunk[] {
		const chunks = this.#fill(this.#encoder.end());
		chunks.push({bytes: this.#chunk?.subarray(0, this.#filled) ?? Buffer.alloc(0), last: true});
		this.#chunk = undefined;
		this.#filled = 0;
		return chunks;
	}

	/**
	 * The caller is done with `chunk` (written, and no longer read): its memory fills a later chunk. Only a full one
	 * (never LAST) is the whole of its memory; so a message of many chunks makes no garbage, as DATA's pooled body does.
	 */
	release(chunk: BdatChunk): void {
		if (!chunk.last && chunk.bytes.length === this.#size) this.#spare = chunk.bytes;
	}

	/** Copies `encoded` into the chunk being filled; a full chunk goes out once an octet past it proves it is not the last. */
	#fill(encoded: Buffer): BdatChunk[] {
		const chunks: BdatChunk[] = [];
		for (let offset = 0; offset < encoded.length; ) {
			if (this.#chunk && this.#filled === this.#size) {
				chunks.push({bytes: this.#chunk, last: false});
				this.#chunk = undefined;
				this.#filled = 0;
			}
			if (!this.#chunk) {
				// allocUnsafeSlow: never a slice of Node's shared pool, which Node 24 and 26 use up to 32 KiB (Node 20, 4 KiB).
				this.#chunk = this.#spare ?? Buffer.allocUnsafeSlow(this.#size);
				this.#spare = undefined;
			}
			const copied = encoded.copy(this.#chunk, this.#filled, offset, offset + this.#size - this.#filled);
			this.#filled += copied;
			offset += copied;
		}
		return chunks;
	}
}

/** The command line of a chunk: `BDAT 65536`, `BDAT 120 LAST`. */
export function bdatLine(chunk: {bytes: Uint8Array; last: boolean}): string {
	return `BDAT ${chunk.bytes.length}${chunk.last ? ' LAST' : ''}`;
}
