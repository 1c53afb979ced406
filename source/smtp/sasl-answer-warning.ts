// An answer typed to a 334 goes to the server as base64 (RFC 4954 §4), which it decodes: a user name typed as is
// ("demo") decodes to bytes that are no text, and the login fails as if the name or password were wrong.
import {plainResponseWarning} from './plain-response-warning.js';
import type {Command} from './types.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// Text a SASL answer may hold: any but control characters, bar PLAIN's NUL separators.
const CONTROL = /[\u0001-\u001f\u007f]/;

function readable(bytes: Uint8Array): boolean {
	try {
		return !CONTROL.test(new TextDecoder('utf-8', {fatal: true}).decode(bytes));
	} catch {
		return false;
	}
}

/**
 * A warning for a typed answer that is not the base64 of readable text, or, for PLAIN (`mechanism`: the exchange's,
 * or the AUTH line's own), not PLAIN's form, also in an initial response on the AUTH line; undefined otherwise.
 */
export function saslAnswerWarning(command: Command, mechanism?: string): string | undefined {
	const plain = (command.verb === 'AUTH' ? command.mechanism : mechanism)?.toUpperCase() === 'PLAIN';
	if (command.verb === 'AUTH') return plain && command.initialResponse !== undefined ? plainResponseWarning(command.initialResponse) : undefined;
	if (command.verb !== 'AUTH-RESPONSE') return undefined;
	if (plain) return plainResponseWarning(command.response);
	const answer = command.response.trim();
	// "*" cancels; an empty line answers XOAUTH2's error challenge.
	if (answer === '' || answer === '*') return undefined;
	if (BASE64.test(answer) && answer.length % 4 === 0 && readable(Buffer.from(answer, 'base64'))) return undefined;
	// LOGIN asks for the user name, then the password, each alone; another mechanism's answer is its own.
	const what = mechanism === undefined || mechanism.toUpperCase() === 'LOGIN' ? 'the user name or password (printf %s NAME | base64 makes it)' : `what ${mechanism.toUpperCase()} asks for`;
	return `this answer is not base64 of readable text, and the server decodes it: type the base64 of ${what}, or "*" to cancel`;
}
