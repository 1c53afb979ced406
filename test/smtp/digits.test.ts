import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {groupDigits} from '../../source/smtp/digits.js';

describe('groupDigits', () => {
	it('groups thousands like en-US', () => {
		expect(groupDigits(0)).toBe('0');
		expect(groupDigits(999)).toBe('999');
		expect(groupDigits(1000)).toBe('1,000');
		expect(groupDigits(14_680_064)).toBe('14,680,064');
	});

	it('agrees with toLocaleString for any safe integer', () => {
		fc.assert(fc.property(fc.maxSafeNat(), count => groupDigits(count) === count.toLocaleString('en-US')));
	});
});
