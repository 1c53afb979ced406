// F-keys, read off the raw sequence: Ink 6.8 parses them but hands useInput an empty input with no flag set, so
// without this they did nothing, not even say so. Terminals send them in several forms (below).
import {modifierPrefix} from './key-names.js';

/** ESC [ n ~ (xterm, tmux, rxvt, the Linux console): n → F-key number. */
const TILDE_NUMBERS: Record<string, number> = {11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 17: 6, 18: 7, 19: 8, 20: 9, 21: 10, 23: 11, 24: 12};
const LETTER_NUMBERS: Record<string, number> = {P: 1, Q: 2, R: 3, S: 4};

/** ESC O P (xterm, tmux), ESC [1;5P (xterm with modifiers), ESC [15~ / ESC [15;2~ / rxvt's ESC [15^, ESC [[A (Linux console). */
const SS3 = /^\u001B(\u001B?)O([PQRS])$/;
const CSI_LETTER = /^\u001B(\u001B?)\[1;(\d+)([PQRS])$/;
const CSI_NUMBER = /^\u001B(\u001B?)\[(\d+)(?:;(\d+))?([~^$@])$/;
const CONSOLE = /^\u001B(\u001B?)\[\[([A-E])$/;

/** The modifier names of an xterm parameter (1 + Shift 1, Alt 2, Ctrl 4) or an rxvt final byte ($ Shift, ^ Ctrl). */
function modifiers(parameter: number, final = '~', alt = false): string {
	const bits = Math.max(parameter - 1, 0);
	const shift = (bits & 1) !== 0 || final === '$' || final === '@';
	const ctrl = (bits & 4) !== 0 || final === '^' || final === '@';
	return modifierPrefix(ctrl, alt || (bits & 2) !== 0, shift);
}

/** The F-key a raw sequence is, named with its modifiers ("F1", "Shift+F5"), or undefined for any other key. */
export function functionKeyName(raw: string): string | undefined {
	const ss3 = SS3.exec(raw);
	if (ss3) return `${modifiers(1, '~', ss3[1] !== '')}F${LETTER_NUMBERS[ss3[2]!]}`;
	const letter = CSI_LETTER.exec(raw);
	if (letter) return `${modifiers(Number(letter[2]), '~', letter[1] !== '')}F${LETTER_NUMBERS[letter[3]!]}`;
	const linux = CONSOLE.exec(raw);
	if (linux) return `${modifiers(1, '~', linux[1] !== '')}F${linux[2]!.charCodeAt(0) - 64}`;
	const number = CSI_NUMBER.exec(raw);
	const key = number ? TILDE_NUMBERS[number[2]!] : undefined;
	if (number && key !== undefined) return `${modifiers(Number(number[3] ?? 1), number[4], number[1] !== '')}F${key}`;
	return undefined;
}
