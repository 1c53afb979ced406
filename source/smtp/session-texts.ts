// The session's own wording for what went wrong with the server's replies: a reply quoted in one line, replies out of
// step with the commands, a session the server or the connection ended, a STARTTLS injection.
import {alternatives} from './codes.js';
import {commandName} from './commands.js';
import type {Expectation} from './expectation-queue.js';
import {RFC_REPLY_LINE} from './reply-parser.js';
import {SERVICE_CLOSING} from './transitions.js';
import {SmtpProtocolError, type Reply} from './types.js';
import type {FailureCause} from './failure.js';

/** A reply in one line for messages: "550 5.1.1 no such user". */
export function quoteReply(reply: Reply): string {
	return [String(reply.code), reply.enhanced, reply.lines.join(' ')].filter(Boolean).join(' ').trim();
}

/** The client certificate offered (--cert): its subject, and its notAfter when that is past (the engine keeps no clock). */
export type OfferedCertificate = {subject: string; expiredOn?: string};

/**
 * A refusal of the client certificate in SMTP, inside TLS (Postfix's smtpd_tls_req_ccert): the advice a TLS alert
 * about it gets (README "Client certificates"). An expired certificate is the cause, whatever the server's words:
 * Postfix says "not trusted" for one past its date, and "use another CA" would send the user the wrong way.
 * `withheld`: why none was offered though one was at hand (--no-cert over a profile's), to blame that, not ask for one.
 */
export function clientCertificateReplyText(refusal: 'missing' | 'untrusted', reply: Reply, offered: OfferedCertificate | undefined, withheld?: string): string {
	const answered = `it answered ${quoteReplyMidSentence(reply)} inside TLS`;
	if (refusal === 'untrusted' && offered?.expiredOn) {
		return `the server refused the client certificate: ${answered}: the certificate offered (${offered.subject}) expired on ${offered.expiredOn}: renew it`;
	}
	if (refusal === 'untrusted') {
		return `the server refused the client certificate${offered ? ` (${offered.subject})` : ''}: ${answered}: it does not trust the certificate offered: use one from a CA the server trusts (ask its admin which), or have the server trust its issuer`;
	}
	if (offered) return `the server demands a client certificate and did not get ${offered.subject}: ${answered}: check that the server trusts the issuer of the --cert certificate`;
	return `the server demands a client certificate: ${answered}; ${withheld ? withheldCertificateText(withheld) : 'none was offered: give one with --cert FILE (and --key FILE, unless the key is in that file)'}`;
}

/**
 * Which refusal of the client certificate in SMTP this is, as clientCertificateReplyText words it: the one offered
 * refused (or not taken), none offered though --no-cert withheld a profile's, or none offered at all.
 */
export function clientCertificateCause(refusal: 'missing' | 'untrusted', offered: OfferedCertificate | undefined, withheld?: string): FailureCause {
	if (refusal === 'untrusted' || offered) return 'certificate-refused';
	return withheld ? 'certificate-withheld' : 'certificate-missing';
}

/** None offered as --no-cert dropped a profile's; `withheld` says so: "--no-cert; profile "work" has one: CN=relay". */
export const withheldCertificateText = (withheld: string) => `none was offered (${withheld}): leave --no-cert out`;

/**
 * A reply quoted where the sentence goes on after it (a ";", ":" or ","): its own closing period would run into
 * them ("530 5.7.0 Authentication required.; give a user"). An ellipsis stays.
 */
export function quoteReplyMidSentence(reply: Reply): string {
	return quoteReply(reply).replace(/(?<!\.)\.$/, '');
}

/**
 * The message for a reply of a kind its command never gets. `afterTls`: a STARTTLS handshake took place, after which
 * a stray reply is the classic cause; without one, naming it would send the reader looking for TLS that never was.
 */
export function outOfStep(verb: string, reply: Reply, expected: readonly number[], afterTls: boolean): string {
	const cause = afterTls ? 'the server sent a reply nothing asked for, e.g. right after the TLS handshake' : 'the server sent a reply nothing asked for earlier, or the wrong reply to this command';
	return `${verb} was answered ${quoteReplyMidSentence(reply)}, not ${alternatives(expected)}: the replies are out of step with the commands (${cause}); the session is stopped`;
}

/** A 334 to the client's "*": RFC 4954 §4 has the server answer it 501; answering on would never end. */
export function challengeAfterCancel(reply: Reply): string {
	return `the server answered the login's cancel ("*") with another challenge, not the 501 RFC 4954 §4 requires: ${quoteReply(reply)}; the session is stopped`;
}

/** A reply line over RFC 5321's limit, taken all the same (§4.5.3.1 asks clients not to impose it). */
export function longLineWarning(octets: number): string {
	return `the server sent a reply line of ${octets} octets including CRLF, over RFC 5321's limit of ${RFC_REPLY_LINE} (§4.5.3.1.5): taken anyway`;
}

/** Replies that answered nothing, `count` in a row: a server that floods the connection, which is closed. */
export function unsolicitedFlood(count: number): SmtpProtocolError {
	return new SmtpProtocolError(`the server sent ${count} replies in a row that nothing asked for: it floods the connection, which is closed`, 'unexpected');
}

/** The failures of a session the server ended while nothing was awaited: an idle timeout's 421, a server gone. */
export const CLOSED_BETWEEN_COMMANDS = 'the server closed the session on its own, between commands';
export const CONNECTION_CLOSED = 'the connection closed';
/** Why the session ends when the message is answered while its body is still going out. */
export const EARLY_REPLY = 'the server answered before the message was complete';
/** Closed with nothing awaited, and no 421 to say why: an idle timeout without a word, a server gone, a network drop. */
export const CLOSED_IDLE = 'the connection closed between commands, with no 421 first: the server hung up, or the network dropped it';

/** What the session was doing when the connection closed, to follow CONNECTION_CLOSED; '' when it waited for nothing. */
export function waitingFor({handshaking, bodyPending, head}: {handshaking: boolean; bodyPending: boolean; head: Expectation | undefined}): string {
	if (handshaking) return ' during the TLS handshake';
	if (bodyPending) return ' while the message was being sent (it did not all go)';
	if (head?.command) return ` while waiting for the reply to ${commandName(head.command)}`;
	// LMTP: one reply per recipient after the message; those before it came.
	if (head?.recipient) return ` while waiting for the reply for ${head.recipient.address} after the message (LMTP: one per recipient)`;
	if (head) return ` while waiting for ${head.trigger === 'greeting' ? 'the greeting' : 'the reply to the message'}`;
	return '';
}

/**
 * The connection closed after QUIT went, unanswered; `why`: ": " and the reason, or ''. Who closed first matters:
 * only a server that hangs up on QUIT is worth a word about the server.
 */
export function quitUnanswered(dropped: boolean, why: string): string {
	return dropped ? `closed the connection before the server answered QUIT${why}` : `the server closed the connection without answering QUIT${why}`;
}

/**
 * Follows a QUIT left unanswered (its timeout, a close) when the message's own reply, awaited before it, never came
 * either: whether the message was taken is then unknown, and a warning that named only QUIT would hide it.
 */
export const MESSAGE_UNANSWERED_TOO = ': the reply to the message did not come either, so it may or may not have been accepted; check before sending it again';

/**
 * Why the session ended when the server closed it (a 421, or a 221 to anything but QUIT): `head` is what the reply
 * answers, if anything; `bodyPending`: it came after 354, before the message was sent. CLOSED_BETWEEN_COMMANDS when
 * nothing was awaited.
 */
export function serverClosed(reply: Reply, head: Expectation | undefined, bodyPending: boolean): string {
	if (head && reply.code !== SERVICE_CLOSING) return `the server ended the session on its own, in answer to ${head.command ? commandName(head.command) : 'the message'} (no QUIT was sent)`;
	if (head) return 'the server is closing the session';
	if (bodyPending) return 'the server closed the session on its own, after its 354 and before the message was sent';
	return CLOSED_BETWEEN_COMMANDS;
}

/** What a server sent after STARTTLS's 220, for the log: the first few lines, each cut to a reply line's size. */
function injectedLines(lines: readonly string[]): string[] {
	const shown = lines.filter(line => line !== '').map(line => (line.length > 512 ? `${line.slice(0, 512)}…` : line));
	return shown.length > 5 ? [...shown.slice(0, 5), `… ${shown.length - 5} more lines`] : shown;
}

/** `received`: the lines that came after the 220, shown in the log (they are the evidence). */
export function injectionError(received: readonly string[]): SmtpProtocolError {
	return new SmtpProtocolError(
		'the server sent more data after its 220 reply to STARTTLS, before the TLS handshake: ' +
			'a STARTTLS injection attempt (or a broken server); the session is aborted',
		'injection',
		injectedLines(received),
	);
}
