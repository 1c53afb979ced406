// `smtp-tui inbox --keep 5` under a room's flood: the message being read stays open (from the copy parsed when it
// was opened) until the user goes back, its number stays in the title, and the footer says once, whole at 80
// columns, which message was let go.
import {describe, expect, it} from 'vitest';
import {KEYS} from './app-harness.js';
import {startInbox} from './inbox-screen.js';

describe('smtp-tui inbox, a message let go while it is read', () => {
	it('stays open and named; the footer names it, whole at 80 columns; back at the list, the oldest kept is selected', async () => {
		const inbox = await startInbox({keep: '5', anyLogin: true}, {columns: 80, rows: 24});
		for (let index = 1; index <= 5; index++) await inbox.send(`student ${index}`, `the answer of student ${index}`);
		await inbox.frame(frame => frame.includes('Inbox (5)'));
		await inbox.press(KEYS.up, KEYS.up, KEYS.up, KEYS.up);
		await inbox.frame(frame => /▸ \S+ student 1 ·/.test(frame));
		await inbox.press(KEYS.enter, KEYS.right);
		await inbox.frame(frame => frame.includes('the answer of student 1') && frame.includes('message 1'));
		for (let index = 6; index <= 8; index++) await inbox.send(`student ${index}`);
		const flooded = await inbox.frame(frame => frame.includes('newest 5 of 8') && frame.includes('was let go'));
		expect(flooded).toContain('the answer of student 1');
		expect(flooded).toContain('message 1');
		expect(flooded).toContain('message 1 was let go (newest 5 kept): open here until you go back');
		expect(flooded).not.toMatch(/message [2-8] was let go/);
		// Scrolling and views still work on it.
		await inbox.press(KEYS.left);
		await inbox.frame(frame => frame.includes('[headers]') && frame.includes('message 1'));
		await inbox.press(KEYS.escape);
		const list = await inbox.frame(frame => frame.includes('Enter open'));
		expect(list).toMatch(/▸ \S+ student 4 ·/);
		await inbox.send('student 9');
		const later = await inbox.frame(frame => frame.includes('newest 5 of 9'));
		// Said once: not again at the next arrival.
		expect(later).not.toContain('was let go');
	});
});
