// inbox --wait prints messages in their numbers' order: a number missing among those saved is waited for a moment.

/**
 * How long a message waits for a lower number not saved yet, so that messages print in their numbers' order: serve
 * numbers a message at its final dot, and one of several sessions at once may finish saving after a later number.
 * A number never saved (its write failed) holds the later ones this long, once.
 */
const GAP_WAIT_MS = 2000;

/**
 * The numbers missing among those saved since the wait began, and when each was noticed: those above the folder's
 * highest at its first reading (a gap below it is files removed), or where it was empty then, above the first saved
 * since (in a folder emptied between suites, serve numbers on from where it was).
 */
export class NumberGaps {
	private floor: number | undefined;
	private first = Infinity;
	private readonly noticed = new Map<number, number>();
	/** Numbers no longer waited for: seen saved (files removed since are no gap), or waited for long enough. */
	private readonly settled = new Set<number>();

	/** Takes a reading of the folder's complete numbers (in order); undefined: it does not exist yet. */
	read(complete: readonly number[] | undefined, now = performance.now()): void {
		if (complete === undefined) return;
		this.floor ??= complete.at(-1) ?? 0;
		const fresh = complete.filter(id => id > this.floor!);
		this.first = Math.min(this.first, fresh[0] ?? Infinity);
		for (const id of fresh) this.settled.add(id);
		for (let id = (this.floor > 0 ? this.floor : this.first) + 1; id < (fresh.at(-1) ?? 0); id++) {
			if (this.settled.has(id)) this.noticed.delete(id);
			else if (!this.noticed.has(id)) this.noticed.set(id, now);
		}
		for (const [id, since] of this.noticed) {
			if (now - since < GAP_WAIT_MS) continue;
			this.settled.add(id);
			this.noticed.delete(id);
		}
	}

	/** Whether message `id` waits for a lower number that may still be saved. */
	holds(id: number): boolean {
		for (const missing of this.noticed.keys()) if (missing < id) return true;
		return false;
	}
}
