// The user's stop of a running session (Ctrl+X, an interrupt of `send`), in the words the log ends the run with: a
// stop is no failure, and where it came says what it left (no connection, no TLS, a message the server discards).
import type {SessionState} from '../smtp/session-types.js';

/** A run's result when the user stopped it at a step prompt or by a QUIT: the words say no more, the connection does. */
export const STOPPED_MESSAGE = 'stopped by the user';

/** Where the stop came: while connecting, during a STARTTLS handshake, while the message went, or between commands. */
export type StopMoment = 'connecting' | 'tls' | 'message' | 'quit' | 'dropped';

/** `quits`: a QUIT goes (else the connection is dropped without one). */
export function stopMoment(state: SessionState | undefined, connecting: boolean, quits: boolean): StopMoment {
	if (connecting) return 'connecting';
	if (state?.awaiting === 'tls') return 'tls';
	if (state?.awaiting === 'body') return 'message';
	return quits ? 'quit' : 'dropped';
}

const NOTES: Record<StopMoment, string> = {
	connecting: 'stopped by the user while connecting: no connection was made',
	tls: 'stopped by the user during the TLS handshake (STARTTLS): the connection is closed, and nothing went after STARTTLS',
	message: 'stopped by the user during the message: it was not sent (the server discards what of it arrived)',
	quit: 'stopped by the user: the session ended at your QUIT, before the message went',
	dropped: 'stopped by the user: the connection was closed without QUIT, before the message went',
};

/** The log's line for a stop at `moment`. */
export function stopNote(moment: StopMoment): string {
	return NOTES[moment];
}

/** A run the user stopped (no failure; the connection may stay open): at `moment`, in the log's words where no QUIT went. */
export function stoppedResult(moment: StopMoment = 'quit') {
	return {ok: false, kind: 'stopped', message: moment === 'quit' ? STOPPED_MESSAGE : stopNote(moment)} as const;
}
