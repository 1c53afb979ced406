// inbox --wait's order: a message saved before a lower number waits for it, a moment at most, and a number seen saved
// and removed since (a folder emptied mid-wait) is no gap. Readings of the folder's numbers, as inbox --wait takes them.
import {describe, expect, it} from 'vitest';
import {NumberGaps} from '../../source/headless/number-gaps.js';

describe('NumberGaps', () => {
	it('holds a later number until the lower one is saved', () => {
		const gaps = new NumberGaps();
		gaps.read([], 0);
		gaps.read([1, 3], 100);
		expect(gaps.holds(3)).toBe(true);
		expect(gaps.holds(1)).toBe(false);
		gaps.read([1, 2, 3], 200);
		expect(gaps.holds(3)).toBe(false);
	});

	it('waits 2 s for a number never saved, once', () => {
		const gaps = new NumberGaps();
		gaps.read([7], 0);
		gaps.read([7, 9], 0);
		gaps.read([7, 9], 1999);
		expect(gaps.holds(9)).toBe(true);
		gaps.read([7, 9], 2000);
		expect(gaps.holds(9)).toBe(false);
		gaps.read([7, 9, 11], 2100);
		expect(gaps.holds(11)).toBe(true);
		expect(gaps.holds(10)).toBe(false);
	});

	it('does not wait for numbers saved and removed since: a folder emptied mid-wait, empty or not at the start', () => {
		const fromEmpty = new NumberGaps();
		fromEmpty.read([], 0);
		fromEmpty.read([1, 2], 100);
		fromEmpty.read([], 200);
		fromEmpty.read([3], 300);
		expect(fromEmpty.holds(3)).toBe(false);
		const fromFive = new NumberGaps();
		fromFive.read([5], 0);
		fromFive.read([5, 6, 7], 100);
		fromFive.read([], 200);
		fromFive.read([8], 300);
		expect(fromFive.holds(8)).toBe(false);
		// A gap among the numbers saved since is still one.
		fromFive.read([8, 10], 400);
		expect(fromFive.holds(10)).toBe(true);
	});
});
