// SASL mechanisms for SMTP AUTH (RFC 4954): what to put after `AUTH MECH` and what to answer each 334.
import {Buffer, isUtf8} from 'node:buffer';
import {createHmac} from 'node:crypto';
import {SmtpInputError} from './types.js';

/** For XOAUTH2 the password is the OAuth 2 access token. */
export type SaslCredentials = {user: string; password: string};

export type SaslClient = {
	mechanism: string;
	/** Base64 to send on the AUTH line, or undefined when the mechanism starts with a server challenge. */
	initialResponse(): string | undefined;
	/** Base64 answer to the 334 challenge number `index` (0 for the first); CANCEL when none is expected. */
	respond(challengeBase64: string, index: number): string;
};

/** Sent instead of a response to abandon the exchange; the server then answers 501. */
export const CANCEL = '*';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Refuse characters that would change the meaning of the exchange, naming the field. */
function refuse(value: string, field: string, pattern: RegExp, why: string): void {
	const match = pattern.exec(value);
	if (match) {
		const name = {'\r': 'a carriage return (CR)', '\n': 'a line feed (LF)', '\0': 'a NUL byte', '\x01': 'the byte 0x01'}[match[0]];
		throw new SmtpInputError(`${field} contains ${name}; ${why}`, field);
	}
}

function plain({user, password}: SaslCredentials): SaslClient {
	const payload = base64(`\0${user}\0${password}`);
	return {
		mechanism: 'PLAIN',
		initialResponse: () => payload,
		// A server that wants the credentials after an empty challenge gets them once, then we give up.
		respond: (_challenge, index) => (index === 0 ? payload : CANCEL),
	};
}

function login({user, password}: SaslCredentials): SaslClient {
	// Answer by order, not by prompt text: servers word (and translate) "Username:" in many ways.
	const answers = [base64(user), base64(password)];
	return {
		mechanism: 'LOGIN',
		initialResponse: () => undefined,
		respond: (_challenge, index) => answers[index] ?? CANCEL,
	};
}

function cramMd5({user, password}: SaslCredentials): SaslClient {
	return {
		mechanism: 'CRAM-MD5',
		initialResponse: () => undefined,
		respond(challenge, index) {
			// A challenge that is not base64 cannot be what the digest is made over: guessing at it proves nothing.
			if (index > 0 || !isBase64(challenge)) return CANCEL;
			const digest = createHmac('md5', password).update(Buffer.from(challenge, 'base64')).digest('hex');
			return base64(`${user} ${digest}`);
		},
	};
}

function xoauth2({user, password}: SaslCredentials): SaslClient {
	const payload = base64(`user=${user}\x01auth=Bearer ${password}\x01\x01`);
	return {
		mechanism: 'XOAUTH2',
		initialResponse: () => payload,
		// A 334 here carries a base64 JSON error; the protocol wants an empty line, then the server sends 535.
		respond: () => '',
	};
}

const MECHANISMS: Record<string, (credentials: SaslCredentials) => SaslClient> = {
	PLAIN: plain,
	LOGIN: login,
	'CRAM-MD5': cramMd5,
	XOAUTH2: xoauth2,
};

/** Mechanisms smtp-tui can speak, upper-case. */
export const SUPPORTED_MECHANISMS = Object.keys(MECHANISMS);

export function createSaslClient(mechanism: string, credentials: SaslCredentials): SaslClient {
	const name = mechanism.toUpperCase();
	const create = Object.hasOwn(MECHANISMS, name) ? MECHANISMS[name] : undefined;
	if (!create) {
		throw new SmtpInputError(
			`AUTH mechanism ${JSON.stringify(mechanism)} is not supported; use one of ${SUPPORTED_MECHANISMS.join(', ')}.`,
			'AUTH mechanism',
		);
	}
	const secret = name === 'XOAUTH2' ? 'AUTH token' : 'AUTH password';
	refuse(credentials.user, 'AUTH user name', /[\r\n\0]/, 'a user name cannot contain it.');
	refuse(credentials.password, secret, /[\r\n\0]/, 'it cannot be typed at a login prompt (often a stray newline from a file).');
	if (name === 'XOAUTH2') {
		const why = 'XOAUTH2 uses it as a separator.';
		refuse(credentials.user, 'AUTH user name', /\x01/, why);
		refuse(credentials.password, secret, /\x01/, why);
	}
	return create(credentials);
}

/**
 * Choose a mechanism among those the server advertised. A preferred one is used only when advertised
 * and supported. Otherwise: over TLS, PLAIN > LOGIN > CRAM-MD5 (the channel already hides the password,
 * and PLAIN works with every password store); in clear, CRAM-MD5 first so the password never travels.
 * XOAUTH2 needs a token, so it is only ever used when asked for.
 */
export function pickMechanism(advertised: string[], options: {preferred?: string; secure: boolean}): string | undefined {
	const offered = new Set(advertised.map((mechanism) => mechanism.toUpperCase()));
	const usable = (mechanism: string) => offered.has(mechanism) && Object.hasOwn(MECHANISMS, mechanism);
	if (options.preferred !== undefined) {
		const preferred = options.preferred.toUpperCase();
		return usable(preferred) ? preferred : undefined;
	}
	const order = options.secure ? ['PLAIN', 'LOGIN', 'CRAM-MD5'] : ['CRAM-MD5', 'PLAIN', 'LOGIN'];
	return order.find(usable);
}

/** Shows a 334 prompt in words: base64 decoded, anything unprintable escaped. Non-base64 text comes back as it is. */
/** Well-formed, non-empty base64 (RFC 4648, padded, as SASL uses it). */
function isBase64(text: string): boolean {
	return text !== '' && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

export function decodeChallenge(text: string): string {
	if (!isBase64(text)) return text;
	const bytes = Buffer.from(text, 'base64');
	// Text (XOAUTH2's JSON, LOGIN's prompts) reads as UTF-8; anything else is shown byte by byte.
	const [decoded, unprintable] = isUtf8(bytes)
		? [bytes.toString('utf8'), /[\x00-\x1f\x7f-\x9f]/g]
		: [bytes.toString('latin1'), /[^\x20-\x7e]/g];
	return decoded.replace(unprintable, (char) => ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const ESCAPES: Record<string, string> = {'\r': '\\r', '\n': '\\n', '\t': '\\t'};
