// The preview's lines as screen rows, laid out only for the window drawn: a 4 MB message's preview holds 256 KiB of
// lines, and each key and each draw asks for its row count or a screen of its rows. The count is worked out once per
// message and width (cheaply: an ASCII line's rows are arithmetic), and a window lays out only the lines it shows.
import {GLYPH} from '../theme.js';
import {printable, splitWidth, textWidth} from './display-text.js';
import {rowWindow} from './row-window.js';

/** One screen row of the preview: a line, or the part of a long one that did not fit the row above. */
type PreviewRow = {text: string; stuffed: boolean; terminator: boolean; continued: boolean};

type PreviewLayout = {
	/** Rows of the whole preview at this width. */
	readonly rows: number;
	/** The rows from `first`, at most `count` of them. */
	window(first: number, count: number): PreviewRow[];
	/** Lines laid out into rows by window() so far (a window lays out only the lines it shows). */
	readonly linesLaidOut: number;
};

/** Lines of the payload as sent (split on CRLF only). */
function previewLines(bytes: string): string[] {
	const lines = bytes.split('\r\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/** Characters that print as themselves, one column each: such a line's rows are counted by its length. */
const PLAIN_ASCII = /^[\u0020-\u007E]*$/;

/** The columns of a line's first row and of each further one (which starts with GLYPH.continued). */
function rowWidths(stuffed: boolean, width: number): {first: number; rest: number} {
	return {first: Math.max(1, width - (stuffed ? 1 : 0)), rest: Math.max(1, width - textWidth(GLYPH.continued))};
}

/**
 * A line as rows `width` wide: a long line (a header, a quoted-printable line) is wrapped, each further part marked,
 * so every byte of it can be read and no wrap looks like a line break of the message.
 */
function lineRows(line: string, terminator: boolean, width: number): PreviewRow[] {
	const stuffed = line.startsWith('..');
	const text = printable(stuffed ? line.slice(1) : line);
	const {first, rest} = rowWidths(stuffed, width);
	return splitWidth(text, first, rest).map((part, index) => ({text: part, stuffed: stuffed && index === 0, terminator, continued: index > 0}));
}

/** How many rows lineRows() makes of a line, without making them where it is plain ASCII. */
function lineRowCount(line: string, terminator: boolean, width: number): number {
	const stuffed = line.startsWith('..');
	const text = stuffed ? line.slice(1) : line;
	if (!PLAIN_ASCII.test(text)) return lineRows(line, terminator, width).length;
	const {first, rest} = rowWidths(stuffed, width);
	return text.length > first ? 1 + Math.ceil((text.length - first) / rest) : 1;
}

function layOut(bytes: string, width: number): PreviewLayout {
	const lines = previewLines(bytes);
	const terminator = (index: number) => index === lines.length - 1 && lines[index] === '.';
	// starts[i]: the row line i begins at.
	const starts = new Array<number>(lines.length);
	let rows = 0;
	lines.forEach((line, index) => {
		starts[index] = rows;
		rows += lineRowCount(line, terminator(index), width);
	});
	let linesLaidOut = 0;
	return {
		rows,
		get linesLaidOut() {
			return linesLaidOut;
		},
		window(first, count) {
			if (first >= rows) return [];
			return rowWindow(starts, first, count, index => {
				linesLaidOut++;
				return lineRows(lines[index]!, terminator(index), width);
			});
		},
	};
}

/** The last message's layouts, one per width asked (the keys' and the panel's are the same width). */
let cache: {bytes: string; layouts: Map<number, PreviewLayout>} | undefined;

/** The preview of `bytes` laid out `width` columns wide, kept while the same message is asked for. */
export function previewLayout(bytes: string, width: number): PreviewLayout {
	if (cache?.bytes !== bytes) cache = {bytes, layouts: new Map()};
	let layout = cache.layouts.get(width);
	if (!layout) {
		layout = layOut(bytes, width);
		cache.layouts.set(width, layout);
	}
	return layout;
}
