// Characters an address field may not hold, and why, by where they are. In the mailbox the address parser would
// drop or change them (a\x01b@x.test goes to ab@x.test), or nobody could see them: the mail would go to an address
// the user never typed. In a display name the direction marks and joiners that Arabic, Hebrew and Persian names
// carry are text; what reorders or hides the name, or breaks its line, is refused for what it does there.
import {escapeUnsafe, FLAG_TAGS, INVISIBLE, safeJson} from '../text/escape.js';
import {codePoint} from '../smtp/types.js';

/**
 * Control (but CR, LF, NUL: those are said as line breaks), invisible and bidi characters, the joiners, and U+FFFD.
 * An emoji flag's tag sequence is matched whole, to be let through: it draws a flag.
 */
const UNUSABLE = new RegExp(`${FLAG_TAGS}|[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u200c\\u200d\\ufffd]|${INVISIBLE}`, 'gv');
/** The joiners (ZWNJ, ZWJ): text between letters of the scripts that join (Persian, Indic, emoji), a disguise elsewhere. */
const JOINER = /[\u200c\u200d]/;
/** The scripts whose letters a joiner changes: Arabic and its neighbours, the Indic ones; and emoji, for ZWJ. */
const JOINING =
	/^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Extended_Pictographic}\p{Mn}]$/u;

/** The whole characters on either side of `value`'s match at `index` (an emoji is two UTF-16 units). */
const around = (value: string, index: number, length: number) => [[...value.slice(0, index)].at(-1) ?? '', [...value.slice(index + length)][0] ?? ''];
/** Direction marks (LRM, RLM, ALM): they change no letter, only where a neutral one such as a space sits. */
const MARKS = /[\u061c\u200e\u200f]/;
/** Embeddings, overrides and isolates: they reorder the letters shown, so a name can read as another. */
const REORDERING = /[\u202a-\u202e\u2066-\u2069]/;

const NAMES: Readonly<Record<string, string>> = {
	'\u00ad': 'SOFT HYPHEN',
	'\u200b': 'ZERO WIDTH SPACE',
	'\u202a': 'LEFT-TO-RIGHT EMBEDDING',
	'\u202b': 'RIGHT-TO-LEFT EMBEDDING',
	'\u202c': 'POP DIRECTIONAL FORMATTING',
	'\u202d': 'LEFT-TO-RIGHT OVERRIDE',
	'\u202e': 'RIGHT-TO-LEFT OVERRIDE',
	'\u2060': 'WORD JOINER',
	'\u2061': 'FUNCTION APPLICATION',
	'\u2062': 'INVISIBLE TIMES',
	'\u2063': 'INVISIBLE SEPARATOR',
	'\u2064': 'INVISIBLE PLUS',
	'\u2066': 'LEFT-TO-RIGHT ISOLATE',
	'\u2067': 'RIGHT-TO-LEFT ISOLATE',
	'\u2068': 'FIRST STRONG ISOLATE',
	'\u2069': 'POP DIRECTIONAL ISOLATE',
	'\ufeff': 'ZERO WIDTH NO-BREAK SPACE, a byte order mark',
};

/** U+202E (RIGHT-TO-LEFT OVERRIDE). */
const named = (character: string) => `${codePoint(character)}${NAMES[character] ? ` (${NAMES[character]})` : ''}`;

/**
 * A value quoted for people: in double quotes, or in single quotes when it holds a double quote (`'"a"@x.test'`
 * reads better than JSON's `"\"a\"@x.test"`). Control and bidi characters are escaped either way.
 */
export const quoteForPeople = (text: string): string => {
	// The joiners too: e\u200c@x.test quoted raw would read as the e@x.test it is refused for not being.
	const shown = text.includes('"') ? `'${escapeUnsafe(text)}'` : safeJson(text);
	return shown.replace(/[\u200c\u200d]/g, joiner => `\\u${joiner.charCodeAt(0).toString(16)}`);
};

/**
 * Which characters of an address field belong to a display name: those outside the <> of a list item that has
 * one (`Ann <ann@x.test>`, `"Ann" <ann@x.test>`). A bare address is all mailbox, and so is an item with an @
 * before its <> (`a@x.test RCPT TO:<b@x.test>`): no display name, but an address the parser would misread.
 */
function displayNameAt(value: string): (index: number) => boolean {
	const item: number[] = [];
	const angled: boolean[] = [];
	const withAngle = new Set<number>();
	const withBareAt = new Set<number>();
	let current = 0;
	let quoted = false;
	let escaped = false;
	let inAngle = false;
	for (let index = 0; index < value.length; index++) {
		const char = value[index];
		let closing = false;
		if (escaped) escaped = false;
		else if (quoted) {
			if (char === '\\') escaped = true;
			else if (char === '"') quoted = false;
		} else if (char === '"') quoted = true;
		else if (char === '<') {
			inAngle = true;
			withAngle.add(current);
		} else if (char === '>') [inAngle, closing] = [false, true];
		// A list is split at commas and at semicolons, as Outlook writes it (see splitAddressList).
		else if ((char === ',' || char === ';') && !inAngle) current++;
		else if (char === '@' && !inAngle) withBareAt.add(current);
		item[index] = current;
		angled[index] = inAngle || closing;
	}
	return index => withAngle.has(item[index]!) && !withBareAt.has(item[index]!) && !angled[index];
}

/** Why a character in a display name is refused, or undefined when it is text there. */
function inNameReason(character: string): string | undefined {
	if (MARKS.test(character) || JOINER.test(character)) return undefined;
	const code = codePoint(character);
	if (character === '\uFFFD') return `a byte that is not UTF-8 in the display name (${code} stands in for it): give the name in UTF-8`;
	if (/[\u2028\u2029]/.test(character)) return `a line separator (${code}) in the display name: some mail programs break the line there; remove it`;
	if (/[\u0001-\u001F\u007F-\u009F]/.test(character)) return `a control character (${code}) in the display name: the recipient's mail program would decode it back into a terminal escape; remove it`;
	if (REORDERING.test(character)) return `${named(character)} in the display name: it can make the name read differently from what it is; remove it`;
	return `${named(character)} in the display name: it is invisible, so the name would not read as what it holds; remove it`;
}

/** Why a character in the mailbox is refused: the mail would go elsewhere. */
function inAddressReason(character: string): string {
	const code = codePoint(character);
	// U+FFFD: a byte that was not UTF-8 (from the shell or a file), already lost; the address cannot be right.
	const what =
		character === '\uFFFD'
			? `a byte that is not UTF-8 (${code} stands in for it)`
			: /[\u2028\u2029]/.test(character)
				? `a line separator (${code})`
				: /[\u0001-\u001F\u007F-\u009F]/.test(character)
					? `a control character (${code})`
					: `an invisible or bidi character (${code})`;
	return `${what}; it would be dropped or changed, and the mail would go to another address`;
}

/**
 * The reason an address field's value cannot be used as typed, for the end of "To address "…" has/contains …",
 * or undefined. `has` or `contains` leads, so that the sentence reads whole.
 */
export function unusableCharacter(value: string): string | undefined {
	const inName = displayNameAt(value);
	for (const found of value.matchAll(UNUSABLE)) {
		if (found[0].length > 2) continue;
		if (!inName(found.index)) {
			// e\u200c@x.test looks like e@x.test; between two letters of a joining script a joiner is part of the word.
			const joined = JOINER.test(found[0]) && around(value, found.index, found[0].length).every(character => JOINING.test(character));
			if (!joined) return `contains ${inAddressReason(found[0])}`;
			continue;
		}
		const reason = inNameReason(found[0]);
		if (reason) return `has ${reason}`;
	}
	return undefined;
}
