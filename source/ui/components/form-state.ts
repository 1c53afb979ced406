// A form is a list of fields with one active: the connection panel and the composer are both forms.
// Single-line fields can never hold a line break: pasted CR/LF becomes a space and the field shows an error.
import type {Editing} from '../keys/bindings.js';
import {createText, editText, sanitizeLine, textValue, type EditAction, type TextEditorState} from './text-editor-state.js';

type FieldKind = 'line' | 'secret' | 'choice' | 'text';

export type FormField = {
	id: string;
	label: string;
	kind: FieldKind;
	/** The value being edited (for a choice field: unused, one empty line). */
	text: TextEditorState;
	choices?: readonly string[];
	choice?: number;
	/** Extra headers can be removed; fixed fields cannot. */
	removable?: boolean;
	/** A comma-separated list (To, Cc, Bcc, Attach): pasted lines become its items. */
	list?: true;
};

/**
 * `notice`: the input was taken and cleaned (a line break became a space; marked `!`), not refused (`✖`): said once,
 * gone when the focus moves, unless it `stays` (it came with the key that moved the focus) until the field is edited.
 */
export type FieldError = {field: string; message: string; notice?: true; stays?: true};

/** What of a form's error outlives a move of the focus: an error, or a notice that stays. */
const afterMove = (error?: FieldError) => (error && (!error.notice || error.stays) ? {error} : {});

export type FormState = {
	fields: readonly FormField[];
	active: number;
	error?: FieldError;
	/**
	 * The active field is a secret edited since it got the focus: only then does it show one * per character, as
	 * typing feedback. Otherwise its mask is fixed, so a projector or a shared screen does not tell its length.
	 */
	typing?: true;
};

export type FormAction =
	| {type: 'edit'; action: EditAction; pageSize?: number}
	| {type: 'next'}
	| {type: 'prev'}
	| {type: 'focus'; id: string}
	| {type: 'choice'; delta: 1 | -1}
	/** Insert a field after the active one (or at `index`) and focus it. */
	| {type: 'add'; field: FormField; index?: number}
	/** Remove the active field when it is removable. */
	| {type: 'remove'}
	| {type: 'set'; id: string; value: string}
	| {type: 'error'; error?: FieldError}
	/** The form's panel lost the focus: a secret's typing is over. */
	| {type: 'blur'};

export function lineField(id: string, label: string, value = '', kind: 'line' | 'secret' = 'line'): FormField {
	return {id, label, kind, text: createText(value, {multiline: false})};
}

export function textField(id: string, label: string, value = ''): FormField {
	return {id, label, kind: 'text', text: createText(value, {multiline: true, cursor: 'start'})};
}

export function choiceField(id: string, label: string, choices: readonly string[], value: string): FormField {
	return {id, label, kind: 'choice', text: createText('', {multiline: false}), choices, choice: Math.max(0, choices.indexOf(value))};
}

export function fieldValue(field: FormField): string {
	return field.kind === 'choice' ? (field.choices?.[field.choice ?? 0] ?? '') : textValue(field.text);
}

export function formValue(form: FormState, id: string): string {
	const field = form.fields.find(candidate => candidate.id === id);
	return field ? fieldValue(field) : '';
}

export function activeField(form: FormState): FormField {
	return form.fields[form.active]!;
}

/** What the key router should treat the active field as. */
export function editingKind(form: FormState): Editing {
	const kind = activeField(form).kind;
	return kind === 'secret' ? 'line' : kind;
}

function replaceField(form: FormState, index: number, field: FormField, error?: FieldError): FormState {
	const fields = [...form.fields];
	fields[index] = field;
	return {...form, fields, error};
}

/** The form without the typing mark (see FormState.typing). */
function settled(form: FormState): FormState {
	if (!form.typing) return form;
	const {typing: _typing, ...rest} = form;
	return rest;
}

function editField(form: FormState, given: EditAction, pageSize?: number): FormState {
	const field = activeField(form);
	if (field.kind === 'choice') return form;
	// A column of addresses (or files) pasted into a list: one item per line, as the user meant.
	const column = field.list === true && given.type === 'insert' && /[\r\n]/.test(given.text);
	const action: EditAction = column ? {type: 'insert', text: besideItems(field.text, listOfLines(given.text))} : given;
	const multiline = field.kind === 'text';
	// Up from the first line of the body goes to the field above, like moving between header lines.
	if (multiline && action.type === 'up' && field.text.row === 0) return move(form, -1);
	// An error stays until the field it names is edited again.
	let error = form.error?.field === field.id ? undefined : form.error;
	if (action.type === 'insert') {
		// The body keeps line breaks (and tabs): only other control characters go, and that is said too.
		const {removed} = sanitizeLine(multiline ? action.text.replace(/[\r\n]/g, '') : action.text);
		// A paste with both: both said, so the control characters dropped are not a surprise later.
		const controls = removed === 'control character' || (removed === 'line break' && /[\u0000-\u0008\u000B-\u001F\u007F]/.test(action.text.replace(/[\r\n]/g, '')));
		if (column) {
			error = {field: field.id, message: `${field.label}: one per line became a list, separated by commas${removed === undefined ? '' : '; control characters removed'}`, notice: true};
		} else if (removed === 'not UTF-8') {
			// It stays as the focus moves: the byte is only known with the key after it (Node's UTF-8 decoder waits for
			// the rest of the character), which may be the Tab that moves on (see the router).
			error = {field: field.id, message: `${field.label}: a character the terminal sent was not UTF-8, and was dropped: is its locale UTF-8 (LANG=en_US.UTF-8)?`, notice: true, stays: true};
		} else if (removed === 'line break') {
			error = {field: field.id, message: `${field.label}: no line breaks in this field; replaced by a space${controls ? ', and control characters removed' : ''}`, notice: true};
		} else if (controls) {
			error = {field: field.id, message: `${field.label}: control characters were removed`, notice: true};
		}
	}
	const text = editText(field.text, action, {multiline, pageSize});
	if (text === field.text && error === form.error) return form;
	const edited = replaceField(form, form.active, {...field, text}, error);
	return field.kind === 'secret' && text !== field.text ? {...edited, typing: true} : edited;
}

/** The pasted list, with the comma that keeps it apart from an item already before or after the cursor. */
function besideItems(text: TextEditorState, list: string): string {
	if (list === '') return '';
	const line = text.lines[text.row] ?? '';
	const typed = line.slice(0, text.col);
	const before = typed.trimEnd();
	const after = line.slice(text.col).trimStart();
	const lead = before === '' ? '' : !before.endsWith(',') ? ', ' : typed.endsWith(' ') ? '' : ' ';
	return `${lead}${list}${after !== '' && !after.startsWith(',') ? ', ' : ''}`;
}

function listOfLines(text: string): string {
	return text
		.split(/\r\n|\r|\n/)
		.map(line => line.trim().replace(/,$/, ''))
		.filter(line => line !== '')
		.join(', ');
}

function move(form: FormState, delta: number): FormState {
	return focusAt(form, Math.max(0, Math.min(form.fields.length - 1, form.active + delta)));
}

/** Focus another field; a notice about the one left is done with. */
function focusAt(form: FormState, active: number): FormState {
	if (active === form.active) return form;
	const {error, ...rest} = settled(form);
	return {...rest, ...afterMove(error), active};
}

export function formReducer(form: FormState, action: FormAction): FormState {
	switch (action.type) {
		case 'edit':
			return editField(form, action.action, action.pageSize);
		case 'next':
			return move(form, 1);
		case 'prev':
			return move(form, -1);
		case 'focus': {
			const index = form.fields.findIndex(field => field.id === action.id);
			return index === -1 ? form : focusAt(form, index);
		}
		case 'choice': {
			const field = activeField(form);
			if (field.kind !== 'choice' || !field.choices?.length) return form;
			const count = field.choices.length;
			const choice = ((field.choice ?? 0) + action.delta + count) % count;
			return replaceField(form, form.active, {...field, choice}, form.error);
		}
		case 'add': {
			const index = action.index ?? form.active + 1;
			const fields = [...form.fields];
			fields.splice(index, 0, action.field);
			// Focus moves to the new field: a notice about the one left is done with, as on any move.
			const {error, ...rest} = settled(form);
			return {...rest, ...afterMove(error), fields, active: index};
		}
		case 'remove': {
			if (!activeField(form).removable) return form;
			const removedId = activeField(form).id;
			const fields = form.fields.filter((_field, index) => index !== form.active);
			const error = form.error?.field === removedId ? undefined : form.error;
			return {fields, active: Math.max(0, form.active - 1), error};
		}
		case 'set': {
			const index = form.fields.findIndex(field => field.id === action.id);
			if (index === -1) return form;
			const field = form.fields[index]!;
			if (field.kind === 'choice') {
				const choice = field.choices?.indexOf(action.value) ?? -1;
				return choice === -1 ? form : replaceField(form, index, {...field, choice}, form.error);
			}
			const text = editText(field.text, {type: 'set', text: action.value}, {multiline: field.kind === 'text'});
			return replaceField(form, index, {...field, text}, form.error);
		}
		case 'error':
			return {...form, error: action.error};
		case 'blur':
			return settled(form);
	}
}
