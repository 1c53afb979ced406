// Keys that arrive together with the Enter that opens a message (tmux send-keys Enter Right, fast typing over SSH)
// act on the opened message, though it is parsed only after the Enter.
import {describe, expect, it} from 'vitest';
import {settled, waitForFrame} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';

const items = [
	{id: '1', from: 'a@example.test', to: ['b@example.test'], subject: 'One', size: 10, receivedAt: 0},
	{id: '2', from: 'c@example.test', to: ['d@example.test'], subject: 'Two', size: 20, receivedAt: 0},
];
const message = {
	headerLines: Array.from({length: 40}, (_, index) => ({key: `x-${index}`, line: `X-Header-${index}: ${index}`})),
	text: 'Body of two',
	attachments: [],
	raw: 'Subject: Two\r\n\r\nBody of two',
};

describe('opening an inbox message', () => {
	it('Right in the same read as Enter switches the opened message to its text view', async () => {
		const app = startApp({screen: {inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Inbox (2)]'));
		// One write: Ink hands the router Enter, then Right, before the message can be parsed.
		await app.press(`${KEYS.enter}${KEYS.right}`);
		await settled(() => expect(app.state().inbox.open?.tab).toBe('text'));
		await waitForFrame(app.lastFrame, frame => frame.includes('opening the message'));
		app.update({inbox: {items, message}});
		await waitForFrame(app.lastFrame, frame => frame.includes('[text]') && frame.includes('Body of two'));
	});

	it('Down and Esc typed behind Enter act on the message too', async () => {
		const app = startApp({screen: {inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Inbox (2)]'));
		await app.press(`${KEYS.enter}${KEYS.down}${KEYS.down}`);
		await settled(() => expect(app.state().inbox.open).toEqual({tab: 'headers', top: 2}));
		app.update({inbox: {items, message}});
		await waitForFrame(app.lastFrame, frame => frame.includes('[headers]') && frame.includes('X-Header-2: 2') && !frame.includes('X-Header-1: 1'));
		// End before the parse, then Up once it is shown: one row up from the bottom, not from beyond it.
		app.update({inbox: {items}});
		await app.press(KEYS.escape, `${KEYS.enter}${KEYS.end}`);
		app.update({inbox: {items, message}});
		const bottom = await waitForFrame(app.lastFrame, frame => frame.includes('X-Header-39: 39'));
		await app.press(KEYS.up);
		await waitForFrame(app.lastFrame, frame => !frame.includes('X-Header-39: 39') && frame !== bottom);
		await app.press(KEYS.escape);
		await waitForFrame(app.lastFrame, frame => /▸ \d\d:\d\d:\d\d One · a@example\.test → b@example\.t… 10 B/.test(frame));
	});
});
