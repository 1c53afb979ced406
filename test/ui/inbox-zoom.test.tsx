// z in the inbox gives it the screen, as the log's z does: an HTML receipt read at 80x24 got 41x9 beside the log.
// z again, Tab, or Esc at the list give the screen back; Tab also moves the focus on (the inbox's letters are commands).
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {StatusBar} from '../../source/ui/components/status-bar.js';
import type {KeyContext} from '../../source/ui/keys/bindings.js';
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
		// An opened message's own keys first (here a session runs: Ctrl+X stop, first, takes the room of the others at 80).
		expect(footer(zoomed)).toContain(size.columns === 80 ? 'Ctrl+X stop  Esc back' : 'Esc back  Right view  s save');
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

it('at 80 columns the zoomed inbox\'s footer keeps an opened message\'s own keys, s save with them; z unzoom where room is left, and first at the list', () => {
	const footerAt = (width: number, context: Partial<KeyContext>, connection: 'idle' | 'connected' = 'connected') =>
		plain(render(<StatusBar context={{focus: 'inbox', mode: 'auto', editing: false, hasInbox: true, ...context}} connection={connection} width={width} />).lastFrame());
	for (const connection of ['idle', 'connected'] as const) {
		expect(footerAt(80, {reading: true, inboxZoomed: true}, connection)).toMatch(/ Esc back {2}Right view {2}s save {2}Ctrl\+C quit {2}Ctrl\+G help$/);
		// Not zoomed, and at the zoomed list, as before.
		expect(footerAt(80, {reading: true}, connection)).toMatch(/ Esc back {2}Right view {2}s save {2}Ctrl\+C quit {2}Ctrl\+G help$/);
		expect(footerAt(80, {inboxZoomed: true}, connection)).toMatch(/ z unzoom {2}Enter open {2}/);
	}
	expect(footerAt(100, {reading: true, inboxZoomed: true})).toMatch(/ Esc back {2}Right view {2}s save {2}z unzoom {2}.*Ctrl\+C quit {2}Ctrl\+G help$/);
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
