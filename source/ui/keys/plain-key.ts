// Ink's key with no flag set, apart from the router so the sequence readers can build keys from it too.
import type {Key} from 'ink';

/** A key with no flag set: what Ink reports for plain typing. */
export const PLAIN_KEY: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};
