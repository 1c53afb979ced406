// Why a session failed, as a kind made where the failure is: advice is chosen by it, never by the message's words,
// which are for people and may be reworded at any time.
import type {FailureStage, Reply} from './types.js';

export type FailureKind =
	/** No byte where the greeting should be: a TLS-only port, or a server that greets late (a tarpit). */
	| 'greeting-silent'
	/** A greeting begun and not finished in time: a server that pauses it on purpose (postscreen). */
	| 'greeting-slow'
	/** The server refused the user and password. */
	| 'login-refused'
	/** Security none against a server that offers STARTTLS and, without it, no AUTH. */
	| 'login-needs-starttls'
	/** The server offers no AUTH, or none of its mechanisms is one smtp-tui knows. */
	| 'login-impossible'
	/** The mechanism asked for (--auth) is not among the server's. */
	| 'login-mechanism'
	/** STARTTLS failed, and the login is not sent in clear (what stripping TLS looks like). */
	| 'login-after-failed-starttls'
	/** The login would go over an unencrypted connection. */
	| 'login-in-clear'
	/** MAIL refused with 530 until STARTTLS. */
	| 'mail-needs-tls'
	/** The server ended the session while no command was awaiting its reply (an idle timeout, a server gone). */
	| 'closed-between-commands'
	/** The user stopped the run (Esc at a step, a disconnect). */
	| 'stopped'
	/** The server's certificate was refused: the refused certificate says why and what fixes it. */
	| 'certificate'
	/** The server demands a client certificate, which smtp-tui does not send. */
	| 'client-certificate'
	/** The TLS handshake failed for another reason (an alert, a server that does not speak TLS, a reset). */
	| 'tls-handshake';

/** A failure as the engine and the driver report it: where, in words, of what kind, and the reply that made it. */
export type Failure = {stage: FailureStage; message: string; kind?: FailureKind; reply?: Reply};
