// The kind of a refusal at AUTH or MAIL, read once where it comes: the failure's advice, the rail's caption and the
// summary in the log all follow it, so that they tell one story.
import type {FailureCause, FailureKind} from './failure.js';
import {enhancedOf} from './enhanced-code.js';
import {loginReadingCause, loginReadingKind, passwordTransition, refusesClient, refusesHelo, refusesSender, refusesSize, wantsTls} from './refusal-texts.js';
import type {Reply} from './types.js';

/** Where the session stands on TLS when the refusal comes. */
export type TlsStanding = {secure: boolean; starttlsOffered: boolean};

/**
 * A demand for TLS on a connection without it: STARTTLS is the way where it is offered; where it is not, something
 * on the way strips it, or the server is set up wrong. Over TLS already, the words are no such demand.
 */
function tlsDemand(reply: Reply, standing: TlsStanding, offered: FailureKind, demanded = wantsTls(reply)): FailureKind | undefined {
	if (standing.secure || !demanded) return undefined;
	return standing.starttlsOffered ? offered : 'tls-not-offered';
}

/**
 * A refused AUTH (not a 503, which refuses AUTH itself): by what it wants (TLS, PLAIN once, another mechanism, an
 * administrator), then by class: a 4xx is for now, a 5xx the secret.
 * A password transition (432) asked of a PLAIN login is a demand for TLS when it went in clear, and inside TLS a
 * transition refused (RFC 4954 §6's way through is that very login).
 */
export function loginRefusalKind(reply: Reply, mechanism: string | undefined, standing: TlsStanding): FailureKind {
	const plainTransition = mechanism === 'PLAIN' && passwordTransition(reply);
	if (plainTransition && standing.secure) return 'login-transition-failed';
	return tlsDemand(reply, standing, 'login-needs-starttls', plainTransition || wantsTls(reply)) ?? loginReadingKind(reply, mechanism) ?? (reply.code < 500 ? 'login-temporary' : 'login-refused');
}

/** The case of a refused login read from its words, for the kinds whose next step differs by case; else none. */
export function loginRefusalCause(reply: Reply, mechanism: string | undefined, kind: FailureKind): FailureCause | undefined {
	return kind === 'login-disabled' || kind === 'login-refused' ? loginReadingCause(reply, mechanism) : undefined;
}

/**
 * A refused MAIL that refuses no sender: every sender until TLS, or, with 530 (RFC 4954), until a login; our EHLO
 * name, which Postfix judges at MAIL; the message's size or MAIL's parameters; a 4xx that names no address (X.1.x)
 * nor the sender, such as RFC 5321's 452 for the server's storage, a rate limit or a local error. Undefined for a
 * refusal of this sender (and of this machine's IP address, which has a summary of its own).
 */
export function mailRefusalKind(reply: Reply, standing: TlsStanding): FailureKind | undefined {
	if (reply.code < 400) return undefined;
	if (refusesHelo(reply)) return 'helo-refused';
	const tls = tlsDemand(reply, standing, 'mail-needs-tls');
	if (tls) return tls;
	if (reply.code === 530 && !wantsTls(reply)) return 'mail-needs-login';
	if (refusesSize(reply)) return 'mail-too-big';
	// RFC 5321 §4.2.3: MAIL FROM's parameters, which smtp-tui chose from the EHLO reply.
	if (reply.code === 455 || reply.code === 555 || refusesParameterSyntax(reply)) return 'mail-parameters';
	// A 421 ends the session, which says so itself.
	const addressed = /^4\.1\./.test(enhancedOf(reply) ?? '') || refusesSender(reply) || refusesClient(reply);
	return reply.code < 500 && reply.code !== 421 && !addressed ? 'mail-deferred' : undefined;
}

/**
 * A 501 that names a parameter, not the address: `501 5.5.4 Bad message size syntax` (Postfix, smtp-server) for a
 * SIZE= that is not digits. A 501 about the address (`501 5.1.7 Bad sender address syntax`) stays the sender's.
 */
function refusesParameterSyntax(reply: Reply): boolean {
	const text = reply.lines.join(' ');
	return reply.code === 501 && !/^5\.1\./.test(enhancedOf(reply) ?? '') && /\b(?:size|parameters?|option|BODY|SMTPUTF8|RET|ENVID|REQUIRETLS)\b/i.test(text) && !/\baddress\b/i.test(text);
}

/** A refused RCPT that refuses something said earlier (Postfix's smtpd_delay_reject): our EHLO name, or the sender. */
export function rcptRefusalKind(reply: Reply): FailureKind | undefined {
	if (refusesHelo(reply)) return 'helo-refused';
	return refusesSender(reply) ? 'sender-refused' : undefined;
}
