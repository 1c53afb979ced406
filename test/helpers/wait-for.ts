// Polls until a frame satisfies a check: frames update after a tick, and tests never sleep a fixed time.
import {stripVTControlCharacters} from 'node:util';
import {vi} from 'vitest';

/** The frame as a user reads it: colours and other escape sequences removed. */
export function plain(frame: string | undefined): string {
	return stripVTControlCharacters(frame ?? '');
}

/** Waits until `check(plain frame)` is true (or returns without throwing); fails with the last frame. */
export async function waitForFrame(
	lastFrame: () => string | undefined,
	check: (frame: string) => boolean,
	{timeout = 3000, interval = 10}: {timeout?: number; interval?: number} = {},
): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const frame = plain(lastFrame());
		if (check(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`Frame never matched within ${timeout} ms. Last frame:\n${frame}`);
		await new Promise(resolve => setTimeout(resolve, interval));
	}
}

/** Lets Ink flush a pending lone Escape (it waits a tick to tell Esc from the start of a sequence). */
export function flushInput(): Promise<void> {
	return new Promise(resolve => setImmediate(resolve));
}

/**
 * Waits until `check` (an expect) passes: a key press updates the app's state when React renders it, which on a
 * busy machine may come ticks after the press returned.
 */
export async function settled(check: () => void, {timeout = 3000}: {timeout?: number} = {}): Promise<void> {
	await vi.waitFor(check, {timeout, interval: 5});
}
