// The collapsed log at the sizes a laptop and a projector give: a refusal's reason ("user unknown") is read whole,
// and an explanation cut to its rows keeps what it says, not enhanced-code jargon cut mid-word ("2.1.0 …").
import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../source/session/types.js';
import {entryRowCount, entryRows, type LogLayout} from '../../source/ui/components/log-rows.js';
import {textWidth} from '../../source/ui/components/display-text.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {KEYS} from './app-harness.js';
import {plain} from '../helpers/wait-for.js';
import {received} from './log-fixtures.js';
import {sandboxApp} from './wired-app.js';

/** The protocol log's rows of a frame: what stands between its frame's borders, right of the composer. */
const logRows = (frame: string) => frame.split('\n').map(row => /[│║]([^│║]*)[│║]\s*$/.exec(row)?.[1] ?? '');

describe('a refusal in the collapsed log', () => {
	for (const size of [{columns: 100, rows: 30}, {columns: 80, rows: 24}]) {
		it(`at ${size.columns}×${size.rows} shows every word of the sandbox's refusal, and explanations cut after whole words`, async () => {
			const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'nobody@example.test, friend@example.test'}}, size});
			await app.frame(f => / AUTO /.test(f));
			await app.press(KEYS.ctrl('s'));
			let frame = await app.frame(f => /Inbox \(1\)/.test(f) && /queued as/.test(f));
			// At 80×24 the refusal has scrolled away: back up to it in the log, a line at a time.
			if (!/550 5\.1\.1/.test(frame)) await app.press(KEYS.tab);
			for (let line = 0; line < 20 && !/550 5\.1\.1[^\n]*\n[^\n]*unknown/.test(frame); line++) {
				await app.press('k');
				frame = plain(app.instance.lastFrame());
			}
			const rows = logRows(frame);
			const at = rows.findIndex(row => row.includes('550 5.1.1'));
			expect(at, frame).toBeGreaterThan(-1);
			// The refusal and the row it goes on to: every word of it, "user unknown" among them.
			const refusal = `${rows[at]} ${rows[at + 1]}`.replace(/\s+»/, ' ').replace(/\s+/g, ' ');
			for (const word of ['550', '5.1.1', '<nobody@example.test>:', 'user', 'unknown']) expect(refusal, frame).toContain(` ${word}`);
			// No explanation ends in a bare enhanced code or a word cut short ("2.1.0 …", "destinat…").
			for (const row of rows) {
				expect(row, frame).not.toMatch(/\d\.\d{1,3}\.\d{1,3}\s*…/);
				expect(row, frame).not.toMatch(/(?:destinat|transactio|greylist|purpo)…/);
			}
		});
	}
});

describe('row counts match the rows drawn, for refusals and cut explanations', () => {
	const texts = ['550 5.1.1 <nobody@example.test>: user unknown', `451 4.7.1 ${'greylisted, try again later '.repeat(4)}`, '550 5.7.1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '250 2.1.0 Sender OK'];
	const explanations = [undefined, 'sender accepted: a transaction is open; 2.1.0 success (address status)', 'mailbox unavailable, or refused by policy; 5.1.1 permanent failure, address: bad destination mailbox address'];
	it('at every width from 30 to 100, newest or not, with a latency or without', () => {
		const bad: string[] = [];
		for (let width = 30; width <= 100; width++) {
			for (const text of texts) {
				for (const explanation of explanations) {
					for (const newestReplyId of [1, 2]) {
						const entry: LogEntry = received(1, text, explanation, 12);
						const layout: LogLayout = {width, expanded: false, presenter: false, timestamps: true, newestReplyId};
						const rows = entryRows(entry, layout);
						if (entryRowCount(entry, layout) !== rows.length) bad.push(`${width} ${text} ${explanation}: ${entryRowCount(entry, layout)} counted, ${rows.length} drawn`);
						for (const row of rows) if (textWidth(row.time + row.marker + row.text) + (row.suffix?.length ?? 0) > width) bad.push(`${width}: ${row.text} too wide`);
					}
				}
			}
		}
		expect(bad.slice(0, 4)).toEqual([]);
	});
});

describe('an explanation collapsed to its rows', () => {
	const layout: LogLayout = {width: 52, expanded: false, presenter: false, timestamps: true};
	const explanationOf = (entry: LogEntry, shown = layout) => entryRows(entry, shown).filter(row => row.role === 'explanation').map(row => row.text.trim());

	it('in one row, lets the success code go first, then cuts after a whole word', () => {
		const sender = received(1, '250 2.1.0 Sender OK', 'sender accepted: a transaction is open; 2.1.0 success (address status)');
		expect(explanationOf(sender)).toEqual(['sender accepted: a transaction is open']);
		const data = received(2, '354 End data with <CR><LF>.<CR><LF>', 'send the message: headers, a blank line, the body, then a line with only "." to end it');
		expect(explanationOf(data)).toEqual(['send the message: headers, a blank line, the…']);
		// Expanded, nothing is let go.
		expect(explanationOf(sender, {...layout, expanded: true}).join(' ')).toContain('2.1.0 success (address status)');
	});

	it("a refusal's two rows keep its enhanced code's words, the second cut after a whole word", () => {
		const refused = received(1, '550 5.1.1 <nobody@example.test>: user unknown', 'mailbox unavailable, or refused by policy; 5.1.1 permanent failure, address: bad destination mailbox address');
		expect(explanationOf(refused)).toEqual(['mailbox unavailable, or refused by policy;', '5.1.1 permanent failure, address: bad…']);
	});
});
