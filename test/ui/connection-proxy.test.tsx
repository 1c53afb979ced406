// --proxy in the dashboard: the connection panel says a PROXY header goes first, the log shows it, and a server
// behind a pretend load balancer (smtp-server's useProxy) sees the client address it claims.
import {describe, expect, it} from 'vitest';
import {routeLine} from '../../source/ui/components/connection-panel.js';
import {startProxiedServer} from '../helpers/smtp-server.js';
import {runCli} from '../helpers/run-cli.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, startApp} from './wired-app.js';

describe('the dashboard with --proxy', () => {
	it('says so under the target, sends the header first, and the server takes the address it claims', async () => {
		const server = await startProxiedServer();
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined, {
			defaults: {...defaults, proxy: {version: 1, source: '203.0.113.5'}},
		});
		await app.frame(f => plain(f).includes('PROXY v1 header first'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued/.test(f));
		expect(server.seen.map(client => client.address)).toEqual(['203.0.113.5']);
		const log = app.controller.getSnapshot().session.log;
		expect(log.find(entry => entry.text.startsWith('PROXY '))).toMatchObject({kind: 'sent', text: expect.stringMatching(new RegExp(`^PROXY TCP4 203\\.0\\.113\\.5 127\\.0\\.0\\.1 \\d+ ${server.port}$`))});
	});

	it('joins the route line', () => {
		const target = {host: 'mx.example.test', port: 25, security: 'auto' as const, sandbox: false};
		expect(routeLine({target: {...target, proxy: 2}, connection: 'idle'})).toBe('PROXY v2 header first');
		expect(routeLine({target: {...target, family: 4, proxy: 1}, connection: 'idle'})).toBe('IPv4 only, PROXY v1 header first');
	});

	it('needs --host: the built-in sandbox expects no header', async () => {
		const run = await runCli(['--proxy']);
		expect(run.code).toBe(1);
		expect(run.stderr).toBe('smtp-tui: --proxy needs --host\nhint: the built-in sandbox expects no PROXY header; give --host for a server behind a load balancer, or try it with smtp-tui serve --proxy and --host 127.0.0.1 --port PORT\n');
	});
});
