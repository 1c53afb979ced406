// What a run ends with: the result the snapshot shows, from the end the run chose and the failure the session had.
import type {Failure, FailureKind} from '../smtp/failure.js';
import {messageQueued} from '../smtp/plan.js';
import type {SessionState} from '../smtp/session-types.js';
import type {SessionSnapshot} from './types.js';

/** The end a run chose; none when a failure ended it. */
export type RunEnd = {ok: boolean; message: string; kind?: FailureKind};

export function runResult(end: RunEnd | undefined, failure: Failure | undefined, transaction: SessionState['transaction'] | undefined): NonNullable<SessionSnapshot['result']> {
	const final = end ?? {ok: false, message: failure?.message ?? 'failed', ...(failure?.kind && {kind: failure.kind})};
	return {
		ok: final.ok,
		message: final.message,
		...(!final.ok && failure && {stage: failure.stage}),
		...(!final.ok && final.kind && {kind: final.kind}),
		// The cause goes with the failure's own kind, not another a caller gave the result.
		...(!final.ok && final.kind === failure?.kind && failure?.cause && {cause: failure.cause}),
		...(!final.ok && failure?.reply && {reply: failure.reply}),
		// Queued: the final reply (its queue id), for a summary that says something else (some recipients refused).
		...(final.ok && transaction?.reply && {reply: transaction.reply}),
	};
}

/**
 * The server's end of the session once this run's message was taken (a run begins a transaction of its own): what
 * it said, or the protocol it broke while nothing was awaited (stage closed); undefined otherwise.
 */
export function endedAfterQueued(failure: Failure | undefined, state: SessionState): string | undefined {
	const between = failure?.kind === 'closed-between-commands' || (failure?.kind === 'protocol-error' && failure.stage === 'closed');
	return between && messageQueued(state.transaction) ? failure.message : undefined;
}
