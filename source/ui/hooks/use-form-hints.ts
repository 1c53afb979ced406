// A footer line about a panel's content ("holds the sample message again", "header removed; Ctrl+Z undoes",
// "nothing to undo here") is true of the panel as it was then: the next change to it makes it stale (Ctrl+Z would
// undo that change), and a pending Ctrl+F question with it. Ctrl+F itself (the sample back) is such a line.
import {useEffect, useRef, useState} from 'react';
import type {ComposerDraft} from '../components/composer-form.js';
import type {DashboardState} from '../components/dashboard-state.js';
import type {FormState} from '../components/form-state.js';
import {sameValues, type UndoForm} from '../components/form-undo.js';
import {keyFor} from '../keys/bindings.js';
import {UNDOES} from '../key-hints.js';
import {SecondPress} from '../second-press.js';
import type {DashboardStore} from './use-dashboard-keys.js';
import type {StatusLine} from './use-status-line.js';

/** The form of the dashboard state that undo keeps steps for. */
const formOf = (state: DashboardState, form: UndoForm): FormState => (form === 'composer' ? state.composer : state.connectionForm);

type FormHintsOptions = {
	store: DashboardStore;
	status: StatusLine;
	sample: ComposerDraft | undefined;
	holdsSample: () => boolean;
};

type FormHints = {
	/** Shows a line about the form's content, until the form next changes. */
	hintForm: (form: UndoForm) => (text: string) => void;
	/** Ctrl+F: the composer goes back to the sample message, on a second press within RESET_CONFIRM_MS. */
	resetDraft: () => void;
	/** The user moved on: a second Ctrl+F asks again. */
	forget: () => void;
};

export function useFormHints({store, status: {setStatus, askTwice}, sample, holdsSample}: FormHintsOptions): FormHints {
	const {state, dispatch} = store;
	// Ctrl+F twice within RESET_CONFIRM_MS: one press alone must not wipe a message someone spent minutes on.
	const [resetAsked] = useState(() => new SecondPress());
	const formHint = useRef<{text: string; form: UndoForm; values: FormState} | undefined>(undefined);
	const hintForm = (form: UndoForm) => (text: string) => {
		formHint.current = {text, form, values: formOf(store.current(), form)};
		setStatus(text);
	};
	const hintComposer = hintForm('composer');
	useEffect(() => {
		const hint = formHint.current;
		// The latest state, not this render's: a key handled before this effect ran may have set the hint.
		if (!hint || sameValues(formOf(store.current(), hint.form), hint.values)) return;
		formHint.current = undefined;
		resetAsked.forget();
		setStatus(current => (current === hint.text ? undefined : current));
	}, [state.composer, state.connectionForm]);
	const resetDraft = () => {
		if (!sample) return;
		if (holdsSample()) return hintComposer('the composer already holds the sample message');
		if (resetAsked.asks()) return askTwice(hintComposer, `${keyFor('composer.reset')} again within 3 s: the sample replaces this message`);
		dispatch({type: 'composerReplaced', draft: sample});
		hintComposer(`the composer holds the sample message again; ${UNDOES}`);
	};
	return {hintForm, resetDraft, forget: () => resetAsked.forget()};
}
