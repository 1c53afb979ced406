// What the connection panel gives away or keeps quiet before connecting: the password's length (a projector, a
// screen share), --insecure, and an EHLO name the engine would refuse only after the greeting.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {ConnectionPanel} from '../../source/ui/components/connection-panel.js';
import {connectionSettings, createConnectionForm, ehloError} from '../../source/ui/components/connection-form.js';
import {createDashboardState, dashboardReducer, type DashboardEnvironment, type DashboardState} from '../../source/ui/components/dashboard-state.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {formReducer} from '../../source/ui/components/form-state.js';
import {createLogView} from '../../source/ui/components/protocol-log.js';
import {StatusBar} from '../../source/ui/components/status-bar.js';
import type {BindingId} from '../../source/ui/keys/bindings.js';
import {startRawServer} from '../helpers/raw-server.js';
import {plain, waitForFrame} from '../helpers/wait-for.js';
import {defaultInit, KEYS, startApp as startHarness} from './app-harness.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';
import {afterTest, startApp} from './wired-app.js';

const draw = (element: React.ReactElement) => plain(render(element).lastFrame());
/** The --insecure warning, wrapped in a panel or not. */
const warned = (frame: string) => /! INSECURE: certificates will not be\W+checked \(--insecure\)/.test(frame);

const env: DashboardEnvironment = {
	logView: createLogView({entries: [], total: 0, width: 50, height: 10, timestamps: false}),
	bodyRows: 5,
	hasInbox: false,
	inboxItems: [],
	viewLines: 0,
	viewRows: 1,
};
const press = (state: DashboardState, ...ids: BindingId[]) => ids.reduce((current, id) => dashboardReducer(current, {type: 'key', id, input: '', env}), state);
const type = (state: DashboardState, text: string) => dashboardReducer(state, {type: 'key', id: 'edit.insert', input: text, env});

describe('the password mask', () => {
	const settings = {host: 'mail.example.test', port: 587, security: 'starttls' as const, user: 'alice'};

	it('is the same fixed mask for a long and a short password while the field is not being typed in', () => {
		for (const password of ['LongSecret123456', 'abc']) {
			const form = createConnectionForm({...settings, password});
			const frame = draw(<ConnectionPanel form={form} focused width={60} height={12} />);
			expect(frame).toMatch(/ Password +\*{8}(?!\*)/);
			// The cursor on the password field, but nothing typed yet: still the fixed mask.
			const at = draw(<ConnectionPanel form={formReducer(form, {type: 'focus', id: 'password'})} focused width={60} height={12} />);
			expect(at).toMatch(/▸ Password +\*{8}(?!\*)/);
		}
		// Not set: no mask at all, so "set" and "not set" still read apart.
		expect(draw(<ConnectionPanel form={createConnectionForm({...settings, password: ''})} focused width={60} height={12} />)).not.toContain('*');
	});

	it('shows one * per character while it is typed, and the fixed mask again once the field or the panel is left', () => {
		const start = createDashboardState({...defaultInit, connection: {...settings, password: 'LongSecret123456'}});
		const atPassword = press(start, 'focus.prev', 'field.next', 'field.next', 'field.next', 'field.next');
		const typed = type(atPassword, '7');
		const panel = (state: DashboardState) => draw(<ConnectionPanel form={state.connectionForm} focused={state.focus === 'connection'} width={60} height={12} />);
		expect(panel(atPassword)).toMatch(/▸ Password +\*{8}(?!\*)/);
		expect(panel(typed)).toMatch(/▸ Password +\*{17}(?!\*)/);
		expect(panel(press(typed, 'field.next'))).toMatch(/ Password +\*{8}(?!\*)/);
		// Tab away and back: the cursor is on the password again, its typing is over.
		const back = press(typed, 'focus.next', 'focus.prev');
		expect(back.connectionForm.active).toBe(typed.connectionForm.active);
		expect(panel(back)).toMatch(/▸ Password +\*{8}(?!\*)/);
	});

	it('as keys reach the dashboard: the length never shows until the user types', async () => {
		const app = startHarness({init: {connection: {...settings, password: 'LongSecret123456'}}});
		await app.press(KEYS.shiftTab, KEYS.down, KEYS.down, KEYS.down, KEYS.down);
		// The frame follows the keys a tick later: on a busy machine, more than one.
		const focused = await waitForFrame(app.lastFrame, frame => frame.includes('▸ Password'));
		expect(focused).toMatch(/▸ Password +\*{8}(?!\*)/);
		expect(focused).not.toMatch(/\*{9}/);
		await app.press(KEYS.backspace);
		await waitForFrame(app.lastFrame, frame => /▸ Password +\*{15}(?!\*)/.test(frame));
	});
});

describe('--insecure, before connecting', () => {
	it('is said in the connection panel next to the target, loudly, and in the footer', () => {
		const idle = snapshot({connection: 'idle', busy: false, greeting: undefined, extensions: undefined, target: {host: 'mail.example.test', port: 465, security: 'tls', sandbox: false}});
		const panel = draw(<ConnectionPanel form={createConnectionForm({host: 'mail.example.test', port: 465, security: 'tls'})} focused={false} width={41} height={5} info={idle} insecure />);
		const [target, ...rest] = panel.split('\n');
		expect(target).toContain('TLS · mail.example.test:465');
		expect(warned(rest.join('\n'))).toBe(true);
		const footer = draw(<StatusBar context={{focus: 'composer', mode: 'auto', editing: false}} connection="idle" insecure width={100} />);
		expect(footer).toMatch(/not connected +INSECURE /);
		// Without the flag: not a word of it.
		expect(draw(<ConnectionPanel form={createConnectionForm({host: 'h', port: 465, security: 'tls'})} focused={false} width={41} height={5} info={idle} />)).not.toContain('INSECURE');
		expect(draw(<StatusBar context={{focus: 'composer', mode: 'auto', editing: false}} connection="idle" width={100} />)).not.toContain('INSECURE');
	});

	it('once connected, follows the certificate: verified anyway (with --ca) is not "not checked"', () => {
		const tls = {protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', subject: 'CN=h', issuer: 'CN=CA', validFrom: 'a', validTo: 'Jan 1 2030', fingerprint256: 'AA', authorized: true, insecure: true};
		const verified = draw(<ConnectionPanel form={createConnectionForm({host: 'h', port: 465, security: 'tls'})} focused={false} width={60} height={12} info={snapshot({tls, secure: true})} insecure />);
		expect(verified).not.toContain('INSECURE');
		expect(draw(<StatusBar context={{focus: 'composer', mode: 'auto', editing: false}} connection="connected" secure insecure width={100} />)).not.toContain('INSECURE');
	});

	it('shows whole in the dashboard at 100×30, with the panel grown to hold it', () => {
		const props = dashboardProps({presenter: true, insecure: true, focus: 'composer', size: {columns: 100, rows: 30}, snapshot: snapshot({connection: 'idle', busy: false, greeting: undefined, extensions: undefined})});
		const frame = draw(<Dashboard {...props} />);
		// The left column (45 of 100 columns): the connection panel.
		expect(warned(frame.split('\n').map(row => row.slice(0, 45)).join('\n'))).toBe(true);
		expect(frame.split('\n').at(-1)).toContain('INSECURE');
	});

	it('the wired dashboard says Verify off (--insecure at start) before any connection', async () => {
		const app = startApp({host: '127.0.0.1', port: 1, security: 'starttls', user: '', password: '', ehlo: 'client.test', insecure: true}, undefined);
		await app.frame(warned);
		expect(app.instance.lastFrame()!.split('\n').at(-1)).toContain('INSECURE');
		expect(app.controller.getSnapshot().session.connection).toBe('idle');
	});
});

describe('the EHLO name, checked before connecting', () => {
	it('as the engine checks it: control characters (NEL) and spaces are refused, an empty name is the host name', () => {
		expect(ehloError('client\u0085.test')).toEqual({field: 'ehlo', message: "EHLO name contains the control character U+0085: give this machine's domain name (empty: picked for you, shown in the field)"});
		expect(ehloError('client\u202E.test')?.message).toContain('U+202E');
		expect(ehloError('a b')?.message).toContain('contains a space');
		expect(ehloError(`${'a'.repeat(600)}.test`)?.message).toMatch(/would be \d+ octets/);
		expect(ehloError('client.example.test')).toBeUndefined();
		expect(ehloError('')).toBeUndefined();
		const form = formReducer(createConnectionForm({host: 'h.test', port: 25, ehlo: 'client.test'}), {type: 'set', id: 'ehlo', value: 'bad\u0085name'});
		expect(connectionSettings(form)).toEqual({error: ehloError('bad\u0085name')});
		// An internationalised name goes as punycode, as send's --helo does; not refused as non-ASCII.
		const idn = formReducer(createConnectionForm({host: 'h.test', port: 25, ehlo: ''}), {type: 'set', id: 'ehlo', value: 'bücher.example'});
		expect(connectionSettings(idn)).toMatchObject({settings: {ehlo: 'xn--bcher-kva.example'}});
	});

	it('when the field is left (Up, or Tab out of the panel), with the error on the field', () => {
		const start = createDashboardState({...defaultInit, connection: {host: 'h.test', port: 25, security: 'none', ehlo: ''}});
		const atEhlo = press(start, 'focus.prev', 'field.next', 'field.next', 'field.next', 'field.next', 'field.next');
		const typed = type(atEhlo, 'bad\u0085name');
		// Still typing: not yet.
		expect(typed.connectionForm.error).toBeUndefined();
		expect(press(typed, 'field.prev').connectionForm.error).toEqual({field: 'ehlo', message: expect.stringContaining('U+0085')});
		expect(press(typed, 'focus.next').connectionForm.error).toEqual({field: 'ehlo', message: expect.stringContaining('U+0085')});
		// A good name passes without a word.
		expect(press(type(atEhlo, 'client.test'), 'field.prev').connectionForm.error).toBeUndefined();
		const shown = draw(<ConnectionPanel form={press(typed, 'field.prev').connectionForm} focused width={100} height={12} />);
		expect(shown).toContain('✖ EHLO name contains the control character U+0085');
	});

	it('the port too, when its field is left, as Ctrl+S would refuse it', () => {
		const start = createDashboardState({...defaultInit, connection: {host: 'h.test', port: 25, security: 'none', ehlo: ''}});
		const atPort = press(start, 'focus.prev', 'field.next');
		const typed = type(atPort, 'x');
		expect(typed.connectionForm.error).toBeUndefined();
		expect(press(typed, 'field.next').connectionForm.error).toEqual({field: 'port', message: 'Port: "25x" is not a number from 1 to 65535'});
		expect(press(typed, 'focus.next').connectionForm.error?.field).toBe('port');
		expect(press(atPort, 'field.next').connectionForm.error).toBeUndefined();
	});

	it("a field's error wraps in a narrow panel (80 columns) rather than being cut: what is wrong and what to do both show", () => {
		const form = formReducer(createConnectionForm({host: 'h.test', port: 25, ehlo: 'my laptop'}), {type: 'error', error: ehloError('my laptop')!});
		const shown = draw(<ConnectionPanel form={form} focused width={34} height={16} />);
		expect(shown).not.toContain('…');
		expect(shown.split('\n').map(row => row.trim()).join(' ')).toContain(`✖ EHLO name: "my laptop" contains a space; it is one word, this machine's domain name (empty: picked for you, shown in the field)`);
		// In the dashboard at 80×24, the rows are kept for it.
		const state = press(createDashboardState({...defaultInit, connection: {host: '127.0.0.1', port: 25, security: 'none', ehlo: ''}}), 'focus.prev', 'field.next');
		const frame = draw(<Dashboard {...dashboardProps({focus: 'connection', connectionForm: press(type(state, 'x'), 'field.next').connectionForm, size: {columns: 80, rows: 24}})} />);
		expect(frame).toMatch(/✖ Port: "25x" is not a number\s*║[^\n]*\n║\s+from 1 to 65535/);
	});

	it('Ctrl+S refuses it before connecting; Tab out of the field says it in the footer', async () => {
		let connections = 0;
		const server = await startRawServer(async peer => {
			connections++;
			peer.write('220 x.test ESMTP\r\n');
			await peer.readLine();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'bad\u0085name'}, undefined);
		await app.press(KEYS.ctrl('s'));
		const footer = (frame: string) => frame.split('\n').slice(-3).join(' ');
		await app.frame(f => footer(f).includes("EHLO name contains the control character U+0085: give this machine's domain name") && f.includes('✖ EHLO name contains'));
		// The focus went to the field, as for other fields' errors, and nothing was opened.
		expect(plain(app.instance.lastFrame())).toMatch(/▸ EHLO name/);
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(connections).toBe(0);
		expect(app.controller.getSnapshot().session.connection).toBe('idle');

		// Fixed, then broken again and left with Tab: the footer says it, the panel no longer having the focus.
		const other = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: ''}, undefined);
		await other.press(KEYS.shiftTab, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, 'two words', KEYS.tab);
		await other.frame(f => footer(f).includes('EHLO name: "two words" contains a space'));
		expect(connections).toBe(0);
	});
});
