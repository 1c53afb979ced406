// The sandbox's own delivery report (NOTIFY=SUCCESS) in the dashboard's inbox: a row from its From header (Mail
// Delivery System), not marked as another program's mail (no client sent it), and its envelope shows MAIL FROM:<>.
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {Mailbox} from '../../source/sandbox/mailbox.js';
import {rowMiddle} from '../../source/ui/components/inbox.js';
import {messageLines} from '../helpers/message-lines.js';
import {useInbox} from '../../source/ui/hooks/use-inbox.js';
import {waitForFrame} from '../helpers/wait-for.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';

/** The rows (marked when another client sent them in: here every client is another), message 2's headers and text views. */
function Probe({mailbox}: {mailbox: Mailbox}) {
	const inbox = useInbox(mailbox, '2', true, true, () => false);
	const rows = inbox?.items.map(item => `${item.id} ${rowMiddle(item, 200)}${item.client ? ' (another program)' : ''}`) ?? [];
	return <Text>{[...rows, ...(inbox?.message ? [...messageLines(inbox.message, 'headers'), '----', ...messageLines(inbox.message, 'text')] : ['parsing'])].join('\n')}</Text>;
}

let sandbox: TestSandbox | undefined;
afterEach(async () => sandbox?.close());

describe('inbox: the sandbox\'s delivery report', () => {
	it('is listed from <>, not as another program\'s, and its headers view shows the null sender and MAILER-DAEMON', async () => {
		sandbox = await startTestSandbox();
		const client = await sandbox.client();
		client.write('MAIL FROM:<me@example.test>\r\nRCPT TO:<you@example.test> NOTIFY=SUCCESS\r\nDATA\r\n');
		for (let reply = 0; reply < 3; reply++) await client.reply();
		client.write('Subject: Asked\r\n\r\nhi\r\n.\r\n');
		expect((await client.reply()).code).toBe(250);
		await client.command('QUIT');

		const app = render(<Probe mailbox={sandbox.mailbox} />);
		const frame = await waitForFrame(app.lastFrame, frame => frame.includes('Status: 2.0.0'));
		app.unmount();
		const lines = frame.split('\n');
		expect(lines[0]).toBe('1 Asked · me@example.test → you@example.test (another program)');
		// Its From header names it, as a mail reader lists it (a null sender without one reads MAILER-DAEMON <>).
		expect(lines[1]).toMatch(/^2 Successful Mail Delivery Report · Mail Delivery System <MAILER-DAEMON@smtp-tui\.localhost>/);
		expect(frame.match(/\(another program\)/g)).toHaveLength(1);
		expect(lines).toContain('MAIL FROM:<>');
		expect(lines).toContain('RCPT TO:<me@example.test>');
		expect(frame).toContain('From: Mail Delivery System <MAILER-DAEMON@smtp-tui.localhost>');
		expect(frame).not.toContain('From another program');
		// Content-Type is folded with a space: a tab would show as ^I.
		expect(lines).toContainEqual(expect.stringMatching(/^ boundary="=_smtp-tui-report-[0-9a-f]+"$/));
		// The text view: the notice, then the delivery-status fields; the returned headers are listed as a part.
		const text = lines.slice(lines.indexOf('----') + 1);
		expect(text).toContain('<you@example.test>: delivered to the sandbox\'s inbox as message 1');
		expect(text).toEqual(expect.arrayContaining(['Reporting-MTA: dns; smtp-tui.localhost', 'Final-Recipient: rfc822;you@example.test', 'Action: delivered', 'Status: 2.0.0']));
		expect(text.join('\n')).toContain('text/rfc822-headers');
	});
});
