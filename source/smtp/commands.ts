// Turns a Command into wire bytes and a display line, refusing anything that could add a line or break the syntax.
import {Buffer, isAscii} from 'node:buffer';
import {domainToASCII} from 'node:url';
import {dsnLineAllowance} from './dsn.js';
import {codePoint, SmtpInputError, type Command, type EncodedCommand, type Extensions} from './types.js';
import {xclientPair} from './xclient.js';

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
const COMMAND_LIMIT = 512;
/** RFC 4954 §4: AUTH lines may be up to 12288 octets, since tokens (XOAUTH2) are long. */
const AUTH_LIMIT = 12_288;
/** RFC 5321 §4.5.3.1.1-3. */
const LOCAL_PART_LIMIT = 64;
const DOMAIN_LIMIT = 255;
const PATH_LIMIT = 256;

export const REDACTED = '[redacted]';
/** How an empty answer to a 334 is shown (and recorded): a bare marker would read as nothing sent. */
export const EMPTY_ANSWER = '(empty line)';
/** Parameters the engine adds, always written first and in this order so transcripts are stable. */
const PARAMETER_ORDER = ['SIZE', 'BODY', 'SMTPUTF8'];

type EncodeContext = {
	/** What EHLO advertised; when given, addresses needing SMTPUTF8 are refused unless it was advertised. */
	extensions?: Extensions;
};

const LINE_BREAKERS: Record<string, string> = {
	'\r': 'a carriage return (CR)',
	'\n': 'a line feed (LF)',
	'\0': 'a NUL byte',
};

/** CR, LF or NUL would end the line early and let the rest pass as another command (command injection). */
function refuseLineBreakers(value: string, field: string): void {
	const match = /[\r\n\0]/.exec(value);
	if (match) {
		throw new SmtpInputError(
			`${field} contains ${LINE_BREAKERS[match[0]]} at position ${match.index + 1}; ` +
				'it could smuggle another command onto the line, so nothing was sent.',
			field,
		);
	}
}

/** One word: a domain, mechanism or token; whitespace would turn it into several arguments. */
function checkWord(value: string, field: string): void {
	refuseLineBreakers(value, field);
	if (value === '') throw new SmtpInputError(`${field} is empty.`, field);
	// C1 too: NEL (U+0085) is a line break to some readers of a transcript or a log; and the bidirectional
	// controls, which reorder what a log or a terminal shows.
	const control = /[\u0001-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/.exec(value);
	if (control) throw new SmtpInputError(`${field} contains the control character ${codePoint(control[0])}.`, field);
	if (/\s/.test(value)) throw new SmtpInputError(`${field} must be one word without spaces: ${JSON.stringify(value)}.`, field);
}

/** Characters that may not appear in a path outside a quoted local part. */
function checkPathCharacters(address: string, field: string): number {
	let quoted = false;
	let lastAt = -1;
	for (let index = 0; index < address.length; index++) {
		const char = address[index];
		const code = char.charCodeAt(0);
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
			throw new SmtpInputError(`${field} contains the control character ${codePoint(char)}.`, field);
		}
		if (quoted) {
			if (char === '\\') index++;
			else if (char === '"') quoted = false;
		} else if (char === '"') {
			quoted = true;
		} else if (char === '<' || char === '>') {
			throw new SmtpInputError(`${field} must not contain "${char}": give the bare address, e.g. user@example.org.`, field);
		} else if (char === ' ') {
			throw new SmtpInputError(`${field} contains a space outside quotes: ${JSON.stringify(address)}.`, field);
		} else if (char === '@') {
			lastAt = index;
		}
	}
	if (quoted) throw new SmtpInputError(`${field} has a quote that is never closed: ${JSON.stringify(address)}.`, field);
	return lastAt;
}

function checkAddress(address: string, field: string, context: EncodeContext): void {
	refuseLineBreakers(address, field);
	const at = checkPathCharacters(address, field);
	const local = at === -1 ? address : address.slice(0, at);
	const limits: Array<[string, number, number]> = [
		['local part (before the @)', Buffer.byteLength(local), LOCAL_PART_LIMIT],
		['domain', at === -1 ? 0 : Buffer.byteLength(address.slice(at + 1)), DOMAIN_LIMIT],
		['path <...>', Buffer.byteLength(address) + 2, PATH_LIMIT],
	];
	for (const [part, length, limit] of limits) {
		if (length > limit) {
			throw new SmtpInputError(`${field}: the ${part} is ${length} octets; SMTP allows at most ${limit}.`, field);
		}
	}
	if (context.extensions && !context.extensions.smtpUtf8 && needsSmtpUtf8(address)) {
		throw new SmtpInputError(
			`${field} "${address}" has non-ASCII characters, but the server did not advertise SMTPUTF8: ${withoutSmtpUtf8(address)}.`,
			field,
		);
	}
}

function orderedParameters(params: Record<string, string | true>): Array<[string, string | true]> {
	const rank = (key: string) => {
		const index = PARAMETER_ORDER.indexOf(key.toUpperCase());
		return index === -1 ? PARAMETER_ORDER.length : index;
	};
	// Array sort is stable: unknown parameters keep the caller's order.
	return Object.entries(params).sort(([a], [b]) => rank(a) - rank(b));
}

/** ` KEY=value` / ` KEY` for MAIL and RCPT (RFC 5321 §4.1.2 esmtp-param). */
function renderParameters(params: Record<string, string | true> | undefined, verb: string): string {
	if (!params) return '';
	return orderedParameters(params)
		.map(([key, value]) => {
			const field = `${verb} parameter ${key}`;
			refuseLineBreakers(key, field);
			if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key)) {
				throw new SmtpInputError(`${field}: a parameter name has only letters, digits and "-".`, field);
			}
			if (value === true) return ` ${key}`;
			refuseLineBreakers(value, field);
			if (value === '' || /[\s=]/.test(value)) {
				throw new SmtpInputError(`${field} needs a value without spaces or "=": ${JSON.stringify(value)}.`, field);
			}
			return ` ${key}=${value}`;
		})
		.join('');
}

type Line = {line: string; display?: string; field: string; limit?: number};

function lineFor(command: Command, context: EncodeContext): Line {
	switch (command.verb) {
		case 'EHLO':
		case 'HELO': {
			const field = `${command.verb} name`;
			checkWord(command.domain, field);
			return {line: `${command.verb} ${command.domain}`, field};
		}
		case 'STARTTLS':
		case 'DATA':
		case 'RSET':
		case 'NOOP':
		case 'QUIT':
			return {line: command.verb, field: command.verb};
		case 'AUTH': {
			checkWord(command.mechanism, 'AUTH mechanism');
			const head = `AUTH ${command.mechanism}`;
			if (command.initialResponse === undefined) return {line: head, field: 'AUTH mechanism', limit: AUTH_LIMIT};
			checkWord(command.initialResponse, 'AUTH initial response');
			return {line: `${head} ${command.initialResponse}`, display: `${head} ${REDACTED}`, field: 'AUTH initial response', limit: AUTH_LIMIT};
		}
		case 'AUTH-RESPONSE': {
			const {response} = command;
			refuseLineBreakers(response, 'AUTH response');
			// `*` (cancel) and the empty line (XOAUTH2's error acknowledgement, SCRAM's last answer) carry no secret.
			const secret = response !== '' && response !== '*';
			// The empty line is shown as such: a bare marker would read as nothing sent.
			const display = secret ? REDACTED : response === '' ? EMPTY_ANSWER : undefined;
			return {line: response, ...(display !== undefined && {display}), field: 'AUTH response', limit: AUTH_LIMIT};
		}
		case 'MAIL': {
			const field = 'MAIL FROM address';
			// The empty reverse path <> is the null sender (bounces); only RCPT needs a real address.
			if (command.from === '<>') {
				throw new SmtpInputError(`${field}: leave it empty for the null sender <>; give addresses without < >.`, field);
			}
			checkAddress(command.from, field, context);
			return {line: `MAIL FROM:<${command.from}>${renderParameters(command.params, 'MAIL')}`, field, limit: COMMAND_LIMIT + dsnLineAllowance('MAIL', command.params)};
		}
		case 'RCPT': {
			const field = 'RCPT TO address';
			if (command.to === '') throw new SmtpInputError(`${field} is empty.`, field);
			checkAddress(command.to, field, context);
			return {line: `RCPT TO:<${command.to}>${renderParameters(command.params, 'RCPT')}`, field, limit: COMMAND_LIMIT + dsnLineAllowance('RCPT', command.params)};
		}
		case 'VRFY':
		case 'EXPN':
		case 'ETRN':
		case 'HELP': {
			const field = `${command.verb} argument`;
			const argument = command.argument ?? '';
			refuseLineBreakers(argument, field);
			return {line: argument === '' ? command.verb : `${command.verb} ${argument}`, field};
		}
		case 'XCLIENT':
			// xtext leaves no space, CR, LF or NUL in a value (xclient.ts); the name is one of Postfix's.
			return {line: ['XCLIENT', ...command.attributes.map(xclientPair)].join(' '), field: 'XCLIENT attributes'};
		case 'RAW': {
			const field = 'the typed line';
			refuseLineBreakers(command.line, field);
			const display = redactRawAuth(command.line);
			const isAuth = /^AUTH\s/i.test(command.line);
			return {line: command.line, ...(display !== command.line && {display}), field, ...(isAuth && {limit: AUTH_LIMIT})};
		}
	}
}

/** A typed line's longest part quoted in messages: the rest is in the log. */
const NAMED_LINE = 60;

/**
 * How a message names a command that waits for its reply: its verb, or a line typed by hand that the engine reads
 * as no command, quoted as the log shows it ("BDAT 5 LAST"): never an internal name such as RAW.
 */
export function commandName(encoded: EncodedCommand): string {
	switch (encoded.command.verb) {
		case 'RAW': {
			const line = encoded.display.length > NAMED_LINE ? `${encoded.display.slice(0, NAMED_LINE - 1)}…` : encoded.display;
			return JSON.stringify(line);
		}
		case 'AUTH-RESPONSE':
			return 'the answer to the AUTH challenge';
		default:
			return encoded.command.verb;
	}
}

/** A typed `AUTH PLAIN <base64>` carries the password: hide everything after the mechanism. */
function redactRawAuth(line: string): string {
	const match = /^(AUTH\s+\S+\s+)\S/i.exec(line);
	return match ? `${match[1]}${REDACTED}` : line;
}

/** Validate and serialise one command. Throws SmtpInputError naming the field when it cannot be sent safely. */
export function encodeCommand(command: Command, context: EncodeContext = {}): EncodedCommand {
	const {line, display, field, limit = COMMAND_LIMIT} = lineFor(command, context);
	const bytes = Buffer.from(`${line}\r\n`, 'utf8');
	if (bytes.length > limit) {
		const what = command.verb === 'RAW' ? 'the typed line' : `The command line for ${field}`;
		throw new SmtpInputError(`${what} would be ${bytes.length} octets including CRLF; SMTP allows at most ${limit} (RFC 5321 §4.5.3.1.4).`, field);
	}
	return {command, bytes, display: display ?? line, redacted: display !== undefined};
}

/**
 * Manual mode: the line goes out as the user typed it (case, spacing), like telnet, once the command it parses to
 * has passed every check. Only CR, LF and NUL are refused, and a redacted AUTH line stays redacted on screen.
 */
export function asTyped(encoded: EncodedCommand, typed: string, secret = false): EncodedCommand {
	refuseLineBreakers(typed, 'the typed line');
	const bytes = Buffer.from(`${typed}\r\n`, 'utf8');
	const limit = encoded.command.verb === 'AUTH' || encoded.command.verb === 'AUTH-RESPONSE' ? AUTH_LIMIT : COMMAND_LIMIT;
	if (bytes.length > limit) {
		throw new SmtpInputError(`the typed line would be ${bytes.length} octets including CRLF; SMTP allows at most ${limit} (RFC 5321 §4.5.3.1.4).`, 'the typed line');
	}
	// `secret`: the typist's credentials though no AUTH exchange is open (typed behind an AUTH the server refused).
	if (secret && !encoded.redacted) return {...encoded, bytes, display: REDACTED, redacted: true};
	return {...encoded, bytes, display: encoded.redacted ? encoded.display : typed};
}

type MailOptions = {
	/** Message size in octets with CRLF line ends, before dot-stuffing (RFC 1870). */
	size?: number;
	/** The body has 8-bit bytes. */
	eightBit?: boolean;
	/** An address needs UTF-8 (RFC 6531). */
	utf8?: boolean;
};

/** The MAIL FROM parameters to send: only what the server advertised and the message needs. */
export function mailParameters(options: MailOptions, extensions: Extensions): Record<string, string | true> {
	const params: Record<string, string | true> = {};
	if (options.size !== undefined && extensions.size !== undefined) {
		if (!Number.isSafeInteger(options.size) || options.size < 0) {
			throw new SmtpInputError(`The message size must be a whole number of octets, not ${options.size}.`, 'message size');
		}
		params.SIZE = String(options.size);
	}
	if (options.eightBit && extensions.eightBitMime) params.BODY = '8BITMIME';
	if (options.utf8) {
		if (!extensions.smtpUtf8) {
			throw new SmtpInputError(
				'An address has non-ASCII characters, but the server did not advertise SMTPUTF8: use an ASCII address.',
				'address',
			);
		}
		params.SMTPUTF8 = true;
	}
	return params;
}

/**
 * What to do about a non-ASCII address for a server without SMTPUTF8 (RFC 6531), for the end of a refusal: only
 * what is before the @ needs it; a domain has an ASCII form (IDNA punycode) that any server takes.
 */
export function withoutSmtpUtf8(address: string): string {
	const at = address.lastIndexOf('@');
	const [local, domain] = at < 0 ? [address, ''] : [address.slice(0, at), address.slice(at + 1)];
	if (needsSmtpUtf8(local)) {
		const keep = needsSmtpUtf8(domain) ? ` (the domain ${domain} may stay: it goes as punycode)` : '';
		return `only "${local}", before the @, needs it: use an address that is ASCII there${keep}`;
	}
	const ascii = domainToASCII(domain);
	return ascii === '' ? `its domain ${domain} is no valid domain name` : `only its domain is not ASCII, and that has an ASCII form: use ${local}@${ascii}`;
}

/** True when the address has non-ASCII characters, which only an SMTPUTF8 server accepts. */
export function needsSmtpUtf8(address: string): boolean {
	return /[^\x00-\x7f]/.test(address);
}

/** True when some byte has the high bit set (BODY=8BITMIME territory). */
export function containsEightBit(bytes: Uint8Array): boolean {
	return !isAscii(bytes);
}
