// z in the inbox gives it the screen, as the log's z does: an HTML receipt read at 80x24 got 41x9 beside the log.
// z again, Tab, or Esc at the list give the screen back; Tab also moves the focus on (the inbox's letters are commands).
import {describe, expect, it} from 'vitest';
import {plain, settled, waitForFrame} from '../helpers/wait-for.js';
import {createDashboardState, dashboardReducer} from '../../source/ui/components/dashboard-state.js';
import {bindingsMarkdown} from '../../source/ui/keys/bindings.js';
import {defaultInit, KEYS, startApp} from './app-harness.js';

const items = [
	{id: '1', from: 'a@example.test', to: ['b@example.test'], subject: 'One', size: 10, receivedAt: 0},
	{id: '2', from: 'c@example.test', to: ['d@example.test'], subject: 'Two', size: 20, receivedAt: 0},
];
const longLine = `${'receipt '.repeat(12)}end`;
const message = {
	headerLines: [{key: 'subject', line: 'Subject: Two'}],
	text: Array.from({length: 30}, (_, index) => `line ${index + 1} ${longLine}`).join('\n'),
	attachments: [],
	raw: 'Subject: Two\r\n\r\nBody of two',
};
const footer = (frame: string | undefined) => plain(frame).split('\n').at(-1)!;

describe.each([
	{columns: 80, rows: 24},
	{columns: 100, rows: 30},
])('the zoomed inbox at $columns x $rows', size => {
	it('z gives an opened message the whole screen; z again gives it back', async () => {
		const app = startApp({screen: {size, inbox: {items, message}}});
		await app.press(KEYS.tab, KEYS.tab, KEYS.enter, KEYS.right);
		const side = plain(await waitForFrame(app.lastFrame, frame => frame.includes('[text]')));
		expect(side).toContain('Protocol log');
		await app.press('z');
		const zoomed = plain(await waitForFrame(app.lastFrame, frame => !frame.includes('Protocol log')));
		expect(zoomed).not.toMatch(/Message|Connection|Protocol log/);
		// The whole width: the text view's rows are as wide as the screen less the border.
		const rows = zoomed.split('\n');
		expect(rows[1]!.length).toBe(size.columns);
		const shownLines = (frame: string) => frame.split('\n').filter(row => /line \d+ receipt/.test(row)).length;
		expect(shownLines(zoomed)).toBeGreaterThan(shownLines(side));
		expect(footer(zoomed)).toContain('z unzoom');
		await app.press('z');
		await waitForFrame(app.lastFrame, frame => frame.includes('Protocol log'));
		expect(app.calls).toEqual([]);
	});

	it('Esc goes back to the list, still zoomed; Esc at the list gives the screen back', async () => {
		const app = startApp({screen: {size, inbox: {items, message}}});
		await app.press(KEYS.tab, KEYS.tab, KEYS.enter, 'z');
		await waitForFrame(app.lastFrame, frame => !frame.includes('Protocol log') && frame.includes('[headers]'));
		await app.press(KEYS.escape);
		const list = plain(await waitForFrame(app.lastFrame, frame => !frame.includes('[headers]')));
		expect(list).not.toContain('Protocol log');
		expect(list).toContain('Two');
		await app.press(KEYS.escape);
		await waitForFrame(app.lastFrame, frame => frame.includes('Protocol log'));
		expect(app.state().focus).toBe('inbox');
	});

	it('Tab and Shift+Tab give the screen back and move the focus on: a letter typed next runs no inbox command', async () => {
		const app = startApp({screen: {size, inbox: {items, message}}});
		for (const key of [KEYS.tab, KEYS.shiftTab]) {
			await app.press(KEYS.tab, KEYS.tab);
			await settled(() => expect(app.state().focus).toBe('inbox'));
			await app.press('z');
			await waitForFrame(app.lastFrame, frame => !frame.includes('Protocol log'));
			await app.press(key);
			await waitForFrame(app.lastFrame, frame => frame.includes('Protocol log'));
			await settled(() => expect(app.state().focus).toBe(key === KEYS.tab ? 'connection' : 'log'));
			expect(app.state().inboxZoomed).toBeFalsy();
			// Back to the start for the next key: the composer.
			while (app.state().focus !== 'composer') await app.press(KEYS.tab);
		}
	});
});

it('the help and the README list the inbox zoom under the Inbox', () => {
	const inbox = bindingsMarkdown().split('### ').find(section => section.startsWith('Inbox\n'))!;
	expect(inbox).toContain('| `z` | Give the inbox the whole width and height');
	expect(inbox).toContain('| `Esc` | At the list of a zoomed inbox: give the screen back');
});

it('a field error that takes the focus to its form (Ctrl+S from the zoomed inbox) ends the zoom: the inbox does not come back zoomed', () => {
	const zoomed = {...createDashboardState(defaultInit), focus: 'inbox' as const, inboxZoomed: true};
	const after = dashboardReducer(zoomed, {type: 'fieldError', form: 'composer', error: {field: 'to', message: 'To is empty'}});
	expect([after.focus, after.inboxZoomed]).toEqual(['composer', undefined]);
});
