// Measuring, truncating and wrapping text by terminal columns, and making untrusted text safe to print:
// a server can send any bytes, and an ESC in a reply must not reach the terminal as a control sequence.
import stringWidth from 'string-width';
import {FLAG_TAGS, INVISIBLE} from '../../text/escape.js';
import {breakAtOrAfter, breakAtOrBefore, firstGrapheme, graphemes, graphemesBackward, piecesOf} from '../../text/graphemes.js';
import {GLYPH} from '../theme.js';

const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;
// C0 controls, DEL and C1 controls (which some terminals also obey), and what draws nothing yet hides, reorders or
// breaks a line (escape.ts's INVISIBLE: bidi controls, soft hyphen, zero-width space, BOM, tags, and the number signs
// such as the end of an ayah, ۝, which string-width counts as no column and terminals draw in one: a row holding one
// came out a column too wide, and the frame broke): a line on the wire must show all it holds. Not an emoji flag.
const CONTROL = new RegExp(`${FLAG_TAGS}|[\\u0000-\\u001F\\u007F-\\u009F]|${INVISIBLE}`, 'gv');

/**
 * Skin-tone modifiers (U+1F3FB..U+1F3FF). Terminals disagree on the width of 👍🏽: 2 columns in most, 4 in tmux
 * 3.3, one row too wide there, which pushed the whole frame up a line (the step rail scrolled away). Drawn without
 * them, an emoji is 2 columns everywhere; the text itself (draft, message, wire) keeps them.
 */
const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/gu;
/**
 * The emoji presentation selector (U+FE0F) after a character that is text by default (❤️, ☀️), and the keycap
 * mark (1️⃣): counted 2 columns here, drawn in 1 by tmux 3.3, which shifted the border of every such row.
 * Without them, 1 everywhere.
 */
const EMOJI_SELECTOR = /\uFE0F|\u20E3/g;

/**
 * An emoji ZWJ sequence, once its selectors are gone (below). Where its base is text by default (🏳️‍🌈, ❤️‍🔥,
 * 🕵️‍♀️), tmux 3.3 draws the whole sequence in the base's one column, string-width counts 2: every such row's border
 * shifted. Its parts without the joiners (🏳🌈) are drawn as wide as they are counted everywhere. One whose base is
 * an emoji (🧑‍💻, 🏴‍☠️) is 2 columns everywhere and stays whole.
 */
const ZWJ_SEQUENCE = /\p{Extended_Pictographic}(?:\u200D\p{Extended_Pictographic})+/gu;
const EMOJI_BASE = /^\p{Emoji_Presentation}/u;

/**
 * A virama (Devanagari, Bengali, Gujarati, Oriya, Telugu, Malayalam) joining two consonants: Unicode 15.1 makes
 * the conjunct (स्ते, क्ष) one grapheme, which string-width, and so Ink, count as one column, where terminals draw
 * each consonant in a column of its own: every row with a conjunct came out a column too wide (the border wrapped
 * and the step rail scrolled away). A zero-width non-joiner after the virama splits the grapheme, so both agree.
 */
const CONJUNCT = /([\u094D\u09CD\u0ACD\u0B4D\u0C4D\u0D4D])(?=[\u200D\p{Mn}]*\p{L})/gu;

/**
 * Control characters in caret notation (ESC → ^[, DEL → ^?); C1, bidi and invisible ones as U+FFFD (`?` in
 * ASCII); no skin tones or emoji selectors; a ZWJ sequence on a text-style base in parts; conjuncts split into
 * graphemes of one column each.
 */
export function printable(text: string): string {
	if (PRINTABLE_ASCII.test(text)) return text;
	return text
		.replace(SKIN_TONE, '')
		.replace(EMOJI_SELECTOR, '')
		.replace(ZWJ_SEQUENCE, sequence => (EMOJI_BASE.test(sequence) ? sequence : sequence.replace(/\u200D/g, '')))
		.replace(CONJUNCT, '$1\u200C')
		.replace(CONTROL, character => {
			if (character.length > 2) return character;
			const code = character.charCodeAt(0);
			if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
			return code === 0x7f ? '^?' : GLYPH.invisible;
		});
}

/**
 * Tabs as spaces to the next stop of 8 columns, as less and mail programs show them (a table in a text body, an
 * indented HTML source, a header folded with a tab), where printable alone writes each as ^I.
 */
export function expandTabs(text: string): string {
	if (!text.includes('\t')) return text;
	let line = '';
	let column = 0;
	for (const [index, piece] of text.split('\t').entries()) {
		const spaces = index === 0 ? '' : ' '.repeat(8 - (column % 8));
		line += spaces + piece;
		column += spaces.length + textWidth(printable(piece));
	}
	return line;
}

/**
 * Characters one column wide each, whatever follows them: printable ASCII and Latin-1 (not the soft hyphen),
 * arrows, box drawing, the usual geometric shapes and the log's markers. Text made only of these (every frame's
 * rules and borders) is measured by its length; string-width walks graphemes, which the first frame paid for.
 */
export const NARROW_ONLY = /^[\u0020-\u007E\u00A1-\u00AC\u00AE-\u00FF\u2022\u2026\u2190-\u21FF\u2500-\u257F\u25A0-\u25FC\u2714\u2716]*$/;

/** Columns `text` takes. A long text is measured a piece at a time (string-width segments what it gets: see graphemes.ts). */
export function textWidth(text: string): number {
	if (NARROW_ONLY.test(text)) return text.length;
	let width = 0;
	for (const piece of piecesOf(text)) width += stringWidth(piece);
	return width;
}

/** Columns `text` takes, counted up to `most` + 1: whether it fits, for what the start of a long text costs. */
function widthUpTo(text: string, most: number): number {
	const head = text.slice(0, most + 1);
	if (NARROW_ONLY.test(head)) return head.length;
	let width = 0;
	for (const piece of piecesOf(text)) {
		width += stringWidth(piece);
		if (width > most) return most + 1;
	}
	return width;
}

const graphemesOf = (text: string) => [...graphemes(text)];

type BreakOptions = {
	/** Columns of every row after the first. */
	rest: number;
	/** Leads a row that goes on with a token cut mid-way (`wire`: every row after the first). */
	mark?: string;
	/** Text that must read exact: every row after the first is marked, and no space is dropped. */
	wire?: boolean;
};

// Chinese and Japanese put no space between words: a line may break beside any ideograph or kana (UAX #14's class
// ID), not only at spaces, or a row before a run of them is left half empty (`250 了解 OK` / `中…`). Not before
// the marks a line may not start with, nor after those it may not end with (kinsoku: 。、」 and the small kana; 「).
const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const NO_ROW_START = /^[、。，．！？：；）」』】〕〉》ー・ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ]/u;
const NO_ROW_END = /^[「『（【〔〈《]/u;

/** Whether Chinese or Japanese prose may break between two graphemes (not at a space: prose breaks there anyway). */
const ideographBreak = (before: string, next: string) =>
	(IDEOGRAPH.test(before) || IDEOGRAPH.test(next)) && before !== ' ' && next !== ' ' && !NO_ROW_START.test(next) && !NO_ROW_END.test(before);

/**
 * The last place after `after` in `row`, up to its end before `coming`, where Chinese or Japanese prose may break, or
 * -1: only where what goes on to the next row, `coming` included, fits its `room` ("b中" then "っ" in 3 columns is
 * "b中" / "っ", not "b" / "中っ", 4 columns).
 */
function lastIdeographBreak(row: readonly string[], coming: string, after: number, room: number): number {
	let carried = textWidth(coming);
	for (let index = row.length; index > Math.max(after, 0); index--) {
		if (index < row.length) carried += textWidth(row[index]!);
		if (carried > room) return -1;
		if (ideographBreak(row[index - 1]!, row[index] ?? coming)) return index;
	}
	return -1;
}

/** The offsets in `text` where Chinese or Japanese prose may break. */
function ideographBreaks(text: string): number[] {
	if (!IDEOGRAPH.test(text)) return [];
	const offsets: number[] = [];
	let offset = 0;
	let before: string | undefined;
	for (const grapheme of graphemes(text)) {
		if (before !== undefined && ideographBreak(before, grapheme)) offsets.push(offset);
		offset += grapheme.length;
		before = grapheme;
	}
	return offsets;
}

/**
 * Splits text into rows of at most `width` columns (`rest` after the first), breaking after the row's last space
 * (words stay whole) or, later, beside its last ideograph (prose only), else after its last ':' in its second half
 * (a fingerprint's pairs stay whole), else at the width; a wide character never straddles two rows. Prose drops
 * the space a row would start with: the break already parts the words.
 */
function breakRows(text: string, width: number, {rest, mark = '', wire = false}: BreakOptions): string[] {
	const clusters = NARROW_ONLY.test(text) ? [...text] : graphemesOf(text);
	const ideographs = !wire && IDEOGRAPH.test(text);
	const rows: string[] = [];
	let current: string[] = [];
	// 1 while the row starts with the mark.
	let lead = 0;
	let used = 0;
	for (const grapheme of clusters) {
		const columns = textWidth(grapheme);
		if (used + columns > Math.max(1, rows.length === 0 ? width : rest) && current.length > lead) {
			// Not at the row's first character, which would leave it empty (or the mark alone); and but for prose's
			// spaces, not in the row's first half: a token longer than a row ("250 " and then a 120-letter word) is cut
			// where the row ends rather than leave the row half empty.
			const half = Math.ceil(current.length / 2);
			const space = current.lastIndexOf(' ');
			const colon = current.lastIndexOf(':');
			const ideograph = ideographs ? lastIdeographBreak(current, grapheme, Math.max(lead, space), Math.max(1, rest)) : -1;
			const cut = ideograph > 0 ? ideograph : space > (wire ? Math.max(lead, half) : lead) ? space + 1 : colon > Math.max(lead, half) ? colon + 1 : current.length;
			rows.push(current.slice(0, cut).join(''));
			lead = mark !== '' && (wire || (space <= lead && ideograph < 0)) ? 1 : 0;
			current = [...(lead ? [mark] : []), ...current.slice(cut)];
			used = current.reduce((sum, part) => sum + textWidth(part), 0);
		}
		if (grapheme === ' ' && !wire && current.length === lead && rows.length > 0) continue;
		current.push(grapheme);
		used += columns;
	}
	rows.push(current.join(''));
	return rows;
}

/** Prose in rows `width` wide (`rest` after the first): see breakRows. */
export function wrapText(text: string, width: number, rest = width): string[] {
	return breakRows(text, width, {rest});
}

/** Prose in rows `width` wide; a row that goes on with a word cut mid-way (a fingerprint) starts with `mark`. */
export function wrapMarked(text: string, width: number, mark: string): string[] {
	return breakRows(text, width, {rest: width, mark});
}

/** A wire line in rows `width` wide, broken at spaces and colons where it can be, every row after the first led by `mark`. */
export function wrapWire(text: string, width: number, mark: string): string[] {
	return breakRows(text, width, {rest: width, mark, wire: true});
}

/**
 * Cuts text into rows by columns, every column used: the first row `first` wide, the rest `rest` wide (room for a
 * continuation mark). For text that must be read whole and exact (wire bytes, a message's source): no word wrap.
 */
export function splitWidth(text: string, first: number, rest: number): string[] {
	// Most lines (headers, quoted-printable, base64) are one column per character: cut by length, quickly, for a
	// large preview is laid out again at every key.
	if (NARROW_ONLY.test(text)) {
		const parts = [text.slice(0, first)];
		for (let at = first; at < text.length; at += rest) parts.push(text.slice(at, at + rest));
		return parts;
	}
	const parts: string[] = [];
	let part = '';
	let used = 0;
	// By grapheme: a flag (two regional indicators) or a ZWJ family cut in two reads as letters in boxes.
	for (const char of graphemesOf(text)) {
		const width = textWidth(char);
		if (used + width > (parts.length === 0 ? first : rest) && part !== '') {
			parts.push(part);
			part = '';
			used = 0;
		}
		part += char;
		used += width;
	}
	parts.push(part);
	return parts;
}

/** The first `width` columns of text, read no further; a wide character that would straddle the edge is left out. */
function headText(text: string, width: number): string {
	// One character more: an accent after the last one would belong to it.
	const head = text.slice(0, width + 1);
	if (NARROW_ONLY.test(head)) return head.slice(0, width);
	let used = 0;
	let end = 0;
	for (const grapheme of graphemes(text)) {
		used += textWidth(grapheme);
		if (used > width) break;
		end += grapheme.length;
	}
	return text.slice(0, end);
}

/**
 * Cuts text to `width` columns, ending with "…" ("..." in ASCII) when something was cut (mid-word: every column is
 * used). Too narrow for the whole ASCII ellipsis, the text is cut with as much of it as fits.
 */
export function truncateText(text: string, width: number): string {
	if (width <= 0) return '';
	if (widthUpTo(text, width) <= width) return text;
	const ellipsis = GLYPH.ellipsis.slice(0, width);
	return `${headText(text, width - ellipsis.length)}${ellipsis}`;
}

/**
 * Cuts prose to `width` columns at a word boundary, with one "…": "address: bad…", never "address: bad destinat…"
 * (the phrase cut is often the one that matters: "user unknown"; "a tarpi…" reads as a typo). Punctuation that
 * leads on (a comma, a colon, an opening bracket) goes before the "…" too; Chinese and Japanese are cut beside an
 * ideograph. Text with no space to cut at (a fingerprint, a long address) is cut where the row ends, as truncateText cuts.
 */
export function truncateWords(text: string, width: number): string {
	if (width <= 0) return '';
	const kept = text.trimEnd();
	if (widthUpTo(kept, width) <= width) return kept;
	const ellipsis = GLYPH.ellipsis.slice(0, width);
	// A column more than the row: a word that fits with its comma left out ends at the space after the comma.
	const head = headText(kept, width + 1);
	// Words end at spaces, and in Chinese and Japanese beside an ideograph too (see breakRows).
	const ends = [...[...head.matchAll(/ /g)].map(space => space.index), ...ideographBreaks(head)].sort((a, b) => b - a);
	for (const end of ends.filter(end => end > 0)) {
		const words = head.slice(0, end).replace(/[\s;:,(]+$/, '');
		if (words !== '' && textWidth(words) + ellipsis.length <= width) return `${words}${ellipsis}`;
	}
	return truncateText(kept, width);
}

/** Pads or cuts text to exactly `width` columns. */
export function fitText(text: string, width: number): string {
	const cut = truncateText(text, width);
	return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

/**
 * printable(line) cut to `width` columns, as truncateText cuts it, from only as much of the line as can show: a
 * line of 200 KB costs what one row holds.
 */
export function truncatePrintable(line: string, width: number): string {
	for (let reach = 2 * width + 16; ; reach *= 4) {
		const end = breakAtOrAfter(line, reach);
		const shown = printable(line.slice(0, end));
		if (end === line.length || widthUpTo(shown, width) > width) return truncateText(shown, width);
	}
}

/** The last `width` columns of text (for showing the end of a line that does not fit), read from the end no further. */
function tailText(text: string, width: number): string {
	// One character more: none of these is joined by what comes before it.
	const tail = text.slice(-(width + 1));
	if (width > 0 && NARROW_ONLY.test(tail)) return tail.slice(-width);
	let used = 0;
	let start = text.length;
	for (const grapheme of graphemesBackward(text)) {
		used += textWidth(grapheme);
		if (used > width) break;
		start -= grapheme.length;
	}
	return text.slice(start);
}

type CursorWindow = {before: string; at: string; after: string};

/**
 * The part of a line that fits in `width` columns with the cursor (at UTF-16 index `col`) visible: the text
 * before it, the character under it (a space at the end of the line) and the text after it. Cut text shows "…".
 * Only a slice around the cursor is read: a key in a 200 KB line costs what the row shows.
 */
export function windowAroundCursor(line: string, col: number, width: number): CursorWindow {
	const [start, end] = sliceAroundCursor(line, col, width);
	return windowOverWholeLine(line.slice(start, end), col - start, width);
}

/**
 * Where to cut `line` so that the cursor's window is the same as the whole line's: at cluster starts, with more
 * than the window's columns on each side of the cursor (or the line's end), so that either side's cut shows "…".
 */
function sliceAroundCursor(line: string, col: number, width: number): [number, number] {
	const room = Math.max(1, width);
	let start = 0;
	for (let reach = 2 * room + 16; col > 0; reach *= 4) {
		start = breakAtOrBefore(line, Math.max(0, col - reach));
		if (start === 0 || widthUpTo(printable(line.slice(start, col)), room) > room) break;
	}
	// Beyond the window: the character under the cursor (two columns at most) and the room after it.
	for (let reach = 2 * room + 16; col + reach < line.length; reach *= 4) {
		const end = breakAtOrAfter(line, col + reach);
		if (end === line.length) break;
		if (widthUpTo(printable(line.slice(col, end)), room + 2) > room + 2) return [start, end];
	}
	return [start, line.length];
}

/** The same window, worked out over the whole line: at a cost in its length, what the slice must agree with. */
export function windowOverWholeLine(line: string, col: number, width: number): CursorWindow {
	const text = printable(line);
	// Control characters widen in caret notation: recompute the cursor index in the printable text.
	const index = printable(line.slice(0, col)).length;
	const rest = text.slice(index);
	const first = rest === '' ? undefined : firstGrapheme(rest);
	const at = first ?? ' ';
	let before = text.slice(0, index);
	let after = first === undefined ? '' : rest.slice(first.length);
	const budget = Math.max(1, width) - textWidth(at);
	if (textWidth(before) + textWidth(after) <= budget) return {before, at, after};
	// Keep most of the room for what is before the cursor (where typing happens), at least a third after it.
	const afterRoom = Math.min(textWidth(after), Math.max(Math.floor(budget / 3), budget - textWidth(before)));
	const beforeRoom = budget - afterRoom;
	if (textWidth(before) > beforeRoom) {
		const ellipsis = GLYPH.ellipsis.slice(0, Math.max(0, beforeRoom));
		before = `${ellipsis}${tailText(before, beforeRoom - ellipsis.length)}`;
	}
	after = truncateText(after, budget - textWidth(before));
	return {before, at, after};
}

/** A clause as a sentence of its own, its first letter a capital: a footer's advice, a help entry. */
export const sentence = (clause: string) => clause.charAt(0).toUpperCase() + clause.slice(1);
