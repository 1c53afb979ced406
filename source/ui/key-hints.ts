// What the footer says about a key that did nothing, or not what it usually does: the step prompt's keys, undo,
// suspend, stray typing, unbound chords.
import type {DashboardState} from './components/dashboard-state.js';
import {BODY_AS_FIELD} from './components/composer-form.js';
import {activeField} from './components/form-state.js';
import {BINDINGS, bindingById, keyFor, previewing, type BindingId, type KeyContext} from './keys/bindings.js';
import {ESCAPE_CHORD} from './keys/key-names.js';
import {groupNotEditable} from '../text/pipelined-group.js';
import {CHUNK_NOT_EDITABLE} from '../text/bdat-chunk.js';
import {SUSPEND_CHORD} from './keys/router.js';
import {keyToReach, keyWorksElsewhere, letterWorksElsewhere} from './keys/where-keys-work.js';

/** Manual mode after 354: what is typed is the message, and nothing else may go until it ends. */
// Footer messages put the key early: at 80 columns the footer cuts them after ~45 characters.
export const HAND_TYPED_MESSAGE_OPEN = `"." ends the message first; ${keyFor('session.disconnect')} drops it`;
/** For a key pressed to get out of a message typed after 354 (Esc, Ctrl+D, Ctrl+Z): the two ways that really do. */
const MESSAGE_WAYS_OUT = `a lone "." ends the message; ${keyFor('session.disconnect')} drops it (closes the connection)`;
/** An Enter just after the step prompt went away, not passed on to the panel behind it. */
export const LATE_ENTER = 'Enter held back: the step prompt is gone';
/**
 * An Enter just after a new step line appeared, held. Said in the step prompt (see its `held`): a row of
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
/** Ctrl+Z or Ctrl+_ in the step prompt's edit line: the user means the edit, which has no undo of its own. */
const STEP_EDIT_NO_UNDO = `the line being edited has no undo: ${keyFor('step.stop')} discards the edit, ${keyFor('step.confirm')} sends it`;
/** Ctrl+R on a composer field that is no extra header: what it does, and where. */
export const NO_HEADER_HERE = `${keyFor('composer.removeHeader')} removes an extra header: put the cursor on one (${keyFor('composer.addHeader')} adds one)`;

/** A footer line, and whether it is about the step prompt's line (then it goes with that line). */
export type KeyHint = {text: string; step?: boolean};

/** Ctrl+D on an empty command line: what the telnet user who pressed it to leave can do instead. */
function ctrlDHint(connected: boolean): string {
	return connected ? `Ctrl+D does nothing here; to close the connection type QUIT or press ${keyFor('session.disconnect')}` : `Ctrl+D does nothing here; ${keyFor('app.quit')} quits smtp-tui`;
}

/** The footer's word for Esc at the message's step prompt: after 354 only a message may follow, so stopping closes. */
export const MESSAGE_STOP = 'stop (closes the connection)';
/** Esc at the QUIT step: the session's last step not taken. */
export const KEEP_OPEN = 'keep the connection open';

/** Esc at the step prompt in words: the preview open, it closes that first (see the router). */
export function stepStop({focus, preview}: DashboardState, stopHint?: string): string {
	// As the prompt says it: at QUIT, Esc keeps the connection; at the message, it closes it.
	const stop = stopHint === KEEP_OPEN ? 'keeps the connection open' : stopHint === MESSAGE_STOP ? MESSAGE_STOP.replace(/^stop/, 'stops') : 'stops';
	return `${keyFor('step.stop')} ${focus === 'composer' && preview ? `closes the preview, then ${stop}` : stop}`;
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

/** A key that changes the message, pressed at the step prompt (`editingLine`: its edit line is open; `atQuit`: QUIT is on offer). */
export function heldAtStepHint(id: BindingId, editingLine: boolean, atQuit = false): string {
	if (id === 'form.undo') return editingLine ? STEP_EDIT_NO_UNDO : UNDO_WAITS;
	// The message went (or will not): what holds the key is the QUIT, and Esc lets it go.
	if (atQuit) return `${keyFor(id)} waits: QUIT is on offer; ${keyFor('step.stop')} keeps the connection open, then change the message`;
	// The step session sends the message as it was when it started: a change now would show but not go.
	return `${keyFor(id)} waits: the message is on its way; change it after this session`;
}

/** What the step prompt takes, for a key it does not take. */
function stepPromptKeys(context: KeyContext, state: DashboardState): string {
	if (context.stepWaiting) return 'step mode: the next line is offered when the server has answered';
	if (context.overlay === 'stepEdit') return `${keyFor('step.confirm')} sends the edited line, ${keyFor('step.stop')} discards the edit`;
	// The message (`e` tried on it): it is the composer's, and Esc here ends the connection, not just the step.
	if (context.stopHint === MESSAGE_STOP && !previewing(context)) {
		return `step mode: ${keyFor('step.confirm')} sends the message, ${keyFor('step.stop')} closes the connection; the message is edited in the composer, not here`;
	}
	// A pipelined group: why e does nothing, said first (a student pressed it to change a line of the group).
	if (context.pipelinedGroup !== undefined) {
		return `${groupNotEditable(context.pipelinedGroup, context.replay === true)}; ${keyFor('step.confirm')} sends them, ${stepStop(state, context.stopHint)}`;
	}
	// A BDAT chunk's line: why e does nothing (its count must match the octets behind it).
	if (context.bdatChunk !== undefined) return `${CHUNK_NOT_EDITABLE}; ${keyFor('step.confirm')} sends it, ${stepStop(state, context.stopHint)}`;
	const edit = context.fixedProposal ? '' : `, ${keyFor('step.edit')} edits it`;
	return `step mode: ${keyFor('step.confirm')} sends the line${edit}, ${stepStop(state, context.stopHint)}`;
}

/** Where a key pressed at the step prompt works instead: the prompt is still there, and Enter sends its line. */
const promptKeepsEnter = (elsewhere: string) => `${elsewhere} (the prompt keeps ${keyFor('step.confirm')})`;

/** In the help, what closes and scrolls it. */
const HELP_KEYS = `${keyFor('help.close')} closes it; ${keyFor('view.up')}/${keyFor('view.down')} and ${keyFor('view.pageUp')}/${keyFor('view.pageDown')} scroll`;
/** In a choice field (Security, Verify), how to choose. */
const CHOICE_KEYS = `${keyFor('choice.next')} or Space picks the next, ${keyFor('choice.prev')} the previous`;

/** Text typed or pasted where no field takes it: where typing goes, or which keys work here. */
export function strayTextHint(context: KeyContext, state: DashboardState, input = ''): KeyHint {
	// With the preview open the composer's fields take no typing: say how to get back to them.
	if (!context.overlay && context.focus === 'composer' && context.editing === false) return {text: `the preview is open: ${keyFor('composer.preview')} closes it to edit the message`};
	// Letters typed where nothing takes text (a student who tabbed away from the command line, say): where to.
	if (!context.overlay && (context.focus === 'log' || context.focus === 'inbox')) {
		const panel = context.focus === 'log' ? 'the log' : 'the inbox';
		// The key that gets there: from the inbox Tab went the long way round, through the connection panel.
		const manual = context.mode === 'manual';
		return {text: `${panel} takes no typing: type in ${manual ? 'the command line' : 'the message'} (${keyToReach(context, [manual ? 'command' : 'composer'])} there)`};
	}
	// Letters typed at the step prompt edit nothing: say which keys it takes instead of swallowing them, or where a
	// panel's letter works (z to zoom the log at 80x24, where an EHLO reply does not fit): the prompt keeps Enter there.
	if (context.overlay === 'step') {
		const elsewhere = letterWorksElsewhere(input, context);
		return {text: elsewhere ? promptKeepsEnter(elsewhere) : stepPromptKeys(context, state), step: true};
	}
	if (context.overlay === 'help') return {text: `the help takes no typing: ${HELP_KEYS}`, step: true};
	// Body as comes just before the body, on the body's rule: a paste meant for the body lands there.
	if (context.editing === 'choice' && context.focus === 'composer' && activeField(state.composer).id === BODY_AS_FIELD) {
		return {text: `Body as is a choice and takes no typing: ${keyFor('field.next')} goes to the body; ${CHOICE_KEYS}`};
	}
	if (context.editing === 'choice') return {text: `a choice takes no typing: ${CHOICE_KEYS}`};
	return {text: `typing does nothing here; ${keyFor('help.toggle')} lists every key`};
}

/**
 * A key that does nothing here, by its name (`connected`: the session's connection is open). Every key gets a word:
 * Alt+X typing "x", or Ctrl+_ taken for a paste problem, left the user guessing. The app shows it as a step hint:
 * it goes when the help, the step prompt or its edit line it was given under opens or closes.
 */
export function unboundKeyHint(chord: string, context: KeyContext, state: DashboardState, connected: () => boolean): string {
	const undoKey = bindingById('form.undo').keys.some(key => key.label === chord);
	if (undoKey && context.overlay === 'stepEdit') return STEP_EDIT_NO_UNDO;
	if (undoKey && context.replay && (context.focus === 'composer' || context.focus === 'connection')) return UNDO_OFF_IN_REPLAY;
	// A key of the panel that a replay turns off (Ctrl+P, Ctrl+N, Ctrl+K...): why it does nothing.
	const off = context.replay ? BINDINGS.find(binding => binding.notInReplay && binding.scopes.includes(context.focus) && binding.keys.some(key => key.label === chord)) : undefined;
	if (off) return `${chord} (${off.hint ?? off.description.toLowerCase()}) is off in a replay: the recording plays as recorded`;
	// Esc is the reflex for "stop": it does not stop a session, Ctrl+X does (and says QUIT).
	// In step mode it stops at a prompt, not between them: said until the next prompt comes.
	if (chord === ESCAPE_CHORD && context.running && context.mode === 'step') return `Esc stops at a step prompt, not while a reply is awaited; ${keyFor('session.disconnect')} stops now`;
	if (chord === ESCAPE_CHORD && context.running) return `Esc does not stop a running session: ${keyFor('session.disconnect')} stops it`;
	// Ctrl+D on an empty command line: telnet's and the shell's way out, which deletes nothing here.
	if (context.typingBody && context.focus === 'command' && (chord === ESCAPE_CHORD || chord === 'Ctrl+D')) return `${chord} does nothing in a message: ${MESSAGE_WAYS_OUT}`;
	// Backspace on an empty line of a message: the line before it went to the server as it was typed, for good.
	if (context.typingBody && context.focus === 'command' && chord === 'Backspace') return `Backspace does nothing in a message: each line went to the server as typed; ${keyFor('session.disconnect')} drops the message`;
	// Up and Down recall commands, which would go out as message text there.
	if (context.typingBody && context.focus === 'command' && (chord === 'Up' || chord === 'Down')) return `${chord} does nothing in a message: no command history until a lone "." ends it`;
	if (chord === 'Ctrl+D' && context.focus === 'command') return ctrlDHint(connected());
	if (chord === SUSPEND_CHORD) return SUSPEND_OFF;
	if (context.overlay === 'help') return `${chord} does nothing in the help; ${HELP_KEYS}`;
	// A panel's key at the step prompt, offering or awaiting (Ctrl+K probes the ports on connections of its own, Ctrl+P
	// shows the message): it works in its panel, where the prompt still has the keys.
	const elsewhere = context.overlay === 'step' ? keyWorksElsewhere(chord, context) : undefined;
	if (elsewhere) return promptKeepsEnter(elsewhere);
	if (context.overlay) return `${chord} does nothing here; ${stepPromptKeys(context, state)}`;
	if (context.editing === 'choice') return `${chord} does nothing in a choice; ${CHOICE_KEYS}`;
	// A list its filter emptied is not an empty inbox: sending one more would not help.
	if (context.emptyList && context.filtered) return `${chord} does nothing here: the filter names no message; ${keyFor('inbox.filterClear')} clears it`;
	// Manual mode's messages are typed (a lesson's too): the command line comes just before the inbox.
	if (context.emptyList && context.mode === 'manual') return `${chord} does nothing here: the inbox is empty until a message is typed on the command line (${keyFor('focus.prev')}): MAIL FROM, RCPT TO, DATA`;
	if (context.emptyList) return `${chord} does nothing here: the inbox is empty until a message is sent (${keyFor('session.send')})`;
	// The lesson panel's key out of manual mode: only manual mode has the command line it works on.
	if (context.mode !== 'manual' && bindingById('lesson.toggle').keys.some(key => key.label === chord)) return `${chord} (lesson) works in manual mode: ${keyFor('mode.cycle')} until the footer says MANUAL`;
	return keyWorksElsewhere(chord, context) ?? `${chord} does nothing here; ${keyFor('help.toggle')} lists every key`;
}
