// Key sequences some terminals send that Ink 6.8 parses to nothing or to text: made the key they are, or a key
// that does nothing, never text. Ink hands an escape sequence it has no name for to useInput as text without its
// ESC, so rxvt's Shift+F3 (ESC [25~) typed "[25~" into the Subject and PuTTY's keypad 5 (ESC [G) typed "[G".
import type {Key} from 'ink';
import type {RouterKey} from './bindings.js';
import {PLAIN_KEY as PLAIN} from './plain-key.js';

/** A CSI or SS3 sequence (ESC [ …, ESC O x), or either after a second ESC (Alt, as iTerm2's "Esc+" and rxvt send it). */
const CONTROL_SEQUENCE = /^\u001B\u001B?(?:\[|O.)/;

/** Ink's named-key flags: a sequence with none of them set was not a key Ink knows. */
const NAMED: ReadonlyArray<keyof Key> = ['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageUp', 'pageDown', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'delete'];

/** The kitty keyboard protocol's CSI u (a terminal left in it by another program): Ink reads these itself. */
const KITTY_KEY = /^\u001B\[[\d;:]+u$/;

/** An escape sequence Ink did not name and would pass on as text: one key, whole, that no binding takes. */
export function unnamedSequence(raw: string | undefined, key: Key): boolean {
	return raw !== undefined && CONTROL_SEQUENCE.test(raw) && !KITTY_KEY.test(raw) && !NAMED.some(flag => key[flag]);
}

/** xterm's modifyOtherKeys form, ESC [27;modifiers;code~ (xterm, foot and WezTerm where it is set on for good). */
const MODIFY_OTHER_KEYS = /^\u001B\[27;(\d+);(\d+)~$/;

/**
 * A modifyOtherKeys sequence as the key Ink reports for the same key sent the ordinary way: Ctrl+S as Ctrl+S,
 * Shift+Tab as Shift+Tab, Alt+B as Alt+B. Undefined for any other sequence.
 */
export function modifyOtherKeysKey(raw: string | undefined): [string, RouterKey] | undefined {
	const match = raw === undefined ? undefined : MODIFY_OTHER_KEYS.exec(raw);
	if (!match) return undefined;
	const bits = Math.max(Number(match[1]) - 1, 0);
	const shift = (bits & 1) !== 0;
	const meta = (bits & 2) !== 0;
	const ctrl = (bits & 4) !== 0;
	const code = Number(match[2]);
	// Ctrl+Enter and Ctrl+Tab act as Enter and Tab, as in terminals without modifyOtherKeys (which send \r and \t);
	// Esc carries meta, as Ink reports the plain key.
	if (code === 13) return ['\r', {...PLAIN, return: true, meta}];
	if (code === 9) return ['', {...PLAIN, tab: true, shift}];
	if (code === 27) return ['', {...PLAIN, escape: true, meta: true}];
	if (code === 127 || code === 8) return ['', {...PLAIN, delete: true, meta}];
	const character = String.fromCodePoint(code);
	if (ctrl && /^[a-z]$/i.test(character)) return [character.toLowerCase(), {...PLAIN, ctrl: true, meta, shift}];
	const name = `${ctrl ? 'Ctrl+' : ''}${meta ? 'Alt+' : ''}${character === ' ' ? 'Space' : character.toUpperCase()}`;
	if (meta && !ctrl) return [character, {...PLAIN, meta: true, chord: name}];
	// A character with only Shift (or none) is the character typed.
	if (!ctrl) return [character, PLAIN];
	return ['', {...PLAIN, ctrl: true, chord: name}];
}

/** Terminals whose Shift+Tab sends ESC Tab (terminfo kcbt=\E^I): the Linux console. */
export function escapeTabIsBackTab(env: NodeJS.ProcessEnv): boolean {
	return /^linux(-|$)/.test(env.TERM ?? '');
}

/** The start of an escape sequence with its final byte still to come: ESC alone, ESC [, ESC [1;, ESC [[, ESC O. */
const SEQUENCE_START = /^\u001B(?:\[\[?[\u0030-\u003F]*[\u0020-\u002F]*|O)?$/;
/**
 * A whole key sequence at the start of a string: arrows, Home, End, F1-F4, Shift+Tab and rxvt's modified keys, the
 * ESC [n~ keys, the Linux console's F-keys. Only keys' final bytes end one: text typed after an Esc ("Ok", "[x]") is text.
 */
const WHOLE_SEQUENCE = /^\u001B(?:\[\[[A-E]|\[[\d;]*[A-DFHPQRSZa-d~^$@]|O[A-DFHPQRSa-d])/;

/**
 * A key's sequence split across two reads (a serial console, a slow link): Ink waits only until its next tick for
 * the rest, then hands over ESC (or ESC [) alone and the rest as text, so Home typed "[1~". When `previous` was
 * such a start and `read` completes it, the whole sequence and what follows it in the read; otherwise undefined.
 * The ESC alone has acted by then (as Esc): only the text is saved.
 */
export function completedSequence(previous: string | undefined, read: string): string[] | undefined {
	if (previous === undefined || read.startsWith('\u001B') || !SEQUENCE_START.test(previous)) return undefined;
	const whole = WHOLE_SEQUENCE.exec(previous + read)?.[0];
	if (whole === undefined || whole.length <= previous.length) return undefined;
	const rest = read.slice(whole.length - previous.length);
	return rest === '' ? [whole] : [whole, rest];
}

/**
 * rxvt's Shift+Home, Shift+Delete… (ESC [7$) and the key after it in one read: Ink takes `$` for a byte inside the
 * sequence, and the next key for its end ("ESC [7$a"), so Shift+Home and the letter typed after it were lost.
 */
const RXVT_SHIFT_THEN_KEY = /^(\u001B\[\d+\$)(.+)$/su;

/** The rxvt Shift sequence and the keys after it, apart; undefined for any other read. */
export function rxvtShiftThenKey(raw: string | undefined): string[] | undefined {
	const match = raw === undefined ? undefined : RXVT_SHIFT_THEN_KEY.exec(raw);
	return match ? [match[1]!, match[2]!] : undefined;
}
