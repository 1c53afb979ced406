// The per-step clock: how long the driver waits for the server now, and what for, shown while it runs (a tarpit's
// 20 s greeting would look like a hang).
import {bdatVerb} from '../smtp/bdat.js';
import {commandName} from '../smtp/commands.js';
import type {SessionState} from '../smtp/session-types.js';
import type {Timeouts, Waited} from './timeouts.js';
import type {SessionSnapshot} from './types.js';

/** The clock the engine's state asks for: a wait, 'keep' (another clock times this), or 'stop' (nothing is awaited). */
export function clockFor(state: SessionState, timeouts: Timeouts, writingBody: boolean): {ms: number; what: string} | 'keep' | 'stop' {
	switch (state.timeout) {
		case 'connect':
			// After STARTTLS's 220 the engine waits on the handshake, which the upgrade timed already.
			return 'keep';
		case 'greeting':
			return {ms: timeouts.greeting, what: 'the greeting'};
		case 'command': {
			// Once QUIT is sent (Ctrl+X behind a slow MAIL too), replies are waited for as quit() waits for its own
			// (5 s at most), and the footer's count says so.
			const quit = state.pending.some(pending => pending.command.verb === 'QUIT');
			return {ms: quit ? Math.min(timeouts.quit, timeouts.command) : timeouts.command, what: `the reply to ${state.pending[0] ? commandName(state.pending[0]) : 'the command'}`};
		}
		case 'final-dot': {
			// BDAT's last chunk is answered as the final dot is: its line names what was sent.
			const last = state.pending[0];
			return {ms: timeouts.finalDot, what: last && bdatVerb(last.display) === '.' ? `the reply to ${commandName(last)}` : 'the reply after the final dot'};
		}
		case 'data-block':
			// The body writer keeps this clock itself. Before it starts, the message waits for the user (a step
			// prompt, lines typed by hand): DATA's reply came, and no clock of ours runs then (the server's own
			// idle limit does).
			return writingBody ? 'keep' : 'stop';
		default:
			return 'stop';
	}
}

export class StepClock {
	readonly #onTimeout: (ms: number, what: string | Waited) => void;
	#timer: NodeJS.Timeout | undefined;
	#waiting: SessionSnapshot['waiting'];
	/**
	 * The reply (or greeting) waited for, as shown before replyBegun made it "the rest of …": what a timeout's kind is
	 * read from. Undefined while the message is being written.
	 */
	#awaited: string | undefined;

	/** `onTimeout`: waited `ms` for `what` in vain. */
	constructor(onTimeout: (ms: number, what: string | Waited) => void) {
		this.#onTimeout = onTimeout;
	}

	get waiting(): SessionSnapshot['waiting'] {
		return this.#waiting;
	}

	/** The reply waited for ("the greeting"), even once it has begun; undefined when none is. */
	get awaited(): string | undefined {
		return this.#waiting && this.#awaited;
	}

	/** A wait another clock times (the transport's, for the connection to open): shown all the same. */
	show(what: string, ms: number): void {
		this.stop();
		this.#waiting = {what, since: performance.now(), timeoutMs: ms};
		this.#awaited = what;
	}

	/** `what`: what is awaited ("the greeting"), or the whole message to give once the clock runs out. */
	arm(ms: number, what: string | Waited, options: {afterInput?: boolean} = {}): void {
		this.stop();
		const {afterInput = true} = options;
		const timer = setTimeout(() => {
			// Judged once input already there is read (the poll phase comes before setImmediate's): after a stop
			// (Ctrl+Z, kill -STOP) the clock and a reply that came in time are due at once, and the clock runs first.
			if (afterInput) setImmediate(() => this.#timer === timer && this.#onTimeout(ms, what));
			else this.#onTimeout(ms, what);
		}, ms);
		this.#timer = timer;
		this.#waiting = {what: typeof what === 'string' ? what : 'the server to read the message', since: performance.now(), timeoutMs: ms};
		// A message being written awaits no reply: a refusal begun meanwhile is not "the rest of" it.
		this.#awaited = typeof what === 'string' ? what : undefined;
	}

	/** The reply waited for has begun (a greeting's "220-" line): the wait is for the rest of it, on the same clock. */
	replyBegun(): void {
		if (this.#waiting && !this.#waiting.begun && this.#awaited !== undefined) this.#waiting = {...this.#waiting, what: `the rest of ${this.#waiting.what}`, begun: true};
	}

	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#waiting = undefined;
	}
}
