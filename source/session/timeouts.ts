// How long the driver waits for the server at each step, and what it says when the wait runs out: a reply that
// never began, one cut off after some lines, or a line whose end never came.
import type {FailureKind} from '../smtp/failure.js';
import {countOf} from '../smtp/digits.js';

/** `quit`: how long quit() waits for the answer to QUIT before it closes the connection itself. */
export type Timeouts = {connect: number; greeting: number; command: number; dataBlock: number; finalDot: number; quit: number};

const QUIT_WAIT_MS = 5000;

/**
 * The least time with no byte of the message leaving before it is judged stalled: the kernel takes a slow link's
 * bytes in batches (Linux wakes a writer only once much of its send buffer is free), and at 200 kbit/s those come
 * 2-4 s apart, so a shorter --timeout failed messages that were moving.
 */
const DATA_STALL_FLOOR_MS = 10_000;

/**
 * Per-step timeouts in ms from one user setting in seconds; the wait after the final dot is at least 60 s, a stall
 * of the message at least DATA_STALL_FLOOR_MS, and the wait for the answer to QUIT a few seconds at most (the session is over: nothing is lost by not waiting).
 */
export function timeoutsFromSeconds(seconds = 30): Timeouts {
	const ms = seconds * 1000;
	return {connect: ms, greeting: ms, command: ms, dataBlock: Math.max(ms, DATA_STALL_FLOOR_MS), finalDot: Math.max(ms, 60_000), quit: Math.min(ms, QUIT_WAIT_MS)};
}

/** The message a timeout gives, from the seconds waited. */
export type Waited = (seconds: number) => string;

/** What came of a reply that has not ended: its whole lines, and the start of a line whose end has not come. */
export type ReplySoFar = {lines: readonly string[]; partial: string | undefined};

/** Why a reply whose last line has no end yet did not finish. */
const STOPPED_MID_LINE = 'the server stopped in the middle of a line, or sends it very slowly; try a longer --timeout';

/** How many lines of a reply cut off mid-way the timeout message quotes (the log shows them all). */
const QUOTED_LINES = 2;

/** How much of a line without its end a message quotes (the log shows it all). */
const QUOTED_PARTIAL = 80;

const shortened = (partial: string) => (partial.length > QUOTED_PARTIAL ? `${partial.slice(0, QUOTED_PARTIAL)}…` : partial);

/**
 * The timeout message when a multi-line reply began and did not end: what came is quoted, since "no answer" would
 * be wrong; `partial`, the start of a line after them, is said to have no line end, as a lone one is (midLine). A
 * greeting that stops after a whole line is a server that pauses it on purpose (Postfix's postscreen, greet_wait)
 * to catch clients that talk before the greeting ends; one that stops mid-line is not.
 */
function unfinished(what: string, lines: readonly string[], partial: string | undefined, seconds: number): string {
	const all = partial === undefined ? lines : [...lines, shortened(partial)];
	const quoted = all.slice(0, QUOTED_LINES).map(line => JSON.stringify(line));
	const more = all.length > QUOTED_LINES ? ` and ${countOf(all.length - QUOTED_LINES, 'more line')}` : '';
	const open = partial === undefined ? '' : all.length > QUOTED_LINES ? ', the last with no line end yet' : ', with no line end yet';
	const why =
		partial !== undefined
			? STOPPED_MID_LINE
			: what === 'the greeting'
				? "the server pauses its greeting (Postfix's postscreen does, to catch clients that talk too soon); try a longer --timeout"
				: 'the server stopped in the middle of its reply; try a longer --timeout';
	return `${what} started (${quoted.join(', ')}${more}${open}) but did not finish within ${seconds} s: ${why}`;
}

/** The timeout message when only the start of a line came: no line end, so not even one reply line. */
function midLine(what: string, partial: string, seconds: number): string {
	const quoted = JSON.stringify(shortened(partial));
	return `${what} started (${quoted}, with no line end yet) but did not finish within ${seconds} s: ${STOPPED_MID_LINE}`;
}

/** "45 s", "40 min", "2 h 5 min": how long a connection sat idle. */
function idleFor(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Why a connection kept open (the dashboard keeps it between messages) said nothing at all: a NAT or firewall on the
 * way forgets an idle connection without telling either end, and a server's close may be lost with it.
 */
const idleDrop = (idleMs: number) =>
	`the connection had sat idle for ${idleFor(idleMs)} before this, longer than a NAT or firewall may keep one open (and a server: Postfix closes it after 5 min), so it was most likely dropped without a word reaching us; a new connection is needed`;

/**
 * The message when `what` (what was awaited, or the whole message to give) did not come within `seconds`;
 * `idleMs`: the connection had sat idle that long (longer than the wait) before the command went, and has not been
 * heard from since.
 */
export function timeoutMessage(what: string | Waited, {lines, partial}: ReplySoFar, seconds: number, idleMs?: number): string {
	if (typeof what !== 'string') return what(seconds);
	if (lines.length > 0) return unfinished(what, lines, partial, seconds);
	if (partial !== undefined) return midLine(what, partial, seconds);
	return `no answer within ${seconds} s while waiting for ${what}${idleMs === undefined ? '' : `: ${idleDrop(idleMs)}`}`;
}

/**
 * A timeout's kind (`started`: some of the reply came): the greeting's has advice of its own, a reply's a caption.
 * A server that stopped reading the message was awaited for no reply.
 */
export function timeoutKind(what: string | Waited, started: boolean): FailureKind | undefined {
	if (what === 'the TLS handshake') return 'tls-handshake';
	if (typeof what !== 'string') return undefined;
	if (what === 'the greeting') return started ? 'greeting-slow' : 'greeting-silent';
	return started ? 'reply-slow' : 'reply-silent';
}

/** Whether a reply is under way: some of its lines, or part of one, came. */
export const replyBegun = ({lines, partial}: ReplySoFar) => lines.length > 0 || partial !== undefined;
