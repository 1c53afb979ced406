// Greylisting: the first try of a sender/recipient pair is always refused; a retry once the delay has passed
// is accepted, and so is every later message of that pair.
const maxPairs = 10_000;

export class Greylist {
	private readonly firstSeen = new Map<string, number>();

	/** Milliseconds until the pair may pass, or 0 when it passes now. Never 0 on a pair's first try. */
	wait(from: string, to: string, now: number, delayMs: number): number {
		const key = `${from.toLowerCase()}\n${to.toLowerCase()}`;
		const first = this.firstSeen.get(key);
		if (first === undefined) {
			// A long-running shared sandbox must not grow without bound: forget the oldest pair.
			if (this.firstSeen.size >= maxPairs) this.firstSeen.delete(this.firstSeen.keys().next().value!);
			this.firstSeen.set(key, now);
			return Math.max(1, delayMs);
		}
		if (first + delayMs > now) return first + delayMs - now;
		// Passed once, passes from now on, whatever the delay becomes.
		this.firstSeen.set(key, Number.NEGATIVE_INFINITY);
		return 0;
	}
}
