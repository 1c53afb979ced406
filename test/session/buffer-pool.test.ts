import {describe, expect, it} from 'vitest';
import {BufferPool} from '../../source/session/buffer-pool.js';

/** Writes `length` bytes into the room the pool offers and takes them, as the DATA encoder's caller does. */
function chunk(pool: BufferPool, length: number, room = length): Buffer {
	const written = pool.room(room).fill(length % 256).subarray(0, length);
	pool.take(written);
	return written;
}

describe('BufferPool', () => {
	it('cuts chunks one after another from a slab, without overlap', () => {
		const pool = new BufferPool(100, 2);
		const a = chunk(pool, 30, 60);
		const b = chunk(pool, 40, 60);
		expect(b.buffer).toBe(a.buffer);
		expect(b.byteOffset).toBe(a.byteOffset + 30);
		expect(a.every(byte => byte === 30)).toBe(true);
	});

	it('starts a new slab when the room asked for does not fit, and reuses a slab once all its chunks are back', () => {
		const pool = new BufferPool(100, 2);
		const a = chunk(pool, 50, 50);
		const b = chunk(pool, 40, 40);
		const c = chunk(pool, 30, 30);
		expect(c.buffer).not.toBe(a.buffer);
		pool.give(a);
		expect(chunk(pool, 80, 80).buffer).not.toBe(a.buffer);
		pool.give(b);
		// Every chunk of the first slab is back: it is the next one used.
		expect(chunk(pool, 80, 80).buffer).toBe(a.buffer);
	});

	it('starts the slab being filled over once everything cut from it is back', () => {
		const pool = new BufferPool(100, 2);
		const a = chunk(pool, 60);
		pool.give(a);
		const b = chunk(pool, 60);
		expect(b.buffer).toBe(a.buffer);
		expect(b.byteOffset).toBe(a.byteOffset);
	});

	it('gives a fresh buffer for room larger than a slab, and ignores buffers it did not make', () => {
		const pool = new BufferPool(100, 1);
		const big = pool.room(150);
		expect(big.length).toBe(150);
		pool.take(big);
		pool.give(big);
		pool.give(Buffer.alloc(100));
		const a = chunk(pool, 10);
		expect(a.buffer).not.toBe(big.buffer);
		expect(a.buffer.byteLength).toBe(100);
	});
});
