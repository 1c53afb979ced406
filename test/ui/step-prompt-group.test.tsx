// Step mode with --pipeline: the prompt says what the group is, shows its lines a row each as far as the screen
// spares them (the rest counted), explains pipelining, and keeps its keys where the footer cannot show them.
import React from 'react';
import chalk from 'chalk';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Dashboard, dashboardKeyContext, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {createTheme, ThemeContext} from '../../source/ui/theme.js';
import {strayTextHint} from '../../source/ui/key-hints.js';
import {groupVerbs} from '../../source/text/pipelined-group.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps, snapshot, stepsAt} from './dashboard-fixtures.js';

const group = ['MAIL FROM:<a@qa.test> SIZE=432', 'RCPT TO:<x@qa.test>', 'RCPT TO:<y@qa.test>', 'RCPT TO:<z@qa.test>', 'DATA'];
const proposed = {command: {verb: 'MAIL', from: 'a@qa.test'} as const, display: group.join(' ⏎ '), fixed: true as const, step: 'mail' as const, group};
/** Step mode before the group: MAIL waits for Enter, the steps before it done. */
const steps = stepsAt('mail', {mail: {status: 'pending'}});
const at = (columns: number, rows: number, overrides: Partial<DashboardProps> = {}) => dashboardProps({size: {columns, rows}, mode: 'step', snapshot: snapshot({proposed, steps}), ...overrides});
const rawFrame = (props: DashboardProps, env: Record<string, string> = {}) =>
	render(
		<ThemeContext.Provider value={createTheme(env, {presenter: props.presenter === true})}>
			<Dashboard {...props} />
		</ThemeContext.Provider>,
	).lastFrame() ?? '';
/** The dashboard fills rows - 1 (the shell's prompt keeps the last): a taller prompt must not push it further. */
const frameOf = (props: DashboardProps) => plain(rawFrame(props));
/** The prompt's rows, inside its border, from the one that says what is about to be sent. */
const promptRows = (frame: string) => {
	const rows = frame.split('\n');
	const start = rows.findIndex(row => row.includes('about to send'));
	const end = rows.findIndex((row, index) => index > start && row.startsWith('╚'));
	return rows.slice(start, end).map(row => row.slice(2, -1).trimEnd());
};

describe('the step prompt of a pipelined group', () => {
	it('80x24: what the group is, two of its lines with the rest counted, what pipelining is; the footer has the keys', () => {
		const frame = frameOf(at(80, 24));
		expect(frame.split('\n')).toHaveLength(23);
		expect(promptRows(frame)).toEqual([
			'about to send 5 commands in one write (pipelining): MAIL, 3×RCPT, DATA',
			'MAIL FROM:<a@qa.test> SIZE=432',
			'RCPT TO:<x@qa.test>  +3 more',
			'pipelining: all go at once; the server then answers each, in this order',
		]);
		expect(frame.split('\n').at(-1)).toMatch(/Enter send all 5 {2}Esc stop/);
	});

	it('100x30: every line a row; presenter mode (whose caption names one step) keeps the keys in the prompt', () => {
		expect(promptRows(frameOf(at(100, 30)))).toEqual([
			'about to send 5 commands in one write (pipelining): MAIL, 3×RCPT, DATA',
			...group,
			'pipelining: all go at once; the server then answers each, in this order',
		]);
		const presenter = frameOf(at(100, 30, {presenter: true}));
		expect(presenter.split('\n')).toHaveLength(29);
		expect(promptRows(presenter).slice(-2)).toEqual(['pipelining: all go at once; the server then answers each, in this order', 'Enter send all 5 · Esc stop']);
	});

	it('80x24 in presenter mode and without colour: the caption names the group\'s steps; the same words, cut to the width', () => {
		const long = [`MAIL FROM:<${'a'.repeat(90)}@qa.test>`, ...group.slice(1)];
		const props = at(80, 24, {presenter: true, snapshot: snapshot({proposed: {...proposed, group: long}, steps})});
		const level = chalk.level;
		chalk.level = 1;
		try {
			const raw = rawFrame(props, {NO_COLOR: '1'});
			expect(raw).not.toMatch(/\u001B\[(3[0-79]|9[0-7])m/);
			const frame = plain(raw);
			expect(frame.split('\n')).toHaveLength(23);
			// The caption names every step the Enter takes, not MAIL alone.
			expect(frame.split('\n')[1]).toBe('NEXT STEPS 6-8/11 MAIL, RCPT, DATA in one write: the replies come in order');
			for (const row of frame.split('\n')) expect(row.length).toBeLessThanOrEqual(80);
			expect(promptRows(frame)).toEqual([
				'about to send 5 commands in one write (pipelining): MAIL, 3×RCPT, DATA',
				expect.stringMatching(/^MAIL FROM:<a+…$/),
				'RCPT TO:<x@qa.test>  +3 more',
				'pipelining: all go at once; the server then answers each, in this order',
				'Enter send all 5 · Esc stop',
			]);
		} finally {
			chalk.level = level;
		}
	});

	it('e (or any letter) says why the group is not edited, and what to do to edit each line; a replay says it plays as recorded', () => {
		const props = at(80, 24);
		const state = {focus: props.focus, preview: props.preview};
		expect(strayTextHint(dashboardKeyContext(props), state as never).text).toBe(
			'e cannot edit a pipelined group: its 5 lines go in one write (leave out --pipeline to edit each line); Enter sends them, Esc stops',
		);
		const replay = at(80, 24, {replay: true});
		expect(strayTextHint(dashboardKeyContext(replay), state as never).text).toMatch(/^e does not edit a replayed group: its 5 lines play as recorded, in one write; Enter sends them/);
	});

	it('names the verbs in order, a run of the same counted', () => {
		expect(groupVerbs(['RSET', 'MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'DATA'])).toBe('RSET, MAIL, RCPT, DATA');
		expect(groupVerbs(['mail from:<a@b>', 'rcpt to:<c@d>', 'RCPT TO:<e@f>'])).toBe('MAIL, 2×RCPT');
	});
});
