// The step prompt says each thing once: at 80x24 a row said twice is a row of the log a student does not see.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Dashboard, dashboardLogView, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';

const proposed = {command: {verb: 'RCPT', to: 'friend@example.test'} as const, display: 'RCPT TO:<friend@example.test>', step: 'rcpt' as const};
const at80x24 = (overrides: Partial<DashboardProps> = {}) => dashboardProps({size: {columns: 80, rows: 24}, mode: 'step', snapshot: snapshot({proposed}), ...overrides});
const frameOf = (props: DashboardProps) => plain(render(<Dashboard {...props} />).lastFrame());
const footer = (frame: string) => frame.split('\n').at(-1)!;
/** The prompt's second row, under "about to send". */
const promptRow = (frame: string) => {
	const rows = frame.split('\n');
	return rows[rows.findIndex(row => row.includes('about to send:')) + 1]!;
};

describe('the step prompt, said once', () => {
	it('presenter mode: no "next: →" row repeats the line the prompt shows; the log gets that row', () => {
		const props = at80x24({presenter: true});
		const frame = frameOf(props);
		expect(frame).toContain('about to send: RCPT TO:<friend@example.test>');
		expect(frame).not.toMatch(/next: →/);
		// The rail and its caption, then the panels at once.
		expect(frame.split('\n')[2]).toMatch(/^┌/);
		expect(dashboardLogView(props).height).toBe(dashboardLogView(at80x24()).height - 1);
	});

	it('plain step mode: where the footer shows the keys, the prompt says what the step means instead', () => {
		const frame = frameOf(at80x24());
		expect(footer(frame)).toMatch(/Enter send line {2}e edit {2}Esc stop/);
		expect(promptRow(frame)).toContain('RCPT: name each recipient; each is accepted or refused');
		expect(promptRow(frame)).not.toContain('Enter send line');
	});

	it('plain step mode: where the footer cannot show them (a message beside it), the prompt keeps the keys, on the same rows', () => {
		const plainFrame = frameOf(at80x24());
		const frame = frameOf(at80x24({status: 'transcript saved: session-1.md'}));
		expect(promptRow(frame)).toMatch(/Enter send line · e edit · Esc stop/);
		expect(frame.split('\n').length).toBe(plainFrame.split('\n').length);
		expect(frame.split('\n').findIndex(row => row.includes('about to send:'))).toBe(plainFrame.split('\n').findIndex(row => row.includes('about to send:')));
	});

	it('a line with a credential keeps its note in the prompt, and presenter mode (whose caption explains) keeps the keys', () => {
		const secret = {command: {verb: 'AUTH', mechanism: 'PLAIN'} as const, display: 'AUTH PLAIN [redacted]', step: 'auth' as const, secret: true as const};
		// At 80 columns, a wording that fits beside the keys: whole, not cut at "manual mode ty…".
		const row = promptRow(frameOf(at80x24({snapshot: snapshot({proposed: secret})})));
		expect(row).toContain('Enter send line · Esc stop · not editable: manual mode types your own');
		expect(row).not.toContain('…');
		expect(promptRow(frameOf(at80x24({presenter: true})))).toMatch(/Enter send line · e edit · Esc stop/);
	});
});
