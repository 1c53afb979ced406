// Big and odd-shaped terminals (an ultrawide monitor, a 4K screen with a small font, a tall narrow pane, a wide short
// one) and resize storms between them and a too-small pane, as a tmux pane zoomed and unzoomed over and over: no
// crash, no row left from an earlier frame, and the screen and the shell's scrollback never cleared outside a resize.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

const CLEAR_SCREEN = '\u001B[2J';
const CLEAR_SCROLLBACK = '\u001B[3J';
const TOO_SMALL = /Terminal too small: 60×20/;

/** The frame is whole at this size: the footer on the row above the last, the panels' top border as wide as the screen. */
function wholeAt(screen: string, columns: number, rows: number): boolean {
	const lines = screen.split('\n');
	const top = lines[1] ?? '';
	return / AUTO .*Ctrl\+G help/.test(lines[rows - 2] ?? '') && top.length === columns && top.endsWith('┐') && lines.every(line => line.length <= columns);
}

async function frameAt(session: PtySession, columns: number, rows: number): Promise<string> {
	if (rows < 23) return session.waitForText(TOO_SMALL);
	return session.waitFor(screen => wholeAt(screen, columns, rows) && screen.includes('Inbox (1)') && /Subject\s+STORM/.test(screen), 10_000, `the frame at ${columns}×${rows}`);
}

describe('big and odd-shaped terminals', () => {
	test('a resize storm between 60×20 and 300×90: no crash, no stale rows, the screen a whole redraw draws, no clear while in use', async () => {
		const session = open();
		await untilKeysWork(session);
		await session.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
		// A subject to find on every frame, then a message sent, so the log and the inbox have rows to lay out.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.ctrl('u'), 'STORM');
		await session.waitForText(/Subject\s+STORM/);
		session.press(KEY.ctrl('s'));
		await session.waitForText(/queued as 1/);
		await session.waitForText('Inbox (1)');
		const sizes = [
			[300, 90],
			[60, 20],
			[250, 70],
			[80, 100],
			[60, 20],
			[200, 24],
			[300, 90],
			[90, 60],
			[60, 20],
			[250, 70],
		] as const;
		// A storm: every size at once, as a window dragged, each SIGWINCH arriving while the last frame is drawn.
		for (let round = 0; round < 3; round++) for (const [columns, rows] of sizes) session.resize(columns, rows);
		await frameAt(session, 250, 70);
		// Then each size in turn, its frame awaited: at each, whole and no wider than the screen.
		for (const [columns, rows] of sizes) {
			session.resize(columns, rows);
			const screen = await frameAt(session, columns, rows);
			if (rows < 23) expect(screen).not.toContain('Protocol log');
		}
		session.resize(300, 90);
		await frameAt(session, 300, 90);
		// What the incremental writes left on the screen is what a whole redraw (SIGCONT, see terminal.ts) draws.
		const incremental = session.screenText();
		const mark = session.raw.length;
		session.kill('SIGCONT');
		const redrawn = await session.waitFor(screen => session.raw.slice(mark).includes('\u001B[?1049h') && wholeAt(screen, 300, 90), 10_000, 'the whole frame drawn again');
		expect(redrawn).toBe(incremental);
		const wholeFrame = Buffer.byteLength(session.raw.slice(mark));
		// The shell's scrollback is never wiped, not even by a resize.
		expect(session.raw).not.toContain(CLEAR_SCROLLBACK);
		// In use at 300×90, a letter rewrites its rows, no clear, nothing like a whole frame.
		const before = session.raw.length;
		session.press('X');
		await session.waitForText(/Subject\s+STORMX/);
		const typed = session.raw.slice(before);
		expect(typed).not.toContain(CLEAR_SCREEN);
		expect(Buffer.byteLength(typed)).toBeLessThan(wholeFrame / 5);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});
});
