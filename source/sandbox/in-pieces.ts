// A message of megabytes read for the inbox a piece at a time, the event loop let go between pieces: parsed in one
// go, a 50 MB message held the sandbox's sessions and the keys (Esc) for seconds.
import {Readable} from 'node:stream';
import {lineText} from '../smtp/reply-parser.js';

/** Bytes handed on at a time: a few milliseconds of parsing each. */
const PIECE = 256 * 1024;

const nextTurn = () => new Promise(resolve => setImmediate(resolve));

/**
 * `bytes` in pieces, the event loop let go between them (a message of one piece goes on at once); stops with the
 * signal's reason once `signal` is aborted.
 */
async function* pieces(bytes: Buffer, signal?: AbortSignal): AsyncGenerator<Buffer> {
	for (let at = 0; at < bytes.length; at += PIECE) {
		if (at > 0) await nextTurn();
		signal?.throwIfAborted();
		yield bytes.subarray(at, at + PIECE);
	}
}

/** `bytes` as a stream of pieces (see pieces), for a parser that takes a stream. */
export const inPieces = (bytes: Buffer, signal?: AbortSignal): Readable => Readable.from(pieces(bytes, signal), {objectMode: false});

/**
 * lineText of `bytes`, a piece at a time: each cut after a line feed, which no UTF-8 sequence holds, so an invalid
 * byte is escaped as it would be whole.
 */
export async function lineTextInPieces(bytes: Buffer, signal?: AbortSignal): Promise<string> {
	const texts: string[] = [];
	for (let at = 0; at < bytes.length; ) {
		if (at > 0) await nextTurn();
		signal?.throwIfAborted();
		const feed = bytes.indexOf(0x0a, Math.min(bytes.length, at + PIECE) - 1);
		const end = feed < 0 ? bytes.length : feed + 1;
		texts.push(lineText(bytes.subarray(at, end)));
		at = end;
	}
	return texts.join('');
}
