// Manual mode at 80x24 and 100x30: the composer, which manual mode never types into, and the connection panel fold
// to one row while the focus is on the log, the command line or the inbox, so the log gets the whole width; the row
// under the command line says what to type next and names the key that shows cut lines whole from there.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {createCommandLine} from '../../source/ui/components/command-line-state.js';
import {nextStepHint} from '../../source/ui/components/command-hint.js';
import {truncateWords} from '../../source/ui/components/display-text.js';
import {commandLineRows, ManualCommandLine} from '../../source/ui/components/manual-command-line.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {sandboxApp, typeCommands} from './wired-app.js';

/** The command line's hint: the row under the typed line. */
const hintRow = (frame: string) => {
	const rows = frame.split('\n');
	return rows[rows.findIndex(row => row.includes(' C:')) + 1] ?? '';
};

describe.each([
	{columns: 80, rows: 24},
	{columns: 100, rows: 30},
])('manual mode at $columns x $rows', size => {
	it('folds the connection panel and the composer to a row that keeps the target; the log takes the width', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size});
		await typeCommands(app, ['EHLO student', 'MAIL FROM:<bad']);
		const frame = plain(await app.frame(f => f.includes('501 5.1.7')));
		expect(frame).not.toMatch(/Message|Connection +·|From +you@/);
		// The connection's state and target, the port whole; the way back to the panels where there is room.
		const folded = frame.split('\n')[1]!;
		expect(folded).toContain('✔ connected');
		expect(folded).toContain(`no TLS · 127.0.0.1:${app.sandbox.port}`);
		expect(folded).toMatch(/panels folded: Tab/);
		// The log spans the screen: the refusal's reply line whole, at 80 columns too.
		expect(frame).toContain('← 501 5.1.7 Error: Bad sender address syntax');
		expect(frame.split('\n')[2]!.length).toBe(size.columns);
	});

	it('Tab to the connection panel (past the inbox) brings the left column back; Shift+Tab to the log keeps it folded', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size});
		await app.frame(f => f.includes('C:'));
		await app.press(KEYS.shiftTab);
		const onLog = plain(await app.frame(f => f.includes('[Protocol log]')));
		expect(onLog).not.toContain('Connection');
		await app.press(KEYS.tab, KEYS.tab, KEYS.tab);
		const onConnection = plain(await app.frame(f => f.includes('[Connection]')));
		expect(onConnection).toContain('Message');
		expect(onConnection).toContain('▸ Host');
		await app.press(KEYS.tab);
		await app.frame(f => f.includes('[Message]'));
		// Back on the command line, it folds again.
		await app.press(KEYS.tab, KEYS.tab);
		const back = plain(await app.frame(f => !f.includes('Message')));
		expect(back).toContain('panels folded');
	});

	it('shows a warning longer than the row on two, its fix at the end in view, the frame no taller', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size});
		await typeCommands(app, ['', 'EHLO me']);
		const frame = plain(await app.frame(f => f.includes('250 ') && f.includes('! "me"')));
		const rows = frame.split('\n');
		expect(rows.length).toBeLessThanOrEqual(size.rows - 1);
		const at = rows.findIndex(row => row.startsWith('! "me"'));
		// The fix in view under the command line: at 80 columns one row stopped before it, at "(Postfix: reject_no…".
		expect(`${rows[at]} ${rows[at + 1]}`).toContain('may refuse it; e.g. EHLO laptop.example.com (Postfix: reject_non_fqdn_helo_hostname;');
		expect(rows[at + 2]).toMatch(/^[┌╔]/);
	});

	it('says under the command line what to type next, and Ctrl+Y there expands the log', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size});
		await typeCommands(app, ['EHLO student', 'MAIL FROM:<you@example.test>']);
		const frame = plain(await app.frame(f => f.includes('sender accepted')));
		expect(hintRow(frame)).toBe('now: sender accepted: one RCPT TO per recipient, then DATA · Ctrl+Y: show all');
		await typeCommands(app, ['HELP']);
		const cut = plain(await app.frame(f => f.includes('End of HELP')));
		expect(cut).not.toContain('--help)');
		await app.press(KEYS.ctrl('y'));
		const whole = plain(await app.frame(f => f.includes('--help)')));
		expect(whole).toContain('C:');
		// A letter typed next still goes into the command line.
		await app.press('x');
		await app.frame(f => f.includes('C: x'));
	});
});

describe('manual mode where there is room', () => {
	it('at 140 columns keeps the connection panel and the composer beside the log', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 140, rows: 40}});
		const frame = plain(await app.frame(f => f.includes('C:')));
		expect(frame).toContain('Connection');
		expect(frame).toContain('Message');
		expect(frame).not.toContain('panels folded');
	});
});

describe('the hint under the command line', () => {
	it('keeps to the row: the step cut after a whole word, the key kept; with no step (presenter mode) the usual keys', () => {
		const step = 'now: ready for a transaction: MAIL FROM (STARTTLS and AUTH come before it, when used)';
		expect(nextStepHint(step, 'Ctrl+Y: show all', 80)).toBe('now: ready for a transaction: MAIL FROM (STARTTLS and AUTH… · Ctrl+Y: show all');
		// A step that fits alone is shown whole, the key left out: the step is the row's news.
		const accepted = 'now: recipient accepted: RCPT TO for another, or DATA to send the message';
		expect(nextStepHint(accepted, 'Ctrl+Y: show all', 80)).toBe(accepted);
		expect(nextStepHint(step, 'Ctrl+Y: show all', 120)).toBe(`${step} · Ctrl+Y: show all`);
		for (const width of [30, 44, 60, 80]) expect(nextStepHint(step, 'Ctrl+Y: show all', width).length).toBeLessThanOrEqual(width);
		expect(truncateWords('a tarpit waits', 10)).toBe('a tarpit…');
		const draw = (next?: string) => plain(render(<ManualCommandLine state={createCommandLine()} focused width={80} {...(next && {next})} />).lastFrame()).split('\n').at(-1);
		expect(draw()).toBe('type any SMTP command; Up/Down: history · Ctrl+Y: show all');
		expect(draw('now: only QUIT is left')).toBe('now: only QUIT is left · Ctrl+Y: show all');
	});

	it('with the log\'s lines shown whole (Ctrl+Y), a step longer than the row is shown whole on two rows, one row more', () => {
		const step = 'now: STARTTLS next, which the server offers (then EHLO again); MAIL FROM would be taken too, in clear';
		const props = (expanded: boolean) => ({state: createCommandLine(), width: 80, next: step, expanded});
		const rows = (expanded: boolean) => plain(render(<ManualCommandLine {...props(expanded)} focused />).lastFrame()).split('\n').slice(2);
		expect(rows(false)).toEqual(['now: STARTTLS next, which the server offers (then EHLO… · Ctrl+Y: show all']);
		expect(rows(true).join(' ').replace(/\s+/g, ' ')).toBe(step);
		expect(rows(true)).toHaveLength(2);
		expect([commandLineRows(props(false)), commandLineRows(props(true))]).toEqual([3, 4]);
		// A step that fits the row needs no second one.
		expect(commandLineRows({...props(true), next: 'now: only QUIT is left'})).toBe(3);
	});

	it('a warning longer than the row takes two; one that fits, one', () => {
		const warning = 'QUIT is message text here, not a command: after 354 only a lone "." ends the message';
		const props = {state: createCommandLine(), width: 80, dataMode: true, warning};
		expect(plain(render(<ManualCommandLine {...props} focused />).lastFrame()).split('\n').slice(2)).toEqual(['! QUIT is message text here, not a command: after 354 only a lone "." ends the', 'message']);
		expect(commandLineRows(props)).toBe(4);
		expect(commandLineRows({...props, warning: 'RCPT before MAIL: the server will likely answer 503'})).toBe(3);
	});
});
