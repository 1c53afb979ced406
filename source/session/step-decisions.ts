// Step mode for the controller's runs: whether a run asks before each command, and the question it asks now, held
// until the user answers it (send, an edited line, or stop).
import type {StepDecision} from './types.js';

export class StepDecisions {
	#decide: ((decision: StepDecision) => void) | undefined;
	/** Whether a running session asks before each command: step mode, which the user can leave or enter mid-session. */
	#stepping = false;
	/**
	 * Switched to manual mid-session: the run stops before its next command, even one that comes only once a pending
	 * reply is in (nothing goes in manual mode that the user did not type).
	 */
	#stopAtNext = false;

	/** A run starts (a message, a replay's connection): in step mode it asks before each command. */
	begin(step: boolean): void {
		this.#stepping = step;
		this.#stopAtNext = false;
	}

	/** The mode changed, maybe mid-run: see SessionController.setMode. */
	setMode(mode: 'auto' | 'step' | 'manual'): void {
		this.#stopAtNext = mode === 'manual';
		this.#stepping = mode !== 'auto';
	}

	stepping = (): boolean => this.#stepping;

	/** What the run awaits before a command: the user's answer, or a stop at once after a switch to manual. */
	confirmation = () => (this.#stopAtNext ? Promise.resolve<StepDecision>({action: 'stop'}) : new Promise<StepDecision>(resolve => (this.#decide = resolve)));

	/** Stop at the question asked now, if one is. */
	stop(): void {
		this.take()?.({action: 'stop'});
	}

	/** The question asked now, to be answered by the caller; none is asked after it. */
	take(): ((decision: StepDecision) => void) | undefined {
		const decide = this.#decide;
		this.#decide = undefined;
		return decide;
	}
}
