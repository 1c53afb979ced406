// Readings of a refusal from its own words (Postfix, Exim, qmail, Microsoft 365, Gmail), where its code alone would
// blame the wrong thing: the recipient for a refused IP address, a wrong password for a login turned off.
import {deliveryRequestAdvice} from './dsn-refusal.js';
import {enhancedOf} from './enhanced-code.js';
import {POSTSCREEN_FIRST_CONTACT, postscreenFirstContact} from './postscreen.js';
import type {FailureCause, FailureKind} from './failure.js';
import {loginFirst, SENDING_LIMIT, sendingLimit, UNVERIFIED_ADDRESS, unverifiedAddress} from './service-refusals.js';
import {helloVerb} from './transitions.js';
import type {RecipientResult, Reply} from './types.js';

/**
 * A reading of the reply from its own words, which replaces the code's generic one. `complete`: it says all there
 * is, and the enhanced code would only muddle it (greylisting's 4.7.1 reads "message refused" right after "gets
 * through"; a relay refusal's "temporary" after "log in"); otherwise the enhanced code follows, for its class and
 * detail, or without one the code's own reading (which says whether it is temporary).
 */
type Advice = {text: string; complete?: true};

type TextContext = {
	/** The command the reply answers, upper-case (undefined for the greeting). */
	verb: string | undefined;
	/** Typed by hand: advice says what to type, not which flag or field to use. */
	typed: boolean;
	/** The SASL mechanism of the AUTH exchange the reply ends, upper-case. */
	mechanism: string | undefined;
	/** The connection had TLS when the command went. */
	secure: boolean;
	/** The last EHLO reply offered STARTTLS; false: it did not, so "type STARTTLS" cannot be the way to TLS. */
	starttlsOffered: boolean | undefined;
	/** The last EHLO reply offered AUTH; false: it did not, so "log in" cannot be the way past a relay refusal. */
	authOffered?: boolean | undefined;
	/** The session speaks LMTP: what to type names LHLO. */
	lmtp?: boolean;
};

/** What a refused login tried: its mechanism (upper-case), over TLS or not, typed by hand or not. */
type LoginAttempt = Pick<TextContext, 'mechanism' | 'secure' | 'typed' | 'lmtp'>;

/** "in 5 minutes", "after 300 seconds", "in 5 s": the wait a greylisting reply names. */
const WAIT = /\b(?:in|after)\s+(\d+\s*(?:seconds?|secs?|s|minutes?|mins?|m|hours?|h))\b/i;
const GREYLIST = /gr[ae]y-?list/i;

/**
 * A greylisting refusal (Exim's "451 Greylisted, please try again in 5 minutes", the sandbox's "450 4.7.1 …
 * greylisted, try again in 5 s"), with the wait it names ("5 s"; undefined when it names none); undefined otherwise.
 */
export function greylisted(reply: Reply): {wait: string | undefined} | undefined {
	const text = reply.lines.join(' ');
	return reply.code < 500 && GREYLIST.test(text) ? {wait: WAIT.exec(text)?.[1]} : undefined;
}

function greylisting(text: string): string {
	const wait = WAIT.exec(text)?.[1];
	return `greylisting: a first try from a sender the server does not know yet is turned away on purpose; the same message sent again after ${wait ?? 'a while'} gets through (a mail server's queue retries by itself)`;
}

/**
 * Postfix's smtpd_helo_restrictions refuse the EHLO/HELO name with "Helo command rejected". With its default
 * smtpd_delay_reject=yes the refusal comes only at RCPT (MAIL with smtpd_sender_restrictions), where it reads as
 * the recipient's or the sender's.
 */
export function refusesHelo(reply: Reply): boolean {
	return reply.code >= 400 && /helo command rejected/i.test(reply.lines.join(' '));
}

/** ", though it comes at RCPT": a refusal of something said earlier, delivered by a later command. */
const comesAt = (verb: string | undefined) => (verb === 'MAIL' || verb === 'RCPT' ? `, though it comes at ${verb}` : '');

/** A refusal of the EHLO/HELO name, whenever it comes: how to give another. */
function heloAdvice(text: string, verb: string | undefined, {typed, lmtp}: Pick<TextContext, 'typed' | 'lmtp'>): string | undefined {
	// Postfix's reject_non_fqdn_helo_hostname: "504 5.5.2 <vm>: Helo command rejected: need fully-qualified hostname".
	const fqdn = /helo/i.test(text) && /fully[- ]qualified|fqdn/i.test(text);
	if (!fqdn && !/helo command rejected/i.test(text)) return undefined;
	const name = `${lmtp ? 'LHLO' : 'EHLO'} name`;
	const what = fqdn ? `the ${name} must be a full domain name (mail.example.com)` : `this refuses the ${lmtp ? 'LHLO' : 'EHLO/HELO'} name (given with --helo; by default the host name, or this end's address literal where it has no dot)`;
	// Typed by hand, the EHLO line was the typist's: neither the flag nor the field made it.
	const fix = typed
		? `type ${helloVerb(lmtp)} again with a full name, e.g. ${helloVerb(lmtp)} laptop.example.com`
		: fqdn
			? `give one with --helo, or in the ${name} field`
			: `give a fully-qualified name the server accepts with --helo, or in the ${name} field`;
	return `${what}${comesAt(verb)}: ${fix}`;
}

/** Postfix's reject_non_fqdn_sender and _recipient: "504 5.5.2 <me@localhost>: Sender address rejected: need fully-qualified address". */
function addressAdvice(text: string, verb: string | undefined): string | undefined {
	if (!/need fully[- ]qualified address/i.test(text)) return undefined;
	if (/sender address rejected/i.test(text)) return `the sender address needs a full domain (me@example.com, not me@localhost)${verb === 'RCPT' ? comesAt(verb) : ''}: give one with --from, or in the From field`;
	if (/recipient address rejected/i.test(text)) return 'the recipient address needs a full domain (you@example.com, not you@localhost): give one in --to, --cc or --bcc, or in the To, Cc or Bcc field';
	return undefined;
}

/**
 * Refusals of the client's IP address or host name, which servers give at any command (Postfix's client
 * restrictions come at RCPT by default, Microsoft 365's at MAIL or RCPT, Gmail's after the message):
 * - reverse DNS: Postfix's "Client host rejected: cannot find your reverse hostname" (or "your hostname": a PTR
 *   name that does not point back), Gmail's 5.7.25 "does not have a PTR record";
 * - a block list: Postfix's "Client host [IP] blocked using zen.spamhaus.org", Exim's "is in a black list at",
 *   Microsoft 365's "banned sending IP"; words of a list alone only beside an IP address, since a content filter
 *   also names a "blacklisted URL";
 * - anything else about the client: Postfix's "Client host rejected: Access denied", Microsoft 365's 5.7.708
 *   "traffic not accepted from this IP", Gmail's 421 4.7.28 "unusual rate of unsolicited mail originating from
 *   your IP address".
 */
const NO_PTR = /cannot find your (?:reverse )?host ?name|\bPTR record|reverse DNS|\brDNS\b/i;
const BLOCKED = /blocked using|banned sending IP/i;
const LIST = /(?:block|black)[ -]?list|\bDNSBL\b|\bRBL\b/i;
const IP_ADDRESS = /\bIP\b|client host|\b\d{1,3}(?:\.\d{1,3}){3}\b/i;
const CLIENT = /client host (?:\[[^\]]*\] )?rejected|not accepted from this IP|(?:from|for) your IP\b/i;
/**
 * Postfix names what a check refused: its sender, recipient and HELO lookups in a block list ("Sender address
 * [me@bad.example] blocked using dbl.spamhaus.org") are not about the IP.
 */
const ADDRESS_REJECTED = /(?:sender|recipient) address (?:rejected|\[[^\]]*\] blocked using)|helo command \[[^\]]*\] blocked using/i;

type ClientRefusal = 'reverse-dns' | 'block-list' | 'client';

function clientRefusal(text: string): ClientRefusal | undefined {
	if (ADDRESS_REJECTED.test(text)) return undefined;
	if (NO_PTR.test(text)) return 'reverse-dns';
	// An IP address in a URL (a blocked link in the content) is not the client's.
	if (BLOCKED.test(text) || (LIST.test(text) && IP_ADDRESS.test(text.replace(/https?:\/\/\S+/gi, '')))) return 'block-list';
	return CLIENT.test(text) ? 'client' : undefined;
}

/** A refusal of this machine's IP address or host, not of the sender or recipient it comes with: for what. */
export function clientRefusalOf(reply: Reply): ClientRefusal | undefined {
	return reply.code >= 400 ? clientRefusal(reply.lines.join(' ')) : undefined;
}

export const refusesClient = (reply: Reply): boolean => clientRefusalOf(reply) !== undefined;

/** The part of the envelope a client refusal is not about, at the command it comes with. */
const notThe = (verb: string | undefined) => (verb === 'MAIL' ? ', not the sender' : verb === 'RCPT' ? ', not the recipient' : '');

/** The way out of an IP refusal that works from anywhere (as `check` says for a refused greeting). */
const SUBMISSION = "send through your provider's submission server (587 or 465)";

function clientAdvice(text: string, verb: string | undefined): string | undefined {
	const kind = clientRefusal(text);
	if (kind === undefined) return undefined;
	const whom = notThe(verb);
	if (kind === 'reverse-dns') return `this refuses your IP address (its reverse DNS name, the PTR record, is missing or does not match)${whom}: have the PTR record set, or ${SUBMISSION}; retrying will not help until then`;
	if (kind === 'block-list') {
		const where = /https?:\/\//i.test(text) ? ' at the address in the reply' : '';
		return `this refuses your IP address (it is on a block list, as home and cloud addresses often are)${whom}: ${SUBMISSION}, or ask for delisting${where}`;
	}
	return `this refuses your IP address or host${whom}: ${SUBMISSION}, or ask the server's administrator to accept it`;
}

/** A 504 to AUTH: the mechanism named is one the server does not take. */
export const MECHANISM_REFUSED = 'the server does not take this login mechanism (an unrecognized authentication type): use one its EHLO reply lists after AUTH';

/** Mechanisms whose "password" is an OAuth 2 access token. */
const TOKEN_MECHANISMS: ReadonlySet<string> = new Set(['XOAUTH2', 'OAUTHBEARER']);

/**
 * Logins refused for something other than the password. Microsoft 365 gives three of them one code, "535 5.7.139
 * Authentication unsuccessful, ..." (SMTP AUTH off, security defaults, and really wrong credentials), and its bare
 * "535 5.7.3 Authentication unsuccessful" to any of them; Gmail's 534 5.7.9 wants an app password; and Gmail
 * answers a bad OAuth token "Username and Password not accepted".
 */
type LoginReading = {
	matches: (reply: Reply, text: string, mechanism: string | undefined) => boolean;
	/** A function where the way out depends on what was tried. */
	advice: string | ((login: LoginAttempt) => string);
	/** The cause in a few words, for the failure's summary ("authentication failed" would point at the password). */
	cause?: string | ((login: LoginAttempt) => string);
	/** What no other password fixes: logins turned off, a password transition, a mechanism too weak (else by class). */
	kind?: LoginKind;
	/** Where the kind's advice differs by case: which way out is left (OAuth, an administrator, an app password). */
	failureCause?: FailureCause;
};

/** The refused logins whose remedy is no other password, and no wait either. */
type LoginKind = Extract<FailureKind, 'login-disabled' | 'login-transition' | 'login-mechanism-weak'>;

/**
 * RFC 4954 §6's way through a password transition, one login with PLAIN inside TLS, by what is missing of it: TLS,
 * PLAIN, or nothing (this was PLAIN inside TLS: the server did not complete it). Typed by hand: what to type.
 */
function transitionWay({mechanism, secure, typed, lmtp}: LoginAttempt): string {
	if (mechanism === 'PLAIN' && secure) return "this login was PLAIN inside TLS, the transition itself, and the server did not complete it: ask its administrator";
	const after = mechanism === 'PLAIN' ? '' : ', after which this mechanism works too';
	if (typed) return `${secure ? 'type AUTH PLAIN once (this connection has TLS)' : `type STARTTLS, then ${helloVerb(lmtp)} again, then AUTH PLAIN`}${after}`;
	if (mechanism === 'PLAIN') return 'this PLAIN login went without TLS: log in inside TLS (STARTTLS, or TLS from the first byte on port 465)';
	return `log in once with PLAIN ${secure ? 'over TLS, as now' : 'inside TLS'} (--auth PLAIN)${after}`;
}

const LOGIN_READINGS: readonly LoginReading[] = [
	{
		matches: (_reply, text) => /application-specific password/i.test(text),
		advice: "the account uses 2-step verification, so its normal password is refused here: log in with an app password (made in the account's security settings), or with OAuth (XOAUTH2)",
		cause: 'the account wants an app password (2-step verification is on), not its normal one',
		failureCause: 'app-password',
	},
	{
		matches: (_reply, text) => /SmtpClientAuthentication is disabled|smtp_auth_disabled/i.test(text),
		advice: 'SMTP AUTH (logging in to send) is turned off for this mailbox or the whole tenant, whatever the password: an administrator must turn on authenticated SMTP for it',
		cause: 'SMTP AUTH is turned off for this mailbox or tenant (not a wrong password)',
		kind: 'login-disabled',
	},
	{
		matches: (_reply, text) => /security defaults/i.test(text),
		advice: "the organization's security defaults block logins with a password here: an administrator must allow SMTP AUTH for this account, or log in with OAuth (XOAUTH2)",
		cause: "the organization's security defaults block password logins (not a wrong password)",
		kind: 'login-disabled',
	},
	{
		// RFC 4954 §4's "504 5.5.4 Unrecognized authentication type" (Exchange's 504 5.7.4): the mechanism, not the password.
		matches: (reply, _text, mechanism) => reply.code === 504 && mechanism !== undefined,
		advice: MECHANISM_REFUSED,
		cause: 'the server does not take this login mechanism (not a wrong password): log in with another it offers',
	},
	{
		// Microsoft 365 since basic authentication was retired: "535 5.7.139 Authentication unsuccessful, basic authentication is disabled."
		matches: (_reply, text) => /basic auth(?:entication)? is disabled/i.test(text),
		advice: 'logins with a password (basic authentication) are turned off here, whatever the password: log in with OAuth (XOAUTH2), or an administrator must allow basic authentication for SMTP',
		cause: 'logins with a password (basic authentication) are turned off here (not a wrong password)',
		kind: 'login-disabled',
		failureCause: 'basic-auth-off',
	},
	{
		// Microsoft 365's conditional access: "the request did not meet the criteria to be authenticated successfully. Contact your administrator."
		matches: (_reply, text) => /did not meet the criteria to be authenticated/i.test(text),
		advice: "the server's sign-in policy refused this login, whatever the password (it did not meet the criteria, the reply says): ask its administrator",
		cause: "the server's sign-in policy refused this login (not a wrong password)",
		kind: 'login-disabled',
		failureCause: 'sign-in-policy',
	},
	{
		matches: (reply, _text, mechanism) => reply.code === 535 && mechanism !== undefined && TOKEN_MECHANISMS.has(mechanism),
		advice: 'the OAuth token was refused: it is invalid or expired, or lacks the mail scope (https://mail.google.com/ for Gmail, SMTP.Send for Microsoft 365); get a new token',
		cause: 'the OAuth token was refused (invalid, expired, or without the mail scope)',
	},
	{
		// The bare words, and Microsoft 365's tag after them: "Authentication unsuccessful [SN4PR0501CA0123...]".
		matches: (reply, text) => reply.code === 535 && /^authentication unsuccessful\W*(?:\[[^\]]*\])?\s*$/i.test(text),
		advice: 'authentication failed, the server does not say why: a wrong user name or password, or logins turned off for this account (SMTP AUTH, 2-step verification)',
	},
	{
		// RFC 4954 §6: the server must see the password itself once (a new or migrated account) before it can serve a
		// mechanism like CRAM-MD5. A 4xx, yet waiting changes nothing.
		matches: reply => passwordTransition(reply),
		advice: login => `a password transition is needed: ${transitionWay(login)} (no wrong password, and waiting does not help)`,
		cause: login => `a password transition is needed: ${transitionWay({...login, typed: false})}`,
		kind: 'login-transition',
	},
	{
		// RFC 4954 §6: the mechanism is weaker than the server's policy for this user; the client retries with another.
		// After Gmail's app password, which comes as a 534 5.7.9 too.
		matches: reply => enhancedOf(reply) === '5.7.9' || (reply.code === 534 && enhancedOf(reply) === undefined),
		advice: 'the server finds this login mechanism too weak for the account (not a wrong password): log in with another one it offers, such as PLAIN inside TLS',
		cause: 'the mechanism is too weak for this account, not a wrong password: log in with another (--auth)',
		kind: 'login-mechanism-weak',
	},
];

const loginReading = (reply: Reply, mechanism: string | undefined, text = reply.lines.join(' ')) => LOGIN_READINGS.find(reading => reading.matches(reply, text, mechanism));

/** A reading's text for this attempt. */
const forAttempt = (text: LoginReading['advice'] | undefined, login: LoginAttempt) => (typeof text === 'function' ? text(login) : text);

function loginAdvice(reply: Reply, text: string, login: LoginAttempt): string | undefined {
	return forAttempt(loginReading(reply, login.mechanism, text)?.advice, login);
}

/** A refused login's kind where its reading says no other password helps: logins off, a transition, a weak mechanism. */
export function loginReadingKind(reply: Reply, mechanism: string | undefined): LoginKind | undefined {
	return loginReading(reply, mechanism)?.kind;
}

/** Which case of its kind a refused login is, where the next step differs by it (see LoginReading.failureCause). */
export function loginReadingCause(reply: Reply, mechanism: string | undefined): FailureCause | undefined {
	return loginReading(reply, mechanism)?.failureCause;
}

/** What a refused login's summary says for each kind that is not about the secret. */
const LOGIN_SUMMARIES: Partial<Record<FailureKind, string>> = {
	'login-needs-starttls': 'the server wants TLS (STARTTLS) before a login',
	'tls-not-offered': 'the server wants TLS before a login but does not offer STARTTLS (something on the way strips it, or the server is set up wrong)',
	'login-temporary': 'the login failed for now (a temporary refusal): try again later',
	'login-transition-failed': `login refused: a password transition is needed, yet ${transitionWay({mechanism: 'PLAIN', secure: true, typed: false})}`,
};

/**
 * A failed login's summary, by its kind: TLS first, a temporary refusal, or its cause where the reply names one
 * other than the password, else "authentication failed".
 */
export function loginFailure(reply: Reply, login: Omit<LoginAttempt, 'typed'>, kind: FailureKind): string {
	const summary = LOGIN_SUMMARIES[kind];
	if (summary) return summary;
	const cause = forAttempt(loginReading(reply, login.mechanism)?.cause, {...login, typed: false});
	return cause ? `login refused: ${cause}` : 'authentication failed';
}

/**
 * At MAIL, a refusal of the message's size, not of the sender: RFC 1870 §6.1's 552 to a SIZE= over the server's
 * limit, X.3.4 "message too big for the system", X.2.3 "message longer than the mailbox allows".
 */
export function refusesSize(reply: Reply): boolean {
	const enhanced = enhancedOf(reply);
	return reply.code >= 400 && (/^[45]\.(?:3\.4|2\.3)$/.test(enhanced ?? '') || (reply.code === 552 && enhanced === undefined));
}

/** Why a MAIL was not taken for now, by its enhanced code (X.3.x the mail system, X.7.x policy) or RFC 5321's 452. */
function deferredWhy(reply: Reply): string {
	if (sendingLimit(reply)) return 'a sending limit: a rate or a quota';
	const subject = /^4\.(\d+)\./.exec(enhancedOf(reply) ?? '')?.[1];
	if (subject === '3' || (subject === undefined && reply.code === 452)) return 'short of storage, or its system is';
	return subject === '7' ? 'a check such as a rate limit' : 'a local error, or a check';
}

/** A refused MAIL's summary where it refuses no sender: its size, its parameters (for now or for good), or for now. */
export function mailFailure(reply: Reply, kind: 'mail-too-big' | 'mail-parameters' | 'mail-deferred'): string {
	if (kind === 'mail-too-big') return 'the message is too big for this server (not the sender): send it smaller';
	if (kind === 'mail-deferred') return `the server did not take MAIL for now (${deferredWhy(reply)}), not for the sender: try again later`;
	const what = "MAIL FROM's parameters (SIZE=, BODY=, SMTPUTF8 as offered in its EHLO reply; RET=, ENVID=, REQUIRETLS as asked for), not the sender";
	return reply.code < 500 ? `the server cannot take ${what}, for now: try again later` : `the server refused ${what}: sending again fails the same way; ask its administrator`;
}

/** Microsoft 365's refusals whose enhanced code reads as something else (5.4.1 "no answer from host", 5.2.252). */
function microsoftAdvice(text: string): string | undefined {
	// Directory-based edge blocking: "550 5.4.1 Recipient address rejected: Access denied", for an address it does not have.
	if (/recipient address rejected: access denied/i.test(text)) {
		return 'the recipient address is refused: it does not exist there (Microsoft 365 says so for an unknown address), or a rule refuses it; check the address';
	}
	if (/SendAsDenied|not allowed to send as/i.test(text)) {
		return 'the logged-in user may not send as this From address: send from your own address (--from, the From field), or have an administrator give you Send As rights for it';
	}
	return undefined;
}

/**
 * Servers' ways of saying "TLS first", at MAIL as often as at AUTH: Postfix's "Must issue a STARTTLS command first",
 * "550 STARTTLS required on the submission port", "Encryption required for requested authentication mechanism".
 */
const TLS_FIRST = /must issue a starttls|\b(?:starttls|tls|ssl|encryption) (?:is )?required|requires? (?:starttls|tls|encryption)/i;

/** X.7.10's basic code in the IANA registry (RFC 5248), and RFC 4954's 538 with X.7.11. */
const TLS_CODES: ReadonlySet<number> = new Set([523, 538]);

/**
 * A refusal for want of TLS, not of the sender or the login. RFC 3207's 530 5.7.0 is also "authentication
 * required" (Gmail's), so a 530 only when it names STARTTLS; X.7.10 is "encryption needed" (RFC 5248), X.7.11
 * "encryption required for the requested authentication mechanism" (RFC 4954 §6).
 */
export function wantsTls(reply: Reply): boolean {
	if (reply.code < 400) return false;
	const text = reply.lines.join(' ');
	return TLS_FIRST.test(text) || (reply.code === 530 && /starttls/i.test(text)) || TLS_CODES.has(reply.code) || /^[45]\.7\.1[01]$/.test(enhancedOf(reply) ?? '');
}

/**
 * Postfix's reject_unauth_destination, "554 5.7.1 <x@elsewhere>: Relay access denied": its most common refusal;
 * qmail's "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"; Haraka's "550 I cannot deliver
 * mail for <x@elsewhere>", when no plugin (its auth or relay ones) lets it relay, with no enhanced code.
 */
const RELAY_REFUSED = /relay(ing)? (access )?denied|not permitted to relay|relay not permitted|allowed rcpthosts|I cannot deliver mail for/i;

/** A recipient refused because the server does not relay for this client: a login, not another address, may help. */
export function refusesRelay(reply: Reply): boolean {
	return reply.code >= 400 && RELAY_REFUSED.test(reply.lines.join(' '));
}

/** A relay refusal: a login lets mail through, where the server offers one (inside TLS only, some). */
function relayRefused({authOffered, secure, starttlsOffered}: TextContext): string {
	const other = 'or send only to domains this server receives mail for (a retry changes nothing)';
	if (authOffered !== false) return `relaying is not allowed for you: log in, ${other}`;
	if (!secure && starttlsOffered) return `relaying is not allowed for you, and the server offers no login outside TLS: STARTTLS first (it may offer one inside), ${other}`;
	return `relaying is not allowed for you, and the server offers no login: use a server that relays for you, ${other}`;
}

/** A demand for TLS: STARTTLS where the server offers it (typed by hand: what to type), else TLS from the first byte. */
function tlsFirst({typed, secure, starttlsOffered, lmtp}: TextContext): string {
	if (!secure && starttlsOffered === false) return 'the server wants TLS first but offers no STARTTLS (stripped on the way, or set up wrong): connect with TLS from the first byte (port 465), or ask its administrator';
	return typed ? `the server wants TLS first: type STARTTLS (then ${helloVerb(lmtp)} again)` : 'the server wants TLS first: connect with STARTTLS, or with TLS from the first byte (port 465)';
}

/** What the reply's own words say to do, where the code alone would send you elsewhere. */
export function fromText(reply: Reply, context: TextContext): Advice | undefined {
	const {verb} = context;
	const text = reply.lines.join(' ');
	// Exim's default defer, "451 Greylisted, please try again in 5 minutes": its code alone reads as a local error.
	if (greylisted(reply)) return {text: greylisting(text), complete: true};
	if (verb === 'RCPT' && postscreenFirstContact(reply)) return {text: POSTSCREEN_FIRST_CONTACT, complete: true};
	const named = heloAdvice(text, verb, context) ?? addressAdvice(text, verb) ?? deliveryRequestAdvice(reply, text, enhancedOf(reply));
	if (named) return {text: named};
	if (unroutable(reply, verb)) return {text: UNROUTABLE, complete: true};
	if (refusesRelay(reply)) return {text: relayRefused(context), complete: true};
	if (wantsTls(reply)) return {text: tlsFirst(context), complete: true};
	const login = loginFirst(reply, context.typed);
	if (login) return {text: login, complete: true};
	if (unverifiedAddress(reply)) return {text: UNVERIFIED_ADDRESS, complete: true};
	// Its 4xx is no wait: the same certificate (or none) is refused again.
	const certificate = clientCertificateReply(reply);
	if (certificate) return {text: `${certificate === 'missing' ? 'the server demands a client certificate (none was presented)' : 'the server refuses the client certificate (it does not trust the one offered)'}: not temporary, the same one is refused again; the failure says what to do`, complete: true};
	const complete = clientAdvice(text, verb) ?? loginAdvice(reply, text, context) ?? microsoftAdvice(text) ?? (sendingLimit(reply) ? SENDING_LIMIT : undefined);
	return complete === undefined ? undefined : {text: complete, complete: true};
}

/**
 * Exim's "550 Unrouteable address" to RCPT (verify = recipient): no router takes the address, an unknown user or a
 * domain it does not handle; no enhanced code says so. Not its sender verification, which lists the same words.
 */
function unroutable(reply: Reply, verb: string | undefined): boolean {
	return verb === 'RCPT' && reply.code >= 500 && /\bunrouteable address\b/i.test(reply.lines.join(' ')) && !refusesSender(reply);
}

const UNROUTABLE = 'no such recipient here: the server finds no route for this address (an unknown user, or a domain it does not take); check the address';

/**
 * Postfix's smtpd_tls_req_ccert, which refuses in SMTP what a TLS alert refuses elsewhere: right after the handshake,
 * "421 4.7.1 mx Error: No client certificate presented" (`missing`) or "... Client certificate not trusted"
 * (`untrusted`). Any closing or permanent reply that names the client certificate, with an X.7.x code if any.
 */
export function clientCertificateReply(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): 'missing' | 'untrusted' | undefined {
	if (reply.code !== 421 && reply.code < 500) return undefined;
	const enhanced = enhancedOf(reply);
	if (enhanced !== undefined && !/^\d\.7\./.test(enhanced)) return undefined;
	const text = reply.lines.join(' ');
	if (!/client certificate/i.test(text)) return undefined;
	return /\bno client certificate|client certificate (?:is )?(?:required|missing|not presented)/i.test(text) ? 'missing' : 'untrusted';
}

/**
 * RFC 4954 §6's 432 4.7.12: one login with PLAIN inside TLS first; a 4xx, yet waiting changes nothing. A 432 with
 * an enhanced code outside X.7 is something else: Microsoft 365's "432 4.3.2 STOREDRV.ClientSubmit; sender thread
 * limit exceeded" after the message is a limit of messages at once, which a wait does clear.
 */
export function passwordTransition(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): boolean {
	const enhanced = enhancedOf(reply);
	return enhanced === '4.7.12' || (reply.code === 432 && (enhanced === undefined || enhanced.startsWith('4.7.')));
}

/**
 * RFC 5321 §4.5.3.1.10: a server's limit of recipients per message, "452 4.5.3 Too many recipients". Those refused
 * go in another transaction, at once: a wait changes nothing.
 */
export function tooManyRecipients(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): boolean {
	return reply.code === 452 && (/^4\.5\.3$/.test(enhancedOf(reply) ?? '') || /too many recipients/i.test(reply.lines.join(' ')));
}

/** The recipients a message left over the server's limit per message (452 4.5.3). */
export function overLimitRecipients(recipients: readonly RecipientResult[]): string[] {
	return recipients.filter(recipient => recipient.accepted === false && recipient.reply && tooManyRecipients(recipient.reply)).map(recipient => recipient.address);
}

/** "; too many recipients for one message: send to … in another, at once", or "" when none was over the limit. */
export function overLimitNote(recipients: readonly RecipientResult[]): string {
	const over = overLimitRecipients(recipients);
	return over.length === 0 ? '' : `; too many recipients for one message: send to ${over.join(', ')} in another, at once`;
}

/**
 * A refusal of the sender, whenever it comes: X.1.7 and X.1.8 say so, Postfix's "Sender address rejected" (its
 * smtpd_delay_reject checks the sender only at RCPT, with 5.7.1 or 5.5.2 as often as 5.1.x), and Exim's sender
 * verification, "550-Verification failed for <me@nonexistent.example> / 550-Unrouteable address / 550 Sender verify
 * failed" (or "451 Could not complete sender verify"), with no enhanced code.
 */
export function refusesSender(reply: Reply): boolean {
	if (reply.code < 400) return false;
	return /^[45]\.1\.[78]$/.test(enhancedOf(reply) ?? '') || /sender address rejected|sender address \[[^\]]*\] blocked using|sender verif(?:y|ication) failed|could not complete sender verify/i.test(reply.lines.join(' '));
}

/** A sender refused at RCPT, where the recipient then looks refused. */
export function senderAtRcpt(reply: Reply, verb: string | undefined): Advice | undefined {
	if (verb !== 'RCPT' || !refusesSender(reply)) return undefined;
	return {text: 'this refuses the sender, though it comes at RCPT (many servers check the sender only then)'};
}
