// What the driver keeps of the lines it wrote, for the replies that answer them: when each went, whether the user
// typed it, and the pipelined group it went in.
import type {EncodedCommand, Step} from '../smtp/types.js';

export class SentLines {
	/** Commands typed by hand (manual mode): their replies' advice says what to type. */
	readonly #typed = new WeakSet<EncodedCommand>();
	/** The connection was opened for lines typed by hand (manual mode). */
	#typedConnection = false;
	/**
	 * When we last wrote (or connected): a reply to no command (the greeting, the answer to the message) is timed from it.
	 * These times are performance.now()'s, which no clock change moves: a laptop's clock set back an hour by NTP after
	 * a sleep gave a reply a latency of -3600000 ms.
	 */
	#lastSendAt = 0;
	/** When the server was last heard from (performance.now()). */
	#lastHeardAt = 0;
	/**
	 * How long the connection had sat idle (an exchange over, nothing awaited) before the lines now unanswered went;
	 * undefined once the server is heard from again.
	 */
	#idleBefore: number | undefined;
	/** When each command went: a reply's time is from its own command, though another went behind it (QUIT after a slow RCPT). */
	readonly #sentAt = new WeakMap<EncodedCommand, number>();
	/** Commands pipelined together (RFC 2920): the group's number, which their log lines and replies carry. */
	readonly #groupOf = new WeakMap<EncodedCommand, number>();
	#groups = 0;

	/** A connection is being opened; `typed`: for lines typed by hand (manual mode). */
	opening(typed: boolean): void {
		this.#typedConnection = typed;
		this.#idleBefore = undefined;
	}

	/** The connection opened, or a message went: what answers it is timed from now. */
	wrote(): void {
		this.#lastSendAt = performance.now();
	}

	sent(encoded: EncodedCommand): void {
		const now = performance.now();
		// The first line after a quiet spell: a line behind an unanswered one is in the same spell.
		if (this.#lastHeardAt >= this.#lastSendAt) this.#idleBefore = now - this.#lastHeardAt;
		this.#lastSendAt = now;
		this.#sentAt.set(encoded, this.#lastSendAt);
	}

	/** Bytes came from the server: the connection is alive. */
	heard(): void {
		this.#lastHeardAt = performance.now();
		this.#idleBefore = undefined;
	}

	/** How long the connection sat idle before the lines now unanswered went (undefined: it has answered since). */
	get idleBefore(): number | undefined {
		return this.#idleBefore;
	}

	/** A line the user typed went: switched to manual mid-session, from here on the user types, so advice says what to type. */
	typedByHand(encoded: EncodedCommand): void {
		this.#typed.add(encoded);
		this.#typedConnection = true;
	}

	/** The number of a new pipelined group. */
	newGroup(): number {
		return ++this.#groups;
	}

	inGroup(encoded: EncodedCommand, group: number): void {
		this.#groupOf.set(encoded, group);
	}

	/** What the reply to `command` (undefined: a reply to no command) is logged with. */
	replyTo(command: EncodedCommand | undefined, step: Step | undefined): {typed: boolean; sentAt: number; group: number | undefined} {
		// A reply to no command (an idle 421, the greeting) on a connection a typed line opened: its advice says what to
		// type too, and a lesson counts it.
		const typed = command !== undefined ? this.#typed.has(command) : step !== 'queued' && this.#typedConnection;
		return {typed, sentAt: (command && this.#sentAt.get(command)) ?? this.#lastSendAt, group: command && this.#groupOf.get(command)};
	}
}
