// Which BDAT chunk a step-mode prompt offers: "of N" only when the count is certain.
import {describe, expect, it} from 'vitest';
import {chunkPlace, chunkWords} from '../../source/text/bdat-chunk.js';

describe('chunkPlace', () => {
	it('counts the chunks from an exact size; the last chunk always knows it is the last', () => {
		expect(chunkWords(chunkPlace(2, false, {octets: 408, exact: true}, 100))).toBe('chunk 2 of 5');
		expect(chunkWords(chunkPlace(5, true, {octets: 408, exact: true}, 100))).toBe('chunk 5 of 5');
	});

	it('from an estimate (a few octets over, never under), only where a count one less is impossible', () => {
		expect(chunkWords(chunkPlace(1, false, {octets: 10 * 1024 * 1024 + 200_000, exact: false}, 1024 * 1024))).toBe('chunk 1 of 11');
		// 100 octets past a boundary: the message may end at it, one chunk fewer.
		expect(chunkWords(chunkPlace(1, false, {octets: 10 * 1024 * 1024 + 100, exact: false}, 1024 * 1024))).toBe('chunk 1');
		expect(chunkWords(chunkPlace(3, false, undefined, 100))).toBe('chunk 3');
	});
});
