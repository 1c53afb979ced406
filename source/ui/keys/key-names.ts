// The name of any key press, for the footer's "Left does nothing here": every key no binding takes is said by name,
// so a panel added later cannot leave one silent.
import type {RouterKey} from './bindings.js';

/** Esc where nothing takes it: said by name, as other keys that do nothing are (the reflex for "stop" or "leave"). */
export const ESCAPE_CHORD = 'Esc';

/** A key Ink reports with no name and no flag (a keypad key, a sequence it does not know). */
export const UNKNOWN_KEY = 'That key';

/**
 * The named keys Ink flags, in the order they are tried: the Delete key before Backspace, since Ink 6.8 flags both
 * `delete` (the router marks the Delete key `forwardDelete`); Ctrl+H arrives flagged `backspace`.
 */
const NAMED_KEYS: ReadonlyArray<[keyof RouterKey, string]> = [
	['return', 'Enter'],
	['tab', 'Tab'],
	['upArrow', 'Up'],
	['downArrow', 'Down'],
	['leftArrow', 'Left'],
	['rightArrow', 'Right'],
	['pageUp', 'PgUp'],
	['pageDown', 'PgDn'],
	['home', 'Home'],
	['end', 'End'],
	['forwardDelete', 'Delete'],
	['delete', 'Backspace'],
	['backspace', 'Ctrl+H'],
];

/** "Ctrl+Alt+Shift+", or the part of it the key was pressed with, in the order terminals and docs write it. */
export function modifierPrefix(ctrl: boolean, alt: boolean, shift: boolean): string {
	return `${ctrl ? 'Ctrl+' : ''}${alt ? 'Alt+' : ''}${shift ? 'Shift+' : ''}`;
}

/** How a key press reads in a footer message: "Alt+G", "Shift+Tab", "Ctrl+Space", "Delete", "Esc". */
export function keyName(input: string, key: RouterKey): string {
	if (key.chord) return key.chord;
	if (key.escape) return ESCAPE_CHORD;
	const base = NAMED_KEYS.find(([flag]) => key[flag] === true)?.[1];
	if (base) return `${modifierPrefix(key.ctrl, key.meta, key.shift)}${base}`;
	// NUL, which Ctrl+Space sends: Ink names it Ctrl+` (0x00 + 0x60).
	if (key.ctrl && input === '`') return 'Ctrl+Space';
	if (key.ctrl && /^[a-z]$/.test(input)) return `Ctrl+${input.toUpperCase()}`;
	if (input === ' ') return 'Space';
	return input.length === 1 ? input : UNKNOWN_KEY;
}
