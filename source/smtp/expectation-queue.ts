// What the session waits for, oldest first: the greeting, each command sent and not answered yet, the final reply
// to a message. Each reply answers the head; the step of the command awaited is the one current on the rail.
import {typedVerb} from './command-line.js';
import type {Transaction} from './session-types.js';
import type {StepStatuses} from './step-statuses.js';
import {STEP_OF, successStep, type Trigger} from './transitions.js';
import type {EncodedCommand, RecipientResult, Step} from './types.js';

export type Expectation = {
	trigger: Trigger;
	command?: EncodedCommand;
	/** The transaction record the command belongs to (MAIL, RCPT, DATA, the final dot). */
	transaction?: Transaction;
	/** For RCPT: the recipient entry to complete. */
	recipient?: RecipientResult;
	/**
	 * The rail step this command makes current once it is the one awaited (at the head of the queue): a command sent
	 * behind another (QUIT while RCPT waits) leaves that one current until its reply comes, so one step is current.
	 */
	activate?: Step;
	/** For BDAT (RFC 3030): the octets of the chunk that followed the command. */
	octets?: number;
};

/** The rail step a command works on: its own, or for a typed line read only as text, the one its verb names. */
export function stepOfCommand(expectation: Expectation): Step | undefined {
	const sent = expectation.command?.command;
	// A planned BDAT goes as a line of its own (no verb of the user's): its trigger, a chunk or the last one, says its step.
	const planned = expectation.trigger === 'chunk' || expectation.trigger === '.';
	const verb = sent?.verb === 'RAW' && !planned ? typedVerb(sent.line) : expectation.trigger;
	return verb === undefined ? undefined : STEP_OF[verb as Trigger];
}

export class ExpectationQueue {
	#queue: Expectation[] = [];
	readonly #rail: StepStatuses;

	constructor(rail: StepStatuses) {
		this.#rail = rail;
	}

	/** The oldest thing awaited: the next reply answers it. */
	get head(): Expectation | undefined {
		return this.#queue[0];
	}

	push(expectation: Expectation): void {
		this.#queue.push(expectation);
	}

	/** Awaited before everything else (the final reply answers the message, before anything sent after it). */
	unshift(expectation: Expectation): void {
		this.#queue.unshift(expectation);
	}

	/** Forgets the expectations at the head that `match` (LMTP's other recipients, once the message was refused early). */
	dropWhile(match: (expectation: Expectation) => boolean): void {
		while (this.#queue[0] && match(this.#queue[0])) this.#queue.shift();
	}

	shift(): Expectation | undefined {
		return this.#queue.shift();
	}

	clear(): void {
		this.#queue = [];
	}

	/** The oldest command still waiting for its reply (the greeting and the final reply are no commands). */
	oldestCommand(): EncodedCommand | undefined {
		return this.#queue.find(expectation => expectation.command)?.command;
	}

	/** Commands sent and not answered yet, oldest first. */
	pending(): EncodedCommand[] {
		return this.#queue.flatMap(expectation => (expectation.command ? [expectation.command] : []));
	}

	/** LMTP: the recipients' replies after the message still awaited (each names its recipient). */
	awaitingDelivery(): Expectation[] {
		return this.#queue.filter(expectation => expectation.trigger === '.' && expectation.recipient !== undefined);
	}

	/** A command of `transaction` (its MAIL, a RCPT, DATA) still waits for its reply. */
	awaitsTransaction(transaction: Transaction): boolean {
		return this.#queue.some(expectation => expectation.transaction === transaction);
	}

	/** AUTH or an answer to its challenge waits for its reply. */
	awaitsAuth(): boolean {
		return this.#queue.some(expectation => expectation.trigger === 'AUTH' || expectation.trigger === 'AUTH-RESPONSE');
	}

	/** The step after everything still waiting succeeds, from `step` (the greeting is never assumed). */
	predictedStep(step: Step): Step {
		let predicted = step;
		for (const expectation of this.#queue) {
			if (expectation.trigger !== 'greeting') predicted = successStep(predicted, expectation.trigger);
		}
		return predicted;
	}

	/**
	 * The first thing awaited that works on a rail step: the oldest in the queue, or a command behind commands with no
	 * step of their own (MAIL behind a NOOP). Its step is the current one.
	 */
	awaited(): Expectation | undefined {
		return this.#queue.find(expectation => STEP_OF[expectation.trigger] !== undefined) ?? this.#queue[0];
	}

	/** The command now awaited makes its step current (once: its reply decides what the step becomes). */
	activateHead(): void {
		const head = this.awaited();
		if (!head?.activate) return;
		this.#rail.mark(head.activate, 'active');
		delete head.activate;
	}

	/**
	 * The session ends with commands unanswered: the step waited on is no longer current, and the steps of commands
	 * sent behind it, which never became current, did not happen either.
	 */
	abandon(): void {
		for (const expectation of this.#queue) {
			if (expectation.activate && this.#rail.status(expectation.activate) === 'pending') this.#rail.mark(expectation.activate, 'skipped');
		}
		for (const {step, status} of this.#rail.list()) if (status === 'active') this.#rail.mark(step, 'skipped');
	}
}
