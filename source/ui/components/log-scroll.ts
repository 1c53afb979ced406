// Scrolling the protocol log by index arithmetic. Entry ids are consecutive (the log only ever drops its oldest
// entries), so an entry's index is `id - firstId`: no search, no copy. Every operation walks at most a screenful
// of rows, so 100,000 entries cost the same as 100.
import type {LogEntry} from '../../session/types.js';

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

export type LogView = {
	entries: readonly LogEntry[];
	/** Entries ever logged (ids run to this number). */
	total: number;
	height: number;
	rowCount: (entry: LogEntry) => number;
};

export type LogScrollAction = {type: 'lineUp' | 'lineDown' | 'pageUp' | 'pageDown' | 'home' | 'end'};

/** A row position: entry index in `entries` and row inside that entry. */
export type RowPosition = {index: number; row: number};

function back(view: LogView, from: RowPosition, rows: number): RowPosition {
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

function forward(view: LogView, from: RowPosition, rows: number): RowPosition {
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
function fitsFrom(view: LogView, from: RowPosition, height: number): boolean {
	let rows = 0;
	for (let index = from.index; index < view.entries.length; index++) {
		rows += view.rowCount(view.entries[index]!) - (index === from.index ? from.row : 0);
		if (rows > height) return false;
	}
	return true;
}

/** The top row when following: just enough rows before the end to fill the height. */
function tailStart(view: LogView): RowPosition {
	const last = view.entries.length - 1;
	return back(view, {index: last, row: view.rowCount(view.entries[last]!)}, view.height);
}

/** The first visible row of the window for a scroll state. */
export function windowStart(scroll: LogScroll, view: LogView): RowPosition {
	if (view.entries.length === 0) return {index: 0, row: 0};
	if (scroll.follow) return tailStart(view);
	const firstId = view.entries[0]!.id;
	// The anchor may have been dropped from a capped log: start at the oldest entry left.
	const index = Math.max(0, Math.min(view.entries.length - 1, scroll.topId - firstId));
	const row = index === scroll.topId - firstId ? Math.min(scroll.topRow, view.rowCount(view.entries[index]!) - 1) : 0;
	return {index, row};
}

function anchor(view: LogView, position: RowPosition, seenTotal: number): LogScroll {
	// Once the end is in view again, follow the tail.
	if (fitsFrom(view, position, view.height)) return FOLLOW;
	return {follow: false, topId: view.entries[position.index]!.id, topRow: position.row, seenTotal};
}

export function scrollLog(scroll: LogScroll, action: LogScrollAction, view: LogView): LogScroll {
	if (view.entries.length === 0) return FOLLOW;
	const start = windowStart(scroll, view);
	const seen = scroll.follow ? view.total : scroll.seenTotal;
	// While scrolled, one row holds the indicator; a page keeps one row of overlap for context.
	const page = Math.max(1, view.height - 2);
	switch (action.type) {
		case 'end':
			return FOLLOW;
		case 'home':
			return anchor(view, {index: 0, row: 0}, seen);
		case 'lineUp':
			return anchor(view, back(view, start, 1), seen);
		case 'pageUp':
			return anchor(view, back(view, start, page), seen);
		case 'lineDown':
			return scroll.follow ? scroll : anchor(view, forward(view, start, 1), seen);
		case 'pageDown':
			return scroll.follow ? scroll : anchor(view, forward(view, start, page), seen);
	}
}

/** Entries that arrived after the user stopped following. */
export function newEntryCount(scroll: LogScroll, total: number): number {
	return scroll.follow ? 0 : Math.max(0, total - scroll.seenTotal);
}
