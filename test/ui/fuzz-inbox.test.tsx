// A cat on the keyboard of `smtp-tui inbox`: seeded random keys, pastes, terminal sequences and resizes over a
// real sandbox holding mail (a plain message, an HTML one with an attachment, one with long and dotted lines), drawn
// as usual or for --presenter.
// After each step: no error, a frame drawn within the terminal; at the end Ctrl+C twice stops it. A failure prints
// FUZZ_SEED and FUZZ_PATH to replay it.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {checkFuzz, FUZZ_TIMEOUT, errorTrap, fuzzStep, playSteps} from '../helpers/fuzz.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {startInbox} from './inbox-screen.js';

const home = process.cwd();
beforeAll(() => {
	// s in a message saves it into the current folder: a folder of the test's own.
	process.chdir(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-fuzz-inbox-')));
});
afterAll(() => process.chdir(home));

// q at the list and Ctrl+C stop the server: pressed by the test at the end, not by the cat.
const QUIT = ['q', KEYS.ctrl('c')];

describe('the inbox under random keys', () => {
	it('draws within the terminal without an error, and stops on Ctrl+C twice', async () => {
		await checkFuzz(
			fc.asyncProperty(fc.boolean(), fc.array(fuzzStep({without: QUIT, favour: [KEYS.enter, KEYS.escape, KEYS.right, KEYS.left, KEYS.down, 'z', 's']}), {minLength: 1, maxLength: 25}), async (presenter, steps) => {
				const size = {columns: 100, rows: 30};
				const inbox = await startInbox({anyLogin: true}, size, {presenter});
				await inbox.send('plain one');
				await inbox.sendMail({from: 'Zoë Ünïcode <zoe@example.test>', to: 'a@example.test, b@example.test', subject: '日本語の件名 👩‍💻', html: '<p>Hello <b>there</b> <a href="https://example.test/x">link</a></p><table><tr><td>a</td><td>b</td></tr></table>', attachments: [{filename: 'note.txt', content: 'attached'}]});
				await inbox.sendMail({from: 'dots@example.test', to: 'c@example.test', subject: 'dots', text: `.leading dot\n..two\n${'long '.repeat(400)}\n\u0000nul and \u001B[31mcolour\n.`});
				await inbox.frame(frame => frame.includes('dots'));
				const trap = errorTrap();
				trap.start();
				try {
					await playSteps(inbox, steps, size, trap.errors);
					await inbox.press(KEYS.ctrl('c'), KEYS.ctrl('c'));
					if (inbox.quits() === 0) throw new Error(`Ctrl+C twice did not stop the inbox\nframe:\n${plain(inbox.lastFrame())}`);
					if (trap.errors[0]) throw new Error(trap.errors[0]);
				} finally {
					trap.stop();
				}
			}),
			6,
		);
	}, FUZZ_TIMEOUT);
});
