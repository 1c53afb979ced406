// `npx smtp-tui` in a shell, then the launcher killed (SIGTERM, SIGHUP): npm does not pass the signal on, the shell
// takes the terminal back, and the dashboard used to go on drawing, orphaned, with the alternate screen on and the
// cursor hidden. Here a real interactive bash in the pty runs a launcher that, like npm, spawns dist/cli.js with the
// terminal inherited and passes no signal on; the launcher is killed, and the dashboard must leave as on SIGHUP.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {receivedTexts} from '../helpers/recorded.js';
import {cliPath, KEY, ptySessions, tempDir, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();
const PROC = existsSync('/proc/self/stat');

// With SMTP_TUI_TEST_VIA_SH, through a \`sh -c\` that stays (as npx runs a bin): the dashboard's parent lives on.
const LAUNCHER = `
import {spawn} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
const [cli, pids, ...args] = process.argv.slice(2);
const viaSh = process.env.SMTP_TUI_TEST_VIA_SH === '1';
const child = viaSh
	? spawn('/bin/sh', ['-c', '"$@"; exit $?', 'sh', process.execPath, cli, ...args], {stdio: 'inherit'})
	: spawn(process.execPath, [cli, ...args], {stdio: 'inherit'});
let cliPid = child.pid;
if (viaSh) {
	// The shell's child, once it has started it.
	for (let tries = 0; tries < 200; tries++) {
		const children = readFileSync('/proc/' + child.pid + '/task/' + child.pid + '/children', 'utf8').trim();
		if (children) {
			cliPid = Number(children.split(' ')[0]);
			break;
		}
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}
writeFileSync(pids, process.pid + ' ' + cliPid);
child.on('exit', code => process.exit(code ?? 1));
`;

/** The process's state letter (Linux /proc), undefined once it is gone; Z: exited, not yet reaped. */
function state(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
	} catch {
		return undefined;
	}
}

/** The exit status of a zombie (waitpid's form; Linux 3.5+), else undefined. */
function zombieExitCode(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return fields[0] === 'Z' && fields[49] !== undefined ? Number(fields[49]) >> 8 : undefined;
	} catch {
		return undefined;
	}
}

const running = (pid: number) => {
	const letter = state(pid);
	return letter !== undefined && letter !== 'Z' && letter !== 'X';
};

const orphans: number[] = [];
afterEach(() => {
	for (const pid of orphans.splice(0)) {
		try {
			if (running(pid)) process.kill(pid, 'SIGKILL');
		} catch {
			// Gone already.
		}
	}
});

/** An interactive bash in the pty, running the launcher with dist/cli.js and `args`; the two pids once it started. */
async function launch(args: string[] = [], options: {viaSh?: boolean} = {}): Promise<{session: PtySession; launcher: number; cli: number}> {
	const dir = tempDir();
	const script = path.join(dir, 'launcher.mjs');
	const pids = path.join(dir, 'pids');
	writeFileSync(script, LAUNCHER);
	const session = open({file: '/bin/bash', args: ['--norc', '--noprofile', '-i'], env: {PS1: 'PROMPT$ ', ...(options.viaSh && {SMTP_TUI_TEST_VIA_SH: '1'})}});
	await session.waitForText('PROMPT$');
	session.press(`${[process.execPath, script, cliPath, pids, ...args].map(word => `'${word}'`).join(' ')}${KEY.enter}`);
	await untilKeysWork(session);
	const [launcher, cli] = readFileSync(pids, 'utf8').split(' ').map(Number) as [number, number];
	orphans.push(cli);
	return {session, launcher, cli};
}

async function untilExited(pid: number, timeout = 8000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (running(pid)) {
		if (Date.now() > deadline) throw new Error(`smtp-tui (pid ${pid}) still runs ${timeout} ms after its launcher was killed`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

describe.skipIf(!PROC)('the launcher (npx) is killed under the dashboard', () => {
	// Through `sh -c` (as npx runs a bin), the shell between lives on: the dashboard's parent never changes.
	test.each([
		{how: 'started directly', viaSh: false, mark: 'ORPHAN-1'},
		{how: 'through sh -c, as npx does', viaSh: true, mark: 'ORPHAN-SH'},
	])('SIGTERM to the launcher ($how): the dashboard leaves, screen restored and draft saved', async ({viaSh, mark}) => {
		const {session, launcher, cli} = await launch([], {viaSh});
		// The composer has the focus on From at start; Down goes To, Cc, Bcc, Subject.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, ` ${mark}`);
		await session.waitForText(mark);
		process.kill(launcher, 'SIGTERM');
		await untilExited(cli);
		await session.settled();
		expect(session.bufferType()).toBe('normal');
		expect(session.cursorVisible()).toBe(true);
		expect(readFileSync(path.join(session.stateDir, 'draft.json'), 'utf8')).toContain(mark);
		// As on SIGHUP, where the exit status can still be read.
		const code = zombieExitCode(cli);
		if (code !== undefined) expect(code).toBe(129);
		// The shell has the terminal again.
		session.press(`echo back-$((40+2))${KEY.enter}`);
		await session.waitForText('back-42');
	});

	test('SIGHUP to the launcher while connected: QUIT goes out before the dashboard leaves', async () => {
		const file = path.join(tempDir(), 'session.jsonl');
		const {session, launcher, cli} = await launch(['--record', file]);
		session.press(KEY.ctrl('s'));
		await session.waitFor(screen => /Inbox \(1\)/.test(screen) && /✔ queued/.test(screen), 10_000, 'queued');
		process.kill(launcher, 'SIGHUP');
		await untilExited(cli);
		await session.settled();
		expect(session.bufferType()).toBe('normal');
		expect(session.cursorVisible()).toBe(true);
		const received = receivedTexts(file);
		expect(received.at(-1)).toMatch(/^221 /);
	});
});
