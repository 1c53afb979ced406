// `talk` at a terminal: Node's readline edits the line (history, Ctrl+A/E/U/W...), and the conversation asks it for
// one line at a time. An answer to a 334 challenge is typed with no echo, as a password is.
import readline from 'node:readline';

/** Where the conversation's lines come from: a terminal or a pipe. Undefined: the input ended (Ctrl+D, EOF). */
export type LineSource = {
	next(prompt: string, hidden: boolean): Promise<string | undefined>;
	/** No more lines are wanted (QUIT on its way): a pending next() gets undefined. */
	stop(): void;
};

/** readline's own output method, which echoes what is typed and draws the prompt: replaced while input is hidden. */
type Echoing = {_writeToOutput(text: string): void};

export class TerminalLines implements LineSource {
	readonly #rl: readline.Interface;
	/** Lines typed ahead, while the reply to the one before was awaited: taken in order, with no prompt. */
	readonly #typedAhead: string[] = [];
	#waiting: ((line: string | undefined) => void) | undefined;
	#ended = false;
	#hidden = false;
	#prompt = '';
	/** A line is asked for (the prompt is, or is to be, on screen). */
	prompting = false;
	/** The row under the last output holds the prompt or what is being typed: output starts a row of its own. */
	#rowInUse = false;
	#redraw: NodeJS.Immediate | undefined;

	constructor(
		input: NodeJS.ReadStream,
		readonly output: NodeJS.WriteStream,
	) {
		this.#rl = readline.createInterface({input, output, terminal: true, historySize: 200, removeHistoryDuplicates: true, tabSize: 8});
		const echoing = this.#rl as unknown as Echoing;
		const write = echoing._writeToOutput.bind(this.#rl);
		// Hidden: the prompt and the line's end are written, the keys typed are not (no echo, no count of them).
		echoing._writeToOutput = (text: string) => {
			if (!this.#hidden) return write(text);
			if (text === '\r\n') return write(text);
			if (text.startsWith(this.#prompt)) write(this.#prompt);
		};
		this.#rl.on('line', line => {
			// readline ended the row (CR LF); a line typed ahead of the next prompt is shown with none.
			this.prompting = false;
			this.#rowInUse = false;
			this.#hidden = false;
			this.#rl.setPrompt('');
			if (this.#waiting) {
				const waiting = this.#waiting;
				this.#waiting = undefined;
				waiting(line);
			} else this.#typedAhead.push(line);
		});
		// Ctrl+D on an empty line (or the terminal gone): the end of the input.
		this.#rl.on('close', () => this.#end());
	}

	async next(prompt: string, hidden: boolean): Promise<string | undefined> {
		const ahead = this.#typedAhead.shift();
		if (ahead !== undefined || this.#ended) return ahead;
		this.#prompt = prompt;
		this.#hidden = hidden;
		this.#rl.setPrompt(prompt);
		this.prompting = true;
		this.#show();
		return new Promise(resolve => (this.#waiting = resolve));
	}

	/**
	 * Output is about to come: a row holding the prompt, or keys typed ahead of it, ends first (on the terminal, not in
	 * a piped transcript), so no line of output starts in the middle of one.
	 */
	endPromptRow(): void {
		if (this.#rowInUse || this.#rl.line !== '') this.output.write('\n');
		this.#rowInUse = false;
	}

	/**
	 * Output has come: the prompt again, with what was typed on it so far, under it. Once, after everything that came
	 * together (a 421 and the close behind it), not under each of its lines.
	 */
	reprompt(): void {
		this.#redraw ??= setImmediate(() => {
			this.#redraw = undefined;
			if (!this.#rowInUse && (this.prompting || this.#rl.line !== '')) this.#show();
		});
	}

	/**
	 * The prompt and the line typed so far, on the fresh row output left: written as they are, where readline's
	 * prompt() would first move to the row's start and clear the screen below (escape codes a screen reader hears
	 * nothing of, but a log keeps). Only a cursor moved back into the line needs readline's redraw to put it there.
	 */
	#show(): void {
		this.#rowInUse = true;
		const rl = this.#rl as unknown as {line: string; cursor: number};
		if (rl.cursor !== rl.line.length) return this.#rl.prompt(true);
		const prompt = this.prompting ? this.#prompt : '';
		this.output.write(this.#hidden ? prompt : `${prompt}${rl.line}`);
	}

	/** Text typed on the prompt and not sent yet. */
	typed(): boolean {
		return this.prompting && this.#rl.line !== '';
	}

	/** Ctrl+C at the prompt (readline reads it in raw mode: no signal comes). */
	onInterrupt(listener: () => void): void {
		this.#rl.on('SIGINT', listener);
	}

	/** A line kept out of the history (a message line, a secret): readline added it as it was entered. */
	forget(line: string): void {
		const history = (this.#rl as unknown as {history: string[]}).history;
		if (history[0] === line) history.shift();
	}

	stop(): void {
		this.#end();
	}

	close(): void {
		this.#end();
		this.#rl.close();
	}

	/** No more lines: a prompt left on screen gets its line ended, so that what follows starts on a line of its own. */
	#end(): void {
		if (this.#redraw) clearImmediate(this.#redraw);
		this.#redraw = undefined;
		this.endPromptRow();
		this.#ended = true;
		this.prompting = false;
		const waiting = this.#waiting;
		this.#waiting = undefined;
		waiting?.(undefined);
	}
}
