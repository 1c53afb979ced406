// The OAuth 2 mechanisms: Google's and Microsoft's XOAUTH2, and the standard OAUTHBEARER (RFC 7628). The password is
// the access token. A refused token comes back as a 334 carrying base64 JSON; the client answers it (XOAUTH2 with an
// empty line, OAUTHBEARER with a lone ^A) and the server then sends its final 535.
import {saslName} from './sasl-scram.js';
import {base64, CANCEL, type SaslClient, type SaslContext, type SaslCredentials} from './sasl-types.js';

/** Mechanisms whose "password" is a bearer token. */
export const BEARER_MECHANISMS: ReadonlySet<string> = new Set(['XOAUTH2', 'OAUTHBEARER']);

export function xoauth2({user, password}: SaslCredentials): SaslClient {
	const payload = base64(`user=${user}\x01auth=Bearer ${password}\x01\x01`);
	return {
		mechanism: 'XOAUTH2',
		initialResponse: () => payload,
		respond: challenges => ({response: challenges.length === 1 ? '' : CANCEL}),
	};
}

/** RFC 7628 §3.1: a GS2 header naming the user, then key=value pairs each ended by ^A, then a closing ^A. */
export function oauthBearer({user, password}: SaslCredentials, {host, port}: SaslContext): SaslClient {
	const pairs = [...(host === undefined ? [] : [`host=${host}`]), ...(port === undefined ? [] : [`port=${port}`]), `auth=Bearer ${password}`];
	const payload = base64(`n,a=${saslName(user)},\x01${pairs.join('\x01')}\x01\x01`);
	return {
		mechanism: 'OAUTHBEARER',
		initialResponse: () => payload,
		// RFC 7628 §3.2.3: the error is answered with a lone ^A (AQ==); then the server fails the exchange.
		respond: challenges => ({response: challenges.length === 1 ? base64('\x01') : CANCEL}),
	};
}

/** RFC 7628 §3.2.2 and Google's XOAUTH2: the status values, in words. */
const STATUSES: Record<string, string> = {
	invalid_token: 'the token is expired, revoked or not valid for this server: get a fresh one',
	insufficient_scope: 'the token lacks the scope this server needs: ask for it when getting the token',
	invalid_request: 'the request was malformed (the user name or the token itself)',
	'400': 'Gmail says so for a token that is expired, revoked or lacks the scope',
	'401': 'the token is expired, revoked, or not for this user: get a fresh one',
};

/** A bearer mechanism's JSON error (`{"status":...,"scope":...}`) in words, or undefined when the text is no such JSON. */
export function explainBearerError(text: string): string | undefined {
	let error: unknown;
	try {
		error = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
	const {status, scope} = error as {status: unknown; scope?: unknown};
	const code = String(status);
	const meaning = Object.hasOwn(STATUSES, code) ? `: ${STATUSES[code]}` : '';
	const needed = typeof scope === 'string' && scope !== '' ? `; the scope it needs: ${scope}` : '';
	return `the token was refused (status ${code}${meaning}${needed})`;
}
