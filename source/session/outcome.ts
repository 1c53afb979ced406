// What a finished run means for the message, said the same way by `send` and the dashboard.
import type {FailureKind} from '../smtp/failure.js';
import type {SessionState} from '../smtp/session-types.js';
import type {SessionSnapshot} from './types.js';

/**
 * Said when the whole message went (its final dot too) but no reply to it came, or one that broke the protocol
 * (a "2500 queued", mixed codes): a reply did come then, and saying none came would send the reader to the network.
 */
export function maybeDelivered(result: {kind?: FailureKind} | undefined): string {
	const answer = result?.kind === 'protocol-error' ? 'and a reply to it came but was malformed' : 'but no reply to it came';
	return `the whole message was sent, ${answer}: it may have been accepted; check before sending it again`;
}

/**
 * The run failed after the whole message went, with no reply to it: the server may have queued it, so sending it
 * again could deliver it twice. "Not sent" would invite exactly that.
 */
export function deliveryUncertain(snapshot: Pick<SessionSnapshot, 'steps' | 'result'>): boolean {
	const status = (step: string) => snapshot.steps.find(state => state.step === step)?.status;
	return snapshot.result?.ok === false && status('message') === 'done' && status('queued') !== 'done' && !snapshot.result.reply;
}

/** What a run that went to its end says: the answer to the message, after the recipients refused (the unexpected part). */
export function doneMessage(state: SessionState): string {
	const refused = state.transaction.recipients.filter(r => r.accepted === false);
	const queued = state.transaction.reply;
	const head = queued ? `queued: ${queued.code} ${queued.lines.join(' ')}`.trim() : 'done';
	// The refusal first: a footer cut to the width keeps what the user did not expect.
	const total = state.transaction.recipients.length;
	return refused.length > 0 ? `${refused.length} of ${total} recipients refused (${refused.map(r => r.address).join(', ')}); ${head}` : head;
}
