// The connection panel's EHLO name field: named LHLO name in an LMTP session (the same value), and, left empty, the
// name the driver picks shown in it (the host name with a dot, else this end's address literal) before and after.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {ehloLabel, ehloPlaceholder} from '../../source/ui/ehlo-field.js';
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
		expect(ehloPlaceholder(undefined, false, 'vm')).toBe('[local IP] (vm has no dot)');
		const connected = {target: {host: 'mx.example.test', port: 25, security: 'none' as const, sandbox: false}, endpoints: {remote: {address: '192.0.2.1', port: 25}, local: {address: '192.0.2.5', port: 40000}}};
		expect(ehloPlaceholder(connected, false, 'vm')).toBe('[192.0.2.5] (vm has no dot)');
		expect(ehloPlaceholder({...connected, endpoints: {...connected.endpoints, local: {address: '2001:db8::5', port: 40000}}}, false, 'vm')).toBe('[IPv6:2001:db8::5] (vm has no dot)');
		expect(ehloPlaceholder(undefined, true, 'vm')).toBe('vm (no address on a Unix socket)');
	});
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
		expect(ehloPlaceholder(app.controller.getSnapshot().session, false)).toMatch(new RegExp(`^${expected.replace(/[[\].]/g, '\\$&')} `));
	});
});
