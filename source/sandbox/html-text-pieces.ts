// A big HTML made into text a piece at a time, the event loop let go between pieces: html-to-text converts in one call,
// and 16 MiB of HTML held serve's sessions and the inbox's keys ~1.3 s. Each piece is converted alone inside copies of
// the elements around it, and the pieces' texts are joined as the whole's would have it.
//
// Where a cut is made: only before an element whose every enclosing element lays out its content as it would without
// it (a block, or inline: CONTAINERS), as htmlparser2 (html-to-text's own parser) reads the HTML, so never inside a
// tag, a comment, <script>, <style>, <pre>, a list, a link or an entity. And only where the whole's text is known to
// go on on a new line: the element before the cut and the one after are converted alone and together, and the cut is
// made only where together they read as the two alone, joined by line breaks (no word of one joined to a word of the
// other, no line of a list numbered or quoted differently). Then html-to-text's text of the rest is as it would be in
// the whole: what comes after a line break does not depend on what came before it, but on the line breaks owed.
import {Parser} from 'htmlparser2';
import {nextTurn} from './in-pieces.js';

/** A conversion of HTML to text, with html-to-text's options (see htmlAsText); `found` gets its links' targets. */
type Convert<Found> = (html: string, found?: Found) => string;

/** Elements whose content html-to-text lays out as a block, or inline, with nothing added around or in it. */
const CONTAINERS = new Set([
	...['html', 'body', 'div', 'p', 'section', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'form', 'center', 'span', 'font'],
	// A layout table's cell (a newsletter's whole body can be in one): a cell's text ends with a gap (see breaksBetween).
	...['table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th'],
]);

/**
 * An open container: its start tag as sent, the one it is in (none for the document itself), whether it is a <body> or
 * inside one, its last child so far.
 */
type Container = {name: string; tag: string; parent?: Container; body: boolean; last?: Start};

/**
 * Where an element begins (its '<'), directly in `container`, every element around it a container; and where the
 * elements beside it in there begin.
 */
type Start = {at: number; container: Container; previous?: Start; next?: Start};

/**
 * htmlparser2's foreign contexts (svg, math, and the HTML inside them), innermost first; [false] in HTML. It leaves an
 * svg's only at </svg>, not where the block around it closes: after `<div><svg></div>` it reads <p/> as a p closed at
 * once, to the end, where a piece parsed alone reads an open p. No cut is made unless it reads as a new parse does.
 */
const inHtml = (parser: Parser) => {
	const context = (parser as unknown as {foreignContext: boolean[]}).foreignContext;
	return context.length === 1 && !context[0];
};

/** The element before the cut and the one after (up to the next one's start) are tried only under this length. */
const SIBLING = 16 * 1024;

/** Cuts tried and refused before giving up on cutting near there (each costs three small conversions). */
const TRIES = 16;

/** The start tags of `container` and those around it, outermost first. */
const opening = (container: Container): string => (container.parent ? opening(container.parent) + container.tag : '');

/** The end tags of `container` and those around it, innermost first. */
const closing = (container: Container): string => (container.parent ? `</${container.name}>${closing(container.parent)}` : '');

/** The source from `from` to `to`, inside copies of the containers it begins in and ends in. */
const wrapped = (html: string, from: Start | undefined, to: Start | undefined) =>
	(from ? opening(from.container) : '') + html.slice(from?.at ?? 0, to?.at) + (to ? closing(to.container) : '');

/**
 * Each element's start in `html`, where every element around it is a container, read by htmlparser2 half a piece of
 * `piece` characters at a time (the event loop let go between pieces), as html-to-text's parse reads it. Where the HTML
 * has a <body>, html-to-text converts only what is in one (a head cut short, or HTML before its <body>, is left out):
 * then only those inside one, whose pieces have a copy of it.
 */
async function elementStarts(html: string, piece: number): Promise<Start[]> {
	const starts: Start[] = [];
	// The open elements, innermost last: undefined for one that is not a container (no cut inside it).
	const open: Array<Container | undefined> = [{name: '', tag: '', body: false}];
	let bodies = false;
	const parser = new Parser(
		{
			onopentag(name, _attributes, implied) {
				const container = open.at(-1);
				bodies ||= name === 'body';
				// An element the parser adds (a </p> or </br> alone) has no tag of its own to cut before, or to copy; and in
				// a foreign context (this element's own, when it opens one) none is cut before (see inHtml).
				if (container && !implied && inHtml(parser)) {
					const start: Start = {at: parser.startIndex, container, previous: container.last};
					if (container.last) container.last.next = start;
					container.last = start;
					starts.push(start);
				}
				open.push(container && !implied && CONTAINERS.has(name) ? {name, tag: html.slice(parser.startIndex, parser.endIndex + 1), parent: container, body: container.body || name === 'body'} : undefined);
			},
			onclosetag() {
				open.pop();
			},
		},
		{decodeEntities: true},
	);
	for (let at = 0; at < html.length; at += piece / 2) {
		if (at > 0) await nextTurn();
		parser.write(html.slice(at, at + piece / 2));
	}
	parser.end();
	return bodies ? starts.filter(start => start.container.body) : starts;
}

/**
 * What the whole's text has between the text of `before` and that of `after` (siblings, one ending where the other
 * begins, `next` after them), or undefined where it is not known to be blanks with a line break (see the module's
 * comment). The texts are compared without the blanks that end them: a copied cell ends its text with two spaces
 * (html-to-text's gap, see spacedCell), and a copied block with what line breaks it owes.
 */
function breaksBetween<Found>(html: string, convert: Convert<Found>, before: Start, after: Start, next: Start): string | undefined {
	const first = convert(wrapped(html, before, after)).trimEnd();
	const second = convert(wrapped(html, after, next)).trimEnd();
	if (first === '' || second === '') return undefined;
	const together = convert(wrapped(html, before, next)).trimEnd();
	if (together.length < first.length + second.length || !together.startsWith(first) || !together.endsWith(second)) return undefined;
	const between = together.slice(first.length, together.length - second.length);
	return between.trim() === '' && (between.includes('\n') || second.startsWith('\n')) ? between : undefined;
}

/** How long a piece's conversion is meant to take: the pieces' length is fitted to it as they are converted. */
const AIM_MS = 10;

/**
 * The text of `html`, as `convert` makes it in one call, in parts (joined, they are that text): pieces of at most
 * `piece` characters converted one at a time, the event loop let go between them; shorter where the HTML is slow to
 * convert (a table's cells take ~5 times a paragraph's characters), fitted to AIM_MS. A part of the HTML with no place
 * to cut (one element's text of megabytes) is converted in one call.
 */
export async function* textInPieces<Found>(html: string, convert: Convert<Found>, piece: number, found?: Found): AsyncGenerator<string> {
	let from: Start | undefined;
	let length = piece / 8;
	let refused = 0;
	let skipped = 0;
	for (const start of await elementStarts(html, piece)) {
		const {previous, next} = start;
		const at = from?.at ?? 0;
		if (start.at - at < length + skipped || !previous || !next || previous.at < at) continue;
		if (start.at - previous.at > SIBLING || next.at - start.at > SIBLING) continue;
		await nextTurn();
		const breaks = breaksBetween(html, convert, previous, start, next);
		if (breaks === undefined) {
			// Refused too often: tried again a piece further on.
			if (++refused >= TRIES) [skipped, refused] = [start.at - at, 0];
			continue;
		}
		await nextTurn();
		const started = performance.now();
		// Without the blanks that end it, which `breaks` has (see breaksBetween).
		const text = convert(wrapped(html, from, start), found).trimEnd();
		const took = performance.now() - started;
		yield text;
		yield breaks;
		length = Math.min(piece, Math.max(piece / 16, Math.round(((start.at - at) * AIM_MS) / Math.max(took, 1))));
		[from, refused, skipped] = [start, 0, 0];
	}
	await nextTurn();
	yield convert(wrapped(html, from, undefined), found);
}
