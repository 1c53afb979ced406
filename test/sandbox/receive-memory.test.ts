// A client that sends its message a byte at a time (or a trickle of tiny TCP segments) costs serve the bytes it
// keeps of the message under way, not a Buffer object for each byte: the header part (64 KiB) and a body kept in
// memory are held in pieces of 4 KiB, and come out byte for byte as sent.
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {headerScanBytes} from '../../source/sandbox/header-scan.js';
import {receiveMessage, type DataStream} from '../../source/sandbox/receive-message.js';
import {mostHeld} from './helpers/held-memory.js';

/** A header section of 1 KiB, then 100 KiB of text: past the 64 KiB the header part keeps. */
const MESSAGE = Buffer.from(`Subject: a byte at a time\r\nX-Filler: ${'f'.repeat(1000)}\r\n\r\n${'the same line of text, again and again\r\n'.repeat(2600)}`);

/** Receives MESSAGE written a byte at a time; returns what came of it and the most memory held while it came. */
async function byteAtATime(keepBytes: number) {
	const stream = Object.assign(new PassThrough(), {sizeExceeded: false});
	const receiving = receiveMessage(stream as DataStream, {keepBytes, file: undefined, scan: true});
	// Flowing, so each byte written is read at once rather than waiting in the stream.
	await new Promise(resolve => setImmediate(resolve));
	let waiting = 0;
	const held = mostHeld(MESSAGE.length, 16 * 1024, at => {
		stream.write(MESSAGE.subarray(at, at + 1));
		waiting = Math.max(waiting, stream.readableLength);
	});
	expect(waiting).toBe(0);
	stream.end();
	return {received: (await receiving)!, held};
}

describe('receiveMessage from a client that sends a byte at a time', () => {
	it('holds the 64 KiB header part as bytes, not a Buffer per byte, and keeps it as sent', async () => {
		const {received, held} = await byteAtATime(0);
		expect(received.header.equals(MESSAGE.subarray(0, headerScanBytes))).toBe(true);
		expect(received).toMatchObject({size: MESSAGE.length, raw: undefined, signed: false, attachment: false});
		// A Buffer object for each of 64 Ki bytes was ~6.8 MB.
		expect(held).toBeLessThan(2 * 1024 * 1024);
	});

	it('holds a body kept in memory as bytes too, and gives it whole as sent', async () => {
		const {received, held} = await byteAtATime(1024 * 1024);
		expect(received.raw?.equals(MESSAGE)).toBe(true);
		expect(received.header.equals(MESSAGE)).toBe(true);
		// A Buffer object for each byte of header part and body was ~17 MB.
		expect(held).toBeLessThan(2 * 1024 * 1024);
	});
});

/** MESSAGE received in chunks of these sizes, over and over. */
async function inChunks(keepBytes: number, sizes: number[]) {
	const stream = Object.assign(new PassThrough(), {sizeExceeded: false});
	const receiving = receiveMessage(stream as DataStream, {keepBytes, file: undefined, scan: true});
	for (let at = 0, n = 0; at < MESSAGE.length; at += sizes[n++ % sizes.length]!) stream.write(MESSAGE.subarray(at, at + sizes[n % sizes.length]!));
	stream.end();
	return (await receiving)!;
}

describe('receiveMessage in chunks of mixed sizes', () => {
	it('gives the message and its header part byte for byte, small chunks gathered between large ones', async () => {
		const sizes = [1, 5000, 3, 4095, 4096, 7, 70_000, 2];
		expect((await inChunks(1024 * 1024, sizes)).raw?.equals(MESSAGE)).toBe(true);
		expect((await inChunks(0, sizes)).header.equals(MESSAGE.subarray(0, headerScanBytes))).toBe(true);
	});
});
