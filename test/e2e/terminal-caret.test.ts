// The terminal's own cursor sits on the caret of the focused text field (screen readers and magnifiers follow it),
// after incremental redraws too, and is hidden while no text field has the keys (see source/ui/terminal-caret.ts).
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/ or scripts/ink-patch.mjs.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/** Where Ink ends a frame (synchronized output). */
const FRAME_END = '\u001B[?2026l';

type Caret = {x: number; y: number; row: string; inverse: boolean};

/** The terminal's cursor as xterm holds it, with the row it is on and whether that cell is drawn inverse (the caret). */
function cursorOf(session: PtySession): Caret | undefined {
	if (!session.cursorVisible()) return undefined;
	const buffer = session.terminal.buffer.active;
	const line = buffer.getLine(buffer.viewportY + buffer.cursorY);
	return {x: buffer.cursorX, y: buffer.cursorY, row: line?.translateToString(true) ?? '', inverse: line?.getCell(buffer.cursorX)?.isInverse() !== 0};
}

/** Waits until the cursor is shown on the inverse cell just after `text` (typed in a field), and returns it. */
async function caretAfter(session: PtySession, text: string): Promise<Caret> {
	let seen: Caret | undefined;
	await session.waitFor(
		() => {
			seen = cursorOf(session);
			return seen !== undefined && seen.inverse && seen.row.slice(0, seen.x).endsWith(text);
		},
		10_000,
		`the cursor after "${text}" (last: ${JSON.stringify(seen)})`,
	);
	return seen!;
}

/** Whether the program wrote nothing for `ms`. */
async function quietFor(session: PtySession, ms: number): Promise<boolean> {
	const mark = session.raw.length;
	await new Promise(resolve => setTimeout(resolve, ms));
	return session.raw.length === mark;
}

async function hidden(session: PtySession, what: string): Promise<void> {
	await session.waitFor(() => !session.cursorVisible(), 10_000, `the cursor hidden ${what}`);
}

describe('the terminal cursor on the caret', () => {
	test('manual mode: on the command line as it is typed, hidden on the log and under the help, on the panel field Tab reaches', async () => {
		const session = open({args: ['--mode', 'manual']});
		await untilKeysWork(session, 'MANUAL');
		session.press('EHLO');
		await caretAfter(session, '▸ C: EHLO');
		// Each key redraws only the row it changes: the cursor goes back to the caret after that too.
		session.press(' caret');
		const typed = await caretAfter(session, '▸ C: EHLO caret');
		session.press(KEY.left, KEY.left);
		expect((await caretAfter(session, '▸ C: EHLO car')).y).toBe(typed.y);
		// Idle, the cursor costs nothing: no write at all (a second window, should a minute's tick fall in the first).
		await session.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
		expect(await quietFor(session, 1500) || (await quietFor(session, 1500))).toBe(true);
		session.press(KEY.ctrl('g'));
		await session.waitForText('[Keys]');
		await hidden(session, 'under the help');
		session.press(KEY.escape);
		await caretAfter(session, '▸ C: EHLO car');
		// The log takes no text: no cursor.
		session.press(KEY.tab);
		await hidden(session, 'on the log');
		session.press(KEY.tab);
		const host = await caretAfter(session, '127.0.0.1');
		expect(host.row).toMatch(/▸ Host +127\.0\.0\.1/);
		// The typed line would be lost: Ctrl+C asks again.
		session.press(KEY.ctrl('c'), KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.cursorVisible()).toBe(true);
	});

	test('the composer: the cursor moves with the focus from field to field and into the body, at 80×24 too', async () => {
		const session = open({cols: 80, rows: 24});
		await untilKeysWork(session);
		session.press('Q');
		const from = await caretAfter(session, 'you@example.testQ');
		expect(from.row).toContain('▸ From');
		session.press(KEY.down);
		const to = await caretAfter(session, 'friend@example.test');
		expect(to.row).toContain('▸ To');
		expect(to.y).toBe(from.y + 1);
		// Down past Cc, Bcc, Subject and Attach, onto the body's kind, then into the body's first line.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down);
		await hidden(session, 'on the body kind choice');
		session.press(KEY.down, 'W');
		const body = await caretAfter(session, 'W');
		expect(body.y).toBeGreaterThan(to.y + 4);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	// A shorter window redraws the frame whole after clearing the screen (Ink: the last frame was as tall as the
	// window); the cursor went back up from one row higher than that frame leaves it, and sat a row above the caret.
	test.each([
		[100, 30, 80, 24],
		[80, 24, 80, 23],
		[100, 30, 100, 29],
		[100, 30, 120, 34],
	])('the cursor stays on the caret in the body when the window goes from %i×%i to %i×%i', async (cols, rows, newCols, newRows) => {
		const session = open({cols, rows});
		await untilKeysWork(session);
		// Any later frame (the sandbox coming up) puts the cursor right again: only the resize's own frame is tested.
		await session.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.down);
		await hidden(session, 'on the body kind choice');
		session.press(KEY.down, 'W');
		await caretAfter(session, 'W');
		const mark = session.raw.length;
		session.resize(newCols, newRows);
		// The frame for the new size drawn (its footer on the row above the last, its top border as wide as the window),
		// then the cursor on the caret.
		const fits = (screen: string) => {
			const lines = screen.split('\n');
			return / AUTO .*Ctrl\+G help/.test(lines[newRows - 2] ?? '') && (lines[1] ?? '').length === newCols;
		};
		await session.waitFor(screen => session.raw.includes(FRAME_END, mark) && fits(screen), 10_000, `the frame at ${newCols}×${newRows}`);
		await caretAfter(session, 'W');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});
});
