// What `talk` says between lines: the prompt, and the next step in plain words (the dashboard's "now:" line).
import type {ControllerSnapshot} from '../session/controller.js';
import type {SessionSnapshot} from '../session/types.js';
import {helloVerb, stepNote} from '../smtp/transitions.js';

/** The prompt names what a line typed there is: a command, a message line, or a hidden answer to a challenge. */
export function talkPrompt(snapshot: ControllerSnapshot, lmtp = false): string {
	if (snapshot.dataMode) return 'message> ';
	if (snapshot.authAnswer) return 'answer (hidden)> ';
	return lmtp ? 'lmtp> ' : 'smtp> ';
}

/**
 * What the server waits for now, while the connection is open. Once it is closed, at a terminal (`reconnects`), how
 * to go on; from a pipe, nothing: the session is over. `ehloName`: the name the greeting step offers to type (--helo,
 * else the session's default: this machine's name with a dot, else this end's address literal).
 */
export function talkHint(snapshot: ControllerSnapshot, {lmtp = false, reconnects = false, ehloName}: {lmtp?: boolean; reconnects?: boolean; ehloName?: string} = {}): string | undefined {
	const {session} = snapshot;
	if (session.connection === 'closed' && reconnects) return `now: the connection is closed: type ${helloVerb(lmtp)} to connect again, or press Ctrl+D to leave`;
	if (session.connection !== 'connected') return undefined;
	if (snapshot.dataMode) return 'now: type the message, headers first, then an empty line and the text; a lone "." ends it';
	if (snapshot.authAnswer) return 'now: the server waits for the answer to its 334 (base64; typed hidden; "*" gives up the login)';
	// With STARTTLS and AUTH done, the engine's "(STARTTLS and AUTH come before it, when used)" speaks of the past.
	if (session.current === 'mail' && session.secure && session.authenticated) return 'now: logged in, inside TLS: MAIL FROM starts a message';
	if (session.current === 'mail' && session.secure) return 'now: inside TLS: MAIL FROM starts a message (AUTH comes before it, when used)';
	// Logged in without TLS (the sandbox, loopback): AUTH is behind too.
	if (session.current === 'mail' && session.authenticated) return 'now: logged in: MAIL FROM starts a message';
	// The line to type first, then why, on one colon: "greeted: … (HELO for old servers): EHLO x" had three.
	if (session.current === 'ehlo' && ehloName !== undefined) return `now: ${helloVerb(lmtp)} ${ehloName}${helloWhy(session.startedOverBy, lmtp)}`;
	return `now: ${stepNote(session.current, lmtp)}`;
}

/** Why EHLO is next: the greeting, or a fresh session (RFC 3207 §4.2: after TLS the server forgot the EHLO before it). */
function helloWhy(startedOverBy: SessionSnapshot['startedOverBy'], lmtp: boolean): string {
	const hello = helloVerb(lmtp);
	if (startedOverBy === 'tls') return ` again (TLS started a fresh session: the server forgot your ${hello} and what it offered before)`;
	if (startedOverBy === 'xclient') return ` again (XCLIENT's 220 started a fresh session: the server forgot your ${hello})`;
	return ` (the server greeted you: introduce yourself; ${lmtp ? 'LMTP has no HELO' : 'HELO for old servers'})`;
}
