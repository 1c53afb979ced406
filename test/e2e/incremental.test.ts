// Incremental rendering: a key writes the rows it changes, not the whole frame (over a slow SSH link the difference
// is lag), and what those partial writes leave on the screen is exactly what a whole redraw draws, after resizes too,
// in terminals that erase a full row's last cell too (see scripts/ink-patch.mjs).
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/ or scripts/ink-patch.mjs.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/** Bytes the program wrote while `action` ran and the screen came to show `done`. */
async function bytesFor(session: PtySession, action: () => void, done: RegExp): Promise<number> {
	const start = session.raw.length;
	action();
	await session.waitForText(done);
	return Buffer.byteLength(session.raw.slice(start));
}

/** The frame is drawn top to bottom: it is whole once the footer, its last row, is on the row above the screen's last. */
const whole = (screen: string, rows: number) => / AUTO .*Ctrl\+G help/.test(screen.split('\n')[rows - 2] ?? '');

/** The panels' top border (the second row) spans the terminal's width: not a row left from a wider frame. */
const fits = (screen: string, columns: number) => {
	const top = screen.split('\n')[1] ?? '';
	return top.length === columns && top.endsWith('┐');
};

/**
 * SIGCONT with no stop before it: the screen is cleared and the whole frame drawn again (see terminal.ts). The
 * screen then, and the bytes that drew it.
 */
async function redrawn(session: PtySession, rows: number, expected: RegExp): Promise<{screen: string; bytes: number}> {
	const start = session.raw.length;
	session.kill('SIGCONT');
	const screen = await session.waitFor(screen => session.raw.slice(start).includes('\u001B[?1049h') && whole(screen, rows) && expected.test(screen), 10_000, 'the whole frame drawn again');
	return {screen, bytes: Buffer.byteLength(session.raw.slice(start))};
}

describe('incremental rendering', () => {
	test('a key writes only the rows it changes, and leaves the screen a whole redraw draws', async () => {
		const session = open();
		await untilKeysWork(session);
		// The sandbox starts after the first frame (on a busy machine, seconds after): its rows change when it is up,
		// which a redraw taken later would show and the screen taken before would not.
		await session.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
		// The composer has the focus on From at start; Down goes To, Cc, Bcc, Subject.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down);
		const typed: number[] = [];
		for (const letter of 'ROWS') typed.push(await bytesFor(session, () => session.press(letter), new RegExp(`Subject.*${'ROWS'.slice(0, typed.length + 1)}`)));
		const incremental = session.screenText();
		const redraw = await redrawn(session, 30, /Subject.*ROWS/);
		expect(redraw.screen).toBe(incremental);
		// A whole frame at 100×30 is several KB; a letter changes the field's row, and the footer's at most.
		for (const bytes of typed) expect(bytes).toBeLessThan(redraw.bytes / 5);
		// A changed row is erased from its start (ESC[1G, then ESC[K) before it is written, never after: a row as wide
		// as the terminal leaves the cursor on its last cell, which GNU screen, xterm and VTE would then erase (the
		// right border gone from every redrawn row; xterm.js, which this test reads, keeps it).
		const erases = [...session.raw.matchAll(/\u001B\[K/g)].map(match => session.raw.slice(Math.max(0, match.index - 4), match.index));
		expect(erases.length).toBeGreaterThan(0);
		for (const before of erases) expect(before).toBe('\u001B[1G');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('after resizes (smaller, larger, back) the screen is the one a whole redraw draws', async () => {
		const session = open();
		await untilKeysWork(session);
		// The sandbox starts after the first frame (on a busy machine, seconds after): its rows change when it is up,
		// which a redraw taken later would show and the screen taken before would not.
		await session.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, ' SIZES');
		await session.waitForText(/Subject.*SIZES/);
		for (const [columns, rows] of [
			[80, 24],
			[120, 40],
			[90, 27],
			[100, 30],
			// A pane a few columns narrower (a tmux border dragged): Ink wrote the frame laid out for the old width
			// first, which wrapped and scrolled the screen a row, and the rows written after it left the rail's row stale.
			[99, 30],
			[95, 30],
		] as const) {
			session.resize(columns, rows);
			await session.waitFor(screen => whole(screen, rows) && fits(screen, columns) && /Subject.*SIZES/.test(screen), 10_000, `the frame at ${columns}×${rows}`);
		}
		const incremental = session.screenText();
		expect((await redrawn(session, 30, /Subject.*SIZES/)).screen).toBe(incremental);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});
});
