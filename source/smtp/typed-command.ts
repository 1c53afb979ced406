// A command about to go, as the user typed it or as the planner built it: what goes on the wire, what the session
// follows, and what to warn about first (a typing slip, a line sent as typed, a step out of order, a non-ASCII
// address, a parameter the server does not offer, a SASL answer that is not base64).
import {typingHint} from './command-line.js';
import {problemOf, type Standing} from './command-problems.js';
import {asTyped, commandName, encodeCommand} from './commands.js';
import {parameterWarnings} from './parameter-warning.js';
import {saslAnswerWarning} from './sasl-answer-warning.js';
import {decomposedWarning, smtpUtf8Warning} from './smtputf8-warning.js';
import {SmtpInputError, type Command, type EncodedCommand, type Step} from './types.js';

type TypedCommand = {
	/** The bytes and the command as the log shows it. */
	encoded: EncodedCommand;
	/** What the session follows: a MAIL or RCPT sent as typed is still one, whichever address the server took. */
	followed: Command;
	/** Why the server will likely refuse it now (sent out of order, or against a condition), if so. */
	problem?: string;
	/** In the order to show them: the typing hint, the problem among them. */
	warnings: string[];
};

/**
 * Encode `command` (throws SmtpInputError naming the field). `typed`: the line as the user typed it, which goes as
 * typed; `secret`: it carries a credential. `step`: the step the session will be in when it arrives; `inAuth`: an
 * AUTH exchange is open, so a typed line is its answer; `mechanism`: that exchange's, once its 334 has come.
 */
export function typedCommand(
	command: Command,
	{typed, secret}: {typed?: string; secret?: boolean},
	{step, standing, inAuth, mechanism}: {step: Step; standing: Standing; inAuth: boolean; mechanism?: string},
): TypedCommand {
	const {extensions, transaction} = standing;
	const answer = command.verb === 'RAW' ? command.line : command.verb === 'AUTH-RESPONSE' ? undefined : typed;
	let actual: Command = inAuth && answer !== undefined ? {verb: 'AUTH-RESPONSE', response: answer} : command;
	let followed = actual;
	const warnings: string[] = [];
	let checked: EncodedCommand;
	try {
		checked = encodeCommand(actual, {extensions});
	} catch (error) {
		// Typed by hand, a line SMTP can carry goes as typed, as telnet would send it: whether "EHLO my laptop"
		// will do is the server's call, and its answer is the lesson. The engine then follows it as a raw line.
		// Not AUTH: a line the engine does not know for AUTH would leave the answers to its 334s unredacted.
		const lenient = error instanceof SmtpInputError && typed !== undefined && !['RAW', 'AUTH', 'AUTH-RESPONSE'].includes(actual.verb);
		if (!lenient) throw error;
		warnings.push(`${error.message.replace(/\.$/, '')}: sent as typed, for the server to judge`);
		// A MAIL or RCPT whose address the engine would not send (non-ASCII without SMTPUTF8) goes as typed, but
		// the server's 250 to it still opens the transaction or adds the recipient: the rail follows it.
		followed = actual.verb === 'MAIL' || actual.verb === 'RCPT' ? actual : {verb: 'RAW', line: typed};
		actual = {verb: 'RAW', line: typed};
		checked = encodeCommand(actual, {extensions});
	}
	const encoded = typed === undefined ? checked : asTyped(checked, typed, secret);
	const problem = problemOf(followed.verb, step, standing, commandName(encoded));
	// A line typed by hand gets the typist's hint first (a missing colon says more than "MAIL out of order").
	// Never for a secret: "YWXPY2U= is not an SMTP command" would quote it.
	const hint = typed !== undefined && actual.verb !== 'AUTH-RESPONSE' && !secret ? typingHint(typed, standing.lmtp) : undefined;
	if (hint) warnings.unshift(hint);
	if (problem) warnings.push(problem);
	if (typed !== undefined) {
		const {from, finished, smtpUtf8} = transaction;
		const utf8 = smtpUtf8Warning(followed, extensions, from === undefined || finished || smtpUtf8 === true);
		if (utf8) warnings.push(utf8);
		const decomposed = decomposedWarning(followed);
		if (decomposed) warnings.push(decomposed);
		// An address's warning that names SMTPUTF8 says it already: not again for the parameter.
		const said = warnings.some(message => message.includes('SMTPUTF8')) ? ['SMTPUTF8'] : [];
		warnings.push(...parameterWarnings(followed, extensions, said));
		const sasl = saslAnswerWarning(actual, mechanism);
		if (sasl) warnings.push(sasl);
	}
	return {encoded, followed, ...(problem && {problem}), warnings};
}
