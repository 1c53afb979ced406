// RFC 6531 for a MAIL or RCPT typed by hand: a non-ASCII address needs a server that advertises SMTPUTF8, and a
// MAIL FROM that declares it, and is best in NFC. Said before the line goes (it still goes: seeing the server's
// answer is the lesson).
import {needsSmtpUtf8} from './commands.js';
import {composed} from './composed-text.js';
import type {Command, Extensions} from './types.js';

/**
 * Why a typed MAIL or RCPT with a non-ASCII address will likely be refused, or undefined. `extensions`: what EHLO
 * advertised (undefined before EHLO, or after HELO); `declared`: the open transaction's MAIL FROM declared SMTPUTF8.
 * A server that does not advertise it is said by the encoder's own warning.
 */
export function smtpUtf8Warning(command: Command, extensions: Extensions | undefined, declared: boolean): string | undefined {
	if (command.verb !== 'MAIL' && command.verb !== 'RCPT') return undefined;
	const address = command.verb === 'MAIL' ? command.from : command.to;
	// An invisible character alone (a pasted zero-width space) is said by the typing hint: SMTPUTF8 would not help.
	if (!needsSmtpUtf8(address.replace(/\p{Cf}/gu, ''))) return undefined;
	const what = `${command.verb === 'MAIL' ? 'MAIL FROM' : 'RCPT TO'} address ${JSON.stringify(address)} has non-ASCII characters`;
	const refusal = 'the server will likely answer 501 or 553';
	if (!extensions) return `${what}, which need SMTPUTF8 (RFC 6531), and only an EHLO reply can offer it (HELO lists nothing): ${refusal}`;
	if (!extensions.smtpUtf8) return undefined;
	if (command.verb === 'MAIL') {
		if (command.params?.SMTPUTF8 !== undefined) return undefined;
		return `${what}, but the line does not declare SMTPUTF8 (RFC 6531): ${refusal}; add it, MAIL FROM:<${address}> SMTPUTF8`;
	}
	if (declared) return undefined;
	return `${what}, but this transaction's MAIL FROM did not declare SMTPUTF8 (RFC 6531): ${refusal}; RSET, then MAIL FROM:<…> SMTPUTF8`;
}

/**
 * Why a typed MAIL or RCPT address is not what the same letters typed are, or undefined: pasted from macOS, é is e and
 * an accent (NFD). It reads the same, but a server comparing bytes knows the mailbox composed (NFC, RFC 6532 §3.1),
 * as a keyboard types it.
 */
export function decomposedWarning(command: Command): string | undefined {
	if (command.verb !== 'MAIL' && command.verb !== 'RCPT') return undefined;
	const address = command.verb === 'MAIL' ? command.from : command.to;
	if (composed(address) === address) return undefined;
	return 'retype the address rather than paste it: pasted from macOS, its letters are decomposed (NFD: é as e and an accent), and a server comparing bytes knows the mailbox by their composed form (NFC, RFC 6532 §3.1)';
}
