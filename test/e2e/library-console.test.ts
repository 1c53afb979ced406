// What a library prints through console (html-to-text's console.warn, say) while the dashboard or `smtp-tui inbox`
// is up goes to the screen's log, its escapes shown, never raw over the frame; once the screen is given back,
// console writes to the terminal again.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, tempDir, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/** The dashboard or the inbox, with the library preloaded; `say` has it warn (see helpers/library-console.cjs). */
function withLibrary(args: string[]) {
	const file = path.join(tempDir(), 'says');
	const session = open({args, env: {NODE_OPTIONS: `--require ${path.join(import.meta.dirname, 'helpers/library-console.cjs')}`, LIBRARY_SAYS: file}});
	return {session, say: (words: string) => writeFileSync(file, words)};
}

/** The warning, with a colour escape of its own that must not reach the terminal raw. */
const WARNING = 'Input too long. \u001B[31mred\u001B[0m';

/** Written by console itself, as without a screen: not a log line (`console: ...`) passed on. */
const AT_EXIT = /^the library warns at exit$/m;

async function saidInLog(session: PtySession, say: (words: string) => void) {
	const before = session.raw.length;
	say(WARNING);
	// Short enough for one row of the dashboard's log at 100 columns, its escapes shown as ^[.
	await session.waitForText('console: Input too long. ^[[31mred^[[0m');
	expect(session.bufferType()).toBe('alternate');
	expect(session.raw.slice(before)).not.toContain('\u001B[31mred');
}

describe('a library\'s console output while a full screen is up', () => {
	test('the dashboard: in its log, not over the frame; at exit, on the terminal again', async () => {
		const {session, say} = withLibrary([]);
		await untilKeysWork(session);
		await saidInLog(session, say);
		session.kill('SIGTERM');
		await session.waitForExit(15_000);
		expect(session.bufferType()).toBe('normal');
		expect(session.screenText()).toMatch(AT_EXIT);
	}, 60_000);

	test('smtp-tui inbox: in its log, not over the frame; at exit, on the terminal again', async () => {
		const {session, say} = withLibrary(['inbox', '--port', '0']);
		await session.waitForText(/listening on 127\.0\.0\.1:\d+ /);
		await saidInLog(session, say);
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit(15_000)).code).toBe(0);
		expect(session.bufferType()).toBe('normal');
		expect(session.screenText()).toMatch(AT_EXIT);
	}, 60_000);
});
