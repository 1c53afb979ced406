// Polling waits: tests wait for a condition, never for a fixed time.
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeout = 5000): Promise<T> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const value = probe();
		if (value !== undefined && value !== null && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}
