// Undo for the composer and the connection panel: each form's states before its last changes, newest last.
// A run of typed characters (or of Backspace, or of one choice stepped through) in one field is one step, as in
// editors; a paste, a word or line deleted, a header added or removed, a reset are a step each.
import {activeField, fieldValue, type FormState} from './form-state.js';
import {sameText} from './text-editor-state.js';

export type UndoForm = 'composer' | 'connection';

export type UndoState = {
	composer: readonly FormState[];
	connection: readonly FormState[];
	/** The run the last change belongs to ("composer:subject:type"): a change in the same run is no new step. */
	run?: string;
};

/** Steps kept per form (and on the command line): the oldest goes first. */
export const UNDO_LIMIT = 100;

export const NO_UNDO: UndoState = {composer: [], connection: []};

/** The form undo works on in the focused panel; undefined in a panel with none. */
export const undoFormAt = (focus: string): UndoForm | undefined => (focus === 'composer' || focus === 'connection' ? focus : undefined);

/** Whether two states of a form hold the same values (cursor, focus and errors aside). */
export function sameValues(a: FormState, b: FormState): boolean {
	return a.fields.length === b.fields.length && a.fields.every((field, index) => {
		const other = b.fields[index]!;
		// By content: a field set to the value it holds (Ctrl+L again to a domain's only MX) is no change.
		return field.id === other.id && (field.kind === 'choice' || other.kind === 'choice' ? fieldValue(field) === fieldValue(other) : sameText(field.text, other.text));
	});
}

/**
 * The undo state after a change of the forms, each given as [form, before, after]: the state before a change is a
 * new step, unless the change continues the last one's run (`run`: its kind, e.g. "type"; undefined: a step of its
 * own). A change of neither form (a cursor move, another panel) ends the run.
 */
export function recordChanges(undo: UndoState, changes: ReadonlyArray<readonly [UndoForm, FormState, FormState]>, run?: string): UndoState {
	const changed = changes.filter(([, before, after]) => !sameValues(before, after));
	if (changed.length === 0) return endRun(undo);
	return changed.reduce((result, [form, before]) => {
		const runKey = run === undefined ? undefined : `${form}:${activeField(before).id}:${run}`;
		if (runKey !== undefined && runKey === result.run && result[form].length > 0) return result;
		return {...result, [form]: [...result[form], before].slice(-UNDO_LIMIT), run: runKey};
	}, undo);
}

/** The form as it was before its last change, and the undo state without that step; undefined: nothing to undo. */
export function undoLast(undo: UndoState, form: UndoForm): {form: FormState; undo: UndoState} | undefined {
	const previous = undo[form].at(-1);
	if (!previous) return undefined;
	// Values, cursor and focused field as they were; an error or notice of then would speak of another moment.
	return {form: {fields: previous.fields, active: previous.active}, undo: {...undo, [form]: undo[form].slice(0, -1), run: undefined}};
}

/** The run ends: the next typing is a step of its own. */
function endRun(undo: UndoState): UndoState {
	return undo.run === undefined ? undo : {...undo, run: undefined};
}
