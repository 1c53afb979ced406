// -4/-6 and --local-address in the dashboard: the connection panel shows the choice, and once connected the local
// address and port that went out; the session goes that way. Against a real SMTP server on 127.0.0.1, from
// 127.0.0.2 (Linux takes all of 127.0.0.0/8 as its own).
import {describe, expect, it} from 'vitest';
import {routeLine} from '../../source/ui/components/connection-panel.js';
import {startWatchedServer} from '../helpers/smtp-server.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, startApp} from './wired-app.js';

describe('the connection panel with -4 and --local-address', () => {
	it('shows the way before connecting, and the local address and port once connected; the server sees that address', async () => {
		const server = await startWatchedServer();
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined, {
			defaults: {...defaults, family: 4, localAddress: '127.0.0.2'},
		});
		await app.frame(f => plain(f).includes('IPv4 only, from 127.0.0.2'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued/.test(f));
		expect(server.peers).toEqual(['127.0.0.2']);
		const {endpoints} = app.controller.getSnapshot().session;
		expect(endpoints?.local.address).toBe('127.0.0.2');
		await app.frame(f => plain(f).includes(`IPv4 only, from 127.0.0.2:${endpoints!.local.port}`));
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text)).toContain(`connected to 127.0.0.1:${server.port} from 127.0.0.2:${endpoints!.local.port}`);
	});

	it('says nothing when neither was chosen', () => {
		const target = {host: 'mx.example.test', port: 25, security: 'auto' as const, sandbox: false};
		expect(routeLine({target, connection: 'idle'})).toBeUndefined();
		expect(routeLine({target: {...target, family: 6}, connection: 'idle'})).toBe('IPv6 only');
		expect(routeLine({target: {...target, localAddress: '2001:db8::5'}, connection: 'connected', endpoints: {remote: {address: '2001:db8::1', port: 25}, local: {address: '2001:db8::5', port: 40000}}})).toBe('from [2001:db8::5]:40000');
	});
});
