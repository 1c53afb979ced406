import net from 'node:net';
import os from 'node:os';
import {describe, expect, test} from 'vitest';
import {Connection} from '../../source/transport/connection.js';
import {cleanupAfterEach, closedPort, failure, greetAndEcho, listen, Received, stalledListener, type Listening, type Stalled} from './harness.js';

const cleanup = cleanupAfterEach();

async function echoServer(host = '127.0.0.1', port?: number): Promise<Listening> {
	const server = await listen(net.createServer(greetAndEcho), host, port);
	cleanup(() => server.close());
	return server;
}

async function openPlain(host: string, port: number): Promise<Connection> {
	const connection = await Connection.open({host, port, implicitTls: false, timeoutMs: 2000});
	cleanup(() => connection.destroy());
	return connection;
}

/** A name with these addresses, in this order, answered as the system's resolver answers a lookup of all of them (later). */
function named(...addresses: string[]): net.LookupFunction {
	return (_name, _options, callback) => setImmediate(() => callback(null, addresses.map(address => ({address, family: 4}))));
}

/** A listener at 127.0.0.1 and 127.0.0.2 on one port, its accept queue full: a SYN to either is dropped. */
async function stalledOnBoth(): Promise<{first: Stalled; second: Stalled}> {
	const first = await stalledListener();
	cleanup(first.stop);
	const second = await stalledListener({host: '127.0.0.2', port: first.port});
	cleanup(second.stop);
	return {first, second};
}

describe('a name with several addresses, tried one at a time', () => {
	test('a slow first address (its SYN-ACK a second late) is waited for, not abandoned at 250 ms for a dead one', async () => {
		const {first} = await stalledOnBoth();
		// The first SYN is dropped; the one sent again after a second is answered: a link with a long round trip.
		first.release(300);
		const connection = await Connection.open({host: 'two.test', port: first.port, implicitTls: false, timeoutMs: 6000, lookup: named('127.0.0.1', '127.0.0.2')});
		cleanup(() => connection.destroy());
		expect(connection.remoteAddress).toBe('127.0.0.1');
	});

	test('a first address that never answers is left for the next one, within the connect\'s limit', async () => {
		const dead = await stalledListener();
		cleanup(dead.stop);
		const server = await echoServer('127.0.0.2', dead.port);
		const connection = await Connection.open({host: 'two.test', port: server.port, implicitTls: false, timeoutMs: 3000, lookup: named('127.0.0.1', '127.0.0.2')});
		cleanup(() => connection.destroy());
		expect(connection.remoteAddress).toBe('127.0.0.2');
	});

	test('one address dropping packets, the last refusing: refused, and both said', async () => {
		const dead = await stalledListener({host: '127.0.0.2'});
		cleanup(dead.stop);
		const error = await failure(Connection.open({host: 'two.test', port: dead.port, implicitTls: false, timeoutMs: 1500, lookup: named('127.0.0.2', '127.0.0.1')}));
		expect(error.kind).toBe('refused');
		expect(error.code).toBe('ECONNREFUSED');
		expect(error.message).toBe(`connection refused by two.test:${dead.port} at 127.0.0.1 (nothing listens there); no answer at 127.0.0.2`);
	});

	test('one address refusing, the last dropping packets until the limit: refused too, not "no answer"', async () => {
		const dead = await stalledListener({host: '127.0.0.2'});
		cleanup(dead.stop);
		const error = await failure(Connection.open({host: 'two.test', port: dead.port, implicitTls: false, timeoutMs: 1000, lookup: named('127.0.0.1', '127.0.0.2')}));
		expect(error.kind).toBe('refused');
		expect(error.message).toBe(`connection refused by two.test:${dead.port} at 127.0.0.1 (nothing listens there); no answer at 127.0.0.2`);
	});

	test('every address dropping packets: no answer, as from one', async () => {
		const {first} = await stalledOnBoth();
		const error = await failure(Connection.open({host: 'two.test', port: first.port, implicitTls: false, timeoutMs: 1000, lookup: named('127.0.0.1', '127.0.0.2')}));
		expect(error.kind).toBe('timeout');
		expect(error.message).toBe(`no answer from two.test:${first.port} within 1 s (a firewall may be dropping packets)`);
	});
});

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
