// `talk` at a terminal: Node's readline edits the line (history, Ctrl+A/E/U/W...), and the conversation asks it for
// one line at a time. An answer to a 334 challenge is typed with no echo, as a password is; an AUTH line's initial
// response is echoed as `*`, as the dashboard's command line shows it, so neither stays in the terminal's scrollback.
import {EventEmitter} from 'node:events';
import readline from 'node:readline';
import {maskedFrom, typedVerb} from '../smtp/command-line.js';

/** Where the conversation's lines come from: a terminal or a pipe. Undefined: the input ended (Ctrl+D, EOF). */
export type LineSource = {
	next(prompt: string, hidden: boolean): Promise<string | undefined>;
	/** No more lines are wanted (QUIT on its way): a pending next() gets undefined. */
	stop(): void;
};

/**
 * What readline writes goes through here, as much of it as `shown` lets through (see TerminalLines#shown), `wrote`
 * told of what reached the terminal; and it never hears of a resize, whose redraw (escape codes, the prompt again) a
 * screen reader would read out as new text.
 */
class ReadlineScreen extends EventEmitter {
	constructor(
		readonly real: NodeJS.WriteStream,
		readonly shown: (text: string) => string,
		readonly wrote: (text: string) => void,
	) {
		super();
	}

	readonly isTTY = true;

	get columns(): number {
		return this.real.columns;
	}

	get rows(): number {
		return this.real.rows;
	}

	write(text: string, done?: () => void): boolean {
		const shown = this.shown(text);
		if (shown !== '') {
			this.real.write(shown);
			this.wrote(shown);
		}
		done?.();
		return true;
	}
}

export class TerminalLines implements LineSource {
	readonly #rl: readline.Interface;
	/** Lines typed ahead, while the reply to the one before was awaited: taken in order, with no prompt. */
	readonly #typedAhead: string[] = [];
	#waiting: ((line: string | undefined) => void) | undefined;
	#ended = false;
	/** Back from Ctrl+Z: readline is redrawing its line (see #continued). */
	#continuing = false;
	/** The line being typed is not echoed: it is, or will be when its turn comes, an answer to a 334. */
	#hidden = false;
	/** The line as last shown, and where its masked part started (an AUTH line's initial response: see maskedFrom). */
	#shownLine = '';
	#maskAt: number | undefined;
	/** Hidden because a 334 waits now (not only foreseen): whatever is typed here is the answer. */
	#answering = false;
	#prompt = '';
	/** A line is asked for (the prompt is, or is to be, on screen). */
	prompting = false;
	/**
	 * The row under the last output holds the prompt or what readline echoed of the keys typed (none for a hidden line):
	 * output starts a row of its own.
	 */
	#rowInUse = false;
	#redraw: NodeJS.Immediate | undefined;

	/**
	 * `keeps`: whether a line entered may stay in the Up history (not a message line, not a secret), asked once per
	 * line in the order typed, as it is entered: several lines pasted at once are each judged before the next comes.
	 */
	constructor(
		input: NodeJS.ReadStream,
		readonly output: NodeJS.WriteStream,
		readonly keeps: (line: string) => boolean = () => true,
	) {
		const screen = new ReadlineScreen(output, text => this.#shown(text), text => this.#wrote(text)) as unknown as NodeJS.WriteStream;
		this.#rl = readline.createInterface({input, output: screen, terminal: true, historySize: 200, removeHistoryDuplicates: true, tabSize: 8});
		this.#rl.on('line', line => {
			// readline ended the row (CR LF); a line typed ahead of the next prompt is shown with none.
			this.prompting = false;
			this.#rowInUse = false;
			this.#entered(line);
			this.#rl.setPrompt('');
			if (this.#waiting) {
				const waiting = this.#waiting;
				this.#waiting = undefined;
				waiting(line);
			} else this.#typedAhead.push(line);
		});
		// Ctrl+D on an empty line (or the terminal gone): the end of the input.
		this.#rl.on('close', () => this.#end());
		// Back from Ctrl+Z (fg): readline pauses its input on SIGCONT and leaves the resume to its owner; without it no
		// key was read again, and talk hung.
		this.#rl.on('SIGCONT', () => {
			this.#rl.resume();
			this.#continued();
		});
	}

	async next(prompt: string, hidden: boolean): Promise<string | undefined> {
		const ahead = this.#typedAhead.shift();
		if (ahead !== undefined || this.#ended) return ahead;
		this.#ask(prompt, hidden);
		this.prompting = true;
		this.#show();
		return new Promise(resolve => (this.#waiting = resolve));
	}

	/**
	 * The line awaited is now a different one (the connection ended under `message> `: what is typed next is a
	 * command): the prompt says so when it comes again, under the output that told why.
	 */
	reask(prompt: string, hidden: boolean): void {
		if (this.#waiting && prompt !== this.#rl.getPrompt()) this.#ask(prompt, hidden);
	}

	#ask(prompt: string, hidden: boolean): void {
		// A line begun ahead of the prompt stays as it was shown: hidden, its rest is hidden too (and the prompt says so).
		const begun = this.#rl.line !== '';
		const keptHidden = begun && this.#hidden && !hidden;
		this.#hidden = hidden || keptHidden;
		this.#answering = hidden;
		this.#prompt = keptHidden ? `${prompt.replace(/>\s*$/, '')} (typed ahead, hidden)> ` : prompt;
		this.#rl.setPrompt(this.#prompt);
	}

	/**
	 * Output is about to come: a row holding the prompt, or keys typed ahead of it, ends first (on the terminal, not in
	 * a piped transcript), so no line of output starts in the middle of one.
	 */
	endPromptRow(): void {
		if (this.#rowInUse) this.output.write('\n');
		this.#rowInUse = false;
	}

	/**
	 * What of readline's output reaches the terminal. Nothing while talk closes (keys pressed then, a second Ctrl+C,
	 * are still read) or while it comes back from Ctrl+Z (its redraw is replaced: #continued). Of a hidden line only
	 * its end, and only where it ends a row in use (the hidden prompt's): no echo, no cursor move, no redraw whose column
	 * would count the keys, and no empty row for a line typed ahead with no prompt. Else the text, an initial response
	 * masked.
	 */
	#shown(text: string): string {
		if (this.#ended || this.#continuing) return '';
		if (this.#hidden) return text === '\r\n' && this.#rowInUse ? text : '';
		return this.#masked(text);
	}

	/** Text written on the terminal: a row ended (Enter's CR LF, output's line) is a fresh one. */
	#wrote(text: string): void {
		this.#rowInUse = !text.endsWith('\n');
	}

	/**
	 * Output has come: the prompt again, with what was typed on it so far, under it. Once, after everything that came
	 * together (a 421 and the close behind it), not under each of its lines.
	 */
	reprompt(): void {
		if (this.#ended) return;
		this.#redraw ??= setImmediate(() => {
			this.#redraw = undefined;
			if (!this.#rowInUse && (this.prompting || this.#rl.line !== '')) this.#show();
		});
	}

	/**
	 * The prompt and the line typed so far, on the fresh row output left: written as they are, where readline's
	 * prompt() would first move up to the row its line began on before the output (over the output's last rows, for a
	 * line that wrapped) and clear the screen below. A cursor moved back into the line is put back in its place, and
	 * readline told which row of the line it is on, so that its next redraw starts where the line now does.
	 */
	#show(): void {
		const rl = this.#rl as unknown as {line: string; cursor: number; prevRows: number};
		const prompt = this.prompting ? this.#prompt : '';
		const text = this.#hidden ? prompt : `${prompt}${shownPart(rl.line, 0, this.#maskStart(rl.line))}`;
		if (text === '') return;
		this.output.write(text);
		this.#wrote(text);
		if (this.#hidden) return;
		const cursor = this.#rl.getCursorPos();
		const end = this.#endPosition();
		// As readline does: a line that fills its last row whole has the terminal put the cursor on the next one.
		if (end.cols === 0) this.output.write(' ');
		if (end.cols === 0 || cursor.cols !== end.cols) readline.cursorTo(this.output, cursor.cols);
		if (end.rows > cursor.rows) readline.moveCursor(this.output, 0, cursor.rows - end.rows);
		rl.prevRows = cursor.rows;
	}

	/** Where the prompt and the whole line typed end, as readline counts rows and columns. */
	#endPosition(): {rows: number; cols: number} {
		const rl = this.#rl as unknown as {line: string; cursor: number};
		const cursor = rl.cursor;
		rl.cursor = rl.line.length;
		const end = this.#rl.getCursorPos();
		rl.cursor = cursor;
		return end;
	}

	/** Where the masked part of `line` (as readline now holds it) starts: once masked, a secret stays so as it is edited. */
	#maskStart(line: string): number {
		this.#maskAt = maskedFrom(this.#shownLine, this.#maskAt, line);
		this.#shownLine = line;
		return this.#maskAt ?? line.length;
	}

	/**
	 * What readline echoes of the line, with an AUTH line's initial response as `*`, one per character (readline's
	 * columns stay right): a redraw writes the prompt and the whole line, a key typed at the line's end (or a paste
	 * on one row) only what it added. Anything else (a cursor move, the line's end) holds no text of the line.
	 */
	#masked(text: string): string {
		const rl = this.#rl as unknown as {line: string; cursor: number} | undefined;
		if (!rl) return text;
		const from = this.#maskStart(rl.line);
		if (from >= rl.line.length) return text;
		const prompt = this.#rl.getPrompt();
		if (text.startsWith(`${prompt}${rl.line}`)) return `${prompt}${shownPart(rl.line, 0, from)}${text.slice(prompt.length + rl.line.length)}`;
		if (rl.cursor === rl.line.length && text !== '' && rl.line.endsWith(text)) return shownPart(rl.line, rl.line.length - text.length, from);
		return text;
	}

	/**
	 * Back from Ctrl+Z, readline redraws its line at once, from the row's start and clearing the screen below it (and
	 * rows up, for a line that wrapped: over the shell's own lines). None of that reaches the terminal: the cursor is on
	 * a fresh row under the shell's, where the prompt and the line typed so far come again as plain text.
	 */
	#continued(): void {
		this.#continuing = true;
		queueMicrotask(() => {
			this.#continuing = false;
			this.#rowInUse = false;
			if (this.prompting || this.#rl.line !== '') this.#show();
		});
	}

	/** Text typed on the prompt and not sent yet. */
	typed(): boolean {
		return this.prompting && this.#rl.line !== '';
	}

	/** Ctrl+C at the prompt (readline reads it in raw mode: no signal comes). */
	onInterrupt(listener: () => void): void {
		this.#rl.on('SIGINT', listener);
	}

	/**
	 * A line entered (readline added it to the history just now, and nothing was typed since): out of the history again
	 * if it is a message line or a secret; and whether the line typed next is hidden, as far as is known before the
	 * server answers: after AUTH, and after an answer (LOGIN asks twice) up to a command, a line is an answer. The
	 * conversation says at the next prompt what the server waits for, if nothing was typed ahead of it by then.
	 */
	#entered(line: string): void {
		const kept = this.keeps(line) && !this.#hidden;
		const history = (this.#rl as unknown as {history: string[]}).history;
		if (!kept && history[0] === line) history.shift();
		const verb = typedVerb(line);
		// A line sent starts the next afresh.
		this.#shownLine = '';
		this.#maskAt = undefined;
		this.#hidden = verb === 'AUTH' || (this.#hidden && (this.#answering || verb === undefined));
		this.#answering = false;
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

/** `line` from `start` on as it is shown: from `masked` on (an initial response) as `*`, one per character. */
function shownPart(line: string, start: number, masked: number): string {
	const from = Math.max(start, masked);
	return `${line.slice(start, from)}${'*'.repeat([...line.slice(from)].length)}`;
}
