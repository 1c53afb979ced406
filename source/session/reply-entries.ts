// How a reply goes into the log: a line per entry, the last carrying the whole reply, what it means in plain words
// and how long it took; each line of EHLO's 250 after the first says what its extension means.
import {bdatVerb} from '../smtp/bdat.js';
import {explainExtension, explainReply} from '../smtp/codes.js';
import {deliveryExplanation, helloUnknown, sentVerb} from '../smtp/lmtp.js';
import type {EncodedCommand, Reply, Step} from '../smtp/types.js';
import type {NewLogEntry} from './log.js';

type ReplyContext = {
	/** The command it answers (none for the greeting, the final dot's reply, an unprompted one). */
	command: EncodedCommand | undefined;
	step: Step | undefined;
	mechanism: string | undefined;
	tls: boolean;
	/** The command was typed by hand (manual mode), or, for a reply to none, the connection is typed on: the advice says what to type. */
	typed: boolean;
	/** The typed lines come from a script, which the session's end also ends: no advice to type EHLO to connect again. */
	scripted?: boolean;
	/** The last EHLO reply offered STARTTLS (undefined: no EHLO reply): a demand for TLS says so, or that it did not. */
	starttlsOffered: boolean | undefined;
	/** The last EHLO reply offered AUTH (undefined: no EHLO reply): a relay refusal says to log in only then. */
	authOffered?: boolean | undefined;
	/** When the command it answers went, by performance.now() (no clock change moves it). */
	sentAt: number;
	/** The session speaks LMTP: its LHLO is the EHLO here (a 500 to it means the server speaks SMTP), and advice names LHLO. */
	lmtp?: boolean;
	/** LMTP: the recipient a reply after the final dot is for. */
	recipient?: string | undefined;
	/** The session holds a mail transaction: a 503 that names no cause is read by it. */
	openTransaction?: boolean;
};

/** A MAIL's reply is read knowing whether it declared SIZE= (Postfix refuses one that did not for an earlier one's). */
const sizeOf = ({command}: EncodedCommand) => (command.verb === 'MAIL' ? {sizeDeclared: command.params?.SIZE !== undefined} : {});

export function replyEntries(reply: Reply, {command, step, mechanism, tls, typed, scripted, starttlsOffered, authOffered, sentAt, lmtp, recipient, openTransaction}: ReplyContext): NewLogEntry[] {
	const typist = typed ? {typed: true, ...(scripted && {scripted: true})} : {};
	return reply.raw.map((line, index): NewLogEntry => {
		const last = index === reply.raw.length - 1;
		const note = extensionNote(command, reply.code, index, reply.lines[index]);
		return {
			kind: 'received',
			text: line,
			tls,
			...(step && {step}),
			...(note && {note}),
			...(last && {
				reply,
				...(typed && {typed: true}),
				// The reply to the final dot answers no command line: its step says what it is.
				explanation: lmtpExplanation(reply, {command, lmtp, recipient}) ?? explainReply(reply, command ? {verb: bdatVerb(command.display) ?? command.command.verb, ...typist, ...(mechanism && {mechanism}), ...(tls && {secure: true}), ...(starttlsOffered !== undefined && {starttlsOffered}), ...(authOffered !== undefined && {authOffered}), ...(lmtp && {lmtp}), ...(openTransaction !== undefined && {openTransaction}), ...sizeOf(command)} : step === 'queued' ? {verb: '.'} : step === 'message' ? {verb: '.', duringBody: true, ...typist} : step === 'greeting' ? {} : {unsolicited: true, ...typist, ...(lmtp && {lmtp})}),
				// An unprompted reply (a 421 on an idle connection) answers nothing: no time to give.
				...((command || step) && {latencyMs: performance.now() - sentAt}),
			}),
		};
	});
}

/**
 * What the extension on a reply's line `index` means: after the first line, a 250 to EHLO lists one extension per line.
 * "" for the greeting line, and for any reply but EHLO's 250.
 */
function extensionNote(command: EncodedCommand | undefined, code: number, index: number, text = ''): string {
	if (command?.command.verb !== 'EHLO' || code !== 250 || index === 0) return '';
	const [keyword = '', ...params] = text.trim().split(/\s+/);
	return keyword && `${keyword.toUpperCase()}: ${explainExtension(keyword, params)}`;
}

/**
 * Lines of a reply that has not ended (as received, "250-SIZE 10240000"), logged as they come; `first`: the index in
 * the reply of the first of them. The whole reply's last line carries what it means when it comes.
 */
export function aheadEntries(lines: readonly string[], {first, command, tls}: {first: number; command: EncodedCommand | undefined; tls: boolean}): NewLogEntry[] {
	return lines.map((line, offset): NewLogEntry => {
		const note = extensionNote(command, Number(line.slice(0, 3)), first + offset, line.slice(4));
		return {kind: 'received', text: line, tls, ...(note && {note})};
	});
}

/**
 * What LMTP changes in a reply's reading: a reply after the final dot is one recipient's (its code read as a RCPT's
 * would be: a 550 is that mailbox, not the message), and a 500 to a greeting is read by the verb that went (helloUnknown).
 */
function lmtpExplanation(reply: Reply, {command, lmtp, recipient}: Pick<ReplyContext, 'command' | 'lmtp' | 'recipient'>): string | undefined {
	// Read as a recipient's refusal (a 550 is that mailbox); a 452 as MAIL's, the server's storage (no recipient is too many here).
	if (recipient !== undefined) return reply.code < 400 ? deliveryExplanation(recipient, reply) : `${deliveryExplanation(recipient, reply)}; ${explainReply(reply, {verb: reply.code === 452 ? 'MAIL' : 'RCPT'})}`;
	return command && helloUnknown(sentVerb(command), reply, lmtp === true);
}
