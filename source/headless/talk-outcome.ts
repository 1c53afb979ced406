// How a `talk` session ended, as an exit code: 0 for a goodbye (QUIT answered with 221), else send's table where a
// stage of it applies (see exit-codes.ts), so that a script tells a refused greeting from no connection at all.
import type {LogEntry} from '../session/types.js';
import type {SessionState} from '../smtp/session-types.js';
import {exitCodeFor} from './exit-codes.js';
import {signalExitCode} from './interrupts.js';

/**
 * Why talk stopped before the server or a typed QUIT ended the session: the input's fault (exit 1), or Ctrl+C, whose
 * QUIT still makes it a goodbye (0), else an interrupt (130: a message dropped, a reply not waited for).
 */
export type TalkStop = 'refused-line' | 'message-open' | 'interrupted';

/** The last QUIT sent was answered with 221: the session ended as it should, whatever was refused on the way. */
export function saidGoodbye(entries: readonly LogEntry[]): boolean {
	const sent = entries.filter(entry => entry.kind === 'sent');
	const quit = sent.at(-1);
	return quit !== undefined && /^QUIT\s*$/i.test(quit.text) && entries.some(entry => entry.id > quit.id && entry.kind === 'received' && entry.reply?.code === 221);
}

/**
 * 0 after QUIT's 221 (also Ctrl+C's); 1 when the input stopped the session (`stop`); 130 for a Ctrl+C that got no 221; else the stage the session failed at (no
 * connection 2, greeting 21, TLS 29, a 421 or a drop 6, QUIT refused 27), and 6 for a session that ended otherwise.
 */
export function talkExitCode(entries: readonly LogEntry[], state: SessionState | undefined, stop: TalkStop | undefined): number {
	if (stop === 'refused-line' || stop === 'message-open') return 1;
	if (saidGoodbye(entries)) return 0;
	if (stop === 'interrupted') return signalExitCode('SIGINT');
	const stage = state?.failure?.stage;
	// A typed command the server refused is no failure of the session: it went on after it.
	if (stage === 'connect' || stage === 'banner' || stage === 'tls' || stage === 'quit') return exitCodeFor(stage);
	return exitCodeFor('closed');
}
