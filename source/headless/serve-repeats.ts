// A client repeating one refusal (10,000 RCPTs past --max-recipients, a script looping on a 530): the text log
// shows the first few and counts the rest in one line before the session's next event, so a log on a projector
// stays readable. JSON keeps every event: a program counts them itself.
import type {SandboxEvent} from '../sandbox/events.js';
import {groupDigits} from '../smtp/digits.js';

/** Refusals alike shown in a row, before the rest are counted. */
const SHOWN_ALIKE = 3;

type Run = {key: string; reply: string; shown: number; held: number; time: number};

/** The line that counts the refusals held, with the time of the last. */
export type HeldCount = {session: number; time: number; text: string};

export class RefusalRepeats {
	/** By session: its last refusal, while nothing else came from it since. */
	private readonly runs = new Map<number, Run>();

	/** For one event: the count of the refusals held before it (logged first), and whether it is held itself. */
	next(event: SandboxEvent): {count?: HeldCount; held: boolean} {
		const run = this.runs.get(event.session);
		const key = event.type === 'refused' ? `${event.stage} ${event.code} ${event.text}` : undefined;
		if (run !== undefined && key === run.key) {
			if (run.shown < SHOWN_ALIKE) {
				run.shown++;
				return {held: false};
			}
			run.held++;
			run.time = event.time;
			return {held: true};
		}
		const count = this.ended(event.session);
		if (event.type === 'refused') this.runs.set(event.session, {key: key!, reply: `${event.code} ${event.text}`, shown: 1, held: 0, time: event.time});
		return {...(count && {count}), held: false};
	}

	/** The counts still held (serve stopping): each session's. */
	rest(): HeldCount[] {
		return [...this.runs.keys()].map(session => this.ended(session)).filter(count => count !== undefined);
	}

	private ended(session: number): HeldCount | undefined {
		const run = this.runs.get(session);
		this.runs.delete(session);
		return run === undefined || run.held === 0 ? undefined : {session, time: run.time, text: `refused ${groupDigits(run.held)} more alike: ${run.reply}`};
	}
}
