import {afterEach, beforeEach, expect, test, vi} from 'vitest';
import {StepTimer} from '../../source/transport/timeouts.js';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

test('fires once after its time', () => {
	const timer = new StepTimer();
	const fired = vi.fn();
	timer.start(1000, fired);
	vi.advanceTimersByTime(999);
	expect(fired).not.toHaveBeenCalled();
	vi.advanceTimersByTime(1);
	expect(fired).toHaveBeenCalledTimes(1);
	vi.advanceTimersByTime(10_000);
	expect(fired).toHaveBeenCalledTimes(1);
});

test('stop() cancels; start() again replaces the running wait with a new one', () => {
	const timer = new StepTimer();
	const first = vi.fn();
	const second = vi.fn();
	timer.start(1000, first);
	vi.advanceTimersByTime(600);
	timer.start(1000, second);
	vi.advanceTimersByTime(600);
	expect(first).not.toHaveBeenCalled();
	expect(second).not.toHaveBeenCalled();
	timer.stop();
	vi.advanceTimersByTime(10_000);
	expect(second).not.toHaveBeenCalled();
});
