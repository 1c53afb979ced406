// Plain-words explanations of reply codes (RFC 5321 §4.2.3), enhanced status codes (RFC 3463 and the
// IANA registry) and EHLO keywords, for the transcript and the dashboard.
import {authOutOfSequence, outOfSequence} from './out-of-sequence.js';
import {helloVerb} from './transitions.js';
import {xclientUnauthorized} from './xclient.js';
import {enhancedOf} from './enhanced-code.js';
import {clientCertificateReply, fromText, MECHANISM_REFUSED, passwordTransition, senderAtRcpt, tooManyRecipients} from './refusal-texts.js';
import {decodeChallenge, explainBearerError, explainScramChallenge, isScram} from './sasl.js';
import type {Reply} from './types.js';
import {REDACTED} from './commands.js';
import {sizeLimit, validSizeParam} from './extensions.js';

const CODES: Record<number, string> = {
	211: 'system status or help reply',
	214: 'help text for humans',
	220: 'service ready',
	221: 'goodbye: the server is closing the connection',
	235: 'authenticated: you are logged in',
	250: 'OK: the requested action was completed',
	251: 'OK: the user is not local, the server will forward the message',
	252: 'cannot verify the user, but the server will accept the message and try to deliver it',
	334: 'authentication challenge: the server waits for the next AUTH line',
	// What the lesson after DATA is (the step rail's words): a message without the blank line has no body.
	354: 'send the message: headers, a blank line, the body, then a lone "." line',
	// Every 4xx says it is temporary: "local error" alone reads as a broken server where a check deferred on purpose.
	421: 'service not available: the server is closing the connection (can come at any time); temporary, try again later',
	432: 'a password transition is needed (log in once with PLAIN inside TLS, then this mechanism works; waiting does not help)',
	450: 'mailbox unavailable right now (busy, or greylisting): temporary, try again later',
	451: 'local error in processing, or a check the server defers (a rate limit, a lookup): temporary, try again later',
	452: 'out of storage, or too many recipients: temporary, try again later',
	454: 'TLS or authentication temporarily unavailable: try again later',
	455: 'the server cannot accept these parameters now: temporary, try again later',
	500: 'syntax error: command not recognized, or the line is too long',
	501: 'syntax error in the parameters or arguments',
	502: 'command not implemented',
	503: 'bad sequence of commands: something else must come first',
	504: 'command parameter not implemented',
	521: 'this host accepts no mail at all, from anyone (RFC 7504); only QUIT may follow',
	// The basic code of X.7.10 in the IANA registry (RFC 5248), not a size: that is 552.
	523: 'encryption needed: the server wants TLS first',
	530: 'authentication (or STARTTLS) is required first',
	534: 'the authentication mechanism is too weak',
	535: 'authentication failed: wrong user name or password',
	538: 'this authentication mechanism needs an encrypted connection',
	550: 'mailbox unavailable, or refused by policy',
	551: 'the user is not local; the server will not forward',
	552: 'message too big, or mailbox storage exceeded',
	553: 'mailbox name not allowed (the address is malformed or refused)',
	554: 'transaction failed (as the greeting: no service here, send only QUIT)',
	555: 'MAIL FROM or RCPT TO parameters not recognized or not implemented',
	556: 'the recipient domain does not accept mail',
};

/**
 * Whether the same command sent again later can succeed: a 4xx says so (RFC 5321 §4.2.1), except RFC 4954's 432
 * (a password transition: a login with PLAIN inside TLS, not a wait) and 452 4.5.3 (too many recipients for one
 * message: another message takes them at once), nor a 421 about the client certificate (Postfix's smtpd_tls_req_ccert:
 * the same certificate is refused again). The one rule for --json's `temporary` and the explanations.
 */
export function waitingHelps(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): boolean {
	return reply.code >= 400 && reply.code < 500 && !passwordTransition(reply) && !tooManyRecipients(reply) && clientCertificateReply(reply) === undefined;
}

const CLASSES: Record<string, string> = {
	'2': 'success',
	'3': 'intermediate: the server waits for more input',
	'4': 'temporary failure: not done, try again later',
	'5': 'permanent failure: refused, retrying unchanged will fail again',
};

/**
 * Second digit of a reply code (RFC 5321 §4.2.1). Not x2x's "connection": servers give such codes to anything
 * (OpenSMTPD's 524 to an unknown user), and the word read as a connection problem. x3z is unspecified there (RFC
 * 4954's 432, 534 and 538 have their own words above).
 */
const CATEGORIES: Record<string, string> = {
	'0': 'syntax',
	'1': 'information',
	'5': 'mail system',
};

export function explainCode(code: number): string {
	const known = CODES[code];
	if (known) return known;
	const [first = '', second = ''] = String(code);
	const kind = CLASSES[first];
	if (!kind || String(code).length !== 3) return `not a valid SMTP reply code (${code})`;
	const category = CATEGORIES[second];
	return category ? `${kind} (${category})` : kind;
}

const ENHANCED_CLASSES: Record<string, string> = {
	'2': 'success',
	'4': 'temporary failure',
	'5': 'permanent failure',
};

const SUBJECTS: Record<string, string> = {
	'0': 'other',
	'1': 'address',
	'2': 'mailbox',
	'3': 'mail system',
	'4': 'network and routing',
	'5': 'mail delivery protocol',
	'6': 'message content or media',
	'7': 'security or policy',
};

/** subject.detail → meaning; the same for every class (RFC 3463 §3, IANA "SMTP Enhanced Status Codes"). */
const DETAILS: Record<string, string> = {
	'0.0': 'other or undefined status',
	'1.0': 'other address status',
	'1.1': 'bad destination mailbox address: no such user here',
	'1.2': 'bad destination system address: no such domain or host',
	'1.3': 'bad destination mailbox address syntax',
	'1.4': 'destination mailbox address ambiguous',
	'1.5': 'destination address valid',
	'1.6': 'destination mailbox has moved, no forwarding address',
	'1.7': "bad sender's mailbox address syntax",
	'1.8': "bad sender's system address",
	'1.9': 'message relayed to a non-compliant mailer',
	'1.10': 'recipient address has a null MX: the domain takes no mail',
	'2.0': 'other or undefined mailbox status',
	'2.1': 'mailbox disabled, not accepting messages',
	'2.2': 'mailbox full',
	'2.3': 'message longer than the mailbox allows',
	'2.4': 'mailing list expansion problem',
	'3.0': 'other or undefined mail system status',
	'3.1': 'mail system full',
	'3.2': 'system not accepting network messages',
	'3.3': 'system not capable of the selected features',
	'3.4': 'message too big for the system',
	'3.5': 'system incorrectly configured',
	'3.6': 'requested priority was changed (RFC 6710)',
	'4.0': 'other or undefined network or routing status',
	'4.1': 'no answer from host',
	'4.2': 'bad connection',
	'4.3': 'directory server (DNS) failure',
	'4.4': 'unable to route',
	'4.5': 'mail system congestion',
	'4.6': 'routing loop detected',
	'4.7': 'delivery time expired',
	'5.0': 'other or undefined protocol status',
	'5.1': 'invalid command',
	'5.2': 'syntax error',
	'5.3': 'too many recipients',
	'5.4': 'invalid command arguments',
	'5.5': 'wrong protocol version',
	'5.6': 'authentication exchange line too long',
	'6.0': 'other or undefined media error',
	'6.1': 'media not supported',
	'6.2': 'conversion required and prohibited',
	'6.3': 'conversion required but not supported',
	'6.4': 'conversion with loss performed',
	'6.5': 'conversion failed',
	'6.6': 'message content not available',
	'6.7': 'non-ASCII addresses not permitted for that sender or recipient',
	'6.8': 'UTF-8 string reply required, but not permitted by the client',
	'6.9': 'UTF-8 header message cannot be transferred to a recipient',
	'7.0': 'other or undefined security or policy status',
	'7.1': 'delivery not authorised, message refused',
	'7.2': 'mailing list expansion prohibited',
	'7.3': 'security conversion required but not possible',
	'7.4': 'security features not supported',
	'7.5': 'cryptographic failure',
	'7.6': 'cryptographic algorithm not supported',
	'7.7': 'message integrity failure',
	'7.8': 'authentication credentials invalid',
	'7.9': 'authentication mechanism too weak',
	'7.10': 'encryption needed',
	'7.11': 'encryption required for the requested authentication mechanism',
	'7.12': 'a password transition is needed',
	'7.13': 'user account disabled',
	'7.14': 'trust relationship required',
	'7.15': 'priority level too low',
	'7.16': 'message too big for the specified priority',
	'7.17': 'mailbox owner has changed',
	'7.18': 'domain owner has changed',
	'7.19': 'RRVS test cannot be completed',
	'7.20': 'no passing DKIM signature found',
	'7.21': 'no acceptable DKIM signature found',
	'7.22': 'no valid author-matched DKIM signature found',
	'7.23': 'SPF validation failed',
	'7.24': 'SPF validation error',
	'7.25': 'reverse DNS validation failed',
	'7.26': 'multiple authentication checks failed (SPF, DKIM, DMARC)',
	'7.27': 'sender address has a null MX: it cannot receive replies',
	'7.28': 'mail flood detected',
	'7.29': 'ARC validation failure',
	'7.30': 'REQUIRETLS support required: the message asked for TLS on every hop (RFC 8689), and a hop cannot promise it',
};

/** `waitable` false: a 4.x.x whose reply no wait helps (452 4.5.3) is not called "temporary failure". */
export function explainEnhanced(enhanced: string, waitable = true): string {
	const match = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(enhanced);
	const kind = match && (match[1] === '4' && !waitable ? 'not done' : ENHANCED_CLASSES[match[1]]);
	const subject = match && SUBJECTS[match[2]];
	if (!match || !kind || !subject) return `not a valid enhanced status code (${enhanced})`;
	// "X.0" details read "other or undefined ... error": on a success that only confuses, so name the subject.
	// RFC 3463 names the subjects "Addressing Status", "Mailbox Status" and so on: "success, address" read as cut off.
	if (match[1] === '2' && match[3] === '0') return match[2] === '0' ? kind : `${kind} (${subject} status)`;
	const detail = DETAILS[`${match[2]}.${match[3]}`];
	return `${kind}, ${subject}: ${detail ?? `detail ${match[3]} (not a registered code)`}`;
}

type ExplainContext = {
	/**
	 * The command the reply answers ('EHLO', 'STARTTLS', 'AUTH', 'AUTH-RESPONSE', 'DATA', ...), or '.' for the
	 * end of the message body (its reply accepts the message; a 2xx answering DATA itself is out of step).
	 * Undefined for the greeting.
	 */
	verb?: string;
	/** A reply that answers nothing (a stray one, an idle 421): explained by its code alone, not as a greeting. */
	unsolicited?: boolean;
	/** With verb '.': it came while the message was still being sent, before the final dot. */
	duringBody?: boolean;
	/** The command was typed by hand (manual mode): advice says what to type, not which flag or field to use. */
	typed?: boolean;
	/** With `typed`: the lines come from a script (talk from a pipe), which the session's end also ends: no "connect again". */
	scripted?: boolean;
	/** With verb 'AUTH' or 'AUTH-RESPONSE': the SASL mechanism of the exchange (a token's refusal is no wrong password). */
	mechanism?: string;
	/** The connection had TLS when the command went (a password transition asks for a login inside it). */
	secure?: boolean;
	/** Whether the last EHLO reply offered STARTTLS (unknown: undefined); a demand for TLS is answered by it only if so. */
	starttlsOffered?: boolean;
	/** Whether the last EHLO reply offered AUTH (unknown: undefined); a relay refusal says to log in only if so. */
	authOffered?: boolean;
	/** The session speaks LMTP: the greeting it names is LHLO. */
	lmtp?: boolean;
	/** The session held a mail transaction when the command went (unknown: undefined): a 503 that names no cause is read by it. */
	openTransaction?: boolean;
	/** With verb 'MAIL': whether it declared SIZE= (a 552 for size to one that did not is Postfix's memory of an earlier one). */
	sizeDeclared?: boolean;
};

/**
 * The positive replies of the commands whose replies steer a session (RFC 5321 §4.3.2, RFC 3207). Another 2xx or
 * 3xx (a 220 to EHLO, a 354 to MAIL, a 250 to DATA) answers something else: a reply nothing asked for came earlier
 * (right after the TLS handshake, say), and every reply since is one behind. Taken as the answer, a stray "220"
 * would read as EHLO's (no STARTTLS, so the rest in clear) and a refused recipient as accepted.
 */
const POSITIVE: Readonly<Record<string, readonly number[]>> = {
	EHLO: [250],
	HELO: [250],
	STARTTLS: [220],
	// A new greeting: the server now takes the session as the client XCLIENT named.
	XCLIENT: [220],
	MAIL: [250],
	RCPT: [250, 251, 252],
	DATA: [354],
	// RFC 3030: each chunk is answered 250 (a 354 there answers a DATA, not it).
	BDAT: [250],
	// 221 by the RFC; a 250 is sloppy but no answer to anything else. A 220 or 354 here is.
	QUIT: [221, 250],
};

export function positiveReplies(verb: string): readonly number[] | undefined {
	return Object.hasOwn(POSITIVE, verb) ? POSITIVE[verb] : undefined;
}

/** "250", "250, 251 or 252". */
export function alternatives(codes: ReadonlyArray<number | string>): string {
	return codes.length === 1 ? String(codes[0]) : `${codes.slice(0, -1).join(', ')} or ${codes.at(-1)}`;
}

/** 554 answering a command: the greeting's "no service" reading would only mislead there. */
const REFUSED_554 = 'refused: transaction failed (by policy, or no valid recipients)';

/** A 550 or 554 after the message: its recipients were accepted, so it is the message that is refused. */
const MESSAGE_REFUSED = 'refused: the message itself, for its content or by policy (its recipients were accepted at RCPT)';

/** A message refused after it was sent for its size: X.3.4 (RFC 3463), or its words, whatever its code. */
const MESSAGE_TOO_BIG = 'refused: the message is too big for this server (send it smaller)';
const SIZE_WORDS = /too (?:big|large)|\bsize\b/i;

/**
 * After the message, codes whose own reading is about a recipient or its domain (RFC 5321's 550 to 553, RFC
 * 7504's 521 and 556): its recipients were accepted at RCPT, so the refusal is the message's.
 */
const RECIPIENT_CODES: ReadonlySet<number> = new Set([521, 550, 551, 553, 554, 556]);

/** A 5xx refusing the message for its size: X.3.4 (RFC 3463), or its words. */
export function refusedTooBig(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): boolean {
	return reply.code >= 500 && (/^5\.3\.4$/.test(enhancedOf(reply) ?? '') || SIZE_WORDS.test(reply.lines.join(' ')));
}

/** A refusal after the final dot: for the message's size first, when it says so; else the message's by its class. */
function afterMessage(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): string | undefined {
	if (reply.code < 500) return undefined;
	if (refusedTooBig(reply)) return MESSAGE_TOO_BIG;
	return RECIPIENT_CODES.has(reply.code) ? MESSAGE_REFUSED : undefined;
}

/** A 550 or 554 to EHLO or HELO: no mailbox or transaction is involved yet, so it turns away the client or its name. */
const HELLO_REFUSED = 'refused: the server will not serve this client, or refuses the name it gave in EHLO/HELO';

/** 554 by the command it answers, where the transaction reading is wrong: no transaction has begun yet. */
function refused554(verb: string): string {
	if (verb === 'EHLO' || verb === 'HELO') return HELLO_REFUSED;
	// Nothing was refused for want of recipients: there are none yet.
	if (verb === 'MAIL') return 'refused: transaction failed (by policy)';
	// One recipient, not the transaction: Postfix answers an access map's REJECT and a relay refusal with 554 at RCPT,
	// and "no valid recipients" is DATA's reading.
	if (verb === 'RCPT') return 'refused: this recipient, by policy';
	return REFUSED_554;
}

/** Commands a server may leave out or turn off (HELP, EXPN, VRFY often are); EHLO's 500 has its own reading. */
const OPTIONAL: ReadonlySet<string> = new Set(['HELP', 'EXPN', 'VRFY', 'ETRN', 'NOOP', 'RSET', 'STARTTLS', 'AUTH']);

/**
 * A 452 where no recipient is in question (to MAIL, after the message): the server's storage, unless its enhanced code
 * is about a mailbox (LMTP's reply for one recipient after the message: "452 4.2.2 mailbox full"), which it then names.
 */
function outOfStorage(reply: Pick<Reply, 'enhanced'>): string {
	const mailbox = /^4\.2\.(\d{1,3})$/.exec(reply.enhanced ?? '');
	const detail = mailbox ? DETAILS[`2.${mailbox[1]}`] : undefined;
	return `not accepted for now: ${detail ?? 'the server is out of storage'} (temporary, try again later)`;
}

/** What a refusal turns away, by the command it answers. */
const REFUSED_AT: Readonly<Record<string, string>> = {
	MAIL: 'the sender',
	RCPT: 'the recipient',
	DATA: 'the message, before it was sent',
	'.': 'the message itself, its recipients having been accepted at RCPT',
};

/**
 * A 4xx or 5xx RFC 5321 does not list (OpenSMTPD's "524 5.2.4" to an unknown user), read by its class and the
 * command it answers: its digits say no more.
 */
function unlistedRefusal(code: number, verb: string | undefined): string | undefined {
	if (verb === undefined || !Object.hasOwn(REFUSED_AT, verb) || Object.hasOwn(CODES, code) || code < 400 || code > 599) return undefined;
	return code < 500 ? `not accepted for now: ${REFUSED_AT[verb]} (temporary, try again later)` : `refused: ${REFUSED_AT[verb]} (permanent: retrying unchanged will fail again)`;
}

/** 250 by the command it answers: what was done. The final dot's is said with DATA's; VRFY and QUIT keep the code's. */
function accepted250(verb: string, lines: number): string | undefined {
	switch (verb) {
		case 'EHLO':
			return lines > 1 ? 'hello accepted; the lines after the first list what the server offers' : 'hello accepted; the server lists no extensions';
		case 'HELO':
			return 'hello accepted (HELO lists no extensions: EHLO does)';
		case 'MAIL':
			return 'sender accepted: a transaction is open';
		case 'RCPT':
			return 'recipient accepted';
		case 'RSET':
			return 'transaction reset: the envelope is cleared';
		case 'BDAT':
			return 'chunk accepted: the server holds its octets; more chunks follow, the last one marked LAST';
		case 'NOOP':
			return 'OK: nothing done, the connection is alive';
		default:
			return undefined;
	}
}

/** Explanations that depend on what was asked. */
function inContext(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>, verb: string | undefined, {mechanism, lmtp = false, openTransaction}: Pick<ExplainContext, 'mechanism' | 'lmtp' | 'openTransaction'>): string | undefined {
	const {code} = reply;
	const message = verb === '.' ? afterMessage(reply) : undefined;
	if (message) return message;
	if (code === 554 && verb !== undefined) return refused554(verb);
	if (code === 550 && (verb === 'EHLO' || verb === 'HELO')) return HELLO_REFUSED;
	const unlisted = unlistedRefusal(code, verb);
	if (unlisted) return unlisted;
	// AUTH's and XCLIENT's 503s have their own readings (below). The last line concludes: Exim lists the recipients'
	// refusals above its "Valid RCPT command must precede DATA", and their words ("Sender verify failed") are no cause.
	const sequence = code === 503 && verb !== undefined && verb !== 'AUTH' && verb !== 'XCLIENT' ? outOfSequence(reply.lines.at(-1) ?? '', verb, lmtp, openTransaction) : undefined;
	if (sequence) return sequence;
	const positive = verb === undefined ? [220] : positiveReplies(verb);
	if (positive && code < 400 && !positive.includes(code)) {
		const what = verb === undefined ? 'no greeting: a server greets with 220 (or refuses with 554)' : `out of step: ${verb} is answered ${alternatives([...positive, 'an error'])}`;
		return `${what}, never ${code}; this reply belongs to something else`;
	}
	if (code === 250 && verb !== undefined) {
		const done = accepted250(verb, reply.lines.length);
		if (done) return done;
	}
	// Not a typo: the command is SMTP, and this server leaves it out ("command not recognized" sent students looking for one).
	// A 500 also means a syntax error or a line too long: only when its text says the command is unknown.
	if ((code === 502 || (code === 500 && /(un|not )recogni[sz]ed|not implemented|unknown command|not supported/i.test(reply.lines.join(' ')))) && verb !== undefined && OPTIONAL.has(verb)) return `the server does not implement ${verb}, or has it turned off (the command itself is right)`;
	// Exim's words where no ACL of its configuration allows the command (EXPN's 550, ETRN's 458): no mailbox is involved.
	if (code >= 400 && verb !== undefined && OPTIONAL.has(verb) && /^administrative prohibition$/i.test(reply.lines.join(' ').trim())) return `the server's configuration does not allow ${verb} (Exim's words when no ACL permits it); the command itself is right`;
	switch (verb) {
		case undefined:
			if (code === 220) return 'greeting: the server is ready';
			// RFC 7504: a host that takes no mail from anyone (CODES[521]), where another 5xx may be about this client.
			if (code === 521) return undefined;
			// No mailbox or message is involved yet (a 550 greeting is no "mailbox unavailable"): it turns this client away.
			if (code >= 500) return 'no service: the server refuses this session (this client, its address or network, or a rate limit); only QUIT may follow';
			if (code >= 400) return 'no service for now: the server turns this session away (too many connections, or it is busy); temporary, try again later';
			return undefined;
		case 'STARTTLS':
			if (code === 220) return `go ahead with TLS: the handshake starts now, then ${helloVerb(lmtp)} again`;
			return undefined;
		case 'EHLO':
			if (code === 500 || code === 502) return 'the server does not understand EHLO: fall back to HELO';
			return undefined;
		case 'XCLIENT':
			return xclientReading(reply, lmtp);
		case 'AUTH':
		case 'AUTH-RESPONSE':
			// Postfix: "503 5.5.1 Error: authentication not enabled", "send HELO/EHLO first", "MAIL transaction in progress"; also "already authenticated".
			if (code === 503 && verb === 'AUTH') return authOutOfSequence(reply.lines.join(' '), lmtp);
			// RFC 4954 §4: "504 5.5.4 Unrecognized authentication type" (Exchange's 5.7.4): the mechanism, not the password.
			if (code === 504 && verb === 'AUTH') return MECHANISM_REFUSED;
			// PLAIN's response is worked out by hand (a base64 of NUL-separated parts), and often wrongly: its form said.
			if (code === 501) return `authentication cancelled or malformed${mechanism === 'PLAIN' ? ": PLAIN's is the base64 of NUL, user name, NUL, password" : ''}`;
			return undefined;
		case 'DATA':
		case '.':
			// DATA's own 2xx is out of step (above): only the final dot's reply accepts the message.
			if (code >= 200 && code < 300) return 'accepted: the server took responsibility for the message';
			// The mailboxes were accepted at RCPT: after the message, a 550 refuses the message itself, and a 452 is
			// no "too many recipients".
			if (code === 452 && verb === '.') return outOfStorage(reply);
			if (code >= 400) return `${code < 500 ? 'not accepted for now' : 'refused'}: ${explainCode(code)}`;
			return undefined;
		case 'ETRN':
			// RFC 1985's own codes, which read as "try again later" by their class alone. Postfix answers 459 for a domain
			// outside its fast_flush_domains (seen live: "459 <example.org>: service unavailable").
			if (code === 458) return 'ETRN refused: the server will not start delivering its queue for this domain (RFC 1985)';
			if (code === 459) return 'ETRN refused: the server does not hold mail for this domain for you to flush (RFC 1985; Postfix: a domain outside fast_flush_domains)';
			return undefined;
		case 'MAIL':
			// RFC 5321 gives MAIL a 452 for the server's storage: no recipient is named yet.
			return code === 452 ? outOfStorage(reply) : undefined;
		case 'RCPT':
			// RFC 3207 and RFC 4954 give 454 to TLS and AUTH, but at RCPT servers use it for a recipient they will not relay to
			// (Postfix's default "454 4.7.1 Relay access denied"): retrying later changes nothing.
			if (code === 454) return 'recipient refused for now: at RCPT usually a relay or policy refusal, which a retry does not change';
			if (tooManyRecipients(reply)) return 'too many recipients for one message: this one was not taken; send to it in another message, at once (no wait is needed)';
			return undefined;
		default:
			return undefined;
	}
}

/** XCLIENT's replies (Postfix's XCLIENT_README): a 220 is a new greeting; a 550 5.7.0 says this client may not use it. */
function xclientReading(reply: Pick<Reply, 'code' | 'enhanced'>, lmtp = false): string | undefined {
	const {code} = reply;
	if (code === 220) return `XCLIENT accepted: the session now belongs to the client it named, and starts over with this greeting (${helloVerb(lmtp)} again)`;
	if (xclientUnauthorized(reply)) return 'XCLIENT refused: this client is not allowed to use it (Postfix: smtpd_authorized_xclient_hosts)';
	if (code === 501) return 'XCLIENT refused: an attribute or value the server does not accept';
	if (code === 503) return 'XCLIENT refused: not inside a mail transaction (RSET first)';
	return undefined;
}

/**
 * A session ended for its errors: Postfix's "421 4.7.0 mx.example.org Error: too many errors" (sent unsolicited after
 * the reply to the error over smtpd_hard_error_limit), Exim's "421 … too many syntax or protocol errors" and its
 * "500 Too many unrecognized commands" (smtp_max_unknown_commands), after which it closes without a 421.
 */
const TOO_MANY_ERRORS = /too many (?:(?:syntax|protocol|or) )*errors|too many (?:bad|unrecognized|invalid) commands/i;

/** A session ended by the server goes on by a typed EHLO, which opens a new connection: not a script's, which ends with it. */
const connectsAgain = (context: Pick<ExplainContext, 'typed' | 'scripted'>) => context.typed === true && context.scripted !== true;

/** A refusal that ends the session for the client's errors, which no wait mends; undefined for a greeting. */
function errorLimit(reply: Pick<Reply, 'code' | 'lines'>, context: Pick<ExplainContext, 'verb' | 'unsolicited' | 'typed' | 'scripted' | 'lmtp'>): string | undefined {
	if (reply.code < 400 || (context.verb === undefined && !context.unsolicited) || !TOO_MANY_ERRORS.test(reply.lines.join(' '))) return undefined;
	// A script is told what to fix too; only a typist can connect again at once.
	const again = context.typed ? `; fix what was refused above${connectsAgain(context) ? `, then type ${helloVerb(context.lmtp)} to connect again` : ''}` : '';
	return `the server ends the session after too many refused commands from this client (its error limit: Postfix's smtpd_hard_error_limit, Exim's smtp_max_synprot_errors or smtp_max_unknown_commands)${again}`;
}

/**
 * A 421 that answers no command (it came with none outstanding), or whose text says it timed out (Postfix's "421
 * 4.4.2 Error: timeout exceeded", the sandbox's "Timeout - closing connection", one that crossed a command typed just
 * then): the server closing a session it found idle, which "try again later" misreads. Undefined for any other
 * reply, and for a 421 greeting (a server turning the client away).
 */
export function idleClose(reply: Pick<Reply, 'code' | 'lines'>, context: Pick<ExplainContext, 'verb' | 'unsolicited' | 'typed' | 'scripted' | 'lmtp'>): string | undefined {
	if (reply.code !== 421) return undefined;
	const timedOut = /time[sd]?[ -]?out|idle/i.test(reply.lines.join(' '));
	if (!context.unsolicited && !(timedOut && context.verb !== undefined)) return undefined;
	const again = connectsAgain(context) ? `type ${helloVerb(context.lmtp)} to connect again now` : 'the next session starts over with a new connection';
	if (timedOut) return `the server closed an idle session: it waited too long for the client's next line (its timeout), and the session is over; ${again}`;
	return `the server closed the session on its own, with no command outstanding (an idle timeout, or it is shutting down: its text says which); ${again}`;
}

/**
 * A 334 with its prompt decoded. An XOAUTH2 or OAUTHBEARER server that refuses the token sends its error as a base64
 * JSON challenge, Gmail's {"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}: no prompt to answer.
 */
function challenge(prompt: string, text: string, mechanism: string | undefined): string {
	if (prompt === '') return `${text} (empty prompt)`;
	const decoded = decodeChallenge(prompt);
	const refused = explainBearerError(decoded);
	if (refused) return `${refused}: ${decoded}; ${mechanism === 'OAUTHBEARER' ? 'a lone ^A (AQ==)' : 'an empty line'} answers this, then the server sends its final error`;
	// SCRAM's reading first: a one-row log cuts the end of the line, and the decoded message is long. A hidden
	// signature has nothing to quote.
	const scram = isScram(mechanism) ? explainScramChallenge(decoded) : undefined;
	if (scram) return decoded === REDACTED ? scram : `${scram}: "${decoded}"`;
	return `${text}: "${decoded}"`;
}

/**
 * Postfix keeps the SIZE= of a MAIL it refused as too big until RSET (only a transaction's end resets it), so the next
 * MAIL, with no SIZE= at all, gets the same 552: not this message's size. Its text says so; a full mailbox is 552 too.
 */
function staleSize(reply: Reply, verb: string | undefined, {sizeDeclared, typed}: ExplainContext): string | undefined {
	if (verb !== 'MAIL' || sizeDeclared !== false || reply.code !== 552 || !/size exceeds fixed limit/i.test(reply.lines.join(' '))) return undefined;
	return `this MAIL declared no size: Postfix still holds the SIZE= of a MAIL it refused before in this session, until RSET: ${typed ? 'type RSET, then MAIL FROM again' : 'send RSET, then MAIL again'}`;
}

/**
 * One line, in at most two parts: the code in words (in context; a 334 prompt decoded) and the enhanced code in
 * words. Where the reply's own words give a specific reading, it comes first and replaces the code's, and the
 * enhanced code follows only when it adds to it: three readings glued together took a screen's worth of rows.
 */
export function explainReply(reply: Reply, context: ExplainContext = {}): string {
	if (context.duringBody && reply.code < 400) return 'out of step: the message was still being sent, and a server cannot accept what it has not received';
	const ended = errorLimit(reply, context) ?? idleClose(reply, context);
	if (ended) return ended;
	const verb = context.verb?.toUpperCase();
	const stale = staleSize(reply, verb, context);
	if (stale) return stale;
	// 221 answers QUIT alone: to anything else the server hangs up on its own ("success" from its enhanced code would mislead).
	if (reply.code === 221 && verb !== undefined && verb !== 'QUIT' && !context.unsolicited) {
		return `goodbye, though no QUIT was sent: the server ends the session on its own, in answer to ${verb === '.' ? 'the message' : 'the line before'}, and closes the connection`;
	}
	let text = (context.unsolicited ? undefined : inContext(reply, verb, {...context, mechanism: context.mechanism?.toUpperCase()})) ?? explainCode(reply.code);
	if (reply.code === 334) text = challenge(reply.lines[0] ?? '', text, context.mechanism?.toUpperCase());
	const code = enhancedOf(reply);
	const enhanced = code === undefined ? undefined : `${code} ${explainEnhanced(code, reply.code >= 500 || waitingHelps(reply))}`;
	const mechanism = context.mechanism?.toUpperCase();
	const advice = reply.code >= 400 ? (fromText(reply, {verb, typed: context.typed === true, mechanism, secure: context.secure === true, starttlsOffered: context.starttlsOffered, authOffered: context.authOffered, lmtp: context.lmtp === true}) ?? senderAtRcpt(reply, verb)) : undefined;
	// The advice first: it is what the reply means here, and a one-row log cuts the end of the line.
	if (advice) return advice.complete ? advice.text : `${advice.text}; ${enhanced ?? text}`;
	return enhanced ? `${text}; ${enhanced}` : text;
}

const PIPE_CONNECT = 'a client that saw this before may send EHLO without waiting for the greeting (smtp-tui waits for it)';

const EXTENSIONS: Record<string, string> = {
	SIZE: 'the largest message the server accepts, in octets (SIZE= on MAIL FROM)',
	PIPELINING: 'commands may be sent in groups without waiting for each reply',
	'8BITMIME': 'accepts 8-bit message bodies (BODY=8BITMIME)',
	SMTPUTF8: 'accepts UTF-8 in addresses and headers',
	STARTTLS: 'can switch this connection to TLS (encryption)',
	AUTH: 'accepts logins (SMTP AUTH) with these mechanisms',
	ENHANCEDSTATUSCODES: 'replies carry detailed codes like 5.1.1',
	CHUNKING: 'accepts the message in BDAT chunks instead of DATA (RFC 3030; --bdat sends it so)',
	BINARYMIME: 'accepts binary message bodies (with CHUNKING)',
	DSN: 'delivery status notifications on request (RFC 3461: NOTIFY=, ORCPT= on RCPT; RET=, ENVID= on MAIL)',
	HELP: 'answers HELP with human-readable hints',
	VRFY: 'VRFY may confirm whether a mailbox exists',
	EXPN: 'EXPN may expand a mailing list',
	ETRN: 'a relay can be asked to flush its queue for a domain',
	DELIVERBY: 'accepts a delivery deadline (BY=)',
	REQUIRETLS: 'takes REQUIRETLS on MAIL FROM: TLS on every hop of the message, or no delivery (RFC 8689)',
	'MT-PRIORITY': 'accepts a message priority (MT-PRIORITY=)',
	FUTURERELEASE: 'can hold a message until a later time',
	LIMITS: 'announces its limits (recipients, transactions)',
	XCLIENT: 'Postfix: a trusted proxy may pass the real client details',
	XFORWARD: 'Postfix: a trusted filter may pass the original client details',
	// Exim 4.96 advertises both (seen live; 4.92 and 4.93 spelt the first X_PIPE_CONNECT, as an experiment).
	PIPECONNECT: `Exim: ${PIPE_CONNECT}`,
	X_PIPE_CONNECT: `Exim 4.92 and 4.93: ${PIPE_CONNECT}`,
	PRDR: 'per-recipient replies after the message (Exim, Sendmail): each recipient may take or refuse the content (smtp-tui does not ask for it)',
};

/** For the connection panel: what an advertised keyword means, with its parameters when they say more. */
export function explainExtension(keyword: string, params: readonly string[] = []): string {
	const name = keyword.toUpperCase();
	if (name === 'SIZE') {
		const size = sizeLimit(params[0]);
		if (size !== undefined) return `accepts messages up to ${size} octets${size >= 1024 ? ` (${binaryUnits(size)})` : ''}`;
		// "SIZE -1": no limit RFC 1870 allows (digits only), so none is judged; the message's size is still declared.
		if (!validSizeParam(params[0])) return 'SIZE with no valid limit (RFC 1870: digits only): none is judged; MAIL FROM still gives SIZE=';
		return 'accepts SIZE= on MAIL FROM, with no fixed limit announced';
	}
	if (name === 'AUTH' && params.length > 0) return `accepts logins (SMTP AUTH) with ${params.join(', ')}`;
	// The old spelling of the AUTH list (a draft of RFC 2554, for old Outlook): read as the same list.
	if (name.startsWith('AUTH=')) return `the AUTH list in its pre-RFC 4954 spelling, for old clients: logins with ${[name.slice(5), ...params].filter(Boolean).join(', ')}`;
	return EXTENSIONS[name] ?? 'an extension smtp-tui does not use';
}

/** 20480 → "20 KiB", 10240000 → "9.8 MiB": a small limit in MiB would read "0.0 MiB". */
function binaryUnits(octets: number): string {
	const [amount, unit] = octets < 1024 * 1024 ? [octets / 1024, 'KiB'] : [octets / (1024 * 1024), 'MiB'];
	return `${amount < 10 ? amount.toFixed(1) : Math.round(amount)} ${unit}`;
}
