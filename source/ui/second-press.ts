// Keys that ask before they act (Ctrl+F's reset, Ctrl+L's MX, a second copy, a Ctrl+C that loses lines): the first
// press asks in the footer, a second within RESET_CONFIRM_MS does it.

/** How soon a second Ctrl+F (or Ctrl+S, to send what may have arrived already) must follow the first. */
export const RESET_CONFIRM_MS = 3000;

export class SecondPress {
	#askedAt = -Infinity;

	/** True for a press that asks (none asked within RESET_CONFIRM_MS); false for the one that answers, which is then forgotten.
	 * On performance.now(), which no clock change moves: a clock set back an hour made any later press the answer. */
	asks(now = performance.now()): boolean {
		if (now - this.#askedAt > RESET_CONFIRM_MS) {
			this.#askedAt = now;
			return true;
		}
		this.#askedAt = -Infinity;
		return false;
	}

	/** The question is no longer on screen: the next press asks again. */
	forget(): void {
		this.#askedAt = -Infinity;
	}
}
