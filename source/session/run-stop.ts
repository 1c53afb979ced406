// The stop of the run under way (quit() or destroy() while it goes): whether one came, where, and whose it was. The
// run's end by it is the user's stop, not a failure.
import type {SessionState} from '../smtp/session-types.js';
import {stopMoment, type StopCause, type StopContext, type StopMoment} from './user-stop.js';

export class RunStop {
	/** quit() or destroy() was called while the run was going. */
	#asked = false;
	/** Where that stop came (the first one, a second Ctrl+X changes nothing). */
	#moment: StopMoment | undefined;
	/** Who stopped the run, with #moment: the user, or the terminal that hung up. */
	#cause: StopCause | undefined;

	/** A new run: no stop yet. */
	reset(): void {
		this.#asked = false;
		this.#moment = undefined;
		this.#cause = undefined;
	}

	get asked(): boolean {
		return this.#asked;
	}

	get moment(): StopMoment | undefined {
		return this.#moment;
	}

	/** A stop came; the first one says where (`connecting` and `quits` as stopMoment takes them) and whose it is. */
	ask(cause: StopCause, state: SessionState | undefined, connecting: 'tcp' | 'handshake' | undefined, quits: boolean): void {
		this.#asked = true;
		if (this.#moment !== undefined) return;
		this.#moment = stopMoment(state, connecting, quits);
		this.#cause = cause;
	}

	/** The stop about to come is a hang-up's, unless one came already. */
	hangingUp(): void {
		if (this.#moment === undefined) this.#cause = 'hangup';
	}

	/** Where a stopped connection attempt was: before the TCP connect succeeded, or in the TLS handshake after it. */
	attemptMoment(handshaking: boolean): StopMoment {
		return this.#moment === 'handshake' || handshaking ? 'handshake' : 'connecting';
	}

	/** What the words of a stop name: who stopped it, and the server (`at`: host:port, as typed). */
	context(at: string): StopContext {
		return {cause: this.#cause ?? 'user', at};
	}
}
