import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {createDashboardState, dashboardReducer, focusOrder, inboxLetGo, MESSAGE_END, type DashboardEnvironment, type DashboardState} from '../../source/ui/components/dashboard-state.js';
import {Inbox} from '../../source/ui/components/inbox.js';
import {plain} from '../helpers/wait-for.js';
import {createLogView} from '../../source/ui/components/protocol-log.js';
import type {BindingId} from '../../source/ui/keys/bindings.js';
import {defaultInit} from './app-harness.js';
import {numberedEntries} from './log-fixtures.js';

const env: DashboardEnvironment = {
	logView: createLogView({entries: numberedEntries(500), total: 500, width: 50, height: 10, timestamps: false}),
	bodyRows: 5,
	hasInbox: true,
	inboxItems: [{id: '1'}, {id: '2'}, {id: '3'}],
	viewLines: 40,
	viewRows: 10,
	proposed: 'MAIL FROM:<you@example.test>',
};

function press(state: DashboardState, ...ids: BindingId[]): DashboardState {
	return ids.reduce((current, id) => dashboardReducer(current, {type: 'key', id, input: '', env}), state);
}

describe('dashboard state', () => {
	const start = createDashboardState(defaultInit);

	it('keeps an undo step only for a change of values: the same MX target set again (a single MX) is none', () => {
		const target = {type: 'connectionReplaced', values: [['host', 'mx1.example.test'], ['port', '25']]} as const;
		const once = dashboardReducer(start, target);
		expect(once.undo.connection).toHaveLength(1);
		expect(dashboardReducer(once, target).undo.connection).toHaveLength(1);
	});

	it('makes the sample fitted to a new target an undo step of its own, so Ctrl+Z does not undo the typing before it too', () => {
		const typed = dashboardReducer(start, {type: 'key', id: 'edit.insert', input: 'x', env});
		const fitted = dashboardReducer(typed, {type: 'composerReplaced', draft: {...defaultInit.draft, body: 'fitted'}});
		expect(fitted.undo.composer).toHaveLength(typed.undo.composer.length + 1);
	});

	it('checks an extra header as it is left, as Ctrl+S would: a name that is not ASCII is said on the field', () => {
		const typed = dashboardReducer(press(start, 'composer.addHeader'), {type: 'key', id: 'edit.insert', input: 'X-Grüße: hallo', env});
		// Still typing: not yet.
		expect(typed.composer.error).toBeUndefined();
		const refused = {field: expect.stringMatching(/^header-/), message: 'Header "X-Grüße: hallo": the name may only hold printable ASCII without spaces or colons'};
		expect(press(typed, 'field.next').composer.error).toEqual(refused);
		expect(press(typed, 'focus.next').composer.error).toEqual(refused);
		// A good header, and an empty one (ignored when sent), pass without a word.
		expect(press(dashboardReducer(press(start, 'composer.addHeader'), {type: 'key', id: 'edit.insert', input: 'X-Gruss: hallo', env}), 'field.next').composer.error).toBeUndefined();
		expect(press(start, 'composer.addHeader', 'field.next').composer.error).toBeUndefined();
	});

	it('tabs through the panels that exist in the mode', () => {
		expect(focusOrder('auto', false)).toEqual(['connection', 'composer', 'log']);
		expect(focusOrder('manual', true)).toEqual(['connection', 'composer', 'log', 'command', 'inbox']);
		expect(press(start, 'focus.next', 'focus.next', 'focus.next').focus).toBe('connection');
		expect(press(start, 'focus.prev').focus).toBe('connection');
	});

	it('starts manual mode on the command line and gives the focus back where it was when leaving it', () => {
		const startedManual = createDashboardState({...defaultInit, mode: 'manual'});
		expect(startedManual.focus).toBe('command');
		expect(press(startedManual, 'mode.cycle')).toMatchObject({mode: 'auto', focus: 'composer'});
		const manual = press(start, 'mode.cycle', 'mode.cycle');
		expect([manual.mode, manual.focus]).toEqual(['manual', 'command']);
		expect(press(manual, 'mode.cycle')).toMatchObject({mode: 'auto', focus: start.focus});
		const fromConnection = press(start, 'focus.prev', 'mode.cycle', 'mode.cycle');
		expect(fromConnection.focus).toBe('command');
		expect(press(fromConnection, 'mode.cycle').focus).toBe('connection');
	});

	const listed = (...ids: number[]) => ids.map(id => ({id: String(id)}));
	const changed = (state: DashboardState, items: Array<{id: string}>) => dashboardReducer(state, {type: 'inboxChanged', items});

	it('selects the newest message when mail arrives, unless the user is reading the inbox', () => {
		expect(changed(start, listed(1, 2, 3, 4, 5)).inbox).toEqual({selected: '5'});
		expect(changed(start, [])).toBe(start);
		const reading = press(start, 'focus.prev', 'focus.prev');
		expect(reading.focus).toBe('inbox');
		// Nothing selected yet: the first message is, as the list shows it.
		const first = changed(reading, listed(1));
		expect(first.inbox).toEqual({selected: '1'});
		expect(changed(first, listed(1, 2))).toBe(first);
	});

	it('keeps the selection and an open message by id as the oldest are let go, and says when they go themselves', () => {
		const reading = press({...start, inbox: {selected: '2'}}, 'focus.prev', 'focus.prev');
		expect(changed(reading, listed(2, 3, 4, 5))).toBe(reading);
		expect(inboxLetGo(reading, listed(2, 3, 4, 5))).toBeUndefined();
		// Let go: in the inbox, the oldest kept is selected; an opened message is closed, not swapped for another.
		const opened = press(reading, 'inbox.open');
		expect(inboxLetGo(opened, listed(3, 4, 5))).toBe('2');
		expect(changed(opened, listed(3, 4, 5)).inbox).toEqual({selected: '3'});
		// Open with the focus elsewhere: closed, and the newest selected, as for new mail.
		const elsewhere = {...opened, focus: 'composer' as const};
		expect(changed(elsewhere, listed(3, 4, 5)).inbox).toEqual({selected: '5'});
		// Not in the inbox and nothing open: the selection follows the newest, so nothing is said.
		expect(inboxLetGo({...reading, focus: 'composer'}, listed(3, 4, 5))).toBeUndefined();
		// At the cap the count stays the same: the newest id tells the arrival.
		const full = changed(start, listed(1, 2, 3));
		expect(changed(full, listed(2, 3, 4)).inbox).toEqual({selected: '4'});
	});

	it('scrolls the help, the preview and an opened message within their lines', () => {
		const help = press(start, 'help.toggle', 'view.pageDown', 'view.pageDown', 'view.pageDown', 'view.pageDown');
		expect(help.help).toEqual({top: 30});
		expect(press(help, 'view.home').help).toEqual({top: 0});
		expect(press(start, 'composer.preview', 'view.end').preview).toEqual({top: 30});
		expect(press(start, 'composer.preview', 'composer.addHeader').preview).toBeUndefined();
		const inbox = {...start, focus: 'inbox' as const};
		expect(press(inbox, 'view.down', 'view.down', 'view.down').inbox.selected).toBe('3');
		const open = press(inbox, 'inbox.open', 'inbox.prevTab', 'view.down');
		expect(open.inbox.open).toEqual({tab: 'raw', top: 1});
		expect(press(open, 'inbox.back').inbox).toEqual({selected: '1'});
	});

	it('an opened message at its end stays at its end through a resize, even where it fitted whole (End was pressed)', () => {
		const open = press({...start, focus: 'inbox' as const}, 'inbox.open');
		const wide = {...env, viewLines: 12, viewRows: 30};
		const ended = dashboardReducer(open, {type: 'key', id: 'view.end', input: '', env: wide});
		expect(ended.inbox.open?.top).toBe(MESSAGE_END);
		// Narrower and shorter: 17 rows of which 8 show; the end is still shown (9 above, none below), and Up moves from there.
		const message = {headerLines: Array.from({length: 17}, (_, index) => ({key: `x-${index}`, line: `X-Header-${index}: ${index}`})), text: 'x', attachments: [], raw: 'x'};
		const frame = plain(render(React.createElement(Inbox, {items: [], selected: 0, open: {message, tab: 'headers', top: ended.inbox.open!.top}, focused: true, width: 40, height: 9})).lastFrame());
		expect(frame).toContain('↑ 9 above');
		expect(frame).not.toContain('more');
		expect(frame).toContain('X-Header-16: 16');
		const narrow = {...env, viewLines: 17, viewRows: 8};
		expect(dashboardReducer(ended, {type: 'key', id: 'view.up', input: '', env: narrow}).inbox.open?.top).toBe(8);
		// Paged to its last row: the same.
		expect(dashboardReducer(open, {type: 'key', id: 'view.pageDown', input: '', env: {...narrow, viewLines: 10}}).inbox.open?.top).toBe(MESSAGE_END);
		// Not at the end: a row, as before.
		expect(dashboardReducer(open, {type: 'key', id: 'view.down', input: '', env: narrow}).inbox.open?.top).toBe(1);
	});

	it('scrolls the log and toggles expansion', () => {
		const log = {...start, focus: 'log' as const};
		expect(press(log, 'log.pageUp').log.scroll.follow).toBe(false);
		expect(press(log, 'log.pageUp', 'log.end').log.scroll.follow).toBe(true);
		expect(press(log, 'log.expand').log.expanded).toBe(true);
	});

	it('follows the log again when a manual line is sent, and puts a refused line back only into an empty command line', () => {
		const scrolled = press({...start, mode: 'manual', focus: 'log'}, 'log.pageUp');
		expect(scrolled.log.scroll.follow).toBe(false);
		const typed = dashboardReducer({...scrolled, focus: 'command'}, {type: 'key', id: 'edit.insert', input: 'NOOP', env});
		const submitted = dashboardReducer(typed, {type: 'commandSubmitted'});
		expect(submitted.log.scroll.follow).toBe(true);
		expect(submitted.commandLine.text.lines).toEqual(['']);
		const back = dashboardReducer(submitted, {type: 'commandRefused', line: 'NOOP'});
		expect(back.commandLine.text.lines).toEqual(['NOOP']);
		expect(back.commandLine.text.col).toBe(4);
		const busy = dashboardReducer(submitted, {type: 'key', id: 'edit.insert', input: 'HELP', env});
		expect(dashboardReducer(busy, {type: 'commandRefused', line: 'NOOP'})).toBe(busy);
	});

	it('starts a step edit from the proposed line and drops it once answered', () => {
		const editing = press(start, 'step.edit');
		expect(editing.stepEdit?.lines).toEqual(['MAIL FROM:<you@example.test>']);
		const typed = dashboardReducer(editing, {type: 'key', id: 'edit.insert', input: ' SIZE=10', env});
		expect(typed.stepEdit?.lines).toEqual(['MAIL FROM:<you@example.test> SIZE=10']);
		expect(dashboardReducer(typed, {type: 'stepAnswered'}).stepEdit).toBeUndefined();
		// Ctrl+T to manual while editing: the edit goes into the command line, not away.
		const manual = press({...typed, mode: 'step'}, 'mode.cycle');
		expect(manual).toMatchObject({mode: 'manual', focus: 'command'});
		expect(manual.stepEdit).toBeUndefined();
		expect(manual.commandLine.text.lines).toEqual(['MAIL FROM:<you@example.test> SIZE=10']);
	});

	it('says what a paste into the step line lost, until the next key', () => {
		const editing = press(start, 'step.edit');
		const pasted = dashboardReducer(editing, {type: 'key', id: 'edit.insert', input: ' SIZE=1\u001B[0m', env});
		expect(pasted.stepEdit?.lines).toEqual(['MAIL FROM:<you@example.test> SIZE=1[0m']);
		expect(pasted.stepEditNotice).toBe('Control characters (NUL, ESC, …) dropped: check the line');
		expect(dashboardReducer(pasted, {type: 'key', id: 'edit.insert', input: 'x', env}).stepEditNotice).toBeUndefined();
		expect(dashboardReducer(pasted, {type: 'stepAnswered'}).stepEditNotice).toBeUndefined();
		const broken = dashboardReducer(editing, {type: 'key', id: 'edit.insert', input: 'a\nb', env});
		expect(broken.stepEditNotice).toBe('Line breaks became spaces: one command per Enter');
	});

	it('leaves the state alone for session keys', () => {
		for (const id of ['session.send', 'app.quit', 'session.disconnect', 'transcript.save'] as const) expect(press(start, id)).toBe(start);
	});
});
