// LMTP (RFC 2033) as a mode of the session: what differs from SMTP, in one place. The client greets with LHLO
// instead of EHLO (same reply, same extensions; no HELO to fall back to), and after the final dot the server answers
// once per recipient accepted at RCPT, in RCPT order: each reply is that recipient's delivery, not the message's.
import {waitingHelps} from './codes.js';
import {quoteReply, quoteReplyMidSentence} from './session-texts.js';
import type {EncodedCommand, RecipientResult, Reply} from './types.js';

/** The EHLO the planner (or the user) gives, as LMTP says it: LHLO, the same name after it. */
export function asLhlo(encoded: EncodedCommand): EncodedCommand {
	if (encoded.command.verb !== 'EHLO' || !/^EHLO\b/i.test(encoded.display)) return encoded;
	const line = (text: string) => `LHLO${text.slice(4)}`;
	const wire = encoded.bytes.toString('utf8');
	return {...encoded, bytes: Buffer.from(line(wire), 'utf8'), display: line(encoded.display)};
}

/** LHLO answered with 500 or 502: the server does not know it, so it speaks SMTP (whose EHLO it would know). */
export const lhloUnknown = (reply: Reply) => reply.code === 500 || reply.code === 502;

/**
 * The verb a command went with, as the log shows it: a typed LHLO is followed as EHLO, and in LMTP the planner's
 * EHLO goes as LHLO, so the command alone cannot tell a typed EHLO from an LHLO.
 */
export const sentVerb = (encoded: Pick<EncodedCommand, 'display'>): string => /^\S*/.exec(encoded.display)![0].toUpperCase();

/**
 * A 500 or 502 to a greeting, read by what went: an LHLO in LMTP is a server that speaks SMTP; EHLO or HELO typed in
 * LMTP is SMTP's greeting, which an LMTP server does not know; LHLO typed in SMTP is LMTP's, which an SMTP server
 * does not know. Undefined for any other reply or command.
 */
export function helloUnknown(sent: string, reply: Reply, lmtp: boolean): string | undefined {
	if (!lhloUnknown(reply)) return undefined;
	if (sent === 'LHLO') return lmtp ? 'the server does not understand LHLO: it speaks SMTP, not LMTP (LMTP has no HELO to fall back to)' : "the server does not know LHLO, LMTP's greeting: it speaks SMTP, as this session does: type EHLO and a name";
	if (lmtp && (sent === 'EHLO' || sent === 'HELO')) return `this server speaks LMTP, which has no ${sent}: greet it with LHLO (type LHLO and a name)`;
	return undefined;
}

export function speaksSmtp(reply: Reply): string {
	return `the server does not know LHLO (${quoteReplyMidSentence(reply)}): it speaks SMTP, not LMTP; send without LMTP, or connect to the server's LMTP listener (Dovecot: its lmtp socket, or port 24)`;
}

/** What one reply after the final dot did for its recipient: delivered, refused, or deferred (a 4xx a later try may pass). */
export type Delivery = 'delivered' | 'refused' | 'deferred';

export function deliveryOf(reply: Reply): Delivery {
	if (reply.code < 400) return 'delivered';
	return waitingHelps(reply) ? 'deferred' : 'refused';
}

const DELIVERY_WORDS: Record<Delivery, string> = {
	delivered: 'delivered to this recipient',
	refused: 'not delivered to this recipient, for good (the others have replies of their own)',
	deferred: 'not delivered to this recipient for now: a later try may pass (the others have replies of their own)',
};

/** The plain words for a reply after the final dot in LMTP, before the code's own reading. */
export function deliveryExplanation(address: string, reply: Reply): string {
	return `LMTP, the reply for ${address} alone (one per accepted recipient, in RCPT order): ${DELIVERY_WORDS[deliveryOf(reply)]}`;
}

/** Accepted at RCPT: in LMTP a recipient whose reply after the message came keeps its RCPT reply as `rcptReply`. */
export const acceptedAtRcpt = (recipient: RecipientResult): boolean => recipient.accepted === true || recipient.rcptReply !== undefined;

/**
 * LMTP, once the replies after the message came: how many of the recipients they answered were delivered, out of how
 * many. Undefined when none came (SMTP, or no message yet).
 */
export function deliveryCount(recipients: readonly RecipientResult[]): {delivered: number; of: number} | undefined {
	const answered = recipients.filter(recipient => recipient.rcptReply !== undefined && recipient.reply !== undefined);
	return answered.length === 0 ? undefined : {delivered: answered.filter(recipient => recipient.accepted).length, of: answered.length};
}

/** The recipients whose outcome was decided after the message (LMTP), with what it was. */
export const deliveredAfterData = (recipients: readonly RecipientResult[]): RecipientResult[] => recipients.filter(recipient => recipient.rcptReply !== undefined);

/**
 * Every accepted recipient's reply after the final dot was a refusal: the message went nowhere. Said as the
 * replies said it (refused, deferred, or some of each), as the --json result's `delivery` says it for each.
 */
export function noDelivery(recipients: readonly RecipientResult[]): string {
	const answered = deliveredAfterData(recipients);
	const each = answered.map(recipient => `${recipient.address} (${recipient.reply ? quoteReply(recipient.reply) : 'no reply'})`);
	const kinds = new Set(answered.flatMap(recipient => (recipient.reply ? [deliveryOf(recipient.reply)] : [])));
	const what = kinds.size === 1 && kinds.has('deferred') ? 'deferred' : kinds.has('deferred') ? 'refused or deferred' : 'refused';
	const later = kinds.has('deferred') ? `; ${kinds.size === 1 ? 'a' : 'for the deferred, a'} later try may pass` : '';
	return `the message was delivered to no recipient: after the final dot ${answered.length === 1 ? 'it' : 'each'} was ${what} (LMTP: one reply per recipient): ${each.join(', ')}${later}`;
}
