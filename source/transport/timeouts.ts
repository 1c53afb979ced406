// One restartable timer per wait: SMTP timeouts are per step (RFC 5321 §4.5.3.2), not per session.
export class StepTimer {
	#timer: NodeJS.Timeout | undefined;

	/** (Re)starts the timer; a timer already running is replaced. */
	start(ms: number, onTimeout: () => void): void {
		this.stop();
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			onTimeout();
		}, ms);
	}

	stop(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}
}
