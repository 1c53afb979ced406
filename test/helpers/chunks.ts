// Deterministic random chunking, so every byte fixture can also be fed split at arbitrary points.

/** mulberry32: a tiny seeded PRNG; the same seed always gives the same splits. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Split bytes at random points (empty pieces included now and then, as sockets never send them but streams may). */
export function randomChunks(bytes: Uint8Array, seed: number, maxPiece = 16): Uint8Array[] {
	const random = seededRandom(seed);
	const pieces: Uint8Array[] = [];
	let offset = 0;
	while (offset < bytes.length) {
		const size = Math.floor(random() * (maxPiece + 1));
		pieces.push(bytes.subarray(offset, offset + size));
		offset += size;
	}
	return pieces;
}

/** One byte per piece: the harshest chunking. */
export function byteChunks(bytes: Uint8Array): Uint8Array[] {
	return Array.from(bytes, (_, index) => bytes.subarray(index, index + 1));
}

/** The seeds every chunked fixture runs with. */
export const SEEDS = [1, 2, 3, 42, 1234, 99_991];
