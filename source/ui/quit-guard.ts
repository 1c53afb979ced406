// What a Ctrl+C would lose: a message typed after 354 and not ended (the server discards it) (the draft is the composer's), nor is a line
// typed and not sent, nor a step-mode walkthrough half done, nor a second dashboard's edits. The habit of Ctrl+C to cancel a line must not lose them.
import type {ControllerSnapshot} from '../session/controller.js';
import {commandLineValue} from './components/command-line-state.js';
import type {DashboardState} from './components/dashboard-state.js';
import {textValue} from './components/text-editor-state.js';
import {keyFor} from './keys/bindings.js';
import {stopHint} from './components/dashboard.js';
import {MESSAGE_STOP} from './key-hints.js';
import {countOf} from '../smtp/digits.js';

/** A line typed and not sent, which quitting loses: manual mode's command line, a step line being edited. */
function lineNotSent({mode, commandLine, stepEdit}: DashboardState, proposed: string | undefined): string | undefined {
	if (stepEdit && textValue(stepEdit) !== proposed) return `the edited step line is not sent (${keyFor('step.confirm')} sends it)`;
	const typed = commandLineValue(commandLine);
	// A line recalled from the history as it was is kept there.
	const recalled = commandLine.index !== undefined && typed === commandLine.history[commandLine.index];
	return mode === 'manual' && typed !== '' && !recalled ? `the line typed is not sent (${keyFor('manual.submit')} sends it)` : undefined;
}

/** QUIT on offer, or sent and its reply awaited: the session is over anyway. */
function quitting({proposed, steps}: ControllerSnapshot['session']): boolean {
	return proposed?.command.verb === 'QUIT' || steps.some(({step, status}) => step === 'quit' && status !== 'pending');
}

/**
 * A live step-mode session mid-way, a line on offer or one sent and its reply awaited (the offer is gone for that
 * moment only): a reflex Ctrl+C (a copy, on a projector) would end the walkthrough. At QUIT the session is over
 * anyway, and a replay starts again as it was.
 */
function walkthroughCut({session}: ControllerSnapshot, {mode}: DashboardState): string | undefined {
	if (mode !== 'step' || session.connection !== 'connected' || session.target.replay || !session.busy || quitting(session)) return undefined;
	// At the message, after 354, Esc closes the connection too: nothing pauses there.
	if (stopHint(session.proposed).stopHint === MESSAGE_STOP) return 'the walkthrough ends here, and the message is not sent';
	// A reply awaited: Esc stops only at a prompt (it says so if pressed now), so it pauses once the reply is in.
	if (!session.proposed) return `the walkthrough ends here (once the reply is in, ${keyFor('step.stop')} pauses it)`;
	return `the walkthrough ends here (${keyFor('step.stop')} pauses it)`;
}

/**
 * Lines typed or pasted in manual mode behind one awaiting its reply: each goes once the one before is answered, so
 * for a moment the command line is empty while they still wait (the first of them is on the wire already).
 */
function linesQueued({linesWaiting}: ControllerSnapshot): string | undefined {
	return linesWaiting > 1 ? `${countOf(linesWaiting - 1, 'typed line')} not sent yet (each waits for the reply before it)` : undefined;
}

/** What quitting now would lose, in the footer's words; undefined when nothing. */
export function quitLoses(snapshot: ControllerSnapshot, state: DashboardState, editsNotSaved: () => string | undefined): string | undefined {
	const {dataMode, bodyLines} = snapshot;
	if (dataMode && bodyLines > 0) return 'the typed message is not finished ("." alone ends it)';
	const queued = linesQueued(snapshot);
	if (queued) return queued;
	const why = editsNotSaved();
	return lineNotSent(state, snapshot.session.proposed?.display) ?? walkthroughCut(snapshot, state) ?? (why === undefined ? undefined : `edits here are lost: ${why}`);
}
