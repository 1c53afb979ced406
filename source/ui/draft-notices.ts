// What the log says about saving the draft: a write that failed (once per cause, until one lands again), one that
// lands again, the draft taken over either way, and why a run saves nothing. Warnings start "warning: ", which the
// log marks with "!"; quitting then loses the edits (the first Ctrl+C asks, see quitLoses).
import {DraftNotSaved, DraftTakenOver, type DraftStoreOptions} from '../message/drafts.js';
import {withRootOwnedCause} from '../message/root-owned.js';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The store's callbacks, saying each event through `say` in the order the events came. */
export function draftNotices(say: (line: string) => void): Required<Pick<DraftStoreOptions, 'onError' | 'onSavedAgain'>> {
	// The failure said last: the same one again (every half second on a full disk) is not said again.
	let said: string | undefined;
	// A cause is looked up on disk (root's leftovers) before it is said: lines keep the order of their events.
	let queue = Promise.resolve();
	const inOrder = (line: () => Promise<string> | string) => {
		queue = queue.then(async () => say(await line())).catch(() => undefined);
	};
	return {
		onError: error => {
			const message = messageOf(error);
			if (error instanceof DraftTakenOver) inOrder(() => `warning: ${message}`);
			else if (message !== said) inOrder(async () => `warning: the draft could not be saved, so edits here are lost when smtp-tui quits (SMTP_TUI_STATE_DIR names a writable folder): ${await withRootOwnedCause(error)}`);
			said = message;
		},
		onSavedAgain: (after, keptAs) => {
			said = undefined;
			// Said as a warning: the draft restored at the next start is this one's, not the one the other pane left.
			const kept = keptAs === undefined ? '' : `warning: the draft the other smtp-tui left is kept as ${keptAs}; `;
			inOrder(() => (after === 'failure' ? 'draft saved again' : `${kept}the other smtp-tui let the draft go: it is saved here again`));
		},
	};
}

/** The log's line when the saved draft could not be loaded at start: a warning when this run saves nothing. */
export function draftLoadNotice(error: unknown): string {
	if (error instanceof DraftNotSaved) return `warning: edits here are not saved: ${error.message}`;
	return `the last draft could not be read: ${messageOf(error)}`;
}
