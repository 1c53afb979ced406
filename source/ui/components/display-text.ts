// Measuring, truncating and wrapping text by terminal columns, and making untrusted text safe to print:
// a server can send any bytes, and an ESC in a reply must not reach the terminal as a control sequence.
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;
// C0 controls, DEL and C1 controls (which some terminals also obey).
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** Control characters in caret notation (ESC → ^[, DEL → ^?); C1 controls as U+FFFD. */
export function printable(text: string): string {
	if (PRINTABLE_ASCII.test(text)) return text;
	return text.replace(CONTROL, character => {
		const code = character.charCodeAt(0);
		if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
		return code === 0x7f ? '^?' : '\uFFFD';
	});
}

export function textWidth(text: string): number {
	return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Splits text into pieces of at most `width` columns (a wide character never straddles two pieces). */
export function wrapText(text: string, width: number): string[] {
	const size = Math.max(1, width);
	if (PRINTABLE_ASCII.test(text)) {
		if (text.length <= size) return [text];
		const pieces: string[] = [];
		for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
		return pieces;
	}
	const pieces: string[] = [];
	let current = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const columns = stringWidth(segment);
		if (used + columns > size && current !== '') {
			pieces.push(current);
			current = '';
			used = 0;
		}
		current += segment;
		used += columns;
	}
	pieces.push(current);
	return pieces;
}

/** Cuts text to `width` columns, ending with "…" when something was cut. */
export function truncateText(text: string, width: number): string {
	if (width <= 0) return '';
	if (textWidth(text) <= width) return text;
	if (width === 1) return '…';
	return `${wrapText(text, width - 1)[0]}…`;
}

/** Pads or cuts text to exactly `width` columns. */
export function fitText(text: string, width: number): string {
	const cut = truncateText(text, width);
	return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

/** Number of rows text takes when wrapped to `width` columns. */
export function wrappedRowCount(text: string, width: number): number {
	const columns = textWidth(text);
	if (columns <= width) return 1;
	// ASCII splits exactly; other text may lose a column at each break, so count by wrapping.
	return PRINTABLE_ASCII.test(text) ? Math.ceil(columns / Math.max(1, width)) : wrapText(text, width).length;
}
