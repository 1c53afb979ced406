// Leaving the dashboard leaves a summary on the main screen (what became of the messages), and with --transcript
// FILE the session's transcript in FILE: a user who cannot review the full screen before it goes keeps the session.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, tempDir, untilKeysWork, type PtySession} from '../helpers/pty.js';
import {runCli} from '../helpers/run-cli.js';

const open = ptySessions();

/** The dashboard against the sandbox: a message sent with Ctrl+S, in the inbox. */
async function sentOne(args: string[] = []): Promise<PtySession> {
	const session = open({args, cols: 80, rows: 24});
	await untilKeysWork(session);
	session.press(KEY.ctrl('s'));
	await session.waitForText('Inbox (1)');
	return session;
}

describe('what the dashboard leaves on the main screen', () => {
	test('after a message and Ctrl+C: how many were accepted and refused, by which server, and the answer', async () => {
		const session = await sentOne();
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.bufferType()).toBe('normal');
		const screen = session.screenText();
		expect(screen).toMatch(/^smtp-tui: 1 message accepted, 0 refused, by the sandbox \(127\.0\.0\.1:\d+\)$/m);
		expect(screen).toMatch(/^ {2}its answer: 250 2\.6\.0 Ok: queued as 1$/m);
	});

	test('with nothing sent it says so', async () => {
		const session = open();
		await untilKeysWork(session);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.screenText()).toMatch(/^smtp-tui: no message sent to the sandbox \(127\.0\.0\.1:\d+\)$/m);
	});

	test('after SIGHUP nothing is written (there may be no terminal to read it), but --transcript FILE is', async () => {
		const file = path.join(tempDir(), 'session.txt');
		const session = await sentOne(['--transcript', file]);
		session.kill('SIGHUP');
		await session.waitForExit();
		expect(session.screenText()).not.toContain('smtp-tui:');
		expect(readFileSync(file, 'utf8')).toContain('250 2.6.0 Ok: queued as 1');
	});

	test('--transcript FILE holds the session as Ctrl+O saves it, secrets redacted, and the screen says where it went', async () => {
		const file = path.join(tempDir(), 'session.md');
		const session = await sentOne(['--transcript', file]);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		const screen = session.screenText().replace(/\n/g, '');
		expect(screen).toContain(`smtp-tui: transcript written to ${file}`);
		const text = readFileSync(file, 'utf8');
		// .md: the handout, by the file's extension.
		expect(text).toMatch(/^# SMTP session with 127\.0\.0\.1:\d+\n/);
		expect(text).toContain('AUTH PLAIN [redacted]');
		expect(text).not.toContain(Buffer.from('\0demo\0demo').toString('base64'));
	});

	test('--transcript to a path that cannot be written, or "-", is refused before the dashboard opens', async () => {
		const result = await runCli(['--transcript', path.join(tempDir(), 'missing', 'session.txt')]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^smtp-tui: --transcript: cannot write .*missing\/session\.txt: /);
		expect(await runCli(['--transcript', '-'])).toMatchObject({code: 1, stderr: 'smtp-tui: --transcript -: the dashboard writes its transcript to a file when it closes\nhint: give a file name, e.g. --transcript session.txt (a file named "-" is ./-)\n'});
	});

	test('a replay says it sent nothing, and how to print a recording', async () => {
		const session = open({args: ['replay', 'plain-delivery']});
		await untilKeysWork(session, 'STEP');
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.screenText().replace(/\n/g, '')).toContain('smtp-tui: replay ended, nothing was sent; "smtp-tui replay --print FILE" prints a recording as a transcript');
	});
});
