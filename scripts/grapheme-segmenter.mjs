// A grapheme segmenter that builds Intl.Segmenter only for text that needs it. string-width, slice-ansi and
// ansi-tokenize (Ink measures, cuts and styles every row with them) each build one as they load, and the first
// Intl object of a process starts ICU: ~10-15 ms of the dashboard's start, for a first frame of ASCII, box lines,
// arrows and marks, each of which is a grapheme cluster of its own. scripts/ink-patch.mjs puts this function's
// source in their place; test/ui/grapheme-segmenter.test.ts holds it to Intl.Segmenter's answers.

/**
 * Intl.Segmenter's grapheme segments of `input` (iterable, and `containing`), the same objects: for text whose every
 * code point has Grapheme_Cluster_Break Other or Control (no CR, no combining mark, ZWJ, variation selector,
 * Hangul jamo or regional indicator, which are what join code points into one cluster, UAX #29), one segment per
 * code point, made here; for any other text, Intl.Segmenter's own, built on first need. Self-contained: its source
 * is copied into the patched files.
 */
export function graphemeSegmenter() {
	const alone = /^[\u0000-\u000C\u000E-\u007E\u0080-\u02FF\u2010-\u2027\u2030-\u205E\u2190-\u2BFF]*$/;
	let segmenter;
	return {
		segment(input) {
			const text = String(input);
			if (!alone.test(text)) {
				segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
				return segmenter.segment(text);
			}
			const at = index => ({segment: text[index], index, input: text});
			return {
				containing(index = 0) {
					const at0 = Math.trunc(Number(index) || 0);
					return at0 >= 0 && at0 < text.length ? at(at0) : undefined;
				},
				*[Symbol.iterator]() {
					for (let index = 0; index < text.length; index++) yield at(index);
				},
			};
		},
	};
}
