// Ctrl+K's probe, as the dashboard runs it: the panel's own port with the panel's security, --timeout's wait.
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {targetFor, type TargetDefaults} from '../../source/ui/panel-target.js';
import {checkPanelHost} from '../../source/ui/check-action.js';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';
import {printable} from '../../source/ui/components/display-text.js';
import {startRawServer} from '../helpers/raw-server.js';
import {startSmtpServer, startWatchedServer} from '../helpers/smtp-server.js';
import {closedPort} from '../transport/harness.js';

const controllers: SessionController[] = [];
afterEach(async () => {
	await Promise.all(controllers.splice(0).map(controller => controller.close()));
});

/** Ctrl+K against a server that greets with `banner` after `delayMs`, then answers EHLO and QUIT: the log's lines. */
async function checkGreeter(banner: string, defaults: TargetDefaults, delayMs = 0): Promise<{lines: string[]; port: number}> {
	const server = await startRawServer(async peer => {
		await new Promise(resolve => setTimeout(resolve, delayMs));
		peer.write(`${banner}\r\n`);
		await peer.readLine();
		peer.write('250 ok\r\n');
		await peer.readLine().catch(() => undefined);
		peer.write('221 bye\r\n');
	});
	try {
		const settings: ConnectionSettings = {host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'};
		const controller = new SessionController(targetFor(settings, defaults));
		controllers.push(controller);
		await checkPanelHost(controller, settings, defaults);
		return {lines: controller.getSnapshot().session.log.map(entry => entry.text), port: server.port};
	} finally {
		await server.close();
	}
}

describe('checkPanelHost', () => {
	it('waits as long as --timeout says, and names the port it probes with TLS from the first byte', async () => {
		const port = await closedPort();
		const settings: ConnectionSettings = {host: '127.0.0.1', port, security: 'tls', user: '', password: '', ehlo: 'client.test'};
		const controller = new SessionController(targetFor(settings, {}));
		controllers.push(controller);
		await checkPanelHost(controller, settings, {checkTimeoutMs: 2000});
		const lines = controller.getSnapshot().session.log.map(entry => entry.text);
		expect(lines[0]).toBe(`check: probing 127.0.0.1 on ports 25, 465, 587, 2525, ${port} (up to 2 s, ${port} with TLS from the first byte)`);
		// This machine (the sandbox's host) cannot answer the port-25 lesson's question: the log says where it can.
		expect(lines[1]).toBe('check: 127.0.0.1 is this machine, with no network on the way to block a port; whether yours blocks port 25 shows against a real server: Ctrl+L puts the recipient\'s MX in Host, then Ctrl+K (or run smtp-tui check gmail.com)');
	});

	it('without --timeout, waits for the banner as smtp-tui check does: a server greeting after 8 s is open, not silent', async () => {
		const {lines, port} = await checkGreeter('220 late.test ESMTP', {}, 8500);
		expect(lines[0]).toBe(`check: probing 127.0.0.1 on ports 25, 465, 587, 2525, ${port} (up to 8 s, 30 s for the banner)`);
		expect(lines.find(text => text.startsWith(`check: port ${port} `))).toContain('220 late.test ESMTP');
	}, 20_000);

	it('probes with the dashboard\'s --tls-min: an old server\'s TLS 1.0 shows', async () => {
		const server = await startSmtpServer({secure: true, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0'});
		try {
			const settings: ConnectionSettings = {host: '127.0.0.1', port: server.port, security: 'tls', user: '', password: '', ehlo: 'client.test'};
			const controller = new SessionController(targetFor(settings, {}));
			controllers.push(controller);
			await checkPanelHost(controller, settings, {checkTimeoutMs: 2000, tlsVersions: {min: '1.0'}});
			const line = controller.getSnapshot().session.log.map(entry => entry.text).find(text => text.startsWith(`check: port ${server.port} `));
			expect(line).toContain('TLSv1');
			expect(line).not.toContain('no TLS version in common');
		} finally {
			await server.close();
		}
	});

	it('probes the way the session goes: from --local-address, over -4', async () => {
		const server = await startWatchedServer();
		try {
			const settings: ConnectionSettings = {host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'};
			const defaults = {checkTimeoutMs: 2000, family: 4 as const, localAddress: '127.0.0.2'};
			const controller = new SessionController(targetFor(settings, defaults));
			controllers.push(controller);
			await checkPanelHost(controller, settings, defaults);
			expect(server.peers).toEqual(['127.0.0.2']);
			expect(controller.getSnapshot().session.log[0]?.text).toMatch(/^check: probing 127\.0\.0\.1 over IPv4 from 127\.0\.0\.2 on ports /);
		} finally {
			await server.close();
		}
	});

	it('logs a banner with control characters as the log shows every reply (ESC as ^[), not as U+FFFD', async () => {
		const {lines, port} = await checkGreeter('220 mail.evil.test ESMTP \u001b]0;PWNED-TITLE\u0007', {checkTimeoutMs: 2000});
		const line = lines.find(text => text.startsWith(`check: port ${port} `));
		expect(printable(line ?? '')).toContain('220 mail.evil.test ESMTP ^[]0;PWNED-TITLE^G');
	});
});
