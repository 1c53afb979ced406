// A field's error shown under its form and repeated in the footer, which is cleared once the field is edited.
import {useCallback, useEffect, useRef} from 'react';
import type {FieldError} from '../components/form-state.js';
import type {DashboardStore} from './use-dashboard-keys.js';
import type {StatusLine} from './use-status-line.js';

export type ShowFieldError = (form: 'connection' | 'composer', error: FieldError) => void;

export function useFieldErrors({state, dispatch}: DashboardStore, setStatus: StatusLine['setStatus']): ShowFieldError {
	/** The footer's text when it repeats a field's error. */
	const fieldStatus = useRef<string | undefined>(undefined);
	const fieldError = useCallback<ShowFieldError>(
		(form, error) => {
			dispatch({type: 'fieldError', form, error});
			fieldStatus.current = error.message;
			setStatus(error.message);
		},
		[dispatch],
	);

	// A field's error repeated in the footer goes with it once the field is edited: a fixed From must not still
	// read "From address is empty" on the projector.
	const composerError = state.composer.error?.message;
	const connectionError = state.connectionForm.error?.message;
	useEffect(() => {
		setStatus(shown => (shown !== undefined && shown === fieldStatus.current && shown !== composerError && shown !== connectionError ? undefined : shown));
	}, [composerError, connectionError]);
	// An error found as a field was left (the EHLO name, an extra header), or a notice that stays as the focus moves:
	// in the footer too, as one found at Ctrl+S is. The panel shows it only while it has the focus, and Tab may just
	// have taken that away.
	const leftError = [state.connectionForm.error, state.composer.error].find(error => error !== undefined && (error.notice !== true || error.stays))?.message;
	useEffect(() => {
		if (leftError === undefined || leftError === fieldStatus.current) return;
		fieldStatus.current = leftError;
		setStatus(leftError);
	}, [leftError]);
	return fieldError;
}
