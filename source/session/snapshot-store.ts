// An immutable snapshot and its subscribers, in the shape useSyncExternalStore reads: the driver's and the
// controller's.
export class SnapshotStore<T> {
	readonly #listeners = new Set<() => void>();
	readonly #build: () => T;
	#snapshot: T | undefined;
	/** Published since the last build: the next read builds afresh. */
	#stale = true;

	/**
	 * `build`: the snapshot as things stand, made when first read after a publish, not at each one: a session
	 * publishes for every protocol event (a thousand for 500 recipients), and a build reads every recipient, while the
	 * dashboard reads a snapshot at most once a frame.
	 */
	constructor(build: () => T) {
		this.#build = build;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	getSnapshot = (): T => {
		if (this.#stale) {
			this.#snapshot = this.#build();
			this.#stale = false;
		}
		return this.#snapshot as T;
	};

	/** Things changed: the next read gets a new snapshot, and every subscriber is told. */
	publish(): void {
		this.#stale = true;
		for (const listener of this.#listeners) listener();
	}
}
