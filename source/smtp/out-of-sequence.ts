// A 503 (bad sequence of commands) read for what must come first. The server's words say it best: the same RCPT
// gets "need MAIL command" inside a session and "send HELO/EHLO first" before EHLO, and a guess by the command alone
// told a student who had sent no EHLO that MAIL FROM was missing. So its text first, the command only when the text
// names nothing (RFC 5321 §4.1.4: EHLO, then MAIL, RCPT, DATA).

import {helloVerb, helloVerbs} from './transitions.js';

const PREFIX = 'bad sequence of commands: ';

const MAIL_FIRST = 'MAIL FROM must come first';
const RCPT_FIRST = 'RCPT TO (an accepted recipient) must come first';

const OPEN = 'a transaction is already open (finish it, or RSET)';

/**
 * By the command it answers, when the server's text names nothing (OpenSMTPD's "Command not allowed at this point."):
 * `hello`, the greeting commands of the session; `open`, whether the session holds a transaction (a MAIL accepted
 * and not ended), which tells a MAIL too many from one too soon and a DATA with no MAIL from one with no recipient.
 */
const comesFirst = (hello: string, open: boolean | undefined): Readonly<Record<string, string>> => ({
	MAIL: open === undefined ? `${hello} must come first, or a transaction is already open (RSET)` : open ? OPEN : `${hello} must come first`,
	RCPT: MAIL_FIRST,
	DATA: open === false ? MAIL_FIRST : RCPT_FIRST,
});

/**
 * What the text of a 503 says must come first, in the words of Postfix and smtp-server ("send HELO/EHLO first",
 * "need MAIL command", "need RCPT command", "nested MAIL command"), Sendmail ("Polite people say HELO first", "Need
 * MAIL before RCPT", "Sender already specified") and Exim ("sender not yet given", "valid RCPT command must precede
 * DATA"), OpenSMTPD ("Already identified"). A transaction already open is checked first ("nested MAIL" names MAIL too), then EHLO, MAIL, RCPT: a text
 * that names two ("Need MAIL before RCPT") names the earlier one first. The greeting is LHLO when the session speaks
 * LMTP or the text names it (Dovecot's "send LHLO first").
 */
function fromText(text: string, lmtp: boolean): string | undefined {
	// OpenSMTPD's "503 5.5.1 Invalid command: Already identified" to a second HELO or EHLO, which RFC 5321 allows.
	if (/already identified/i.test(text)) return `${helloVerbs(lmtp)} was given already, and this server takes no second one: go on with MAIL FROM, or connect again to greet anew`;
	if (/nested|already (?:given|specified|open)|in progress/i.test(text)) return OPEN;
	if (/\b(?:HELO|EHLO|LHLO)\b/i.test(text)) return `${helloVerbs(asksLhlo(text, lmtp))} must come first`;
	if (/\bMAIL\b|\bsender\b/i.test(text)) return MAIL_FIRST;
	if (/\bRCPT\b|recipient/i.test(text)) return RCPT_FIRST;
	return undefined;
}

/** The greeting a 503 asks for is LHLO: the session speaks LMTP, or the text names LHLO alone. */
const asksLhlo = (text: string, lmtp: boolean): boolean => lmtp || (/\bLHLO\b/i.test(text) && !/\b(?:HELO|EHLO)\b/i.test(text));

/** A 503 to a command other than AUTH: what must come first, by the server's words, else by the command; else undefined. */
export function outOfSequence(text: string, verb: string, lmtp = false, open?: boolean): string | undefined {
	const byVerb = comesFirst(helloVerbs(lmtp), open);
	const first = fromText(text, lmtp) ?? (Object.hasOwn(byVerb, verb) ? byVerb[verb] : undefined);
	return first && `${PREFIX}${first}`;
}

/**
 * A 503 to AUTH, by its text (Postfix: "authentication not enabled", "send HELO/EHLO first", "MAIL transaction in
 * progress"; smtp-server, the sandbox's: "No identity changes permitted" to a second AUTH; others "already
 * authenticated"). Undefined when the text names no cause.
 */
export function authCause(text: string, lmtp = false): string | undefined {
	if (/already|no identity changes/i.test(text)) return 'already logged in (one AUTH per session)';
	if (/HELO|EHLO|LHLO/i.test(text)) return `${helloVerb(asksLhlo(text, lmtp))} must come first (AUTH is offered in its reply, or not)`;
	if (/transaction/i.test(text)) return 'not during a mail transaction (RSET first)';
	return undefined;
}

/** The explanation of a 503 to AUTH: its cause by the text, else the places it may be out of. */
export function authOutOfSequence(text: string, lmtp = false): string {
	const cause = authCause(text, lmtp);
	if (cause) return `${PREFIX}${cause}`;
	if (/not (enabled|available|offered|supported)/i.test(text)) return 'AUTH is not offered here: its EHLO reply lists no AUTH (some servers offer it only after STARTTLS, or on another port)';
	return `${PREFIX}AUTH is out of place here (before EHLO, during a transaction, or not offered)`;
}
