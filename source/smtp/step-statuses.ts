// The status of each step of the rail as the session keeps it (pending, active, done, skipped, or failed with the
// reply's code and the refusal's kind), with the rules for changing one that hold whatever the session is doing.
import type {FailureKind} from './failure.js';
import {STEPS, type Reply, type Step, type StepState, type StepStatus} from './types.js';

export class StepStatuses {
	readonly #statuses = new Map<Step, Omit<StepState, 'step'>>(
		STEPS.map(step => [step, {status: step === 'connect' ? 'active' : 'pending'}]),
	);

	status(step: Step): StepStatus {
		return this.#statuses.get(step)!.status;
	}

	mark(step: Step, status: StepStatus, code?: number): void {
		this.#statuses.set(step, code === undefined ? {status} : {status, code});
	}

	/** Step result from a reply: done on success, failed with the code (and the refusal's kind, when known) otherwise. */
	result(step: Step, ok: boolean, reply: Reply, kind?: FailureKind): void {
		if (ok) this.mark(step, 'done');
		else this.#statuses.set(step, {status: 'failed', code: reply.code, ...(kind && {kind})});
	}

	/** A step already done (or passed over) stays so: a later refusal is about another try. */
	markFailedUnlessPast(step: Step, code?: number): void {
		if (this.status(step) !== 'done' && this.status(step) !== 'skipped') this.mark(step, 'failed', code);
	}

	/** STARTTLS and AUTH, still to come, are passed over once a transaction begins without them. */
	passOver(): void {
		for (const optional of ['starttls', 'auth'] as const) {
			if (this.status(optional) === 'pending') this.mark(optional, 'skipped');
		}
	}

	/** Every step in the rail's order, with its status. */
	list(): StepState[] {
		return STEPS.map(step => ({step, ...this.#statuses.get(step)!}));
	}
}
