// Why a command is likely refused now, for warnings and strict-mode errors: sent out of order per TRANSITIONS, or
// against a condition the table cannot express (STARTTLS inside TLS, AUTH after HELO, DATA with no recipient).
import type {Transaction} from './session-types.js';
import {helloVerb, helloVerbs, stepNote, TRANSITIONS, type Verb} from './transitions.js';
import type {Extensions, Step} from './types.js';

/** What the session knows that the table does not, for the conditions on a command beyond its step. */
export type Standing = {
	secure: boolean;
	authenticated: boolean;
	usedHelo: boolean;
	extensions: Extensions | undefined;
	transaction: Readonly<Transaction>;
	/** STARTTLS completed in this session. */
	tlsStarted: boolean;
	/** The session speaks LMTP: its greeting is LHLO. */
	lmtp?: boolean;
};

/** Why a verb is out of order in a step, for warnings and strict-mode errors; `name`: the command as messages name it. */
function outOfOrder(verb: Verb, step: Step, name: string, {tlsStarted, lmtp}: Pick<Standing, 'tlsStarted' | 'lmtp'>): string {
	const hello = helloVerb(lmtp);
	if (verb === 'AUTH-RESPONSE') return 'an AUTH response without a 334 challenge: the server will likely answer 500 or 503';
	switch (step) {
		case 'greeting':
			return `${name} before the server's greeting: wait for 220 (some servers drop clients that talk first)`;
		case 'ehlo':
			// RFC 3207 §4.2: the EHLO sent before STARTTLS is forgotten with everything else.
			if (tlsStarted) return `${name} before ${hello} again: TLS started a fresh session, in which the server forgot your ${hello}; send ${hello} again first (it will likely answer 503)`;
			return `${name} before ${helloVerbs(lmtp)}: the server will likely answer 503`;
		case 'mail':
		case 'queued':
			return `${name} before MAIL: the server will likely answer 503`;
		case 'rcpt':
			return `${name} inside a mail transaction (RSET ends it): the server will likely answer 503`;
		case 'auth':
			return `${name} during an AUTH exchange: the server takes this line as the answer to its challenge`;
		case 'quit':
			return `${name} after the server refused service or QUIT was answered: only QUIT makes sense now`;
		default:
			return `${name} is not expected now (${stepNote(step, lmtp)})`;
	}
}

/** Conditions the table cannot express. */
export function guard(verb: Verb, {secure, authenticated, usedHelo, extensions, transaction}: Standing): string | undefined {
	if (verb === 'STARTTLS' && secure) return 'STARTTLS while TLS is already active: the server will likely answer 503';
	if (verb === 'AUTH' && authenticated) return 'AUTH after a successful AUTH: the server will likely answer 503';
	if (verb === 'AUTH' && usedHelo) return 'AUTH after HELO: logins need EHLO (RFC 4954); the server will likely answer 503';
	if (verb === 'AUTH' && extensions && extensions.auth.length === 0 && !extensions.keywords.has('AUTH')) {
		const later = !secure && extensions.starttls ? ' (many servers offer it only after STARTTLS)' : '';
		return `the server does not advertise AUTH${later}: it will likely answer 503 (Postfix: "authentication not enabled")`;
	}
	// Only known after EHLO (HELO lists nothing): an extension the server did not list is likely refused.
	if (verb === 'ETRN' && extensions && !extensions.keywords.has('ETRN')) return 'the server does not advertise ETRN (RFC 1985): it will likely answer 502';
	// Inside a transaction with no recipient accepted (or still waiting for its reply), DATA can only fail.
	const {from, recipients, finished} = transaction;
	if (verb === 'DATA' && from !== undefined && !finished && !recipients.some(r => r.accepted !== false)) {
		return 'DATA before any recipient was accepted: the server will likely answer 503 (or 554 "no valid recipients")';
	}
	return undefined;
}

/** What is wrong with sending `verb` in `step`, if anything; `name`: the command as messages name it. */
export function problemOf(verb: Verb, step: Step, standing: Standing, name: string = verb): string | undefined {
	return guard(verb, standing) ?? (TRANSITIONS[step].verbs.includes(verb) ? undefined : outOfOrder(verb, step, name, standing));
}
