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

/** Every promise callback already due has run (an async function's await takes several turns). */
const settled = () => new Promise(resolve => setImmediate(resolve));

it('a wait whose condition holds already resolves at once, with no wake', async () => {
	const waiters = new Waiters();
	let resolved = false;
	void waiters.until(() => true).then(() => (resolved = true));
	await settled();
	expect(resolved).toBe(true);
});

it('a wake while the condition does not hold resolves nothing, however long one waits after it', async () => {
	const waiters = new Waiters();
	let resolved = false;
	void waiters.until(() => false).then(() => (resolved = true));
	waiters.wakeAll();
	await settled();
	expect(resolved).toBe(false);
});

it('a wait given a signal already aborted is never checked at a wake', () => {
	const waiters = new Waiters();
	let checks = 0;
	void waiters.until(() => {
		checks++;
		return false;
	}, AbortSignal.abort());
	expect(checks).toBe(1);
	waiters.wakeAll();
	expect(checks).toBe(1);
});
