// The lines of a multi-line reply logged as they come, before its last line (postscreen's "220-" while it holds back
// the rest): when the reply ends, or breaks off, only what was not logged yet is, so the log holds it once, in order.
import {hideScramSignatures} from '../smtp/scram-signature.js';

/**
 * Lines logged ahead of one reply, at most this many: a server that drips a huge reply must not push the session out
 * of the log's ring buffer before the reply is refused (its first lines and a count are logged then).
 */
const AHEAD_MAX = 20;

export class LinesAhead {
	/** The lines logged ahead, as received. */
	#lines: string[] = [];

	/** Of the lines just received, those to log now; they are remembered as logged. */
	take(lines: readonly string[]): string[] {
		const taken = lines.slice(0, Math.max(0, AHEAD_MAX - this.#lines.length));
		this.#lines.push(...taken);
		return taken;
	}

	/** How many lines are logged ahead of the reply under way. */
	get count(): number {
		return this.#lines.length;
	}

	/**
	 * What is left to log of lines that start with the reply's own (a reply whole, what came of one cut off, the lines
	 * quoted by a protocol error): those logged ahead are left out. The next reply starts afresh.
	 */
	rest<T>(items: readonly T[], text: (item: T) => string): T[] {
		// Compared as shown: a reply to a SCRAM login comes with its signature hidden (shownReply), the lines ahead as received.
		const same = (item: T, line: string) => hideScramSignatures(text(item)) === hideScramSignatures(line);
		let skipped = 0;
		while (skipped < this.#lines.length && skipped < items.length && same(items[skipped]!, this.#lines[skipped]!)) skipped++;
		this.#lines = [];
		return items.slice(skipped);
	}

	clear(): void {
		this.#lines = [];
	}
}
