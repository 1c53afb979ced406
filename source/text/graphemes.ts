// Grapheme clusters (what a reader sees as one character) found near a point of a line, never by segmenting the
// whole line: Node 20's Intl.Segmenter copies its whole input into every segment it makes, so segmenting a line
// costs its length squared (a 200 KB line: minutes and gigabytes, then a crash). The segmenter only ever gets a
// slice of a few hundred code units, cut where a cluster starts.

// Made on first use: creating it loads ICU data (~8 ms), which the first frame need not wait for.
let segmenter: Intl.Segmenter | undefined;

function segment(text: string): Intl.Segments {
	segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	return segmenter.segment(text);
}

/** Code units the segmenter gets at a time: a few screen rows, enough for any cluster but a pathological one. */
const SLICE = 256;
/** Code units looked at around a point first (a cluster is rarely longer): four times more each time it is not enough. */
const NEAR = 32;

const isAscii = (code: number) => code < 0x80;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** No cluster boundary falls inside a surrogate pair: an index between its halves moves past the pair. */
function notInPair(text: string, index: number): number {
	return index > 0 && index < text.length && isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index)) ? index + 1 : index;
}

/**
 * A cluster starts at `index`, as two ASCII characters tell without the segmenter: no rule of UAX #29 joins them
 * but CR LF. (A Prepend character, which joins what follows it, is never ASCII.)
 */
function asciiBreak(text: string, index: number): boolean {
	if (index <= 0 || index >= text.length) return true;
	const before = text.charCodeAt(index - 1);
	const after = text.charCodeAt(index);
	return isAscii(before) && isAscii(after) && !(before === 0x0d && after === 0x0a);
}

/**
 * What joins the character before it without being a cluster's start: marks (accents, viramas, selectors), the
 * joiners, skin tones, tags, the half-width sound marks. Segmenting from one of these would cut it from the emoji or
 * conjunct it belongs to (the segmenter, seeing no emoji before a ZWJ, ends the cluster there).
 */
export const JOINING = '[\\p{M}\\u200C\\u200D\\uFF9E\\uFF9F\\u{1F3FB}-\\u{1F3FF}\\u{E0020}-\\u{E007F}]';
const JOINS_BEFORE = new RegExp(`^${JOINING}`, 'u');
const REGIONAL_INDICATOR = /^[\u{1F1E6}-\u{1F1FF}]/u;

/**
 * A point at or before `index` from which segmenting finds the true end of the cluster it is in, and every
 * boundary after it: not on a joining character, and an even count of regional indicators into a run of them (a
 * flag is a pair, counted from the run's start). It may itself lie inside a cluster (a letter after a ZWJ).
 */
function resumePoint(text: string, index: number): number {
	let at = index;
	while (at > 0) {
		if (isLowSurrogate(text.charCodeAt(at)) && isHighSurrogate(text.charCodeAt(at - 1))) at -= 1;
		else if (JOINS_BEFORE.test(text.slice(at, at + 2))) at -= 1;
		else break;
	}
	if (!REGIONAL_INDICATOR.test(text.slice(at, at + 2))) return at;
	let run = 0;
	while (at - 2 * (run + 1) >= 0 && REGIONAL_INDICATOR.test(text.slice(at - 2 * (run + 1), at - 2 * run))) run += 1;
	return run % 2 === 0 ? at : at - 2;
}

/**
 * Cluster boundaries of `text` found by segmenting only around [from, to]: every one from the end of the cluster
 * holding `from` up to `to` (0 and the text's end included when reached), none of them guessed.
 */
function breaksAround(text: string, from: number, to: number): number[] {
	const start = resumePoint(text, from);
	const end = notInPair(text, to);
	const found = start === 0 ? [0] : [];
	let first = true;
	// The first segment starts where segmenting began, which need not be a boundary; its end is one.
	for (const {index} of segment(text.slice(start, end))) {
		if (!first) found.push(start + index);
		first = false;
	}
	if (end === text.length && end > 0) found.push(end);
	return found;
}

/** The start of the cluster before `index` (0 at the start): where Left and Backspace go. */
export function previousBreak(text: string, index: number): number {
	if (index <= 1) return 0;
	if (asciiBreak(text, index - 1)) return index - 1;
	for (let near = NEAR; ; near *= 4) {
		const from = Math.max(0, index - near);
		const before = breaksAround(text, from, index).filter(at => at < index);
		if (before.length > 0) return before.at(-1)!;
		if (from === 0) return 0;
	}
}

/** The end of the cluster at `index` (the text's length at the end): where Right goes, what Delete takes. */
export function nextBreak(text: string, index: number): number {
	if (index >= text.length - 1) return text.length;
	if (asciiBreak(text, index + 1)) return index + 1;
	for (let near = NEAR; ; near *= 4) {
		const to = Math.min(text.length, index + 1 + near);
		const after = breaksAround(text, index, to).find(at => at > index);
		if (after !== undefined) return after;
		if (to === text.length) return text.length;
	}
}

/** The last cluster boundary at or before `index`. */
export function breakAtOrBefore(text: string, index: number): number {
	return index >= text.length ? text.length : previousBreak(text, index + 1);
}

/** The first cluster boundary at or after `index`. */
export function breakAtOrAfter(text: string, index: number): number {
	return index <= 0 ? 0 : nextBreak(text, index - 1);
}

/**
 * `text` in pieces of about `size` code units, each cut where a cluster starts: the segmenter (or string-width,
 * which segments what it measures) takes a long text a piece at a time, in time linear in its length.
 */
export function* piecesOf(text: string, size = SLICE): Generator<string> {
	let at = 0;
	while (at < text.length) {
		let next = text.length;
		for (let grow = size; at + grow < text.length; grow *= 2) {
			const end = notInPair(text, at + grow);
			if (asciiBreak(text, end)) {
				next = end;
				break;
			}
			// The start of the slice's last cluster: where the slice ends, that cluster may go on.
			const last = segment(text.slice(at, end)).containing(end - at - 1)!.index;
			if (last > 0) {
				next = at + last;
				break;
			}
		}
		yield text.slice(at, next);
		at = next;
	}
}

const ASCII_ONLY = /^[\u0000-\u007F]*$/;

/** The clusters of `text`, first to last, read a slice at a time. */
export function* graphemes(text: string): Generator<string> {
	for (const piece of piecesOf(text)) {
		if (ASCII_ONLY.test(piece) && !piece.includes('\r\n')) yield* piece;
		else for (const part of segment(piece)) yield part.segment;
	}
}

/** The clusters of `text`, last to first, read a slice at a time from the end: a line's tail costs what it holds. */
export function* graphemesBackward(text: string): Generator<string> {
	let end = text.length;
	while (end > 0) {
		const start = breakAtOrBefore(text, Math.max(0, end - SLICE));
		// A cluster longer than the slice: from the start of the one that holds the slice's start.
		const from = start === end ? previousBreak(text, end) : start;
		const parts = [...graphemes(text.slice(from, end))];
		for (let index = parts.length - 1; index >= 0; index -= 1) yield parts[index]!;
		end = from;
	}
}

/** The first cluster of `text` ('' when empty). */
export function firstGrapheme(text: string): string {
	return text.slice(0, text === '' ? 0 : nextBreak(text, 0));
}
