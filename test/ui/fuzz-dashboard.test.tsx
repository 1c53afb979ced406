// A cat on the keyboard: seeded random keys, pastes, terminal sequences and resizes into the dashboard (its state,
// key router and layout; session keys recorded), checking after each step what must always hold. A failure prints
// FUZZ_SEED and FUZZ_PATH to replay it (see test/helpers/fuzz.ts).
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {MODES, type Mode} from '../../source/ui/keys/bindings.js';
import {checkFuzz, FUZZ_TIMEOUT, errorTrap, fuzzStep, labelsWithoutKeys, playSteps, type FuzzStep, type Size, type StepOptions} from '../helpers/fuzz.js';
import {modeMissing, stateProblem} from '../helpers/fuzz-invariants.js';
import {fieldValue} from '../../source/ui/components/form-state.js';
import {flushInput} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';

/** Plays random steps from `options` into a fresh dashboard (any mode, presenter or not) at `size`, after `first` keys. */
async function fuzzDashboard({options = {}, size = {columns: 100, rows: 30}, first = [], runs}: {options?: StepOptions; size?: Size; first?: string[]; runs: number}): Promise<void> {
	await checkFuzz(
		fc.asyncProperty(fc.constantFrom(...MODES), fc.boolean(), fc.boolean(), fc.array(fuzzStep(options), {minLength: 1, maxLength: 30}), async (mode: Mode, presenter: boolean, pastesMarked: boolean, steps: FuzzStep[]) => {
			// Presenter mode's layout, and a terminal known to mark its pastes (an unmarked line break is then Enter).
			const app = startApp({init: {mode, presenter}, screen: {size}, pastesMarked});
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

/** Keys that edit the composer, pressed often where the composer is the target. */
const COMPOSER_KEYS = [KEYS.ctrl('z'), '\u001F', KEYS.ctrl('n'), KEYS.ctrl('r'), KEYS.down, KEYS.up, KEYS.enter, KEYS.backspace, KEYS.ctrl('w'), KEYS.ctrl('u')];
/** Keys that take the focus out of the composer (Tab, Shift+Tab, its modifyOtherKeys form, and a mode change). */
const LEAVING_COMPOSER = [KEYS.tab, KEYS.shiftTab, '\u001B[27;2;9~', KEYS.ctrl('t')];

describe('the dashboard under random keys', () => {
	it('presses every key of the binding table (a new binding gets its sequence in test/helpers/fuzz.ts)', () => {
		expect(labelsWithoutKeys()).toEqual([]);
	});

	it('keeps its invariants: no error, a frame that fits, header fields on one line, cursors inside their text, a mode', async () => {
		await fuzzDashboard({runs: 15});
	}, FUZZ_TIMEOUT);

	it('keeps them with the help open (Ctrl+G and ? pressed often)', async () => {
		await fuzzDashboard({options: {favour: [KEYS.ctrl('g'), '?', KEYS.escape, 'q']}, size: {columns: 80, rows: 24}, first: [KEYS.ctrl('g')], runs: 8});
	}, FUZZ_TIMEOUT);

	it('keeps them in the composer, where edits and undo go (Ctrl+Z, Ctrl+_ pressed often)', async () => {
		await fuzzDashboard({options: {favour: COMPOSER_KEYS, without: LEAVING_COMPOSER}, runs: 10});
	}, FUZZ_TIMEOUT);

	it('undoes every change: Ctrl+Z pressed as often as there were steps brings the message back as it was', async () => {
		const values = (app: ReturnType<typeof startApp>) => app.state().composer.fields.map(field => `${field.id}: ${fieldValue(field)}`);
		await checkFuzz(
			fc.asyncProperty(fc.array(fuzzStep({favour: COMPOSER_KEYS, without: LEAVING_COMPOSER, resizes: false}), {minLength: 1, maxLength: 30}), async steps => {
				const app = startApp();
				const trap = errorTrap();
				trap.start();
				try {
					const before = values(app);
					await playSteps({press: app.press, resize: () => undefined, lastFrame: app.lastFrame}, steps, {columns: 100, rows: 30}, trap.errors, () => stateProblem(app.state()));
					// Out of the help and the preview, where Ctrl+Z is no key; then back a step per step taken, and one more.
					await app.press(KEYS.escape, KEYS.escape, ...Array.from({length: steps.length + 1}, () => KEYS.ctrl('z')));
					await flushInput();
					expect(values(app)).toEqual(before);
				} finally {
					trap.stop();
					app.unmount();
				}
			}),
			10,
		);
	}, FUZZ_TIMEOUT);
});
