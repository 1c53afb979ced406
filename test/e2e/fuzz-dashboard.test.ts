// A cat on the keyboard of the real dashboard: the built dist/cli.js in a pseudo-terminal (its own sandbox), random
// keys, pastes, terminal sequences and resizes, and then, at a random point of them, Ctrl+C twice, SIGTERM or
// SIGHUP. It must exit with the documented code (a quit 0, SIGTERM 143, SIGHUP 129; a crash would be 70) and leave
// the terminal as it found it: the alternate screen left, the cursor shown. A failure prints FUZZ_SEED and
// FUZZ_PATH to replay it. Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import fc from 'fast-check';
import {describe, test} from 'vitest';
import {checkFuzz, FUZZ_TIMEOUT, describeStep, fuzzStep} from '../helpers/fuzz.js';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();

// Keys that would reach the connection panel (whose Host the cat could make a name to look up: no test asks DNS)
// or quit (the ending is the test's): the cat never presses them.
const AWAY = [KEY.tab, KEY.shiftTab, '\u001B[27;2;9~', KEY.ctrl('k'), KEY.ctrl('l'), KEY.ctrl('c')];

const ENDINGS = {ctrlC: 0, SIGTERM: 143, SIGHUP: 129} as const;

describe('the dashboard in a real terminal under random keys', () => {
	test('exits with the documented code and restores the terminal, whatever was typed before Ctrl+C, SIGTERM or SIGHUP', async () => {
		await checkFuzz(
			fc.asyncProperty(fc.array(fuzzStep({without: AWAY}), {minLength: 1, maxLength: 25}), fc.constantFrom(...(Object.keys(ENDINGS) as Array<keyof typeof ENDINGS>)), async (steps, ending) => {
				const session = open();
				try {
					await untilKeysWork(session);
					for (const step of steps) {
						if (step.kind === 'resize') session.resize(step.columns, step.rows);
						else session.press(...step.chunks);
					}
					if (ending === 'ctrlC') session.press(KEY.ctrl('c'), KEY.ctrl('c'));
					else session.kill(ending);
					const result = await session.waitForExit(15_000);
					const problems = [
						...(result.code === ENDINGS[ending] && result.signal === undefined ? [] : [`exit ${JSON.stringify(result)}, not ${ENDINGS[ending]}`]),
						...(session.bufferType() === 'normal' ? [] : ['the alternate screen was not left']),
						...(session.cursorVisible() ? [] : ['the cursor was left hidden']),
					];
					if (problems.length > 0) throw new Error(`${problems.join('; ')} after ${ending}\nkeys: ${steps.map(describeStep).join(', ')}\nscreen:\n${session.screenText()}`);
				} finally {
					await session.dispose();
				}
			}),
			3,
		);
	}, FUZZ_TIMEOUT);
});
