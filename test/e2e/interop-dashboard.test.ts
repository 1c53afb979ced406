// The dashboard (dist/cli.js in a pseudo-terminal) against sessions of the interop corpus (test/fixtures/interop/),
// played from a raw server on 127.0.0.1: what the connection panel lists, how a multi-line refusal and its link show
// in the log, and the next step the footer gives.
import {afterEach, describe, expect, test} from 'vitest';
import {playFixture} from '../helpers/interop-fixture.js';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';
import type {RawServer} from '../helpers/raw-server.js';

const open = ptySessions();
const servers: RawServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
});

/** The dashboard against one session, sending the sample message with Ctrl+S. */
async function sendTo(file: string, session: string, flags: string[] = []) {
	const server = await playFixture(file, session);
	servers.push(server);
	const dashboard = open({args: ['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', ...flags], cols: 120, rows: 40});
	await untilKeysWork(dashboard);
	dashboard.press(KEY.ctrl('s'));
	return dashboard;
}

describe('the dashboard against real servers', () => {
	test("Exchange 2003's EHLO: AUTH from both spellings, and no extension named OK", async () => {
		const dashboard = await sendTo('exchange.txt', 'delivered, Exchange 2003', ['--user', 'me', '--password', 'secret']);
		const screen = await dashboard.waitForText('✔ queued (250)', 15_000);
		expect(screen).toContain('logging in as me (LOGIN)');
		// Its 18 lines after the greeting: AUTH=LOGIN folded into AUTH, and the last "250 OK" no keyword.
		expect(screen).toContain('Extensions (15): TURN, SIZE, ETRN,');
		expect(screen).toContain('AUTH GSSAPI NTLM LOGIN, X-LINK2STATE,');
		expect(screen).not.toMatch(/XEXCH50, OK|\bOK\b.*smtp-tui does not use/);
	});

	test("Gmail's four-line 550 5.1.1: each line in the log, its link whole, explained, and the footer's next step", async () => {
		const dashboard = await sendTo('gmail.txt', 'unknown user at the MX');
		const screen = await dashboard.waitForText('Not sent (RCPT)', 15_000);
		expect(screen).toContain('← 550-5.1.1 The email account that you tried to reach does');
		expect(screen).toContain('← 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser');
		expect(screen).toContain('550: mailbox unavailable, or refused by policy; 5.1.1 permanent');
		expect(screen).toContain('✖ Not sent (RCPT): friend@example.test refused (550). Fix To, then Ctrl+S');
	});

	test("Gmail's 530 5.7.0 \"Must issue a STARTTLS command first\" with security none: the next step is STARTTLS", async () => {
		const dashboard = await sendTo('gmail.txt', 'STARTTLS first');
		const screen = await dashboard.waitForText('choose security auto or STARTTLS', 15_000);
		expect(screen).toContain('530: the server wants TLS first: connect with STARTTLS');
		expect(screen).toContain('← 530 5.7.0  https://support.google.com/a/answer/3221692');
	});
});
