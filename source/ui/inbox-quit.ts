// What `q` in `smtp-tui inbox` would end for a room: the sessions open (each gets 421) and the messages held only
// in memory (no --save-dir). One key on a projector must not stop thirty students' server without a word.
import {countOf} from '../smtp/digits.js';

/** "3 sessions open, 12 messages not saved", or undefined when stopping loses nothing. */
export function quitCost(sessions: number, unsaved: number): string | undefined {
	const parts = [...(sessions > 0 ? [`${countOf(sessions, 'session')} open`] : []), ...(unsaved > 0 ? [`${countOf(unsaved, 'message')} not saved`] : [])];
	return parts.length === 0 ? undefined : parts.join(', ');
}
