import fc from 'fast-check';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {breakAtOrAfter, breakAtOrBefore, graphemes, graphemesBackward, nextBreak, piecesOf, previousBreak} from '../../source/text/graphemes.js';
import {segmenterInputs} from '../helpers/segmenter-inputs.js';

/**
 * What joins and what parts clusters (UAX #29): accents and marks, ZWJ emoji, skin tones, regional indicators
 * (flags are pairs), Hangul jamo, a Prepend, a virama conjunct, CR LF, controls, a lone surrogate, and plain text.
 */
const PIECES = [
	'a', 'b', ' ', '.', '\t', '\r', '\n', 'é', 'e\u0301', '\u0301', '\u0308\u0301', '日', 'ｶ', '\uFF9E',
	'👍', '🏽', '\u200D', '\u200C', '\uFE0F', '❤', '👨\u200D👩\u200D👧', '🏳\uFE0F\u200D🌈', '\u{1F1E9}', '\u{1F1EA}',
	'क', '्', 'ष', 'ि', '\u1100', '\u1161', '\u11A8', '가', '\u0600', '\u0E01', '\u0E33', '\uD83D', '\u{E0067}', '\u0085',
];

/** Text of those pieces, with runs of one (a row of flags, a pile of accents) longer than a slice read at once. */
const texts = (most: number) =>
	fc
		.array(fc.oneof(fc.constantFrom(...PIECES), fc.tuple(fc.constantFrom(...PIECES), fc.integer({min: 2, max: 60})).map(([piece, times]) => piece.repeat(times))), {minLength: 1, maxLength: most})
		.map(parts => parts.join(''));

/** The boundaries of the whole text, as the segmenter gives them: what every local answer must agree with. */
function allBreaks(text: string): number[] {
	return [...[...new Intl.Segmenter(undefined, {granularity: 'grapheme'}).segment(text)].map(part => part.index), text.length];
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('clusters found near a point', () => {
	it('are the clusters the whole text has, at every index, whatever joins across the slices read', () => {
		fc.assert(
			fc.property(texts(40), text => {
				const breaks = allBreaks(text);
				let cluster = 0;
				for (let index = 0; index <= text.length; index++) {
					// breaks[cluster] <= index < breaks[cluster + 1] (the end: index is the text's length).
					if (index === breaks[cluster + 1]) cluster += 1;
					const on = breaks[cluster] === index;
					const before = on ? breaks[cluster - 1] ?? 0 : breaks[cluster]!;
					const after = breaks[cluster + 1] ?? text.length;
					if (index > 0) expect(previousBreak(text, index), `previous of ${index}`).toBe(before);
					if (index < text.length) expect(nextBreak(text, index), `next of ${index}`).toBe(after);
					expect(breakAtOrBefore(text, index)).toBe(on ? index : before);
					expect(breakAtOrAfter(text, index)).toBe(on ? index : after);
				}
				const clusters = breaks.slice(0, -1).map((at, index) => text.slice(at, breaks[index + 1]));
				expect([...graphemes(text)]).toEqual(clusters);
				expect([...graphemesBackward(text)]).toEqual(clusters.reverse());
				const pieces = [...piecesOf(text, 16)];
				expect(pieces.join('')).toBe(text);
				let at = 0;
				for (const piece of pieces) expect(breaks).toContain((at += piece.length));
			}),
			{numRuns: 100},
		);
	});

	it('never segment a long line whole: a step costs what is near it', () => {
		// Every 13 code units a flag, an emoji with a skin tone, an accent typed as a mark, a CJK letter: 260 KB.
		const unit = 'ab\u{1F1E9}\u{1F1EA}👍🏽e\u0301日';
		const line = unit.repeat(20_000);
		const inputs = segmenterInputs();
		const flag = 10_000 * unit.length + 2;
		const thumb = flag + 4;
		expect(previousBreak(line, thumb)).toBe(flag);
		expect(nextBreak(line, thumb)).toBe(thumb + 4);
		expect(breakAtOrBefore(line, thumb + 1)).toBe(thumb);
		expect(breakAtOrAfter(line, thumb + 1)).toBe(thumb + 4);
		expect(previousBreak(line, thumb + 6)).toBe(thumb + 4);
		expect(inputs.longest()).toBeLessThanOrEqual(256);
		expect(inputs.total()).toBeLessThan(2_000);
	});

	it('read a long line start to end in pieces, in time linear in its length', () => {
		const line = '日本語のテキスト、e\u0301'.repeat(20_000);
		const inputs = segmenterInputs();
		let count = 0;
		for (const _ of graphemes(line)) count += 1;
		expect(count).toBe(10 * 20_000);
		expect(inputs.longest()).toBeLessThanOrEqual(512);
		// Each unit is read about twice (the slice, then the piece): not once per segment, as the whole line would be.
		expect(inputs.total()).toBeLessThan(3 * line.length);
	});
});
