// Keys that ask before they act: the first press asks, a second within RESET_CONFIRM_MS acts, a later one asks again.
import {describe, expect, it} from 'vitest';
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
});
