// The manual-mode command line: one editable line plus a history recalled with Up/Down, like a shell.
import {createText, editText, sanitizeLine, textValue, type EditAction, type TextEditorState} from './text-editor-state.js';
import {GLYPH} from '../theme.js';
import {UNDO_LIMIT} from './form-undo.js';
import {maskedFrom} from '../../smtp/command-line.js';

export type CommandLineState = {
	text: TextEditorState;
	/** Oldest first. */
	history: readonly string[];
	/** Position while browsing the history; undefined when editing a new line. */
	index?: number;
	/** The unfinished line, kept while browsing the history. */
	draft?: string;
	/** Set when a paste had line breaks (sent lines are single lines). */
	notice?: string;
	/** The line as it was before its last changes (Ctrl+Z), newest last; a line sent starts afresh. */
	undo?: readonly LineStep[];
	/** The kind of the last change ("type", "delete"): more of it in a row is no new step, as in the forms. */
	run?: string;
	/** Where the line's masked part starts once an initial response was masked: it stays so as the line is edited. */
	maskedFrom?: number;
};

type LineStep = Pick<CommandLineState, 'text' | 'index' | 'draft'>;

type CommandLineAction =
	| {type: 'edit'; action: EditAction}
	| {type: 'historyPrev'}
	| {type: 'historyNext'}
	/** Clear the line and, unless `forget` (a body line, a secret), remember it (read it first with commandLineValue). */
	| {type: 'submit'; forget?: boolean}
	/** Put back a line that was not sent, cursor at its end. */
	| {type: 'restore'; line: string}
	/** Ctrl+Z: the line as it was before its last change (a line wiped by Ctrl+U comes back). */
	| {type: 'undo'};

const HISTORY_LIMIT = 200;

/** What a paste lost on its way into the line: said, so that two joined pieces do not go out unnoticed. */
// Short: the notice has one row under the command line, ~50 columns at 100.
const NOTICES = {
	'line break': () => 'Line breaks became spaces: one command per Enter',
	// Made when said: the ellipsis is the glyph set's, chosen at start.
	'control character': () => `Control characters (NUL, ESC, ${GLYPH.ellipsis}) dropped: check the line`,
	'not UTF-8': () => 'Bytes that are not UTF-8 dropped: is the locale UTF-8?',
} as const;

/** What inserting `text` into a command line loses, said in words; undefined when nothing is lost. */
export function pasteNotice(text: string): string | undefined {
	const {removed} = sanitizeLine(text, true);
	return removed === undefined ? undefined : NOTICES[removed]();
}

/** How a command line is edited: one line, without C1 controls (see sanitizeLine). */
export const COMMAND_EDIT = {multiline: false, command: true} as const;

export function createCommandLine(history: readonly string[] = []): CommandLineState {
	return {text: createText('', {multiline: false}), history};
}

export function commandLineValue(state: CommandLineState): string {
	return textValue(state.text);
}

function recall(state: CommandLineState, index: number | undefined): CommandLineState {
	const line = index === undefined ? (state.draft ?? '') : state.history[index]!;
	return {
		...state,
		index,
		draft: index === undefined ? undefined : (state.draft ?? commandLineValue(state)),
		text: editText(state.text, {type: 'set', text: line}, {multiline: false}),
	};
}

/**
 * Every change of the line is a step for Ctrl+Z (an edit, a line recalled or put back); a run of typed characters,
 * or of Backspace or Delete, is one. A line sent starts afresh: Up recalls it.
 */
export function commandLineReducer(state: CommandLineState, action: CommandLineAction): CommandLineState {
	if (action.type === 'undo') return masking(state, undoLine(state));
	const next = changed(state, action);
	if (action.type === 'submit') return next;
	const stepped = withStep(state, next, action.type === 'edit' ? editRun(action.action) : undefined);
	// A line recalled or put back is a line of its own: only an edit (or its undo) keeps what was masked.
	return action.type === 'edit' ? masking(state, stepped) : withMaskedFrom(stepped, undefined);
}

/** `after` with where its masked part starts, carried on from `before` (see maskedFrom). */
function masking(before: CommandLineState, after: CommandLineState): CommandLineState {
	return withMaskedFrom(after, maskedFrom(commandLineValue(before), before.maskedFrom, commandLineValue(after)));
}

/** `state` with `from` as its masked start: the same object when that changes nothing (no change is no step). */
function withMaskedFrom(state: CommandLineState, from: number | undefined): CommandLineState {
	return state.maskedFrom === from ? state : {...state, maskedFrom: from};
}

/** The kind of an edit for undo: typing one character at a time, or deleting one. */
function editRun(action: EditAction): string | undefined {
	if (action.type === 'insert') return [...action.text].length === 1 ? 'type' : undefined;
	return action.type === 'deleteLeft' || action.type === 'deleteRight' ? 'delete' : undefined;
}

function withStep(before: CommandLineState, after: CommandLineState, run: string | undefined): CommandLineState {
	// A cursor move changes nothing to undo, and ends the run.
	if (commandLineValue(after) === commandLineValue(before)) return after.run === undefined ? after : {...after, run: undefined};
	if (run !== undefined && run === before.run) return after;
	const step: LineStep = {text: before.text, index: before.index, draft: before.draft};
	return {...after, undo: [...(before.undo ?? []), step].slice(-UNDO_LIMIT), run};
}

function undoLine(state: CommandLineState): CommandLineState {
	const previous = state.undo?.at(-1);
	if (!previous) return state;
	// A notice of then would speak of another moment.
	const {notice, run, ...rest} = state;
	return {...rest, ...previous, undo: state.undo!.slice(0, -1)};
}

function changed(state: CommandLineState, action: Exclude<CommandLineAction, {type: 'undo'}>): CommandLineState {
	switch (action.type) {
		case 'edit': {
			const notice = action.action.type === 'insert' ? pasteNotice(action.action.text) : undefined;
			return {...state, text: editText(state.text, action.action, COMMAND_EDIT), notice};
		}
		case 'historyPrev': {
			if (state.history.length === 0) return state;
			const index = state.index === undefined ? state.history.length - 1 : Math.max(0, state.index - 1);
			return index === state.index ? state : recall(state, index);
		}
		case 'historyNext': {
			if (state.index === undefined) return state;
			const next = state.index + 1;
			return recall(state, next < state.history.length ? next : undefined);
		}
		case 'submit': {
			const line = commandLineValue(state);
			const last = state.history.at(-1);
			const history = action.forget || line === '' || line === last ? state.history : [...state.history, line].slice(-HISTORY_LIMIT);
			return createCommandLine(history);
		}
		case 'restore':
			return {...state, index: undefined, draft: undefined, text: editText(state.text, {type: 'set', text: action.line}, {multiline: false})};
	}
}
