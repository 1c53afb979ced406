// Postfix's XCLIENT (http://www.postfix.org/XCLIENT_README.html): an authorized client tells the server to treat the
// session as coming from another client (its address, name, HELO, login), so that the server's policy for that client
// can be tried from here. The attributes, their xtext encoding, the command lines they make, and what the server's
// EHLO keyword says it accepts. Values are checked where they are given (send's flags): here they are only encoded.
import {quoteReplyMidSentence} from './session-texts.js';
import type {Extensions, Reply} from './types.js';
import {unXtext, xtext} from './xtext.js';

/** The attributes Postfix knows, in the order its XCLIENT_README lists them. */
export const XCLIENT_ATTRIBUTES = ['NAME', 'REVERSE_NAME', 'ADDR', 'PORT', 'PROTO', 'HELO', 'LOGIN', 'DESTADDR', 'DESTPORT'] as const;
export type XclientName = (typeof XCLIENT_ATTRIBUTES)[number];

/** One attribute as given: its plain value (encoded for the wire by xtext), and the flag that gave it, for messages. */
export type XclientAttribute = {name: XclientName; value: string; flag: string};

/** Values Postfix reads as "not known" ([UNAVAILABLE]) and "not known for now" ([TEMPUNAVAIL]): xtext leaves them as they are. */
export const XCLIENT_SPECIAL_VALUES = ['[UNAVAILABLE]', '[TEMPUNAVAIL]'] as const;

/** A typed or recorded `XCLIENT` line's words as attributes, values decoded; undefined when one is no known `NAME=value`. */
export function parseXclientAttributes(text: string): Array<{name: XclientName; value: string}> | undefined {
	const words = text.trim().split(/\s+/).filter(Boolean);
	const attributes = words.map(word => /^([A-Za-z_]+)=(\S*)$/.exec(word)).map(match => match && (XCLIENT_ATTRIBUTES as readonly string[]).includes(match[1]!.toUpperCase()) ? {name: match[1]!.toUpperCase() as XclientName, value: unXtext(match[2]!)} : undefined);
	return attributes.length > 0 && attributes.every(Boolean) ? (attributes as Array<{name: XclientName; value: string}>) : undefined;
}

/** Postfix's XCLIENT_README: "attribute-value = xtext ; up to 255 characters", counted as sent (Postfix: 501 5.5.4 past it). */
export const XCLIENT_VALUE_LIMIT = 255;

/** The value's length as it goes on the line, xtext-encoded: what XCLIENT_VALUE_LIMIT counts. */
export const xclientSentLength = (value: string): number => xtext(value).length;

/** `NAME=value`, as it goes on the line. */
export const xclientPair = (attribute: Pick<XclientAttribute, 'name' | 'value'>): string => `${attribute.name}=${xtext(attribute.value)}`;

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with its CRLF, which every server reads whole. */
const LINE_LIMIT = 512;
const OVERHEAD = 'XCLIENT'.length + 2;

/**
 * Who the client is, last when the attributes need several commands: once ADDR (or NAME) has changed, Postfix judges
 * the next XCLIENT by the new client, which smtpd_authorized_xclient_hosts does not list ("550 5.7.0 Error:
 * insufficient authorization"), and smtp-server takes none after ADDR at all.
 */
const IDENTITY: readonly XclientName[] = ['REVERSE_NAME', 'NAME', 'ADDR'];

const lineLength = (attributes: readonly XclientAttribute[]) => OVERHEAD + attributes.reduce((sum, attribute) => sum + 1 + Buffer.byteLength(xclientPair(attribute)), 0);

/**
 * The attributes over as few XCLIENT commands as fit in 512 octets each, in the order given when one is enough; else
 * with the client's identity last (IDENTITY). The server answers each with a new greeting, and keeps what the earlier
 * ones set. `tooLong` when one attribute alone does not fit: that flag's value is too long, and it is named.
 */
export function xclientCommands(given: readonly XclientAttribute[]): {lines: XclientAttribute[][]; tooLong?: undefined} | {tooLong: XclientAttribute; lines?: undefined} {
	const rank = (attribute: XclientAttribute) => IDENTITY.indexOf(attribute.name);
	// Array sort is stable: the rest keep the order given.
	const attributes = lineLength(given) <= LINE_LIMIT ? given : [...given].sort((a, b) => rank(a) - rank(b));
	const lines: XclientAttribute[][] = [];
	let current: XclientAttribute[] = [];
	let length = OVERHEAD;
	for (const attribute of attributes) {
		const size = 1 + Buffer.byteLength(xclientPair(attribute));
		if (OVERHEAD + size > LINE_LIMIT) return {tooLong: attribute};
		if (length + size > LINE_LIMIT) {
			lines.push(current);
			current = [];
			length = OVERHEAD;
		}
		current.push(attribute);
		length += size;
	}
	if (current.length > 0) lines.push(current);
	return {lines};
}

/** The attributes the server's EHLO keyword lists ("XCLIENT NAME ADDR PORT PROTO HELO LOGIN"), upper-case; undefined when it offers no XCLIENT. */
export function offeredXclient(extensions: Extensions | undefined): string[] | undefined {
	const parameters = extensions?.keywords.get('XCLIENT');
	return parameters?.map(name => name.toUpperCase());
}

/** The attributes of `line` the server does not list. */
export function unofferedXclient(line: readonly XclientAttribute[], offered: readonly string[]): XclientAttribute[] {
	return line.filter(attribute => !offered.includes(attribute.name));
}

/** Where Postfix lets a client use XCLIENT: named when it is refused or not offered. */
const AUTHORIZE = 'Postfix offers and allows XCLIENT only to the clients in smtpd_authorized_xclient_hosts (main.cf): add this machine\'s address there and run `postfix reload`';

/** The server's EHLO reply lists no XCLIENT. */
export function xclientNotOffered(usedHelo: boolean): string {
	const why = usedHelo ? 'the server only knows HELO, so it offers no XCLIENT' : 'the server does not offer XCLIENT (its EHLO reply lists no XCLIENT)';
	return `${why}; nothing was sent as another client. ${AUTHORIZE}, or test against a server that offers it (smtp-tui serve --xclient)`;
}

/** Attributes the server's XCLIENT keyword does not list: the command is not sent. */
export function xclientUnoffered(missing: readonly XclientAttribute[], offered: readonly string[]): string {
	const named = missing.map(attribute => `${attribute.name} (${attribute.flag})`).join(', ');
	const accepted = offered.length > 0 ? `it accepts ${offered.join(', ')}` : 'it lists no attribute at all';
	return `the server's XCLIENT does not take ${named}: ${accepted}; leave ${missing.length === 1 ? 'that flag' : 'those flags'} out. XCLIENT was not sent`;
}

/**
 * Postfix's "550 5.7.0 Error: insufficient authorization" (smtp-server: "550 Error: Not allowed"): this client may not
 * use XCLIENT. Another 5.7.x (smtp-server's 5.7.8 for a LOGIN its onAuth turned down) is about a value, not the client.
 */
export const xclientUnauthorized = (reply: Pick<Reply, 'code' | 'enhanced'>): boolean => reply.code === 550 && (reply.enhanced === undefined || reply.enhanced === '5.7.0');

/**
 * No AUTH offered in clear after XCLIENT: the session is now the named client's, and servers (the sandbox, Postfix with
 * smtpd_tls_auth_only) offer AUTH without TLS to local clients only. `declined`: the user turned STARTTLS down.
 */
export function xclientNoAuth(declined: boolean): string {
	const tls = declined ? 'use STARTTLS (drop --no-starttls; in the dashboard, security auto or STARTTLS, not none)' : 'log in over TLS';
	return ` to the client XCLIENT named (many servers offer AUTH in clear only to local clients): ${tls}, or give the login as --xclient-login`;
}

/** No AUTH offered after XCLIENT LOGIN: the session is logged in already (smtp-server offers no AUTH then). */
export const XCLIENT_LOGGED_IN = ': XCLIENT LOGIN (--xclient-login) logged the session in already; leave --user out (in the dashboard, User empty)';

/** XCLIENT answered with an error. */
export function xclientRefused(reply: Reply, sent: ReadonlyArray<Pick<XclientAttribute, 'name' | 'value'>> = []): string {
	const quoted = quoteReplyMidSentence(reply);
	if (xclientUnauthorized(reply)) return `XCLIENT was refused (${quoted}): this client is not allowed to speak for another. ${AUTHORIZE}`;
	const longest = [...sent].sort((a, b) => xclientSentLength(b.value) - xclientSentLength(a.value))[0];
	if (reply.code === 501 && longest && /too long/i.test(reply.lines.join(" "))) {
		return `XCLIENT was refused (${quoted}): its longest value, ${longest.name}'s, is ${xclientSentLength(longest.value)} characters as sent (xtext); the server takes fewer (Postfix at most ${XCLIENT_VALUE_LIMIT}): shorten it`;
	}
	if (reply.code === 501) return `XCLIENT was refused (${quoted}): the server does not accept an attribute or value; check the --xclient flags`;
	return `XCLIENT was refused (${quoted})`;
}
