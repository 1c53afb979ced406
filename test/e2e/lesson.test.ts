// smtp-tui --lesson 1 and 4 in a real pseudo-terminal: the built CLI against its sandbox, the conversation typed line
// by line, each task of the lesson panel ticked as the server answers it (and, in lesson 4, as the inbox shows it).
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/** The panel's row of tasks: the row under its title. */
function taskRow(screen: string, lesson = 1): string {
	const rows = screen.split('\n');
	return rows[rows.findIndex(row => row.includes(`── Lesson ${lesson} of 4`)) + 1]?.trimEnd() ?? '';
}

/** The lesson's line left on the main screen after quitting, its rows (wrapped at spaces, indented) joined again. */
function lessonLine(session: PtySession): string {
	const rows = session.screenText().split('\n').map(row => row.trimEnd());
	const first = rows.findIndex(row => row.startsWith('smtp-tui: lesson '));
	const rest = rows.slice(first + 1);
	const more = rest.findIndex(row => !row.startsWith('    '));
	return [rows[first], ...rest.slice(0, more === -1 ? rest.length : more).map(row => row.trim())].join(' ');
}

/** Types a line and waits until the panel gives task `next` (or says the lesson is done). */
async function task(session: PtySession, line: string, next: number | 'done'): Promise<string> {
	session.press(line, KEY.enter);
	return session.waitForText(next === 'done' ? 'The classic conversation · done ✔' : `task ${next} of 9`, 10_000);
}

/** Types message lines, then the lone "." that ends them, and waits for lesson 4's task `next`. */
async function message(session: PtySession, lines: readonly string[], next: number): Promise<string> {
	for (const line of lines) session.press(line, KEY.enter);
	await session.waitForText(`${lines.length} lines sent`);
	session.press('.', KEY.enter);
	return session.waitForText(`task ${next} of 8`);
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
		// Quit: the main screen keeps the way on that the panel gave.
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(lessonLine(session)).toBe('smtp-tui: lesson 1 (The classic conversation) done; the next: smtp-tui --lesson failures (When it goes wrong)');
	});

	test('quit mid-lesson at 80 columns: the main screen keeps how far it got and the command that starts it again', async () => {
		const session = open({args: ['--lesson', 'classic'], cols: 80, rows: 24});
		await untilKeysWork(session, 'MANUAL');
		await task(session, '', 2);
		session.press(KEY.ctrl('c'));
		await session.waitForText("the lesson's ticks are lost (1 of 9 tasks done)");
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(lessonLine(session)).toBe('smtp-tui: lesson 1 (The classic conversation): 1 of 9 tasks done; smtp-tui --lesson classic starts it again');
	});
});

describe('smtp-tui --lesson envelope', () => {
	test('at 80x24: a Bcc and another From typed by hand, each seen in the inbox, every task ticked', async () => {
		const session = open({args: ['--lesson', 'envelope'], cols: 80, rows: 24});
		const first = await untilKeysWork(session, 'MANUAL');
		expect(first).toContain('Lesson 4 of 4: Envelope and headers · task 1 of 8 · Ctrl+L: hint');
		expect(taskRow(first, 4)).toBe('▸ MAIL ○ two RCPT ○ DATA ○ Bcc ○ again ○ From ○ inbox ○ Bcc seen');
		session.press('', KEY.enter);
		await session.waitForText('220 ');
		session.press('EHLO client.example.test', KEY.enter);
		await session.waitForText('250 SIZE');
		// Enter and EHLO are this task's own way to MAIL: no "not yet" for them (read once a key typed after is drawn).
		session.press('M');
		expect(await session.waitForText(/C: M\s*$/m)).not.toContain('not yet');
		session.press('AIL FROM:<you@example.test>', KEY.enter);
		await session.waitForText('task 2 of 8');
		session.press('RCPT TO:<friend@example.test>', KEY.enter);
		await session.waitForText('one recipient so far');
		session.press('RCPT TO:<boss@example.test>', KEY.enter);
		await session.waitForText('task 3 of 8');
		session.press('DATA', KEY.enter);
		await session.waitForText('task 4 of 8');
		// The Bcc: boss@ in the envelope, in no header.
		const bcc = await message(session, ['To: friend@example.test', 'Subject: Who else?', '', 'Only the envelope knows.'], 5);
		expect(bcc).toContain('Inbox (1)');
		session.press('MAIL FROM:<you@example.test>', KEY.enter, 'RCPT TO:<friend@example.test>', KEY.enter, 'DATA', KEY.enter);
		await session.waitForText('task 6 of 8');
		await message(session, ['From: boss@example.test', 'To: friend@example.test', 'Subject: Who sent it?', '', 'Signed boss.'], 7);
		// In the inbox: the newest message opened, then the one before; Ctrl+L gives the hint there.
		session.press(KEY.tab, KEY.enter);
		await session.waitForText('task 8 of 8');
		await session.waitForText('! differs from the From: header');
		session.press(KEY.ctrl('l'));
		expect(await session.waitForText('hint: (Esc: back to the Inbox list)')).toContain('· Ctrl+L: close');
		// Each key once the one before it is drawn: Esc with the Up after it in one read would be Alt+Up.
		session.press(KEY.escape);
		await session.waitForText(/▸ .*Who sent it\?/);
		session.press(KEY.up);
		await session.waitForText(/▸ .*Who else\?/);
		session.press(KEY.enter);
		await session.waitForText('Envelope and headers · done ✔');
		const done = await session.waitForText('! not in To or Cc (a Bcc recipient)');
		expect(taskRow(done, 4)).toBe('✔ MAIL ✔ two RCPT ✔ DATA ✔ Bcc ✔ again ✔ From ✔ inbox ✔ Bcc seen');
		expect(done).toContain('Ctrl+L: lesson 1 again');
		// The first lesson again, on the connection still open: its greeting and EHLO count, lesson 4's messages do not.
		session.press(KEY.ctrl('l'));
		const again = await session.waitForText('Lesson 1 of 4: The classic conversation · task 3 of 9');
		expect(taskRow(again, 1)).toBe('✔ connect ✔ EHLO ▸ MAIL ○ RCPT ○ DATA ○ headers ○ body ○ dot ○ QUIT');
	});
});
