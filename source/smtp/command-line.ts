// Reads a line typed in manual mode as a typed Command, so the engine can follow the conversation
// (the step rail moves on "MAIL FROM:<a>" typed by hand just as on a planned MAIL).
import {domainToASCII} from 'node:url';
import {helloVerb} from './transitions.js';
import {codePoint, type Command} from './types.js';
import {parseXclientAttributes} from './xclient.js';

function parseParams(text: string): Record<string, string | true> | undefined {
	const params: Record<string, string | true> = {};
	for (const word of text.trim().split(/\s+/).filter(Boolean)) {
		const equals = word.indexOf('=');
		if (equals === -1) params[word.toUpperCase()] = true;
		else params[word.slice(0, equals).toUpperCase()] = word.slice(equals + 1);
	}
	return Object.keys(params).length > 0 ? params : undefined;
}

/**
 * `<addr> PARAMS` after `MAIL FROM:` / `RCPT TO:`, or `addr PARAMS` without the brackets, as telnet tutorials type
 * it: not RFC 5321 (the typing hint says so), but aiosmtpd, Haraka and Postfix take it, and their 250 opens the
 * transaction or adds the recipient all the same. Undefined when there is no address, or a bracket is left open.
 * Format characters are kept in the address (see parseCommandLine), and around it read as nothing, as in the verb.
 */
function parsePath(rest: string): {address: string; params?: Record<string, string | true>} | undefined {
	const match = /^[\s\p{Cf}]*(?:<([^>]*)>|([^\s<>"]+)(?=\s|$))(.*)$/su.exec(rest);
	if (!match) return undefined;
	const address = match[1] ?? match[2]!;
	// Without brackets, a parameter where the address should be (`MAIL FROM: BODY=8BITMIME`: the address left out) or
	// a path after it (`RCPT TO:a@b <c@d>`) is no address to follow; an SRS one (SRS0=…@example.com) has its @.
	if (match[2] !== undefined && ((address.includes('=') && !address.includes('@')) || /<|>/.test(match[3]!))) return undefined;
	const params = parseParams(match[3]!.replace(/\p{Cf}/gu, ''));
	return params ? {address, params} : {address};
}

/**
 * A typed line as the engine reads it: without leading blanks, and without invisible format characters anywhere
 * (a zero-width space, a soft hyphen, a BOM). Neither may hide a verb: " AUTH PLAIN <secret>" and "AUTH\u200B PLAIN
 * <secret>" are still AUTH, and redacted as such. What goes on the wire is still the line as typed.
 */
export function commandText(line: string): string {
	return line.replace(/\p{Cf}/gu, '').replace(/^\s+/, '');
}

export function parseCommandLine(line: string): Command {
	const match = /^(\S+)(?:\s+(.*))?$/.exec(commandText(line));
	if (!match) return {verb: 'RAW', line};
	const verb = match[1]!.toUpperCase();
	const argument = match[2] ?? '';
	switch (verb) {
		case 'EHLO':
		case 'HELO':
			return argument ? {verb, domain: argument} : {verb: 'RAW', line};
		// LMTP's EHLO (RFC 2033): followed as EHLO (its reply lists the extensions), sent as typed.
		case 'LHLO':
			return argument ? {verb: 'EHLO', domain: argument} : {verb: 'RAW', line};
		case 'STARTTLS':
		case 'DATA':
		case 'RSET':
		case 'NOOP':
		case 'QUIT':
			return argument ? {verb: 'RAW', line} : {verb};
		case 'VRFY':
			return {verb, argument};
		case 'EXPN':
		case 'ETRN':
			return argument ? {verb, argument} : {verb: 'RAW', line};
		case 'HELP':
			return argument ? {verb, argument} : {verb};
		case 'XCLIENT': {
			// Followed as the planner's XCLIENT (its 220 starts the greeting over) when every word is a known attribute.
			const attributes = parseXclientAttributes(argument);
			return attributes ? {verb, attributes} : {verb: 'RAW', line};
		}
		case 'AUTH': {
			const [mechanism, initialResponse] = argument.split(/\s+/, 2);
			if (!mechanism) return {verb: 'RAW', line};
			return initialResponse === undefined ? {verb, mechanism} : {verb, mechanism, initialResponse};
		}
		case 'MAIL':
		case 'RCPT': {
			const prefix = verb === 'MAIL' ? /^FROM:/i : /^TO:/i;
			if (!prefix.test(argument)) return {verb: 'RAW', line};
			// The path as typed, format characters kept: it went so, and a warning that quotes the address must show
			// an RLO in it (dropped, the text it reorders looked harmless).
			const typed = /^[\s\p{Cf}]*\S+\s+(.*)$/su.exec(line)?.[1];
			const path = parsePath((typed !== undefined && prefix.test(typed) ? typed : argument).replace(prefix, ''));
			if (!path) return {verb: 'RAW', line};
			return verb === 'MAIL'
				? {verb, from: path.address, ...(path.params && {params: path.params})}
				: {verb, to: path.address, ...(path.params && {params: path.params})};
		}
		default:
			return {verb: 'RAW', line};
	}
}

/**
 * The commands a client may send today: RFC 5321's, and the registered extensions' (STARTTLS RFC 3207, AUTH RFC
 * 4954, BDAT RFC 3030, ETRN RFC 1985), and LMTP's LHLO (RFC 2033).
 */
const VERBS = ['EHLO', 'HELO', 'LHLO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'NOOP', 'QUIT', 'VRFY', 'EXPN', 'HELP', 'ETRN'];

/** Commands of RFC 821 that RFC 5321 deprecates (Appendix F): real, but a server today will likely answer 502. */
const OBSOLETE: Record<string, string> = {
	TURN: 'TURN is deprecated (RFC 5321 Appendix F.1: without strong authentication anyone could take the mail waiting for a domain): servers will likely answer 502; ETRN domain asks a relay to send its queue',
	SEND: 'SEND (to a user\'s terminal) is obsolete (RFC 5321 Appendix F.6): servers will likely answer 502',
	SOML: 'SOML (to a user\'s terminal or mailbox) is obsolete (RFC 5321 Appendix F.6): servers will likely answer 502',
	SAML: 'SAML (to a user\'s terminal and mailbox) is obsolete (RFC 5321 Appendix F.6): servers will likely answer 502',
};

/**
 * Whether a typed line carries credentials, and so is shown as "[redacted]" wherever it is named (the log's "not
 * sent" lines, the history): an AUTH with an initial response, or a line that answers a 334 challenge
 * (`answersChallenge`: the caller knows whether an AUTH exchange is open for it). Any other line is shown as typed.
 */
export function carriesCredentials(line: string, answersChallenge: boolean): boolean {
	return answersChallenge || /^AUTH\s+\S+\s+\S/i.test(commandText(line));
}

/**
 * Where the initial response starts in a typed `AUTH MECHANISM RESPONSE` line, counted in the line as typed
 * (invisible characters and all), so that what follows can be masked as it is typed; undefined for any other line.
 */
export function initialResponseAt(line: string): number | undefined {
	if (!/^AUTH\s+\S+\s/i.test(commandText(line))) return undefined;
	return /^[\s\p{Cf}]*\S+[\s\p{Cf}]+\S+\s/u.exec(line)?.[0].length ?? 0;
}

/**
 * Where the masked part of `line` starts, edited from `before` whose masked part started at `was`: a secret once
 * shown as `*` stays masked until the line is sent or cleared, even when an edit makes the line no AUTH line (Home,
 * then Delete on `AUTH PLAIN dGVzdA==` would show the base64 in clear). The start moves with text added or removed
 * before it, and comes to an edit across it; a line replaced whole (history recalled) starts afresh.
 */
export function maskedFrom(before: string, was: number | undefined, line: string): number | undefined {
	const now = initialResponseAt(line);
	// Nothing was masked (`AUTH PLAIN ` so far): the line as it is now says.
	if (was === undefined || was >= before.length) return now;
	let prefix = 0;
	while (prefix < before.length && prefix < line.length && before[prefix] === line[prefix]) prefix++;
	let suffix = 0;
	while (suffix < before.length - prefix && suffix < line.length - prefix && before.at(-1 - suffix) === line.at(-1 - suffix)) suffix++;
	if (prefix === 0 && suffix === 0) return now;
	const moved = prefix >= was ? was : before.length - suffix <= was ? was + line.length - before.length : prefix;
	return Math.min(moved, now ?? moved);
}

/** The SMTP verb a typed line starts with (upper case), or undefined when its first word is none. */
export function typedVerb(line: string): string | undefined {
	const word = /^\S+/.exec(commandText(line))?.[0].toUpperCase();
	return word !== undefined && VERBS.includes(word) ? word : undefined;
}

/**
 * Edits that turn `a` into `b`: a letter added, dropped or changed, or two neighbours swapped (optimal string
 * alignment): what a hurried typist makes of a word (EHLOO, DAT, MIAL, FORM).
 */
function typos(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const change = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + change);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			rows[i]![j] = best;
		}
	}
	return rows[a.length]![b.length]!;
}

/** The word of `words` that `typed` is a slip of: one edit off, two for a long one (STARTTLS); none for a word further off. */
function nearest(typed: string, words: readonly string[]): string | undefined {
	return words.find(word => word !== typed && typos(typed, word) <= (word.length >= 7 ? 2 : 1));
}

/** A verb a typo away (EHOL, EHLOO, DAT, RCTP): what a hurried typist makes of it. */
const nearVerb = (word: string) => nearest(word, VERBS);

/**
 * MAIL FROM: or RCPT TO: with the verb or its keyword misspelt (MAIL FORM:, RCTP TO:, RCPT T0:): the typo named,
 * where the generic hints would point at a colon the line has. Undefined when neither word is a slip of these.
 */
function misspeltPath(verb: string, rest: string): string | undefined {
	const intended = VERBS.includes(verb) ? verb : nearVerb(verb);
	if (intended !== 'MAIL' && intended !== 'RCPT') return undefined;
	const keyword = intended === 'MAIL' ? 'FROM' : 'TO';
	const word = /^[^\s:<]*/.exec(rest)![0].toUpperCase();
	if (word !== keyword && nearest(word, [keyword]) === undefined) return undefined;
	const slips = [[verb, intended], [word, keyword]].filter(([typed, meant]) => typed !== meant);
	if (slips.length === 0) return undefined;
	return `${slips.map(([typed]) => typed).join(' ')} is ${slips.map(([, meant]) => meant).join(' ')} misspelt: ${pathExample(intended, rest)}`;
}

/** The MAIL or RCPT line fixed, with the address that was typed (a sample one when none was). */
function pathExample(verb: 'MAIL' | 'RCPT', rest: string): string {
	const typed = /<([^<>\s]*)>?|([^\s:<>]*@[^\s<>]*)/.exec(rest);
	const address = typed?.[1] || typed?.[2] || (verb === 'MAIL' ? 'you@example.test' : 'friend@example.test');
	return `${verb} ${verb === 'MAIL' ? 'FROM' : 'TO'}:<${address}>`;
}

/**
 * A greeting of the other protocol: EHLO or HELO in an LMTP session (an LMTP server knows only LHLO), LHLO in an SMTP
 * one (an SMTP server does not know it). The fix first, with the name typed: the hint row is cut at its width.
 */
function otherProtocolHello(verb: string, rest: string, lmtp: boolean): string | undefined {
	const fix = `type ${helloVerb(lmtp)} ${rest.trim() || 'client.example.test'}`;
	if (lmtp && (verb === 'EHLO' || verb === 'HELO')) return `${fix}: this session speaks LMTP (--lmtp), whose greeting is LHLO; an LMTP server refuses ${verb} (500)`;
	if (!lmtp && verb === 'LHLO') return `${fix}: LHLO is LMTP's greeting, and this session speaks SMTP; an SMTP server refuses LHLO (500)`;
	return undefined;
}

/** The longest part of a typed header quoted back: enough to recognise it. */
const HEADER_QUOTED = 40;

/**
 * A header typed as a command ("Subject: hi", "From: me", as the message will read): it belongs inside the message,
 * which only DATA's 354 opens. Not a verb followed by a colon (MAIL: is a MAIL typed wrong, said elsewhere).
 */
function headerTyped(line: string): string | undefined {
	const name = /^([A-Za-z][A-Za-z0-9-]*):/.exec(line)?.[1];
	if (name === undefined || VERBS.includes(name.toUpperCase())) return undefined;
	const quoted = line.length > HEADER_QUOTED ? `${line.slice(0, HEADER_QUOTED - 1)}…` : line;
	return `"${quoted}" is a header: it goes inside the message, after DATA's 354 (as a command the server will likely answer 500)`;
}

/**
 * What people typing SMTP by hand most often get wrong, said in words before the server answers 500 or 501 (the
 * line is sent anyway: seeing the server's answer is the lesson). Undefined when the line looks right. `lmtp`: the
 * session speaks LMTP, whose greeting is LHLO.
 */
export function typingHint(line: string, lmtp = false): string | undefined {
	// A character nobody sees (a zero-width space, a direction mark, a soft hyphen), pasted in with an address from a
	// web page or a chat: the server gets it, and refuses the line for a reason the screen does not show.
	const invisible = /\p{Cf}/u.exec(line)?.[0];
	if (invisible) return `the line holds an invisible character, ${codePoint(invisible)}, which the server gets too (pasted in?): delete it`;
	const match = /^(\S+)(?:\s+(.*))?$/.exec(commandText(line));
	if (!match) return undefined;
	const verb = match[1]!.toUpperCase();
	const rest = match[2] ?? '';
	const header = headerTyped(commandText(line));
	if (header) return header;
	const misspelt = misspeltPath(verb, rest);
	if (misspelt) return misspelt;
	if (verb === 'MAIL' || verb === 'RCPT') {
		const keyword = verb === 'MAIL' ? 'FROM' : 'TO';
		const example = pathExample(verb, rest);
		const colon = new RegExp(`^${keyword}:(.*)$`, 'i').exec(rest);
		// The corrected line first: the row under the command line is cut at its width, and the fix is what to read.
		if (!colon) return `try ${example}: ${verb} ${keyword} is followed by a colon, then the address in <>`;
		const path = colon[1]!;
		if (/^\s*<[^<>]*$/.test(path)) return `try ${example}: the address needs its closing >`;
		// Nothing after the colon, or a parameter where the address goes (MAIL FROM: BODY=8BITMIME): the address is
		// missing, which angle brackets would not mend (telnet tutorials lost theirs as HTML tags: "mail from:").
		if (/^\s*(?:$|[^\s<>@]*=[^\s<>@]*(?:\s|$))/.test(path)) return `try ${example}: the ${verb === 'MAIL' ? "sender's" : "recipient's"} address is missing`;
		// RFC 5321 §4.5.5: <> is MAIL's null sender (bounces), no recipient.
		if (verb === 'RCPT' && /^\s*<\s*>/.test(path)) return `try ${example}: the recipient's address is missing (<> is only MAIL FROM's null sender, for bounces)`;
		// Typed without them, as telnet tutorials do: read as the MAIL or RCPT it is, which many servers take.
		if (/^\s*[^\s<>]/.test(path)) return `try ${example}: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501`;
		if (!/^\s*<[^<>]*>/.test(path)) return `try ${example}: the address goes in angle brackets`;
		if (/^\s/.test(path)) return `try ${example}: RFC 5321 has no space after the colon; many servers take one, some answer 501`;
		return undefined;
	}
	const other = otherProtocolHello(verb, rest, lmtp);
	if (other) return other;
	const hello = verb === 'EHLO' || verb === 'HELO' || verb === 'LHLO';
	if (hello && rest === '') return `${verb} needs a name for this machine, e.g. ${verb} client.example.test`;
	// RFC 6531 §3.7.1: even to an SMTPUTF8 server the name goes in its ASCII (A-label) form.
	if (hello && /[^\x00-\x7f]/.test(rest)) {
		const ascii = domainToASCII(rest.trim());
		return `the ${verb} name has non-ASCII characters: it goes in ASCII (RFC 6531 §3.7.1)${ascii ? `, e.g. ${verb} ${ascii}` : ''}; the server will likely answer 501`;
	}
	// RFC 5321 §4.1.1.1: the client's full host name, or an address literal. The classic lesson says any name will do
	// ("ehlo me"), and the sandbox takes any, as Postfix does by default; one set to refuse others answers 504.
	// The fix before the aside: at 80 columns the warning's two rows end within the aside, not before the fix.
	if (hello && /^[^\s.[]+$/.test(rest.trim())) return `"${rest.trim()}" is not a full host name: a real server may refuse it; e.g. ${verb} laptop.example.com (Postfix: reject_non_fqdn_helo_hostname; the sandbox takes any)`;
	if (verb === 'VRFY' && rest.trim() === '') return 'VRFY needs the user or mailbox to check, e.g. VRFY postmaster';
	if (verb === 'ETRN' && rest.trim() === '') return 'ETRN needs the domain whose queued mail the server should send (RFC 1985), e.g. ETRN example.test';
	if (verb === 'EXPN' && rest.trim() === '') return 'EXPN needs the mailing list to expand, e.g. EXPN staff';
	if (verb === 'BDAT') {
		// RFC 3030: the chunk follows the command line at once, exactly that many octets, with no line end of its own.
		const size = /^(\d+)(?:\s|$)/.exec(rest)?.[1];
		const octets = size === undefined ? 'the octets it announces' : `exactly ${size} octet${size === '1' ? '' : 's'}`;
		return `BDAT needs its chunk of ${octets} right after the command, and this command line sends whole lines: the server will wait for the chunk (use DATA)`;
	}
	if (VERBS.includes(verb)) return undefined;
	if (Object.hasOwn(OBSOLETE, verb)) return OBSOLETE[verb];
	// Postfix's own (advertised in EHLO to the hosts allowed to use them): an admin tests its restrictions with them.
	if (verb === 'XCLIENT' || verb === 'XFORWARD') return undefined;
	// The telnet lesson's last line, typed before DATA's 354 (or after the message already ended).
	if (verb === '.') return '"." alone ends a message only after DATA\'s 354 reply; here it is no command (the server will likely answer 500)';
	const near = nearVerb(verb);
	return near ? `${verb} is not an SMTP command: did you mean ${near}?` : `${verb} is not an SMTP command (the server will likely answer 500)`;
}
