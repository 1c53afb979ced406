// `smtp-tui talk` at a terminal: the built CLI in a real pty, read through a headless xterm. Lines are appended,
// never redrawn: no alternate screen, no clearing.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {cliPath, KEY, ptySessions, tempDir} from '../helpers/pty.js';
import {greetAndEhlo, greetUpToData, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const open = ptySessions();
let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
});

/** talk at a terminal against the server on `port`, past its greeting and EHLO. */
async function afterEhlo(port: number) {
	const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(port)]});
	await session.waitForText(/^smtp> $/m);
	session.press('EHLO client.example.test', KEY.enter);
	await session.waitForText('    # 250: hello accepted');
	return session;
}

async function dropAfterTwoMessageLines(peer: RawPeer): Promise<void> {
	await greetUpToData(peer);
	await peer.readLine();
	await peer.readLine();
	peer.destroy();
}

async function greetAndSayBye(peer: RawPeer): Promise<void> {
	await greetAndEhlo(peer);
	await peer.readLine();
	peer.end('221 bye\r\n');
}

/** talk typed up to DATA, and one message line sent: the next one is asked for. */
async function inMessage(port: number, cols?: number) {
	const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(port)], ...(cols && {cols})});
	await session.waitForText(/^smtp> $/m);
	for (const line of ['EHLO client.example.test', 'MAIL FROM:<me@example.test>', 'RCPT TO:<you@example.test>', 'DATA']) {
		session.press(line, KEY.enter);
		await session.waitForText(new RegExp(`^ -> ${line}$`, 'm'));
	}
	await session.waitForText(/^message> $/m);
	session.press('Subject: not sent', KEY.enter);
	// The line went as typed (the transcript lists a message's lines once its "." went): the next one is asked for.
	await session.waitForText(/^message> Subject: not sent\nmessage> $/m);
	return session;
}

describe('smtp-tui talk in a terminal', () => {
	test('a typed command gets its reply appended under it; a 334 is answered unechoed; Ctrl+D says QUIT', async () => {
		const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(server.port)]});
		await session.waitForText(/^smtp> $/m);
		session.press('EHLO client.example.test', KEY.enter);
		await session.waitForText('    # 250: hello accepted');
		const screen = session.screenLines();
		const typed = screen.indexOf('smtp> EHLO client.example.test');
		expect(typed).toBeGreaterThan(-1);
		expect(screen[typed + 1]).toBe(' -> EHLO client.example.test');
		expect(screen[typed + 2]).toMatch(/^<- {2}250-/);

		session.press('AUTH LOGIN', KEY.enter);
		await session.waitForText(/^answer \(hidden\)> $/m);
		// Editing keys at the hidden prompt write nothing either (a redraw's column would count the keys).
		session.press('ZGVtbw==x', KEY.backspace, KEY.left, KEY.right, KEY.enter);
		await session.waitForText('"Password:"');
		session.press('ZGVtbw==', KEY.enter);
		await session.waitForText('<-  235 ');
		// Neither the echo nor the transcript shows the answers.
		expect(session.screenText()).not.toContain('ZGVtbw==');
		expect(session.screenText()).toContain(' -> [redacted]');

		session.press(KEY.ctrl('d'));
		await session.waitForText('<-  221 ');
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.bufferType()).toBe('normal');
		expect(session.raw).not.toContain('\u001B[?1049h');
		expect(session.raw).not.toContain('\u001B[2J');
		// Plain lines typed and answered: not one escape code, not even readline's own at each prompt.
		expect(session.raw).not.toContain('\u001B');
	});

	test('Ctrl+C with a half-typed line only asks; the second one says QUIT and exits 0', async () => {
		const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(server.port)]});
		await session.waitForText(/^smtp> $/m);
		session.press('MAIL FROM:<half');
		await session.waitForText('smtp> MAIL FROM:<half');
		session.press(KEY.ctrl('c'));
		await session.waitForText('=== Ctrl+C again within 3 s quits; the line typed is not sent (Enter sends it)');
		session.press(KEY.ctrl('c'));
		await session.waitForText('<-  221 ');
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.screenText()).not.toContain(' -> MAIL');
		// The line given up is not written again among the closing lines, and no empty line comes between them.
		const screen = session.screenLines();
		expect(screen.filter(line => line.includes('<half'))).toEqual(['smtp> MAIL FROM:<half', 'smtp> MAIL FROM:<half']);
		const closing = screen.slice(screen.lastIndexOf('smtp> MAIL FROM:<half') + 1, screen.indexOf('=== connection closed') + 1);
		expect(closing).toEqual([' -> QUIT', expect.stringMatching(/^<- {2}221 /), expect.stringMatching(/^ {4}# 221: /), '=== connection closed']);
		expect(session.raw).not.toMatch(/connection closed\r?\n\r?\n/);
	});

	test('Ctrl+C in a message typed after 354 asks first, then drops the message unsent and exits 130', async () => {
		const before = server.messages.length;
		const session = await inMessage(server.port);
		session.press(KEY.ctrl('c'));
		await session.waitForText('=== Ctrl+C again within 3 s quits; the typed message is not finished ("." alone ends it)');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(130);
		expect(session.screenText()).toContain('no "." was sent, so nothing is delivered');
		expect(server.messages.length).toBe(before);
	});

	test('SIGTERM with a line half typed: its line is the last, with no empty line after it', async () => {
		const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(server.port)]});
		await session.waitForText(/^smtp> $/m);
		session.press('NOOP half');
		await session.waitForText(/^smtp> NOOP half$/m);
		session.kill('SIGTERM');
		expect((await session.waitForExit()).code).toBe(143);
		expect(session.raw).toMatch(/=== SIGTERM: the connection is dropped without QUIT\r?\n$/);
	});

	test('Ctrl+C twice with a message line half typed: the closing lines come one under the other, without that line', async () => {
		// Wide enough that no closing line wraps.
		const session = await inMessage(server.port, 200);
		session.press('half');
		await session.waitForText(/^message> half$/m);
		session.press(KEY.ctrl('c'));
		await session.waitForText('=== Ctrl+C again within 3 s quits; the line typed is not sent (Enter sends it)');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(130);
		const screen = session.screenLines();
		const closing = screen.slice(screen.lastIndexOf('message> half') + 1, screen.indexOf('=== connection closed') + 1);
		expect(closing).toEqual([
			expect.stringMatching(/^=== you dropped the message: 1 line had gone/),
			'=== message line 1: Subject: not sent',
			expect.stringMatching(/^=== closing without QUIT/),
			'=== connection closed',
		]);
		expect(session.raw).not.toMatch(/connection closed\r?\n\r?\n/);
	});

	test('with stdout piped (| tee FILE) the prompt and the echo go to the terminal, the transcript alone to the file', async () => {
		const log = path.join(tempDir(), 'session.log');
		const session = open({file: '/bin/sh', args: ['-c', `"${process.execPath}" "${cliPath}" talk --host 127.0.0.1 --port ${server.port} | tee "${log}"`]});
		// The prompt (stderr) may come before tee has written the lines above it: anywhere on its row.
		await session.waitForText('smtp> ');
		session.press('EHLO client.example.test', KEY.enter);
		await session.waitForText('    # 250: hello accepted');
		session.press(KEY.ctrl('d'));
		expect((await session.waitForExit()).code).toBe(0);
		const file = readFileSync(log, 'utf8');
		expect(file).toContain(' -> EHLO client.example.test\n');
		expect(file).toMatch(/^<- {2}221 /m);
		expect(file).not.toContain('smtp>');
		expect(file).not.toContain('\u001B');
	});

	test('a connection the server ends goes on at the terminal: the next EHLO connects again, QUIT leaves', async () => {
		const raw = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.readLine();
			peer.end('250 raw.test\r\n421 4.4.2 idle timeout\r\n');
		});
		try {
			const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(raw.port)]});
			await session.waitForText(/^smtp> $/m);
			session.press('EHLO client.example.test', KEY.enter);
			await session.waitForText('now: the connection is closed: type EHLO to connect again, or press Ctrl+D to leave');
			// Read in order: the close, then what to do about it.
			await session.waitForText(/^=== connection closed\nnow: the connection is closed: type EHLO/m);
			session.press('EHLO client.example.test', KEY.enter);
			await session.waitFor(() => session.raw.split('<** 421 4.4.2 idle timeout').length === 3, 10_000, 'the second close');
			await session.waitForText(/^smtp> $/m);
			// The prompt comes once, under the close, not also between the 421 and it.
			expect(session.screenText()).not.toMatch(/^smtp> \n=== connection closed/m);
			// QUIT with no connection leaves: no third connection is opened to say it on.
			session.press('QUIT', KEY.enter);
			// No goodbye was said: the server ended both sessions.
			expect((await session.waitForExit()).code).toBe(6);
			expect(raw.peers).toHaveLength(2);
		} finally {
			await raw.close();
		}
	});

	test('a message the server cuts off: the prompt is smtp> again, the next EHLO connects anew, Ctrl+D leaves at once', async () => {
		// The first connection is dropped after two lines of the message; the second one is a polite server.
		const scripts = [dropAfterTwoMessageLines, greetAndSayBye];
		const raw = await startRawServer(async peer => scripts[raw.peers.length - 1]!(peer));
		try {
			const session = await afterEhlo(raw.port);
			session.press('MAIL FROM:<me@example.test>', KEY.enter);
			await session.waitForText('    # 250: sender accepted');
			session.press('RCPT TO:<you@example.test>', KEY.enter);
			await session.waitForText('    # 250: recipient accepted');
			session.press('DATA', KEY.enter);
			await session.waitForText(/^message> $/m);
			session.press('Subject: cut', KEY.enter, KEY.enter);
			await session.waitForText('=== connection closed');
			// The next step comes under the list of the message's lines, not in the middle of it.
			const screen = session.screenLines();
			const hint = screen.indexOf('now: the connection is closed: type EHLO to connect again, or press Ctrl+D to leave');
			expect(hint).toBeGreaterThan(screen.indexOf('=== message line 2: '));
			// What is typed now is a command (the message is given up): the prompt says so.
			await session.waitFor(() => session.screenLines().filter(line => line !== '').at(-1) === 'smtp> ', 5000, 'the smtp> prompt under the close');
			session.press('EHLO client.example.test', KEY.enter);
			await session.waitFor(() => session.raw.split('# 250: hello accepted').length === 3, 10_000, 'the second EHLO answered');
			session.press(KEY.ctrl('d'));
			expect((await session.waitForExit()).code).toBe(0);
			expect(raw.peers).toHaveLength(2);
		} finally {
			await raw.close();
		}
	});

	test('lines pasted at the hidden prompt, or behind AUTH at smtp>, are never echoed nor kept in the Up history', async () => {
		const session = await afterEhlo(server.port);
		// Two answers in one read at the hidden prompt: the second one too is typed for the 334 still to come.
		session.press('AUTH LOGIN', KEY.enter);
		await session.waitForText(/^answer \(hidden\)> $/m);
		session.press('ZGVtbw==\raHVudGVyMg==\r');
		await session.waitForText('<** 535 ');
		// A whole login pasted at smtp>: the AUTH line shows, the answers behind it do not.
		session.press('AUTH LOGIN\rZGVtbw==\rZGVtbw==\r');
		await session.waitForText('<-  235 ');
		await session.waitForText(/^smtp> $/m);
		// The answers typed ahead had no prompt and showed nothing: no empty row either (a screen reader says "blank").
		expect(session.screenText()).toMatch(/^smtp> AUTH LOGIN\n -> AUTH LOGIN$/m);
		expect(session.raw).not.toContain('aHVudGVyMg==');
		expect(session.raw).not.toContain('ZGVtbw==');
		// Up recalls the AUTH line typed last, not an answer.
		session.press(KEY.up);
		await session.waitFor(() => session.screenLines().filter(line => line !== '').at(-1) === 'smtp> AUTH LOGIN', 5000, 'Up to recall AUTH LOGIN');
		expect(session.raw).not.toContain('ZGVtbw==');
		session.press(KEY.ctrl('u'), KEY.ctrl('d'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('an AUTH line\'s initial response is echoed as *, typed key by key, edited in its middle, or pasted, and stays so in the scrollback', async () => {
		const session = await afterEhlo(server.port);
		session.press('AUTH PLAIN ');
		await session.waitForText(/^smtp> AUTH PLAIN $/m);
		// demo/demo: each key echoed as it comes, as a typist sends them.
		for (const [index, key] of [...'AGRlbW8AZGVtbw=='].entries()) {
			session.press(key);
			await session.waitForText(`smtp> AUTH PLAIN ${'*'.repeat(index + 1)}`);
		}
		// A key typed in its middle and taken back: readline draws the whole line again, masked too.
		session.press(KEY.left, KEY.left, 'Q');
		await session.waitForText(`smtp> AUTH PLAIN ${'*'.repeat(17)}`);
		session.press(KEY.backspace, KEY.enter);
		await session.waitForText('<-  235 ');
		const screen = session.screenLines();
		expect(screen[screen.indexOf(`smtp> AUTH PLAIN ${'*'.repeat(16)}`) + 1]).toBe(' -> AUTH PLAIN [redacted]');
		// A token pasted whole, longer than the row (80 columns): every row of it masked.
		const token = 'dXNlcj1kZW1vAWF1dGg9QmVhcmVyIHlhMjkudkY5ZGZ0NFFtVGM1YzZqWjNmeWU2dFJ1LWt5bUg5WXUtUHZuWk1tSkVr'.repeat(2);
		session.press(`AUTH XOAUTH2 ${token}`, KEY.enter);
		await session.waitForText('<** 503 ');
		expect(session.screenText().replace(/\n/g, '')).toContain(`smtp> AUTH XOAUTH2 ${'*'.repeat(token.length)}`);
		session.press(KEY.ctrl('d'));
		expect((await session.waitForExit()).code).toBe(0);
		// Not a piece of either ever reached the terminal.
		for (const secret of ['AGRlbW8AZGVtbw', token.slice(0, 12), token.slice(-12)]) expect(session.raw).not.toContain(secret);
	});

	test('an initial response once masked stays masked when the line stops being an AUTH line, until it is cleared', async () => {
		const session = await afterEhlo(server.port);
		session.press('AUTH PLAIN AGRlbW8AZGVtbw==');
		await session.waitForText(`smtp> AUTH PLAIN ${'*'.repeat(16)}`);
		// Home, then Delete ×5: "PLAIN AGRlbW8AZGVtbw==" is no AUTH line any more, but what was shown as * stays so.
		session.press('\u001B[H', ...Array.from({length: 5}, () => '\u001B[3~'));
		await session.waitFor(() => session.screenLines().filter(line => line !== '').at(-1) === `smtp> PLAIN ${'*'.repeat(16)}`, 5000, 'the line redrawn without AUTH, still masked');
		// Cleared (End, then Ctrl+U), the next line is shown as typed.
		session.press(KEY.ctrl('e'), KEY.ctrl('u'), 'NOOP');
		await session.waitFor(() => session.screenLines().filter(line => line !== '').at(-1) === 'smtp> NOOP', 5000, 'NOOP in clear');
		session.press(KEY.ctrl('u'), KEY.ctrl('d'));
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.raw).not.toContain('AGRlbW8');
	});

	test('message lines pasted behind DATA stay out of the Up history', async () => {
		const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(server.port)]});
		await session.waitForText(/^smtp> $/m);
		session.press('EHLO client.example.test\rMAIL FROM:<me@example.test>\rRCPT TO:<you@example.test>\rDATA\rSubject: pasted\r\rthe text\r.\r');
		await session.waitForText('<-  250 OK: message queued');
		await session.waitForText(/^smtp> $/m);
		session.press(KEY.up);
		await session.waitFor(() => session.screenLines().filter(line => line !== '').at(-1) === 'smtp> DATA', 5000, 'Up to recall DATA');
		session.press(KEY.ctrl('u'), KEY.ctrl('d'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('an AUTH refused before any challenge (530) leaves the prompt at smtp>, echoing; resizing redraws nothing', async () => {
		const raw = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['AUTH LOGIN']);
			await peer.readLine();
			peer.write('530 5.7.0 Must issue a STARTTLS command first\r\n');
			await peer.readLine();
			peer.write('502 5.5.1 not here\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		try {
			const session = await afterEhlo(raw.port);
			session.press('AUTH LOGIN', KEY.enter);
			await session.waitForText('<** 530 ');
			await session.waitForText(/^smtp> $/m);
			session.press('STARTTLS');
			await session.waitForText(/^smtp> STARTTLS$/m);
			session.resize(90, 30);
			session.press(KEY.enter);
			await session.waitForText('<** 502 ');
			session.press(KEY.ctrl('d'));
			expect((await session.waitForExit()).code).toBe(0);
			expect(session.raw).not.toContain('answer (hidden)>');
			// The resize drew the line again nowhere: no escape code at all.
			expect(session.raw).not.toContain('\u001B');
		} finally {
			await raw.close();
		}
	});

	test('a typed QUIT leaves with no "connect again" hint; so does Ctrl+C at an empty prompt', async () => {
		for (const leave of [['QUIT', KEY.enter], [KEY.ctrl('c')]]) {
			const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(server.port)]});
			await session.waitForText(/^smtp> $/m);
			session.press(...leave);
			expect((await session.waitForExit()).code).toBe(0);
			expect(session.screenText()).toContain('<-  221 ');
			expect(session.screenText()).not.toContain('connect again');
		}
	});

	test('Ctrl+C at the hidden prompt gives the login up with "*", then says QUIT: exit 0', async () => {
		const session = await afterEhlo(server.port);
		session.press('AUTH LOGIN', KEY.enter);
		await session.waitForText(/^answer \(hidden\)> $/m);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.screenLines()).toContain(' -> *');
		expect(session.screenText()).toContain('<-  221 ');
	});

	test('Ctrl+Z under a job-control shell, then fg: the keys typed are read again, and the session goes on', async () => {
		const session = open({file: '/bin/bash', args: ['--norc', '--noprofile', '-i'], env: {PS1: 'PROMPT$ ', HISTFILE: ''}});
		await session.waitForText('PROMPT$');
		session.press(`'${process.execPath}' '${cliPath}' talk --host 127.0.0.1 --port ${server.port}`, KEY.enter);
		await session.waitForText(/^smtp> $/m);
		session.press('NO');
		await session.waitForText(/^smtp> NO$/m);
		session.press(KEY.ctrl('z'));
		await session.waitForText(/Stopped/);
		session.press('fg', KEY.enter);
		// The prompt and the line typed so far come again once continued, as plain text under the shell's line (no
		// cursor move, no clearing: a screen reader reads them once); keys typed before that may be read before it pauses.
		await session.waitFor(screen => /smtp> NO$/.test(screen.slice(screen.lastIndexOf('PROMPT$ fg')).trimEnd()), 10_000, 'the prompt after fg');
		const continued = session.raw.slice(session.raw.lastIndexOf('fg\r\n'));
		// Only the shell's own codes (bracketed paste off, as it runs a job).
		expect(continued.replace(/\u001B\[\?2004[hl]/g, '')).not.toContain('\u001B');
		expect(continued.split('smtp> ')).toHaveLength(2);
		session.press('OP', KEY.enter);
		await session.waitForText(' -> NOOP');
		await session.waitForText(/^<- {2}250 /m);
		session.press('QUIT', KEY.enter);
		await session.waitForText('<-  221 ');
		session.press('exit', KEY.enter);
		await session.waitForExit();
	});

	test('BDAT typed at the terminal is refused with what to do instead, not "type it again"', async () => {
		const session = await afterEhlo(server.port);
		session.press('BDAT 5 LAST', KEY.enter);
		await session.waitForText('smtp-tui send --bdat');
		const said = session.screenText().replace(/\n/g, '');
		expect(said).toMatch(/not sent: BDAT cannot be typed here: .*smtp-tui send --bdat/);
		expect(said).not.toContain('again without them');
		session.press('QUIT', KEY.enter);
		expect((await session.waitForExit()).code).toBe(0);
	});
});
