// The latency moved to an explanation row must fit where it is put: a row one column too wide is cut by Ink ("(12 m…").
import {expect, it} from 'vitest';
import {entryRows, type LogLayout} from '../../source/ui/components/log-rows.js';
import {textWidth} from '../../source/ui/components/display-text.js';
import type {LogEntry} from '../../source/session/types.js';

it('no collapsed row is wider than the log (the latency moved under the reply must fit where it is put)', () => {
	const bad: string[] = [];
	for (const width of [40, 53, 60, 80]) {
		for (let len = 1; len < width; len++) {
			const layout: LogLayout = {width, expanded: false, presenter: false, timestamps: true};
			const entry: LogEntry = {id: 1, time: 0, kind: 'received', text: `250 ${'x'.repeat(width)}`, reply: {code: 250, lines: ['x']} as never, explanation: 'e'.repeat(len), latencyMs: 12};
			for (const row of entryRows(entry, layout)) {
				const total = textWidth(row.time) + textWidth(row.marker) + textWidth(row.text) + (row.suffix?.length ?? 0);
				if (total > width) bad.push(`width ${width}, explanation ${len}: ${JSON.stringify(row.marker + row.text + (row.suffix ?? ''))} is ${total} columns`);
			}
		}
	}
	expect(bad.slice(0, 4)).toEqual([]);
});

it('wrapped (expanded, presenter): a latency that fits after neither the reply nor its explanation gets a row; one that fits after the explanation goes there', () => {
	const layout: LogLayout = {width: 40, expanded: true, presenter: false, timestamps: false};
	// The reply fills its two rows to the last column: its latency cannot follow it there.
	const reply = (explanation: string): LogEntry => ({id: 1, time: 0, kind: 'received', text: `550 ${'x'.repeat(71)}`, reply: {code: 550, lines: ['x']} as never, explanation, latencyMs: 12});
	const short = entryRows(reply('refused'), layout);
	expect(short.at(-1)).toMatchObject({text: expect.stringContaining('refused'), suffix: ' (12 ms)'});
	expect(short.filter(row => row.suffix)).toHaveLength(1);
	const long = entryRows(reply('e'.repeat(60)), layout);
	expect(long.filter(row => row.suffix)).toHaveLength(1);
	expect(long.at(-1)!.suffix).toBe(' (12 ms)');
	// On a row of its own, it starts where the words above it start: the explanation's (presenter mode showed it a
	// column left of them), or the reply's.
	const column = (row: {marker: string; text: string}) => textWidth(row.marker) + textWidth(row.text) - textWidth(row.text.trimStart());
	const full = entryRows(reply('e'.repeat(36)), layout);
	expect(full.at(-1)).toMatchObject({role: 'received', suffix: '(12 ms)'});
	expect(column(full.at(-1)!)).toBe(column(full.at(-2)!));
	const alone = entryRows({...reply('e'), explanation: undefined}, layout);
	expect(alone.at(-1)).toMatchObject({text: '', suffix: '(12 ms)'});
	expect(column(alone.at(-1)!)).toBe(column(alone[0]!));
});
