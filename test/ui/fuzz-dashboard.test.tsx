// A cat on the keyboard: seeded random keys, pastes, terminal sequences and resizes into the dashboard (its state,
// key router and layout; session keys recorded), checking after each step what must always hold. A failure prints
// FUZZ_SEED and FUZZ_PATH to replay it (see test/helpers/fuzz.ts).
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {MODES, type Mode} from '../../source/ui/keys/bindings.js';
import {checkFuzz, errorTrap, fuzzStep, labelsWithoutKeys, playSteps, type FuzzStep, type Size, type StepOptions} from '../helpers/fuzz.js';
import {modeMissing, stateProblem} from '../helpers/fuzz-invariants.js';
import {KEYS, startApp} from './app-harness.js';

/** Plays random steps from `options` into a fresh dashboard in `mode` at `size`, after `first` keys. */
async function fuzzDashboard({options = {}, size = {columns: 100, rows: 30}, first = [], runs}: {options?: StepOptions; size?: Size; first?: string[]; runs: number}): Promise<void> {
	await checkFuzz(
		fc.asyncProperty(fc.constantFrom(...MODES), fc.array(fuzzStep(options), {minLength: 1, maxLength: 30}), async (mode: Mode, steps: FuzzStep[]) => {
			const app = startApp({init: {mode}, screen: {size}});
			const trap = errorTrap();
			trap.start();
			try {
				await app.press(...first);
				const screen = {press: app.press, resize: (next: Size) => app.update({size: next}), lastFrame: app.lastFrame};
				await playSteps(screen, steps, size, trap.errors, now => stateProblem(app.state()) ?? modeMissing(app.lastFrame(), now));
			} finally {
				trap.stop();
				app.unmount();
			}
		}),
		runs,
	);
}

describe('the dashboard under random keys', () => {
	it('presses every key of the binding table (a new binding gets its sequence in test/helpers/fuzz.ts)', () => {
		expect(labelsWithoutKeys()).toEqual([]);
	});

	it('keeps its invariants: no error, a frame that fits, header fields on one line, cursors inside their text, a mode', async () => {
		await fuzzDashboard({runs: 15});
	}, 120_000);

	it('keeps them with the help open (Ctrl+G and ? pressed often)', async () => {
		await fuzzDashboard({options: {favour: [KEYS.ctrl('g'), '?', KEYS.escape, 'q']}, size: {columns: 80, rows: 24}, first: [KEYS.ctrl('g')], runs: 8});
	}, 120_000);

	it('keeps them in the composer, where edits and undo go (Ctrl+Z, Ctrl+_ pressed often)', async () => {
		const composerKeys = [KEYS.ctrl('z'), '\u001F', KEYS.ctrl('n'), KEYS.ctrl('r'), KEYS.down, KEYS.up, KEYS.enter, KEYS.backspace, KEYS.ctrl('w'), KEYS.ctrl('u')];
		await fuzzDashboard({options: {favour: composerKeys, without: [KEYS.tab, KEYS.shiftTab, KEYS.ctrl('t')]}, runs: 10});
	}, 120_000);
});
