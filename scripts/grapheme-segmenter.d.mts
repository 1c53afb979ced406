/** Intl.Segmenter's grapheme segments, building one only for text that needs it: see grapheme-segmenter.mjs. */
export function graphemeSegmenter(): {segment(input: string): Intl.Segments};
