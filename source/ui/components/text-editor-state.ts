// The editing reducer behind every text field: header fields and the command line (single line) and the message
// body (multi-line). ink-text-input is not used: it inserts the letter of Ctrl+S and other control keys into the
// value, keeps pasted line breaks, and has no Home/End.
import {graphemes, JOINING, nextBreak, piecesOf, previousBreak} from '../../text/graphemes.js';
import {printable, textWidth} from './display-text.js';

/**
 * The cursor a run of Up/Down started from, and its screen column once a line long enough to reach it needed the
 * count (see moveVertically).
 */
type Goal = {readonly line: string; readonly col: number; readonly columns?: number};

export type TextEditorState = {
	/** Never empty; a single-line field has exactly one line. */
	readonly lines: readonly string[];
	/** Cursor row and column (UTF-16 index into the line, never inside a surrogate pair). */
	readonly row: number;
	readonly col: number;
	/** First visible row; kept so that the cursor stays within pageSize rows of it. */
	readonly top: number;
	/** Where vertical moves aim, so Up/Down across a short line come back to the same screen column. */
	readonly goal?: Goal;
};

export type EditAction =
	| {type: 'insert'; text: string}
	| {type: 'deleteLeft'}
	| {type: 'deleteRight'}
	/** Ctrl+U and Ctrl+W as in a shell: the line before the cursor, the word before it (up to a space). */
	| {type: 'deleteToStart'}
	| {type: 'deleteWordLeft'}
	/** Alt+Backspace and Alt+D as in readline: to where wordLeft and wordRight move. */
	| {type: 'deleteWordBack'}
	| {type: 'deleteWordRight'}
	| {type: 'left'}
	| {type: 'right'}
	/** Readline's Alt+B and Alt+F: a word is letters and digits (an address is three or more). */
	| {type: 'wordLeft'}
	| {type: 'wordRight'}
	| {type: 'up'}
	| {type: 'down'}
	| {type: 'home'}
	| {type: 'end'}
	| {type: 'pageUp'}
	| {type: 'pageDown'}
	| {type: 'newline'}
	/** Replace the whole text (history recall, restoring a value); the cursor goes to the end. */
	| {type: 'set'; text: string};

export type EditOptions = {
	multiline: boolean;
	/** Visible rows: the distance of PageUp/PageDown and the scroll window. */
	pageSize?: number;
	/** An SMTP command line (manual mode's, a step line edited): C1 controls go too. */
	command?: boolean;
};

// Control characters other than TAB and LF never belong in edited text (NUL would reach the wire). Nor does
// U+FFFD: it is what Node makes of bytes that are not UTF-8, typed in a terminal whose locale is Latin-1, say;
// sent, it would stand for a letter the user typed and nobody can read back.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F\uFFFD]/g;
// C1 controls (U+0080-U+009F: NEL, CSI...) are no part of an SMTP command either. Header fields keep them for
// their own checks to name (the EHLO name's "control character U+0085").
const COMMAND_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFD]/g;
const LINE_BREAKS = /\r\n|\r|\n/g;
/** What a terminal's byte that was not UTF-8 decodes to. */
export const NOT_UTF8 = '\uFFFD';

/**
 * Cleans text for a single-line field: line breaks become a space, other controls go (for a `command` line, C1
 * controls too). Says what it removed.
 */
export function sanitizeLine(text: string, command = false): {text: string; removed?: 'line break' | 'control character' | 'not UTF-8'} {
	const breaks = /[\r\n]/.test(text);
	const withoutBreaks = text.replace(/(?:\r\n|\r|\n)+/g, ' ');
	const clean = withoutBreaks.replace(command ? COMMAND_CONTROLS : CONTROLS, '');
	if (breaks) return {text: clean, removed: 'line break'};
	if (clean === text) return {text};
	return {text: clean, removed: text.includes(NOT_UTF8) ? 'not UTF-8' : 'control character'};
}

/** Cleans text for the body: CRLF and lone CR become LF; other controls (NUL, ESC...) go. */
function sanitizeText(text: string): string {
	return text.replace(LINE_BREAKS, '\n').replace(CONTROLS, '');
}

export function createText(text = '', options: {multiline: boolean; cursor?: 'start' | 'end'}): TextEditorState {
	const lines = options.multiline ? sanitizeText(text).split('\n') : [sanitizeLine(text).text];
	if (options.cursor === 'start') return {lines, row: 0, col: 0, top: 0};
	const row = lines.length - 1;
	return {lines, row, col: lines[row]!.length, top: 0};
}

export function textValue(state: TextEditorState): string {
	return state.lines.join('\n');
}

/** The length of textValue(state), without joining its lines. */
export function textLength(state: TextEditorState): number {
	return state.lines.reduce((sum, line) => sum + line.length, state.lines.length - 1);
}

/** Whether two states hold the same text, compared line by line: a 4 MB body is not joined at each key to tell. */
export function sameText(a: TextEditorState, b: TextEditorState): boolean {
	return a.lines === b.lines || (a.lines.length === b.lines.length && a.lines.every((line, index) => line === b.lines[index]));
}

/** Whether the state holds `value`, read in place (no join of its lines). */
export function textIs(state: TextEditorState, value: string): boolean {
	let at = 0;
	for (const [index, line] of state.lines.entries()) {
		if (index > 0 && value.charCodeAt(at++) !== 0x0a) return false;
		if (!value.startsWith(line, at)) return false;
		at += line.length;
	}
	return at === value.length;
}

// The cursor moves over what the user sees as one character (a grapheme cluster): an accent typed as its own
// code point (macOS pastes NFD), an emoji with a skin tone, a flag. Stepping into one would put new text between
// a letter and its accent, or leave half an emoji behind a Backspace. Clusters are found around the cursor, not
// by segmenting the line (see graphemes.ts): a key in a 200 KB line costs what a key in a short one does.

// Letters (with their accents) and digits: what readline's word keys step over.
const WORD = /^[\p{L}\p{M}\p{N}]/u;
const SPACE = /^\s/u;
const isWord = (char: string) => WORD.test(char);
const isSpace = (char: string) => SPACE.test(char);

/** The character (code point) that ends at `index`. */
function charBefore(line: string, index: number): string {
	const pair = index >= 2 && /^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(line.slice(index - 2, index));
	return line.slice(index - (pair ? 2 : 1), index);
}

const JOINS = new RegExp(`^${JOINING}`, 'u');

/**
 * Where the character ending at `index` starts, with the marks and joiners it ends with (graphemes.ts's JOINING): é
 * typed as e and an accent, ❤️ with its selector, a consonant with a conjunct's virama and ZWJ. The word keys take
 * it whole, as its first character is a letter or not: stepping by code points, Alt+B stopped between the heart and
 * its selector (ありがとう❤️よろしく), or inside a conjunct, where text typed went between them.
 */
function characterBefore(line: string, index: number): number {
	let at = index;
	while (at > 0) {
		const char = charBefore(line, at);
		at -= char.length;
		if (!JOINS.test(char)) break;
	}
	return at;
}

/**
 * From `index`, back over the characters (with their marks: see characterBefore) that are `skipped`: a step at a
 * time, for a pattern anchored at the cursor (/\S*\s*$/) tries every start of the line, and a long line took seconds
 * per key.
 */
function backOver(line: string, index: number, skipped: (char: string) => boolean): number {
	let at = index;
	while (at > 0) {
		const start = characterBefore(line, at);
		if (!skipped(line.slice(start, start + 2))) break;
		at = start;
	}
	return at;
}

/** The start of the word at or before `col` (readline's Alt+B). */
function wordStart(line: string, col: number): number {
	const end = backOver(line, col, char => !isWord(char));
	return end === 0 ? 0 : backOver(line, end, isWord);
}

/** Ctrl+W's word, as a shell's: the spaces before the cursor, then what is not a space before them. */
function shellWordStart(line: string, col: number): number {
	return backOver(line, backOver(line, col, isSpace), char => !isSpace(char));
}

// A word's letters and digits each with its marks and joiners; what is before it, with theirs (see characterBefore).
const WORD_AFTER = new RegExp(`^[^\\p{L}\\p{N}]*(?:[\\p{L}\\p{N}]${JOINING}*)+`, 'u');

/** The end of the word at or after `col` (readline's Alt+F). */
function wordEnd(line: string, col: number): number {
	const match = WORD_AFTER.exec(line.slice(col));
	return match ? col + match[0].length : line.length;
}

function withLines(state: TextEditorState, lines: string[], row: number, col: number): TextEditorState {
	return {lines, row, col, top: state.top};
}

/**
 * The screen columns `line` takes before index `col`, as drawn (a CJK letter or an emoji takes two), counted a piece
 * at a time and no further than past `most`.
 */
function columnsBefore(line: string, col: number, most: number): number {
	const before = line.slice(0, col);
	if (/^[\x20-\x7E]*$/.test(before)) return before.length;
	let columns = 0;
	for (const piece of piecesOf(before)) {
		columns += textWidth(printable(piece));
		if (columns > most) break;
	}
	return columns;
}

/** The cluster start at or left of screen column `columns`, read from the line's start no further. */
function indexAtColumns(line: string, columns: number): number {
	// Printable ASCII up to one past the column: one column each, and a cluster starts at each.
	if (/^[\x20-\x7E]*$/.test(line.slice(0, columns + 1))) return Math.min(columns, line.length);
	let used = 0;
	let index = 0;
	// A piece at a time (cut between clusters) while a whole one fits, then a cluster at a time.
	for (const piece of piecesOf(line)) {
		const width = textWidth(printable(piece));
		if (used + width <= columns) {
			used += width;
			index += piece.length;
			continue;
		}
		for (const cluster of graphemes(piece)) {
			used += textWidth(printable(cluster));
			if (used > columns) return index;
			index += cluster.length;
		}
	}
	return index;
}

/** Up and Down keep the screen column (not the index: 日本 is four columns, two UTF-16 units). */
function moveVertically(state: TextEditorState, row: number): TextEditorState {
	const target = Math.max(0, Math.min(state.lines.length - 1, row));
	const line = state.lines[target]!;
	const goal = state.goal ?? {line: state.lines[state.row]!, col: state.col};
	// Back on the line the run started from (or one just like it): the same place, nothing to count.
	if (line === goal.line) return {...state, row: target, col: goal.col, goal};
	// A line takes at most two columns per code unit: a goal past that puts the cursor at its end, so the columns up to
	// the cursor are counted only that far. Up or Down out of a 200 KB line into a short one reads a piece of it; the
	// count waits for a line long enough to need it.
	const most = 2 * line.length;
	const columns = goal.columns ?? columnsBefore(goal.line, goal.col, most);
	return {...state, row: target, col: indexAtColumns(line, columns), goal: columns > most ? goal : {...goal, columns}};
}

function insert(state: TextEditorState, raw: string, multiline: boolean, command = false): TextEditorState {
	const text = multiline ? sanitizeText(raw) : sanitizeLine(raw, command).text;
	if (text === '') return state;
	const line = state.lines[state.row]!;
	const before = line.slice(0, state.col);
	const after = line.slice(state.col);
	const pieces = text.split('\n');
	const lines = [...state.lines];
	if (pieces.length === 1) {
		lines[state.row] = before + text + after;
		return withLines(state, lines, state.row, state.col + text.length);
	}
	const last = pieces.at(-1)!;
	const inserted = [before + pieces[0], ...pieces.slice(1, -1), last + after];
	lines.splice(state.row, 1, ...inserted);
	return withLines(state, lines, state.row + pieces.length - 1, last.length);
}

function edit(state: TextEditorState, action: EditAction, options: EditOptions): TextEditorState {
	const {row, col} = state;
	const line = state.lines[row]!;
	const page = Math.max(1, (options.pageSize ?? 10) - 1);
	switch (action.type) {
		case 'insert':
			return insert(state, action.text, options.multiline, options.command);
		case 'newline':
			return options.multiline ? insert(state, '\n', true) : state;
		case 'set': {
			const next = createText(action.text, {multiline: options.multiline});
			return {...next, top: state.top};
		}
		case 'deleteLeft': {
			if (col > 0) {
				const start = previousBreak(line, col);
				const lines = [...state.lines];
				lines[row] = line.slice(0, start) + line.slice(col);
				return withLines(state, lines, row, start);
			}
			if (row === 0) return state;
			// At the start of a line: join it to the previous one.
			const previous = state.lines[row - 1]!;
			const lines = [...state.lines];
			lines.splice(row - 1, 2, previous + line);
			return withLines(state, lines, row - 1, previous.length);
		}
		case 'deleteToStart':
		case 'deleteWordLeft':
		case 'deleteWordBack': {
			if (col === 0) return state;
			const start = action.type === 'deleteToStart' ? 0 : action.type === 'deleteWordBack' ? wordStart(line, col) : shellWordStart(line, col);
			const lines = [...state.lines];
			lines[row] = line.slice(0, start) + line.slice(col);
			return withLines(state, lines, row, start);
		}
		case 'deleteWordRight': {
			if (col === line.length) return state;
			const lines = [...state.lines];
			lines[row] = line.slice(0, col) + line.slice(wordEnd(line, col));
			return withLines(state, lines, row, col);
		}
		case 'deleteRight': {
			if (col < line.length) {
				const lines = [...state.lines];
				lines[row] = line.slice(0, col) + line.slice(nextBreak(line, col));
				return withLines(state, lines, row, col);
			}
			if (row === state.lines.length - 1) return state;
			// At the end of a line: pull the next one up.
			const lines = [...state.lines];
			lines.splice(row, 2, line + state.lines[row + 1]!);
			return withLines(state, lines, row, col);
		}
		case 'left':
			if (col > 0) return {...state, col: previousBreak(line, col), goal: undefined};
			return row > 0 ? {...state, row: row - 1, col: state.lines[row - 1]!.length, goal: undefined} : state;
		case 'right':
			if (col < line.length) return {...state, col: nextBreak(line, col), goal: undefined};
			return row < state.lines.length - 1 ? {...state, row: row + 1, col: 0, goal: undefined} : state;
		// At either end of a line they go on to the next line, as Left and Right do.
		case 'wordLeft':
			return col > 0 ? {...state, col: wordStart(line, col), goal: undefined} : edit(state, {type: 'left'}, options);
		case 'wordRight':
			return col < line.length ? {...state, col: wordEnd(line, col), goal: undefined} : edit(state, {type: 'right'}, options);
		case 'home':
			return {...state, col: 0, goal: undefined};
		case 'end':
			return {...state, col: line.length, goal: undefined};
		case 'up':
			return row > 0 ? moveVertically(state, row - 1) : state;
		case 'down':
			return row < state.lines.length - 1 ? moveVertically(state, row + 1) : state;
		case 'pageUp':
			return moveVertically(state, row - page);
		case 'pageDown':
			return moveVertically(state, row + page);
	}
}

/** Keeps the cursor row inside the window [top, top + pageSize). */
export function scrollToCursor(state: TextEditorState, pageSize: number): TextEditorState {
	const size = Math.max(1, pageSize);
	let top = Math.min(state.top, Math.max(0, state.lines.length - size));
	if (state.row < top) top = state.row;
	if (state.row >= top + size) top = state.row - size + 1;
	return top === state.top ? state : {...state, top};
}

export function editText(state: TextEditorState, action: EditAction, options: EditOptions): TextEditorState {
	const next = edit(state, action, options);
	if (next === state) return state;
	return options.multiline ? scrollToCursor(next, options.pageSize ?? 10) : next;
}
