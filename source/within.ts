// A wait bounded in time: the work's result, or a stand-in once the time is up (the work itself is not stopped).

/** `promise`, or `late()` after `ms` (the timer cleared either way). */
export async function within<T>(promise: Promise<T>, ms: number, late: () => T): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([promise, new Promise<T>(resolve => (timer = setTimeout(() => resolve(late()), ms)))]);
	} finally {
		clearTimeout(timer);
	}
}
