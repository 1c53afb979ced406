// The inbox at the sandbox's limits: a full inbox lets the oldest message go as each new one arrives, and a body
// past the memory budget is gone. What the user selected or opened must stay what it was, or say it went.
import React from 'react';
import {describe, expect, it} from 'vitest';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {Mailbox} from '../../source/sandbox/mailbox.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {Inbox} from '../../source/ui/components/inbox.js';
import {useInbox} from '../../source/ui/hooks/use-inbox.js';
import {waitForFrame} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {dashboardProps} from './dashboard-fixtures.js';
import {sandboxApp, type TestApp} from './wired-app.js';

/** Sends MARK-n for each n over SMTP to the app's sandbox, one connection. */
async function deliver(app: TestApp, ...marks: number[]): Promise<void> {
	const client = await app.sandbox!.client();
	for (const mark of marks) {
		client.write('MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n');
		for (let reply = 0; reply < 3; reply++) await client.reply();
		client.write(`Subject: MARK-${mark}\r\n\r\nbody ${mark}\r\n.\r\n`);
		expect((await client.reply()).code).toBe(250);
	}
	await client.command('QUIT');
}

/** The list row the `▸` marks shows MARK-n (sent by this test, not the dashboard: marked `!`). */
const selectedMark = (frame: string, mark: number) => new RegExp(`▸ \\d\\d:\\d\\d:\\d\\d ! MARK-${mark} ·`).test(frame);

describe('a full inbox', () => {
	it('keeps the selection and the open message as the oldest are let go, and closes one let go itself, saying so', async () => {
		const app = await sandboxApp({size: {columns: 100, rows: 30}, sandbox: {keep: 5}});
		await deliver(app, 1, 2, 3, 4, 5);
		await app.frame(f => f.includes('Inbox (5)') && selectedMark(f, 5));
		await app.press(KEYS.tab, KEYS.tab);
		await app.frame(f => f.includes('[Inbox (5)]'));
		await app.press(KEYS.up, KEYS.up);
		await app.frame(f => selectedMark(f, 3));
		// MARK-1 is let go: the selection stays on MARK-3, now one place higher in the list.
		await deliver(app, 6);
		await app.frame(f => f.includes('Inbox (newest 5 of 6)') && selectedMark(f, 3));
		await app.press(KEYS.enter);
		// Its number is in the title, so which one is open shows even where Subjects repeat.
		await app.frame(f => f.includes('[headers]') && f.includes('Subject: MARK-3') && f.includes('message 3'));
		await deliver(app, 7);
		const open = await app.frame(f => f.includes('Inbox (newest 5 of 7)'));
		expect(open).toContain('Subject: MARK-3');
		expect(open).toContain('message 3');
		// MARK-3 itself is let go: the view closes (it must not turn into another message) and the footer says why.
		await deliver(app, 8);
		const closed = await app.frame(f => f.includes('message 3 was let go: the sandbox keeps the newest 5'));
		expect(closed).not.toContain('[headers]');
		expect(selectedMark(closed, 4)).toBe(true);
	});

	it('still selects new mail once the user has moved in it and left it: the count stays at the cap, the newest changes', async () => {
		const app = await sandboxApp({size: {columns: 100, rows: 30}, sandbox: {keep: 3}});
		await deliver(app, 1, 2, 3, 4);
		await app.frame(f => f.includes('Inbox (newest 3 of 4)') && selectedMark(f, 4));
		await app.press(KEYS.tab, KEYS.tab);
		await app.frame(f => f.includes('[Inbox (newest 3 of 4)]'));
		await app.press(KEYS.up);
		await app.frame(f => selectedMark(f, 3));
		await app.press(KEYS.tab);
		await app.frame(f => !f.includes('[Inbox'));
		await deliver(app, 5);
		await app.frame(f => f.includes('Inbox (newest 3 of 5)') && selectedMark(f, 5));
	});

	it('draws each arrival in one frame with the selection on it, the oldest let go: never the new row beside the old selection', async () => {
		const app = await sandboxApp({size: {columns: 100, rows: 30}, sandbox: {keep: 3}});
		await deliver(app, 1, 2, 3, 4, 5);
		await app.frame(f => f.includes('Inbox (newest 3 of 5)') && selectedMark(f, 5));
		// Away from the inbox, no message open (README: new mail is selected): each frame listing mail has its newest selected.
		const listing = app.instance.frames.filter(f => /! MARK-\d ·/.test(f));
		expect(listing.length).toBeGreaterThanOrEqual(5);
		for (const frame of listing) expect(selectedMark(frame, Math.max(...[...frame.matchAll(/MARK-(\d) ·/g)].map(match => Number(match[1]))))).toBe(true);
	});
});

describe('a message whose body is gone', () => {
	function Opened({mailbox}: {mailbox: Mailbox}) {
		const inbox = useInbox(mailbox, '1', true);
		if (!inbox?.message) return <Text>parsing</Text>;
		return <Inbox items={inbox.items} selected={0} open={{message: inbox.message, tab: 'headers', top: 0}} focused width={40} height={20} />;
	}

	it('says why in words wrapped at spaces, not cut mid-word', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 0}});
		await mailbox.accept({
			envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]},
			session: {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false},
			raw: Buffer.from('Subject: gone\r\n\r\nbody\r\n'),
			receivedAt: 0,
		});
		const app = render(<Opened mailbox={mailbox} />);
		const frame = await waitForFrame(app.lastFrame, f => f.includes('cannot show this message'));
		const rows = frame.split('\n');
		const note = rows.slice(rows.findIndex(row => row.startsWith('(cannot')))
			.map(row => row.trimEnd())
			.filter(row => row !== '');
		expect(note.join(' ')).toMatch(/^\(cannot show this message: the body of message 1 is no longer in memory: only the newest 0 MiB of message bodies are kept in memory, and this sandbox saves nothing to disk \(smtp-tui serve --save-dir does\)\)$/);
		expect(note.every(row => row.length <= 40)).toBe(true);
		app.unmount();
	});
});

describe("an opened message's number", () => {
	it('is in the title row: in words where they fit, else as #N', () => {
		const items = Array.from({length: 1000}, (_, index) => ({id: String(index + 1158), from: 'a@example.test', to: ['b@example.test'], subject: 'Same', size: 300, receivedAt: 0}));
		const message = {headerLines: [{key: 'subject', line: 'Subject: Same'}], text: 'x', attachments: [], raw: 'Subject: Same'};
		const titleRow = (columns: number, rows: number) => {
			const props = dashboardProps({size: {columns, rows}, focus: 'inbox', inbox: {items, received: 2157, selected: 998, open: {message, tab: 'headers', top: 0}}});
			const app = render(<Dashboard {...props} />);
			const row = app.lastFrame()!.split('\n').find(line => line.includes('[Inbox'))!;
			app.unmount();
			return row;
		};
		expect(titleRow(100, 30)).toMatch(/\[Inbox \(newest 1,000 of 2,157\)\] +message 2156 /);
		expect(titleRow(80, 24)).toMatch(/\[Inbox \(newest 1,000 of 2,157\)\] +#2156 /);
	});
});
