// Turns one log entry into screen rows. Collapsed (the default): one row per line sent or received, truncated (a
// refusal's two, its reason last), plus a row or two for a reply's explanation; what smtp-tui says itself wraps to a few rows. Expanded (the log.expand key) and presenter mode: long lines and explanations wrap, and
// DATA entries show their preview lines.
import {strayHeaderLines} from '../../session/typed-body.js';
import type {LogEntry} from '../../session/types.js';
import {countOf} from '../../smtp/digits.js';
import {inlineHint} from '../keys/bindings.js';
import {GLYPH, MARK, type Marks} from '../theme.js';
import {collapsedExplanation} from './collapsed-explanation.js';
import {printable, splitWidth, textWidth, truncateText, truncateWords, wrapMarked, wrapText, wrapWire} from './display-text.js';

export type LogLayout = {
	width: number;
	/** Long lines wrap and DATA bodies show their first lines. */
	expanded: boolean;
	/** Explanations are always wrapped in full; no timestamps. */
	presenter: boolean;
	timestamps: boolean;
	/** Where a message the log shows the first lines of can be read whole (the log keeps no more of it). */
	wholeMessage?: string;
	/** The newest reply with an explanation: collapsed, its explanation gets a second row, as a refusal's does. */
	newestReplyId?: number;
	/**
	 * After smtp-tui's own words cut at three rows, how to show them whole from where the focus is: "x: show all" in
	 * the log, "Ctrl+Y: show all" on the command line (x is a letter there), "x in the log: show all" elsewhere.
	 */
	showAll?: string;
};

/** `pending`: a line typed after 354, sent, in a message the lone "." has not ended yet. */
type LogRowRole = 'sent' | 'received' | 'info' | 'warning' | 'error' | 'explanation' | 'data' | 'pending';

export type LogRow = {
	key: string;
	/** "12:34:56 " or blank padding of the same width; empty when timestamps are off, and on explanation rows (under the clock). */
	time: string;
	/** Marker and its space ("→ "), blank on continuation rows; as wide on every row (markerColumns). */
	marker: string;
	text: string;
	role: LogRowRole;
	/** Reply code for colouring received lines by class. */
	code?: number;
	/** " 12 ms" after the last row of a reply. */
	suffix?: string;
};

const TIME_WIDTH = 9;
/** Most rows an info, warning or error line takes in the collapsed log. */
const OWN_WORDS_ROWS = 3;
/** Rows of the newest reply's and a refusal's explanation in the collapsed log: what is read now, and what went wrong. */
const EXPLANATION_ROWS = 2;
// Read when drawn: the glyph set is chosen at start, after this module is loaded.
const MARKERS: Record<LogEntry['kind'], keyof Marks> = {
	sent: 'sent',
	data: 'sent',
	received: 'received',
	info: 'info',
	error: 'error',
};

/** Columns of the marker and its space: the widest marker's ("-> " in ASCII), so every row's text lines up. */
function markerColumns(): number {
	return Math.max(...Object.values(MARKERS).map(name => textWidth(MARK[name]))) + 1;
}

function clock(time: number): string {
	const date = new Date(time);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} `;
}

function showsTime(layout: LogLayout): boolean {
	return layout.timestamps && !layout.presenter;
}

function textColumns(layout: LogLayout): number {
	return Math.max(1, layout.width - (showsTime(layout) ? TIME_WIDTH : 0) - markerColumns());
}

function wraps(layout: LogLayout): boolean {
	return layout.expanded || layout.presenter;
}

/** The reply code of a received line: the whole reply's on its last line, else the line's own digits. */
function lineCode(entry: LogEntry): number | undefined {
	if (entry.reply) return entry.reply.code;
	const match = /^([2-5]\d\d)[ -]/.exec(entry.text);
	return match ? Number(match[1]) : undefined;
}

/** Most rows a refused reply's own line takes in the collapsed log: its reason ("user unknown") comes last. */
const REFUSAL_ROWS = 2;

/**
 * A refusal's (4xx, 5xx) line too long for its row: collapsed, it goes on to a second row rather than be cut. Only a
 * refusal's text is measured: the rows of a long log are counted on every key.
 */
function wrapsRefusal(entry: LogEntry, columns: number): boolean {
	return entry.kind === 'received' && (lineCode(entry) ?? 0) >= 400 && textWidth(printable(entry.text)) > columns;
}

/** A refused reply's line in REFUSAL_ROWS rows, broken and marked as the expanded log breaks it, the last cut after a whole word. */
function refusalRows(text: string, columns: number): string[] {
	const mark = GLYPH.continued;
	const pieces = wrapWire(text, columns, mark);
	if (pieces.length <= REFUSAL_ROWS) return pieces;
	const rest = pieces.slice(REFUSAL_ROWS - 1).map(piece => piece.slice(mark.length)).join('');
	return [...pieces.slice(0, REFUSAL_ROWS - 1), `${mark}${truncateWords(rest, Math.max(1, columns - textWidth(mark)))}`];
}

/** In brackets: a reply that ends in a time of its own ("try again in 5 s") must not run into it. */
function latency(entry: LogEntry): string | undefined {
	// A replay that waited less shows the recorded server's time, and says so.
	return entry.latencyMs === undefined ? undefined : ` (${Math.round(entry.latencyMs)} ms${entry.latencyRecorded ? ', recorded' : ''})`;
}

/** Rows of one entry, top to bottom. */
export function entryRows(entry: LogEntry, layout: LogLayout): LogRow[] {
	const columns = textColumns(layout);
	const time = showsTime(layout) ? clock(entry.time) : '';
	const blankTime = ' '.repeat(time.length);
	const markerWidth = markerColumns();
	// A warning (sent anyway, no TLS, an unsolicited reply) must not read like the grey info lines around it.
	const warning = entry.kind === 'info' && entry.text.startsWith('warning:');
	const marker = MARK[warning ? 'warning' : MARKERS[entry.kind]].padEnd(markerWidth);
	const blankMarker = ' '.repeat(markerWidth);
	const role: LogRowRole = warning ? 'warning' : entry.kind;
	const code = entry.kind === 'received' ? lineCode(entry) : undefined;
	const suffix = latency(entry);
	const text = printable(entry.text);
	const rows: LogRow[] = [];
	const push = (row: Omit<LogRow, 'key' | 'time'>, first = false) =>
		rows.push({key: `${entry.id}:${rows.length}`, time: first ? time : blankTime, ...row});

	// What smtp-tui itself says (info, warnings, errors) is read, not scanned: it wraps even when the log is
	// collapsed, up to a few rows (a server's long reply text in an error stays bounded).
	const ownWords = entry.kind === 'info' || entry.kind === 'error';
	if (wraps(layout) || ownWords) {
		// A wire line cut across rows marks each further row (the wire has no line break there), as the preview and
		// the inbox do: a folded header's next part must not read as a header of its own. smtp-tui's words are prose.
		const pieces = ownWords ? wrapMarked(text, columns, GLYPH.continued) : wrapWire(text, columns, GLYPH.continued);
		if (!wraps(layout) && pieces.length > OWN_WORDS_ROWS) {
			// The cut says where the rest is: the remedy often comes last ("… use --ca FILE to trust it").
			const more = ` (${layout.showAll ?? inlineHint('log.expand')})`;
			// The rows cut join up again without the marks that led the ones that went on with a word.
			const rest = pieces.slice(OWN_WORDS_ROWS - 1).map((piece, index) => (index > 0 && piece.startsWith(GLYPH.continued) ? piece.slice(GLYPH.continued.length) : piece));
			pieces.splice(OWN_WORDS_ROWS - 1, Infinity, `${truncateText(rest.join(''), Math.max(1, columns - more.length))}${more}`);
		}
		pieces.forEach((piece, index) => push({marker: index === 0 ? marker : blankMarker, text: piece, role, code}, index === 0));
		const last = rows.at(-1)!;
		if (suffix && textWidth(last.text) + suffix.length <= columns) last.suffix = suffix;
	} else if (suffix && textWidth(text) + suffix.length <= columns) {
		push({marker, text, role, code, suffix}, true);
	} else if (wrapsRefusal(entry, columns)) {
		refusalRows(text, columns).forEach((piece, index) => push({marker: index === 0 ? marker : blankMarker, text: piece, role, code}, index === 0));
	} else {
		// The reply's words come before its latency: the time moves under it, to the explanation's end, if it fits there.
		push({marker, text: truncateText(text, columns), role, code}, true);
	}

	if (entry.kind === 'data' && entry.data) {
		if (layout.expanded) {
			for (const line of entry.data.preview) {
				const shown = printable(line);
				for (const piece of continuedRows(shown, columns - 2)) push({marker: blankMarker, text: `  ${piece}`, role: 'explanation'});
			}
			const more = entry.data.lines - entry.data.preview.length;
			if (more > 0) {
				const rest = `${GLYPH.ellipsis} ${countOf(more, 'more line')}${layout.wholeMessage ? `: ${layout.wholeMessage}` : ''}`;
				for (const piece of wrapText(rest, columns - 2)) push({marker: blankMarker, text: `  ${piece}`, role: 'explanation'});
			}
			// The preview holds the wire's lines, the final "." among them only when all of it fit: a cut one still ends
			// with it, the lesson's point.
			if (entry.data.preview.length <= entry.data.lines) push({marker: blankMarker, text: '  .', role: 'explanation'});
		}
	}

	const explain = (pieces: string[]) => {
		for (const piece of pieces) rows.push({key: `${entry.id}:${rows.length}`, time: '', marker: blankMarker, text: `  ${piece}`, role: 'explanation'});
	};
	// An EHLO extension's meaning: only when the log has room to explain (expanded, presenter).
	if (entry.note && wraps(layout)) explain(wrapText(printable(entry.note), explanationColumns(layout)));

	if (entry.explanation) {
		const explanation = explanationText(entry, entry.explanation);
		const room = explanationColumns(layout);
		explain(wraps(layout) ? wrapText(explanation, room) : collapsedExplanation(explanation, room, explanationRows(entry, layout)));
		const last = rows.at(-1)!;
		if (suffix && !rows.some(row => row.suffix) && markerColumns() + textWidth(last.text) + suffix.length <= layout.width) last.suffix = suffix;
	}
	// Wrapped (expanded, presenter), the latency is never left out: a row of its own, under the words, when it fits
	// neither after the reply nor after its explanation.
	// It lines up with the row above: an explanation's words (two in), else the reply's.
	if (suffix && wraps(layout) && !rows.some(row => row.suffix)) push({marker: blankMarker, text: rows.at(-1)!.role === 'explanation' ? '  ' : '', role, code, suffix: suffix.trimStart()});
	return rows;
}

/**
 * An explanation's columns: it starts two in from where the wire text starts without a clock (4, 5 in ASCII), under
 * the clock when there is one, not the reply: a narrow log keeps most of its words (13 of 40 columns went to the
 * indent at 80x24).
 */
function explanationColumns(layout: LogLayout): number {
	return Math.max(1, layout.width - markerColumns() - 2);
}

function explanationText(entry: LogEntry, explanation: string): string {
	return printable(replyExplanation(entry, explanation));
}

/** Rows an explanation may take in the collapsed log: two for the newest reply and a refusal (4xx, 5xx), else one. */
function explanationRows(entry: LogEntry, layout: LogLayout): number {
	return entry.id === layout.newestReplyId || (entry.reply?.code ?? 0) >= 400 ? EXPLANATION_ROWS : 1;
}

/**
 * Under the last line of a multi-line reply (an EHLO's `250 SIZE …`), the explanation is the whole reply's: led by
 * its code, as the send transcript leads every one (`# 250: …`), it does not read as that last line's.
 */
function replyExplanation(entry: LogEntry, explanation: string): string {
	const code = entry.reply && entry.reply.lines.length > 1 ? String(entry.reply.code) : undefined;
	return code === undefined || explanation.startsWith(code) ? explanation : `${code}: ${explanation}`;
}

/** `text` in rows `columns` wide, each row after the first led by the continuation mark. */
function continuedRows(text: string, columns: number): string[] {
	const mark = GLYPH.continued;
	return splitWidth(text, Math.max(1, columns), Math.max(1, columns - textWidth(mark))).map((piece, index) => (index === 0 ? piece : `${mark}${piece}`));
}

/** How many rows an entry takes; cheap in the collapsed layout, where every entry is one or two rows. */
export function entryRowCount(entry: LogEntry, layout: LogLayout): number {
	// Collapsed, a line sent or received is one row (a refusal's two; a row or two more with its explanation), counted
	// without laying it out: a 100,000-line log is counted on every key. smtp-tui's own words wrap, so they are laid out.
	if (!wraps(layout) && entry.kind !== 'info' && entry.kind !== 'error') {
		const wire = wrapsRefusal(entry, textColumns(layout)) ? REFUSAL_ROWS : 1;
		if (!entry.explanation) return wire;
		const most = explanationRows(entry, layout);
		const explanation = explanationText(entry, entry.explanation);
		const room = explanationColumns(layout);
		return wire + (most === 1 || textWidth(explanation) <= room ? 1 : collapsedExplanation(explanation, room, most).length);
	}
	return entryRows(entry, layout).length;
}

/** Rows the lines typed after 354 take under the log: one each, at most half of it (the rest stays the log's). */
export function pendingRowCount(count: number, height: number): number {
	return Math.min(count, Math.max(1, Math.floor(height / 2)));
}

/**
 * The lines typed after 354, each sent as it was typed, as a class reads along at telnet: marked as sent, in the
 * message's own rows until the lone "." ends it (the log then has the message), the newest last, and a line the
 * server will read as a header though it is none marked as a warning. Where they do not all fit, the oldest give
 * way to a count.
 */
export function pendingRows(lines: readonly string[], layout: LogLayout, height: number): LogRow[] {
	const count = pendingRowCount(lines.length, height);
	const first = lines.length - count + (count < lines.length ? 1 : 0);
	const time = showsTime(layout) ? ' '.repeat(TIME_WIDTH) : '';
	const columns = textColumns(layout);
	const marker = (name: keyof Marks) => MARK[name].padEnd(markerColumns());
	const stray = strayHeaderLines(lines);
	const rows: LogRow[] = [];
	if (first > 0) {
		const earlier = `${GLYPH.ellipsis} ${countOf(first, 'earlier line')} of the message`;
		rows.push({key: 'pending:earlier', time, marker: marker('sent'), text: truncateText(earlier, columns), role: 'pending'});
	}
	for (let index = first; index < lines.length; index++) {
		const warning = stray(index);
		rows.push({key: `pending:${index}`, time, marker: marker(warning ? 'warning' : 'sent'), text: truncateText(printable(lines[index]!), columns), role: warning ? 'warning' : 'pending'});
	}
	return rows;
}
