// Text from the network, printed to a terminal: control characters (C0, DEL, C1) and bidi controls become
// escapes, so no server or client can move the cursor, recolour the screen or reorder a line ("Trojan Source").

// Bidi controls, and the invisible characters that hide what a line holds (soft hyphen, zero-width space, word
// joiner, BOM) or break it on some readers (the line and paragraph separators). Not the zero-width (non-)joiners.
export const BIDI = '\u00ad\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff';
const UNSAFE = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f${BIDI}]`, 'g');
const UNSAFE_BUT_TAB = new RegExp(`[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f${BIDI}]`, 'g');
/** What JSON.stringify leaves raw among them. */
const UNSAFE_IN_JSON = new RegExp(`[\\x7f-\\x9f${BIDI}]`, 'g');

const hex = (character: string, digits: number) => character.charCodeAt(0).toString(16).padStart(digits, '0');

/** \xNN for a control character, \uNNNN for a bidi control; a tab is kept when `keepTab`. */
export function escapeUnsafe(text: string, options: {keepTab?: boolean} = {}): string {
	return text.replace(options.keepTab ? UNSAFE_BUT_TAB : UNSAFE, character =>
		character.charCodeAt(0) < 0x100 ? `\\x${hex(character, 2)}` : `\\u${hex(character, 4)}`,
	);
}

/** JSON.stringify, with DEL, C1 and bidi controls escaped too (it leaves them raw; some terminals obey them). */
export function safeJson(value: unknown, indent?: string): string {
	return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, character => `\\u${hex(character, 4)}`);
}
