// A big message opened in smtp-tui inbox: its headers at once, and a line saying the rest is being read, which Esc
// leaves for the list (the parse of a 50 MB message takes seconds, a piece at a time between events).
import {describe, expect, it} from 'vitest';
import {KEYS} from './app-harness.js';
import {startInbox} from './inbox-screen.js';
import {settled} from '../helpers/wait-for.js';

const LINES = 60_000;
const text = Array.from({length: LINES}, (_, index) => `line ${index} of a message much bigger than most`).join('\n');
const READING = 'reading the rest of the message… Esc goes back to the list';

describe('a big message opened', () => {
	it('shows its headers at once and says the rest is being read, then its text', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.send('Big report', text);
		await inbox.frame(frame => frame.includes('Big report ·'));
		const from = inbox.frames().length;
		await inbox.press(KEYS.enter);
		await inbox.frame(frame => frame.includes('Subject: Big report') && !frame.includes(READING));
		// The first frame of the message has its headers, and says the rest is coming.
		const first = inbox.frames().slice(from).find(frame => frame.includes('Subject: Big report'));
		expect(first).toContain(READING);
		expect(first).toContain('[headers]');
		await inbox.press(KEYS.right);
		await inbox.frame(frame => frame.includes('[text]') && frame.includes('line 0 of a message'));
	});

	it('goes back to the list with Esc while the rest is being read, and opens whole when asked again', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.send('Big report', text);
		await inbox.frame(frame => frame.includes('Big report ·'));
		// Each parse the screen starts, seen as it ends (stopped by Esc, or done).
		const {mailbox} = inbox.catcher.sandbox;
		const parses: Array<Promise<unknown>> = [];
		const parse = mailbox.parse.bind(mailbox);
		mailbox.parse = (...args) => {
			const parsing = parse(...args);
			parses.push(parsing);
			return parsing;
		};
		await inbox.press(KEYS.enter);
		await inbox.frame(frame => frame.includes(READING));
		await inbox.press(KEYS.escape);
		await inbox.frame(frame => frame.includes('Enter open'));
		// The parse given up on does not open the message behind the user's back: once it has ended, a frame drawn for
		// what it gave would come within a few ticks; 100 ms is plenty, and nothing to wait for can say it never comes.
		await settled(() => expect(parses).toHaveLength(1));
		await Promise.allSettled(parses);
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(inbox.lastFrame()).toContain('Enter open');
		expect(inbox.lastFrame()).not.toContain('Subject: Big report');
		await inbox.press(KEYS.enter, KEYS.right);
		await inbox.frame(frame => frame.includes('[text]') && frame.includes('line 0 of a message'));
	});
});
