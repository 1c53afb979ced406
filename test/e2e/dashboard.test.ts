// The built dashboard (dist/cli.js) in a real pseudo-terminal, read through a headless xterm: what a user sees,
// the terminal contract (alternate screen left on every way out, no full-screen clears), and the three modes.
// `npm test` builds dist/cli.js first; a standalone run builds it only when it is missing (run the build after
// changing source/).
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {cliPath, confirmStep, KEY, ptySessions, tempDir, untilKeysWork, type PtySession} from '../helpers/pty.js';
import {startRawServer} from '../helpers/raw-server.js';

const open = ptySessions();
const ready = untilKeysWork;

/** Polls until `check` holds (for things that are not on the screen: files, the raw output). */
async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

/** Lets time pass without asserting anything about it: the window in which nothing may be written. */
const idle = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Ctrl+S in auto mode, until the step rail shows the message queued and the inbox holds it. */
async function sendInAuto(session: PtySession, inbox = 1, queued = '✔ queued'): Promise<string> {
	session.press(KEY.ctrl('s'));
	await session.waitForText(queued);
	return session.waitForText(`Inbox (${inbox})`);
}

/** Whether some log row after the last one showing `sent` shows `reply` (e.g. "→ NOOP" then "← 250"). */
function repliedAfter(screen: string, sent: string, reply: RegExp): boolean {
	const lines = screen.split('\n');
	for (let index = lines.length - 1; index >= 0; index--) {
		if (lines[index]!.includes(sent)) return lines.slice(index + 1).some(line => reply.test(line));
	}
	return false;
}

/** Types one manual-mode line and waits until the log shows the reply to it. */
async function manualLine(session: PtySession, line: string, reply: RegExp): Promise<string> {
	session.press(line, KEY.enter);
	return session.waitFor(screen => repliedAfter(screen, `→ ${line}`, reply), 10_000, `a reply ${String(reply)} to "${line}"`);
}

/** The classic session typed line by line: EHLO, MAIL, RCPT, DATA, the body in body-entry mode, a lone ".". */
async function typeMessage(session: PtySession): Promise<void> {
	await manualLine(session, 'EHLO e2e.test', /← 250 /);
	await manualLine(session, 'MAIL FROM:<hand@example.test>', /← 250/);
	await manualLine(session, 'RCPT TO:<friend@example.test>', /← 250/);
	await manualLine(session, 'DATA', /← 354/);
	await session.waitForText('DATA>');
	for (const line of ['Subject: typed by hand', '', 'One line of body.']) session.press(line, KEY.enter);
	session.press('.', KEY.enter);
	await session.waitFor(screen => repliedAfter(screen, '→ message', /← 250/), 10_000, 'the 250 after the message');
}

const CLEARS = ['\u001B[2J', '\u001B[3J'];
const clearsIn = (output: string) => CLEARS.filter(clear => output.includes(clear));

describe('dashboard in a pseudo-terminal', () => {
	test('first run: Ctrl+S sends the sample message to the sandbox; it shows queued and lands in the inbox', async () => {
		const session = open();
		const first = await ready(session);
		expect(first).toContain('Inbox (0)');
		expect(first).toContain('you@example.test');
		expect(session.bufferType()).toBe('alternate');
		const screen = await sendInAuto(session);
		expect(screen).toMatch(/← 250/);
		expect(screen).toContain('✔ queued');
		expect(screen).toMatch(/Hello from smtp-tui/);
	});

	test('--user and --password without --host: the sandbox takes that account, and never shows the password', async () => {
		const session = open({args: ['--user', 'alice', '--password', 's3cretpw']});
		const first = await ready(session);
		await session.waitFor(screen => /AUTH as alice,/.test(screen.replace(/[│║]\s*\n\s*[│║]\s*/g, ' ')), 10_000, 'the sandbox line naming the account');
		expect(first).not.toContain('demo');
		const screen = await sendInAuto(session);
		expect(screen).toContain('✔ AUTH');
		expect(screen).not.toContain('s3cretpw');
	});

	test('--no-starttls --no-auth: the tutorial\'s plain session against the sandbox, said in its log line and the panel', async () => {
		const session = open({args: ['--no-starttls', '--no-auth']});
		await ready(session);
		await session.waitForText(/STARTTLS: security none; no AUTH: no/);
		expect(session.screenText()).toContain('no login: no AUTH');
		// The rail shows from the start what this session leaves out.
		expect(session.screenText().split('\n')[0]).toMatch(/- (STARTTLS|TLS) +- AUTH/);
		const screen = await sendInAuto(session);
		expect(screen).not.toMatch(/→ (AUTH|STARTTLS)/);
	});

	test('step mode: each Enter sends the one proposed line, Esc stops', async () => {
		const session = open({args: ['--mode', 'step']});
		await ready(session, 'STEP');
		session.press(KEY.ctrl('s'));
		await session.waitForText(/about to send: EHLO /);
		// Nothing goes out until Enter.
		expect(session.screenText()).not.toMatch(/→ EHLO/);
		await confirmStep(session);
		await session.waitForText('about to send: STARTTLS');
		expect(session.screenText()).toMatch(/→ EHLO/);
		expect(session.screenText()).not.toMatch(/→ STARTTLS/);
		await confirmStep(session);
		// After the handshake EHLO is said again, inside TLS.
		await session.waitFor(screen => /TLS started/.test(screen) && /about to send: EHLO /.test(screen), 10_000, 'EHLO proposed inside TLS');
		await confirmStep(session);
		await session.waitForText(/about to send: AUTH PLAIN \[redacted\]/);
		session.press(KEY.escape);
		const stopped = await session.waitFor(screen => !screen.includes('about to send') && /stopped/.test(screen), 10_000, 'the prompt to close, stopped');
		expect(stopped).not.toMatch(/→ AUTH/);
		expect(stopped).toContain('Inbox (0)');
	});

	test('manual mode after an auto send: NOOP answers 250, then a whole message typed by hand reaches the inbox', async () => {
		const session = open();
		await ready(session);
		await sendInAuto(session);
		session.press(KEY.ctrl('t'));
		await ready(session, 'STEP');
		session.press(KEY.ctrl('t'));
		await session.waitForText(/^ MANUAL /m);
		await session.waitForText('C:');
		await manualLine(session, 'NOOP', /← 250/);
		await typeMessage(session);
		await session.waitForText('Inbox (2)');
	});

	test('manual mode from the start: the first line waits for the greeting; a whole session typed by hand', async () => {
		const session = open({args: ['--mode', 'manual']});
		await ready(session, 'MANUAL');
		session.press('NOOP', KEY.enter);
		const screen = await session.waitFor(screen => /← (250|421)/.test(screen), 10_000, 'a reply to NOOP');
		expect(screen).toMatch(/← 220/);
		expect(screen).not.toMatch(/← 421/);
		await typeMessage(session);
		await session.waitForText('Inbox (1)');
		await manualLine(session, 'QUIT', /← 221/);
	});

	test('resize: 80×24 still shows the dashboard, 60×20 the too-small message, and back', async () => {
		const session = open();
		await ready(session);
		session.resize(80, 24);
		await session.waitFor(screen => screen.includes('Protocol log') && /^ AUTO /m.test(screen) && screen.split('\n')[0]!.length <= 80, 10_000, 'the dashboard at 80×24');
		expect(session.screenText()).not.toContain('too small');
		// A tmux pane on an 80×24 terminal: the status line takes a row.
		session.resize(80, 23);
		await session.waitFor(screen => screen.includes('Protocol log') && /^ AUTO /m.test(screen), 10_000, 'the dashboard at 80×23');
		expect(session.screenText()).not.toContain('too small');
		session.resize(60, 20);
		const small = await session.waitForText('Terminal too small: 60×20 (needs 80×23)');
		expect(small).not.toContain('Protocol log');
		session.resize(100, 30);
		await session.waitFor(screen => screen.includes('Protocol log') && !screen.includes('too small'), 10_000, 'the dashboard again');
		await ready(session);
		expect(session.bufferType()).toBe('alternate');
		// Shorter panes are redrawn after a clear of the screen, never of the scrollback (ESC[3J): the shell's
		// history above the dashboard survives a tmux split.
		expect(session.raw).not.toContain('\u001B[3J');
	});

	test('Ctrl+C quits with code 0 and leaves the alternate screen with the cursor visible', async () => {
		const session = open();
		await ready(session);
		await sendInAuto(session);
		// While it runs the terminal marks pastes (so a pasted Ctrl+S is text); the shell gets its own mode back.
		expect(session.bracketedPaste()).toBe(true);
		session.press(KEY.ctrl('c'));
		const {code} = await session.waitForExit();
		expect(code).toBe(0);
		expect(session.bufferType()).toBe('normal');
		expect(session.cursorVisible()).toBe(true);
		expect(session.bracketedPaste()).toBe(false);
	});

	test('a paste holding Ctrl+S and Ctrl+C, marked by the terminal, is text: nothing is sent, nothing quits', async () => {
		const session = open();
		await ready(session);
		session.press('\u001B[200~\u0003Pasted\u0013text\u0003\u001B[201~');
		await session.waitForText('control characters were removed');
		expect(session.screenText()).toMatch(/From +you@example\.testPastedtext/);
		expect(session.screenText()).not.toMatch(/✔ connect/);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('writes nothing to a redirected stderr, not even "show the cursor" at exit: the terminal gets that', async () => {
		const log = path.join(tempDir(), 'stderr.log');
		const session = open({file: '/bin/sh', args: ['-c', `exec "${process.execPath}" "${cliPath}" 2>"${log}"`]});
		await ready(session);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.cursorVisible()).toBe(true);
		expect(readFileSync(log, 'utf8')).toBe('');
	});

	test('Ctrl+C again while closing exits at once, terminal restored', async () => {
		// A server that greets and never answers QUIT: the sandbox's prompt 221 could end the polite quit before the
		// "Ctrl+C again" frame is drawn, on a loaded machine.
		const server = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.closed();
		});
		try {
			const session = open({args: ['--mode', 'step', '--host', '127.0.0.1', '--port', String(server.port)]});
			await ready(session, 'STEP');
			session.press(KEY.ctrl('s'));
			// Connected, a step prompt waiting: the first Ctrl+C only asks (the walkthrough would end), the second starts a
			// polite QUIT, the third does not wait for it.
			await session.waitForText('about to send: EHLO');
			session.press(KEY.ctrl('c'));
			await session.waitForText('Ctrl+C again within 3 s quits');
			session.press(KEY.ctrl('c'));
			await session.waitForText('closing: Ctrl+C again leaves at once');
			session.press(KEY.ctrl('c'));
			await session.waitForExit(5000);
			expect(session.bufferType()).toBe('normal');
			expect(session.cursorVisible()).toBe(true);
		} finally {
			await server.close();
		}
	});

	test.each(['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const)('%s restores the terminal and ends the process', async signal => {
		const session = open();
		await ready(session);
		expect(session.bufferType()).toBe('alternate');
		session.kill(signal);
		await session.waitForExit();
		expect(session.bufferType()).toBe('normal');
		expect(session.cursorVisible()).toBe(true);
	});

	test('SIGTSTP does not suspend it (a shell would print over the frame, and fg bring it back in cooked mode): it keeps running, and says why', async () => {
		const session = open();
		await ready(session);
		session.kill('SIGTSTP');
		await session.waitForText('suspending is off (Ctrl+Z, SIGTSTP)');
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, ' STILL-HERE');
		await session.waitForText('STILL-HERE');
		expect(session.bufferType()).toBe('alternate');
		// Ctrl+Z in raw mode is a key, not the signal: said the same way once the footer has moved on.
		session.press(KEY.tab);
		await session.waitFor(screen => !screen.includes('suspending is off'), 10_000, 'the footer moving on');
		session.press(KEY.ctrl('z'));
		await session.waitForText('suspending is off (Ctrl+Z, SIGTSTP)');
		expect(session.bufferType()).toBe('alternate');
	});

	// An SSH drop (SIGHUP) or SIGTERM must not lose the last half second of typing: the draft is flushed first.
	test.each(['SIGTERM', 'SIGHUP'] as const)('%s saves the draft typed just before it and exits 128 + the signal, as a shell would', async signal => {
		const session = open();
		await ready(session);
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, ' SIGNAL-7');
		await session.waitForText('SIGNAL-7');
		session.kill(signal);
		const result = await session.waitForExit();
		expect(session.bufferType()).toBe('normal');
		expect(readFileSync(path.join(session.stateDir, 'draft.json'), 'utf8')).toContain('SIGNAL-7');
		expect(result).toEqual({code: signal === 'SIGTERM' ? 143 : 129});
	});

	test('no full-screen clear (ESC[2J, ESC[3J) after the first frame: idle, sending, and scrolling the log', async () => {
		const session = open();
		await ready(session);
		const mark = session.raw.length;
		await idle(1500);
		expect(clearsIn(session.raw.slice(mark))).toEqual([]);
		await sendInAuto(session);
		// Focus the log (composer → log) and page through it.
		session.press(KEY.tab);
		await session.waitForText(/PgUp scroll/);
		for (let i = 0; i < 5; i++) session.press(KEY.pageUp);
		await session.waitForText('scrolled');
		session.press(KEY.pageDown, KEY.pageUp);
		// A second message on the same connection while scrolled up: the log grows under the user. (The same
		// message again this soon: the first press asks, the second sends.)
		session.press(KEY.ctrl('s'), KEY.ctrl('s'));
		await session.waitForText(/more below, \d+ new /);
		await session.waitForText('Inbox (2)');
		for (let i = 0; i < 5; i++) session.press(KEY.pageDown);
		session.press('G');
		await session.waitForText('following');
		await idle(500);
		// Frames were written meanwhile (the check is not vacuous), none of them cleared the screen.
		expect(session.raw.length - mark).toBeGreaterThan(10_000);
		expect(clearsIn(session.raw.slice(mark))).toEqual([]);
	});

	test('with --host the sample message says it goes to that server, not to the sandbox', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', '9']});
		await untilKeysWork(session);
		const screen = await session.waitForText(/This goes to 127\.0\.0\.1:/);
		expect(screen).toContain('a server on this machine.');
		expect(screen).not.toContain('the sandbox only');
	});

	test('not a terminal: exits 1 and points to smtp-tui send', () => {
		const result = spawnSync(process.execPath, [cliPath], {
			input: '',
			encoding: 'utf8',
			env: {...process.env, SMTP_TUI_STATE_DIR: tempDir(), SMTP_TUI_CONFIG_DIR: tempDir(), XDG_DATA_HOME: tempDir()},
			timeout: 10_000,
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('smtp-tui send');
		expect(result.stdout).not.toContain('\u001B[?1049h');
	});

	test('escape sequences that are no key (colour codes typed or pasted) change nothing and crash nothing', async () => {
		const session = open();
		await ready(session);
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, ' before');
		await session.waitForText(/Subject .*before/);
		for (const sequence of ['\u001B[31m', '\u001B[0m', '\u001B[1;5m', '\u001B[32m']) session.press(sequence);
		session.press(' after');
		const screen = await session.waitForText(/Subject .*before after/);
		expect(screen).not.toMatch(/\[3[12]m|\[0m/);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.raw).not.toContain('crashed');
	});

	test('the draft survives kill -9', async () => {
		const first = open();
		await ready(first);
		// The composer has the focus at start, on From; Down moves field by field: To, Cc, Bcc, Subject.
		first.press(KEY.down, KEY.down, KEY.down, KEY.down);
		first.press(' XYZZY-42');
		await first.waitForText('XYZZY-42');
		const draft = path.join(first.stateDir, 'draft.json');
		await until(() => existsSync(draft) && readFileSync(draft, 'utf8').includes('XYZZY-42'), 'the draft on disk');
		first.kill('SIGKILL');
		await first.waitForExit();
		const second = open({stateDir: first.stateDir});
		const screen = await ready(second);
		expect(screen).toMatch(/Subject .*XYZZY-42/);
		await second.waitForText('restored the draft');
	});

	test('--fresh starts from the sample message, and discards the last run\'s draft', async () => {
		const first = open();
		await ready(first);
		first.press(KEY.down, KEY.down, KEY.down, KEY.down, ' PLUGH-7');
		await first.waitForText('PLUGH-7');
		const draft = path.join(first.stateDir, 'draft.json');
		await until(() => existsSync(draft) && readFileSync(draft, 'utf8').includes('PLUGH-7'), 'the draft on disk');
		first.press(KEY.ctrl('c'));
		await first.waitForExit();
		const second = open({stateDir: first.stateDir, args: ['--fresh']});
		const screen = await ready(second);
		expect(screen).toMatch(/Subject +Hello from smtp-tui\s/);
		// The log's note, wrapped in its panel: "started from the sample message (--fresh): the last run's draft is discarded".
		await second.waitFor(screen => screen.includes('started from the sample message') && screen.includes('(--fresh)') && screen.includes('discarded'), 10_000, 'the note in the log');
		await until(() => !existsSync(draft), 'the draft to be gone');
		second.press(KEY.ctrl('c'));
		expect(await second.waitForExit()).toMatchObject({code: 0});
	});

	test('NO_COLOR: the markers still tell the directions and the done steps', async () => {
		const session = open({env: {NO_COLOR: '1'}});
		await ready(session);
		const screen = await sendInAuto(session);
		for (const marker of ['✔ connect', '✔ queued', '→ MAIL FROM', '← 250', '▸ From']) expect(screen).toContain(marker);
		// No colour at all: bold, dim and inverse only. (A colour code ends in m: ESC [40C moves the cursor over blanks.)
		expect(session.raw).not.toMatch(/\u001B\[(?:3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;|48;)[\d;]*m/);
		// Attributes still: the text cursor and the focused field are drawn inverse.
		expect(session.raw).toContain('\u001B[7m');
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		// Nothing from Node about FORCE_COLOR beside NO_COLOR on the screen the user returns to.
		expect(session.raw).not.toMatch(/Warning|NO_COLOR/);
	});

	test('a locale that is not UTF-8 (LC_ALL=C): ASCII marks that stay distinct, and nothing but ASCII on the screen', async () => {
		const session = open({env: {NO_COLOR: '1', LC_ALL: 'C'}});
		await ready(session);
		const screen = await sendInAuto(session, 1, '+ queued');
		for (const marker of ['+ connect', '+ queued', '-> MAIL FROM', '<- 250', '> From']) expect(screen).toContain(marker);
		expect(screen).not.toMatch(/[^\u0000-\u007F]/);
	});

	test('the Linux console (TERM=linux, a UTF-8 locale): ASCII marks its fonts have, in line-drawn panels', async () => {
		const session = open({env: {NO_COLOR: '1', TERM: 'linux', LANG: 'C.UTF-8'}});
		await ready(session);
		const screen = await sendInAuto(session, 1, '+ queued');
		for (const marker of ['+ connect', '+ queued', '→ MAIL FROM', '← 250', '> From', '╔═', '┌─']) expect(screen).toContain(marker);
		expect(screen).not.toMatch(/[✔✖○▸◂↳]/);
	});

	test('a state folder that cannot be used (a file in its place) is said in the log; the sandbox and the dashboard still run and quit cleanly', async () => {
		const blocked = path.join(tempDir(), 'not-a-folder');
		writeFileSync(blocked, 'x');
		const session = open({stateDir: blocked});
		await ready(session);
		await session.waitForText(/not be kept, so its fingerprint changes/);
		// The newcomer's one key still works: the sandbox runs, with a certificate made for this run.
		await sendInAuto(session);
		// The untouched sample is no draft: the first edit is saved, and its failure shows.
		session.press('x');
		await session.waitForText(/! warning: the draft could not/);
		// Quitting loses the edits: the first Ctrl+C asks, as in a second dashboard.
		session.press(KEY.ctrl('c'));
		await session.waitForText(/Ctrl\+C again within 3 s quits; edits here are lost: the draft could not be saved/);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.bufferType()).toBe('normal');
	});
});
