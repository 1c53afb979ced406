// Text from the network, printed to a terminal: control characters (C0, DEL, C1) and bidi controls become
// escapes, so no server or client can move the cursor, recolour the screen or reorder a line ("Trojan Source").

// Bidi controls, and the invisible characters that hide what a line holds (soft hyphen, zero-width space, word
// joiner, BOM) or break it on some readers (the line and paragraph separators). Not the zero-width (non-)joiners.
export const BIDI = '\u00ad\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff';
/**
 * Format characters that draw nothing and hide text in a line a reader copies on (a ticket, a tool): the Mongolian
 * vowel separator, interlinear annotations, and the tag characters ("ASCII smuggling"), except in the one place they
 * draw something: the flags of England, Scotland and Wales (🏴 + the tags of gbeng, gbsct, gbwls + the cancel tag),
 * the only tag sequences Unicode's emoji list has. Any other run of tags after a 🏴 hides text as well as any.
 */
export const HIDDEN = '\u180e\ufff9-\ufffb\u{e0000}-\u{e007f}';
export const FLAG_TAGS = '\u{1f3f4}\u{e0067}\u{e0062}(?:\u{e0065}\u{e006e}\u{e0067}|\u{e0073}\u{e0063}\u{e0074}|\u{e0077}\u{e006c}\u{e0073})\u{e007f}';
const UNSAFE = new RegExp(`${FLAG_TAGS}|[\\x00-\\x1f\\x7f-\\x9f${BIDI}${HIDDEN}]`, 'gu');
const UNSAFE_BUT_TAB = new RegExp(`${FLAG_TAGS}|[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f${BIDI}${HIDDEN}]`, 'gu');
/** What JSON.stringify leaves raw among them. */
const UNSAFE_IN_JSON = new RegExp(`${FLAG_TAGS}|[\\x7f-\\x9f${BIDI}${HIDDEN}]`, 'gu');

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');
/** Each UTF-16 unit as \uNNNN: JSON's only form, also for a character past U+FFFF (a surrogate pair). */
const jsonEscape = (character: string) => character.split('').map(unit => `\\u${hex(unit.charCodeAt(0), 4)}`).join('');

/** \xNN for a control character, \uNNNN (\u{NNNNN} past U+FFFF) for a bidi or hidden one; a tab is kept when `keepTab`. */
export function escapeUnsafe(text: string, options: {keepTab?: boolean} = {}): string {
	return text.replace(options.keepTab ? UNSAFE_BUT_TAB : UNSAFE, character => {
		if (character.length > 2) return character;
		const code = character.codePointAt(0)!;
		return code < 0x100 ? `\\x${hex(code, 2)}` : code > 0xffff ? `\\u{${hex(code, 5)}}` : `\\u${hex(code, 4)}`;
	});
}

/** JSON.stringify, with DEL, C1 and bidi controls escaped too (it leaves them raw; some terminals obey them). */
export function safeJson(value: unknown, indent?: string): string {
	return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, character => (character.length > 2 ? character : jsonEscape(character)));
}
