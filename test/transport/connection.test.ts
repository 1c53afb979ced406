import net from 'node:net';
import os from 'node:os';
import {describe, expect, test} from 'vitest';
import {Connection} from '../../source/transport/connection.js';
import {cleanupAfterEach, closedPort, failure, greetAndEcho, listen, Received, stalledListener, type Listening} from './harness.js';

const cleanup = cleanupAfterEach();

async function echoServer(host = '127.0.0.1'): Promise<Listening> {
	const server = await listen(net.createServer(greetAndEcho), host);
	cleanup(() => server.close());
	return server;
}

async function openPlain(host: string, port: number): Promise<Connection> {
	const connection = await Connection.open({host, port, implicitTls: false, timeoutMs: 2000});
	cleanup(() => connection.destroy());
	return connection;
}

describe('plain TCP', () => {
	test('receives the greeting sent right after connect and exchanges data both ways', async () => {
		const server = await echoServer();
		const connection = await openPlain('127.0.0.1', server.port);
		const received = new Received(connection);
		await received.until('220 ready\r\n');
		await connection.write(Buffer.from('EHLO me\r\n'));
		expect(await received.until('EHLO me\r\n')).toBe('220 ready\r\nEHLO me\r\n');
		expect(connection.remoteAddress).toBe('127.0.0.1');
		expect(connection.secure).toBe(false);
		expect(connection.tlsInfo).toBeUndefined();
	});

	test('close() ends gracefully and reports close without error; later writes reject as closed', async () => {
		const server = await echoServer();
		const connection = await openPlain('127.0.0.1', server.port);
		const closed = new Promise<boolean>(resolve => connection.once('close', resolve));
		connection.close();
		expect(await closed).toBe(false);
		const error = await failure(connection.write(Buffer.from('NOOP\r\n')));
		expect(error.kind).toBe('closed');
		expect(error.message).toBe(`the connection to 127.0.0.1:${server.port} is closed`);
	});

	test('reports the server closing the connection', async () => {
		const server = await listen(net.createServer(socket => socket.end('421 bye\r\n')));
		cleanup(() => server.close());
		const connection = await openPlain('127.0.0.1', server.port);
		const received = new Received(connection);
		const closed = new Promise<boolean>(resolve => connection.once('close', resolve));
		await received.until('421 bye\r\n');
		expect(await closed).toBe(false);
	});

	test('a refused connection names the address and says nothing listens there', async () => {
		const port = await closedPort();
		const error = await failure(Connection.open({host: '127.0.0.1', port, implicitTls: false, timeoutMs: 1000}));
		expect(error.kind).toBe('refused');
		expect(error.code).toBe('ECONNREFUSED');
		expect(error.message).toBe(`connection refused by 127.0.0.1:${port} (nothing listens there)`);
	});

	test('a connect that gets no answer times out with a plain message', async () => {
		const stalled = await stalledListener();
		cleanup(stalled.stop);
		const error = await failure(Connection.open({host: '127.0.0.1', port: stalled.port, implicitTls: false, timeoutMs: 300}));
		expect(error.kind).toBe('timeout');
		expect(error.message).toBe(`no answer from 127.0.0.1:${stalled.port} within 0.3 s (a firewall may be dropping packets)`);
	});

	test('a host name that does not resolve is a DNS error naming the host', async () => {
		const error = await failure(Connection.open({host: 'no-such-host.invalid', port: 25, implicitTls: false, timeoutMs: 1000}));
		expect(error.kind).toBe('dns');
		expect(error.message).toContain('no-such-host.invalid');
	});

	test('IPv6 loopback: connects to [::1] when this machine has ::1, else fails as unreachable', async () => {
		const hasLoopback6 = Object.values(os.networkInterfaces())
			.flat()
			.some(address => address?.address === '::1');
		if (hasLoopback6) {
			const server = await echoServer('::1');
			const connection = await openPlain('::1', server.port);
			const received = new Received(connection);
			await connection.write(Buffer.from('NOOP\r\n'));
			await received.until('NOOP\r\n');
			expect(connection.remoteAddress).toBe('::1');
		} else {
			const error = await failure(Connection.open({host: '::1', port: 25, implicitTls: false, timeoutMs: 1000}));
			expect(['unreachable', 'refused']).toContain(error.kind);
			expect(error.message).toContain('[::1]:25');
		}
	});

	test('family 4 makes "localhost" use IPv4', async () => {
		const server = await echoServer('127.0.0.1');
		const connection = await Connection.open({host: 'localhost', port: server.port, implicitTls: false, timeoutMs: 1000, family: 4});
		cleanup(() => connection.destroy());
		expect(connection.remoteAddress).toBe('127.0.0.1');
	});
});
