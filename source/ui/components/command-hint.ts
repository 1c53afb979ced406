// The row under manual mode's command line, between commands: what to type next (the presenter's "now:/next:" line,
// which a student at their own keyboard needs as much) and the key that shows the log's cut lines whole from here.
import {GLYPH} from '../theme.js';
import {textWidth, truncateWords, wrapText} from './display-text.js';

/**
 * The next step, then the expand key ("· Ctrl+Y: show all"): the step whole where both fit, else the step whole
 * alone (the step is the row's news; the key is in the help); else cut at a word so the key still shows; where even
 * that leaves the step no room, the step alone.
 */
export function nextStepHint(next: string, expand: string, width: number): string {
	const key = ` ${GLYPH.separator} ${expand}`;
	const both = `${next}${key}`;
	if (textWidth(both) <= width) return both;
	if (textWidth(next) <= width) return next;
	const room = width - textWidth(key);
	return room >= 20 ? `${truncateWords(next, room)}${key}` : truncateWords(next, width);
}

/** The step on at most two rows, the second cut after a word if need be: where the log's lines are shown whole. */
export function wholeStepRows(next: string, width: number): string[] {
	const rows = wrapText(next, width).map(row => row.trimEnd());
	return rows.length <= 2 ? rows : [rows[0]!, truncateWords(rows.slice(1).join(' '), width)];
}
