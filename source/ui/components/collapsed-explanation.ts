// A reply's explanation in the collapsed log's one or two rows: the words that say what happened are kept, the
// enhanced code's "success" is let go first, and a cut falls between words ("2.1.0 …" and "bad destinat…" said nothing).
import {textWidth, truncateWords, wrapText} from './display-text.js';

/**
 * explainReply's last clause when the enhanced code is a success: "; 2.1.0 success (address status)". On a 2xx it
 * only repeats what the words before it say.
 */
const SUCCESS_CLAUSE = /; 2\.\d{1,3}\.\d{1,3} [^;]*$/;

/** `explanation` in rows of `room` columns, whole. */
const rowsOf = (explanation: string, room: number) => (textWidth(explanation) <= room ? [explanation] : wrapText(explanation, room));

/**
 * An explanation in at most `most` rows of `room` columns: whole where it fits; else without its success clause;
 * else its last row cut after a whole word, with one "…".
 */
export function collapsedExplanation(explanation: string, room: number, most: number): string[] {
	const whole = rowsOf(explanation, room);
	if (whole.length <= most) return whole;
	const shorter = explanation.replace(SUCCESS_CLAUSE, '');
	const rows = shorter === explanation ? whole : rowsOf(shorter, room);
	if (rows.length <= most) return rows;
	return [...rows.slice(0, most - 1), truncateWords(rows.slice(most - 1).join(''), room)];
}
