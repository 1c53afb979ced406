// `send --socks`: the built CLI through a real SOCKS5 proxy (test/helpers/socks-server.ts) to a real smtp-server,
// plain, with STARTTLS and with implicit TLS; each hop's failure in its own words; the flags' mistakes.
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {startSocksServer, type SocksScript} from '../helpers/socks-server.js';
import {testCerts} from '../helpers/certs.js';
import {closedPort} from '../transport/harness.js';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const servers: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	for (const server of servers.splice(0).reverse()) await server.close();
});

let caFile: string;
beforeAll(async () => {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'socks-ca-'));
	caFile = path.join(folder, 'ca.pem');
	writeFileSync(caFile, (await testCerts()).ca);
});

const proxy = async (script: SocksScript = {}) => {
	const server = await startSocksServer(script);
	servers.push(server);
	return server;
};

const smtp = async (options: Parameters<typeof startSmtpServer>[0] = {}) => {
	const server = await startSmtpServer(options);
	servers.push(server);
	return server;
};

const send = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['send', '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test', '--body', 'hi', '--timeout', '5', ...args], {env});

describe('send --socks: delivered through the proxy', () => {
	it('plain, to a name only the proxy resolves: the name goes to the proxy, the transcript says which way', async () => {
		const server = await smtp();
		const socks = await proxy({names: {'mail.behind.test': '127.0.0.1'}, bound: {host: '198.51.100.7', port: 40000}});
		const run = await send(['--host', 'mail.behind.test', '--port', String(server.port), '--socks', `127.0.0.1:${socks.port}`, '--no-starttls']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(server.messages).toHaveLength(1);
		expect(socks.requests).toEqual([{type: 'name', host: 'mail.behind.test', port: server.port}]);
		expect(run.stdout).toContain(`=== connecting to mail.behind.test:${server.port} through the SOCKS proxy 127.0.0.1:${socks.port}, which looks up mail.behind.test (no TLS)\n`);
		expect(run.stdout).toContain(`=== connected to mail.behind.test:${server.port} through the SOCKS proxy 127.0.0.1:${socks.port} (the proxy's side: 198.51.100.7:40000)\n`);
	});

	it('STARTTLS with --ca: verified against the target name, with a login to the proxy from SMTP_TUI_SOCKS_PASSWORD', async () => {
		const server = await smtp();
		const socks = await proxy({names: {localhost: '127.0.0.1'}, login: {user: 'ops', password: 'jump-secret'}});
		const run = await send(['--host', 'localhost', '--port', String(server.port), '--socks', `127.0.0.1:${socks.port}`, '--socks-user', 'ops', '--starttls', '--ca', caFile], {SMTP_TUI_SOCKS_PASSWORD: 'jump-secret'});
		expect(run.code).toBe(0);
		expect(server.messages[0]?.secure).toBe(true);
		expect(socks.logins).toEqual([{user: 'ops', password: 'jump-secret'}]);
		expect(run.stdout).not.toContain('jump-secret');
		expect(run.stdout).toMatch(/=== TLS[^\n]*\n/);
	});

	it('--json: the result names the proxy, and leaves out the server address only the proxy knows', async () => {
		const server = await smtp();
		const socks = await proxy({names: {'mail.behind.test': '127.0.0.1'}});
		const run = await send(['--host', 'mail.behind.test', '--port', String(server.port), '--socks', `127.0.0.1:${socks.port}`, '--no-starttls', '--json']);
		const result = JSON.parse(run.stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
		expect(result).toMatchObject({type: 'result', ok: true, socks: `127.0.0.1:${socks.port}`});
		expect(result).not.toHaveProperty('remote');
	});

	it('implicit TLS (--tls) through the tunnel', async () => {
		const server = await smtp({secure: true});
		const socks = await proxy({names: {localhost: '127.0.0.1'}});
		const run = await send(['--host', 'localhost', '--port', String(server.port), '--tls', '--ca', caFile, '--socks', `127.0.0.1:${socks.port}`]);
		expect(run.code).toBe(0);
		expect(server.messages[0]?.secure).toBe(true);
		expect(socks.requests[0]).toMatchObject({type: 'name', host: 'localhost'});
	});
});

describe('send --socks: which hop failed (exit 2)', () => {
	it('no proxy listening: named as the proxy, with the ssh -D reminder', async () => {
		const port = await closedPort();
		const run = await send(['--host', 'mx.example.com', '--socks', `127.0.0.1:${port}`]);
		expect(run.code).toBe(2);
		expect(run.stdout).toContain(`*** failed (connect): no SOCKS proxy at 127.0.0.1:${port}: connection refused — is it running (\`ssh -D ${port} JUMPHOST\` for a jump host)?\n`);
	});

	it('the target refused, as the proxy reports it (reply 5)', async () => {
		const socks = await proxy({reply: 5});
		const run = await send(['--host', 'mx.example.com', '--socks', `127.0.0.1:${socks.port}`]);
		expect(run.code).toBe(2);
		expect(run.stdout).toContain(`*** failed (connect): cannot reach mx.example.com:25 through the SOCKS proxy 127.0.0.1:${socks.port}: the proxy could not reach the host: connection refused by the destination (nothing listens on that port)\n`);
	});

	it('a proxy that says "connected" before it tries and then closes: the close is explained as the far hop', async () => {
		const socks = await proxy({optimistic: true});
		const run = await send(['--host', '127.0.0.1', '--port', String(await closedPort()), '--socks', `127.0.0.1:${socks.port}`]);
		expect(run.stdout).toContain(`=== connected to 127.0.0.1:`);
		expect(run.stdout).toMatch(/\*\*\* failed \(closed\): the connection closed while waiting for the greeting; through the SOCKS proxy this is most likely the server unreachable from the proxy: some SOCKS proxies report a CONNECT as made before they try it/);
	});

	it('ssh -D, which closes with no reply when the jump host cannot connect: the far hop, in its words, exit 2', async () => {
		const socks = await proxy({replyless: true});
		const port = await closedPort();
		const run = await send(['--host', '127.0.0.1', '--port', String(port), '--socks', `127.0.0.1:${socks.port}`]);
		expect(run.code).toBe(2);
		expect(run.stdout).toContain(`*** failed (connect): cannot reach 127.0.0.1:${port} through the SOCKS proxy 127.0.0.1:${socks.port}: the proxy closed the connection without answering the CONNECT, as ssh -D does when the jump host cannot connect to it`);
		expect(run.stdout).not.toContain('=== connected');
	});

	it('--socks-user to a proxy that asks for no login (ssh -D): the transcript says it went unused', async () => {
		const server = await smtp();
		const socks = await proxy();
		const run = await send(['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--socks', `127.0.0.1:${socks.port}`, '--socks-user', 'ops'], {SMTP_TUI_SOCKS_PASSWORD: 'secret-one'});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(`=== connected to 127.0.0.1:${server.port} through the SOCKS proxy 127.0.0.1:${socks.port} (the proxy's side: 127.0.0.1:`);
		expect(run.stdout).toContain('=== note: the SOCKS proxy asked for no login, so --socks-user ops was not used (ssh -D never asks for one)\n');
		expect(`${run.stdout}${run.stderr}`).not.toContain('secret-one');
	});

	it('a login refused: the password is never shown', async () => {
		const socks = await proxy({login: {user: 'ops', password: 'right'}});
		const run = await send(['--host', 'mx.example.com', '--socks', `127.0.0.1:${socks.port}`, '--socks-user', 'ops'], {SMTP_TUI_SOCKS_PASSWORD: 'wrong-one'});
		expect(run.code).toBe(2);
		expect(run.stdout).toContain('the proxy refused the login: check --socks-user and SMTP_TUI_SOCKS_PASSWORD');
		expect(`${run.stdout}${run.stderr}`).not.toContain('wrong-one');
	});
});

describe('send --socks: mistakes in the flags (exit 1, nothing sent)', () => {
	const refused = async (args: string[], message: string, env: NodeJS.ProcessEnv = {}) => {
		const run = await send(['--host', 'mx.example.com', ...args], env);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(message);
	};

	it('with --socket, -4, --local-address, --proxy: each named with its reason', async () => {
		const socket = await runCli(['send', '--socket', '/run/nothing-here.sock', '--socks', '127.0.0.1', '--to', 'you@example.test']);
		expect(socket.code).toBe(1);
		expect(socket.stderr).toContain('--socks cannot be used with --socket: a Unix socket is on this machine');
		await refused(['--socks', '127.0.0.1', '-4', '--local-address', '127.0.0.1'], 'smtp-tui: --socks cannot be used with -4, --local-address: the proxy picks the address family; the proxy connects from its own address');
		await refused(['--socks', '127.0.0.1', '--proxy'], "--socks cannot be used with --proxy: a PROXY header would describe this machine's connection to the proxy, not the server's");
	});

	it('a bad address or port, another kind of proxy, an empty value', async () => {
		await refused(['--socks', '127.0.0.1:99999'], '--socks "127.0.0.1:99999": the port must be a whole number from 1 to 65535');
		await refused(['--socks', 'http://proxy.example:3128'], '--socks "http://proxy.example:3128": only SOCKS5 proxies are supported');
		await refused(['--socks', 'bad host!'], '--socks "bad host!" is not a host name or address, nor HOST:PORT');
		await refused(['--socks', ' '], '--socks is empty');
	});

	it('--socks-user without the password variable, or without --socks; --dns with nothing to look up', async () => {
		await refused(['--socks', '127.0.0.1', '--socks-user', 'ops'], '--socks-user ops given but no password: set SMTP_TUI_SOCKS_PASSWORD');
		await refused(['--socks-user', 'ops'], '--socks-user given without --socks');
		await refused(['--socks', '127.0.0.1', '--dns', '1.1.1.1'], '--dns with --socks and no MX lookup: the proxy resolves the host name itself');
	});
});
