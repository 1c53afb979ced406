// Chunks of a message held until they are joined, with those under SMALL bytes copied together first: a client
// that sends a byte at a time (or a trickle of tiny TCP segments) would otherwise have each byte held as a Buffer
// object of its own, ~100 bytes each (64 KiB of header as 6.8 MB).

/** A chunk this short is copied together with the next ones. */
const SMALL = 4096;

export class HeldChunks {
	/** Bytes held in all. */
	bytes = 0;
	#held: Buffer[] = [];
	/** Chunks under SMALL bytes, not yet copied into one. */
	#small: Buffer[] = [];
	#smallBytes = 0;

	push(chunk: Buffer): void {
		this.bytes += chunk.length;
		if (chunk.length >= SMALL) {
			this.#gather();
			this.#held.push(chunk);
		} else {
			this.#small.push(chunk);
			this.#smallBytes += chunk.length;
			if (this.#smallBytes >= SMALL) this.#gather();
		}
	}

	/** All of it in one Buffer, which is then held in place of the chunks: a single chunk is not copied. */
	join(): Buffer {
		this.#gather();
		const whole = this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held, this.bytes);
		this.#held = [whole];
		return whole;
	}

	/** Holds only `rest` from now on (empty by default). */
	reset(rest?: Buffer): void {
		this.#held = rest ? [rest] : [];
		this.#small = [];
		this.bytes = rest?.length ?? 0;
		this.#smallBytes = 0;
	}

	#gather(): void {
		if (this.#small.length === 0) return;
		this.#held.push(this.#small.length === 1 ? this.#small[0]! : Buffer.concat(this.#small, this.#smallBytes));
		this.#small = [];
		this.#smallBytes = 0;
	}
}
