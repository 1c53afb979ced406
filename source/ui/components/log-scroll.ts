// Scrolling the protocol log by index arithmetic. Entry ids are consecutive (the log only ever drops its oldest
// entries), so an entry's index is `id - firstId`: no search, no copy. Every operation walks at most a screenful
// of rows, so 100,000 entries cost the same as 100.
import type {LogEntry} from '../../session/types.js';
import {groupDigits} from '../../smtp/digits.js';
import {GLYPH} from '../theme.js';

/** Following the tail, or anchored at a row of an entry (stable while new entries arrive). */
export type LogScroll =
	| {follow: true}
	| {
			follow: false;
			/** Entry shown first, and which of its rows is the top row. */
			topId: number;
			topRow: number;
			/** Entries ever logged when the user stopped following: the rest are "new". */
			seenTotal: number;
	  };

export const FOLLOW: LogScroll = {follow: true};

/** What is scrolled: the protocol log's entries, or `smtp-tui inbox`'s server log lines; ids consecutive. */
export type Scrolled = {id: number};

export type LogView<Entry extends Scrolled = LogEntry> = {
	entries: readonly Entry[];
	/** Entries ever logged (ids run to this number). */
	total: number;
	height: number;
	// A method: a view of LogEntry is also a view of Scrolled, which is all the scroll reducer reads.
	rowCount(entry: Entry): number;
	/** The top row is always an entry's first (smtp-tui inbox: a line cut at its start would read as a line of its own). */
	wholeEntries?: true;
};

export type LogScrollAction = {type: 'lineUp' | 'lineDown' | 'pageUp' | 'pageDown' | 'home' | 'end'};

/** A row position: entry index in `entries` and row inside that entry. */
type RowPosition = {index: number; row: number};

function back<Entry extends Scrolled>(view: LogView<Entry>, from: RowPosition, rows: number): RowPosition {
	let {index, row} = from;
	let left = rows;
	while (left > 0) {
		if (row >= left) return {index, row: row - left};
		left -= row;
		if (index === 0) return {index: 0, row: 0};
		index -= 1;
		row = view.rowCount(view.entries[index]!);
	}
	return {index, row};
}

function forward<Entry extends Scrolled>(view: LogView<Entry>, from: RowPosition, rows: number): RowPosition {
	let {index, row} = from;
	let left = rows;
	const last = view.entries.length - 1;
	while (left > 0) {
		const remaining = view.rowCount(view.entries[index]!) - row;
		if (left < remaining) return {index, row: row + left};
		if (index === last) return {index, row: row + remaining - 1};
		left -= remaining;
		index += 1;
		row = 0;
	}
	return {index, row};
}

/** True when the rows from `from` to the end fit in `height` rows. Walks at most `height` rows. */
function fitsFrom<Entry extends Scrolled>(view: LogView<Entry>, from: RowPosition, height: number): boolean {
	let rows = 0;
	for (let index = from.index; index < view.entries.length; index++) {
		rows += view.rowCount(view.entries[index]!) - (index === from.index ? from.row : 0);
		if (rows > height) return false;
	}
	return true;
}

/** The top row when following: just enough rows before the end to fill the height. */
function tailStart<Entry extends Scrolled>(view: LogView<Entry>): RowPosition {
	const last = view.entries.length - 1;
	return back(view, {index: last, row: view.rowCount(view.entries[last]!)}, view.height);
}

/** The first visible row of the window for a scroll state. */
function windowStart<Entry extends Scrolled>(scroll: LogScroll, view: LogView<Entry>): RowPosition {
	if (view.entries.length === 0) return {index: 0, row: 0};
	if (scroll.follow) return tailStart(view);
	const firstId = view.entries[0]!.id;
	// The anchor may have been dropped from a capped log: start at the oldest entry left.
	const index = Math.max(0, Math.min(view.entries.length - 1, scroll.topId - firstId));
	const row = index === scroll.topId - firstId ? Math.min(scroll.topRow, view.rowCount(view.entries[index]!) - 1) : 0;
	return {index, row};
}

function anchor<Entry extends Scrolled>(view: LogView<Entry>, position: RowPosition, seenTotal: number): LogScroll {
	// Once the end is in view again, follow the tail.
	if (fitsFrom(view, position, view.height)) return FOLLOW;
	return {follow: false, topId: view.entries[position.index]!.id, topRow: position.row, seenTotal};
}

/**
 * For a view of whole entries: `to` taken back to its entry's first row; a move down that would then not move goes
 * on to the next entry's.
 */
function wholeEntry(view: LogView<Scrolled>, start: RowPosition, to: RowPosition): RowPosition {
	const down = to.index > start.index || (to.index === start.index && to.row > start.row);
	const index = down && to.index === start.index && to.index < view.entries.length - 1 ? to.index + 1 : to.index;
	return {index, row: 0};
}

export function scrollLog<Entry extends Scrolled>(scroll: LogScroll, action: LogScrollAction, view: LogView<Entry>): LogScroll {
	if (view.entries.length === 0) return FOLLOW;
	const start = windowStart(scroll, view);
	const seen = scroll.follow ? view.total : scroll.seenTotal;
	// While scrolled, one row holds the indicator; a page keeps one row of overlap for context.
	const page = Math.max(1, view.height - 2);
	const to = (position: RowPosition) => anchor(view, view.wholeEntries ? wholeEntry(view, start, position) : position, seen);
	switch (action.type) {
		case 'end':
			return FOLLOW;
		case 'home':
			return to({index: 0, row: 0});
		case 'lineUp':
			return to(back(view, start, 1));
		case 'pageUp':
			return to(back(view, start, page));
		case 'lineDown':
			return scroll.follow ? scroll : to(forward(view, start, 1));
		case 'pageDown':
			return scroll.follow ? scroll : to(forward(view, start, page));
	}
}

/** Entries that arrived after the user stopped following. */
export function newEntryCount(scroll: LogScroll, total: number): number {
	return scroll.follow ? 0 : Math.max(0, total - scroll.seenTotal);
}

/**
 * The rows from the scroll position down, as many as fit (scrolled up, one row fewer: the indicator's), and how many
 * entries are below them (the last one drawn, cut, counts as below).
 */
export function windowRows<Entry extends Scrolled, Row>(scroll: LogScroll, view: LogView<Entry>, rowsOf: (entry: Entry) => readonly Row[]): {rows: Row[]; below: number} {
	const start = windowStart(scroll, view);
	const contentHeight = scroll.follow ? view.height : Math.max(0, view.height - 1);
	const rows: Row[] = [];
	let index = start.index;
	let cut = false;
	for (; index < view.entries.length && rows.length < contentHeight; index++) {
		const shown = rowsOf(view.entries[index]!);
		let row = index === start.index ? start.row : 0;
		for (; row < shown.length && rows.length < contentHeight; row++) rows.push(shown[row]!);
		cut = row < shown.length;
	}
	return {rows, below: view.entries.length - index + (cut ? 1 : 0)};
}

/** The scrolled log's last row: everything below, and how much of it is new (the new do not hide the older unread). */
export function scrolledIndicator(below: number, fresh: number, back: string): string {
	return `${GLYPH.down} ${groupDigits(below)} more below${fresh > 0 ? `, ${groupDigits(fresh)} new` : ''}  (${back})`;
}
