// The dashboard and the signals beyond quit, SIGTERM and SIGHUP (see test/e2e/dashboard.test.ts for those): stopped
// with `kill -STOP` under a job-control shell and brought back with `fg`, it sets its terminal up again; ended by
// another signal whose default action kills (SIGUSR2, SIGALRM...), it restores the terminal and exits 128 + n.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, readlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {cliPath, KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();
const PROC = existsSync('/proc/self/stat');
// The help overlay's own last row, whichever section it opens at.
const HELP = '[Keys]';

/** Job groups stopped by a test: a failed test must not leave one stopped behind. */
const stopped: number[] = [];
afterEach(() => {
	for (const group of stopped.splice(0)) {
		try {
			process.kill(-group, 'SIGKILL');
		} catch {
			// Gone already.
		}
	}
});

/** Polls until `check` holds (for what is not on the screen: the tty's mode). */
async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

/**
 * The dashboard as a job of an interactive bash (job control on), as a user starts it; `viaSh`: under a `sh -c` that
 * runs on as the job's head, as npx and npm start do.
 */
async function inShell(options: {viaSh?: boolean; ttouIgnored?: boolean} = {}): Promise<{session: PtySession; shell: number; tty: string}> {
	const session = open({file: '/bin/bash', args: ['--norc', '--noprofile', '-i'], env: {PS1: 'PROMPT$ ', HISTFILE: ''}});
	await session.waitForText('PROMPT$');
	// The job's line, which the shell prints on `fg` just above the frame's last row, ends at the right edge.
	const padding = `PADDING=${'x'.repeat(Math.max(1, 99 - 14 - process.execPath.length - cliPath.length))}`;
	const command = `'${process.execPath}' '${cliPath}'`;
	// An ignored signal stays ignored across exec: the dashboard starts with SIGTTOU ignored.
	const line = options.ttouIgnored ? `sh -c "trap '' TTOU; exec ${command}"` : options.viaSh ? `sh -c "${command}; true"` : `${padding} ${command}`;
	session.press(`${line}${KEY.enter}`);
	await untilKeysWork(session);
	return {session, shell: session.process.pid, tty: readlinkSync(`/proc/${session.process.pid}/fd/0`)};
}

/** The terminal's foreground process group (field 8 of /proc/PID/stat): the dashboard's job while it runs. */
function foregroundGroup(shell: number): number {
	const stat = readFileSync(`/proc/${shell}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[5]);
}

/** The dashboard's process in the job `group`: the group's leader, or under `sh -c`, the leader's child. */
function dashboardIn(group: number): number {
	const children = readFileSync(`/proc/${group}/task/${group}/children`, 'utf8').trim();
	return children === '' ? group : Number(children.split(' ')[0]);
}

/** How often the process's main thread was switched to: it changes only if the process ran. */
function switches(pid: number): number {
	return [...readFileSync(`/proc/${pid}/status`, 'utf8').matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** The tty's settings as `stty -a` prints them. */
function stty(tty: string): string {
	return spawnSync('stty', ['-F', tty, '-a'], {encoding: 'utf8'}).stdout;
}

const raw = (settings: string) => /(^|\s)-icanon(\s|$)/.test(settings) && /(^|\s)-echo(\s|$)/.test(settings);

/**
 * Until the dashboard has written nothing for a while: a frame it draws after `fg` because its state changed (the
 * sandbox starting, say) would redraw the screen by itself and hide a missing redraw.
 */
async function quiet(session: PtySession, ms = 750): Promise<void> {
	for (let length = -1; length !== session.raw.length; ) {
		length = session.raw.length;
		await new Promise(resolve => setTimeout(resolve, ms));
	}
}

/** The terminal's cursor shown on the caret of the From field (focused at start), where it was before the stop. */
function onFromCaret(session: PtySession): boolean {
	const buffer = session.terminal.buffer.active;
	const row = buffer.getLine(buffer.viewportY + buffer.cursorY)?.translateToString(true) ?? '';
	return session.cursorVisible() && row.slice(0, buffer.cursorX).endsWith('▸ From    you@example.test');
}

/** `kill -STOP` on the dashboard's job, until the shell says it stopped and has its prompt back. */
async function stop(session: PtySession, shell: number): Promise<void> {
	await quiet(session);
	const group = foregroundGroup(shell);
	expect(group).not.toBe(shell);
	stopped.push(group);
	process.kill(-group, 'SIGSTOP');
	// The shell writes where the terminal's cursor was: on the focused field's caret, over the frame's row.
	await session.waitFor(screen => /Stopped/.test(screen) && /^PROMPT\$ /m.test(screen), 10_000, 'the shell to report the stop');
}

describe.skipIf(!PROC)('stopped and continued under a job-control shell', () => {
	test('after kill -STOP and fg: raw mode, bracketed paste and the whole frame are back, the shell lines gone', async () => {
		const {session, shell, tty} = await inShell();
		await stop(session, shell);
		// Once the line is read, readline puts the shell's cooked mode back and turns bracketed paste off: so fg
		// hands the terminal over. The frame's last row (the footer) ends short of the right edge: nothing after it.
		session.press(`fg${KEY.enter}`);
		await session.waitFor(screen => !/Stopped|PROMPT\$|cli\.js/.test(screen) && /^ AUTO .*Ctrl\+G help$/m.test(screen), 10_000, 'the frame drawn again over the shell lines');
		await until(() => raw(stty(tty)), 'raw mode again');
		expect(session.bufferType()).toBe('alternate');
		expect(session.bracketedPaste()).toBe(true);
		expect(onFromCaret(session)).toBe(true);
		// Keys reach the app at once, not after an Enter: Ctrl+G opens the help.
		session.press(KEY.ctrl('g'));
		await session.waitForText(HELP);
		session.press(KEY.escape, KEY.ctrl('c'));
		await session.waitForText('PROMPT$');
		expect(session.bufferType()).toBe('normal');
		expect(session.cursorVisible()).toBe(true);
	});

	test('a shell that left the alternate screen and showed the cursor while it was stopped: fg enters it again, the cursor back on the caret', async () => {
		const {session, shell} = await inShell();
		await stop(session, shell);
		session.press(`printf '\\033[?1049l\\033[?25h'; fg${KEY.enter}`);
		await session.waitFor(screen => /^ AUTO .*Ctrl\+S send/m.test(screen) && !screen.includes('PROMPT$'), 10_000, 'the frame on the alternate screen');
		expect(session.bufferType()).toBe('alternate');
		expect(onFromCaret(session)).toBe(true);
		session.press(KEY.ctrl('c'));
		await session.waitForText('PROMPT$');
		expect(session.bufferType()).toBe('normal');
	});

	test('resized while stopped: fg draws the frame at the size the window has now', async () => {
		const {session, shell} = await inShell();
		await stop(session, shell);
		// The shell gets the SIGWINCH; the stopped dashboard never hears of it.
		session.resize(80, 24);
		await session.waitForText('PROMPT$');
		session.press(`fg${KEY.enter}`);
		// The footer on the last row of 24, the frame's rows no wider than 80.
		await session.waitFor(screen => {
			const rows = screen.split('\n');
			return /^ AUTO /.test(rows[22] ?? '') && !screen.includes('PROMPT$');
		}, 10_000, 'the frame at 80x24');
		await quiet(session);
		const rows = session.screenText().split('\n');
		expect(rows.filter(row => /[│║]\s*$/.test(row.trimEnd()) && row.trimEnd().length > 80)).toEqual([]);
		// The rail laid out for 80 columns: its short names, whole on the first row.
		expect(rows[0]?.trimEnd()).toMatch(/^○ conn .* QUIT$/);
		session.press(KEY.ctrl('c'));
		await session.waitForText('PROMPT$');
	});

	test.each([
		{how: 'started directly', viaSh: false, ttouIgnored: false},
		{how: 'under a launcher that runs on, as npx', viaSh: true, ttouIgnored: false},
		// Ignored, the kernel would let the mode be set from the background; Node sets every signal back to its default
		// at start, so it still stops the job.
		{how: 'started with SIGTTOU ignored', viaSh: false, ttouIgnored: true},
	])('continued in the background (bg, $how): it stops again rather than quit or draw over the shell, and fg brings it back', async ({viaSh, ttouIgnored}) => {
		const {session, shell} = await inShell({viaSh, ttouIgnored});
		const group = foregroundGroup(shell);
		await stop(session, shell);
		// Stopped for longer than the launcher watch's period: its check is overdue when the process goes on.
		await new Promise(resolve => setTimeout(resolve, 1500));
		const dashboard = dashboardIn(group);
		const ran = switches(dashboard);
		session.press(`bg${KEY.enter}`);
		// Continued, then stopped again by itself: the job is reported stopped, and the shell keeps the terminal. Stopped
		// reads the same before `bg` as after: it counts once the dashboard ran. A `fg` typed before would find a job the
		// shell thinks running, and send it no SIGCONT.
		await until(() => switches(dashboard) !== ran && [group, dashboard].every(pid => (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').startsWith('T')), 'the dashboard stopped again');
		session.press(`echo still-$((40+2))${KEY.enter}`);
		await session.waitForText('still-42');
		// Stopped by the kernel (SIGTTOU) at its change of the terminal's mode, which checks the foreground and stops in
		// one step: an `fg` typed at any moment continues it. (A SIGSTOP sent after a check of its own, "Stopped
		// (signal)", could come after an `fg` that came between, and hold the job until a second `fg`.)
		session.press(`jobs -l${KEY.enter}`);
		await session.waitForText(/\d+ Stopped \(tty output\)/);
		session.press(`fg${KEY.enter}`);
		await session.waitFor(screen => /^ AUTO .*Ctrl\+G help$/m.test(screen) && !screen.includes('still-42'), 10_000, 'the frame back after fg');
		session.press(KEY.ctrl('g'));
		await session.waitForText(HELP);
		session.press(KEY.escape, KEY.ctrl('c'));
		await session.waitForText('PROMPT$');
		expect(session.bufferType()).toBe('normal');
	});

	test('a SIGCONT with no stop before it changes nothing but a redraw: the typing goes on', async () => {
		const session = open();
		await untilKeysWork(session);
		session.kill('SIGCONT');
		// The composer has the focus on From at start; Down goes To, Cc, Bcc, Subject.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, ' AFTER-CONT');
		await session.waitForText(/Subject.*AFTER-CONT/);
		expect(session.bufferType()).toBe('alternate');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});
});

describe('other signals whose default action ends the process', () => {
	test.each(['SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', ...(process.platform === 'linux' ? ['SIGIO' as const] : [])] as const)(
		'%s restores the terminal, saves the draft and exits 128 + the signal',
		async signal => {
			const session = open();
			await untilKeysWork(session);
			session.press(KEY.down, KEY.down, KEY.down, KEY.down, ` ${signal}-DRAFT`);
			await session.waitForText(`${signal}-DRAFT`);
			session.kill(signal);
			const result = await session.waitForExit();
			expect(result).toEqual({code: 128 + os.constants.signals[signal]});
			expect(session.bufferType()).toBe('normal');
			expect(session.cursorVisible()).toBe(true);
			expect(session.bracketedPaste()).toBe(false);
			expect(readFileSync(path.join(session.stateDir, 'draft.json'), 'utf8')).toContain(`${signal}-DRAFT`);
		},
	);
});
