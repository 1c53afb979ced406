// SASLprep (RFC 4013) on RFC 4013's own examples (§3), then each prohibited table and the bidi rule of RFC 3454 §6.
import {describe, expect, it} from 'vitest';
import {saslPrep} from '../../source/smtp/saslprep.js';
import {SmtpInputError} from '../../source/smtp/types.js';

const refusal = (text: string): string => {
	try {
		saslPrep(text, 'AUTH password');
	} catch (error) {
		if (error instanceof SmtpInputError && error.field === 'AUTH password') return error.message;
		throw error;
	}
	throw new Error(`not refused: ${JSON.stringify(text)}`);
};

describe('SASLprep', () => {
	it("RFC 4013 §3's examples", () => {
		expect(saslPrep('I\u00adX', 'AUTH password')).toBe('IX');
		expect(saslPrep('user', 'AUTH password')).toBe('user');
		expect(saslPrep('USER', 'AUTH password')).toBe('USER');
		expect(saslPrep('\u00aa', 'AUTH password')).toBe('a');
		expect(saslPrep('\u2168', 'AUTH password')).toBe('IX');
		expect(refusal('\u0007')).toMatch(/^AUTH password contains U\+0007, an ASCII control character \(table C\.2\.1\): SASLprep \(RFC 4013\) forbids that in a SCRAM login, and a server that follows RFC 5802 prepares what it stores the same way, so it cannot be the right one; check it for a stray character \(from a file or a paste\)$/);
		expect(refusal('\u0627\u0031')).toMatch(/^AUTH password has right-to-left characters, but ends with U\+0031, which is not one: SASLprep/);
	});

	it('maps non-ASCII spaces to a space and the commonly-mapped-to-nothing characters to nothing, then NFKC', () => {
		expect(saslPrep('a\u00a0b\u3000c\u2003d', 'AUTH password')).toBe('a b c d');
		expect(saslPrep('a\u200bb\u200dc\ufeffd\ufe0fe\u034f', 'AUTH password')).toBe('abcde');
		expect(saslPrep('ｐａｓｓ\ufb01', 'AUTH password')).toBe('passfi');
		expect(saslPrep('e\u0301', 'AUTH password')).toBe('\u00e9');
	});

	it.each([
		['\u0085', 'U+0085, a non-ASCII control character (table C.2.2)'],
		['\u2028', 'U+2028, a non-ASCII control character (table C.2.2)'],
		['\ue000', 'U+E000, a private-use character (table C.3)'],
		['\u{10fffd}', 'U+10FFFD, a private-use character (table C.3)'],
		['\ufdd0', 'U+FDD0, a non-character code point (table C.4)'],
		['\ud800', 'U+D800, a lone surrogate (table C.5)'],
		['\ufffd', 'U+FFFD, a character inappropriate for plain text (table C.6)'],
		['\u2ff0', 'U+2FF0, a character inappropriate for canonical representation (table C.7)'],
		['\u202e', 'U+202E, a character that changes display properties (or is deprecated) (table C.8)'],
		['\u{e0041}', 'U+E0041, a tagging character (table C.9)'],
		['\t', 'U+0009, an ASCII control character (table C.2.1)'],
	])('refuses %j by its code point, never quoting the text', (char, said) => {
		const message = refusal(`secret${char}word`);
		expect(message).toContain(`AUTH password contains ${said}`);
		expect(message).not.toContain('secret');
	});

	it('right-to-left text: all of it, or begun and ended by right-to-left characters, is taken; mixed with left-to-right, refused', () => {
		expect(saslPrep('\u05d0\u05d1', 'AUTH password')).toBe('\u05d0\u05d1');
		expect(saslPrep('\u0627 1 \u0628', 'AUTH password')).toBe('\u0627 1 \u0628');
		expect(refusal('\u05d0a\u05d1')).toMatch(/^AUTH password mixes right-to-left characters with U\+0061, a left-to-right one/);
		expect(refusal('1\u0627')).toMatch(/begins with U\+0031, which is not one/);
		// Left-to-right text with digits and punctuation is no concern of the rule.
		expect(saslPrep('abc-123', 'AUTH password')).toBe('abc-123');
	});
});
