import fc from 'fast-check';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {selectGlyphs} from '../../source/ui/theme.js';
import {
	NARROW_ONLY,
	printable,
	splitWidth,
	textWidth,
	truncatePrintable,
	truncateText,
	truncateWords,
	windowAroundCursor,
	windowOverWholeLine,
	wrapText,
	wrapWire,
} from '../../source/ui/components/display-text.js';
import {segmenterInputs} from '../helpers/segmenter-inputs.js';

describe('textWidth', () => {
	it('measures by length only characters that string-width also counts as one column', () => {
		const admitted: string[] = [];
		for (let code = 0; code <= 0xffff; code++) {
			const character = String.fromCharCode(code);
			if (NARROW_ONLY.test(character)) admitted.push(character);
		}
		expect(admitted.length).toBeGreaterThan(400);
		expect(admitted.filter(character => stringWidth(character) !== 1)).toEqual([]);
	});

	it('agrees with string-width on wide, combining and invisible text', () => {
		for (const text of ['── Body ──', 'e\u0301t\u00e9', '日本語', 'a\u00adb', '👍🏽 ok', '→ 250 ✔']) {
			expect(textWidth(text)).toBe(stringWidth(text));
		}
	});

	it('cuts and wraps rules and markers by columns', () => {
		expect(truncateText('────────', 5)).toBe('────…');
		expect(wrapText('→→→→→→', 4)).toEqual(['→→→→', '→→']);
	});

	it('never starts a wrapped row with a space (a word that fills a row exactly is followed by one)', () => {
		expect(wrapText('abcd efgh', 4)).toEqual(['abcd', 'efgh']);
		expect(wrapText('ab cd  ef', 5)).toEqual(['ab ', 'cd  ', 'ef']);
		for (let width = 3; width < 30; width++) {
			for (const row of wrapText('the session keeps running meanwhile. Ctrl+C quits.', width).slice(1)) expect(row, `width ${width}`).not.toMatch(/^ /);
		}
	});

	it('breaks Chinese and Japanese prose beside an ideograph, not only at spaces, and keeps 。」 and small kana off a row\'s start', () => {
		// Broken at the space, the reply's first row held "250 了解 OK " and the next was cut at the width.
		expect(wrapText('250 了解 OK 中文中文中文中文', 16)).toEqual(['250 了解 OK 中文', '中文中文中文']);
		expect(wrapText('今日は良い天気です。明日も', 10)).toEqual(['今日は良い', '天気です。', '明日も']);
		expect(wrapText('東京「渋谷」へ行った', 6)).toEqual(['東京', '「渋', '谷」へ', '行った']);
		expect(wrapText('あいうっと', 6)).toEqual(['あい', 'うっと']);
		// A space later in the row still wins, and wire text keeps its own rules.
		expect(wrapText('中文 ab cd', 8)).toEqual(['中文 ab ', 'cd']);
		expect(wrapWire('250 了解 OK 中文中文', 16, '»')).toEqual(['250 了解 OK ', '»中文中文']);
		for (let width = 4; width < 30; width++) {
			for (const row of wrapText('メールサーバー準備完了、日本語のバナーです。ようこそ。', width)) expect(textWidth(row), `width ${width}`).toBeLessThanOrEqual(width);
		}
		// Broken beside the ideograph, "中っ" would go on to a row too narrow for it.
		expect(wrapText('b中っ', 3)).toEqual(['b中', 'っ']);
		const piece = fc.constantFrom('中', '文', '。', '「', '」', 'ー', 'っ', 'a', 'b', ' ', ':', '😀', '了解', ' OK ');
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 30}), fc.integer({min: 3, max: 20}), (pieces, width) => {
				const text = pieces.join('');
				const rows = wrapText(text, width);
				for (const row of rows) expect(textWidth(row), JSON.stringify({text, width, rows})).toBeLessThanOrEqual(width);
				// No character is lost or added but spaces (a row drops the one it would start with).
				expect(rows.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
			}),
			{numRuns: 2000, seed: 44},
		);
	});

	it('cuts exact text (a decoded header, a message\'s source) between graphemes: a flag or a ZWJ family stays whole', () => {
		for (const text of ['ab🇩🇪', 'abc👨\u200d👩\u200d👧']) {
			for (let first = 2; first < 6; first++) {
				const rows = splitWidth(text, first, 4);
				expect(rows.join('')).toBe(text);
				for (const row of rows) expect(row, `${text} at ${first}: ${JSON.stringify(rows)}`).not.toMatch(/^[\u{1F1E6}-\u{1F1FF}]$|^\u200d|\u200d$/u);
				expect(rows.some(row => row.includes('🇩🇪') || row.includes('👨\u200d👩\u200d👧')), JSON.stringify(rows)).toBe(true);
			}
		}
	});

	it('truncates at the width, not at the last space, so a long word is not lost', () => {
		expect(truncateText('you@example.test → friend@example.test · Hello', 30)).toBe('you@example.test → friend@exa…');
		expect(truncateText('Message-ID: <0f6c2b1e-8d43-4d59@example.test>', 20)).toBe('Message-ID: <0f6c2b…');
		expect(truncateText('日本語のテキスト', 7)).toBe('日本語…');
		expect(truncateText('abc', 1)).toBe('…');
		expect(textWidth(truncateText('x '.repeat(50), 33))).toBe(33);
	});
});

describe('printable', () => {
	it('shows control characters in caret notation and bidi controls as U+FFFD', () => {
		expect(printable('a\u001B[31mb\u007F')).toBe('a^[[31mb^?');
		expect(printable('x\u202Ey')).toBe('x\uFFFDy');
		// Invisible characters show that they are there: the log must show every character that went out.
		expect(printable('NOOP a\u200B\u2060\u00ADb\uFEFF')).toBe('NOOP a\uFFFD\uFFFD\uFFFDb\uFFFD');
		// Joiners hold an emoji family and some scripts together: kept.
		expect(printable('👨\u200D👩 \u200C')).toBe('👨\u200D👩 \u200C');
	});

	it('draws an emoji without its skin tone, two columns in every terminal (tmux draws 👍🏽 four wide)', () => {
		expect(printable('ok 👍🏽 👋🏿!')).toBe('ok 👍 👋!');
		expect(textWidth(printable('👍🏽'))).toBe(2);
		// The cursor window measures the same text it draws.
		expect(windowAroundCursor('a👍🏽b', 5, 20)).toEqual({before: 'a👍', at: 'b', after: ''});
	});

	it('draws ❤️ ☀️ 1️⃣ without the emoji selector: one column, as tmux 3.3 draws them, where string-width said two', () => {
		expect(printable('I ❤️ ☀️ 1️⃣ ok')).toBe('I ❤ ☀ 1 ok');
		expect(textWidth(printable('❤️☀️1️⃣'))).toBe(3);
		expect(windowAroundCursor('a❤️b', 3, 20)).toEqual({before: 'a❤', at: 'b', after: ''});
	});

	it('draws a ZWJ sequence on a text-style base (🏳️‍🌈, ❤️‍🔥, 🕵️‍♀️) in its parts: tmux 3.3 draws it joined in one column, string-width counts two', () => {
		// Columns as tmux 3.3a puts the cursor after each (measured): the parts, joined no more, as they are counted.
		const drawn: Array<[string, string, number]> = [
			['🏳️‍🌈', '🏳🌈', 3],
			['🏳️‍⚧️', '🏳⚧', 2],
			['❤️‍🔥', '❤🔥', 3],
			['👁️‍🗨️', '👁🗨', 2],
			['🕵️‍♀️', '🕵♀', 2],
			['🏋🏽‍♀️', '🏋♀', 2],
		];
		for (const [sequence, shown, columns] of drawn) {
			expect(printable(sequence), sequence).toBe(shown);
			expect(textWidth(printable(sequence)), sequence).toBe(columns);
		}
		// On an emoji base the sequence is two columns everywhere: kept whole.
		for (const sequence of ['🧑‍💻', '👩‍👩‍👧', '🏴‍☠️', '🧑‍⚕️']) expect(textWidth(printable(sequence)), sequence).toBe(2);
		expect(printable('🧑‍💻 👩‍👩‍👧')).toBe('🧑‍💻 👩‍👩‍👧');
		expect(windowAroundCursor('a🏳️‍🌈b', 7, 20)).toEqual({before: 'a🏳🌈', at: 'b', after: ''});
	});

	it('splits a virama conjunct (स्ते, ক্ষ), one grapheme since Unicode 15.1, so that each consonant counts the column a terminal draws it in', () => {
		// What a terminal draws: a column per letter and spacing mark (ि), none for the other marks (्, े) and joiners.
		const columns = (text: string) => [...text].filter(char => !/[\p{Mn}\p{Me}\u200C\u200D]/u.test(char)).length;
		for (const word of ['नमस्ते', 'क्षत्रिय', 'ক্ষ', 'క్ష', 'क्\u200Dष', 'मरहबा', 'தமிழ்']) expect(textWidth(printable(word)), word).toBe(columns(word));
		// Only the drawing changes: a virama at the end, or before a space, is left alone.
		expect(printable('स् त')).toBe('स् त');
		// The cursor steps over the conjunct whole, and the window measures what it draws.
		expect(windowAroundCursor('aक्षb', 4, 20)).toEqual({before: 'aक्\u200Cष', at: 'b', after: ''});
	});

	it('stands in for invisible characters with ? when drawing ASCII only', () => {
		selectGlyphs('ascii');
		try {
			expect(printable('a\u200Bb\u202Ec')).toBe('a?b?c');
		} finally {
			selectGlyphs('unicode');
		}
		expect(printable('a\u200Bb')).toBe('a\uFFFDb');
	});
});

/**
 * What shows as a row of text: ASCII words, controls (caret notation), emoji with skin tones and selectors,
 * text-style ZWJ sequences, conjuncts, accents as marks, CJK, flags, and a letter under a pile of accents (many
 * code units in one column).
 */
const ROW_PIECES = ['a', 'b', ' ', 'xyz ', '\t', '\u001B', '\u202E', '日', 'é', 'e\u0301', '👍🏽', '❤️', '🏳️\u200D🌈', '👨\u200D👩\u200D👧', 'क्ष', '\u{1F1E9}\u{1F1EA}', '\u00AD', `o${'\u0301'.repeat(40)}`];
const rows = fc.array(fc.constantFrom(...ROW_PIECES), {minLength: 0, maxLength: 120}).map(parts => parts.join(''));

/** truncateText as it was, over every cluster of the text: what reading only the head must agree with. */
function truncatedWhole(text: string, width: number): string {
	if (width <= 0) return '';
	if (stringWidth(text) <= width) return text;
	const ellipsis = '…'.slice(0, width);
	let used = 0;
	let head = '';
	for (const {segment} of new Intl.Segmenter(undefined, {granularity: 'grapheme'}).segment(text)) {
		used += stringWidth(segment);
		if (used > width - ellipsis.length) break;
		head += segment;
	}
	return head + ellipsis;
}

describe('a long line', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('shows the same cursor window read from a slice as from the whole line, at every cursor position and width', () => {
		fc.assert(
			fc.property(rows, fc.integer({min: 1, max: 30}), (line, width) => {
				const starts = [...new Intl.Segmenter(undefined, {granularity: 'grapheme'}).segment(line)].map(part => part.index);
				for (const col of [...starts, line.length]) expect(windowAroundCursor(line, col, width), `at ${col}`).toEqual(windowOverWholeLine(line, col, width));
			}),
			{numRuns: 150},
		);
	});

	it('is cut to a row as it was when only its start is read', () => {
		fc.assert(
			fc.property(rows, fc.integer({min: 0, max: 40}), (line, width) => {
				expect(truncateText(printable(line), width)).toBe(truncatedWhole(printable(line), width));
				expect(truncatePrintable(line, width)).toBe(truncatedWhole(printable(line), width));
			}),
			{numRuns: 300},
		);
	});

	it('costs a key what the row shows: the segmenter never gets the line (200 KB: minutes and a crash before)', () => {
		const lines = ['abcdefghij'.repeat(20_000), 'ab 日本 👍🏽 e\u0301 ❤️ 🏳️\u200D🌈 क्ष\t'.repeat(7_000)];
		const inputs = segmenterInputs();
		for (const line of lines) {
			for (const col of [0, 1, 50_000, 100_000, line.length - 1, line.length]) {
				inputs.reset();
				const shown = windowAroundCursor(line, col, 100);
				expect(textWidth(shown.before + shown.at + shown.after)).toBeLessThanOrEqual(100);
				expect(inputs.longest()).toBeLessThanOrEqual(512);
				expect(inputs.total(), `window at ${col}`).toBeLessThan(4_000);
			}
			inputs.reset();
			expect(textWidth(truncatePrintable(line, 100))).toBe(100);
			expect(truncateText(printable(line), 100)).toBe(truncatePrintable(line, 100));
			expect(inputs.total()).toBeLessThan(4_000);
		}
		// The window of a long line is that of its neighbourhood: the cursor's surroundings, cut with "…" on each side.
		expect(windowAroundCursor(lines[0]!, 100_003, 40)).toEqual({before: '…ijabcdefghijabcdefghijabc', at: 'd', after: 'efghijabcdef…'});
	});
});

describe('truncateWords', () => {
	it('cuts prose after its last whole word, with one ellipsis and no clause mark before it', () => {
		expect(truncateWords('5.1.1 permanent failure, address: bad destination mailbox address', 40)).toBe('5.1.1 permanent failure, address: bad…');
		expect(truncateWords('sender accepted, a transaction is open', 26)).toBe('sender accepted, a…');
		expect(truncateWords('sender accepted, a transaction is open', 16)).toBe('sender accepted…');
		expect(truncateWords('fits as it is   ', 13)).toBe('fits as it is');
		// No space to cut at: where the row ends, as truncateText.
		expect(truncateWords('AB:CD:EF:01:23:45:67:89', 10)).toBe(truncateText('AB:CD:EF:01:23:45:67:89', 10));
		// Japanese and Chinese end a word beside any ideograph: not "550 5.1.1…" for a reply in Japanese.
		expect(truncateWords('550 5.1.1 ユーザーが存在しません', 22)).toBe('550 5.1.1 ユーザーが…');
		expect(truncateWords('了解しました。明日送ります', 16)).toBe('了解しました。…');
		fc.assert(
			fc.property(fc.array(fc.stringMatching(/^[a-z;,]{1,12}$/), {minLength: 1, maxLength: 12}), fc.integer({min: 1, max: 60}), (words, width) => {
				const text = words.join(' ');
				const cut = truncateWords(text, width);
				expect(textWidth(cut)).toBeLessThanOrEqual(width);
				if (cut === text || !text.includes(' ') || !cut.endsWith('…')) return;
				expect(cut.match(/…/g)).toHaveLength(1);
			}),
		);
	});
});
