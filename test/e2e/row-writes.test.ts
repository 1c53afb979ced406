// What rewriting rows costs on a slow SSH link. Ink rewrites a changed row whole, and most of a panel's row is blanks
// up to its border: over the row just erased, a run of blanks is sent as a cursor move (scripts/blank-runs.mjs): the
// help opened at 200×50 wrote 12.3 KB, three times the rows' own text; it writes 5.4 KB. And the cells on screen are
// the ones a whole redraw draws, colours included. Between the rows it rewrites, Ink steps over the others one move
// each: a run of them is one move now.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing scripts/.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type Matcher, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/**
 * The least a terminal could be sent for the rows that changed: each row's text, with its runs of five or more
 * blanks as a five-byte cursor move, and eight bytes to reach it. No colours.
 */
function leastFor(before: string[], after: string[]): number {
	return after.reduce((sum, row, index) => (row === before[index] ? sum : sum + Buffer.byteLength(row.trimEnd().replaceAll(/ {5,}/g, '12345')) + 8), 0);
}

/** Every cell of the screen: its text and what shows on it (background, inverse, underline), row by row. */
function cells(session: PtySession): string[] {
	const buffer = session.terminal.buffer.active;
	const rows: string[] = [];
	for (let y = 0; y < session.terminal.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		let row = '';
		for (let x = 0; x < session.terminal.cols; x++) {
			const cell = line?.getCell(x);
			row += cell ? `${cell.getChars() || ' '}${cell.getBgColorMode()}:${cell.getBgColor()}${cell.isInverse() ? 'i' : ''}${cell.isUnderline() ? 'u' : ''}|` : '?';
		}
		rows.push(row);
	}
	return rows;
}

/** The dashboard at 200×50 (a big window over SSH), keys reaching it, its sandbox up (its rows change then). */
async function bigDashboard(): Promise<PtySession> {
	const session = open({cols: 200, rows: 50});
	await untilKeysWork(session);
	await session.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
	return session;
}

/** The bytes `key` made the program write until the screen showed `done`, and the least for the rows it changed. */
async function costOf(session: PtySession, key: string, done: Matcher): Promise<{bytes: number; least: number}> {
	await session.settled();
	const before = session.screenLines();
	const mark = session.raw.length;
	session.press(key);
	await session.waitForText(done);
	return {bytes: Buffer.byteLength(session.raw.slice(mark)), least: leastFor(before, session.screenLines())};
}

describe('rows rewritten', () => {
	test('the help opened at 200×50: under twice the changed rows\' text, and the cells a whole redraw draws', async () => {
		const session = await bigDashboard();
		const {bytes: written, least} = await costOf(session, KEY.ctrl('g'), '[Keys]');
		expect(least).toBeGreaterThan(2000);
		// Every row of the frame changed; sent whole, their blanks made the write three times this least.
		expect(written).toBeLessThan(2 * least);
		// A whole redraw (SIGCONT with no stop before it: the screen cleared, every row written anew).
		const incremental = cells(session);
		const redrawMark = session.raw.length;
		session.kill('SIGCONT');
		await session.waitFor(screen => session.raw.slice(redrawMark).includes('\u001B[?1049h') && screen.includes('[Keys]') && / AUTO .*Esc close/.test(screen), 10_000, 'the frame drawn again');
		expect(cells(session)).toEqual(incremental);
		session.press(KEY.escape);
		await session.waitFor(screen => !screen.includes('[Keys]'), 10_000, 'the help to close');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('a letter typed in the Subject at 200×50: its row, and one cursor move over the rows above and below it', async () => {
		const session = await bigDashboard();
		// From, To, Cc, Bcc, Subject.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down);
		await session.waitForText(/▸ Subject/);
		const {bytes, least} = await costOf(session, 'Q', /Subject +Hello from smtp-tuiQ/);
		// The row, the frame's marks and the caret: three times the row's text; stepping over the 48 other rows one by
		// one made it over five times.
		expect(bytes).toBeLessThan(3.5 * least);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('the whole frame drawn again on a cleared screen (a tmux re-attached smaller, fg after a stop): under twice its text', async () => {
		const session = await bigDashboard();
		// The frame is whole once the footer, its last row, is on the row above the screen's last.
		const whole = (rows: number) => (screen: string) => / AUTO .*Ctrl\+G help/.test(screen.split('\n')[rows - 2] ?? '');
		const shrinkMark = session.raw.length;
		session.resize(160, 45);
		await session.waitFor(screen => session.raw.slice(shrinkMark).includes('\u001B[2J') && whole(45)(screen) && (screen.split('\n')[1] ?? '').trimEnd().length === 160, 10_000, 'the frame at 160×45');
		await session.settled();
		const shrunk = Buffer.byteLength(session.raw.slice(shrinkMark));
		const least = leastFor([], session.screenLines());
		expect(least).toBeGreaterThan(2000);
		expect(shrunk).toBeLessThan(2 * least);
		const cellsShrunk = cells(session);
		const redrawMark = session.raw.length;
		session.kill('SIGCONT');
		await session.waitFor(screen => session.raw.slice(redrawMark).includes('\u001B[?1049h') && whole(45)(screen), 10_000, 'the frame drawn again');
		expect(Buffer.byteLength(session.raw.slice(redrawMark))).toBeLessThan(2 * least);
		expect(cells(session)).toEqual(cellsShrunk);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});
});
