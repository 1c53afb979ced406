// Keys that ask before they act: the first press asks, a second within RESET_CONFIRM_MS acts, a later one asks again.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {RESET_CONFIRM_MS, SecondPress} from '../../source/ui/second-press.js';

describe('SecondPress', () => {
	it('asks first, acts on a second press in time, then asks again', () => {
		const press = new SecondPress();
		expect(press.asks(10_000)).toBe(true);
		expect(press.asks(10_000 + RESET_CONFIRM_MS)).toBe(false);
		expect(press.asks(10_000 + RESET_CONFIRM_MS + 1)).toBe(true);
	});

	it('asks again once the time to answer is over, or the question was forgotten', () => {
		const press = new SecondPress();
		expect(press.asks(10_000)).toBe(true);
		expect(press.asks(10_000 + RESET_CONFIRM_MS + 1)).toBe(true);
		press.forget();
		expect(press.asks(10_000 + RESET_CONFIRM_MS + 2)).toBe(true);
	});

	describe('on its own clock', () => {
		afterEach(() => {
			vi.restoreAllMocks();
		});

		it('a press long after the first asks again, though the wall clock was set back an hour meanwhile', () => {
			const wall = vi.spyOn(Date, 'now').mockReturnValue(5_000_000);
			const monotonic = vi.spyOn(performance, 'now').mockReturnValue(20_000);
			const press = new SecondPress();
			expect(press.asks()).toBe(true);
			wall.mockReturnValue(5_000_000 - 3_600_000 + 10_000);
			monotonic.mockReturnValue(30_000);
			expect(press.asks()).toBe(true);
		});

		it('the first press of a process just started asks', () => {
			vi.spyOn(performance, 'now').mockReturnValue(50);
			expect(new SecondPress().asks()).toBe(true);
		});
	});
});
