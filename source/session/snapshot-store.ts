// An immutable snapshot and its subscribers, in the shape useSyncExternalStore reads: the driver's and the
// controller's.
export class SnapshotStore<T> {
	readonly #listeners = new Set<() => void>();
	readonly #build: () => T;
	#snapshot: T;

	/** `build`: the snapshot as things stand, made now and at each publish. */
	constructor(build: () => T) {
		this.#build = build;
		this.#snapshot = build();
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	getSnapshot = (): T => this.#snapshot;

	/** A new snapshot, and every subscriber told. */
	publish(): void {
		this.#snapshot = this.#build();
		for (const listener of this.#listeners) listener();
	}
}
