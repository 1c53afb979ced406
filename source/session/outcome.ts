// What a finished run means for the message, said the same way by `send` and the dashboard.
import {waitingHelps} from '../smtp/codes.js';
import type {FailureKind} from '../smtp/failure.js';
import type {SessionState} from '../smtp/session-types.js';
import type {RecipientResult} from '../smtp/types.js';
import type {SessionSnapshot} from './types.js';
import {stoppedBy, type StopCause} from './user-stop.js';

/**
 * Said when the whole message went (its final dot too) but no reply to it came, or one that broke the protocol
 * (a "2500 queued", mixed codes): a reply did come then, and saying none came would send the reader to the network.
 */
export function maybeDelivered(result: {kind?: FailureKind; recipients?: readonly RecipientResult[]} | undefined): string {
	const partly = lmtpPartly(result?.recipients ?? []);
	if (partly) return partly;
	const answer = result?.kind === 'protocol-error' ? 'and a reply to it came but was malformed' : 'but no reply to it came';
	return `the whole message was sent, ${answer}: it may have been accepted; check before sending it again`;
}

/**
 * LMTP, the session ended part-way through the replies after the message: some recipients' came (each said), the
 * others' did not, and those may have had it delivered. Undefined when no recipient's reply came.
 */
function lmtpPartly(recipients: readonly RecipientResult[]): string | undefined {
	const answered = recipients.filter(r => r.rcptReply && r.reply);
	const unanswered = recipients.filter(r => r.rcptReply && !r.reply);
	if (answered.length === 0 || unanswered.length === 0) return undefined;
	const said = answered.map(r => `${r.address}: ${r.reply!.code}`).join(', ');
	return `the whole message was sent and its replies began (${said}), but none came for ${unanswered.map(r => r.address).join(', ')}: it may have been delivered there; check before sending it to them again`;
}

/**
 * LMTP, a run that failed after some recipients' replies said delivered (the server closed before the rest): they
 * have the message, and sending it again gives them a second copy. "" when none did.
 */
export function deliveredBefore(recipients: readonly RecipientResult[]): string {
	const delivered = recipients.filter(r => r.rcptReply && r.accepted);
	return delivered.length === 0 ? '' : `; delivered already to ${delivered.map(r => `${r.address} (${r.reply!.code})`).join(', ')}: do not send it to them again`;
}

/**
 * The run failed after the whole message went, with no reply to it: the server may have queued it, so sending it
 * again could deliver it twice. "Not sent" would invite exactly that.
 */
export function deliveryUncertain(snapshot: Pick<SessionSnapshot, 'steps' | 'result'>): boolean {
	const status = (step: string) => snapshot.steps.find(state => state.step === step)?.status;
	return snapshot.result?.ok === false && status('message') === 'done' && status('queued') !== 'done' && !snapshot.result.reply;
}

/**
 * The log's line for the user's stop (Ctrl+X, Ctrl+C; or a hang-up, `cause`) after the whole message went and before its reply came: a
 * stop, not a failure, and still a message that may have been accepted.
 */
export function stoppedUnanswered(cause: StopCause): string {
	return `${stoppedBy(cause)} before the server answered the message: ${maybeDelivered(undefined)}`;
}

/** The whole message went and its reply is still awaited: leaving now leaves a message that may have been accepted. */
export function answerAwaited(snapshot: Pick<SessionSnapshot, 'steps'>): boolean {
	const status = (step: string) => snapshot.steps.find(state => state.step === step)?.status;
	return status('message') === 'done' && status('queued') === 'active';
}

/** The recipients not taken: refused (a 5xx, or a 4xx no wait helps), and deferred (a 4xx a later try may pass). */
export function unsentRecipients<T extends Pick<RecipientResult, 'accepted' | 'reply'>>(recipients: readonly T[]): {refused: T[]; deferred: T[]} {
	const unsent = recipients.filter(r => r.accepted === false);
	const later = (r: T) => r.reply !== undefined && waitingHelps(r.reply);
	return {refused: unsent.filter(r => !later(r)), deferred: unsent.filter(later)};
}

/**
 * The recipients refused, told apart by what to do: refused (a 5xx, or a 4xx no wait helps) from deferred (a 4xx such
 * as greylisting's 450, which the same RCPT later may pass). Lumped together, a greylisted address reads as refused for
 * good. "" when none was refused; else "1 recipient refused (nobody@example.test: 550), 1 deferred (grey@…: 450): try
 * again later".
 */
export function refusedRecipients(recipients: readonly RecipientResult[]): string {
	const {refused, deferred} = unsentRecipients(recipients);
	const groups = [
		{group: refused, word: 'refused', after: ''},
		{group: deferred, word: 'deferred', after: ': try again later'},
	].filter(({group}) => group.length > 0);
	// The first group names what it counts: "1 recipient refused", "2 recipients deferred".
	const noun = (index: number, count: number) => (index > 0 ? '' : count === 1 ? 'recipient ' : 'recipients ');
	// LMTP: a refusal after the message (the recipient was accepted at RCPT) is said as one.
	const each = (r: RecipientResult) => `${r.address}: ${r.reply?.code ?? '?'}${r.rcptReply ? ' after the message' : ''}`;
	return groups.map(({group, word, after}, index) => `${group.length} ${noun(index, group.length)}${word} (${group.map(each).join(', ')})${after}`).join(', ');
}

/** What a run that went to its end says: the answer to the message, after the recipients refused (the unexpected part). */
export function doneMessage(state: SessionState): string {
	const queued = state.transaction.reply;
	// LMTP: the server delivered it (to a mailbox), where an SMTP server queues it.
	const head = queued ? `${state.lmtp ? 'delivered' : 'queued'}: ${queued.code} ${queued.lines.join(' ')}`.trim() : 'done';
	// The refusal first: a footer cut to the width keeps what the user did not expect.
	const refused = refusedRecipients(state.transaction.recipients);
	return refused ? `${refused}; ${head}` : head;
}
