// Text from the network, printed to a terminal: control characters (C0, DEL, C1) and bidi controls become
// escapes, so no server or client can move the cursor, recolour the screen or reorder a line ("Trojan Source").

/**
 * What draws nothing, yet hides, reorders or breaks what a line holds: every format character (Unicode's Cf: the bidi
 * controls, the soft hyphen, zero-width space, word joiner and BOM, the Mongolian vowel separator, interlinear
 * annotations, the tag characters of "ASCII smuggling", the number signs that span the digits after them, which
 * terminals draw in a column string-width does not count), and the line and paragraph separators, which break a line
 * on some readers. Not the zero-width (non-)joiners: they hold emoji and Persian and Indic words together. One class
 * for every path that shows untrusted text (escapes here, the dashboard's U+FFFD, the address checks, file names),
 * for a pattern with the v flag. An emoji flag's tags (England, Scotland, Wales: 🏴 + gbeng, gbsct or gbwls + the
 * cancel tag, the only tag sequences Unicode's emoji list has) are matched whole before it, and let through.
 */
export const INVISIBLE = '[[\\p{Cf}\\u2028\\u2029]--[\\u200c\\u200d]]';
export const FLAG_TAGS = '\u{1f3f4}\u{e0067}\u{e0062}(?:\u{e0065}\u{e006e}\u{e0067}|\u{e0073}\u{e0063}\u{e0074}|\u{e0077}\u{e006c}\u{e0073})\u{e007f}';
const UNSAFE = new RegExp(`${FLAG_TAGS}|[\\x00-\\x1f\\x7f-\\x9f]|${INVISIBLE}`, 'gv');
const UNSAFE_BUT_TAB = new RegExp(`${FLAG_TAGS}|[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]|${INVISIBLE}`, 'gv');
/** What JSON.stringify leaves raw among them. */
const UNSAFE_IN_JSON = new RegExp(`${FLAG_TAGS}|[\\x7f-\\x9f]|${INVISIBLE}`, 'gv');

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
