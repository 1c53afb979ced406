// The connection panel's CA file and Verify fields: what --ca and --insecure do, changed in the dashboard and used
// by the next connection, against real TLS servers on loopback.
import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {readCaField} from '../../source/ui/ca-field.js';
import {inPanelWords} from '../../source/ui/trust-advice.js';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {formReducer} from '../../source/ui/components/form-state.js';
import {testCerts} from '../helpers/certs.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';
import {afterTest, fileWith, sandboxApp, startApp, type TestApp} from './wired-app.js';

/** An SMTP server with TLS from the first byte, with the test CA's certificate unless `identity` says otherwise. */
async function tlsServer(identity: {key?: string; cert?: string} = {}): Promise<TestSmtpServer & {connections: () => number}> {
	let connections = 0;
	const server = await startSmtpServer({
		secure: true,
		...identity,
		onConnect(_session, callback) {
			connections++;
			callback();
		},
	});
	afterTest(() => server.close());
	return {...server, connections: () => connections};
}

/** The wired dashboard aimed at `port` with TLS from the first byte, no login. */
const tlsApp = (port: number) => startApp({host: '127.0.0.1', port, security: 'tls', user: '', password: '', ehlo: 'client.test'}, undefined, {size: {columns: 100, rows: 30}});

/** From the composer (the focus at start) to a field of the connection panel: Host, then Down to it. */
async function toField(app: TestApp, downs: number): Promise<void> {
	await app.press(KEYS.shiftTab, ...Array.from({length: downs}, () => KEYS.down));
}
const CA_FIELD = 6;
const VERIFY_FIELD = 7;

const logText = (app: TestApp) => app.controller.getSnapshot().session.log.map(entry => entry.text);

describe('the CA file field', () => {
	it('a CA typed in the panel is trusted at the next Ctrl+S: the message goes over a verified session', async () => {
		const server = await tlsServer();
		const app = tlsApp(server.port);
		await toField(app, CA_FIELD);
		await app.press(fileWith((await testCerts()).ca));
		await app.frame(f => /▸ CA file +\S*ca\.pem/.test(plain(f)));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued/.test(f));
		expect(server.messages).toHaveLength(1);
		expect(app.controller.getSnapshot().session.tls?.authorized).toBe(true);
		expect(logText(app)).toContain('certificate verified');
	});

	it('a file that cannot be read, or holds no certificate, is refused on the field before connecting', async () => {
		const server = await tlsServer();
		const app = tlsApp(server.port);
		const missing = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-ca-')), 'missing.pem');
		await toField(app, CA_FIELD);
		await app.press(missing, KEYS.ctrl('s'));
		const refused = plain(await app.frame(f => /cannot read/.test(f)));
		// In the footer whole, where the panel's narrow row cuts it.
		expect(refused.replace(/\s+/g, ' ')).toContain(`CA file: cannot read ${missing}: no such file; empty: the system CAs only`);
		expect(refused).toMatch(/✖ CA file: cannot read/);
		// A private key where the certificate should be: what the file holds is named.
		await app.press(KEYS.ctrl('u'), fileWith((await testCerts()).server.key, 'server.key'), KEYS.ctrl('s'));
		const key = plain(await app.frame(f => /holds no PEM certificate/.test(f)));
		expect(key.replace(/\s+/g, ' ')).toMatch(/CA file: \S+server\.key holds no PEM certificate \(expected "-----BEGIN CERTIFICATE-----"\); it holds a private key/);
		expect(app.controller.getSnapshot().session.connection).toBe('idle');
		expect(server.connections()).toBe(0);
		expect(server.messages).toHaveLength(0);
	});

	it('the sandbox still trusts exactly its own certificate, whatever CA the field names', async () => {
		const app = await sandboxApp();
		await toField(app, CA_FIELD);
		// The test CA did not issue the sandbox's certificate: trusted there, it would refuse it.
		await app.press(fileWith((await testCerts()).ca));
		await app.frame(f => /▸ CA file +\S*ca\.pem/.test(plain(f)));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(app.controller.getSnapshot().session.tls?.authorized).toBe(true);
	});

	it('a CA file that cannot be read does not stop a send to the sandbox, which ignores the field', async () => {
		const app = await sandboxApp();
		await toField(app, CA_FIELD);
		await app.press('/nowhere/ca.pem', KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(app.instance.lastFrame()).not.toContain('cannot read');
	});
});

describe('Verify off', () => {
	it('is said loudly before connecting, then takes a certificate no CA vouches for; switched on again, it waits for a disconnect', async () => {
		const server = await tlsServer((await testCerts()).selfSigned);
		const app = tlsApp(server.port);
		await toField(app, VERIFY_FIELD);
		await app.press(KEYS.right);
		const before = plain(await app.frame(f => /INSECURE: certificates will not be/.test(f)));
		expect(before).toMatch(/▸ Verify +on \[off\]/);
		expect(before.trimEnd().split('\n').at(-1)).toMatch(/not connected +INSECURE/);
		expect(app.controller.getSnapshot().session.connection).toBe('idle');
		await app.press(KEYS.ctrl('s'));
		const sent = plain(await app.frame(f => /✔ queued/.test(f)));
		expect(server.messages).toHaveLength(1);
		expect(app.controller.getSnapshot().session.tls).toMatchObject({authorized: false, insecure: true});
		expect(logText(app)).toContain('certificate verification is OFF (--insecure): anyone in the path can read and change this session');
		// The left column (45 of 100 columns): the connection panel.
		expect(sent.split('\n').map(row => row.slice(0, 45)).join('\n')).toMatch(/INSECURE: certificate not checked\W+\(--insecure\)/);
		expect(sent.trimEnd().split('\n').at(-1)).toContain('connected TLS (unverified)');
		// Verify on again over the open connection: like any panel change, it is for the next connection. (The same
		// message again this soon: the first Ctrl+S asks, the second sends.)
		await app.press(KEYS.right, KEYS.ctrl('s'), KEYS.ctrl('s'));
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => entry.text.startsWith('the connection panel changed: its settings apply after disconnect')));
		await app.frame(f => /✔ queued/.test(f) && server.messages.length === 2);
		// The next connection verifies again, and refuses that certificate.
		await app.press(KEYS.ctrl('x'));
		await app.frame(f => /disconnected/.test(f));
		await app.press(KEYS.ctrl('s'), KEYS.ctrl('s'));
		const refused = plain(await app.frame(f => f.includes('✖ Certificate not trusted: ')));
		expect(server.messages).toHaveLength(2);
		// The footer gives the advice in the panel's words: no flag the dashboard would need a restart for.
		const footer = refused.trimEnd().split('\n').slice(-4).join(' ').replace(/\s+/g, ' ');
		// Ctrl+S was pressed in the connection panel: no key to reach it.
		expect(footer).toContain("Set CA file in the connection panel to your CA's certificate (PEM), or Verify: off to test anyway; then Ctrl+S");
		expect(footer).not.toContain('--ca');
	});

	it('words a wrong CA file as the panel field, not as --ca', () => {
		expect(inPanelWords('certificate verification failed: unable to get local issuer certificate; the CA given with --ca (CN=Spot) does not vouch for it: give --ca the CA that issued it, or use --insecure to skip verification')).toBe(
			'certificate verification failed: unable to get local issuer certificate; the CA file (CN=Spot) does not vouch for it: set CA file to the CA that issued it, or Verify: off to skip verification',
		);
	});
});

describe('flags and layout', () => {
	it('readCaField: ~/ is the home folder, quotes go, and an empty field means the system CAs only', async () => {
		const {ca} = await testCerts();
		const file = fileWith(ca);
		const home = path.dirname(file);
		expect(readCaField(`~/${path.basename(file)}`, home)).toEqual({ca});
		expect(readCaField(`"${file}"`, home)).toEqual({ca});
		expect(readCaField('', home)).toEqual({});
		expect(readCaField('~/none.pem', home)).toEqual({error: {field: 'ca', message: `CA file: cannot read ${path.join(home, 'none.pem')}: no such file; empty: the system CAs only`}});
	});

	it('readCaField refuses a pipe, a terminal or a folder without reading it (the dashboard would wait on it for good)', () => {
		const fifo = path.join(path.dirname(fileWith('x')), 'ca.fifo');
		execFileSync('mkfifo', [fifo]);
		expect(readCaField(fifo)).toEqual({error: {field: 'ca', message: `CA file: ${fifo} is not a regular file (a pipe or a device); give the CA's certificate file (PEM)`}});
		expect(readCaField('/dev/zero')).toMatchObject({error: {message: expect.stringContaining('not a regular file')}});
		expect(readCaField(path.dirname(fifo))).toMatchObject({error: {message: expect.stringContaining('is a folder')}});
	});

	it('presenter mode at 80x24 with Verify off and an error: the fields scroll, the one edited and the error stay in view', () => {
		let form = createConnectionForm({host: 'mail.example.org', port: 587, security: 'starttls', user: 'me', password: 'x', ehlo: 'client.test', caFile: '/etc/ca.pem', insecure: true});
		form = formReducer(formReducer(form, {type: 'focus', id: 'verify'}), {type: 'error', error: {field: 'ca', message: 'CA file: cannot read /etc/ca.pem: no such file'}});
		const idle = snapshot({connection: 'idle', busy: false, greeting: undefined, extensions: undefined});
		const frame = plain(render(<Dashboard {...dashboardProps({presenter: true, focus: 'connection', insecure: true, connectionForm: form, snapshot: idle})} />).lastFrame());
		const panel = frame.split('\n').map(row => row.slice(0, 36)).join('\n');
		expect(panel).toContain('! INSECURE');
		expect(panel).toMatch(/▸ Verify +on \[off\]/);
		expect(panel).toContain('✖ CA file: cannot read');
		// Host went up out of view to make room.
		expect(panel).not.toContain('Host');
	});
});
