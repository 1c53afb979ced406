// `smtp-tui inbox` on a projector: --background light draws no yellow or cyan (the panels' titles and borders, the
// pinned warning), --presenter nothing faint and no times in the list, as the dashboard's flags do; a wrong value is
// refused before any screen.
import {describe, expect, it} from 'vitest';
import {drawColours} from '../helpers/colours.js';
import {runCli} from '../helpers/run-cli.js';
import {startInbox} from './inbox-screen.js';

const YELLOW_OR_CYAN = /\u001B\[(33|36|93|96)m/;
const FAINT = '\u001B[2m';

describe('smtp-tui inbox --background and --presenter', () => {
	drawColours();

	it('--background light: no yellow or cyan, the warning pinned in a colour that reads on white', async () => {
		const dark = await startInbox({listen: '0.0.0.0', anyLogin: true});
		await dark.frame(frame => frame.includes('warning: listening on 0.0.0.0'));
		expect(dark.raw()).toMatch(YELLOW_OR_CYAN);
		const light = await startInbox({listen: '0.0.0.0', anyLogin: true}, undefined, {background: 'light'});
		await light.frame(frame => frame.includes('warning: listening on 0.0.0.0'));
		expect(light.raw()).not.toMatch(YELLOW_OR_CYAN);
	});

	it('--presenter: nothing faint, and no times in the list', async () => {
		const usual = await startInbox({anyLogin: true});
		await usual.send('Exercise 1');
		await usual.frame(frame => /\d\d:\d\d:\d\d Exercise 1 ·/.test(frame));
		expect(usual.raw()).toContain(FAINT);
		const presenter = await startInbox({anyLogin: true}, undefined, {presenter: true});
		await presenter.send('Exercise 1');
		const frame = await presenter.frame(frame => frame.includes('Exercise 1 ·'));
		expect(frame).toMatch(/▸ Exercise 1 ·/);
		expect(presenter.raw()).not.toContain(FAINT);
	});

	it('takes the flags, and refuses a wrong --background before the terminal check', async () => {
		const wrong = await runCli(['inbox', '--background', 'white']);
		expect(wrong.code).toBe(1);
		expect(wrong.stderr).toMatch(/--background must be dark or light, not "white"\nhint: light is for a terminal with a white or pale background/);
		// Known flags: only the missing terminal stops these.
		const known = await runCli(['inbox', '--presenter', '--background', 'light']);
		expect(known.code).toBe(1);
		expect(known.stderr).toMatch(/smtp-tui inbox needs a terminal/);
	});
});
