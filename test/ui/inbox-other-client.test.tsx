// The dashboard's sandbox listens on loopback, where every program on the machine can reach it: a message another
// client sends in is marked on its row, warned about in the log and named in the opened message; the user's own is not.
import {describe, expect, it} from 'vitest';
import {KEYS} from './app-harness.js';
import {sandboxApp} from './wired-app.js';

/** A message with this subject, sent to the app's sandbox by a client of the test's own (another program). */
async function deliverOther(app: Awaited<ReturnType<typeof sandboxApp>>, subject: string): Promise<void> {
	const client = await app.sandbox.client();
	client.write('MAIL FROM:<prankster@example.test>\r\nRCPT TO:<friend@example.test>\r\nDATA\r\n');
	for (let reply = 0; reply < 3; reply++) await client.reply();
	client.write(`Subject: ${subject}\r\n\r\nboo\r\n.\r\n`);
	expect((await client.reply()).code).toBe(250);
	await client.command('QUIT');
}

describe('mail another program sends to the dashboard sandbox', () => {
	it('is marked, said in the log and named when opened; the dashboard\'s own message is not', async () => {
		const app = await sandboxApp({size: {columns: 120, rows: 40}, init: {draft: {from: 'you@example.test', to: 'friend@example.test', subject: 'MINE', body: 'hi'}}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => frame.includes('Inbox (1)') && frame.includes('MINE'));

		await deliverOther(app, 'OTHER');

		const frame = await app.frame(frame => frame.includes('Inbox (2)') && frame.includes('OTHER'));
		expect(frame).toMatch(/\d\d:\d\d:\d\d ! OTHER/);
		expect(frame).toMatch(/\d\d:\d\d:\d\d MINE/);
		const warnings = app.controller.getSnapshot().session.log.filter(entry => entry.text.includes('another program')).map(entry => entry.text);
		expect(warnings).toEqual([expect.stringMatching(/^warning: message 2 came from another program \(127\.0\.0\.1:\d+, EHLO test\.example\), not from this dashboard/)]);

		await app.press(KEYS.tab, KEYS.tab);
		await app.frame(frame => frame.includes('[Inbox (2)]'));
		await app.press(KEYS.enter);
		await app.frame(frame => /From another program, not this dashboard: 127\.0\.0\.1:\d+/.test(frame));
		await app.press(KEYS.escape, KEYS.up, KEYS.enter);
		const mine = await app.frame(frame => frame.includes('Subject: MINE'));
		expect(mine).not.toContain('From another program');

		// Decided as each arrived: once the dashboard's connection (and its port) is gone, its message is still its own.
		await app.press(KEYS.escape, KEYS.ctrl('x'));
		await app.frame(() => app.controller.getSnapshot().session.connection === 'closed');
		await deliverOther(app, 'LATER');
		const after = await app.frame(frame => frame.includes('Inbox (3)') && /\d\d:\d\d:\d\d MINE/.test(frame));
		expect(after).not.toMatch(/! MINE/);
		// Said once a session and of the first three: a script sending many does not bury the log.
		for (const subject of ['A', 'B', 'C']) await deliverOther(app, subject);
		await app.frame(frame => frame.includes('Inbox (6)'));
		const said = app.controller.getSnapshot().session.log.filter(entry => /another program|other programs/.test(entry.text)).map(entry => entry.text.replace(/\(127.*/, ''));
		expect(said).toEqual(['warning: message 2 came from another program ', 'warning: message 3 came from another program ', 'warning: message 4 came from another program ', 'mail from other programs is marked ! in the inbox from now on, not said here']);
	});
});
