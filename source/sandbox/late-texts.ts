// Messages' text and links read after their 250, once the server is quiet: where only a screen's filter reads them
// (smtp-tui inbox without --http or --save-dir), a test suite's burst of mail is not held for them (~0.45 ms of
// CPU a message, and the JIT's work on html-to-text and mailsplit). A filter typed asks for them at once (readNow).
import {messageText, type MessageText} from './message-text.js';

/** Read once no message has come for this long… */
const QUIET_MS = 100;
/** …or once the oldest unread one has waited this long, so a steady stream of mail is read too. */
const LONGEST_WAIT_MS = 1000;

export class LateTexts {
	/** By id, in arrival order: the message's first bytes (see messageText), its size, and when it came. */
	readonly #unread = new Map<number, {start: Buffer; size: number; since: number}>();
	readonly #apply: (id: number, text: MessageText | undefined) => void;
	#timer: NodeJS.Timeout | undefined;
	#reading: Promise<void> | undefined;

	/** `apply`: a message's text and links, read (undefined: its MIME walk could not read it). */
	constructor(apply: (id: number, text: MessageText | undefined) => void) {
		this.#apply = apply;
	}

	add(id: number, start: Buffer, size: number): void {
		const now = Date.now();
		this.#unread.set(id, {start, size, since: now});
		if (this.#reading) return;
		clearTimeout(this.#timer);
		const oldest = this.#unread.values().next().value!.since;
		this.#timer = setTimeout(() => void this.readNow(), Math.max(0, Math.min(QUIET_MS, oldest + LONGEST_WAIT_MS - now)));
		// A server that is stopping does not wait for them: nothing is saved of them.
		this.#timer.unref();
	}

	/** A message let go before its text was read: not read. */
	forget(id: number): void {
		this.#unread.delete(id);
	}

	/** Reads every unread text now, one message at a time (the sessions' replies go out in between). */
	readNow(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#reading ??= this.#read().finally(() => (this.#reading = undefined));
		return this.#reading;
	}

	async #read(): Promise<void> {
		for (const [id, {start, size}] of this.#unread) {
			this.#unread.delete(id);
			// A body its MIME walk cannot read gives no text, as at arrival.
			this.#apply(id, await messageText(start, size).catch(() => undefined));
			// The sessions' replies and new mail go first: a burst that begins meanwhile is not held for the rest.
			await new Promise(resolve => setImmediate(resolve));
		}
	}
}
