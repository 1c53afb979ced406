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

/** The composer's To field (one down from From, where the focus starts), emptied and given `to`. */
async function retypeTo(session: PtySession, to: string): Promise<void> {
	session.press(KEY.down, KEY.ctrl('u'));
	session.press(to);
	// A narrow field shows the end of what it holds.
	await session.waitForText(to.split(', ').at(-1)!);
}

/** Ctrl+S to `to` in place of the To field's addresses, `outcome` in the footer, then Ctrl+C twice (the draft changed). */
async function sendToAndQuit(session: PtySession, to: string, outcome: string): Promise<void> {
	await retypeTo(session, to);
	session.press(KEY.ctrl('s'));
	await session.waitForText(outcome);
	session.press(KEY.ctrl('c'), KEY.ctrl('c'));
	expect(await session.waitForExit()).toMatchObject({code: 0});
}

/** The summary's lines on the main screen, from its first ("smtp-tui: ...") to the last non-empty one. */
function summaryLines(session: PtySession): string[] {
	const lines = session.screenText().split('\n');
	return lines.slice(lines.findIndex(line => line.startsWith('smtp-tui: '))).map(line => line.trimEnd()).filter(Boolean);
}

describe('what the dashboard leaves on the main screen', () => {
	test('after a message and Ctrl+C: which server accepted how many, and the answer', async () => {
		const session = await sentOne();
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.bufferType()).toBe('normal');
		const screen = session.screenText();
		expect(screen).toMatch(/^smtp-tui: the sandbox \(127\.0\.0\.1:\d+\) accepted 1 message$/m);
		expect(screen).toMatch(/^ {2}answer: 250 2\.6\.0 Ok: queued as 1$/m);
	});

	test('the last attempt failed after a message was accepted: the summary says so after the counts, wrapped at spaces', async () => {
		const session = await sentOne();
		await sendToAndQuit(session, 'nobody@example.test', 'Not sent (RCPT)');
		const lines = summaryLines(session);
		expect(lines[0]).toMatch(/^smtp-tui: the sandbox \(127\.0\.0\.1:\d+\) accepted 1 message$/);
		expect(lines[1]).toBe('  answer: 250 2.6.0 Ok: queued as 1');
		expect(lines[2]).toBe('  then not sent (RCPT): nobody@example.test refused (550)');
		// At 80 columns each line ends at a space: the address is whole on one line.
		expect(lines.slice(2).every(line => line.length <= 80 && (line.startsWith('  then') || line.startsWith('    ')))).toBe(true);
		expect(lines.some(line => line.includes('nobody@example.test'))).toBe(true);
	});

	test('a recipient refused beside one accepted is named', async () => {
		const session = open({cols: 80, rows: 24});
		await untilKeysWork(session);
		await sendToAndQuit(session, 'friend@example.test, nobody@example.test', 'Inbox (1)');
		expect(summaryLines(session).join(' ').replace(/ +/g, ' ')).toMatch(/^smtp-tui: the sandbox \(127\.0\.0\.1:\d+\) accepted 1 message answer: 250 2\.6\.0 Ok: queued as 1 · 1 recipient refused \(nobody@example\.test: 550\)$/);
	});

	test('LMTP: delivered to 1 of 2 recipients, the deferred one named, no "accepted" beside its 452', async () => {
		const session = open({args: ['--lmtp'], cols: 100, rows: 30});
		await untilKeysWork(session);
		await sendToAndQuit(session, 'friend@example.test, full@example.test', 'recipients (LMTP)');
		const text = summaryLines(session).join(' ').replace(/ +/g, ' ');
		expect(text).toMatch(/^smtp-tui: the sandbox \(127\.0\.0\.1:\d+\) delivered 1 message answer: delivered to 1 of 2 recipients \(LMTP\) · 1 recipient deferred \(full@example\.test: 452 after the message\): try again later$/);
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
