// `talk`'s lines from a pipe, read one at a time as the conversation asks for them; and, when the session ended before
// the input did (QUIT answered, the server's close), the lines that came and were not sent, counted for the script's author.
import {ReadStream} from 'node:fs';
import type {Readable} from 'node:stream';
import {setImmediate} from 'node:timers/promises';
import {ScriptLines} from './talk-lines.js';
import type {LineSource} from './talk-terminal.js';

/**
 * Lines read and not sent, blank ones left out (Enter alone sends nothing: a script's last empty line is no loss);
 * `more`: the input had not ended, and what follows was not waited for.
 */
export type Unsent = {lines: number; more: boolean};

export class PipeLines implements LineSource {
	readonly #split = new ScriptLines();
	readonly #ready: string[] = [];
	readonly #stream: Readable;
	readonly #chunks: AsyncIterator<Buffer | string>;
	#ended = false;
	#stop: () => void = () => undefined;
	readonly #stopped = new Promise<undefined>(resolve => (this.#stop = () => resolve(undefined)));

	constructor(stream: Readable) {
		this.#stream = stream;
		this.#chunks = stream[Symbol.asyncIterator]();
	}

	async next(): Promise<string | undefined> {
		while (this.#ready.length === 0 && !this.#ended) {
			const chunk = await Promise.race([this.#chunks.next(), this.#stopped]);
			if (chunk === undefined) return undefined;
			if (chunk.done) this.#ended = true;
			this.#ready.push(...(chunk.done ? this.#split.end() : this.#split.add(chunk.value)));
		}
		return this.#ready.shift();
	}

	/**
	 * Stopped (the connection ended, QUIT on its way), the input is let go of: pausing it would not stop the line
	 * iterator's reading, and a pipe still open behind it (`(cat script; sleep 60) | smtp-tui talk`) would then keep the
	 * process running after the session ended.
	 */
	stop(): void {
		this.#stop();
		this.#stream.destroy();
	}

	/**
	 * The lines that came and were not sent: a file's to its end, a pipe's as far as they came by now (never waited for:
	 * a script may keep its pipe open). Asked while no next() waits, before stop().
	 */
	async unsent(): Promise<Unsent> {
		if (this.#stream instanceof ReadStream) {
			let lines = 0;
			for (let line = await this.next(); line !== undefined; line = await this.next()) if (!blank(line)) lines++;
			return {lines, more: false};
		}
		for (let chunk = this.#stream.read() as Buffer | string | null; chunk !== null; chunk = this.#stream.read() as Buffer | string | null) {
			this.#ready.push(...this.#split.add(chunk));
		}
		// A read that found the buffer empty at the end of the input emits 'end' on the next tick; a line still
		// without its LF then counts.
		await setImmediate();
		if (this.#stream.readableEnded && !this.#ended) {
			this.#ended = true;
			this.#ready.push(...this.#split.end());
		}
		return {lines: this.#ready.filter(line => !blank(line)).length, more: !this.#ended};
	}
}

const blank = (line: string) => line.trim() === '';
