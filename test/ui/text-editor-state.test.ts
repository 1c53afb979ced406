import {afterEach, describe, expect, it, vi} from 'vitest';
import fc from 'fast-check';
import {
	createText,
	editText,
	sameText,
	sanitizeLine,
	textIs,
	textLength,
	textValue,
	type EditAction,
	type EditOptions,
	type TextEditorState,
} from '../../source/ui/components/text-editor-state.js';
import {segmenterInputs} from '../helpers/segmenter-inputs.js';

const body = {multiline: true, pageSize: 5};
const line = {multiline: false};

/** Random edit sessions: inserts made of the given pieces, mixed with every other action. */
function editActions(pieces: string[]) {
	const keys: EditAction['type'][] = ['newline', 'deleteLeft', 'deleteRight', 'deleteWordBack', 'deleteWordRight', 'left', 'right', 'wordLeft', 'wordRight', 'up', 'down', 'pageUp', 'pageDown', 'home', 'end'];
	return fc.array(
		fc.oneof(
			fc.string({unit: fc.constantFrom(...pieces)}).map(text => ({type: 'insert', text}) as EditAction),
			fc.constantFrom(...keys).map(type => ({type}) as EditAction),
		),
		{maxLength: 60},
	);
}

function apply(state: TextEditorState, actions: EditAction[], options: EditOptions = body): TextEditorState {
	return actions.reduce((current, action) => editText(current, action, options), state);
}

const at = (text: string, row: number, col: number): TextEditorState => ({...createText(text, {multiline: true}), row, col});

describe('body editor reducer', () => {
	it('inserts typed text at the cursor', () => {
		const state = apply(at('hello world', 0, 5), [{type: 'insert', text: ','}]);
		expect(textValue(state)).toBe('hello, world');
		expect([state.row, state.col]).toEqual([0, 6]);
	});

	it('splits a multi-line paste into lines, normalising CRLF and CR', () => {
		const state = apply(at('[]', 0, 1), [{type: 'insert', text: 'one\r\ntwo\rthree\nfour'}]);
		expect(state.lines).toEqual(['[one', 'two', 'three', 'four]']);
		expect([state.row, state.col]).toEqual([3, 4]);
	});

	it('drops NUL and other control characters, keeps tabs', () => {
		expect(textValue(apply(at('', 0, 0), [{type: 'insert', text: 'a\u0000b\tc\u001Bd'}]))).toBe('ab\tcd');
	});

	it('splits the line on Enter and joins it back with delete-left at the line start', () => {
		const split = apply(at('abcdef', 0, 3), [{type: 'newline'}]);
		expect(split.lines).toEqual(['abc', 'def']);
		expect([split.row, split.col]).toEqual([1, 0]);
		const joined = apply(split, [{type: 'deleteLeft'}]);
		expect(joined.lines).toEqual(['abcdef']);
		expect([joined.row, joined.col]).toEqual([0, 3]);
	});

	it('deletes right, joining the next line at the end of a line', () => {
		expect(apply(at('abc\ndef', 0, 1), [{type: 'deleteRight'}]).lines).toEqual(['ac', 'def']);
		const joined = apply(at('abc\ndef', 0, 3), [{type: 'deleteRight'}]);
		expect(joined.lines).toEqual(['abcdef']);
		expect(joined.col).toBe(3);
	});

	it('does nothing when deleting before the start or after the end', () => {
		const start = at('abc', 0, 0);
		expect(editText(start, {type: 'deleteLeft'}, body)).toBe(start);
		const end = at('abc', 0, 3);
		expect(editText(end, {type: 'deleteRight'}, body)).toBe(end);
	});

	it('moves left and right across line boundaries, Home and End within the line', () => {
		expect(apply(at('ab\ncd', 1, 0), [{type: 'left'}])).toMatchObject({row: 0, col: 2});
		expect(apply(at('ab\ncd', 0, 2), [{type: 'right'}])).toMatchObject({row: 1, col: 0});
		expect(apply(at('abc', 0, 1), [{type: 'end'}]).col).toBe(3);
		expect(apply(at('abc', 0, 2), [{type: 'home'}]).col).toBe(0);
	});

	it('keeps the wanted column when Up/Down cross a shorter line', () => {
		const state = apply(at('long line\nab\nanother line', 0, 7), [{type: 'down'}]);
		expect(state).toMatchObject({row: 1, col: 2});
		expect(apply(state, [{type: 'down'}])).toMatchObject({row: 2, col: 7});
	});

	it('pages by the visible rows and scrolls the window with the cursor', () => {
		const text = Array.from({length: 30}, (_, index) => `line ${index}`).join('\n');
		const paged = apply(at(text, 0, 0), [{type: 'pageDown'}, {type: 'pageDown'}]);
		expect(paged.row).toBe(8);
		expect(paged.top).toBe(4);
		expect(apply(paged, [{type: 'pageUp'}]).row).toBe(4);
		expect(apply(paged, [{type: 'pageUp'}, {type: 'pageUp'}, {type: 'pageUp'}]).row).toBe(0);
	});

	it('never stops inside a surrogate pair', () => {
		const state = at('a😀b', 0, 3);
		const left = apply(state, [{type: 'left'}]);
		expect(left.col).toBe(1);
		expect(textValue(apply(state, [{type: 'deleteLeft'}]))).toBe('ab');
		expect(textValue(apply(at('a😀b', 0, 1), [{type: 'deleteRight'}]))).toBe('ab');
	});

	it('deletes the line before the cursor (Ctrl+U) and the word before it (Ctrl+W), as a shell does', () => {
		const state = at('Re: quarterly  report', 0, 21);
		const word = apply(state, [{type: 'deleteWordLeft'}]);
		expect(textValue(word)).toBe('Re: quarterly  ');
		expect(textValue(apply(word, [{type: 'deleteWordLeft'}]))).toBe('Re: ');
		expect(textValue(apply(at('one two', 0, 4), [{type: 'deleteToStart'}]))).toBe('two');
		// At the start of a line they do nothing: no line is joined by accident.
		expect(textValue(apply(at('a\nb', 1, 0), [{type: 'deleteWordLeft'}, {type: 'deleteToStart'}]))).toBe('a\nb');
	});

	it('moves and deletes by words as readline does (Alt+B, Alt+F, Alt+Backspace, Alt+D): a word is letters and digits', () => {
		const address = at('a@example.test', 0, 14);
		const back = apply(address, [{type: 'wordLeft'}]);
		expect(back.col).toBe(10);
		expect(apply(back, [{type: 'wordLeft'}, {type: 'wordLeft'}]).col).toBe(0);
		expect(apply(at('a@example.test', 0, 0), [{type: 'wordRight'}, {type: 'wordRight'}]).col).toBe(9);
		expect(textValue(apply(address, [{type: 'deleteWordBack'}]))).toBe('a@example.');
		expect(textValue(apply(at('a@example.test', 0, 1), [{type: 'deleteWordRight'}]))).toBe('a.test');
		// An accent typed as its own code point belongs to its word.
		expect(apply(at('re\u0301sume\u0301 x', 0, 0), [{type: 'wordRight'}]).col).toBe(8);
		// At either end of a line they go on to the next one, as Left and Right do; deletes stay within the line.
		expect(apply(at('ab cd\nef', 1, 0), [{type: 'wordLeft'}])).toMatchObject({row: 0, col: 5});
		expect(apply(at('ab\ncd ef', 0, 2), [{type: 'wordRight'}, {type: 'wordRight'}])).toMatchObject({row: 1, col: 2});
		expect(textValue(apply(at('a\nb', 1, 0), [{type: 'deleteWordBack'}]))).toBe('a\nb');
		expect(textValue(apply(at('a\nb', 0, 1), [{type: 'deleteWordRight'}]))).toBe('a\nb');
	});

	it('moves and deletes by words without parting what shows as one character: ❤️ and its selector, a conjunct with a ZWJ', () => {
		// Japanese puts no space between a word and an emoji: Alt+B stopped between the heart and its selector.
		const japanese = 'ありがとう❤️よろしく';
		expect(apply(at(japanese, 0, japanese.length), [{type: 'wordLeft'}]).col).toBe(7);
		expect(textValue(apply(at(japanese, 0, japanese.length), [{type: 'deleteWordBack'}]))).toBe('ありがとう❤️');
		expect(apply(at(japanese, 0, 7), [{type: 'wordLeft'}]).col).toBe(0);
		// रक्‍षा: र, then क्‍ष (one cluster, its ZWJ inside), then ा: one word, either way.
		const hindi = 'x रक\u094D\u200Dषा y';
		expect(apply(at(hindi, 0, 8), [{type: 'wordLeft'}]).col).toBe(2);
		expect(apply(at(hindi, 0, 2), [{type: 'wordRight'}]).col).toBe(8);
		expect(textValue(apply(at(hindi, 0, 2), [{type: 'deleteWordRight'}]))).toBe('x  y');
	});

	it('keeps the cursor between clusters whatever keys are pressed over emoji, accents, flags and conjuncts', () => {
		const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
		const boundaries = (text: string) => new Set([...[...segmenter.segment(text)].map(part => part.index), text.length]);
		fc.assert(
			fc.property(editActions(['a', ' ', '❤️', 'の', 'e\u0301', '👩\u200D💻', '🇯🇵', '1️⃣', 'क\u094D\u200Dष', '👍🏽', '.']), actions => {
				const state = apply(createText('', body), actions);
				expect(boundaries(state.lines[state.row]!).has(state.col), JSON.stringify(state)).toBe(true);
			}),
			{numRuns: 300},
		);
	});

	it('moves and deletes over what shows as one character: a letter and its accent, an emoji with a skin tone', () => {
		// "xéy" as macOS pastes it (e + U+0301): typing after the é goes after its accent.
		const decomposed = 'xe\u0301y';
		const afterE = apply(at(decomposed, 0, 0), [{type: 'right'}, {type: 'right'}]);
		expect(afterE.col).toBe(3);
		expect(textValue(apply(afterE, [{type: 'insert', text: 'Z'}]))).toBe('xe\u0301Zy');
		const thumb = 'a👍🏽b';
		expect(textValue(apply(at(thumb, 0, 5), [{type: 'deleteLeft'}]))).toBe('ab');
		expect(textValue(apply(at(thumb, 0, 1), [{type: 'deleteRight'}]))).toBe('ab');
		// Up and Down keep the screen column but never land inside a cluster: column 3 is after "a" and the emoji
		// (two columns), index 5; column 2 falls inside the emoji, whose start is taken.
		expect(apply(at(`${thumb}\nabcdef`, 1, 3), [{type: 'up'}]).col).toBe(5);
		expect(apply(at(`${thumb}\nabcdef`, 1, 2), [{type: 'up'}]).col).toBe(1);
		// CJK letters take two columns each: before "line" is column 7, and Up lands under it, not at index 4.
		const cjk = apply(at('LONG ASCII LINE\n日本語 line', 1, 4), [{type: 'up'}]);
		expect(cjk.col).toBe(7);
		expect(apply(cjk, [{type: 'down'}]).col).toBe(4);
	});
});

describe('single-line fields', () => {
	it('turn a pasted line break into a space and say so', () => {
		expect(sanitizeLine('a\r\nBcc: x')).toEqual({text: 'a Bcc: x', removed: 'line break'});
		expect(sanitizeLine('a\u0000b')).toEqual({text: 'ab', removed: 'control character'});
		expect(sanitizeLine('plain')).toEqual({text: 'plain'});
		const state = apply(createText('', line), [{type: 'insert', text: 'Hi\r\nBcc: victim@example.test'}], line);
		expect(state.lines).toEqual(['Hi Bcc: victim@example.test']);
	});

	it('ignore Enter and keep exactly one line whatever is typed', () => {
		fc.assert(
			fc.property(editActions(['a', ' ', '\r', '\n', '\u0000', '.', 'é', '😀']), actions => {
				const state = apply(createText('', line), actions, line);
				expect(state.lines).toHaveLength(1);
				expect(state.lines[0]).not.toMatch(/[\r\n\u0000]/);
				expect(state.col).toBeGreaterThanOrEqual(0);
				expect(state.col).toBeLessThanOrEqual(state.lines[0]!.length);
			}),
		);
	});
});

describe('multi-line invariants', () => {
	it('never holds CR, LF or NUL inside a line and keeps the cursor on the text', () => {
		fc.assert(
			fc.property(editActions(['x', '\r', '\n', '\r\n', '\u0000', '😀']), actions => {
				const state = apply(createText('start\nhere', {multiline: true}), actions);
				for (const text of state.lines) expect(text).not.toMatch(/[\r\n\u0000]/);
				expect(state.row).toBeLessThan(state.lines.length);
				expect(state.col).toBeLessThanOrEqual(state.lines[state.row]!.length);
				expect(state.row).toBeGreaterThanOrEqual(state.top);
				expect(state.row).toBeLessThan(state.top + body.pageSize);
			}),
		);
	});
});

describe('comparing a text without joining its lines (a 4 MB body, at each key)', () => {
	it('tells the same text as its joined value does', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom('', 'a', 'b\n', '\n', 'é', 'ab'), {maxLength: 8}), fc.array(fc.constantFrom('', 'a', 'b\n', '\n', 'é', 'ab'), {maxLength: 8}), (one, two) => {
				const a = createText(one.join(''), {multiline: true});
				const b = createText(two.join(''), {multiline: true});
				expect(sameText(a, b)).toBe(textValue(a) === textValue(b));
				expect(textLength(a)).toBe(textValue(a).length);
				expect(textIs(a, two.join(''))).toBe(textValue(a) === two.join(''));
			}),
		);
		const state = createText('one\ntwo', {multiline: true});
		expect(textIs(state, 'one\ntwo')).toBe(true);
		expect(textIs(state, 'one\ntwo\n')).toBe(false);
		expect(textIs(state, 'one two')).toBe(false);
		expect(textIs(createText('', {multiline: true}), '')).toBe(true);
	});
});

describe('a long line (200 KB, pasted with no line break)', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('moves and deletes by the clusters near the cursor: the segmenter never gets the line (seconds a key, then a crash, before)', () => {
		const unit = 'abc👍🏽e\u0301日 ';
		const long = unit.repeat(20_000);
		const thumb = 10_000 * unit.length + 3;
		const state = {...at(`${long}\nshort line`, 0, thumb)};
		const inputs = segmenterInputs();
		expect(apply(state, [{type: 'right'}]).col).toBe(thumb + 4);
		expect(apply(state, [{type: 'right'}, {type: 'right'}, {type: 'left'}]).col).toBe(thumb + 4);
		expect(apply(state, [{type: 'left'}]).col).toBe(thumb - 1);
		const deleted = apply(state, [{type: 'deleteRight'}, {type: 'deleteRight'}, {type: 'deleteLeft'}]);
		expect(deleted.lines[0]!.slice(thumb - 3, thumb + 3)).toBe('ab日 ab');
		expect(deleted.col).toBe(thumb - 1);
		expect(apply(state, [{type: 'insert', text: 'x'}, {type: 'deleteLeft'}]).lines[0]).toBe(long);
		expect(inputs.longest()).toBeLessThanOrEqual(256);
		expect(inputs.total()).toBeLessThan(2_000);
		// Down into a short line counts the columns to the cursor only as far as that line reaches (a few pieces, not
		// the 100 KB before the cursor); back Up counts them all, a slice at a time, to find the same place.
		inputs.reset();
		const below = apply(state, [{type: 'down'}]);
		expect(below).toMatchObject({row: 1, col: 10});
		expect(inputs.total()).toBeLessThan(2_000);
		// Back into the line it left: the same place, nothing counted.
		inputs.reset();
		expect(apply(below, [{type: 'up'}]).col).toBe(thumb);
		expect(inputs.total()).toBe(0);
		expect(inputs.longest()).toBeLessThanOrEqual(512);
	});

	it('keeps the column wanted across a short line to the next long one, and counts it exactly where a line reaches it', () => {
		const long = '日本語 '.repeat(50_000);
		const deep = 30_001;
		const state = at(`${long}\nshort\n${long}`, 0, deep);
		expect(apply(state, [{type: 'down'}, {type: 'down'}])).toMatchObject({row: 2, col: deep});
		expect(apply(state, [{type: 'down'}, {type: 'down'}, {type: 'up'}, {type: 'up'}])).toMatchObject({row: 0, col: deep});
		// A short line that reaches the column: the same column there (日 takes two: after 日本, column 4).
		const near = at(`日本語\nabcdef\n${long}`, 0, 2);
		expect(apply(near, [{type: 'down'}])).toMatchObject({row: 1, col: 4});
		expect(apply(near, [{type: 'down'}, {type: 'down'}])).toMatchObject({row: 2, col: 2});
	});

	it('deletes and moves by words a character at a time from the cursor, not by trying every start of the line', () => {
		const word = 'abcdefghij'.repeat(20_000);
		expect(textValue(apply(at(`${word} z`, 0, word.length + 2), [{type: 'deleteWordLeft'}]))).toBe(`${word} `);
		expect(textValue(apply(at(`${word} z`, 0, word.length + 2), [{type: 'deleteWordLeft'}, {type: 'deleteWordLeft'}]))).toBe('');
		expect(apply(at(`${word}!b`, 0, word.length + 2), [{type: 'wordLeft'}]).col).toBe(word.length + 1);
		expect(apply(at(`${word}!b`, 0, word.length + 1), [{type: 'wordLeft'}]).col).toBe(0);
		expect(textValue(apply(at(`${word}!b`, 0, word.length + 2), [{type: 'deleteWordBack'}]))).toBe(`${word}!`);
	});
});
