// The footer's result reads as what it is: a failure in the error colour after its ✖, a partial result in the
// warning colour after its !, a success in the 2xx colour after its ✔; bold always, and without colour (NO_COLOR)
// the mark and the words say it alone.
import React from 'react';
import chalk from 'chalk';
import {render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {StatusBar} from '../../source/ui/components/status-bar.js';
import {createTheme, ThemeContext, type Theme} from '../../source/ui/theme.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {KEYS} from './app-harness.js';
import {sandboxApp} from './wired-app.js';

const FAILED = '✖ Not sent (RCPT): nobody@example.test refused (550). Fix To, then Ctrl+S';
const PARTIAL = '! 1 recipient refused (nobody@example.test: 550); ✔ queued as 2 (250)';
const QUEUED = '✔ queued as 1 (250)';

function footer(status: string, theme: Theme, width = 140): string {
	return (
		render(
			<ThemeContext.Provider value={theme}>
				<StatusBar context={{focus: 'composer', mode: 'auto', editing: false}} connection="connected" secure status={status} width={width} />
			</ThemeContext.Provider>,
		).lastFrame() ?? ''
	);
}

/** The SGR attributes in force where `text` starts in `frame`, as a terminal applies them: bold, faint, inverse, colour. */
function styleAt(frame: string, text: string): string[] {
	const at = frame.indexOf(text);
	expect(at, text).toBeGreaterThanOrEqual(0);
	const on = new Set<string>();
	let colour: string | undefined;
	for (const match of frame.slice(0, at).matchAll(/\u001B\[([\d;]*)m/g)) {
		for (const code of match[1]!.split(';')) {
			if (code === '0' || code === '') {
				on.clear();
				colour = undefined;
			} else if (code === '22') {
				on.delete('1');
				on.delete('2');
			} else if (code === '27') on.delete('7');
			else if (code === '39') colour = undefined;
			else if (/^(3[0-7]|9[0-7])$/.test(code)) colour = code;
			else if (['1', '2', '7'].includes(code)) on.add(code);
		}
	}
	return [...[...on].sort(), ...(colour ? [colour] : [])];
}

describe('the colour of a result in the footer', () => {
	const level = chalk.level;
	beforeEach(() => {
		chalk.level = 1;
	});
	afterEach(() => {
		chalk.level = level;
	});

	it('a failure in the error colour, a partial result in the warning colour, a success in the 2xx colour, all bold', () => {
		const dark = createTheme({}, {background: 'dark', colours: 1});
		expect(styleAt(footer(FAILED, dark), '✖ Not sent')).toEqual(['1', '31']);
		expect(styleAt(footer(PARTIAL, dark), '! 1 recipient refused')).toEqual(['1', '33']);
		expect(styleAt(footer(QUEUED, dark), QUEUED)).toEqual(['1', '32']);
		// On white the warning is magenta (yellow reads at 1.7 there), and 16 colours' green gives way to the text colour.
		const light = createTheme({}, {background: 'light', colours: 1});
		expect(styleAt(footer(PARTIAL, light), '! 1 recipient refused')).toEqual(['1', '35']);
		expect(styleAt(footer(QUEUED, light), QUEUED)).toEqual(['1']);
		// A note with no mark (a hint, "transcript saved") stays bold in the text colour.
		expect(styleAt(footer('transcript saved: /tmp/x.txt', dark), 'transcript saved')).toEqual(['1']);
	});

	it('a failure too long for one row is in the error colour on each of its rows', () => {
		const long = `${FAILED}; ${'and more words '.repeat(8)}`;
		const frame = footer(long, createTheme({}, {background: 'dark', colours: 1}), 80);
		const rows = frame.split('\n').slice(0, -1);
		expect(rows.length).toBeGreaterThan(1);
		for (const row of rows) expect(row).toMatch(/^\u001B\[1m\u001B\[31m|^\u001B\[31m\u001B\[1m/);
	});

	it('with NO_COLOR: no colour at all, the mark, the words and bold say it', () => {
		const none = createTheme({NO_COLOR: '1'});
		for (const status of [FAILED, PARTIAL, QUEUED]) {
			const frame = footer(status, none);
			expect(frame).toContain(status);
			expect(frame).not.toMatch(/\u001B\[(3\d|9\d)m/);
			expect(styleAt(frame, status)).toEqual(['1']);
		}
	});

	it('in the dashboard, a refused recipient reads as a failure, not beside a green ✔ alone', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'nobody@example.test'}}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => f.includes('✖ Not sent (RCPT)'));
		expect(frame).toContain('✖ Not sent (RCPT): nobody@example.test refused (550). Fix To, then Ctrl+S');
		// The frame as drawn, with its colours (the wait strips them).
		expect(styleAt(app.instance.lastFrame() ?? '', '✖ Not sent')).toEqual(['1', '31']);
	});
});
