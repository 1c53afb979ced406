// Keys typed during a lag on an SSH link arrive in one burst, which the link and the pty cut into reads anywhere,
// in the middle of an arrow's bytes too. Each key must still act once, in order: an arrow cut after its ESC is an
// arrow, not Esc (which closes the help, stops a step-mode session, leaves an open message) and then the arrow.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/ or scripts/ink-patch.mjs.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/** How many of the help's rows are above the ones shown, as its scroll line says (none: at its top). */
const above = (screen: string) => Number(/↑ (\d+) above/.exec(screen)?.[1] ?? 0);

/** Writes `reads` one at a time, each after a pause: the program reads each apart (a burst cut by the link). */
async function writeApart(session: PtySession, reads: string[]): Promise<void> {
	for (const read of reads) {
		session.press(read);
		await new Promise(resolve => setTimeout(resolve, 30));
	}
}

describe('a burst of keys cut into reads', () => {
	test('Down ×3 and PgDn cut after an ESC, after ESC [ and inside PgDn scroll the help as the keys whole do, and it stays open', async () => {
		const session = open();
		await untilKeysWork(session);
		// The help opens at the focused panel's keys, some rows down.
		session.press(KEY.ctrl('g'));
		const opened = above(await session.waitForText('[Keys]'));
		// Down, Down, Down, PgDn, as a lagging link may hand them over.
		await writeApart(session, [`${KEY.down}\u001B`, `[B\u001B[`, `B\u001B[6`, '~']);
		const scrolled = above(await session.waitFor(screen => above(screen) > opened + 3, 10_000, 'the help scrolled by a page'));
		// The help stayed open (an Esc would have closed it); opened again, it starts where it did, and the same keys,
		// each whole and in one read, scroll it as far.
		expect(session.screenText()).toContain('[Keys]');
		session.press(KEY.escape);
		await session.waitFor(screen => !screen.includes('[Keys]'), 10_000, 'the help to close');
		session.press(KEY.ctrl('g'));
		await session.waitFor(screen => screen.includes('[Keys]') && above(screen) === opened, 10_000, 'the help opened again');
		session.press(`${KEY.down}${KEY.down}${KEY.down}${KEY.pageDown}`);
		await session.waitFor(screen => above(screen) === scrolled, 10_000, `the help ${scrolled} rows down`);
		session.press(KEY.escape);
		await session.waitFor(screen => !screen.includes('[Keys]'), 10_000, 'the help to close');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('50 keys in one read (typing, arrows, Enter, PgDn ×10, Tab ×3) end where the same keys one read each do', async () => {
		const keys = [...Array.from({length: 7}, () => KEY.down), ...'hello world', KEY.left, KEY.left, KEY.left, 'X', KEY.enter, 'a', 'b', KEY.up, KEY.up, 'c', KEY.right, 'd', 'e', KEY.tab, KEY.tab, KEY.tab, ...Array.from({length: 10}, () => KEY.pageDown), KEY.pageUp, KEY.tab, KEY.down, 'Z', KEY.up, 'Y'];
		expect(keys).toHaveLength(50);
		// The times and the sandbox's port differ between two runs; nothing else may.
		const settledScreen = async (session: PtySession) => {
			// Settled: nothing written for a second (keys in one read may be drawn in several frames).
			for (let last = -1; last !== session.raw.length; ) {
				last = session.raw.length;
				await new Promise(resolve => setTimeout(resolve, 1000));
			}
			return (await session.waitFor(() => true)).replaceAll(/\d\d:\d\d:\d\d/g, 'hh:mm:ss').replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:port');
		};
		const apart = open();
		const burst = open();
		await Promise.all([untilKeysWork(apart), untilKeysWork(burst)]);
		await Promise.all([apart, burst].map(session => session.waitForText(/sandbox at 127\.0\.0\.1:\d+/)));
		burst.press(keys.join(''));
		await writeApart(apart, keys);
		const [one, each] = await Promise.all([settledScreen(burst), settledScreen(apart)]);
		expect(one).toMatch(/heZllo woX\s/);
		expect(one).toBe(each);
	});
});
