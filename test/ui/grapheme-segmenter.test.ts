// scripts/grapheme-segmenter.mjs stands in for Intl.Segmenter in string-width, slice-ansi and ansi-tokenize (see
// scripts/ink-patch.mjs): its segments must be Intl.Segmenter's, and text of single-code-point clusters (a first
// frame) must not build one, since the first Intl object starts ICU.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {graphemeSegmenter} from '../../scripts/grapheme-segmenter.mjs';
import {patchInk} from '../../scripts/ink-patch.mjs';

type Segment = {segment: string; index: number; input: string};
const lazy = graphemeSegmenter();
const intl = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** How many Intl.Segmenters `run` builds. */
function segmentersBuilt(run: () => void): number {
	const Original = Intl.Segmenter;
	let built = 0;
	const intlObject = Intl as {Segmenter: typeof Intl.Segmenter};
	intlObject.Segmenter = new Proxy(Original, {
		construct(target, args: ConstructorParameters<typeof Intl.Segmenter>) {
			built++;
			return new target(...args);
		},
	});
	try {
		run();
	} finally {
		intlObject.Segmenter = Original;
	}
	return built;
}

const plain = (segments: Iterable<Segment>) => [...segments].map(({segment, index, input}) => ({segment, index, input}));

/** Segments and `containing` at every index (and just outside) as Intl.Segmenter gives them, or the differences. */
function differences(text: string): string[] {
	const ours = lazy.segment(text);
	const theirs = intl.segment(text);
	const differ: string[] = [];
	if (JSON.stringify(plain(ours)) !== JSON.stringify(plain(theirs))) differ.push(`segments of ${JSON.stringify(text.slice(0, 40))}`);
	for (let index = -1; index <= text.length; index++) {
		const [a, b] = [ours.containing(index), theirs.containing(index)];
		if (JSON.stringify(a && {...a}) !== JSON.stringify(b && {...b})) differ.push(`containing(${index}) of ${JSON.stringify(text.slice(0, 40))}`);
	}
	return differ;
}

const bmp = [...Array.from({length: 0xd8_00}, (_, point) => String.fromCodePoint(point)), ...Array.from({length: 0x1_00_00 - 0xe0_00}, (_, point) => String.fromCodePoint(0xe0_00 + point))];

describe('the grapheme segmenter the build puts in the text libraries of Ink', () => {
	it('segments like Intl.Segmenter every code point it segments itself, in a row, doubled, and beside others', () => {
		// The code points it segments itself: those for which a fresh one builds no Intl.Segmenter.
		const alone = bmp.filter(character => segmentersBuilt(() => [...graphemeSegmenter().segment(character)]) === 0);
		expect(alone.length).toBeGreaterThan(3000);
		const row = alone.join('');
		const texts = [row, [...alone].reverse().join(''), ...alone.map(character => `a${character}${character}\u001B[31m${character}\n${character}`)];
		expect(texts.flatMap(text => differences(text))).toEqual([]);
	});

	it('gives the segments of Intl.Segmenter for text that joins code points: CRLF, combining marks, emoji, Hangul, flags', () => {
		const texts = ['a\r\nb', 'e\u0301', '👍🏽 ok', '👩‍👩‍👧', '1️⃣', '🇩🇪🇫🇷', '한국어 \u1100\u1161\u11A8', '─✔\u200D✔', 'x\uFE0F', '\u0915\u094D\u0937'];
		expect(texts.flatMap(text => differences(text))).toEqual([]);
	});

	it('builds no Intl.Segmenter for a frame of ASCII, colours, box lines, arrows, marks and accents', () => {
		const frame = '\u001B[1m╭─ Connection ─╮\u001B[22m\n│ ✔ EHLO → 250 • ✖ ▲▼ … Grüße « » ─ Ctrl+S send │\n╰────╯';
		const fresh = graphemeSegmenter();
		expect(segmentersBuilt(() => [...fresh.segment(frame)])).toBe(0);
		expect(segmentersBuilt(() => [...fresh.segment('sent 😀')])).toBe(1);
		expect(segmentersBuilt(() => [...fresh.segment('日本語 e\u0301')])).toBe(0);
	});

	it('replaces the Intl.Segmenter each library builds as it loads', () => {
		const modules = path.resolve('node_modules');
		for (const file of ['string-width/index.js', 'wrap-ansi/node_modules/string-width/index.js', 'slice-ansi/tokenize-ansi.js', '@alcalzone/ansi-tokenize/build/tokenize.js'].map(name => path.join(modules, name))) {
			const patched = patchInk(readFileSync(file, 'utf8'), file);
			expect(patched, file).not.toMatch(/^const \w+ = new Intl\.Segmenter/m);
			expect(patched, file).toContain('function graphemeSegmenter()');
		}
	});
});
