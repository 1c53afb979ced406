// A message of many megabytes opens at once: its text view lays out only the rows on screen (a 50 MB text was
// wrapped whole, 700,000 rows, before the first frame and at every key).
import {describe, expect, it, vi} from 'vitest';
import {groupDigits} from '../../source/smtp/digits.js';
import {waitForFrame} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';

// Every line wrapped into rows goes through wrapText (the text view is prose): counted, the work a frame does.
const wraps = vi.hoisted(() => ({count: 0}));
vi.mock('../../source/ui/components/display-text.js', async importOriginal => {
	const actual = await importOriginal<typeof import('../../source/ui/components/display-text.js')>();
	return {
		...actual,
		wrapText: (...args: Parameters<typeof actual.wrapText>) => {
			wraps.count++;
			return actual.wrapText(...args);
		},
	};
});

const LINES = 400_000;
const lineOf = (index: number) => `line ${String(index).padStart(6, '0')} é`;
const text = Array.from({length: LINES}, (_, index) => lineOf(index)).join('\r\n');
const items = [{id: '1', from: 'a@example.test', to: ['b@example.test'], subject: 'Big', size: text.length, receivedAt: 0}];
const message = {headerLines: [{key: 'subject', line: 'Subject: Big'}], text, attachments: [], raw: `Subject: Big\r\n\r\n${text}`};

/** The numbers of the text's lines a frame shows, top to bottom. */
const shownLines = (frame: string) => [...frame.matchAll(/line (\d{6}) é/g)].map(match => Number(match[1]));

describe(`a ${(text.length / 1024 / 1024).toFixed(1)} MB message's text view`, () => {
	it('shows its first screen, a page on and its end, wrapping only the lines shown', async () => {
		expect(text.length).toBeGreaterThan(5_000_000);
		const app = startApp({screen: {inbox: {items, message}}});
		await app.press(KEYS.tab, KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Inbox (1)]'));
		wraps.count = 0;
		await app.press(KEYS.enter, KEYS.right);
		const first = await waitForFrame(app.lastFrame, frame => frame.includes('[text]') && frame.includes(lineOf(0)));
		const rows = shownLines(first);
		expect(rows).toEqual(Array.from({length: rows.length}, (_, index) => index));
		// Said once its rows are all counted (a slice at a time, between events).
		await waitForFrame(app.lastFrame, frame => frame.includes(`↓ ${groupDigits(LINES - rows.length)} more`));

		// A page is the rows shown less one, kept for context.
		await app.press(KEYS.pageDown);
		const page = await waitForFrame(app.lastFrame, frame => shownLines(frame)[0] === rows.length - 1);
		expect(shownLines(page)).toEqual(rows.map(index => index + rows.length - 1));

		await app.press(KEYS.end);
		const end = await waitForFrame(app.lastFrame, frame => frame.includes(lineOf(LINES - 1)));
		expect(shownLines(end)).toEqual(rows.map(index => index + LINES - rows.length));
		expect(end).toContain(`↑ ${groupDigits(LINES - rows.length)} above`);
		// A few frames of a screenful each, not the 400,000 lines.
		expect(wraps.count).toBeLessThan(50 * rows.length);
	});
});
