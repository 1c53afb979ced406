// What the dashboard writes to its terminal, for sysadmins on a slow SSH link (a train, hotel Wi-Fi, tethering):
// nothing at all while nothing is awaited, one row a second while a reply is, and a row or so for a key typed in the
// body editor, against the several KB of a whole frame. (A letter in Subject: incremental.test.ts.)
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';
import {startRawServer} from '../helpers/raw-server.js';

const open = ptySessions();

// Ink draws each frame between these (synchronized output); Ink erases each row it rewrites first (ESC[1G ESC[K).
const FRAME_END = '\u001B[?2026l';
const ROW_WRITE = '\u001B[1G\u001B[K';

/** The bytes of the first frame, drawn whole on an empty screen: what a frame costs. */
function firstFrameBytes(session: PtySession): number {
	const end = session.raw.indexOf(FRAME_END);
	expect(end).toBeGreaterThan(0);
	return Buffer.byteLength(session.raw.slice(0, end + FRAME_END.length));
}

/** What the program wrote from `mark` (an index into its output) on: its bytes, and the rows it rewrote. */
function writtenSince(session: PtySession, mark: number): {bytes: number; rows: number} {
	const written = session.raw.slice(mark);
	return {bytes: Buffer.byteLength(written), rows: written.split(ROW_WRITE).length - 1};
}

describe('bytes written to the terminal', () => {
	test('idle with nothing awaited: nothing written, over three ticks of a wait clock; the wait clock itself: one row a tick', async () => {
		// A server that never greets: a dashboard in manual mode, connected, waits on its greeting, and counts the seconds in the
		// footer (`waiting 2/30 s for the greeting`). Its ticks are the clock this test reads time by.
		const server = await startRawServer(async peer => peer.closed());
		try {
			const idle = open();
			await untilKeysWork(idle);
			// The sandbox starts after the first frame: its rows change once it is up.
			await idle.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
			const waiting = open({args: ['--mode', 'manual', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls']});
			await untilKeysWork(waiting, 'MANUAL');
			// Enter on the empty command line connects.
			waiting.press(KEY.enter);
			// Counted aloud from 2 s on; read whichever count is on screen (a busy machine may poll past one).
			const first = Number(/waiting (\d+)\/30 s/.exec(await waiting.waitForText(/waiting \d+\/30 s/))![1]);
			const idleMark = idle.raw.length;
			const waitingMark = waiting.raw.length;
			const count = (screen: string) => Number(/waiting (\d+)\/30 s/.exec(screen)?.[1] ?? 0);
			// At least three seconds on: a busy machine may draw 5 right after 3, so wait for any count past it.
			const seen = count(await waiting.waitFor(screen => count(screen) >= first + 3, 10_000, `a count of ${first + 3} s or more`)) - first;
			// Three seconds went by (the other dashboard's clock said so) and the idle one wrote not a byte.
			expect(idle.raw.slice(idleMark)).toBe('');
			// Each tick rewrote the footer's row alone: a digit changed, not the frame (no more rows than seconds counted).
			const ticks = writtenSince(waiting, waitingMark);
			expect(ticks.rows).toBeGreaterThanOrEqual(1);
			expect(ticks.rows).toBeLessThanOrEqual(seen);
			expect(ticks.bytes / ticks.rows).toBeLessThan(firstFrameBytes(waiting) / 10);
			for (const session of [idle, waiting]) session.press(KEY.ctrl('c'));
			expect((await idle.waitForExit()).code).toBe(0);
		} finally {
			await server.close();
		}
	});

	test('a letter typed in the body editor rewrites its row, not the frame', async () => {
		const session = open();
		await untilKeysWork(session);
		await session.waitForText(/sandbox at 127\.0\.0\.1:\d+/);
		// From the composer's From: down past To, Cc, Bcc, Subject and Attach onto the body's kind, then into the body.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.down);
		await session.waitForText(/▸ body/);
		for (const letter of 'WV') {
			const mark = session.raw.length;
			session.press(letter);
			await session.waitForText(new RegExp(`^║ ${letter === 'W' ? 'W' : 'WV'}Hi!`, 'm'));
			const typed = writtenSince(session, mark);
			expect(typed.rows).toBe(1);
			expect(typed.bytes).toBeLessThan(firstFrameBytes(session) / 10);
		}
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});
});
