// Esc while a big message's lines are still being counted: the list comes back at once, and the count stops there
// (a view left behind is counted no further; opened again, it goes on where it was).
import {describe, expect, it} from 'vitest';
import {waitForFrame} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';

// A count of many slices (20,000 lines each, one per turn of the event loop): far from done when Esc is pressed.
const LINES = 1_500_000;
const text = Array.from({length: LINES}, (_, index) => `line ${index}`).join('\r\n');
const items = [{id: '1', from: 'a@example.test', to: ['b@example.test'], subject: 'Big', size: text.length, receivedAt: 0}];
const message = {headerLines: [{key: 'subject', line: 'Subject: Big'}], text, attachments: [], raw: `Subject: Big\r\n\r\n${text}`};
const turns = (count: number) => Array.from({length: count}).reduce<Promise<unknown>>(previous => previous.then(() => new Promise(resolve => setImmediate(resolve))), Promise.resolve());

describe('Esc while the text view counts its lines', () => {
	it('shows the list at once, and the count goes no further until the message is opened again', async () => {
		const app = startApp({screen: {inbox: {items, message}}});
		await app.press(KEYS.tab, KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Inbox (1)]'));
		await app.press(KEYS.enter, KEYS.right);
		await waitForFrame(app.lastFrame, frame => frame.includes('[text]') && frame.includes('counting the lines'));
		await app.press(KEYS.escape);
		await waitForFrame(app.lastFrame, frame => frame.includes('Big') && !frame.includes('[text]'));
		// More turns than the whole count takes, one slice each: had it gone on, it would be done.
		await turns((2 * LINES) / 20_000);
		await app.press(KEYS.enter, KEYS.right);
		const reopened = await waitForFrame(app.lastFrame, frame => frame.includes('[text]') && frame.includes('line 0'));
		expect(reopened).toContain('counting the lines');
		// And it goes on from there to the end.
		await waitForFrame(app.lastFrame, frame => /↓ [\d,]+ more/.test(frame), {timeout: 20_000});
	});
});
