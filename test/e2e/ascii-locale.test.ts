// The headless commands at a terminal whose locale is not UTF-8 (LANG=C): smtp-tui's own marks (§ … — →) come as
// ASCII stand-ins, as the dashboard's do, where the terminal would show their UTF-8 bytes as garbage; SMTP_TUI_ASCII=0
// keeps them, and so does a pipe (what a file or a script reads is UTF-8). On the Linux console in a UTF-8 locale
// they stay: Debian's console fonts (console-setup's Lat15, Uni2: Fixed, VGA, Terminus at 16 lines) draw § … — → ×.
// --help follows the same rule. The built CLI in a real pty.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import net from 'node:net';
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, type PtySession} from '../helpers/pty.js';
import {greetAndEhlo, startRawServer, type RawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';

const open = ptySessions();
/** A C locale, whatever the runner's. */
const C_LOCALE = {LANG: 'C', LC_ALL: undefined, LC_CTYPE: undefined, SMTP_TUI_ASCII: undefined};
/** Any character beyond ASCII, escape sequences aside. */
const NOT_ASCII = /[^\u0000-\u007F]/;

/** The program's whole output once it exited, and the output checked to be ASCII. */
async function asciiOutput(session: PtySession): Promise<string> {
	await session.waitForExit();
	expect(session.raw).not.toMatch(NOT_ASCII);
	return session.raw;
}

/** A server whose one session takes MAIL, refuses the recipient and still answers DATA with 354 (a lone "." follows). */
function acceptsDataWithoutRecipients(): Promise<RawServer> {
	return startRawServer(async peer => {
		await greetAndEhlo(peer, ['PIPELINING']);
		for (const reply of ['250 ok', '550 no such user', '354 go on']) {
			await peer.readLine();
			peer.write(`${reply}\r\n`);
		}
		await peer.readLine();
		peer.write('554 no valid recipients\r\n');
		await peer.readLine();
		peer.end('221 bye\r\n');
	});
}

/** A server whose greeting is too long for check's line: it is cut to fit. */
function longBanner(): Promise<RawServer> {
	return startRawServer(async peer => {
		peer.write(`220 ${'x'.repeat(300)}\r\n`);
		for (;;) {
			const line = await peer.readLine();
			if (/^QUIT/i.test(line)) return void peer.end('221 bye\r\n');
			peer.write(/^EHLO/i.test(line) ? '250 raw.test\r\n' : '502 no\r\n');
		}
	});
}

describe('LANG=C at a terminal: the marks in ASCII', () => {
	test("send: a session's note and a usage error; SMTP_TUI_ASCII=0 and a pipe keep §", async () => {
		const raw = await acceptsDataWithoutRecipients();
		try {
			const args = ['send', '--host', '127.0.0.1', '--port', String(raw.port), '--no-starttls', '--pipeline', '--from', 'a@example.test', '--to', 'b@example.test', '--body', 'x'];
			expect(await asciiOutput(open({args, env: C_LOCALE}))).toContain('so that no message is sent (RFC 2920 section 3.1)');
		} finally {
			await raw.close();
		}
		const usage = ['send', '--host', '127.0.0.1', '--dsn-notify', 'NEVER,SUCCESS', '--from', 'a@example.test', '--to', 'b@example.test'];
		expect(await asciiOutput(open({args: usage, env: C_LOCALE}))).toContain('cannot go with SUCCESS (RFC 3461 section 4.1)');
		const unicode = open({args: usage, env: {...C_LOCALE, SMTP_TUI_ASCII: '0'}});
		await unicode.waitForExit();
		expect(unicode.raw).toContain('(RFC 3461 §4.1)');
		expect((await runCli(usage, {env: C_LOCALE})).stderr).toContain('(RFC 3461 §4.1)');
		// JSON is UTF-8 by definition, at a terminal too.
		const json = open({args: [...usage, '--json'], env: C_LOCALE});
		await json.waitForExit();
		expect(json.raw).toContain('(RFC 3461 §4.1)');
	});

	test('talk: a line refused for its length', async () => {
		const raw = await startRawServer(async peer => {
			await greetAndEhlo(peer);
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		try {
			const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(raw.port)], env: C_LOCALE});
			await session.waitForText(/^smtp> $/m);
			session.press('EHLO client.example.test', KEY.enter);
			await session.waitForText('hello accepted');
			session.press(`NOOP ${'x'.repeat(600)}`, KEY.enter);
			await session.waitFor(() => session.raw.includes('(RFC 5321 section 4.5.3.1.4)'), 10_000, 'the refusal');
			session.press('QUIT', KEY.enter);
			await asciiOutput(session);
		} finally {
			await raw.close();
		}
	});

	test('check: a banner cut to fit ends in "..."', async () => {
		const raw = await longBanner();
		try {
			expect(await asciiOutput(open({args: ['check', '127.0.0.1', '--ports', String(raw.port)], env: C_LOCALE}))).toContain('xxx...');
		} finally {
			await raw.close();
		}
	});

	test("serve: a refused recipient's address cut short", async () => {
		const session = open({args: ['serve', '--port', '0', '--no-starttls'], env: C_LOCALE});
		await session.waitForText('ready: pid');
		const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(session.screenText())![1]);
		const client = net.connect(port, '127.0.0.1');
		// After the greeting: a line before it is refused as such.
		client.once('data', () => client.write(`EHLO client.example.test\r\nRCPT TO:<${'a'.repeat(300)}@example.test>\r\nQUIT\r\n`));
		await session.waitFor(() => /\.\.\. \(\d+ characters\)/.test(session.raw), 10_000, 'the refused recipient');
		client.destroy();
		session.press(KEY.ctrl('c'));
		await asciiOutput(session);
	});
});

describe('LANG=C at a terminal: every --help in ASCII', () => {
	test("each command's help, check's '…' as '...'; a pipe keeps it", async () => {
		for (const command of [[], ['send'], ['talk'], ['serve'], ['inbox'], ['check'], ['profile'], ['replay']]) {
			await asciiOutput(open({args: [...command, '--help'], env: C_LOCALE}));
		}
		expect(await asciiOutput(open({args: ['help', 'check'], env: C_LOCALE}))).toContain('"SMTP OK - ..."');
		expect((await runCli(['check', '--help'], {env: C_LOCALE})).stdout).toContain('"SMTP OK - …"');
	});
});

describe('TERM=linux in a UTF-8 locale: the marks the console fonts draw are kept', () => {
	const CONSOLE = {TERM: 'linux', LANG: 'C.UTF-8', LC_ALL: undefined, LC_CTYPE: undefined, SMTP_TUI_ASCII: undefined};

	test('send: a usage error keeps §', async () => {
		const usage = ['send', '--host', '127.0.0.1', '--dsn-notify', 'NEVER,SUCCESS', '--from', 'a@example.test', '--to', 'b@example.test'];
		const session = open({args: usage, env: CONSOLE});
		await session.waitForExit();
		expect(session.raw).toContain('(RFC 3461 §4.1)');
	});

	test('check: a banner cut to fit ends in …', async () => {
		const raw = await longBanner();
		try {
			const session = open({args: ['check', '127.0.0.1', '--ports', String(raw.port)], env: CONSOLE});
			await session.waitForExit();
			expect(session.raw).toContain('xxx…');
		} finally {
			await raw.close();
		}
	});
});
