// A message on its way as BDAT chunks (RFC 3030): read from its source a slice at a time (a --data file is never read
// whole), cut by the chunker, each chunk written right behind its command line; its log line, and how much had gone
// should the connection close mid-way.
import {BdatChunker, type BdatChunk} from '../smtp/bdat-chunker.js';
import {countOf} from '../smtp/digits.js';
import type {Transaction} from '../smtp/session-types.js';
import {previewLines} from './body-stream.js';
import type {NewLogEntry} from './log.js';
import type {SessionConnection} from './types.js';

/** The source is cut this much at a time: a chunk of a megabyte is built of a few reads, never the whole file. */
const READ_SLICE = 256 * 1024;

export class BdatStream {
	readonly #source: AsyncIterable<Uint8Array>;
	readonly #chunker: BdatChunker;
	/** The transaction's BDAT record: what the server accepted, for the words of a close mid-way. */
	readonly #taken: () => Transaction['bdat'];
	/** Chunks written whole, and their octets. */
	#chunks = 0;
	#octets = 0;
	/** Octets of the chunk being written that the operating system has taken, and its size. */
	#partial: {went: number; size: number} | undefined;
	/** The LAST chunk went whole: the message is the server's, a close now leaves it maybe accepted. */
	#lastWent = false;

	constructor(source: AsyncIterable<Uint8Array>, chunkSize: number, taken: () => Transaction['bdat']) {
		this.#source = source;
		this.#chunker = new BdatChunker(chunkSize);
		this.#taken = taken;
	}

	/** The chunks, read from the source as each is needed. Throws what reading it throws (a file deleted mid-way). */
	async *chunks(): AsyncGenerator<BdatChunk> {
		for await (const piece of this.#source) {
			for (let offset = 0; offset < piece.length; offset += READ_SLICE) yield* this.#chunker.push(piece.subarray(offset, offset + READ_SLICE));
		}
		yield* this.#chunker.end();
	}

	/**
	 * Writes the command line and its chunk; false when the connection broke first. `progress`: more of it left this
	 * machine (the reply's clock then counts from there: a slow link that keeps moving is no silent server).
	 */
	async write(connection: SessionConnection, command: Buffer, chunk: BdatChunk, progress: () => void): Promise<boolean> {
		this.#partial = {went: 0, size: chunk.bytes.length};
		const partial = this.#partial;
		/** What the operating system took so far, the command line first (each report is one more piece). */
		let taken = 0;
		try {
			await connection.writeStream(
				(async function* () {
					yield command;
					if (chunk.bytes.length > 0) yield chunk.bytes;
				})(),
				undefined,
				bytes => {
					taken += bytes;
					partial.went = Math.max(0, taken - command.length);
					progress();
				},
			);
		} catch {
			return false;
		}
		this.#partial = undefined;
		this.#lastWent = chunk.last;
		this.#chunks++;
		this.#octets += chunk.bytes.length;
		// Written: its memory fills the next chunk (nothing else holds it: its log line and wire record are made).
		this.#chunker.release(chunk);
		return true;
	}

	/**
	 * How much had gone when the connection closed mid-message, to follow the engine's words for that close. Undefined
	 * once the LAST chunk went whole: then the message may have been accepted, which the outcome says, and "nothing is
	 * delivered" would contradict it.
	 */
	get cutShort(): string | undefined {
		if (this.#lastWent) return undefined;
		const taken = this.#taken();
		const accepted = taken?.accepted ?? 0;
		const went = this.#octets + (this.#partial?.went ?? 0);
		const server = accepted === 0 ? 'no chunk had been accepted yet' : `the server had accepted ${countOf(accepted, 'chunk')} of ${countOf(taken?.acceptedOctets ?? 0, 'octet')}`;
		return `${server}, and ${countOf(went, 'octet')} had been handed to the network in all; without BDAT LAST nothing is delivered`;
	}

	/**
	 * The log's line for a chunk: the message's first lines with the first chunk, then its counts; the last one's line
	 * also sums up the message. No dot-stuffing and no "." to count: the chunk's octets are what BDAT announced.
	 */
	logEntry(chunk: BdatChunk, tls: boolean): NewLogEntry {
		const number = this.#chunks + 1;
		const lineEnds = countLineEnds(chunk.bytes);
		const encoder = this.#chunker.encoder;
		const whole = chunk.last ? `; the message: ${countOf(encoder.lines, 'line')}, ${countOf(encoder.stored, 'octet')} in ${countOf(number, 'chunk')}` : '';
		return {
			kind: 'data',
			step: 'message',
			text: `message: chunk ${number}${chunk.last ? ' (LAST)' : ''}: ${countOf(chunk.bytes.length, 'octet')}, ${countOf(lineEnds, 'line end')}, sent as they are (no dot-stuffing, no final ".")${whole}`,
			tls,
			data: {lines: lineEnds, bytes: chunk.bytes.length, stored: chunk.bytes.length, preview: number === 1 ? previewLines(chunk.bytes) : []},
		};
	}
}

function countLineEnds(bytes: Buffer): number {
	let count = 0;
	for (let at = bytes.indexOf('\r\n'); at !== -1; at = bytes.indexOf('\r\n', at + 2)) count++;
	return count;
}
