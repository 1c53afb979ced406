// A real hangup (an SSH drop, a killed tmux session): the pseudo-terminal's master side is closed under the running
// dashboard. Every write to the terminal fails with EIO from then on; the process must leave at once, with the
// draft saved, and not spin on writes that cannot succeed (it used to report each failed write as a crash on the
// same dead terminal, which failed again: ~3 s of a busy loop and thousands of failed write() calls).
// Behaviour only: it exits (generous limit), its CPU time stays low, the draft is on disk.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {KEY, ptySessions, tempDir, untilKeysWork, type PtySession} from '../helpers/pty.js';
import {startRawServer, type RawServer} from '../helpers/raw-server.js';

const open = ptySessions();

const PROC = existsSync('/proc/self/stat');
const TICKS_PER_SECOND = 100;

/** utime + stime in clock ticks (Linux /proc), or undefined once the process is gone. */
function cpuTicks(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces: count the fields after it.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return undefined;
	}
}

/**
 * Closes the master side of the pty (what sshd or tmux does when the connection goes): the kernel hangs the
 * terminal up and sends SIGHUP. Resolves with the process's CPU time used from then until its exit (last sample
 * seen; undefined without /proc) and its exit.
 */
async function hangUp(session: PtySession): Promise<{cpuSeconds: number | undefined; exit: {code: number; signal?: number}}> {
	const {pid} = session.process;
	const before = PROC ? cpuTicks(pid) : undefined;
	let last = before;
	const sampler = setInterval(() => {
		const now = cpuTicks(pid);
		if (now !== undefined) last = now;
	}, 10);
	try {
		(session.process as typeof session.process & {destroy(): void}).destroy();
		const exit = await session.waitForExit(15_000);
		return {cpuSeconds: before === undefined || last === undefined ? undefined : (last - before) / TICKS_PER_SECOND, exit};
	} finally {
		clearInterval(sampler);
	}
}

/**
 * Exit code 129 (128 + SIGHUP), as after SIGHUP with the terminal still there; or, once the cleanup is over, the
 * SIGHUP that node-pty's destroy() sends after closing the master (a second one, as sshd and shells also send)
 * ends it. Never SIGABRT: Node 20 aborts at exit when it cannot reset a stdio terminal that hung up.
 */
function expectCleanEnd(exit: {code: number; signal?: number}): void {
	expect(exit.code).toBe(129);
	expect([undefined, 1]).toContain(exit.signal);
}

/** Types into the Subject field (the composer has the focus on From at start; Down goes To, Cc, Bcc, Subject). */
async function typeSubject(session: PtySession, text: string): Promise<void> {
	session.press(KEY.down, KEY.down, KEY.down, KEY.down, text);
	await session.waitForText(text);
}

describe('the terminal hangs up under the dashboard', () => {
	test('idle: exits at once with the draft saved, without a write loop', async () => {
		const session = open();
		await untilKeysWork(session);
		await typeSubject(session, ' HANGUP-1');
		const {cpuSeconds, exit} = await hangUp(session);
		expectCleanEnd(exit);
		expect(readFileSync(path.join(session.stateDir, 'draft.json'), 'utf8')).toContain('HANGUP-1');
		// The shutdown itself needs a few hundredths of a second; the write loop burnt whole seconds.
		if (cpuSeconds !== undefined) expect(cpuSeconds).toBeLessThan(1);
	});

	test('connected to the sandbox: QUIT or drop, and out at once', async () => {
		const session = open();
		await untilKeysWork(session);
		session.press(KEY.ctrl('s'));
		await session.waitForText('✔ queued');
		await session.waitForText('Inbox (1)');
		// Back to the composer's Subject (the focus is still on the composer after a send).
		await typeSubject(session, ' HANGUP-2');
		const {cpuSeconds, exit} = await hangUp(session);
		expectCleanEnd(exit);
		expect(readFileSync(path.join(session.stateDir, 'draft.json'), 'utf8')).toContain('HANGUP-2');
		if (cpuSeconds !== undefined) expect(cpuSeconds).toBeLessThan(1);
	});
});

describe('a hang-up is said as one, not as the user\'s stop', () => {
	const servers: RawServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map(server => server.close()));
	});

	for (const {how, leave, words} of [
		{how: 'SIGHUP', leave: (session: PtySession) => session.kill('SIGHUP'), words: /^the terminal closed \(SIGHUP\); closing without QUIT: the server has not greeted yet$/},
		{how: 'Ctrl+C', leave: (session: PtySession) => session.press(KEY.ctrl('c')), words: /^closing without QUIT: the server has not greeted yet$/},
	]) {
		test(`${how} while the greeting is awaited: the recording's drop says ${how === 'SIGHUP' ? 'the terminal closed' : 'no more than why no QUIT went'}`, async () => {
			// A server that never greets: no QUIT can go, so the connection is dropped, and the recording says why.
			const silent = await startRawServer(async peer => peer.closed());
			servers.push(silent);
			const file = path.join(tempDir(), 'hung-up.jsonl');
			const session = open({args: ['--host', '127.0.0.1', '--port', String(silent.port), '--no-starttls', '--record', file]});
			await untilKeysWork(session);
			session.press(KEY.ctrl('s'));
			await vi.waitFor(() => expect(silent.peers).toHaveLength(1), {timeout: 10_000});
			// The server's accept comes before the client sees its connection, and only one it saw is dropped (and
			// recorded): left before that (under load), the run has nothing to record.
			await session.waitForText(/connected to 127\.0\.0\.1:\d+/);
			leave(session);
			await session.waitForExit();
			const events = readFileSync(file, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {type: string; message?: string});
			expect(events.at(-1)).toMatchObject({type: 'dropped', message: expect.stringMatching(words)});
		});
	}
});
