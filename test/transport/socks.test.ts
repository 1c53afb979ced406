import net from 'node:net';
import tls from 'node:tls';
import {beforeAll, describe, expect, test} from 'vitest';
import {Connection, type ConnectOptions} from '../../source/transport/connection.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {startSocksServer, type SocksScript} from '../helpers/socks-server.js';
import {cleanupAfterEach, closedPort, failure, greetAndEcho, listen, Received} from './harness.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});

const cleanup = cleanupAfterEach();

async function socks(script: SocksScript = {}) {
	const server = await startSocksServer(script);
	cleanup(() => server.close());
	return server;
}

async function plainServer(greetingFirst = true): Promise<number> {
	const server = await listen(net.createServer(greetingFirst ? greetAndEcho : socket => socket.on('data', bytes => socket.write(bytes))));
	cleanup(() => server.close());
	return server.port;
}

async function open(options: Partial<ConnectOptions> & {host: string; port: number; socks: ConnectOptions['socks']}): Promise<Connection> {
	const connection = await Connection.open({implicitTls: false, timeoutMs: 3000, ...options});
	cleanup(() => connection.destroy());
	return connection;
}

describe('through a SOCKS5 proxy', () => {
	test('a name the proxy alone resolves goes as a name; the greeting, even in the reply\'s own chunk, arrives', async () => {
		const port = await plainServer();
		const proxy = await socks({names: {'mail.behind.test': '127.0.0.1'}, bound: {host: '203.0.113.7', port: 40000}});
		const connection = await open({host: 'mail.behind.test', port, socks: {host: proxy.host, port: proxy.port}});
		const received = new Received(connection);
		expect(await received.until('220 ready\r\n')).toBe('220 ready\r\n');
		await connection.write(Buffer.from('EHLO x\r\n'));
		await received.until('EHLO x\r\n');
		expect(proxy.requests).toEqual([{type: 'name', host: 'mail.behind.test', port}]);
		// The ends the server sees: the proxy's outward one, and the target by name (its address is the proxy's to know).
		expect([connection.localAddress, connection.localPort, connection.remoteAddress, connection.socksProxy]).toEqual(['203.0.113.7', 40000, undefined, `127.0.0.1:${proxy.port}`]);
	});

	test('an IPv4 literal goes as an address; a proxy answering 0.0.0.0:0 leaves the local end unsaid', async () => {
		const port = await plainServer();
		const proxy = await socks({bound: {host: '0.0.0.0', port: 0}});
		const connection = await open({host: '127.0.0.1', port, socks: {host: proxy.host, port: proxy.port}});
		await new Received(connection).until('220 ready');
		expect(proxy.requests).toEqual([{type: 'ipv4', host: '127.0.0.1', port}]);
		expect([connection.localAddress, connection.remoteAddress]).toEqual([undefined, '127.0.0.1']);
	});

	test('with a login: user and password go to the proxy (RFC 1929)', async () => {
		const port = await plainServer();
		const proxy = await socks({login: {user: 'ops', password: 'pässword'}});
		const connection = await open({host: '127.0.0.1', port, socks: {host: proxy.host, port: proxy.port, login: {user: 'ops', password: 'pässword'}}});
		await new Received(connection).until('220 ready');
		expect(proxy.logins).toEqual([{user: 'ops', password: 'pässword'}]);
		expect(connection.socksLoginUnused).toBe(false);
	});

	test("a proxy that answers the login with SOCKS's version 5 (not RFC 1929's 1): logged in all the same", async () => {
		const port = await plainServer();
		const proxy = await socks({login: {user: 'ops', password: 'pässword'}, loginReplyVersion: 5});
		const connection = await open({host: '127.0.0.1', port, socks: {host: proxy.host, port: proxy.port, login: {user: 'ops', password: 'pässword'}}});
		expect(await new Received(connection).until('220 ready')).toMatch(/^220 ready/);
		expect(proxy.logins).toEqual([{user: 'ops', password: 'pässword'}]);
	});

	test('a login given to a proxy that asks for none (ssh -D): not sent, and the connection says so', async () => {
		const port = await plainServer();
		const proxy = await socks();
		const connection = await open({host: '127.0.0.1', port, socks: {host: proxy.host, port: proxy.port, login: {user: 'ops', password: 'secret'}}});
		await new Received(connection).until('220 ready');
		expect(proxy.logins).toEqual([]);
		expect(connection.socksLoginUnused).toBe(true);
	});

	test('implicit TLS through the tunnel: SNI and verification are the target name\'s', async () => {
		const servernames: string[] = [];
		const server = tls.createServer({...certs.server, SNICallback: (name, done) => (servernames.push(name), done(null, tls.createSecureContext(certs.server)))}, greetAndEcho);
		server.on('tlsClientError', () => {});
		const listening = await listen(server);
		cleanup(() => listening.close());
		const proxy = await socks({names: {localhost: '127.0.0.1'}});
		const connection = await open({host: 'localhost', port: listening.port, implicitTls: true, ca: certs.ca, socks: {host: proxy.host, port: proxy.port}});
		await new Received(connection).until('220 ready');
		expect(connection.tlsInfo).toMatchObject({authorized: true});
		expect(servernames).toEqual(['localhost']);
		expect(proxy.requests[0]).toMatchObject({type: 'name', host: 'localhost'});
	});

	test('a certificate for another name is refused through the tunnel as it is directly', async () => {
		const server = tls.createServer(certs.server, greetAndEcho);
		server.on('tlsClientError', () => {});
		const listening = await listen(server);
		cleanup(() => listening.close());
		const proxy = await socks({names: {'mx.other.test': '127.0.0.1'}});
		const error = await failure(open({host: 'mx.other.test', port: listening.port, implicitTls: true, ca: certs.ca, socks: {host: proxy.host, port: proxy.port}}));
		expect(error.kind).toBe('tls');
		expect(error.message).toMatch(/^certificate verification failed for mx\.other\.test/);
	});
});

describe('a failure names its hop', () => {
	const target = {host: 'mx.example.com', port: 25};

	test('nothing listens where the proxy should be', async () => {
		const port = await closedPort();
		const error = await failure(open({...target, socks: {host: '127.0.0.1', port}}));
		expect(error.message).toBe(`no SOCKS proxy at 127.0.0.1:${port}: connection refused — is it running (\`ssh -D ${port} JUMPHOST\` for a jump host)?`);
		expect([error.kind, error.socks]).toEqual(['refused', 'proxy']);
	});

	test('the proxy reports the target refused (reply 5): kind refused, the target\'s hop', async () => {
		const proxy = await socks({reply: 5});
		const error = await failure(open({...target, socks: {host: proxy.host, port: proxy.port}}));
		expect(error.message).toBe(`cannot reach mx.example.com:25 through the SOCKS proxy 127.0.0.1:${proxy.port}: the proxy could not reach the host: connection refused by the destination (nothing listens on that port)`);
		expect([error.kind, error.socks, error.code]).toEqual(['refused', 'target', 'ESOCKS5']);
	});

	test('a real refusal beyond the proxy comes back the same way', async () => {
		const port = await closedPort();
		const proxy = await socks();
		const error = await failure(open({host: '127.0.0.1', port, socks: {host: proxy.host, port: proxy.port}}));
		expect([error.kind, error.socks]).toEqual(['refused', 'target']);
	});

	test('a proxy that closes with no reply to the CONNECT, as ssh -D does when the far side fails: the target\'s hop, said so', async () => {
		const port = await closedPort();
		const proxy = await socks({replyless: true});
		const error = await failure(open({host: '127.0.0.1', port, socks: {host: proxy.host, port: proxy.port}}));
		expect(error.message).toBe(
			`cannot reach 127.0.0.1:${port} through the SOCKS proxy 127.0.0.1:${proxy.port}: the proxy closed the connection without answering the CONNECT, ` +
				'as ssh -D does when the jump host cannot connect to it (nothing listens on that port, the name does not resolve there, or no route; ' +
				'ssh\'s own terminal says "channel N: open failed: connect failed: …")',
		);
		expect([error.kind, error.socks]).toEqual(['unreachable', 'target']);
	});

	test('the rules forbid it (reply 2): the proxy\'s hop', async () => {
		const proxy = await socks({reply: 2});
		const error = await failure(open({...target, socks: {host: proxy.host, port: proxy.port}}));
		expect([error.kind, error.socks]).toEqual(['other', 'proxy']);
		expect(error.message).toMatch(/refuses a CONNECT to that host or port by its rules/);
	});

	test('the proxy closes mid-handshake, before the CONNECT: the proxy\'s hop', async () => {
		const proxy = await socks({closeAfter: 'greeting'});
		const error = await failure(open({...target, socks: {host: proxy.host, port: proxy.port}}));
		expect(error.message).toBe(`the SOCKS proxy 127.0.0.1:${proxy.port} closed the connection during its handshake (before it connected to mx.example.com:25)`);
		expect([error.kind, error.socks]).toEqual(['closed', 'proxy']);
	});

	test('a login demanded and none given; a login refused', async () => {
		const proxy = await socks({login: {user: 'ops', password: 'right'}});
		const none = await failure(open({...target, socks: {host: proxy.host, port: proxy.port}}));
		expect(none.message).toMatch(/: the proxy requires a login \(user name and password\): give --socks-user NAME/);
		const wrong = await failure(open({...target, socks: {host: proxy.host, port: proxy.port, login: {user: 'ops', password: 'wrong'}}}));
		expect(wrong.message).toMatch(/: the proxy refused the login: check --socks-user and SMTP_TUI_SOCKS_PASSWORD$/);
		expect(wrong.message).not.toContain('wrong');
	});

	test('a silent proxy, and a proxy whose CONNECT waits on a slow target: both within the connect time, each named', async () => {
		const silent = await socks({silent: true});
		const quiet = await failure(open({...target, timeoutMs: 300, socks: {host: silent.host, port: silent.port}}));
		expect(quiet.message).toMatch(/^the SOCKS proxy 127\.0\.0\.1:\d+ did not answer its handshake within 0\.\d+ s \(is it a SOCKS5 proxy\?\)$/);
		expect([quiet.kind, quiet.socks]).toEqual(['timeout', 'proxy']);
		const port = await plainServer();
		const slow = await socks({delayMs: 2000});
		const waiting = await failure(open({host: '127.0.0.1', port, timeoutMs: 300, socks: {host: slow.host, port: slow.port}}));
		expect(waiting.message).toMatch(/^no answer from 127\.0\.0\.1:\d+ through the SOCKS proxy 127\.0\.0\.1:\d+ within 0\.\d+ s: the proxy took the CONNECT/);
		expect([waiting.kind, waiting.socks]).toEqual(['timeout', 'target']);
	});

	test('a name that cannot go to a proxy: refused as the proxy hop, the socket to the proxy closed', async () => {
		const proxy = await socks();
		const error = await failure(open({host: 'a'.repeat(256), port: 25, socks: {host: proxy.host, port: proxy.port}}));
		expect(error.message).toMatch(/^cannot ask the SOCKS proxy 127\.0\.0\.1:\d+ for a+:25: the host name "a+" cannot go to a SOCKS proxy: 1 to 255 printable ASCII characters$/);
		expect([error.kind, error.socks]).toEqual(['other', 'proxy']);
		expect(proxy.requests).toEqual([]);
	});

	test('a mail server where the proxy should be', async () => {
		const port = await plainServer();
		const error = await failure(open({...target, socks: {host: '127.0.0.1', port}}));
		expect(error.message).toMatch(/not a SOCKS5 proxy: it began with byte 0x32 \(a mail server\? --socks names the proxy, --host the mail server\)$/);
	});

	test('a stop during the handshake ends it with the stop\'s reason', async () => {
		const proxy = await socks({silent: true});
		const controller = new AbortController();
		const opening = open({...target, signal: controller.signal, socks: {host: proxy.host, port: proxy.port}});
		while (proxy.connections === 0) await new Promise(resolve => setImmediate(resolve));
		controller.abort(new Error('stopped by the user'));
		await expect(opening).rejects.toThrow('stopped by the user');
	});
});
