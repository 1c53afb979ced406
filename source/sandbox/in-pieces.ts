// A message of megabytes read for the inbox a piece at a time, the event loop let go between pieces: parsed in one
// go, a 50 MB message held the sandbox's sessions and the keys (Esc) for seconds.
import {Readable} from 'node:stream';
import {lineText} from '../smtp/reply-parser.js';

/** Bytes handed on at a time: a few milliseconds of parsing each. */
export const PIECE = 256 * 1024;

export const nextTurn = () => new Promise(resolve => setImmediate(resolve));

/**
 * `bytes` (one buffer, or a part's chunks in order) in pieces of at most PIECE, the event loop let go between them
 * (bytes of one piece go on at once); stops with the signal's reason once `signal` is aborted.
 */
async function* pieces(bytes: Buffer | readonly Buffer[], signal?: AbortSignal): AsyncGenerator<Buffer> {
	let sinceTurn = 0;
	for (const chunk of Buffer.isBuffer(bytes) ? [bytes] : bytes)
		for (let at = 0; at < chunk.length; ) {
			if (sinceTurn >= PIECE) {
				await nextTurn();
				sinceTurn = 0;
			}
			signal?.throwIfAborted();
			const piece = chunk.subarray(at, at + PIECE - sinceTurn);
			sinceTurn += piece.length;
			at += piece.length;
			yield piece;
		}
}

/** `bytes` as a stream of pieces (see pieces), for a parser that takes a stream. */
const inPieces = (bytes: Buffer | readonly Buffer[], signal?: AbortSignal): Readable => Readable.from(pieces(bytes, signal), {objectMode: false});

/**
 * `bytes` written to `parser` and ended: a piece at a time (see inPieces), or at once when they fit one (a stream
 * piped costs a short message's parse ~0.1 ms more, paid by each message of a burst).
 */
export function fedInPieces(parser: NodeJS.WritableStream & {destroy(error?: Error): unknown}, bytes: Buffer | readonly Buffer[], signal?: AbortSignal): void {
	const chunks = Buffer.isBuffer(bytes) ? [bytes] : bytes;
	if (chunks.reduce((length, chunk) => length + chunk.length, 0) <= PIECE && !signal?.aborted) {
		for (const chunk of chunks) parser.write(chunk);
		parser.end();
		return;
	}
	const source = inPieces(chunks, signal);
	source.once('error', error => parser.destroy(error));
	source.pipe(parser);
}

/** Whether a byte continues a UTF-8 sequence (10xxxxxx). */
const continues = (byte: number) => (byte & 0xc0) === 0x80;

/**
 * Where `bytes` can be cut with no UTF-8 sequence across the cut: before the last byte that does not continue one, or
 * at the end when the last three all continue one (no sequence is longer than four).
 */
function cutAt(bytes: Buffer): number {
	for (let at = bytes.length - 1; at >= Math.max(0, bytes.length - 3); at--) if (!continues(bytes[at]!)) return at;
	return bytes.length;
}

/**
 * lineText of `bytes` (one buffer, or chunks in order), a piece at a time: each cut where no UTF-8 sequence goes
 * across (see cutAt), so an invalid byte is escaped as it would be whole.
 */
export async function lineTextInPieces(bytes: Buffer | readonly Buffer[], signal?: AbortSignal): Promise<string> {
	const texts: string[] = [];
	let carried: Buffer = Buffer.alloc(0);
	for await (const piece of pieces(bytes, signal)) {
		const joined = carried.length > 0 ? Buffer.concat([carried, piece]) : piece;
		const cut = cutAt(joined);
		texts.push(lineText(joined.subarray(0, cut)));
		carried = joined.subarray(cut);
	}
	texts.push(lineText(carried));
	// Joined in one call, not added to: a string added to is flattened, copied whole, by the first that reads it.
	return texts.join('');
}
