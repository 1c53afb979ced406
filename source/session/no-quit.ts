// Where a QUIT cannot go: after 354 it would be message text, and before the greeting it would be talking first.
// The connection is then dropped instead, and the log says why.
import type {SessionState} from '../smtp/session-types.js';

/** Why no QUIT may go now, as the log says it when the connection is dropped instead; undefined when one may. */
export function noQuitReason(state: SessionState): string | undefined {
	// After 354 every line is message text, QUIT included: the server discards the unfinished message.
	if (state.awaiting === 'body') return 'closing without QUIT: after 354 it would be taken as part of the message; the server discards the unfinished message';
	// Its 354 may be on the way: a QUIT sent now would arrive as the first line of the message, which the run would
	// then send. Dropping the connection leaves the server nothing to deliver.
	if (state.pending.some(pending => pending.command.verb === 'DATA')) {
		return 'closing without QUIT: DATA is waiting for its answer, and after a 354 a QUIT would be taken as part of the message';
	}
	// Nothing said yet: a QUIT would be talking first (which some servers punish), and could not be answered.
	if (state.awaiting === 'greeting') return 'closing without QUIT: the server has not greeted yet';
	return undefined;
}

/**
 * The user's stop during a STARTTLS handshake: no SMTP line can go mid-handshake, in clear or in TLS, so waiting for a
 * QUIT's answer would be waiting for nothing. (A handshake that failed is closed by its failure, not by this.)
 */
export const NO_QUIT_IN_HANDSHAKE = 'closing without QUIT: the TLS handshake is under way, and no command can go until it ends';
