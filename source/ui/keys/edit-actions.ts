// Binding ids of the text-editing keys, turned into editor actions.
import type {EditAction} from '../components/text-editor-state.js';
import type {BindingId} from './bindings.js';

const simple: Partial<Record<BindingId, EditAction>> = {
	'edit.deleteLeft': {type: 'deleteLeft'},
	'edit.deleteRight': {type: 'deleteRight'},
	'edit.deleteToStart': {type: 'deleteToStart'},
	'edit.deleteWordLeft': {type: 'deleteWordLeft'},
	'edit.deleteWordBack': {type: 'deleteWordBack'},
	'edit.deleteWordRight': {type: 'deleteWordRight'},
	'edit.left': {type: 'left'},
	'edit.right': {type: 'right'},
	'edit.wordLeft': {type: 'wordLeft'},
	'edit.wordRight': {type: 'wordRight'},
	'edit.home': {type: 'home'},
	'edit.end': {type: 'end'},
	'edit.up': {type: 'up'},
	'edit.down': {type: 'down'},
	'edit.pageUp': {type: 'pageUp'},
	'edit.pageDown': {type: 'pageDown'},
	'edit.newline': {type: 'newline'},
};

/** The editor action for an `edit.*` binding (insert carries the typed or pasted text), else undefined. */
export function editActionFor(id: BindingId, input: string): EditAction | undefined {
	if (id === 'edit.insert') return {type: 'insert', text: input};
	return simple[id];
}
