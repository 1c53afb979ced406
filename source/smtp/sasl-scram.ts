// SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677): the password never travels, and the server proves in its last
// message (v=) that it knows it too. Stateless: every answer is worked out again from the challenges so far, as the
// planner asks again after every event. The nonce comes from the caller, so tests can fix it (RFC 7677's vector).
import {Buffer} from 'node:buffer';
import {createHash, createHmac, pbkdf2Sync, timingSafeEqual} from 'node:crypto';
import {REDACTED} from './commands.js';
import {saslPrep} from './saslprep.js';
import {base64, CANCEL, type SaslAnswer, type SaslClient, type SaslCredentials} from './sasl-types.js';

type Hash = 'sha1' | 'sha256';

const HASHES: Record<string, Hash> = {'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-1': 'sha1'};

/** Mechanisms of this module, upper-case, the stronger first. */
export const SCRAM_MECHANISMS = Object.keys(HASHES);

/** RFC 7677 §4: servers SHOULD use at least this many iterations; fewer make a stolen password database cheap to crack. */
const RECOMMENDED_ITERATIONS = 4096;
/** More than this would freeze the client for seconds (or, from a hostile server, for ever): the login is given up. */
const MAX_ITERATIONS = 1_000_000;

// RFC 5802 §5.1: no channel binding (the -PLUS variants are not offered), no authorization identity.
const GS2_HEADER = 'n,,';
const CHANNEL_BINDING = Buffer.from(GS2_HEADER).toString('base64');

/** RFC 5802 §5.1: "=" and "," would end the attribute early, so a user name carries them as =3D and =2C. */
export const saslName = (user: string): string => user.replace(/=/g, '=3D').replace(/,/g, '=2C');

/** The attributes of a SCRAM message ("r=...,s=...,i=4096"), by their one-letter names; the first of each wins. */
function attributes(message: string): Map<string, string> {
	const found = new Map<string, string>();
	for (const part of message.split(',')) {
		const match = /^([A-Za-z])=(.*)$/s.exec(part);
		if (match && !found.has(match[1]!)) found.set(match[1]!, match[2]!);
	}
	return found;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const decoded = (base64: string): string | undefined => (base64 !== '' && BASE64.test(base64) ? Buffer.from(base64, 'base64').toString('utf8') : undefined);

/** RFC 5802 §7's server-error values, in words (the server sends them as e=... instead of its signature). */
const SERVER_ERRORS: Record<string, string> = {
	'invalid-encoding': 'the server could not read our message',
	'extensions-not-supported': 'the server does not support an extension we asked for',
	'invalid-proof': 'the password is wrong (the proof did not match what the server stores)',
	'channel-bindings-dont-match': 'the channel binding did not match (a man in the middle?)',
	'server-does-support-channel-binding': 'the server supports channel binding, and expected the client to use it',
	'channel-binding-not-supported': 'the server does not support channel binding',
	'unsupported-channel-binding-type': 'the server does not support that channel binding type',
	'unknown-user': 'the server knows no such user',
	'invalid-username-encoding': 'the user name is not valid UTF-8 or SASLprep',
	'no-resources': 'the server is out of resources: try again later',
	'other-error': 'the server gives no reason',
};

/** A server's e= value in words: its meaning when RFC 5802 names it. */
function scramError(value: string): string {
	const meaning = Object.hasOwn(SERVER_ERRORS, value) ? SERVER_ERRORS[value] : undefined;
	return meaning ? `e=${value}: ${meaning}` : `e=${value}`;
}

/** The server's reason for refusing, when a decoded SCRAM challenge carries one (e=). */
export function scramRefusal(text: string): string | undefined {
	const error = attributes(text).get('e');
	return error === undefined ? undefined : `the server refused the login: ${scramError(error)}`;
}

/** What a decoded SCRAM challenge says, for the log: the server-first message's parts, or the server-final's verdict. */
export function explainScramChallenge(text: string): string | undefined {
	const refusal = scramRefusal(text);
	if (refusal) return refusal;
	// The signature itself is never shown (scram-signature.ts): what is left of its challenge is the word for it.
	if (text === REDACTED) return "the server's signature (v=), hidden: proof that it knows the password too, which smtp-tui checks before it answers; beside the salt and the nonces it would let a password be guessed offline";
	const found = attributes(text);
	const iterations = found.get('i');
	if (!found.has('r') || !found.has('s') || iterations === undefined) return undefined;
	const parts = `the server's nonce (r=, ours and its own), the salt (s=) and the iteration count (i=${iterations}) to hash the password with`;
	// The warning first: the log's one row cuts the end of the line. The login goes on: the count is the server's to set.
	return Number(iterations) < RECOMMENDED_ITERATIONS
		? `${iterations} iterations is below the ${RECOMMENDED_ITERATIONS} RFC 7677 asks for, which makes a stolen password database cheaper to crack; ${parts}`
		: parts;
}

type Keys = {clientKey: Buffer; serverKey: Buffer};

// The last derivation, kept: the planner asks for the same answer again after every event, and PBKDF2 is slow on purpose.
let lastDerivation: {id: string; keys: Keys} | undefined;

function keys(hash: Hash, password: string, salt: Buffer, iterations: number): Keys {
	const id = createHash('sha256').update(JSON.stringify([hash, password, salt.toString('base64'), iterations])).digest('base64');
	if (lastDerivation?.id === id) return lastDerivation.keys;
	const salted = pbkdf2Sync(password, salt, iterations, createHash(hash).digest().length, hash);
	const derived = {clientKey: createHmac(hash, salted).update('Client Key').digest(), serverKey: createHmac(hash, salted).update('Server Key').digest()};
	lastDerivation = {id, keys: derived};
	return derived;
}

const cancel = (why: string): SaslAnswer => ({response: CANCEL, why});

export function scramClient(mechanism: string, credentials: SaslCredentials, nonce: string): SaslClient {
	const {user} = credentials;
	const hash = HASHES[mechanism]!;
	// Prepared at once: a character SASLprep refuses stops the login before AUTH goes.
	const clientFirstBare = `n=${saslName(saslPrep(user, 'AUTH user name'))},r=${nonce}`;
	const password = saslPrep(credentials.password, 'AUTH password');

	/** The client-final message and the AuthMessage both proofs are made over, from the server-first message. */
	function final(serverFirst: string): {message: string; authMessage: string; keys: Keys} | {why: string} {
		const found = attributes(serverFirst);
		if (found.has('m')) return {why: 'the server asks for a SCRAM extension (m=) smtp-tui does not know'};
		const refusal = scramRefusal(serverFirst);
		if (refusal) return {why: refusal};
		const serverNonce = found.get('r') ?? '';
		// RFC 5802 §5.1: the server's nonce starts with ours; a different one is a replay, or a server that broke SCRAM.
		if (!serverNonce.startsWith(nonce) || serverNonce.length === nonce.length) return {why: `the server's nonce (r=) does not start with ours and add its own`};
		const salt = found.get('s') ?? '';
		if (decoded(salt) === undefined) return {why: 'the server sent no salt (s=), or one that is not base64'};
		const iterations = Number(found.get('i'));
		if (!/^[1-9]\d*$/.test(found.get('i') ?? '')) return {why: 'the server sent no iteration count (i=), or one that is no positive number'};
		if (iterations > MAX_ITERATIONS) return {why: `the server asks for ${iterations} iterations, over the ${MAX_ITERATIONS} smtp-tui computes (a hostile server could make the client work for minutes)`};
		const derived = keys(hash, password, Buffer.from(salt, 'base64'), iterations);
		const withoutProof = `c=${CHANNEL_BINDING},r=${serverNonce}`;
		const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
		const storedKey = createHash(hash).update(derived.clientKey).digest();
		const signature = createHmac(hash, storedKey).update(authMessage).digest();
		const proof = Buffer.from(derived.clientKey.map((byte, index) => byte ^ signature[index]!));
		return {message: `${withoutProof},p=${proof.toString('base64')}`, authMessage, keys: derived};
	}

	/** The answer to the server-final message: empty when its signature proves it knows the password, "*" otherwise. */
	function verify(serverFirst: string, serverFinal: string): SaslAnswer {
		const made = final(serverFirst);
		if ('why' in made) return cancel(made.why);
		const found = attributes(serverFinal);
		const error = found.get('e');
		// The server gave up with a reason: the empty answer lets it send its refusal (a 535), which the log explains.
		if (error !== undefined) return {response: ''};
		const signature = found.get('v');
		const impostor = 'so it does not know the password: an impostor, or a man in the middle. Nothing more was sent';
		if (signature === undefined || decoded(signature) === undefined) return cancel(`the server's last SCRAM message has no signature (v=), ${impostor}`);
		const expected = createHmac(hash, made.keys.serverKey).update(made.authMessage).digest();
		const given = Buffer.from(signature, 'base64');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return cancel(`the server's signature (v=) is wrong, ${impostor}`);
		return {response: ''};
	}

	return {
		mechanism,
		initialResponse: () => base64(`${GS2_HEADER}${clientFirstBare}`),
		respond(challenges) {
			const [first, last] = challenges.map(challenge => decoded(challenge));
			if (challenges.length > 2) return cancel('the server sent more SCRAM challenges than the two the mechanism has');
			if (first === undefined) return cancel("the server's first SCRAM challenge is not base64");
			if (challenges.length === 1) {
				const made = final(first);
				return 'why' in made ? cancel(made.why) : {response: base64(made.message)};
			}
			return last === undefined ? cancel("the server's last SCRAM challenge is not base64") : verify(first, last);
		},
	};
}
