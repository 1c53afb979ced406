// Where the terminal's cursor goes (source/ui/terminal-caret.ts): on the inverse cell that draws the focused field's
// caret, wherever the layout puts that field; nowhere while the help is open or no field takes text. The pty test
// (test/e2e/terminal-caret.test.ts) sees the real cursor there; this one each layout.
import React from 'react';
import chalk from 'chalk';
import stringWidth from 'string-width';
import {stripVTControlCharacters} from 'node:util';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Dashboard, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {createCommandLine} from '../../source/ui/components/command-line-state.js';
import {createText} from '../../source/ui/components/text-editor-state.js';
import {placedCaret} from '../../source/ui/terminal-caret.js';
import {dashboardProps, previewCounts, snapshot} from './dashboard-fixtures.js';

const proposed = {command: {verb: 'RCPT', to: 'friend@example.test'} as const, display: 'RCPT TO:<friend@example.test>'};

const scenarios: Record<string, Partial<DashboardProps>> = {
	'the composer (From)': {},
	'the connection panel (Host)': {focus: 'connection'},
	"manual mode's command line": {mode: 'manual', focus: 'command', commandLine: {state: createCommandLine(), dataMode: false}},
	"the step prompt's edit line": {mode: 'step', snapshot: snapshot({proposed}), stepEdit: createText(proposed.display, {multiline: false})},
};

/** The carets drawn: a lone character in inverse, with no colour of its own (the rail's and the footer's badges are words, in colour). */
function inverseCells(frame: string): Array<{x: number; y: number}> {
	return frame.split('\n').flatMap((row, y) => {
		const at = /\u001B\[7m.\u001B\[27m/u.exec(row)?.index;
		return at === undefined ? [] : [{x: stringWidth(stripVTControlCharacters(row.slice(0, at))), y}];
	});
}

describe('the terminal cursor goes to the caret drawn', () => {
	const level = chalk.level;
	beforeEach(() => {
		chalk.level = 1;
	});
	afterEach(() => {
		chalk.level = level;
		cleanup();
	});

	for (const [name, overrides] of Object.entries(scenarios)) {
		for (const size of [
			{columns: 80, rows: 24},
			{columns: 100, rows: 30},
		]) {
			it(`${name} at ${size.columns}×${size.rows}; none with the help open`, () => {
				const app = render(<Dashboard {...dashboardProps({size, ...overrides})} />);
				const carets = inverseCells(app.lastFrame() ?? '');
				expect(carets).toHaveLength(1);
				expect(placedCaret()).toEqual(carets[0]);
				app.rerender(<Dashboard {...dashboardProps({size, ...overrides, help: {top: 0}})} />);
				expect(placedCaret()).toBeUndefined();
				app.unmount();
			});
		}
	}

	it('none while the preview covers the composer', () => {
		const bytes = 'Subject: x\r\n\r\nbody\r\n.\r\n';
		const app = render(<Dashboard {...dashboardProps({preview: {bytes, counts: previewCounts(bytes), top: 0}})} />);
		expect(inverseCells(app.lastFrame() ?? '')).toEqual([]);
		expect(placedCaret()).toBeUndefined();
	});

	it('none where no field takes text (the log), and none once the field is gone', () => {
		const app = render(<Dashboard {...dashboardProps({focus: 'log'})} />);
		expect(placedCaret()).toBeUndefined();
		app.rerender(<Dashboard {...dashboardProps({})} />);
		expect(placedCaret()).toBeDefined();
		app.unmount();
		expect(placedCaret()).toBeUndefined();
	});
});
