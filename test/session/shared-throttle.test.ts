// sharedThrottle: listeners of several publishers told together, at most once per interval, the last notice kept.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {sharedThrottle} from '../../source/session/throttle.js';

/** A publisher: its subscribe, and a notify that tells its listeners. */
function publisher() {
	const listeners = new Set<() => void>();
	return {
		subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
		notify: () => listeners.forEach(listener => listener()),
	};
}

afterEach(() => vi.useRealTimers());

describe('sharedThrottle', () => {
	it('tells the first notice at once, then the listeners due together once the interval is up', () => {
		vi.useFakeTimers();
		const settle = sharedThrottle(100);
		const mail = publisher();
		const log = publisher();
		const told: string[] = [];
		settle(mail.subscribe)(() => told.push(`mail ${Date.now()}`));
		settle(log.subscribe)(() => told.push(`log ${Date.now()}`));
		const start = Date.now();
		mail.notify();
		expect(told).toEqual([`mail ${start}`]);
		for (let index = 0; index < 50; index++) {
			mail.notify();
			log.notify();
		}
		expect(told).toHaveLength(1);
		vi.advanceTimersByTime(100);
		expect(told).toEqual([`mail ${start}`, `mail ${start + 100}`, `log ${start + 100}`]);
		vi.advanceTimersByTime(1000);
		expect(told).toHaveLength(3);
	});

	it('tells a listener nothing once it unsubscribed', () => {
		vi.useFakeTimers();
		const settle = sharedThrottle(100);
		const mail = publisher();
		const told: number[] = [];
		const unsubscribe = settle(mail.subscribe)(() => told.push(Date.now()));
		mail.notify();
		mail.notify();
		unsubscribe();
		vi.advanceTimersByTime(200);
		expect(told).toHaveLength(1);
	});
});
