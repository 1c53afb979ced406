// The ASCII glyph set (a terminal whose locale is not UTF-8, where tmux shows each other character as "_") and the
// terminals the dashboard refuses (TERM=dumb).
import React from 'react';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {UsageError} from '../../source/headless/command.js';
import {Dashboard, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {createCommandLine} from '../../source/ui/components/command-line-state.js';
import {truncateText, windowAroundCursor} from '../../source/ui/components/display-text.js';
import {HelpOverlay, helpLines} from '../../source/ui/components/help-overlay.js';
import {entryRows} from '../../source/ui/components/log-rows.js';
import {StepRail} from '../../source/ui/components/step-rail.js';
import {TooSmall} from '../../source/ui/components/too-small.js';
import {createText} from '../../source/ui/components/text-editor-state.js';
import {requireTerminal} from '../../source/ui/run-dashboard.js';
import {selectGlyphs, withGlyphs} from '../../source/ui/theme.js';
import {glyphSetWanted} from '../../source/text/glyph-set.js';
import type {LogEntry} from '../../source/session/types.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps, previewCounts, snapshot, stepsAt} from './dashboard-fixtures.js';
import {received, sent} from './log-fixtures.js';

const NON_ASCII = /[^\u0000-\u007F]/;

describe('glyphSetWanted: the locale as C programs read it, and the Linux console', () => {
	it.each([
		[{}, 'unicode'],
		[{LANG: 'en_US.UTF-8'}, 'unicode'],
		[{LANG: 'C.utf8'}, 'unicode'],
		[{LANG: 'de_DE.Utf-8'}, 'unicode'],
		[{LANG: 'C'}, 'ascii'],
		[{LANG: 'POSIX'}, 'ascii'],
		[{LANG: 'en_US.ISO-8859-1'}, 'ascii'],
		// LC_ALL first, then LC_CTYPE, then LANG; an empty one is passed over.
		[{LC_ALL: 'C', LANG: 'en_US.UTF-8'}, 'ascii'],
		[{LC_ALL: 'en_US.UTF-8', LANG: 'C'}, 'unicode'],
		[{LC_ALL: '', LC_CTYPE: 'C', LANG: 'en_US.UTF-8'}, 'ascii'],
		[{LC_ALL: '', LC_CTYPE: '', LANG: 'C'}, 'ascii'],
		[{LC_ALL: '', LC_CTYPE: '', LANG: ''}, 'unicode'],
		// The Linux console's fonts lack ✔ ✖ ○, in UTF-8 too; not a terminal whose name merely holds "linux".
		[{TERM: 'linux', LANG: 'en_US.UTF-8'}, 'console'],
		[{TERM: 'linux'}, 'console'],
		[{TERM: 'linux-16color', LANG: 'C.UTF-8'}, 'console'],
		[{TERM: 'linux', LANG: 'C'}, 'ascii'],
		[{TERM: 'linuxconsole', LANG: 'C.UTF-8'}, 'unicode'],
		[{TERM: 'xterm-256color', LANG: 'C.UTF-8'}, 'unicode'],
		// SMTP_TUI_ASCII decides over the locale and the terminal.
		[{SMTP_TUI_ASCII: '1', LANG: 'en_US.UTF-8'}, 'ascii'],
		[{SMTP_TUI_ASCII: '0', LC_ALL: 'C'}, 'unicode'],
		[{SMTP_TUI_ASCII: '0', TERM: 'linux'}, 'unicode'],
	])('%j: %s', (env, set) => {
		expect(glyphSetWanted(env)).toBe(set);
	});
});

describe('the Unicode set (the default)', () => {
	it('leaves the UI text as written', () => {
		expect(withGlyphs('Switch mode: auto → step → manual')).toBe('Switch mode: auto → step → manual');
		expect(truncateText('Hello world', 6)).toBe('Hello…');
	});
});

describe('the ASCII set', () => {
	beforeAll(() => selectGlyphs('ascii'));
	afterAll(() => selectGlyphs('unicode'));

	const draw = (element: React.ReactElement) => plain(render(element).lastFrame());

	it('marks each step state distinctly in the rail, and still fits 80 columns', () => {
		const frame = draw(<StepRail steps={stepsAt('rcpt', {starttls: {status: 'skipped'}, rcpt: {status: 'failed', code: 550}})} width={100} />);
		expect(frame).toBe('+ connect + greeting + EHLO - STARTTLS + AUTH + MAIL x RCPT 550 o DATA o message o queued o QUIT');
		expect(draw(<StepRail steps={stepsAt('data')} width={100} />)).toContain('+ RCPT > DATA o message');
		// Some recipients refused: a warning, neither done nor failed.
		const partly = [{address: 'nobody@example.test', accepted: false}, {address: 'friend@example.test', accepted: true}];
		expect(draw(<StepRail steps={stepsAt('data')} width={100} recipients={partly} />)).toContain('+ MAIL ! RCPT 1/2 > DATA');
		// Every step done but the last, failed: the widest rail there is.
		const full = draw(<StepRail steps={stepsAt('quit', {quit: {status: 'failed', code: 554}})} width={80} />);
		expect(full).toContain('x QUIT 554');
		expect(full).not.toMatch(NON_ASCII);
		expect(stringWidth(full)).toBeLessThanOrEqual(80);
	});

	it('marks sent, received, info and error apart in the log, with every row\'s text in one column', () => {
		const layout = {width: 60, expanded: false, presenter: false, timestamps: false};
		const entries: LogEntry[] = [
			sent(1, 'EHLO me'),
			received(2, '250 OK', 'the requested action was completed'),
			{id: 3, time: 0, kind: 'info', text: 'connecting'},
			{id: 4, time: 0, kind: 'error', text: 'connection refused'},
		];
		const rows = entries.flatMap(entry => entryRows(entry, layout));
		expect(rows.map(row => row.marker + row.text)).toEqual([
			'-> EHLO me',
			'<- 250 OK',
			'     the requested action was completed',
			'*  connecting',
			'x  connection refused',
		]);
		for (const row of rows) expect(row.marker).toHaveLength(3);
		// Wrapped (expanded), a long line keeps within the width with the wider marker.
		const long = entryRows(sent(5, 'x'.repeat(130)), {...layout, expanded: true});
		expect(long.map(row => row.marker)).toEqual(['-> ', '   ', '   ']);
		for (const row of long) expect(row.marker.length + row.text.length).toBeLessThanOrEqual(60);
	});

	it('cuts text with "...", and never past the width', () => {
		expect(truncateText('Hello world', 6)).toBe('Hel...');
		expect(truncateText('Hello world', 2)).toBe('..');
		expect(truncateText('Hello', 5)).toBe('Hello');
		const {before, at} = windowAroundCursor('abcdefghijklmnopqrstuvwxyz', 26, 10);
		expect(before).toBe('...uvwxyz');
		expect(at).toBe(' ');
	});

	it('draws the key table and the size message without Unicode', () => {
		const lines = helpLines(76);
		const help = draw(<HelpOverlay width={76} height={lines.length + 1} top={0} />);
		expect(help).toContain('Switch mode: auto -> step -> manual');
		expect(help).not.toMatch(NON_ASCII);
		expect(draw(<TooSmall columns={60} rows={20} minColumns={80} minRows={24} />)).toContain('Terminal too small: 60x20 (needs 80x24)');
	});

	const scenarios: Record<string, Partial<DashboardProps>> = {
		'a refused recipient': {snapshot: snapshot({steps: stepsAt('rcpt', {rcpt: {status: 'failed', code: 550}})})},
		'connection focused': {focus: 'connection'},
		'step prompt': {mode: 'step', snapshot: snapshot({proposed: {command: {verb: 'RCPT', to: 'friend@example.test'}, display: 'RCPT TO:<friend@example.test>'}})},
		'step waiting': {mode: 'step', snapshot: snapshot({busy: true})},
		manual: {mode: 'manual', focus: 'command', commandLine: {state: createCommandLine(), warning: 'RCPT before MAIL: sent anyway', dataMode: false}},
		'manual DATA': {mode: 'manual', focus: 'command', commandLine: {state: createCommandLine(), dataMode: true, bodyLines: 2, body: ['Subject: Hi', 'Hi']}},
		help: {help: {top: 0}},
		'scrolled log': {focus: 'log', log: {scroll: {follow: false, topId: 1, topRow: 0, seenTotal: 9}, expanded: false, timestamps: true}},
		'new lines below': {focus: 'log', log: {scroll: {follow: false, topId: 1, topRow: 0, seenTotal: 5}, expanded: true, timestamps: false}},
		inbox: {
			focus: 'inbox',
			inbox: {items: [{id: '1', from: 'you@example.test', to: ['friend@example.test'], subject: 'Hello', size: 2048, receivedAt: 0}], selected: 0},
		},
		'inbox open': {
			focus: 'inbox',
			inbox: {
				items: [{id: '1', from: 'you@example.test', to: ['friend@example.test'], subject: 'Hello', size: 2048, receivedAt: 0}],
				selected: 0,
				open: {message: {headerLines: [{key: 'subject', line: 'Subject: =?UTF-8?Q?Hi?=', decoded: 'Hi'}], text: 'Hi', attachments: [], raw: ''}, tab: 'headers', top: 0},
			},
		},
		preview: {preview: {bytes: `Subject: ${'x'.repeat(120)}\r\n\r\n..dot\r\n.\r\n`, counts: previewCounts(`Subject: ${'x'.repeat(120)}\r\n\r\n..dot\r\n.\r\n`), top: 0}},
		'step edit': {mode: 'step', snapshot: snapshot({proposed: {command: {verb: 'RCPT', to: 'friend@example.test'}, display: 'RCPT TO:<friend@example.test>'}}), stepEdit: createText('RCPT TO:<friend@example.test>', {multiline: false})},
		presenter: {presenter: true, mode: 'step', snapshot: snapshot({busy: false})},
		'first run': {snapshot: snapshot({connection: 'idle', log: [], logTotal: 0, steps: stepsAt('connect', {connect: {status: 'pending'}}), greeting: undefined, extensions: undefined})},
	};

	for (const [name, overrides] of Object.entries(scenarios)) {
		for (const size of [
			{columns: 80, rows: 24},
			{columns: 100, rows: 30},
		]) {
			it(`draws only ASCII at ${size.columns}x${size.rows} (${name}), within the window`, () => {
				const frame = draw(<Dashboard {...dashboardProps({size, ...overrides})} />);
				const lines = frame.split('\n');
				for (const line of lines) expect(line, line).not.toMatch(NON_ASCII);
				expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
				for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(size.columns);
			});
		}
	}

	it('keeps the marks, the classic borders and the focused panel apart without colour', () => {
		const frame = draw(<Dashboard {...dashboardProps({...scenarios['a refused recipient'], size: {columns: 100, rows: 30}})} />);
		for (const mark of ['-> EHLO', '<- 250', '*  connecting', '+ connect', 'x RCPT 550', '+ connected', '[Message]']) expect(frame).toContain(mark);
		// Panels: + and - ; the focused one (the composer here) = on top and bottom.
		expect(frame).toMatch(/^\+-+\+/m);
		expect(frame).toMatch(/\+=+\+/);
	});
});

describe('the Linux console\'s set (TERM=linux)', () => {
	beforeAll(() => selectGlyphs('console'));
	afterAll(() => selectGlyphs('unicode'));

	// Debian's console fonts (Uni, Lat15 and Lat2 in Fixed, VGA and Terminus) have these box lines, arrows, dots, … and ×;
	// none of them has ✔ ✖ ○ ↳, and the kernel's own (code page 437) and the Full* fonts lack ▸ ◂ too.
	const NOT_ON_THE_CONSOLE = /[^\u0000-\u007F─│┌┐└┘═║╔╗╚╝→←↑↓•·■»…×]/;
	const draw = (element: React.ReactElement) => plain(render(element).lastFrame());

	it('draws the rail\'s marks in ASCII, the log\'s arrows and dots as they are, in line-drawn panels whose focused one is double', () => {
		const frame = draw(<Dashboard {...dashboardProps({snapshot: snapshot({steps: stepsAt('rcpt', {rcpt: {status: 'failed', code: 550}})}), size: {columns: 100, rows: 30}})} />);
		for (const mark of ['→ EHLO', '← 250', '• connecting', '+ connect', 'x RCPT 550', 'o DATA', '+ connected']) expect(frame).toContain(mark);
		expect(frame).toMatch(/^┌─+┐/m);
		expect(frame).toMatch(/╔═+╗/);
		for (const line of frame.split('\n')) expect(line, line).not.toMatch(NOT_ON_THE_CONSOLE);
	});

	it('draws the key table with the console\'s glyphs: ASCII for the marks its fonts lack', () => {
		const lines = helpLines(100);
		const help = draw(<HelpOverlay width={100} height={lines.length + 1} top={0} />);
		expect(help).toContain('Switch mode: auto → step → manual');
		expect(help).toMatch(/\+ +Done: a step, the connection/);
		// Told apart from done's "+", unlike in ASCII.
		expect(help).toMatch(/» +The line above goes on/);
		for (const line of help.split('\n')) expect(line, line).not.toMatch(NOT_ON_THE_CONSOLE);
	});

	it('cuts text with … and gives a size with ×, as the headless commands write them there', () => {
		expect(truncateText('Hello world', 6)).toBe('Hello…');
		expect(draw(<TooSmall columns={60} rows={20} minColumns={80} minRows={24} />)).toContain('Terminal too small: 60×20 (needs 80×24)');
		expect(withGlyphs('Switch mode: auto → step … 80×24, done ✔')).toBe('Switch mode: auto → step … 80×24, done +');
	});
});

describe('requireTerminal', () => {
	const tty = {isTTY: true};

	it('refuses TERM=dumb, pointing to smtp-tui send', () => {
		expect(() => requireTerminal({TERM: 'dumb'}, tty, tty)).toThrow(UsageError);
		expect(() => requireTerminal({TERM: 'dumb'}, tty, tty)).toThrow(/TERM is "dumb"/);
		try {
			requireTerminal({TERM: 'dumb'}, tty, tty);
		} catch (error) {
			expect((error as UsageError).hint).toMatch(/smtp-tui send/);
		}
	});

	it('takes any other terminal, and says a pipe is no terminal first', () => {
		expect(() => requireTerminal({TERM: 'xterm-256color'}, tty, tty)).not.toThrow();
		expect(() => requireTerminal({TERM: 'tmux-256color'}, tty, tty)).not.toThrow();
		expect(() => requireTerminal({TERM: 'dumb'}, {isTTY: false}, tty)).toThrow(/needs a terminal \(stdin and stdout/);
	});
});
