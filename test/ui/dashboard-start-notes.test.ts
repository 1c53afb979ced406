// The built dashboard's first frame with flags that weaken it: --password (in the process list) and --insecure are
// said before any connection, not only once one was made; so is --record, which keeps the session in a file.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {testCerts} from '../helpers/certs.js';
import {KEY, ptySessions, tempDir, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();

describe('the dashboard at start', () => {
	test('--password: a warning in the log, with the ways to keep it out of the process list', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--no-starttls', '--user', 'alice', '--password', 'Hunter2Secret'], env: {SMTP_PASSWORD: undefined}});
		await untilKeysWork(session);
		// Whole in the collapsed log at 100 columns, timestamps and all: the alternatives are its end.
		const log = (screen: string) => screen.split('\n').map(row => row.slice(46)).join(' ').replace(/[│\s]+/g, ' ');
		const screen = await session.waitFor(s => log(s).includes('or type it in the panel'));
		expect(log(screen)).toMatch(/! warning: --password shows in the process list \(npx, sh\); use SMTP_PASSWORD, or type it in the panel/);
		expect(screen).not.toContain('Hunter2Secret');
	});

	test('--password-file /dev/stdin: refused before anything reads the terminal, which would echo the password', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--user', 'alice', '--password-file', '/dev/stdin'], env: {SMTP_PASSWORD: undefined}});
		expect(await session.waitForExit()).toMatchObject({code: 1});
		expect(session.raw).toContain('smtp-tui: --password-file /dev/stdin reads the terminal, which would show the password as you type it');
		expect(session.raw).toContain('hint: leave --password-file out, and type the password in the connection panel, where it is masked');
	});

	test('--password-file: the panel has the password; one other users can read is warned about in the log', async () => {
		const file = path.join(tempDir(), 'pw.txt');
		writeFileSync(file, 'Hunter2Secret\n', {mode: 0o644});
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--no-starttls', '--user', 'alice', '--password-file', file], env: {SMTP_PASSWORD: undefined}});
		await untilKeysWork(session);
		// The warning's words whole are passwordWarning's (test/headless/password-file.test.ts); here its long path is cut.
		const screen = await session.waitForText('! warning: --password-file');
		expect(screen).toContain('user alice, password set');
		expect(screen).not.toContain('Hunter2Secret');
	});

	test('--insecure: the connection panel and the footer say it before connecting', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--insecure']});
		await untilKeysWork(session);
		const screen = await session.waitForText('INSECURE: certificates will not be');
		expect(screen.trimEnd().split('\n').at(-1)).toMatch(/not connected +INSECURE/);
	});
	test('--ca and --insecure fill the CA file and Verify of the connection panel, where they can be changed', async () => {
		const ca = path.join(tempDir(), 'ca.pem');
		writeFileSync(ca, (await testCerts()).ca);
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--ca', ca, '--insecure']});
		await untilKeysWork(session);
		// Shift+Tab from the message to the connection panel, whose fields then show.
		session.press(KEY.shiftTab);
		const screen = await session.waitForText(/Verify +on \[off\]/);
		expect(screen).toContain(`CA file   ${ca.slice(0, 20)}`);
		expect(screen).toContain('INSECURE: certificates will not be');
	});

	test('--record FILE: the log says at start that the session is recorded there, secrets redacted', async () => {
		// A name relative to the dashboard's folder (a fresh temp folder), as typed.
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--no-starttls', '--record', 'session.jsonl']});
		await untilKeysWork(session);
		const log = (screen: string) => screen.split('\n').map(row => row.slice(46)).join(' ').replace(/[│\s]+/g, ' ');
		const screen = await session.waitFor(s => log(s).includes('(secrets redacted)'));
		expect(log(screen)).toContain('• recording this session to session.jsonl (secrets redacted)');
	});

	test('--pipeline: the log says at start that pipelining is on, as no panel field shows it', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--no-starttls', '--pipeline']});
		await untilKeysWork(session);
		const log = (screen: string) => screen.split('\n').map(row => row.slice(46)).join(' ').replace(/[│\s]+/g, ' ');
		const screen = await session.waitFor(s => log(s).includes('(RFC 2920)'));
		expect(log(screen)).toContain('pipelining on (--pipeline): MAIL, RCPT and DATA go in one write to a server that advertises PIPELINING (RFC 2920)');
	});

	test('--dsn-notify, --dsn-ret and --require-tls: the log says at start what every message asks for', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--dsn-notify', 'success', '--dsn-ret', 'hdrs', '--require-tls']});
		await untilKeysWork(session);
		const log = (screen: string) => screen.split('\n').map(row => row.slice(46)).join(' ').replace(/[│\s]+/g, ' ');
		const screen = await session.waitFor(s => log(s).includes('(RFC 8689)'));
		expect(log(screen)).toContain('DSN on (--dsn-*): NOTIFY=SUCCESS RET=HDRS with every message, to a server that offers DSN (RFC 3461)');
		expect(log(screen)).toContain('REQUIRETLS on (--require-tls): TLS required; a message goes only where REQUIRETLS is offered (RFC 8689)');
	});

	test('--no-starttls --xclient-addr off loopback, against the sandbox: no demo login (it would be refused), said at start; the message goes', async () => {
		const session = open({args: ['--no-starttls', '--xclient-addr', '203.0.113.5'], env: {SMTP_PASSWORD: undefined}});
		await untilKeysWork(session);
		const log = (screen: string) => screen.split('\n').map(row => row.slice(46)).join(' ').replace(/[│\s]+/g, ' ');
		await session.waitFor(s => log(s).includes('no demo login: XCLIENT makes the session 203.0.113.5'));
		session.press(KEY.ctrl('s'));
		const screen = await session.waitForText('Inbox (1)');
		expect(screen).not.toMatch(/not sent \(AUTH/i);
	});
});
