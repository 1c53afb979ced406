// What the driver's run and step prompts wait on: a condition re-checked at each event (a reply, a close). Each
// wait is gone once it settled or was abandoned, so the prompts of a long session leave nothing behind.
export class Waiters {
	/** Each returns whether its wait is over. */
	readonly #checks = new Set<() => boolean>();

	/** Resolves once `ready()` holds: now, or at a later wake. Once `signal` aborts, it never does. */
	async until(ready: () => boolean, signal?: AbortSignal): Promise<void> {
		if (ready()) return;
		await new Promise<void>(resolve => {
			const check = () => {
				if (!ready()) return false;
				resolve();
				return true;
			};
			this.#add(check, signal);
		});
	}

	/** Resolves at the next wake. */
	async next(): Promise<void> {
		await new Promise<void>(resolve => {
			this.#add(() => {
				resolve();
				return true;
			});
		});
	}

	/** Something happened: every wait checks its condition again. */
	wakeAll(): void {
		for (const check of [...this.#checks]) if (check()) this.#checks.delete(check);
	}

	#add(check: () => boolean, signal?: AbortSignal): void {
		if (signal?.aborted) return;
		this.#checks.add(check);
		signal?.addEventListener('abort', () => this.#checks.delete(check), {once: true});
	}
}
