// A refused login shown on the dashboard's own sandbox, with no serve of its own: the sandbox knows one account, and
// the connection panel (while User or Password is edited), the help and lesson 3 say that another password gets 535.
import {describe, expect, it} from 'vitest';
import {helpLines} from '../../source/ui/components/help-overlay.js';
import {LESSONS} from '../../source/lesson/lessons.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {nowhere, sandboxApp, startApp} from './wired-app.js';

/** The frame as one line: a note wraps onto rows of its own. */
const flat = (frame: string) => plain(frame).replace(/[│║]/g, ' ').replace(/\s+/g, ' ');
/** The note's words as the panel wraps them: its first words, on the row after the fields. */
const NOTE_START = 'the sandbox takes its own account only';

describe("the sandbox's login", () => {
	for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
		it(`is said under the Password field while it is edited, and another password gets 535 (${size.columns}x${size.rows})`, async () => {
			const app = await sandboxApp({size});
			await app.press(KEYS.shiftTab);
			await app.frame(f => f.includes('[Connection]'));
			await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down);
			const frame = flat(await app.frame(f => flat(f).includes(NOTE_START)));
			expect(frame).toContain('a refused login (535)');
			// The demo: a wrong password, Ctrl+S, the server's 535.
			await app.press(KEYS.ctrl('u'), 'wrong', KEYS.ctrl('s'));
			await app.frame(f => flat(f).includes('Not sent (AUTH 535)'), 10_000);
		});
	}

	it('is not said for another server', async () => {
		const app = startApp(await nowhere(), undefined);
		await app.press(KEYS.shiftTab, KEYS.down, KEYS.down, KEYS.down, KEYS.down);
		const frame = await app.frame(f => /▸ Password/.test(plain(f)));
		expect(flat(frame)).not.toContain(NOTE_START);
	});

	it('is in the help beside the test recipients while the built-in sandbox is the target, not for a room\'s serve', () => {
		const text = (sandbox: true | 'served') => helpLines(undefined, {sandbox}).map(line => `${line.keys ?? ''} ${line.text}`).join('\n');
		expect(text(true)).toContain('Sandbox login');
		expect(text(true)).toMatch(/demo\/demo +Its account/);
		expect(text(true)).toContain('gets 535 at AUTH');
		// A room's serve may have been given another account.
		expect(text('served')).not.toContain('Sandbox login');
	});

	it('lesson 3 says what a wrong password gets', () => {
		const auth = LESSONS[2]!.tasks.find(task => task.label === 'AUTH')!;
		expect(auth.lines.join(' ')).toContain('a wrong password gets 535');
	});
});
