// `smtp-tui inbox` (dist/cli.js) in a real pseudo-terminal: the port it picked read off its top line, a message sent
// in by `smtp-tui send`, listed and opened; Ctrl+C or SIGTERM stop the server as serve stops and give the terminal
// back. Usage and start errors exit 1 before any screen.
import net from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import {describe, expect, test} from 'vitest';
import {cliPath, KEY, ptySessions, type PtySession} from '../helpers/pty.js';
import {runCli} from '../helpers/run-cli.js';
import {settled} from '../helpers/wait-for.js';

const open = ptySessions();

/** The alternate screen asked for: the screen opened. */
const ALTERNATE = '\u001B[?1049h';

/** Waits for the first frame and for the keys to reach the app (the help opens and closes); returns the port. */
async function ready(session: PtySession): Promise<number> {
	const screen = await session.waitForText(/listening on 127\.0\.0\.1:\d+ /);
	for (let attempt = 0; ; attempt++) {
		session.press('?');
		try {
			await session.waitForText('[Keys]', 1000);
			break;
		} catch (error) {
			if (attempt === 10) throw error;
		}
	}
	session.press(KEY.escape);
	await session.waitFor(text => !text.includes('[Keys]'), 10_000, 'the help to close');
	return Number(/listening on 127\.0\.0\.1:(\d+) /.exec(screen)![1]);
}

/** `trust`: --no-starttls, or --ca FILE (STARTTLS with the sandbox's certificate verified). */
function send(port: number, subject: string, trust: string[] = ['--no-starttls']) {
	return runCli(['send', '--host', '127.0.0.1', '--port', String(port), ...trust, '--from', 'app@example.test', '--to', 'user@example.test', '--subject', subject, '--body', 'Welcome aboard.', '-q']);
}

describe('smtp-tui inbox in a pseudo-terminal', () => {
	test('--port 0: the top line says where; a message sent in is listed, Enter opens it; Ctrl+C stops as serve does, exit 0', async () => {
		const session = open({args: ['inbox', '--port', '0']});
		const port = await ready(session);
		expect(session.bufferType()).toBe('alternate');
		const started = session.raw.length;
		expect(session.screenText()).toContain('0 messages');

		expect((await send(port, 'Welcome to the shop')).code).toBe(0);
		// The log's lines come in batches, a moment after the list's row.
		const listed = await session.waitForText(/accepted message 1 \(\d+ bytes\) "Welcome to the shop"/);
		expect(listed).toContain('1 message');
		expect(listed).toMatch(/Welcome to the shop · app@example\.test → user@example\.test/);

		session.press(KEY.enter);
		await session.waitForText('Subject: Welcome to the shop');
		session.press(KEY.right);
		await session.waitForText('Welcome aboard.');

		// Rows are rewritten as they change, never the whole screen cleared (see ink6-notes: the root is rows - 1).
		expect(['\u001B[2J', '\u001B[3J'].filter(clear => session.raw.slice(started).includes(clear))).toEqual([]);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.bufferType()).toBe('normal');
		// serve's last lines, on the normal screen.
		const after = session.screenText();
		expect(after).toContain('stopping: open sessions get 421 4.3.2');
		expect(after).toContain('stopped after 1 session: 1 message accepted');
		// Without --save-dir, the last line says the message went with the run.
		expect(after).toContain('1 message caught, not saved (--save-dir DIR keeps them): gone with this run');
	});

	test('a burst from a pooled nodemailer (an app\'s test suite) ends with every message listed, logged, and the newest selected', async () => {
		const session = open({args: ['inbox', '--port', '0', '--no-starttls']});
		const port = await ready(session);
		const transport = nodemailer.createTransport({host: '127.0.0.1', port, pool: true, maxConnections: 5, ignoreTLS: true});
		await Promise.all(Array.from({length: 100}, (_, index) => transport.sendMail({from: 'app@example.test', to: 'user@example.test', subject: `Burst ${index + 1}`, text: 'Welcome aboard.'})));
		transport.close();
		// The list and the log catch up once the burst is over, the newest selected (▸) on the list's last row; the pool's
		// sessions finish in any order, numbered as they do.
		const lastRow = (text: string) => text.split('\n').filter(line => / Burst \d+ · /.test(line)).at(-1) ?? '';
		const last = await session.waitFor(text => text.includes('[Inbox (100)]') && /accepted message 100 \(\d+ bytes\)/.test(text) && lastRow(text).includes('▸ '), 10_000, 'the whole burst');
		const newest = /accepted message 100 \(\d+ bytes\) "(Burst \d+)"/.exec(last)![1]!;
		expect(lastRow(last)).toContain(`${newest} · `);
		session.press(KEY.enter);
		await session.waitForText(`Subject: ${newest}`);
	});

	test('/ filters the list as it is typed, with its count; q typed there is text; Esc clears it', async () => {
		const session = open({args: ['inbox', '--port', '0']});
		const port = await ready(session);
		for (const subject of ['Exercise from Anna', 'Exercise from Bob', 'Anna again']) expect((await send(port, subject)).code).toBe(0);
		await session.waitForText('3 messages');
		session.press('/');
		await session.waitForText('Filter:');
		session.press('anna');
		const typed = await session.waitForText('2 of 3');
		expect(typed).toMatch(/Exercise from Anna · /);
		expect(typed).not.toMatch(/Exercise from Bob · /);
		// A q in the filter is a letter: the server keeps running.
		session.press('q');
		await session.waitForText(/Filter: annaq +0 of 3/);
		session.press(KEY.backspace, KEY.enter);
		await session.waitForText(/Enter open +\/ filter/);
		// The second match, opened.
		session.press(KEY.down, KEY.enter);
		await session.waitForText('Subject: Anna again');
		session.press(KEY.escape);
		await session.waitFor(text => !text.includes('Subject: Anna again') && text.includes('Filter:'), 10_000, 'back at the filtered list');
		session.press(KEY.escape);
		const cleared = await session.waitFor(text => !text.includes('Filter:'), 10_000, 'the filter to clear');
		expect(cleared).toMatch(/Exercise from Bob · /);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('INK_SCREEN_READER=true (set for other Ink programs): the frame is still drawn, with its borders', async () => {
		const session = open({args: ['inbox', '--port', '0', '--save-dir', 'mail'], env: {INK_SCREEN_READER: 'true'}});
		await ready(session);
		expect(session.screenText()).toMatch(/╔═+╗/);
		session.press('q');
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('with --save-dir, the last line after quitting says where the messages are', async () => {
		const session = open({args: ['inbox', '--port', '0', '--save-dir', 'mail']});
		await ready(session);
		session.press('q');
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.screenText()).toMatch(/the messages are saved in \S*mail \(N\.eml, with N\.json\)/);
	});

	test('a client that trusts the certificate file (--ca) sends over STARTTLS; the log says so', async () => {
		const session = open({args: ['inbox', '--port', '0']});
		const port = await ready(session);
		// SMTP_TUI_STATE_DIR (the session's state folder) holds the certificate.
		const sent = await send(port, 'Over TLS', ['--ca', path.join(session.stateDir, 'sandbox/certificate.pem')]);
		expect(sent).toMatchObject({code: 0, stderr: ''});
		const screen = await session.waitForText(/accepted message 1 \(\d+ bytes\) "Over TLS"/);
		expect(screen).toMatch(/#1 TLS TLSv1\.3/);
		expect(screen).toContain('1 message');
	});

	test('Ctrl+C again while stopping leaves at once: the terminal given back, exit 0, the open session not waited for', async () => {
		// The exit status read by the shell (node-pty may drop a child's last output at its exit), which the terminal's
		// SIGINT reaches too: trapped, it lives on to say it.
		const session = open({file: '/bin/sh', args: ['-c', `trap : INT; "${process.execPath}" "${cliPath}" inbox --port 0; echo "exit $?"; sleep 30`]});
		const port = await ready(session);
		// A client in the middle of a message that never closes its side: the stop waits for it (the 421, then 1 s).
		const client = net.connect({port, host: '127.0.0.1', allowHalfOpen: true});
		client.on('error', () => undefined);
		let said = '';
		client.on('data', data => (said += String(data)));
		const reply = async (pattern: RegExp) => settled(() => expect(said).toMatch(pattern), {timeout: 10_000});
		await reply(/^220 /m);
		client.write('EHLO client.test\r\n');
		await reply(/^250 /m);
		client.write('MAIL FROM:<app@example.test>\r\nRCPT TO:<user@example.test>\r\nDATA\r\n');
		await reply(/^354 /m);
		client.write('Subject: half sent\r\n\r\nThe first line.\r\n');

		session.press(KEY.ctrl('c'));
		await session.waitForText('stopping: open sessions get 421 4.3.2');
		await session.waitForText('still stopping: waiting for open sessions to close; Ctrl+C again leaves at once');
		// The screen is gone: Ctrl+C is the terminal's SIGINT now.
		session.press(KEY.ctrl('c'));
		const after = await session.waitForText(/exit \d+/);
		expect(after).toContain('exit 0');
		expect(session.bufferType()).toBe('normal');
		expect(after).toContain('left at once (Ctrl+C again): sessions still open were cut off; their messages were not kept');
		expect(after).not.toContain('stopped after');
		client.destroy();
	});

	test('q quits, and SIGTERM stops it too: exit 0, the terminal given back', async () => {
		const quit = open({args: ['inbox', '--port', '0']});
		await ready(quit);
		quit.press('q');
		expect((await quit.waitForExit()).code).toBe(0);
		expect(quit.bufferType()).toBe('normal');

		const killed = open({args: ['inbox', '--port', '0']});
		await ready(killed);
		killed.kill('SIGTERM');
		expect((await killed.waitForExit()).code).toBe(0);
		expect(killed.bufferType()).toBe('normal');
		expect(killed.screenText()).toContain('stopped after 0 sessions');
	});

	test('a bad serve flag, or a port in use: exit 1 with serve\'s words, and no screen opened', async () => {
		const bad = open({args: ['inbox', '--port', 'x']});
		expect((await bad.waitForExit()).code).toBe(1);
		expect(bad.screenText()).toContain('smtp-tui: --port must be a whole number from 0 to 65535 (0 picks a free port), not "x"');
		expect(bad.raw).not.toContain(ALTERNATE);

		const taken = net.createServer();
		await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
		try {
			const port = (taken.address() as net.AddressInfo).port;
			const busy = open({args: ['inbox', '--port', String(port)]});
			expect((await busy.waitForExit()).code).toBe(1);
			expect(busy.screenText()).toContain(`smtp-tui: cannot listen on 127.0.0.1:${port}: the port is already in use`);
			expect(busy.raw).not.toContain(ALTERNATE);
		} finally {
			taken.close();
		}
	});

	test('not on a terminal: exit 1, pointing to smtp-tui serve', async () => {
		const result = await runCli(['inbox', '--port', '0']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('smtp-tui: smtp-tui inbox needs a terminal (stdin and stdout must be a TTY)\nhint: for scripts and pipes use "smtp-tui serve" with the same flags: the same server, its log as lines (--json for JSON); to wait for the messages it saves, "smtp-tui inbox --save-dir DIR --wait N"\n');
	});
});
