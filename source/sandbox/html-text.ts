// The text of an HTML part, for the inbox's text view of a message that has no plain-text part.
import type {Formatter} from 'html-to-text';
import {textInPieces} from './html-text-pieces.js';
import {nextTurn} from './in-pieces.js';

/** Where a conversion puts each link's target and each image's address (html-to-text hands it to pathRewrite). */
type Found = {hrefs: string[]; images: string[]};

/** A table cell's content, then a gap: html-to-text's default runs cells together ("ItemPriceWidget$5"). */
const spacedCell: Formatter = (elem, walk, builder) => {
	walk(elem.children, builder);
	builder.addLiteral('  ');
};

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/**
 * html-to-text's own limit (its default limits.maxInputLength): past it, it cuts the HTML and says so with console.warn,
 * which would print over the dashboard's frame and into serve's stderr. The HTML is cut here first instead.
 */
export const MAX_INPUT = 1 << 24;

/**
 * html-to-text's converter for these options, compiled once: compiling them (its selectors' decision tree) cost more
 * than converting a short mail, and each message's text is read as it arrives, before its 250.
 */
function compileConverter({compile}: typeof import('html-to-text')): (html: string, found?: Found) => string {
	const rows = {format: 'block', options: {leadingLineBreaks: 1, trailingLineBreaks: 1}};
	const record = (kind: keyof Found) => (address: string, found: Found | undefined) => (found?.[kind].push(address), address);
	return compile({
		wordwrap: false,
		// As mailparser limits it: deeper nesting is cut, not followed (a hostile message cannot exhaust the stack).
		limits: {maxDepth: 1000},
		selectors: [
			// pathRewrite sees each link's target and image address with its entities decoded (`&amp;` as `&`), as a browser does.
			{selector: 'a', options: {hideLinkHrefIfSameAsText: true, pathRewrite: record('hrefs')}},
			{selector: 'img', options: {pathRewrite: record('images')}},
			{selector: 'table', format: 'block'},
			{selector: 'tr', ...rows},
			{selector: 'td', format: 'spacedCell'},
			{selector: 'th', format: 'spacedCell'},
			// A heading in the sender's own letters: html-to-text's capitals would fail a test looking for "Welcome, Anna".
			...HEADINGS.map(selector => ({selector, options: {uppercase: false}})),
		],
		formatters: {spacedCell},
	});
}

let converter: ((html: string, found?: Found) => string) | undefined;

/** HTML up to this many characters is converted in one call (5-30 ms); longer, in pieces of at most this. */
const PIECE = 128 * 1024;

/**
 * The last line of the text of an HTML cut at MAX_INPUT: how much of it is left out (the raw view has it all). Its
 * bytes counted a piece at a time (34 MiB counted at once held the loop ~50 ms); a piece that ends inside a
 * surrogate pair counts it 2 bytes more, which the tenths of a MiB shown do not show.
 */
async function restLeftOut(rest: string): Promise<string> {
	let bytes = 0;
	for (let at = 0; at < rest.length; at += PIECE) {
		if (at > 0) await nextTurn();
		bytes += Buffer.byteLength(rest.slice(at, at + PIECE));
	}
	const mebibytes = Math.round((bytes / 1024 / 1024) * 10) / 10;
	return `[… the rest of the HTML, ${mebibytes} MiB, not shown as text]`;
}

/**
 * The text as the view reads it, its parts given as they come: each line without the blanks that end it, no run of
 * more than one blank line, none at the start or the end (the same as on the whole text, without a pass over it).
 */
function tidied(): {add(part: string): void; end(): string} {
	const done: string[] = [];
	let line = '';
	let started = false;
	let blank = false;
	const take = (lines: readonly string[]) => {
		let out = '';
		for (const each of lines) {
			const trimmed = each.trimEnd();
			if (trimmed === '') blank = started;
			else [out, started, blank] = [out + (started ? (blank ? '\n\n' : '\n') : '') + trimmed, true, false];
		}
		done.push(out);
	};
	return {
		add(part) {
			const lines = (line + part).split('\n');
			line = lines.pop()!;
			take(lines);
		},
		end() {
			take([line]);
			return done.join('');
		},
	};
}

/**
 * The HTML as text with html-to-text, as mailparser makes it, but not wrapped at 80 columns (the view wraps at its
 * own width), headings not in capitals, a table's rows one a line with their cells apart, and a link whose text is
 * its address given once. Mail lays out with tables: a layout cell's gap leaves a blank line, so runs of them are
 * cut to one. HTML over MAX_INPUT characters is converted up to there, and a last line says how much is left out.
 * HTML over `piece` characters is converted a piece at a time (see textInPieces), the same text.
 * `found`, when given, gets each link's target, in order, and each image's address.
 */
export async function htmlAsText(html: string, found?: Found, piece = PIECE): Promise<string> {
	converter ??= compileConverter(await import('html-to-text'));
	const source = html.length > MAX_INPUT ? html.slice(0, MAX_INPUT) : html;
	const tidy = tidied();
	if (source.length <= piece) tidy.add(converter(source, found));
	else for await (const part of textInPieces(source, converter, piece, found)) tidy.add(part);
	const text = tidy.end();
	return html.length > MAX_INPUT ? `${text}\n\n${await restLeftOut(html.slice(MAX_INPUT))}` : text;
}
