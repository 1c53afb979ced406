// The protocol log: append-only with a cap. Trimming drops a block at once so appends stay O(1) amortised
// and renders (which only read a window by index) never copy the whole log.
import type {LogEntry} from './types.js';

export type NewLogEntry = Omit<LogEntry, 'id' | 'time'> & {time?: number};

export class LogBuffer {
	readonly #entries: LogEntry[] = [];
	#total = 0;

	constructor(readonly cap = 200_000) {}

	/** The live array: read-only for callers, valid until the next append. */
	get entries(): readonly LogEntry[] {
		return this.#entries;
	}

	/** How many entries were ever appended (ids run from 1 to total). */
	get total(): number {
		return this.#total;
	}

	append(entry: NewLogEntry): LogEntry {
		const full: LogEntry = {...entry, id: ++this.#total, time: entry.time ?? Date.now()};
		this.#entries.push(full);
		if (this.#entries.length > this.cap) this.#entries.splice(0, Math.ceil(this.cap / 10));
		return full;
	}

	/** Entries appended after the one with the given id (for incremental printing). */
	since(id: number): LogEntry[] {
		return entriesSince(this.#entries, id);
	}
}

/** Of a log's entries (consecutive ids, as LogBuffer keeps them), those after the one with the given id. */
export function entriesSince(entries: readonly LogEntry[], id: number): LogEntry[] {
	const first = entries[0];
	if (!first) return [];
	return entries.slice(Math.max(0, id + 1 - first.id));
}
