// The connection panel's EHLO name field: named LHLO name in an LMTP session (the same value), and, left empty, the
// name the driver picks shown in it (the host name with a dot, else this end's address literal) before and after.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {ehloLabel, ehloPlaceholder, ehloReason} from '../../source/ui/ehlo-field.js';
import os from 'node:os';
import {defaultEhloName} from '../../source/smtp/ehlo-name.js';
import {startWatchedServer} from '../helpers/smtp-server.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {afterTest, startApp} from './wired-app.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';

const draw = (element: React.ReactElement) => {
	const {lastFrame, unmount} = render(element);
	const frame = plain(lastFrame() ?? '');
	unmount();
	return frame;
};

const idle = (lmtp: boolean) => snapshot({connection: 'idle', target: {host: 'mx.example.test', port: 24, security: 'none', sandbox: false, ...(lmtp && {lmtp: true as const})}});
const form = (ehlo: string) => createConnectionForm({host: 'mx.example.test', port: 24, security: 'none', ehlo});

describe('the EHLO name field', () => {
	for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
		it(`reads LHLO name in an LMTP session, EHLO name otherwise (${size.columns}x${size.rows}), with the value kept`, () => {
			const lmtp = draw(<Dashboard {...dashboardProps({focus: 'connection', size, snapshot: idle(true), connectionForm: form('client.example.test')})} />);
			expect(lmtp).toMatch(/LHLO name client\.example\.test/);
			expect(lmtp).not.toContain('EHLO name');
			const smtp = draw(<Dashboard {...dashboardProps({focus: 'connection', size, snapshot: idle(false), connectionForm: form('client.example.test')})} />);
			expect(smtp).toMatch(/EHLO name client\.example\.test/);
		});
	}

	it('empty, shows what will go and, once connected, what went', () => {
		const before = draw(<Dashboard {...dashboardProps({focus: 'connection', size: {columns: 100, rows: 30}, snapshot: idle(false), connectionForm: form('')})} />);
		// Its start: a long host name is cut at the panel's edge.
		expect(before).toContain(`EHLO name ${ehloPlaceholder(undefined, false).slice(0, 12)}`);
		expect(ehloLabel(true)).toBe('LHLO name');
		// The host name is the function's input: the rule, whatever this machine is called.
		expect(ehloPlaceholder(undefined, false, 'laptop.example.com')).toBe("laptop.example.com (this machine's name)");
		expect(ehloPlaceholder(undefined, false, 'vm')).toBe('auto: your address');
		const connected = {target: {host: 'mx.example.test', port: 25, security: 'none' as const, sandbox: false}, endpoints: {remote: {address: '192.0.2.1', port: 25}, local: {address: '192.0.2.5', port: 40000}}};
		expect(ehloPlaceholder(connected, false, 'vm')).toBe('auto: [192.0.2.5]');
		expect(ehloPlaceholder({...connected, endpoints: {...connected.endpoints, local: {address: '2001:db8::5', port: 40000}}}, false, 'vm')).toBe('auto: [IPv6:2001:db8::5]');
		expect(ehloPlaceholder(undefined, true, 'vm')).toBe('auto: vm');
		// Why, in plain words: said under the field while it is edited (the field has no room for it at 80 columns).
		expect(ehloReason(false, 'vm')).toBe("empty: your address goes, as this machine's name (vm) is not a full domain name (one with a dot)");
		expect(ehloReason(true, 'vm')).toBe('empty: the name vm goes, though not a full domain name (one with a dot): a Unix socket has no address');
		expect(ehloReason(false, 'laptop.example.com')).toBeUndefined();
	});
});

/** The panel at `size`, the focus on its field `active` (5: the EHLO name), aimed at `host`. */
const focusedOn = (host: string, size: {columns: number; rows: number}, active = 5) => {
	const aimed = {...createConnectionForm({host, port: 24, security: 'none', ehlo: ''}), active};
	const idle = snapshot({connection: 'idle', target: {host, port: 24, security: 'none', sandbox: false}});
	return draw(<Dashboard {...dashboardProps({focus: 'connection', size, snapshot: idle, connectionForm: aimed})} />);
};
/** The panel's rows (its left column), without borders, runs of spaces as one: wrapped text reads whole. */
const panelText = (frame: string) => frame.split('\n').map(row => /^[║│]\s?(.*?)\s*[║│]/.exec(row)?.[1] ?? '').join(' ').replace(/ +/g, ' ');

describe('the empty EHLO name field, focused', () => {
	for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
		it(`keeps its placeholder after the cursor, whole, and says why under it (${size.columns}x${size.rows})`, () => {
			for (const host of ['mx.example.test', '/tmp/lmtp.sock']) {
				const frame = focusedOn(host, size);
				const socket = host.startsWith('/');
				expect(frame).toMatch(new RegExp(`▸ EHLO name +${ehloPlaceholder(undefined, socket).slice(0, 20).replace(/[[\].()]/g, '\\$&')}`));
				const reason = ehloReason(socket);
				if (reason) expect(panelText(frame)).toContain(reason);
				else expect(frame).not.toContain('empty:');
			}
		});
	}

	it('says why only while the EHLO field is focused and empty', () => {
		const user = focusedOn('mx.example.test', {columns: 100, rows: 30}, 3);
		expect(user).not.toContain('empty:');
	});
});

describe('the Port field with a Unix socket as the Host', () => {
	for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
		it(`reads "not used (socket)" (${size.columns}x${size.rows}), and its value while it is edited`, () => {
			expect(focusedOn('/tmp/lmtp.sock', size, 0)).toMatch(/^║ {3}Port {6}not used \(socket\) /m);
			expect(focusedOn('/tmp/lmtp.sock', size, 1)).toMatch(/▸ Port {6}24 /);
			expect(focusedOn('mx.example.test', size, 0)).toMatch(/^║ {3}Port {6}24 /m);
		});
	}
});

describe('the dashboard with the EHLO name field empty', () => {
	it('sends the picked name (the address literal where the host name has no dot), and shows it in the field once connected', async () => {
		const server = await startWatchedServer();
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: ''}, undefined);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued/.test(f));
		const expected = defaultEhloName(os.hostname(), '127.0.0.1');
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text)).toContain(`EHLO ${expected}`);
		expect(ehloPlaceholder(app.controller.getSnapshot().session, false)).toContain(expected);
	});
});
