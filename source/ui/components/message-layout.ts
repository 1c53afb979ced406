// An opened message's lines as screen rows, laid out only for the window drawn: a 50 MB text is 700,000 rows, and
// each key and each draw asks for the row count or a screen of rows. The count is worked out once per message, tab
// and width (cheaply: a line of one-column characters that fits is one row, and one cut by the width is arithmetic), and a
// window wraps only the lines it shows.
import {GLYPH} from '../theme.js';
import {rowWindow} from './row-window.js';
import {NARROW_ONLY, splitWidth, textWidth, wrapText} from './display-text.js';

/** One screen row of an opened message: a line, or the part of a long one that did not fit the row above. */
export type MessageRow = {text: string; continued: boolean};

/**
 * How a line wraps: `said`, smtp-tui's own words, as prose with no mark; `prose`, at spaces behind the mark; `exact`,
 * cut at the width behind the mark.
 */
export type LineWrap = 'said' | 'prose' | 'exact';

export type MessageLayout = {
	/** Rows of the whole view at this width; undefined while they are being counted (see subscribe). */
	readonly rows: number | undefined;
	/**
	 * Counts on at once as far as `row` (or the end), a slice of lines at most (End before the count is done must not
	 * hold the event loop): the rows counted then.
	 */
	rowsTo(row: number): number;
	/** The rows from `first`, at most `count` of them (fewer, where a slice of lines more has not reached them). */
	window(first: number, count: number): MessageRow[];
	/** `listener` is called once the rows are all counted (counted meanwhile only while one is subscribed); returns what stops it. */
	subscribe(listener: () => void): () => void;
	/** Lines wrapped into rows so far, by window() and by counting (a window wraps only the lines it shows). */
	readonly linesLaidOut: number;
};

/**
 * A view's lines: smtp-tui's own `before` and `after` a body (the text, the HTML or the raw source: megabytes, split
 * at line ends as it is counted).
 */
export type ViewLines = {before: readonly string[]; body?: string; after: readonly string[]};

/** Lines counted at a time: a normal message's all at once (its first frame says its length), a bigger one's between events. */
const SLICE = 20_000;

/** The last offset of `code` in `text` after `start` and before `end`, counted from `start`, or -1. */
function lastBetween(text: string, code: number, start: number, end: number): number {
	for (let at = end - 1; at > start; at--) if (text.charCodeAt(at) === code) return at - start;
	return -1;
}

/**
 * How many rows wrapText makes of `text`, one column a character (NARROW_ONLY), without making them: the same breaks (after a row's last
 * space but its first character, else after its last ':' in its second half, else at the width; a further row's
 * leading space dropped), found by jumping a row at a time.
 */
export function proseRowCount(text: string, width: number, rest: number): number {
	let rows = 0;
	// The row being filled is text[start, at).
	let start = 0;
	let at = 0;
	for (;;) {
		at = Math.max(at, start + Math.max(1, rows === 0 ? width : rest));
		if (at >= text.length) return rows + 1;
		const length = at - start;
		const space = lastBetween(text, 0x20, start, at);
		const colon = space > 0 ? -1 : lastBetween(text, 0x3a, start, at);
		start += space > 0 ? space + 1 : colon > Math.ceil(length / 2) ? colon + 1 : length;
		rows++;
		while (at === start && text.charCodeAt(at) === 0x20) start = ++at;
		at++;
	}
}

/**
 * `lines` as rows `width` wide, each made printable by `shown` (which leaves NARROW_ONLY text as it is) and wrapped
 * as `wrapOf` says; a further row of a line (but `said`) is led by GLYPH.continued. The rows are counted a slice of
 * lines at a time, between events (the sandbox's sessions are answered meanwhile), and at once as far as a window
 * asks.
 */
export function layOutLines(lines: ViewLines, width: number, wrapOf: (line: string) => LineWrap, shown: (line: string) => string): MessageLayout {
	const full = Math.max(1, width);
	const rest = Math.max(1, width - textWidth(GLYPH.continued));
	let linesLaidOut = 0;
	const lineRows = (line: string): MessageRow[] => {
		linesLaidOut++;
		const wrap = wrapOf(line);
		if (wrap === 'said') return wrapText(shown(line), full).map(text => ({text, continued: false}));
		return (wrap === 'prose' ? wrapText : splitWidth)(shown(line), full, rest).map((text, part) => ({text, continued: part > 0}));
	};
	const rowCount = (line: string): number => {
		// Characters of one column that print as themselves (`shown` leaves them be, and their rows are arithmetic).
		if (!NARROW_ONLY.test(line)) return lineRows(line).length;
		if (line.length <= full) return 1;
		const wrap = wrapOf(line);
		if (wrap === 'exact') return 1 + Math.ceil((line.length - full) / rest);
		return proseRowCount(line, full, wrap === 'said' ? full : rest);
	};
	const next = bodyLines(lines);
	// counted[i]: line i; starts[i]: the row it begins at.
	const counted: string[] = [];
	const starts: number[] = [];
	let rows = 0;
	let done = false;
	const listeners = new Set<() => void>();
	/** Counts up to `most` more lines, or until `row` is counted; true once all are. */
	const countOn = (most: number, row = Number.POSITIVE_INFINITY): boolean => {
		for (let left = most; !done && left > 0 && rows <= row; left--) {
			const line = next();
			if (line === undefined) done = true;
			else {
				counted.push(line);
				starts.push(rows);
				rows += rowCount(line);
			}
		}
		return done;
	};
	// Counting goes on between events only while a view is subscribed: a layout left behind (another width after a
	// resize, another tab, the message closed) stops, and goes on where it was if it is shown again.
	let counting = false;
	const countSlice = () => {
		counting = false;
		if (listeners.size === 0) return;
		if (!countOn(SLICE)) {
			counting = true;
			setImmediate(countSlice);
		} else for (const listener of listeners) listener();
	};
	if (!countOn(SLICE)) {
		counting = true;
		setImmediate(countSlice);
	}
	return {
		get rows() {
			return done ? rows : undefined;
		},
		rowsTo(row) {
			countOn(SLICE, row);
			return rows;
		},
		get linesLaidOut() {
			return linesLaidOut;
		},
		window(first, count) {
			countOn(SLICE, first + count);
			return first >= rows ? [] : rowWindow(starts, first, count, index => lineRows(counted[index]!));
		},
		subscribe(listener) {
			listeners.add(listener);
			if (!done && !counting) {
				counting = true;
				setImmediate(countSlice);
			}
			return () => listeners.delete(listener);
		},
	};
}

/** The view's lines one at a time (undefined after the last), the body split at CRLF or LF as it is asked for. */
function bodyLines({before, body, after}: ViewLines): () => string | undefined {
	let index = 0;
	// Where the body's next line starts; past its end once it is split.
	let at = body === undefined ? Number.POSITIVE_INFINITY : 0;
	return () => {
		if (index < before.length) return before[index++];
		if (body !== undefined && at <= body.length) {
			const end = body.indexOf('\n', at);
			const stop = end < 0 ? body.length : end;
			const line = body.slice(at, stop > at && body.charCodeAt(stop - 1) === 0x0d ? stop - 1 : stop);
			at = end < 0 ? Number.POSITIVE_INFINITY : end + 1;
			return line;
		}
		const tail = index - before.length;
		if (tail >= after.length) return undefined;
		index++;
		return after[tail];
	};
}
