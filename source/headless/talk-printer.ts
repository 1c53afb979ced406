// `talk`'s output: the session log as send's transcript prints it, each entry once, as it arrives; notes of talk's
// own in the same markers; the next step when it changes. Lines are only ever appended: no escape codes of ours.
import type {SessionController} from '../session/controller.js';
import type {LogEntry} from '../session/types.js';
import {formatTextLine, visible} from './transcript.js';
import type {TerminalLines} from './talk-terminal.js';

export class TalkPrinter {
	#printed = 0;
	#hint: string | undefined;
	#terminal: TerminalLines | undefined;
	#holds: () => boolean = () => false;

	constructor(
		readonly controller: SessionController,
		readonly out: NodeJS.WritableStream,
	) {}

	/**
	 * The terminal whose prompt may be on screen when a line arrives (a server's 421 while nothing is typed). `holds`:
	 * output is to come at once (the close behind a 421), so the prompt waits for it rather than come twice.
	 */
	onIdleOutput(terminal: TerminalLines | undefined, holds: () => boolean = () => false): void {
		this.#terminal = terminal;
		this.#holds = holds;
	}

	/** The log's entries not printed yet, then the next step if it is news, in one write. */
	flush(hint?: string): void {
		const entries = this.controller.driver.log.since(this.#printed);
		const last = entries.at(-1);
		if (last) this.#printed = last.id;
		const lines = entries.flatMap(entry => formatTextLine(entry));
		// A screen reader reads each line: the same advice twice is noise.
		if (hint !== undefined && hint !== this.#hint) {
			this.#hint = hint;
			lines.push(visible(hint));
		}
		this.#write(lines);
	}

	note(text: string): void {
		this.#entry({kind: 'info', text});
	}

	error(text: string): void {
		this.#entry({kind: 'error', text});
	}

	#entry(entry: Pick<LogEntry, 'kind' | 'text'>): void {
		this.#write(formatTextLine({id: 0, time: Date.now(), ...entry}));
	}

	#write(lines: readonly string[]): void {
		if (lines.length === 0) return;
		// Under a prompt left waiting (or keys typed ahead), the lines start on a row of their own, and the prompt
		// comes again under them.
		this.#terminal?.endPromptRow();
		this.out.write(`${lines.join('\n')}\n`);
		if (!this.#holds()) this.#terminal?.reprompt();
	}
}
