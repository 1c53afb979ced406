// --socks in the dashboard: the connection panel shows the way ("via SOCKS host:port"), read-only, and Ctrl+S goes
// through a real SOCKS5 proxy to a real SMTP server.
import {describe, expect, it} from 'vitest';
import {routeLine} from '../../source/ui/components/connection-panel.js';
import {startWatchedServer} from '../helpers/smtp-server.js';
import {startSocksServer} from '../helpers/socks-server.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, startApp} from './wired-app.js';

describe('the connection panel with --socks', () => {
	it('shows the proxy before connecting; the session goes through it, and the log says so', async () => {
		const server = await startWatchedServer();
		afterTest(() => server.close());
		const socks = await startSocksServer({names: {'mail.behind.test': '127.0.0.1'}});
		afterTest(() => socks.close());
		const app = startApp({host: 'mail.behind.test', port: server.port, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined, {
			defaults: {...defaults, socks: {host: '127.0.0.1', port: socks.port}},
		});
		await app.frame(f => plain(f).includes(`via SOCKS 127.0.0.1:${socks.port}`));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued/.test(f));
		expect(socks.requests).toEqual([{type: 'name', host: 'mail.behind.test', port: server.port}]);
		const log = app.controller.getSnapshot().session.log.map(entry => entry.text);
		expect(log).toContainEqual(expect.stringMatching(new RegExp(`^connected to mail\\.behind\\.test:${server.port} through the SOCKS proxy 127\\.0\\.0\\.1:${socks.port} \\(the proxy's side: 127\\.0\\.0\\.1:\\d+\\)$`)));
	});

	it('says the proxy beside the other choices', () => {
		const target = {host: 'mx.example.test', port: 25, security: 'auto' as const, sandbox: false};
		expect(routeLine({target: {...target, socks: '127.0.0.1:1080'}, connection: 'idle'})).toBe('via SOCKS 127.0.0.1:1080');
		expect(routeLine({target: {...target, socks: '[::1]:1080', lmtp: true}, connection: 'idle'})).toBe('LMTP (--lmtp), via SOCKS [::1]:1080');
	});
});
