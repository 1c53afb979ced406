// Control characters in text that goes into a header (--subject, --header, the composer's Subject). CR and LF
// would add a header; the others (ESC, BEL, DEL, C1) survive RFC 2047 encoding and reach the reader's mail
// program, which decodes them back into terminal escapes. A tab is text.
import {escapeUnsafe} from './escape.js';

const C0 = [
	'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'TAB', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI',
	'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US',
];
const C1 = [
	'PAD', 'HOP', 'BPH', 'NBH', 'IND', 'NEL', 'SSA', 'ESA', 'HTS', 'HTJ', 'VTS', 'PLD', 'PLU', 'RI', 'SS2', 'SS3',
	'DCS', 'PU1', 'PU2', 'STS', 'CCH', 'MW', 'SPA', 'EPA', 'SOS', 'SGCI', 'SCI', 'CSI', 'ST', 'OSC', 'PM', 'APC',
];

/** C0 controls but TAB, DEL, and C1 controls (U+0080 to U+009F). */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
const LINE_BREAK = /[\r\n]/;

function nameOf(character: string): string {
	const code = character.charCodeAt(0);
	return code < 0x20 ? C0[code]! : code === 0x7f ? 'DEL' : C1[code - 0x80]!;
}

/**
 * The first control character in `text`, in words: a line break first, wherever it is, since it is the one
 * that adds a header. Undefined when there is none.
 */
export function controlIn(text: string): {what: string; lineBreak: boolean} | undefined {
	const found = LINE_BREAK.exec(text) ?? CONTROL.exec(text);
	if (!found) return undefined;
	const character = found[0];
	if (character === '\r') return {what: 'a carriage return (CR)', lineBreak: true};
	if (character === '\n') return {what: 'a line feed (LF)', lineBreak: true};
	return {what: `a control character (${nameOf(character)}, ${escapeUnsafe(character)})`, lineBreak: false};
}

/** Why such a character is refused, for a hint or the end of a message. */
export const controlReason = (lineBreak: boolean) =>
	lineBreak
		? 'a line break could add a header of its own (header injection)'
		: "the recipient's mail program would decode it back into a terminal escape";
