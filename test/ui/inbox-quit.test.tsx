// q on a projector: in an opened message or the help it goes back (as in mutt and less), and at the list it asks
// first while students' sessions are open or messages would be lost (no --save-dir). Ctrl+C still quits at once.
import {mkdtempSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {settled, waitForFrame} from '../helpers/wait-for.js';
import {quitCost} from '../../source/ui/inbox-quit.js';
import {KEYS, startApp} from './app-harness.js';
import {running, startInbox} from './inbox-screen.js';

/** A client that connected and waits, as a student's open dashboard session does. */
async function openSession(port: number): Promise<net.Socket> {
	const socket = net.connect(port, '127.0.0.1');
	running.push(async () => void socket.destroy());
	await new Promise<void>(resolve => socket.once('data', () => resolve()));
	return socket;
}

describe('q in smtp-tui inbox', () => {
	it('goes back from an opened message and from the help; at the list it asks while messages are not saved', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.send('Homework 1');
		await inbox.frame(frame => frame.includes('1 message'));
		await inbox.press(KEYS.enter);
		const opened = await inbox.frame(frame => frame.includes('Subject: Homework 1'));
		// In a message q is not offered as quit: Ctrl+C is.
		expect(opened).toMatch(/Esc back .*Ctrl\+C quit/);
		await inbox.press('q');
		await inbox.frame(frame => frame.includes('Enter open') && !frame.includes('Subject: Homework 1'));
		expect(inbox.quits()).toBe(0);
		// With the focus on the server log (Tab) too: the message is still what q leaves.
		await inbox.press(KEYS.enter);
		await inbox.frame(frame => frame.includes('Subject: Homework 1'));
		await inbox.press(KEYS.tab);
		await inbox.frame(frame => frame.includes('PgUp scroll'));
		await inbox.press('q');
		await inbox.frame(frame => !frame.includes('Subject: Homework 1') && !frame.includes('q again to stop'));
		expect(inbox.quits()).toBe(0);
		await inbox.press(KEYS.tab);
		await inbox.frame(frame => frame.includes('Enter open'));
		await inbox.press('?');
		const help = await inbox.frame(frame => frame.includes('[Keys]'));
		expect(help).toContain('Esc, q     Back to the message list');
		expect(help.replace(/[║\s]+/g, ' ')).toContain('q at the list asks first while sessions are open or messages are not saved');
		await inbox.press('q');
		await inbox.frame(frame => !frame.includes('[Keys]'));
		await inbox.press('q');
		await inbox.frame(frame => frame.includes('1 message not saved: q again to stop, Esc to stay'));
		expect(inbox.quits()).toBe(0);
		await inbox.press(KEYS.escape);
		await inbox.frame(frame => !frame.includes('q again to stop') && !frame.includes('does nothing'));
		expect(inbox.quits()).toBe(0);
		// Another key answers no too: the next q asks again.
		await inbox.press('q', KEYS.down, 'q');
		await inbox.frame(frame => frame.includes('q again to stop'));
		expect(inbox.quits()).toBe(0);
		await inbox.press('q');
		expect(inbox.quits()).toBe(1);
	});

	it('asks while a session is open, even with --save-dir; Ctrl+C quits at once', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-inbox-quit-'));
		const inbox = await startInbox({saveDir: dir, anyLogin: true});
		await inbox.send('Saved');
		await inbox.frame(frame => frame.includes('1 message'));
		// Saved, and no session open: nothing is lost.
		await settled(() => expect(inbox.catcher.openSessions()).toBe(0));
		const student = await openSession(inbox.port);
		await settled(() => expect(inbox.catcher.openSessions()).toBe(1));
		await inbox.press('q');
		await inbox.frame(frame => frame.includes('1 session open: q again to stop, Esc to stay'));
		expect(inbox.quits()).toBe(0);
		await inbox.press(KEYS.ctrl('c'));
		expect(inbox.quits()).toBe(1);
		student.destroy();
		await settled(() => expect(inbox.catcher.openSessions()).toBe(0));
		await inbox.press('q');
		expect(inbox.quits()).toBe(2);
	});

	it('asks on a terminal too small for the screen too, in place of the advice', async () => {
		const inbox = await startInbox({anyLogin: true}, {columns: 59, rows: 30});
		await inbox.send('Homework 1');
		await settled(() => expect(inbox.catcher.sandbox.mailbox.list()).toHaveLength(1));
		await inbox.press('q');
		await inbox.frame(frame => frame.includes('Terminal too small') && frame.includes('1 message not saved: q again to stop'));
		expect(inbox.quits()).toBe(0);
		await inbox.press('q');
		expect(inbox.quits()).toBe(1);
	});

	it('says what would be lost in a few words', () => {
		expect(quitCost(0, 0)).toBeUndefined();
		expect(quitCost(3, 12)).toBe('3 sessions open, 12 messages not saved');
		expect(quitCost(0, 1_000)).toBe('1,000 messages not saved');
	});
});

describe("the dashboard's inbox", () => {
	it('q in an opened message goes back to the list, as in smtp-tui inbox', async () => {
		const items = [{id: '1', from: 'a@example.test', to: ['b@example.test'], subject: 'One', size: 10, receivedAt: 0}];
		const app = startApp({screen: {inbox: {items, message: {headerLines: [{key: 'subject', line: 'Subject: One'}], text: 'Body', attachments: [], raw: 'Subject: One\r\n\r\nBody'}}}});
		await app.press(KEYS.tab, KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Inbox (1)]'));
		await app.press(KEYS.enter);
		await settled(() => expect(app.state().inbox.open).toBeDefined());
		await app.press('q');
		await settled(() => expect(app.state().inbox.open).toBeUndefined());
	});
});
