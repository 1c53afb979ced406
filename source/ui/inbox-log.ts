// The rows of `smtp-tui inbox`'s log panel: serve's warnings (listening beyond loopback, a certificate not kept or
// made again) are said once at start, so they stay pinned above the newest lines rather than scroll away unseen.
import {printable, truncateText, wrapText} from './components/display-text.js';

/** serve's warnings, as ServeOutput writes them to its stderr. */
const WARNING = 'warning: ';

export type LogPanelRows = {pinned: string[]; newest: string[]};

/** A line `width` wide, going on under itself indented (a long line: the certificate's). */
const wrapped = (line: string, width: number) => wrapText(printable(line), width, Math.max(1, width - 2)).map((row, part) => (part === 0 ? row : `  ${row}`));

/**
 * `rows` rows `width` wide: the warnings first, whole where they leave a row for the log (else one row each, cut,
 * the first kept: the address warning comes first), then the newest other lines.
 */
export function logPanelRows(lines: readonly string[], width: number, rows: number): LogPanelRows {
	const warnings = [...new Set(lines.filter(line => line.startsWith(WARNING)))];
	const room = Math.max(0, rows - 1);
	const whole = warnings.flatMap(line => wrapped(line, width));
	const pinned = whole.length <= room ? whole : warnings.slice(0, room).map(line => truncateText(printable(line), width));
	const newest: string[] = [];
	for (let index = lines.length - 1; index >= 0 && newest.length < rows - pinned.length; index--) {
		if (!lines[index]!.startsWith(WARNING)) newest.unshift(...wrapped(lines[index]!, width));
	}
	return {pinned, newest: newest.slice(-(rows - pinned.length))};
}
