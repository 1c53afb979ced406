import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {layOutLines, proseRowCount} from '../../source/ui/components/message-layout.js';
import {splitWidth, wrapText} from '../../source/ui/components/display-text.js';

// Words (Latin-1 and arrows too: one column each), spaces (runs of them too) and colons: where wrapText breaks.
const narrowProse = fc.array(fc.constantFrom('a', 'bb', 'word', 'é', 'x'.repeat(17), ' ', '  ', ':', 'key:value', '.', '→'), {maxLength: 60}).map(parts => parts.join(''));

describe('proseRowCount', () => {
	it('counts the rows wrapText makes of one-column text', () => {
		fc.assert(
			fc.property(narrowProse, fc.integer({min: 1, max: 30}), fc.integer({min: 1, max: 30}), (text, width, rest) => {
				expect(proseRowCount(text, width, rest)).toBe(wrapText(text, width, rest).length);
			}),
			{numRuns: 3000},
		);
	});
});

describe('layOutLines', () => {
	const lines = ['short', 'a line of prose long enough to wrap over three rows here', '', 'ÿ é and a tab\there', 'x'.repeat(45)];
	const wraps = {short: 'said', '': 'said'} as const;
	const wrapOf = (line: string) => (line.startsWith('x') ? 'exact' : (wraps[line as keyof typeof wraps] ?? 'prose'));
	const layout = () => layOutLines(lines, 20, wrapOf, line => line.replace('\t', '^I'));

	it('lays out the same rows a window at a time as all at once', () => {
		const whole = layout().window(0, Number.MAX_SAFE_INTEGER);
		expect(whole.map(row => row.text)).toEqual([
			'short',
			...wrapText(lines[1]!, 20, 19),
			'',
			...wrapText('ÿ é and a tab^Ihere', 20, 19),
			...splitWidth('x'.repeat(45), 20, 19),
		]);
		expect(layout().rows).toBe(whole.length);
		for (let first = 0; first < whole.length; first++) expect(layout().window(first, 3)).toEqual(whole.slice(first, first + 3));
	});

	it('wraps only the lines a window shows', () => {
		const many = Array.from({length: 100_000}, (_, index) => `line ${index} `.repeat(index % 3 === 0 ? 12 : 1));
		const big = layOutLines(many, 40, () => 'prose', line => line);
		expect(big.linesLaidOut).toBe(0);
		const rows = big.window(big.rows - 5, 5);
		expect(rows.map(row => row.text).at(-1)).toBe(wrapText(many.at(-1)!, 40, 39).at(-1));
		expect(big.linesLaidOut).toBeLessThanOrEqual(5);
	});
});
