// At most one call per interval, the last one never lost: for news that comes far more often than anyone reads it
// (a message's progress, a piece at a time), where each call redraws the dashboard.
export class Throttle {
	readonly #ms: number;
	readonly #run: () => void;
	/** performance.now() of the last run: a clock set back an hour held the next run back an hour with Date.now(). */
	#last = -Infinity;
	#timer: NodeJS.Timeout | undefined;

	constructor(ms: number, run: () => void) {
		this.#ms = ms;
		this.#run = run;
	}

	/** Runs now if the last run was an interval ago; otherwise once that interval is up. */
	poke(): void {
		if (this.#timer) return;
		const wait = this.#last + this.#ms - performance.now();
		if (wait <= 0) return this.#fire();
		this.#timer = setTimeout(() => this.#fire(), wait);
	}

	/** Drops a run still due (the caller runs its own last one). */
	cancel(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#fire(): void {
		this.#timer = undefined;
		this.#last = performance.now();
		this.#run();
	}
}

/**
 * `subscribe` with each listener told at most once per `ms`, the last notice never lost: for a reader that redraws
 * per notice, where a publisher may notify a thousand times a second.
 */
export function throttledSubscribe(subscribe: (listener: () => void) => () => void, ms: number): (listener: () => void) => () => void {
	return listener => {
		const throttle = new Throttle(ms, listener);
		const unsubscribe = subscribe(() => throttle.poke());
		return () => {
			throttle.cancel();
			unsubscribe();
		};
	};
}

type Subscribe = (listener: () => void) => () => void;

/**
 * throttledSubscribe for several publishers at once: the listeners due are told together, at most once per `ms`, so
 * a screen that reads them all redraws once for all of them.
 */
export function sharedThrottle(ms: number): (subscribe: Subscribe) => Subscribe {
	const due = new Set<() => void>();
	const throttle = new Throttle(ms, () => {
		const now = [...due];
		due.clear();
		for (const listener of now) listener();
	});
	return subscribe => listener => {
		const unsubscribe = subscribe(() => {
			due.add(listener);
			throttle.poke();
		});
		return () => {
			due.delete(listener);
			unsubscribe();
		};
	};
}
