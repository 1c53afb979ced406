// What the footer says about a key that did nothing, or not what it usually does: the step prompt's keys, undo,
// suspend, stray typing, unbound chords.
import type {DashboardState} from './components/dashboard-state.js';
import {BINDINGS, bindingById, keyFor, previewing, type BindingId, type KeyContext} from './keys/bindings.js';
import {ESCAPE_CHORD, SUSPEND_CHORD} from './keys/router.js';

/** Manual mode after 354: what is typed is the message, and nothing else may go until it ends. */
// Footer messages put the key early: at 80 columns the footer cuts them after ~45 characters.
export const HAND_TYPED_MESSAGE_OPEN = `"." ends the message first; ${keyFor('session.disconnect')} drops it`;
/** For a key pressed to get out of a message typed after 354 (Esc, Ctrl+D, Ctrl+Z): the two ways that really do. */
const MESSAGE_WAYS_OUT = `a lone "." sends the message; ${keyFor('session.disconnect')} drops it (closes the connection)`;
/** An Enter just after the step prompt went away, not passed on to the panel behind it. */
export const LATE_ENTER = 'Enter held back: the step prompt is gone';
/**
 * An Enter just after a new step line appeared, held. Short enough to sit beside the mode at 80 columns: a row of
 * its own would move every panel as it comes and goes.
 */
export const EARLY_ENTER = `${keyFor('step.confirm')} held: ${keyFor('step.confirm')} again sends it`;
/** Ctrl+Z or SIGTSTP: suspended, the shell would get back a terminal in raw mode (see terminal.ts). */
export const SUSPEND_OFF = `suspending is off (Ctrl+Z, SIGTSTP), so the terminal is never left in raw mode; ${keyFor('app.quit')} quits`;
/** Said after a change Ctrl+Z can take back (Ctrl+F's reset, Ctrl+R, the MX target). */
export const UNDOES = `${keyFor('form.undo')} undoes`;

/** Ctrl+Z or Ctrl+_ in a replay's panels, where undo is not offered. */
const UNDO_OFF_IN_REPLAY = "undo is off in a replay: the composer shows the recording's message, which plays as recorded";
/** Ctrl+Z or Ctrl+_ at the step prompt: the panels wait for the session, whichever step it is at. */
const UNDO_WAITS = 'undo waits: the session is running; undo after it';

/** A footer line, and whether it is about the step prompt's line (then it goes with that line). */
export type KeyHint = {text: string; step?: boolean};

/** Ctrl+D on an empty command line: what the telnet user who pressed it to leave can do instead. */
function ctrlDHint(connected: boolean): string {
	return connected ? `Ctrl+D does nothing here; to close the connection type QUIT or press ${keyFor('session.disconnect')}` : `Ctrl+D does nothing here; ${keyFor('app.quit')} quits smtp-tui`;
}

/** The footer's word for Esc at the message's step prompt: after 354 only a message may follow, so stopping closes. */
export const MESSAGE_STOP = 'stop (closes the connection)';

/** Esc at the step prompt in words: the preview open, it closes that first (see the router). */
export function stepStop({focus, preview}: DashboardState): string {
	return `${keyFor('step.stop')} ${focus === 'composer' && preview ? 'closes the preview, then stops' : 'stops'}`;
}

/**
 * Ctrl+Z or Ctrl+_ (`key`) in a form or the command line: `left` steps to undo there, undefined when there was none.
 * `typingBody`: in a message after 354, where a student pressing Ctrl+Z wants out of it.
 */
export function undoHint(left: number | undefined, key: string, typingBody = false): string {
	if (left === undefined && typingBody) return `nothing to undo here; ${MESSAGE_WAYS_OUT}`;
	// Nothing to undo: Ctrl+Z also says what it does not do (suspend), as it does where nothing is undone.
	if (left === undefined) return key === 'z' ? `nothing to undo here; ${SUSPEND_OFF}` : 'nothing to undo here';
	return left === 0 ? 'undone; nothing more to undo here' : `undone; ${keyFor('form.undo')} again undoes the change before`;
}

/** A key that changes the message, pressed at the step prompt. */
export function heldAtStepHint(id: BindingId): string {
	// The step session sends the message as it was when it started: a change now would show but not go.
	return id === 'form.undo' ? UNDO_WAITS : `${keyFor(id)} waits: the message is on its way; change it after this session`;
}

/** Text typed where no field takes it: where typing goes, or undefined to say nothing. */
export function strayTextHint(context: KeyContext, state: DashboardState): KeyHint | undefined {
	// With the preview open the composer's fields take no typing: say how to get back to them.
	if (!context.overlay && context.focus === 'composer' && context.editing === false) return {text: `the preview is open: ${keyFor('composer.preview')} closes it to edit the message`};
	// Letters typed where nothing takes text (a student who tabbed away from the command line, say): where to.
	if (!context.overlay && (context.focus === 'log' || context.focus === 'inbox')) {
		const panel = context.focus === 'log' ? 'the log' : 'the inbox';
		return {text: `${panel} takes no typing: type in ${context.mode === 'manual' ? 'the command line' : 'the message'} (${keyFor('focus.next')} moves between panels)`};
	}
	// Letters typed at the step prompt edit nothing: say which keys it takes instead of swallowing them.
	if (context.overlay !== 'step') return undefined;
	if (context.stepWaiting) return {text: 'step mode: the next line is offered when the server has answered', step: true};
	// The message (`e` tried on it): it is the composer's, and Esc here ends the connection, not just the step.
	if (context.stopHint === MESSAGE_STOP && !previewing(context)) {
		return {text: `step mode: ${keyFor('step.confirm')} sends the message, ${keyFor('step.stop')} closes the connection; the message is edited in the composer, not here`, step: true};
	}
	const edit = context.fixedProposal ? '' : `, ${keyFor('step.edit')} edits it`;
	return {text: `step mode: ${keyFor('step.confirm')} sends the line${edit}, ${stepStop(state)}`, step: true};
}

/** A chord that does nothing here (`connected`: the session's connection is open), or undefined to say nothing. */
export function unboundKeyHint(chord: string, context: KeyContext, connected: () => boolean): KeyHint | undefined {
	// Said, not typed: Alt+X typing "x", or Ctrl+_ taken for a paste problem, left the user guessing.
	if (context.overlay === 'help') return undefined;
	const undoKey = bindingById('form.undo').keys.some(key => key.label === chord);
	if (undoKey && context.replay && (context.focus === 'composer' || context.focus === 'connection')) return {text: UNDO_OFF_IN_REPLAY};
	// A key of the panel that a replay turns off (Ctrl+P, Ctrl+N, Ctrl+K...): why it does nothing.
	const off = context.replay ? BINDINGS.find(binding => binding.notInReplay && binding.scopes.includes(context.focus) && binding.keys.some(key => key.label === chord)) : undefined;
	if (off) return {text: `${chord} (${off.hint ?? off.description.toLowerCase()}) is off in a replay: the recording plays as recorded`};
	// Esc is the reflex for "stop": it does not stop a session, Ctrl+X does (and says QUIT).
	// In step mode it stops at a prompt, not between them: said until the next prompt comes.
	if (chord === ESCAPE_CHORD && context.running && context.mode === 'step') return {text: `Esc stops at a step prompt, not while a reply is awaited; ${keyFor('session.disconnect')} stops now`, step: true};
	if (chord === ESCAPE_CHORD && context.running) return {text: `Esc does not stop a running session: ${keyFor('session.disconnect')} stops it`};
	// Ctrl+D on an empty command line: telnet's and the shell's way out, which deletes nothing here.
	if (context.typingBody && context.focus === 'command' && (chord === ESCAPE_CHORD || chord === 'Ctrl+D')) return {text: `${chord} does nothing in a message: ${MESSAGE_WAYS_OUT}`};
	if (chord === 'Ctrl+D' && context.focus === 'command') return {text: ctrlDHint(connected())};
	return {text: chord === SUSPEND_CHORD ? SUSPEND_OFF : `${chord} does nothing here; ${keyFor('help.toggle')} lists every key`};
}
