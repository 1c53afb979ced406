// The lesson panel in the dashboard, at 80x24 and 100x30: under manual mode's command line, one task at a time ticked
// off as the sandbox answers, the hint on Ctrl+L, the frame never taller than rows - 1; and without colour.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {stripVTControlCharacters} from 'node:util';
import {LessonPanel, lessonRows} from '../../source/ui/components/lesson-panel.js';
import {textWidth, wrapText} from '../../source/ui/components/display-text.js';
import {LESSONS} from '../../source/lesson/lessons.js';
import {hintOf, lessonReducer, startLesson} from '../../source/lesson/progress.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {createTheme, ThemeContext} from '../../source/ui/theme.js';
import {drawColours} from '../helpers/colours.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {greetAndEhlo, startRawServer, takeOneMessage} from '../helpers/raw-server.js';
import {afterTest, nowhere, sandboxApp, startApp, typeCommands, type TestApp} from './wired-app.js';

/** The frame fits the terminal: rows - 1 tall at most (Ink clears the screen at rows), no row wider than it. */
function fits(frame: string, size: {columns: number; rows: number}): void {
	const rows = frame.split('\n');
	expect(rows.length).toBeLessThanOrEqual(size.rows - 1);
	for (const row of rows) expect(row.length, row).toBeLessThanOrEqual(size.columns);
}

/** The panel's row of tasks. */
const taskRow = (frame: string) => {
	const rows = frame.split('\n');
	return rows[rows.findIndex(row => row.includes('── Lesson')) + 1] ?? '';
};

async function typed(app: TestApp, lines: string[], size: {columns: number; rows: number}, check: (frame: string) => boolean): Promise<string> {
	await typeCommands(app, lines);
	const frame = plain(await app.frame(f => check(plain(f))));
	fits(frame, size);
	return frame;
}

describe.each([
	{columns: 80, rows: 24},
	{columns: 100, rows: 30},
])('the lesson panel at $columns x $rows', size => {
	it('gives the classic conversation one task at a time and ticks each from the reply, to the end', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size, lesson: 0});
		let frame = plain(await app.frame(f => f.includes('task 1 of 9')));
		fits(frame, size);
		expect(frame).toContain('Lesson 1 of 4: The classic conversation');
		expect(taskRow(frame)).toBe('▸ connect ○ EHLO ○ MAIL ○ RCPT ○ DATA ○ headers ○ body ○ dot ○ QUIT');
		expect(frame).toContain('Press Enter on the empty command line: it connects, as telnet would.');
		expect(frame).toContain('Ctrl+L: hint');
		// Under the command line, above the inbox.
		const rows = frame.split('\n');
		expect(rows.findIndex(row => row.includes('Lesson 1 of 4'))).toBeGreaterThan(rows.findIndex(row => row.includes(' C:')));
		expect(rows.findIndex(row => row.includes('Inbox'))).toBeGreaterThan(rows.findIndex(row => row.includes('Lesson 1 of 4')));

		frame = await typed(app, [''], size, f => f.includes('task 2 of 9'));
		expect(taskRow(frame)).toMatch(/^✔ connect ▸ EHLO ○ MAIL/);
		frame = await typed(app, ['EHLO me'], size, f => f.includes('not yet:'));
		expect(frame).toContain('not yet: EHLO wants a full name, with a dot: client.example.test');
		await app.press(KEYS.ctrl('l'));
		frame = plain(await app.frame(f => f.includes('hint: EHLO client.example.test')));
		fits(frame, size);
		frame = await typed(app, ['EHLO client.example.test', 'MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA'], size, f => f.includes('task 6 of 9'));
		// The hint was the EHLO task's: gone with it.
		expect(frame).not.toContain('hint:');
		await app.press('From: you@example.test\r', 'To: friend@example.test\r', 'Subject: Lesson one\r');
		frame = plain(await app.frame(f => plain(f).includes('task 7 of 9')));
		await app.press('\r', 'Hello from the lesson\r');
		frame = plain(await app.frame(f => plain(f).includes('task 8 of 9')));
		fits(frame, size);
		frame = await typed(app, ['.'], size, f => f.includes('task 9 of 9'));
		frame = await typed(app, ['QUIT'], size, f => f.includes('done ✔'));
		expect(taskRow(frame)).toBe('✔ connect ✔ EHLO ✔ MAIL ✔ RCPT ✔ DATA ✔ headers ✔ body ✔ dot ✔ QUIT');
		expect(frame).toContain('MAIL and RCPT are the envelope');
		expect(frame).toContain('Ctrl+L: lesson 2, When it goes wrong (or smtp-tui --lesson failures)');
		expect(app.sandbox.mailbox.list().map(message => message.subject)).toEqual(['Lesson one']);
		// Ctrl+L moves on to lesson 2, whose tasks start afresh (the connection closed).
		await app.press(KEYS.ctrl('l'));
		frame = plain(await app.frame(f => f.includes('Lesson 2 of 4: When it goes wrong · task 1 of 6')));
		fits(frame, size);
	});

	it('opens and closes with Ctrl+L in manual mode: the log gets the rows back', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size});
		const closed = plain(await app.frame(f => f.includes('C:')));
		expect(closed).not.toContain('Lesson');
		await app.press(KEYS.ctrl('l'));
		const open = plain(await app.frame(f => f.includes('Lesson 1 of 4')));
		fits(open, size);
		await app.press(KEYS.ctrl('l'));
		await app.frame(f => f.includes('hint: (Enter on the empty command line)'));
		await app.press(KEYS.ctrl('l'));
		const again = plain(await app.frame(f => !f.includes('Lesson')));
		expect(again.split('\n').filter(row => row.startsWith('│')).length).toBe(closed.split('\n').filter(row => row.startsWith('│')).length);
		// What the session did while it was closed is ticked once it opens again.
		await typeCommands(app, ['', 'EHLO client.example.test']);
		await app.press(KEYS.ctrl('l'));
		const reopened = plain(await app.frame(f => f.includes('task 3 of 9')));
		expect(taskRow(reopened)).toMatch(/^✔ connect ✔ EHLO ▸ MAIL/);
	});
});

describe('Ctrl+S in a lesson', () => {
	it('sends the message, ticks nothing the student did not type, and says so: the Bcc it captured is no task either', async () => {
		const size = {columns: 100, rows: 30};
		const app = await sandboxApp({init: {mode: 'manual', draft: {...SAMPLE_DRAFT, bcc: 'boss@example.test'}}, settings: {security: 'none', user: ''}, size, lesson: 3});
		await app.frame(f => f.includes('task 1 of 8'));
		// Manual mode asks first: the second press sends.
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => plain(f).includes('Ctrl+S again sends'));
		await app.press(KEYS.ctrl('s'));
		const frame = plain(await app.frame(f => plain(f).includes('queued as 1') && plain(f).includes('Ctrl+S sent that for you')));
		fits(frame, size);
		expect(app.sandbox.mailbox.list()).toHaveLength(1);
		expect(frame).toContain('task 1 of 8');
		expect(taskRow(frame)).not.toContain('✔');
	});
});

describe('QUIT in a lesson', () => {
	it("the QUIT that closes Ctrl+S's connection ticks nothing; the one ending a conversation typed is ticked once its 221 comes", async () => {
		let answer = () => {};
		const held = new Promise<void>(resolve => (answer = resolve));
		const server = await startRawServer(async peer => {
			if (server.peers.length === 1) {
				await takeOneMessage(peer);
				return;
			}
			await greetAndEhlo(peer);
			await peer.readLine();
			await held;
			peer.end('221 bye\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({...(await nowhere()), port: server.port}, undefined, {init: {mode: 'manual'}, size: {columns: 100, rows: 30}, lesson: 0});
		await app.frame(f => f.includes('task 1 of 9'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => plain(f).includes('Ctrl+S again sends'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.controller.getSnapshot().session.result?.ok === true);
		// As the connect task's hint says: QUIT closes the connection Ctrl+S opened, then Enter connects by hand.
		await typeCommands(app, ['QUIT']);
		expect(taskRow(plain(await app.frame(() => app.controller.getSnapshot().session.connection === 'closed')))).toBe('▸ connect ○ EHLO ○ MAIL ○ RCPT ○ DATA ○ headers ○ body ○ dot ○ QUIT');
		await typeCommands(app, ['', 'EHLO client.example.test']);
		await app.press('QUIT\r');
		await app.frame(() => app.controller.getSnapshot().session.waiting?.what === 'the reply to QUIT');
		expect(taskRow(plain(app.instance.lastFrame() ?? ''))).toBe('✔ connect ✔ EHLO ▸ MAIL ○ RCPT ○ DATA ○ headers ○ body ○ dot ○ QUIT');
		answer();
		await app.frame(f => taskRow(plain(f)) === '✔ connect ✔ EHLO ▸ MAIL ○ RCPT ○ DATA ○ headers ○ body ○ dot ✔ QUIT');
	});
});

describe('one voice for what comes next', () => {
	it('with the panel open, the command line gives no advice of its own: no "STARTTLS next" after lesson 1\'s EHLO', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {user: ''}, size: {columns: 80, rows: 24}, lesson: 0});
		await app.frame(f => f.includes('task 1 of 9'));
		await typeCommands(app, ['', 'EHLO client.example.test']);
		const frame = plain(await app.frame(f => plain(f).includes('task 3 of 9')));
		expect(frame).toContain('MAIL FROM names the sender');
		expect(frame).not.toContain('now:');
		// Closed, the panel leaves the row to the session's advice again.
		await app.press(KEYS.ctrl('l'), KEYS.ctrl('l'));
		expect(plain(await app.frame(f => !f.includes('Lesson 1 of 4')))).toContain('now: STARTTLS next');
	});
});

describe('the lesson panel without colour (NO_COLOR)', () => {
	drawColours();
	const COLOUR = /\u001B\[(3[0-79]|9[0-7])m/;

	it('draws no colour, and its marks and words say it all', () => {
		const progress = {...lessonReducer(startLesson(0), {type: 'key'}), done: [true, false, false, false, false, false, false, false, false], nudge: 'not yet: that was NOOP; this task wants EHLO'};
		const draw = (env: Record<string, string>) =>
			render(
				<ThemeContext.Provider value={createTheme(env)}>
					<LessonPanel rows={lessonRows(progress, 80)} width={80} />
				</ThemeContext.Provider>,
			).lastFrame() ?? '';
		expect(draw({})).toMatch(COLOUR);
		const raw = draw({NO_COLOR: '1'});
		expect(raw).not.toMatch(COLOUR);
		const frame = stripVTControlCharacters(raw);
		for (const words of ['✔ connect ▸ EHLO ○ MAIL', 'hint: EHLO client.example.test', '· Ctrl+L: close']) expect(frame).toContain(words);
	});
});

describe('a long nudge', () => {
	it('is cut after a word on its second row: the key to the hint stays', () => {
		const nudge = "not yet: AUTH got 501 (authentication cancelled or malformed: PLAIN's is the base64 of NUL, user name, NUL, password; 5.5.4 permanent failure, mail delivery protocol: invalid command arguments)";
		const progress = {...startLesson(2), done: [true, true, true, true, false, false], nudge};
		const rows = lessonRows(progress, 80);
		expect(rows[0]!.text).toMatch(/ · Ctrl\+L: hint ─+$/);
		const nudged = rows.filter(row => row.kind === 'nudge').map(row => row.text);
		expect(nudged).toHaveLength(2);
		expect(nudged[0]).toMatch(/^not yet: AUTH got 501/);
		expect(nudged[1]).toMatch(/\w…$/);
		expect(rows.length).toBeLessThanOrEqual(5);
	});
});

/** The log panel's rows inside its frame: those between its title and its bottom border. */
const logRows = (frame: string) => {
	const rows = frame.split('\n');
	const title = rows.findIndex(row => row.includes('Protocol log'));
	return rows.slice(title + 1, rows.findIndex((row, index) => index > title && row.startsWith('└')));
};

describe('the log beside an open lesson panel at 80x24', () => {
	it('keeps six rows with a nudge showing: the refused command, its reply and what it means', async () => {
		const size = {columns: 80, rows: 24};
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size, lesson: 0});
		await app.frame(f => f.includes('task 1 of 9'));
		const frame = await typed(app, ['', 'EHLO client.example.test', 'RCPT TO:<friend@example.test>'], size, f => f.includes('not yet: RCPT got 503'));
		expect(logRows(frame).length).toBeGreaterThanOrEqual(6);
		const log = logRows(frame).join('\n');
		expect(log).toContain('→ RCPT TO:<friend@example.test>');
		expect(log).toContain('← 503');
	});
});

/** Lesson 2 typed in its order, so the dot line is its last task and the panel says all it taught beside the log. */
async function lessonTwoDone(size: {columns: number; rows: number}): Promise<TestApp> {
	const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, sandbox: {greylistDelayMs: 0}, size, lesson: 1});
	await app.frame(f => f.includes('task 1 of 6'));
	await typeCommands(app, ['', 'EHLO client.example.test', 'MAIL FROM:<you@example.test>', 'RCPT TO:<nobody@example.test>', 'RCPT TO:<grey@example.test>', 'RCPT TO:<grey@example.test>', 'RSET']);
	await typeCommands(app, ['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA']);
	await app.press('Subject: dots\r', '\r', '.signature\r');
	await app.frame(() => app.controller.getSnapshot().bodyLines === 3);
	await typeCommands(app, ['.']);
	await app.frame(f => plain(f).includes('When it goes wrong · done ✔'));
	return app;
}

describe.each([
	{columns: 80, rows: 24},
	{columns: 100, rows: 30},
])('lesson 2\'s dot line at $columns x $rows', size => {
	it('shows the ".." the task points to once Ctrl+Y shows the message\'s lines', async () => {
		const app = await lessonTwoDone(size);
		await app.press(KEYS.ctrl('y'));
		const frame = plain(await app.frame(f => plain(f).includes('..signature')));
		fits(frame, size);
		expect(logRows(frame).join('\n')).toMatch(/^│ +\.\.signature/m);
	});
});

describe('a lesson\'s end at 80x24, a panel focused (the lesson panel 44 columns wide)', () => {
	it('says all that the lesson taught, whole, and the way on in a row', async () => {
		const size = {columns: 80, rows: 24};
		const app = await lessonTwoDone(size);
		// From the command line back past the log and the message.
		await app.press(KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab);
		const frame = plain(await app.frame(f => plain(f).includes('[Connection]') && plain(f).includes('Ctrl+L: lesson 3')));
		fits(frame, size);
		// The right-hand column, the lesson panel's rows among it, read as one text.
		const right = frame.split('\n').map(row => row.slice(36).replace(/[│║]/g, '').trim()).join(' ');
		expect(right).toContain('5xx: refused for good (fix the address); 4xx: try again later (greylisting); RSET starts over.');
		expect(right).toContain('A line that starts with a dot goes doubled, so only a lone "." ends a message.');
		expect(right).toContain('Ctrl+L: lesson 3 (--lesson tls)');
		// The title's lesson name gives way to its end.
		expect(right).toMatch(/── Lesson 2 of 4: When it[^·]*… · done ✔/);
	});
});

describe('the title at 44 columns (beside a focused panel at 80x24)', () => {
	it('keeps where the lesson is, task or done, and the lesson\'s number; the name gives way', () => {
		for (const [index, lesson] of LESSONS.entries()) {
			for (const task of [...lesson.tasks.keys(), lesson.tasks.length]) {
				const [title] = lessonRows({...startLesson(index), done: lesson.tasks.map((_, at) => at < task)}, 44);
				const place = task < lesson.tasks.length ? `task ${task + 1} of ${lesson.tasks.length}` : 'done ✔';
				expect(textWidth(title!.text)).toBeLessThanOrEqual(44);
				expect(title!.text, `${lesson.name}: ${place}`).toMatch(new RegExp(`^── Lesson ${index + 1} of ${LESSONS.length}(: \\S[^·]*)? · ${place} `));
			}
		}
	});
});

describe('lesson 4 at 80x24', () => {
	it('task 4\'s hint outside a message, the connection closed, reads whole: the way in to DATA, not cut mid-phrase', async () => {
		const size = {columns: 80, rows: 24};
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size, lesson: 3});
		await app.frame(f => f.includes('task 1 of 8'));
		await typeCommands(app, ['', 'EHLO client.example.test', 'MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'RCPT TO:<boss@example.test>', 'DATA', '.', 'QUIT']);
		await app.frame(() => app.controller.getSnapshot().session.connection !== 'connected');
		await app.press(KEYS.ctrl('l'));
		const frame = await typed(app, [], size, f => f.includes('task 4 of 8') && f.includes('hint: '));
		const rows = frame.split('\n');
		const start = rows.findIndex(row => row.startsWith('hint: '));
		const hint = rows.slice(start, rows.findIndex((row, index) => index > start && /^[┌╔]/.test(row))).map(row => row.trimEnd()).join(' ');
		expect(hint).toBe("hint: open a message first, then this task's lines: (Enter on the empty command line) → EHLO client.example.test → MAIL FROM:<you@example.test> → RCPT TO:<friend@example.test> → RCPT TO:<boss@example.test> → DATA");
	});

	it('opens each message in the inbox beside the panel: the envelope\'s notes in view, the log\'s frame kept, the frame within the screen', async () => {
		const size = {columns: 80, rows: 24};
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size, lesson: 3});
		await app.frame(f => f.includes('task 1 of 8'));
		const message = async (lines: string[]) => {
			const before = app.sandbox.mailbox.list().length;
			await app.press(...lines.map(line => `${line}\r`));
			await app.frame(() => app.controller.getSnapshot().bodyLines === lines.length);
			await typeCommands(app, ['.']);
			await app.frame(() => app.sandbox.mailbox.list().length > before);
		};
		await typeCommands(app, ['', 'EHLO client.example.test', 'MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'RCPT TO:<boss@example.test>', 'DATA']);
		await message(['To: friend@example.test', 'Subject: Who else?', '', 'hi']);
		await typeCommands(app, ['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA']);
		await message(['From: boss@example.test', 'To: friend@example.test', '', 'hi']);
		let frame = plain(await app.frame(f => plain(f).includes('task 7 of 8')));
		await app.press(KEYS.tab, KEYS.enter);
		frame = plain(await app.frame(f => plain(f).includes('task 8 of 8') && plain(f).includes('! differs from the From: header')));
		fits(frame, size);
		expect(frame).toContain('Protocol log');
		await app.press(KEYS.escape, KEYS.up, KEYS.enter);
		frame = plain(await app.frame(f => plain(f).includes('done ✔') && plain(f).includes('! not in To or Cc (a Bcc recipient)')));
		fits(frame, size);
		expect(frame).toContain('Protocol log');
		expect(frame).toContain('From:, To:, Cc: are what the reader sees; a Bcc is a RCPT TO no header names.');
	});
});

describe('lesson 4, the inbox with the panel closed', () => {
	it('counts a message opened in the inbox while the panel was closed: the student did the task', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}, lesson: 3});
		await app.frame(f => f.includes('task 1 of 8'));
		await typeCommands(app, ['', 'EHLO client.example.test', 'MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA']);
		await app.press(...['From: boss@example.test', 'To: friend@example.test', '', 'hi'].map(line => `${line}\r`));
		await app.frame(() => app.controller.getSnapshot().bodyLines === 4);
		await typeCommands(app, ['.']);
		await app.frame(() => app.sandbox.mailbox.list().length === 1);
		// Closed (the hint first, then the panel), then the message opened in the inbox and let go of.
		await app.press(KEYS.ctrl('l'));
		await app.frame(f => plain(f).includes('hint:'));
		await app.press(KEYS.ctrl('l'));
		await app.frame(f => !plain(f).includes('Lesson 4'));
		await app.press(KEYS.tab, KEYS.enter);
		await app.frame(f => plain(f).includes('! differs from the From: header'));
		// Back to the list, then to the command line (Ctrl+L opens the panel from there).
		await app.press(KEYS.escape);
		await app.frame(f => !plain(f).includes('! differs from the From: header'));
		await app.press(KEYS.shiftTab);
		await app.frame(f => plain(f).includes('Ctrl+L lesson'));
		await app.press(KEYS.ctrl('l'));
		const frame = plain(await app.frame(f => plain(f).includes('Lesson 4')));
		expect(taskRow(frame)).toContain('✔ inbox');
	});
});

describe('the end of a lesson at 80 columns', () => {
	it('says all it taught beside the way on', () => {
		const rows = lessonRows({...startLesson(1), done: [true, true, true, true, true, true]}, 80).map(row => row.text);
		expect(rows.join(' ')).toContain('A line that starts with a dot goes doubled, so only a lone "." ends a message.');
		expect(rows.at(-1)).toBe('Ctrl+L: lesson 3, Encryption and login (or smtp-tui --lesson tls)');
	});

	it('after the last lesson offers the first again, at 80 columns and beside a focused panel (44)', () => {
		const last = {...startLesson(3), done: LESSONS[3]!.tasks.map(() => true)};
		expect(lessonRows(last, 80).at(-1)?.text).toBe('every lesson done · Ctrl+L: lesson 1 again, The classic conversation');
		expect(lessonRows(last, 44).at(-1)?.text).toBe('all done · Ctrl+L: lesson 1 again');
	});
});

describe('every task at 80 columns, its hint shown', () => {
	it('gives what to do in whole lines: short of rows, a line gives way whole, never cut mid-sentence', () => {
		for (const [index, lesson] of LESSONS.entries()) {
			for (const [task, {lines, label}] of lesson.tasks.entries()) {
				const progress = {...startLesson(index), hint: true, done: lesson.tasks.map((_, at) => at < task)};
				const text = lessonRows(progress, 80).filter(row => row.kind === 'text').map(row => row.text);
				const whole = lines.map((_, count) => lines.slice(0, count + 1).flatMap(line => wrapText(line, 80)));
				expect(whole, `${lesson.name}: ${label}: ${text.join(' / ')}`).toContainEqual(text);
			}
		}
	});
});

describe.each([80, 98, 44])('every hint at %i columns', width => {
	it('keeps each line to type whole on a row: never "MAIL" at a row\'s end and "FROM:<…>" on the next', () => {
		for (const [index, lesson] of LESSONS.entries()) {
			for (const [task, {label}] of lesson.tasks.entries()) {
				const progress = {...startLesson(index), hint: true, done: lesson.tasks.map((_, at) => at < task)};
				const shown = lessonRows(progress, width).filter(row => row.kind === 'hint').map(row => row.text);
				const typed = hintOf(progress)!.lines.filter(line => !line.startsWith('('));
				const rows = shown.map(row => row.trimEnd()).join('\n');
				for (const line of typed) {
					// Each space of the line, a row's end in its place: the line broken there.
					for (const {index: at} of line.matchAll(/ /g)) expect(rows, `${lesson.name}: ${label}`).not.toContain(`${line.slice(0, at)}\n${line.slice(at + 1).split(' ')[0]}`);
				}
				// What is shown is still the hint, spaces and all.
				expect(shown.join(' ')).toMatch(/^hint: /);
				expect(shown.join('')).not.toContain('\u00A0');
			}
		}
	});
});
