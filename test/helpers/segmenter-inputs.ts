import {vi} from 'vitest';

/**
 * Watches what Intl.Segmenter is given from now on (the dashboard's own segmenter and string-width's): the work a
 * key costs, counted rather than timed. Node 20's segmenter copies its whole input into each segment, so a line
 * given whole costs its length squared: an input over `most` code units throws at once, rather than after the
 * minutes a 200 KB line would take. Undone by vi.restoreAllMocks().
 */
export function segmenterInputs(most = 512): {longest: () => number; total: () => number; reset: () => void} {
	const lengths: number[] = [];
	const segment = Intl.Segmenter.prototype.segment;
	vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (this: Intl.Segmenter, text: string) {
		if (text.length > most) throw new Error(`the segmenter was given ${text.length} code units at once (at most ${most} expected)`);
		lengths.push(text.length);
		return segment.call(this, text);
	});
	return {
		longest: () => Math.max(0, ...lengths),
		total: () => lengths.reduce((sum, length) => sum + length, 0),
		reset: () => {
			lengths.length = 0;
		},
	};
}
