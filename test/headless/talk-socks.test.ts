// `talk --socks` (the built CLI, typed lines piped in) and `send --mx --socks` (in-process, a fake resolver for the
// MX records): through a real SOCKS5 proxy to a real smtp-server.
import {describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runCli} from '../helpers/run-cli.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {startSocksServer} from '../helpers/socks-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {fakeResolver} from '../transport/fake-resolver.js';

const cleanup = cleanupAfterEach();

async function serverAndProxy(names: Record<string, string>) {
	const server = await startSmtpServer({hideSTARTTLS: true});
	cleanup(() => server.close());
	const socks = await startSocksServer({names});
	cleanup(() => socks.close());
	return {server, socks};
}

describe('talk --socks', () => {
	it('the typed lines go through the proxy; the transcript says which way', async () => {
		const {server, socks} = await serverAndProxy({'mail.behind.test': '127.0.0.1'});
		const run = await runCli(['talk', '--host', 'mail.behind.test', '--port', String(server.port), '--socks', `127.0.0.1:${socks.port}`], {input: 'EHLO client.test\nQUIT\n'});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(`=== connected to mail.behind.test:${server.port} through the SOCKS proxy 127.0.0.1:${socks.port}`);
		expect(run.stdout).toMatch(/<- {2}221 /);
		expect(socks.requests).toEqual([{type: 'name', host: 'mail.behind.test', port: server.port}]);
	});

	it('without --host (the sandbox in this process) --socks is refused', async () => {
		const run = await runCli(['talk', '--socks', '127.0.0.1:1080'], {input: 'QUIT\n'});
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('--socks needs --host');
	});
});

describe('send --mx --socks', () => {
	it('looks the MX up here and says so; the MX host goes to the proxy by name, not as an address found here', async () => {
		const {server, socks} = await serverAndProxy({'mx1.example.test': '127.0.0.1'});
		// This machine's DNS has the MX record but no address for the host: only the proxy can resolve it.
		const resolver = fakeResolver({mx: {'example.test': [{exchange: 'mx1.example.test', priority: 10}]}});
		const {code, out} = await runInProcess((given, input, io) => runSend(given, input, io, resolver), {
			mx: true,
			port: String(server.port),
			socks: `127.0.0.1:${socks.port}`,
			to: ['friend@example.test'],
		});
		expect(code).toBe(0);
		expect(out).toContain('MX for example.test, looked up here; the connections go through the SOCKS proxy: 10 mx1.example.test');
		expect(socks.requests).toEqual([{type: 'name', host: 'mx1.example.test', port: server.port}]);
		expect(server.messages).toHaveLength(1);
	});
});
