// The dashboard's --dns (the built dist/cli.js in a pseudo-terminal): Ctrl+L's MX lookup and Ctrl+K's probes find
// the recipient's MX and its address through a real DNS server on 127.0.0.1, which the system's resolver knows
// nothing of.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const open = ptySessions();
let dns: TestDnsServer;
let smtp: TestSmtpServer;
beforeAll(async () => {
	smtp = await startSmtpServer({hideSTARTTLS: true});
	// The sample message goes to friend@example.test.
	dns = await startDnsServer({
		'example.test': {mx: [{priority: 10, exchange: 'mx.example.test'}]},
		'mx.example.test': {a: ['127.0.0.1']},
	});
});
afterAll(async () => {
	await dns.close();
	await smtp.close();
});

describe('dashboard --dns', () => {
	test("Ctrl+L lists the MX and its address from the chosen server, and Ctrl+K probes that address", async () => {
		const session = open({args: ['--dns', dns.address], cols: 120, rows: 36});
		await untilKeysWork(session);
		session.press(KEY.shiftTab, KEY.ctrl('l'));
		await session.waitForText('Ctrl+L again');
		session.press(KEY.ctrl('l'));
		await session.waitForText('target: mx.example.test:25');
		await session.waitForText(/preference 10 {2}mx\.example\.test {2}127\.0\.0\.1/);
		expect(dns.queries.map(query => `${query.type} ${query.name}`)).toContain('MX example.test');
		session.press(KEY.ctrl('k'));
		// The port refused at the address the server gave (the system's resolver would find none: "DNS failed").
		await session.waitForText('check: port 465 refused');
		expect(session.screenText()).toContain('127.0.0.1:465 (nothing listens there');
	});

	test('connects to a --host that only the chosen server knows', async () => {
		const before = smtp.messages.length;
		const session = open({args: ['--dns', dns.address, '--host', 'mx.example.test', '--port', String(smtp.port), '--no-starttls'], cols: 120, rows: 36});
		await untilKeysWork(session);
		session.press(KEY.ctrl('s'));
		await session.waitForText('✔ queued');
		expect(smtp.messages.slice(before).map(message => message.to)).toEqual([['friend@example.test']]);
	});
});
