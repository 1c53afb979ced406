// smtp-tui --lesson 1 in a real pseudo-terminal: the built CLI against its sandbox, the classic conversation typed
// line by line, each task of the lesson panel ticked as the server answers it, and the message in the inbox.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/** The panel's row of tasks: the row under its title. */
function taskRow(screen: string): string {
	const rows = screen.split('\n');
	return rows[rows.findIndex(row => row.includes('── Lesson 1 of 4')) + 1]?.trimEnd() ?? '';
}

/** Types a line and waits until the panel gives task `next` (or says the lesson is done). */
async function task(session: PtySession, line: string, next: number | 'done'): Promise<string> {
	session.press(line, KEY.enter);
	return session.waitForText(next === 'done' ? 'The classic conversation · done ✔' : `task ${next} of 9`, 10_000);
}

describe('smtp-tui --lesson 1', () => {
	test('the classic conversation typed by hand: every task ticked, the message in the inbox', async () => {
		const session = open({args: ['--lesson', '1']});
		const first = await untilKeysWork(session, 'MANUAL');
		expect(first).toContain('Lesson 1 of 4: The classic conversation · task 1 of 9');
		expect(taskRow(first)).toBe('▸ connect ○ EHLO ○ MAIL ○ RCPT ○ DATA ○ headers ○ body ○ dot ○ QUIT');
		await task(session, '', 2);
		await task(session, 'EHLO client.example.test', 3);
		await task(session, 'MAIL FROM:<you@example.test>', 4);
		await task(session, 'RCPT TO:<friend@example.test>', 5);
		await task(session, 'DATA', 6);
		session.press('From: you@example.test', KEY.enter, 'To: friend@example.test', KEY.enter);
		await task(session, 'Subject: Typed in a lesson', 7);
		session.press('', KEY.enter);
		await task(session, 'Hello from lesson one.', 8);
		await task(session, '.', 9);
		const done = await task(session, 'QUIT', 'done');
		expect(taskRow(done)).toBe('✔ connect ✔ EHLO ✔ MAIL ✔ RCPT ✔ DATA ✔ headers ✔ body ✔ dot ✔ QUIT');
		expect(done).toContain('Ctrl+L: lesson 2, When it goes wrong');
		expect(done).toContain('Inbox (1)');
		expect(done).toMatch(/Typed in a lesson · you@example\.test/);
	});
});
