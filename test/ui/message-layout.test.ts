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
	const layout = () => layOutLines({before: lines, after: []}, 20, wrapOf, line => line.replace('\t', '^I'));

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

	it('splits a body as String.split at CRLF or LF does, between its lines before and after', () => {
		for (const body of ['', 'one', 'one\r\ntwo\nthree', 'ends\r\n', 'a lone\rCR\n\n', '\r\n']) {
			const rows = layOutLines({before: ['above'], body, after: ['below']}, 80, () => 'exact', line => line.replace('\r', '^M')).window(0, 100);
			expect(rows.map(row => row.text)).toEqual(['above', ...body.split(/\r?\n/).map(line => line.replace('\r', '^M')), 'below']);
		}
	});

	it('counts a big body a slice at a time, and lays out only the lines a window shows', async () => {
		const many = Array.from({length: 100_000}, (_, index) => `line ${index} `.repeat(index % 3 === 0 ? 12 : 1));
		const body = many.join('\r\n');
		const big = layOutLines({before: [], body, after: []}, 40, () => 'prose', line => line);
		// Not counted whole before the first frame: the first screen is.
		expect(big.rows).toBeUndefined();
		expect(big.window(0, 3).map(row => row.text)).toEqual(wrapText(many[0]!, 40, 39).slice(0, 3));
		const total = await new Promise<number | undefined>(resolve => big.subscribe(() => resolve(big.rows)));
		expect(total).toBe(many.reduce((sum, line) => sum + wrapText(line, 40, 39).length, 0));
		const rows = big.window(total! - 5, 5);
		expect(rows.map(row => row.text).at(-1)).toBe(wrapText(many.at(-1)!, 40, 39).at(-1));
		expect(big.linesLaidOut).toBeLessThanOrEqual(10);
	});

	const turns = async (count: number) => {
		for (let turn = 0; turn < count; turn++) await new Promise(resolve => setImmediate(resolve));
	};
	const bigBody = () => Array.from({length: 200_000}, (_, index) => `line ${index}`).join('\n');

	it('goes to the end before the count is done a slice at a time, each call between events, and gets there once counted', async () => {
		const big = layOutLines({before: [], body: bigBody(), after: []}, 40, () => 'prose', line => line);
		const stop = big.subscribe(() => {});
		// End at once: the rows reached are those counted so far, not the 200,000 (a count that held the event loop).
		const reached = big.rowsTo(Number.MAX_SAFE_INTEGER);
		expect(reached).toBeLessThan(200_000);
		expect(big.window(reached - 1, 1).map(row => row.text)).toEqual([`line ${reached - 1}`]);
		await new Promise<void>(resolve => big.subscribe(resolve));
		expect(big.rowsTo(Number.MAX_SAFE_INTEGER)).toBe(200_000);
		expect(big.window(199_999, 5).map(row => row.text)).toEqual(['line 199999']);
		stop();
	});

	it('stops counting once no view shows it (a resize, another tab, the message closed), and goes on when one does again', async () => {
		const big = layOutLines({before: [], body: bigBody(), after: []}, 40, () => 'prose', line => line);
		big.subscribe(() => {})();
		await turns(50);
		expect(big.rows).toBeUndefined();
		const counted = big.rowsTo(0);
		await turns(50);
		expect(big.rowsTo(0)).toBe(counted);
		await new Promise<void>(resolve => big.subscribe(resolve));
		expect(big.rows).toBe(200_000);
	});
});
