// Why a session failed, as a kind made where the failure is: advice is chosen by it, never by the message's words,
// which are for people and may be reworded at any time.
import type {FailureStage, Reply} from './types.js';

export type FailureKind =
	/** No byte where the greeting should be: a TLS-only port, or a server that greets late (a tarpit). */
	| 'greeting-silent'
	/** A greeting begun and not finished in time: a server that pauses it on purpose (postscreen). */
	| 'greeting-slow'
	/** The server refused the user and password (or the token, or an app password it wants instead). */
	| 'login-refused'
	/** Logins are turned off for this account or tenant, whatever the password: an administrator must allow them. */
	| 'login-disabled'
	/** The login was refused for now (a 4xx, such as 454 4.7.0 "Temporary authentication failure"): try again later. */
	| 'login-temporary'
	/** A password transition is needed (432 4.7.12, RFC 4954): one login with PLAIN inside TLS, then any mechanism. */
	| 'login-transition'
	/** A 432 to PLAIN inside TLS, which is the transition itself: only the server's administrator can help. */
	| 'login-transition-failed'
	/** The mechanism is too weak for this account (534 5.7.9, RFC 4954): another one, not another password. */
	| 'login-mechanism-weak'
	/** Security none against a server that offers STARTTLS and, without it, no AUTH (or refuses AUTH until STARTTLS). */
	| 'login-needs-starttls'
	/** The server offers no AUTH, or none of its mechanisms is one smtp-tui knows. */
	| 'login-impossible'
	/** The mechanism asked for (--auth) is not among the server's. */
	| 'login-mechanism'
	/** STARTTLS failed, and the login is not sent in clear (what stripping TLS looks like). */
	| 'login-after-failed-starttls'
	/** The login would go over an unencrypted connection. */
	| 'login-in-clear'
	/** MAIL refused until STARTTLS, by a server that offers it. */
	| 'mail-needs-tls'
	/** MAIL refused with 530 until a login (RFC 4954). */
	| 'mail-needs-login'
	/** MAIL refused for the message's size (RFC 1870's 552 to SIZE=, X.3.4), not for the sender. */
	| 'mail-too-big'
	/** MAIL's parameters refused (455, 555: SIZE=, BODY=, SMTPUTF8), not the sender. */
	| 'mail-parameters'
	/** MAIL not taken for now for the server's own reasons (452 storage, a rate limit, a local error), not the sender's. */
	| 'mail-deferred'
	/** The message is larger than the SIZE the server's EHLO declared: smtp-tui did not send it (--ignore-size would). */
	| 'over-size-limit'
	/** Our EHLO name refused, though MAIL or RCPT carries the refusal (Postfix's smtpd_helo_restrictions). */
	| 'helo-refused'
	/** The sender refused, though RCPT carries the refusal (many servers check the sender only then). */
	| 'sender-refused'
	/** Postfix's postscreen turned a first session away at RCPT: only a new connection goes through, not this one. */
	| 'postscreen-first-contact'
	/**
	 * AUTH or MAIL refused until TLS by a server that does not offer STARTTLS: something on the way strips it, or
	 * the server is set up wrong.
	 */
	| 'tls-not-offered'
	/** TLS was required (security STARTTLS) and the server does not offer STARTTLS. */
	| 'starttls-not-offered'
	/** --require-tls (RFC 8689) and the server does not offer REQUIRETLS inside TLS: the message was not sent. */
	| 'require-tls'
	/** No reply came within the timeout. */
	| 'reply-silent'
	/** A reply began and did not finish within the timeout. */
	| 'reply-slow'
	/** The connection closed while a reply was awaited. */
	| 'connection-closed'
	/** The server's reply broke the protocol. */
	| 'protocol-error'
	/** A reply answered something else (a 354 to MAIL, a 250 to DATA): every reply since is one behind. */
	| 'out-of-step'
	/** The server ended the session while no command was awaiting its reply (an idle timeout, a server gone). */
	| 'closed-between-commands'
	/** The user stopped the run (Esc at a step, a disconnect). */
	| 'stopped'
	/** The server's certificate was refused: the refused certificate says why and what fixes it. */
	| 'certificate'
	/** The server demands a client certificate and got none, or refused the one offered (--cert). */
	| 'client-certificate'
	/** The server sent more after its 220 to STARTTLS, before the handshake: what a STARTTLS injection looks like. */
	| 'starttls-injection'
	/** No TLS version in common within the versions the user's --tls-min/--tls-max left: those flags are the fix, not TLS. */
	| 'tls-versions'
	/** The TLS handshake failed for another reason (an alert, a server that does not speak TLS, a reset). */
	| 'tls-handshake';

/**
 * Finer than the kind, where the advice tells cases apart; made where the failure is (the transport's handshake, the
 * engine's reading of a reply), as the kind is.
 */
export type FailureCause =
	/** tls-versions: no TLS version in common; without it, the server broke off the handshake over the versions. */
	| 'no-common-version'
	/** client-certificate: the server demands one, and none was offered. */
	| 'certificate-missing'
	/** client-certificate: none was offered because --no-cert dropped a profile's: leaving --no-cert out is the fix. */
	| 'certificate-withheld'
	/** client-certificate: the server refused (or did not take) the one offered with --cert. */
	| 'certificate-refused'
	/** tls-handshake: what came back was not TLS (a port that speaks plain SMTP, or waits for something else first). */
	| 'not-tls'
	/**
	 * login-needs-starttls, mail-needs-tls: the STARTTLS the server offers was turned down (--no-starttls, security
	 * none), and the failure's words name that as the way.
	 */
	| 'starttls-declined'
	/** login-disabled: password logins (basic authentication) are off; OAuth (XOAUTH2) may still log in. */
	| 'basic-auth-off'
	/** login-disabled: a sign-in policy (Microsoft 365's conditional access) refused it: only its administrator helps. */
	| 'sign-in-policy'
	/** login-refused: the account wants an app password (2-step verification), not its normal one. */
	| 'app-password'
	/** login-refused: SCRAM or CRAM-MD5, chosen without --auth, which a server keeping the password hashed cannot check. */
	| 'mechanism-picked';

/** A failure as the engine and the driver report it: where, in words, of what kind (and cause), and the reply that made it. */
export type Failure = {stage: FailureStage; message: string; kind?: FailureKind; cause?: FailureCause; reply?: Reply};
