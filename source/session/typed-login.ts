// Manual mode: which typed lines answer an AUTH, and so carry credentials (masked in the log, kept out of the command
// history). Followed in typing order: a pasted script's answers come before the 334 that asks for them.
import {carriesCredentials} from '../smtp/command-line.js';
import type {LogEntry} from './types.js';

export class TypedLogin {
	/** An AUTH line was typed, and no other command since: the lines after it are its answers (secrets). */
	#authTyped = false;
	/**
	 * The same, followed by sendLine for what the log shows: remembers() runs as the key is handled, sendLine may run
	 * later (the app waits for the sandbox first), and a login that succeeded clears this one.
	 */
	#answeringAuth = false;
	/** AUTH lines typed so far: what a reply teaches about one AUTH must not change what a later one set. */
	#authCount = 0;
	/** A 334 came to the AUTH typed last: its exchange really happened, and when it ends the lines are commands again. */
	#challenged = false;

	/** The lines typed behind an AUTH are still taken as its answers (also once the server refused it). */
	get answering(): boolean {
		return this.#answeringAuth;
	}

	/** For remembers(), as the key is handled: whether a line of `verb` (undefined: no command) answers an AUTH typed before it. */
	answersTyped(verb: string | undefined): boolean {
		const answer = this.#authTyped && verb === undefined;
		if (verb !== undefined) this.#authTyped = verb === 'AUTH';
		return answer;
	}

	/**
	 * For sendLine, in typing order: whether the line carries credentials (`exchangeOpen`: a 334 waits for its answer),
	 * and the AUTH it was typed behind, for replied().
	 */
	typed(line: string, verb: string | undefined, exchangeOpen: boolean): {secret: boolean; auth: number} {
		// A line that is no command, typed right behind an AUTH, may answer its challenge.
		const secret = carriesCredentials(line, exchangeOpen || (this.#answeringAuth && verb === undefined));
		if (verb !== undefined) this.#answeringAuth = verb === 'AUTH';
		if (verb === 'AUTH') {
			this.#authCount++;
			this.#challenged = false;
		}
		return {secret, auth: this.#authCount};
	}

	/** The replies to a line sent behind AUTH number `auth` are in; `exchangeOpen`: a 334 still waits for its answer. */
	replied(auth: number, replies: readonly LogEntry[], exchangeOpen: () => boolean): void {
		if (auth !== this.#authCount) return;
		if (replies.some(entry => entry.reply?.code === 334)) this.#challenged = true;
		// A login that succeeded, or an exchange that really happened and ended (535 after the answers, 501 after
		// "*"), ends what the lines behind AUTH may be: they are commands again (and shown as typed). Only an AUTH
		// refused before any challenge leaves them taken as credentials.
		if (replies.some(entry => entry.reply?.code === 235) || (this.#challenged && !exchangeOpen())) {
			this.#answeringAuth = false;
			this.#challenged = false;
		}
	}
}
