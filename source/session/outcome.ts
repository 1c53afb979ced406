// What a finished run means for the message, said the same way by `send` and the dashboard.
import type {FailureKind} from '../smtp/failure.js';
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
