// Key handlers that drive a form (connection panel, composer) from the router's binding ids.
import type {FormAction} from '../components/form-state.js';
import {EDIT_BINDING_IDS, editActionFor} from './edit-actions.js';
import type {KeyHandlers} from './router.js';

/** Handlers for the editing, field and choice bindings; `pageSize` is the body editor's visible rows. */
export function formKeyHandlers(dispatch: (action: FormAction) => void, pageSize?: number): KeyHandlers {
	const handlers: KeyHandlers = {
		'field.next': () => dispatch({type: 'next'}),
		'field.prev': () => dispatch({type: 'prev'}),
		'choice.next': () => dispatch({type: 'choice', delta: 1}),
		'choice.prev': () => dispatch({type: 'choice', delta: -1}),
	};
	for (const id of EDIT_BINDING_IDS) {
		handlers[id] = input => dispatch({type: 'edit', action: editActionFor(id, input)!, pageSize});
	}
	return handlers;
}
