import {expect, it} from 'vitest';
import {Waiters} from '../../source/session/waiters.js';

it('a wait resolves at the wake after which its condition holds, and is not checked again', async () => {
	const waiters = new Waiters();
	let ready = false;
	let checks = 0;
	let resolved = false;
	const wait = waiters
		.until(() => {
			checks++;
			return ready;
		})
		.then(() => (resolved = true));
	waiters.wakeAll();
	await Promise.resolve();
	expect(resolved).toBe(false);
	ready = true;
	waiters.wakeAll();
	await wait;
	const after = checks;
	waiters.wakeAll();
	expect(checks).toBe(after);
});

it('a wait abandoned (a step prompt answered first) is never checked again', () => {
	const waiters = new Waiters();
	let checks = 0;
	// Step mode races each prompt against the session's end: every answered prompt abandons one such wait.
	for (let prompt = 0; prompt < 3; prompt++) {
		const abandon = new AbortController();
		void waiters.until(() => {
			checks++;
			return false;
		}, abandon.signal);
		abandon.abort();
	}
	const before = checks;
	waiters.wakeAll();
	expect(checks).toBe(before);
});

it('next() resolves at the next wake, not before', async () => {
	const waiters = new Waiters();
	let woken = false;
	const next = waiters.next().then(() => (woken = true));
	await Promise.resolve();
	expect(woken).toBe(false);
	waiters.wakeAll();
	await next;
	expect(woken).toBe(true);
});
