// The user's stop of a running session (Ctrl+X, an interrupt of `send`), in the words the log ends the run with: a
// stop is no failure, and where it came says what it left (no connection, no TLS, a message the server discards).
// A hang-up (the terminal gone, SIGHUP) stops it the same way, but is no choice of the user's: it says so.
import type {SessionState} from '../smtp/session-types.js';

/** A run's result when the user stopped it at a step prompt or by a QUIT: the words say no more, the connection does. */
export const STOPPED_MESSAGE = 'stopped by the user';

/**
 * Where the stop came: while connecting (no TCP connection yet), during the handshake of TLS from the first byte
 * (connected), during a STARTTLS handshake, while the message went, or between commands.
 */
export type StopMoment = 'connecting' | 'handshake' | 'tls' | 'message' | 'quit' | 'dropped';

/** Who stopped it: the user (Ctrl+X, Ctrl+C, SIGTERM), or the terminal that hung up (SIGHUP). */
export type StopCause = 'user' | 'hangup';

/** What a stop's words name: its cause, and the server's host:port (a handshake stopped there was connected to it). */
export type StopContext = {cause: StopCause; at: string};

/**
 * `connecting`: the connection is still being made, 'tcp' before the TCP connect succeeded, 'handshake' after it,
 * while TLS from the first byte is negotiated. `quits`: a QUIT goes (else the connection is dropped without one).
 */
export function stopMoment(state: SessionState | undefined, connecting: 'tcp' | 'handshake' | undefined, quits: boolean): StopMoment {
	if (connecting) return connecting === 'tcp' ? 'connecting' : 'handshake';
	if (state?.awaiting === 'tls') return 'tls';
	if (state?.awaiting === 'body') return 'message';
	return quits ? 'quit' : 'dropped';
}

const HUNG_UP = 'the terminal closed (SIGHUP)';

const STOPPED_BY: Record<StopCause, string> = {user: STOPPED_MESSAGE, hangup: `stopped as ${HUNG_UP}`};

/** The first words of a stop's log line: "stopped by the user", or as the terminal closed. */
export function stoppedBy(cause: StopCause): string {
	return STOPPED_BY[cause];
}

/**
 * Why the connection is dropped without QUIT (`reason`, the log's and the recording's words), after a hang-up led by
 * what caused it: a replay of the recording then says the terminal went, not that someone chose to leave.
 */
export function dropReason(reason: string, cause: StopCause): string {
	return cause === 'hangup' ? `${HUNG_UP}; ${reason}` : reason;
}

const NOTES: Record<StopMoment, (at: string) => string> = {
	connecting: () => ' while connecting: no connection was made',
	// Connected: the clue that tells a port that does not speak TLS (or a stalled proxy) from a firewall dropping the SYN.
	handshake: at => ` during the TLS handshake: connected to ${at}, but the handshake had not finished`,
	tls: () => ' during the TLS handshake (STARTTLS): the connection is closed, and nothing went after STARTTLS',
	message: () => ' during the message: it was not sent (the server discards what of it arrived)',
	quit: () => ': the session ended at your QUIT, before the message went',
	dropped: () => ': the connection was closed without QUIT, before the message went',
};

/** The log's line for a stop at `moment`. */
export function stopNote(moment: StopMoment, {cause, at}: StopContext): string {
	return `${stoppedBy(cause)}${NOTES[moment](at)}`;
}

/** A run the user stopped (no failure; the connection may stay open): at `moment`, in the log's words where no QUIT went. */
export function stoppedResult(moment: StopMoment = 'quit', context: StopContext = {cause: 'user', at: ''}) {
	return {ok: false, kind: 'stopped', message: moment === 'quit' ? stoppedBy(context.cause) : stopNote(moment, context)} as const;
}
