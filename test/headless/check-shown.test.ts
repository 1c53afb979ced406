// Server text in check's sentences: escaped as send's transcript escapes it, and cut without breaking an escape.
import {expect, test} from 'vitest';
import {shown} from '../../source/headless/check-verdict.js';

test('escapes controls, bidi and line breaks as \\xHH and \\uHHHH, on one line', () => {
	expect(shown('a\x1b[2J\r\nb\u009b\u202ec\td')).toBe('a\\x1b[2J\\x0d\\x0ab\\x9b\\u202ec\\x09d');
});

test('a cut that would fall inside an escape falls before it', () => {
	// 'abcde\x1b' escaped is 9 characters: cut to 8, the "\x" of "\x1b" would be left dangling.
	expect(shown('abcde\x1bz', 8)).toBe('abcde…');
	expect(shown('abcd\u202ez', 8)).toBe('abcd…');
	expect(shown('abcdefghij', 8)).toBe('abcdefg…');
	// The dashboard's log escapes for itself: the text as received.
	expect(shown('a\x1bb', 80, true)).toBe('a\x1bb');
});
