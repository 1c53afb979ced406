// The dashboard started with --tls-min/--tls-max: the connection panel says what is allowed (TLS 1.0/1.1 as loudly
// as --insecure), and Ctrl+S reaches a real smtp-server on loopback that speaks only TLS 1.1, said again in the log.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {testCerts} from '../helpers/certs.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, startApp} from './wired-app.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dash-versions-'));
const startSandbox = sandboxPerTest();

describe('the dashboard with --tls-min/--tls-max', () => {
	it('--tls-min 1.1: INSECURE in the panel before connecting; an old server is reached in TLS 1.1, and the log says so', async () => {
		const server = await startSmtpServer({minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0'});
		afterTest(() => server.close());
		const caFile = path.join(dir, 'ca.pem');
		writeFileSync(caFile, (await testCerts()).ca);
		const settings = {host: 'localhost', port: server.port, security: 'starttls' as const, user: '', password: '', ehlo: 'client.test', caFile};
		const app = startApp(settings, undefined, {defaults: {...defaults, tlsVersions: {min: '1.1'}}, init: {mode: 'auto'}});
		await app.frame(frame => frame.includes('! INSECURE: TLS 1.1 to 1.3 (--tls-min 1.1)'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => frame.includes('✔ queued'), 10_000);
		const texts = app.controller.driver.log.entries.map(entry => entry.text);
		expect(texts.some(text => text.startsWith('INSECURE: TLS 1.1 to 1.3 allowed (--tls-min 1.1)')), texts.join('\n')).toBe(true);
		expect(texts).toContain('this session uses TLSv1.1, which is insecure (--tls-min 1.1): do not send real passwords or mail over it');
	});

	it('--tls-min 1.3 against a TLS 1.2 server: the next step names the flag, and no plain-text way is offered', async () => {
		const server = await startSmtpServer({maxVersion: 'TLSv1.2'});
		afterTest(() => server.close());
		const caFile = path.join(dir, 'ca.pem');
		writeFileSync(caFile, (await testCerts()).ca);
		const settings = {host: 'localhost', port: server.port, security: 'auto' as const, user: '', password: '', ehlo: 'client.test', caFile};
		const app = startApp(settings, undefined, {defaults: {...defaults, tlsVersions: {min: '1.3'}}, init: {mode: 'auto', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(text => text.includes('next: the server offers none of TLS 1.3'), 10_000);
		expect(frame.replace(/\s+/g, ' ')).toContain('all that --tls-min 1.3 allows: start smtp-tui again with a lower --tls-min (or without)');
		const texts = app.controller.driver.log.entries.map(entry => entry.text);
		expect(texts.join('\n')).not.toContain('sends without TLS');
	});

	it('--tls-max 1.1 against the sandbox, which refuses it with alert 80: the next step names the flag, no plain-text way', async () => {
		const sandbox = await startSandbox();
		const settings = {host: '127.0.0.1', port: sandbox.port, security: 'auto' as const, user: '', password: '', ehlo: 'client.test', caFile: sandbox.certificate.path};
		const app = startApp(settings, undefined, {defaults: {...defaults, tlsVersions: {max: '1.1'}}, init: {mode: 'auto', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(text => text.includes('next: the server most likely refused TLS 1.1'), 10_000);
		expect(frame.replace(/\s+/g, ' ')).toContain('all that --tls-max 1.1 allows: start smtp-tui again with a higher --tls-max (or without)');
		const texts = app.controller.driver.log.entries.map(entry => entry.text).join('\n');
		expect(texts).toContain('you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server refused the handshake (TLS alert 80: internal error)');
		expect(texts).not.toContain('sends without TLS');
	});

	it('a version it does not know stops the start (exit 1), before the terminal check', async () => {
		const result = await runCli(['--host', '127.0.0.1', '--tls-max', '2']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('--tls-max must be 1.0, 1.1, 1.2 or 1.3, not "2"');
	});
});
