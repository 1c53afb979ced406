// SASL mechanisms for SMTP AUTH (RFC 4954): what to put after `AUTH MECH` and what to answer each 334.
import {Buffer, isUtf8} from 'node:buffer';
import {createHmac} from 'node:crypto';
import {BEARER_MECHANISMS, explainBearerError, oauthBearer, xoauth2} from './sasl-bearer.js';
export {explainBearerError} from './sasl-bearer.js';
export {explainScramChallenge} from './sasl-scram.js';
import {SCRAM_MECHANISMS, scramClient, scramRefusal} from './sasl-scram.js';
import {base64, CANCEL, type SaslClient, type SaslContext, type SaslCredentials} from './sasl-types.js';
import {SmtpInputError} from './types.js';

export {CANCEL, type SaslClient} from './sasl-types.js';

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
		respond: challenges => ({response: challenges.length === 1 ? payload : CANCEL}),
	};
}

function login({user, password}: SaslCredentials): SaslClient {
	// Answer by order, not by prompt text: servers word (and translate) "Username:" in many ways.
	const answers = [base64(user), base64(password)];
	return {
		mechanism: 'LOGIN',
		initialResponse: () => undefined,
		respond: challenges => ({response: answers[challenges.length - 1] ?? CANCEL}),
	};
}

function cramMd5({user, password}: SaslCredentials): SaslClient {
	return {
		mechanism: 'CRAM-MD5',
		initialResponse: () => undefined,
		respond([challenge, ...more]) {
			// A challenge that is not base64 cannot be what the digest is made over: guessing at it proves nothing.
			if (more.length > 0 || challenge === undefined || !isBase64(challenge)) return {response: CANCEL};
			const digest = createHmac('md5', password).update(Buffer.from(challenge, 'base64')).digest('hex');
			return {response: base64(`${user} ${digest}`)};
		},
	};
}

/**
 * RFC 4422 appendix A: the identity is the client certificate's, proven in the TLS handshake. The user, when given,
 * is the identity to act as (authzid); "=" is the empty response, which asks for the certificate's own.
 */
function external({user}: SaslCredentials): SaslClient {
	return {
		mechanism: 'EXTERNAL',
		initialResponse: () => (user === '' ? '=' : base64(user)),
		respond: challenges => ({response: challenges.length === 1 ? base64(user) : CANCEL}),
	};
}

const MECHANISMS: Record<string, (credentials: SaslCredentials, context: SaslContext) => SaslClient> = {
	...Object.fromEntries(SCRAM_MECHANISMS.map(name => [name, (credentials: SaslCredentials, {nonce}: SaslContext) => scramClient(name, credentials, needNonce(nonce))])),
	PLAIN: plain,
	LOGIN: login,
	'CRAM-MD5': cramMd5,
	XOAUTH2: xoauth2,
	OAUTHBEARER: oauthBearer,
	EXTERNAL: external,
};

function needNonce(nonce: string | undefined): string {
	// The caller's bug, not the user's: the driver always makes one (crypto.randomBytes).
	if (!nonce) throw new Error('SCRAM needs a nonce from the caller');
	return nonce;
}

/** Mechanisms smtp-tui can speak, upper-case. */
export const SUPPORTED_MECHANISMS = Object.keys(MECHANISMS);

export function createSaslClient(mechanism: string, credentials: SaslCredentials, context: SaslContext = {}): SaslClient {
	const name = mechanism.toUpperCase();
	const create = Object.hasOwn(MECHANISMS, name) ? MECHANISMS[name] : undefined;
	if (!create) {
		throw new SmtpInputError(
			`AUTH mechanism ${JSON.stringify(mechanism)} is not supported; use one of ${SUPPORTED_MECHANISMS.join(', ')}.`,
			'AUTH mechanism',
		);
	}
	const bearer = BEARER_MECHANISMS.has(name);
	const secret = bearer ? 'AUTH token' : 'AUTH password';
	refuse(credentials.user, 'AUTH user name', /[\r\n\0]/, 'a user name cannot contain it.');
	refuse(credentials.password, secret, /[\r\n\0]/, 'it cannot be typed at a login prompt (often a stray newline from a file).');
	if (bearer) {
		const why = `${name} uses it as a separator.`;
		refuse(credentials.user, 'AUTH user name', /\x01/, why);
		refuse(credentials.password, secret, /\x01/, why);
	}
	return create(credentials, context);
}

/**
 * Choose a mechanism among those the server advertised. A preferred one is used only when advertised
 * and supported. Otherwise SCRAM first, SHA-256 before SHA-1 (the password never travels, and the server proves it
 * knows it: curl with GNU SASL picks them first too; a server keeping crypt hashes refuses them, see picked-mechanism.ts); then, over TLS, PLAIN > LOGIN > CRAM-MD5
 * (the channel already hides the password, and PLAIN works with every password store); in clear, CRAM-MD5 before
 * them so the password never travels. XOAUTH2 and OAUTHBEARER need a token and EXTERNAL a client certificate, so
 * they are only ever used when asked for. The -PLUS variants (channel binding) are never picked: smtp-tui lacks them.
 */
export function pickMechanism(advertised: string[], options: {preferred?: string; secure: boolean}): string | undefined {
	const offered = new Set(advertised.map((mechanism) => mechanism.toUpperCase()));
	const usable = (mechanism: string) => offered.has(mechanism) && Object.hasOwn(MECHANISMS, mechanism);
	if (options.preferred !== undefined) {
		const preferred = options.preferred.toUpperCase();
		return usable(preferred) ? preferred : undefined;
	}
	const order = [...SCRAM_MECHANISMS, ...(options.secure ? ['PLAIN', 'LOGIN', 'CRAM-MD5'] : ['CRAM-MD5', 'PLAIN', 'LOGIN'])];
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

/** The reason a refused exchange's last challenge gave (a token's JSON status, SCRAM's e=), for the failure's words. */
export function challengeRefusal(challenge: string | undefined, mechanism: string | undefined): string | undefined {
	if (challenge === undefined || mechanism === undefined) return undefined;
	const decoded = decodeChallenge(challenge);
	if (BEARER_MECHANISMS.has(mechanism)) return explainBearerError(decoded);
	return SCRAM_MECHANISMS.includes(mechanism) ? scramRefusal(decoded) : undefined;
}

/** SCRAM: the server must prove it knows the password (v=) before its 235 means anything. */
export const isScram = (mechanism: string | undefined): boolean => mechanism !== undefined && SCRAM_MECHANISMS.includes(mechanism);
