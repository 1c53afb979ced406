// SASLprep (RFC 4013) on RFC 4013's own examples (§3), then each prohibited table and the bidi rule of RFC 3454 §6.
import fc from 'fast-check';
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

describe('SASLprep, for any text', () => {
	// Written apart from the tables saslprep-tables.ts holds: Unicode's categories for controls (C.2), private use (C.3)
	// and surrogates (C.5), and the rest by RFC 3454's lists; also what is mapped away (B.1, C.1.2) never stays.
	const UNPREPARED = /[\p{Cc}\p{Co}\p{Cs}\u00a0\u00ad\u0340\u0341\u06dd\u070f\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2063\u206a-\u206f\u2ff0-\u2ffb\u3000\ufdd0-\ufdef\ufeff\ufff9-\uffff\u{1d173}-\u{1d17a}\u{e0001}\u{e0020}-\u{e007f}]|[\u{1fffe}-\u{10ffff}](?<=[\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}])/u;
	// Any code point, weighted towards those SASLprep maps, forbids or reorders, and Hebrew and Arabic for the bidi rule.
	const SPECIAL = ['\u00a0', '\u00ad', '\u200d', '\u0301', '\u2003', '\ufeff', '\u202e', '\u0007', '\ue000', '\u05d0', '\u0627', '1', ' ', '\uff21', '\u2168', '\ufb01', '\ud800'];
	const text = fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({unit: 'binary', minLength: 1, maxLength: 3}), fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 3})), {maxLength: 8}).map(parts => parts.join(''));
	const prepared = (input: string): string | undefined => {
		try {
			return saslPrep(input, 'AUTH password');
		} catch (error) {
			if (error instanceof SmtpInputError) return undefined;
			throw error;
		}
	};

	it('never gives a character it forbids or maps away, and gives the same again for its own output', () => {
		fc.assert(
			fc.property(text, input => {
				const output = prepared(input);
				if (output === undefined) return;
				expect(output).not.toMatch(UNPREPARED);
				expect(saslPrep(output, 'AUTH password')).toBe(output);
			}),
			{numRuns: 5000},
		);
	});

	it('refuses naming the field, and never quotes the text', () => {
		fc.assert(
			fc.property(text, input => {
				if (prepared(`Sekret${input}`) !== undefined) return;
				const message = refusal(`Sekret${input}`);
				expect(message).toMatch(/^AUTH password /);
				expect(message).not.toContain('Sekret');
			}),
			{numRuns: 2000},
		);
	});
});
