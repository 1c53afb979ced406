import {describe, expect, it} from 'vitest';
import {linesHanded} from '../../source/session/typed-lines-handed.js';

describe('linesHanded', () => {
	const lines = ['Subject: hi', '', '.dot', 'é'];
	// On the wire: 13, 2, 7 (the dot doubled), 4 (é is two octets) = 26 octets in all.
	it('counts a line only once all its octets went, CRLF, a stuffed dot and UTF-8 included', () => {
		expect(linesHanded(lines, 0)).toBe(0);
		expect(linesHanded(lines, 12)).toBe(0);
		expect(linesHanded(lines, 13)).toBe(1);
		expect(linesHanded(lines, 15)).toBe(2);
		expect(linesHanded(lines, 21)).toBe(2);
		expect(linesHanded(lines, 22)).toBe(3);
		expect(linesHanded(lines, 25)).toBe(3);
		expect(linesHanded(lines, 26)).toBe(4);
	});

	it('takes every line when more went than they hold, and none of none', () => {
		expect(linesHanded(lines, 1000)).toBe(4);
		expect(linesHanded([], 10)).toBe(0);
	});
});
