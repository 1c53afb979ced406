// `serve`'s lines on their way to stdout: gathered and written in batches, and never held without bound for a
// reader that does not read (`serve --json | sleep 120`).
//
// Node does not block on a pipe (only on a file, and a terminal on POSIX): what the reader has not taken waits in
// the process's memory, tens of MB as a catcher takes mail at full speed. Past a limit, log lines are dropped
// and counted instead (the mail flow goes on as usual, and no client waits on the log), and the next line that
// goes out is preceded by one that says how many are missing there.

/** How much a line may be dropped for. */
type LineKind = 'log' | 'error' | 'kept';

/** Bytes waiting for the reader above which log lines are dropped: ~2,000 JSON lines, seconds of a slow reader. */
const dropLogAbove = 1024 * 1024;
/** Above this errors go too: a flood of failing clients must not fill the memory either. */
const dropErrorsAbove = 8 * 1024 * 1024;
/** Lines are written this often, not one by one: under load a write per event costs more than serving the mail. */
const flushEveryMs = 20;

export class ServeLines {
	private pending: string[] = [];
	private pendingBytes = 0;
	private dropped = 0;

	/** `droppedLine`: the line that says how many lines are missing where it stands. */
	constructor(
		private readonly stdout: NodeJS.WritableStream,
		private readonly droppedLine: (count: number) => string,
	) {}

	/** `kept` lines (start-up, warnings, the stop, the count of dropped lines) are few, and never dropped. */
	add(text: string, kind: LineKind): void {
		if (kind !== 'kept' && this.waiting() > (kind === 'log' ? dropLogAbove : dropErrorsAbove)) {
			this.dropped++;
			return;
		}
		// The count stands where the lines went missing, before the first line after the gap.
		this.reportDropped();
		this.queue(text);
	}

	/** Says how many lines were dropped since the last such line, if any. */
	reportDropped(): void {
		if (this.dropped === 0) return;
		const count = this.dropped;
		this.dropped = 0;
		this.queue(this.droppedLine(count));
	}

	private queue(text: string): void {
		if (this.pending.length === 0) setTimeout(() => this.flush(), flushEveryMs);
		this.pending.push(text);
		this.pendingBytes += Buffer.byteLength(text) + 1;
	}

	/** Writes what is gathered now (before the process may exit). */
	flush(): void {
		if (this.pending.length === 0) return;
		this.stdout.write(`${this.pending.join('\n')}\n`);
		this.pending = [];
		this.pendingBytes = 0;
	}

	/** Bytes the reader has not taken yet: written, or gathered to be. */
	private waiting(): number {
		return ((this.stdout as {writableLength?: number}).writableLength ?? 0) + this.pendingBytes;
	}
}
