// The rows of `smtp-tui inbox`'s log panel: serve's warnings (listening beyond loopback, a certificate not kept or
// made again) are said once at start, so they stay pinned above the other lines rather than scroll away unseen; the
// other lines follow the newest, or scroll back as the dashboard's protocol log does (log-scroll).
import type {CaughtLines} from '../headless/catcher.js';
import {printable, truncateText, wrapText} from './components/display-text.js';
import {newEntryCount, scrolledIndicator, windowRows, type LogScroll, type LogView} from './components/log-scroll.js';
import {keyFor} from './keys/bindings.js';

/** One of serve's lines, numbered as it came (the scroll keeps its place by the number while lines come and go). */
type LogLine = {id: number; text: string};

/** `indicator`: scrolled up, the last row says what is below and how much of it is new. */
export type LogPanelRows = {pinned: string[]; rows: string[]; indicator?: string};

/** A line `width` wide, going on under itself indented (a long line: the certificate's). */
const wrapped = (line: string, width: number) => wrapText(printable(line), width, Math.max(1, width - 2)).map((row, part) => (part === 0 ? row : `  ${row}`));

/** The warnings, whole where they leave a row for the log, else one row each, cut (the first kept: the address's). */
function pinnedRows(warnings: readonly string[], width: number, rows: number): string[] {
	const room = Math.max(0, rows - 1);
	const whole = warnings.flatMap(line => wrapped(line, width));
	return whole.length <= room ? whole : warnings.slice(0, room).map(line => truncateText(printable(line), width));
}

/** What the scroll keys move through: the lines under the warnings, `rows` rows `width` wide. */
export function logPanelView({warnings, lines, total}: CaughtLines, width: number, rows: number): LogView<LogLine> {
	const first = total - lines.length + 1;
	return {
		entries: lines.map((text, index) => ({id: first + index, text})),
		total,
		height: Math.max(1, rows - pinnedRows(warnings, width, rows).length),
		rowCount: line => wrapped(line.text, width).length,
	};
}

/** `rows` rows `width` wide: the warnings first, then the other lines from the scroll position (following: the newest). */
export function logPanelRows(log: CaughtLines, width: number, rows: number, scroll: LogScroll = {follow: true}): LogPanelRows {
	const pinned = pinnedRows(log.warnings, width, rows);
	const view = logPanelView(log, width, rows);
	const shown = windowRows(scroll, view, line => wrapped(line.text, width));
	if (scroll.follow) return {pinned, rows: shown.rows};
	const indicator = scrolledIndicator(shown.below, newEntryCount(scroll, log.total), `${keyFor('log.end')}: follow`);
	return {pinned, rows: shown.rows, indicator: truncateText(indicator, width)};
}
