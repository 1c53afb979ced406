// -4/-6 and --local-address at the transport: real servers on 127.0.0.1 and ::1, names answered by a lookup of
// the test's own that honours the family asked for, as the system's getaddrinfo does.
import net from 'node:net';
import {describe, expect, test} from 'vitest';
import {Connection} from '../../source/transport/connection.js';
import {localAddresses} from '../../source/transport/address-family.js';
import {cleanupAfterEach, failure, greetAndEcho, listen, type Listening} from './harness.js';

const cleanup = cleanupAfterEach();

async function server(host: string): Promise<Listening & {peers: string[]}> {
	const peers: string[] = [];
	const listening = await listen(
		net.createServer(socket => {
			peers.push(socket.remoteAddress!);
			greetAndEcho(socket);
		}),
		host,
	);
	cleanup(() => listening.close());
	return {...listening, peers};
}

/** A name with these addresses: a lookup of one family answers that family's alone, or ENOTFOUND when it has none. */
function named(...addresses: string[]): net.LookupFunction {
	return (name, options, callback) => {
		const found = addresses.map(address => ({address, family: net.isIP(address)})).filter(entry => !options.family || entry.family === options.family);
		const reply = (error: Error | null, ...rest: unknown[]) => setImmediate(() => (callback as (...args: unknown[]) => void)(error, ...rest));
		if (found.length === 0) return reply(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), {code: 'ENOTFOUND', hostname: name}));
		if (options.all) return reply(null, found);
		return reply(null, found[0]!.address, found[0]!.family);
	};
}

async function open(options: Partial<Parameters<typeof Connection.open>[0]> & {host: string; port: number}): Promise<Connection> {
	const connection = await Connection.open({implicitTls: false, timeoutMs: 3000, ...options});
	cleanup(() => connection.destroy());
	return connection;
}

describe('the address family (-4, -6)', () => {
	test('a name with both families connects over the one asked for', async () => {
		const v4 = await server('127.0.0.1');
		// The same port on ::1: IPv4 and IPv6 listeners on one port number do not clash.
		const v6 = await listen(net.createServer(greetAndEcho), '::1', v4.port);
		cleanup(() => v6.close());
		const six = await open({host: 'both.test', port: v4.port, family: 6, lookup: named('127.0.0.1', '::1')});
		expect(six.remoteAddress).toBe('::1');
		const four = await open({host: 'both.test', port: v4.port, family: 4, lookup: named('::1', '127.0.0.1')});
		expect(four.remoteAddress).toBe('127.0.0.1');
	});

	test('a name with no address of that family: says so, and what it has', async () => {
		const v4 = await server('127.0.0.1');
		const error = await failure(Connection.open({host: 'mx.example.org', port: v4.port, implicitTls: false, timeoutMs: 3000, family: 6, lookup: named('127.0.0.1')}));
		expect(error.kind).toBe('dns');
		expect(error.message).toBe('mx.example.org has no IPv6 address (AAAA), only IPv4 (127.0.0.1): use -4, or leave -6 out');
		// Said as data too, for check's verdict ("No host has an IPv6 address"), which does not read the words.
		expect(error.otherFamilyOnly).toBe(true);
		expect(v4.peers).toEqual([]);
	});

	test('a name with no address at all stays "does not resolve"', async () => {
		const error = await failure(Connection.open({host: 'gone.test', port: 25, implicitTls: false, timeoutMs: 3000, family: 4, lookup: named()}));
		expect(error.message).toBe('cannot find host gone.test: the name does not resolve (ENOTFOUND)');
	});

	test('an IP address of the other family is refused, not connected to anyway', async () => {
		const v4 = await server('127.0.0.1');
		const error = await failure(Connection.open({host: '127.0.0.1', port: v4.port, implicitTls: false, timeoutMs: 3000, family: 6}));
		expect(error.message).toBe(`cannot connect to 127.0.0.1:${v4.port}: 127.0.0.1 is an IPv4 address and -6 asks for IPv6: drop -6, or give the host's IPv6 address`);
		expect(v4.peers).toEqual([]);
	});
});

describe('the local address (--local-address)', () => {
	test('connections go out from it: the server sees it, and the connection tells it', async () => {
		const v4 = await server('127.0.0.1');
		// Linux takes every address of 127.0.0.0/8 as its own.
		const connection = await open({host: '127.0.0.1', port: v4.port, localAddress: '127.0.0.2'});
		expect(connection.localAddress).toBe('127.0.0.2');
		expect(connection.localPort).toBeGreaterThan(0);
		expect(v4.peers).toEqual(['127.0.0.2']);
	});

	test('an IPv6 one: ::1 to ::1', async () => {
		const v6 = await server('::1');
		const connection = await open({host: '::1', port: v6.port, localAddress: '::1'});
		expect(connection.localAddress).toBe('::1');
		expect(v6.peers).toEqual(['::1']);
	});

	test('an address that is not this machine\'s: said so, with the ones it has', async () => {
		const v4 = await server('127.0.0.1');
		const error = await failure(Connection.open({host: '127.0.0.1', port: v4.port, implicitTls: false, timeoutMs: 3000, localAddress: '198.51.100.9'}));
		expect(error.code).toBe('EADDRNOTAVAIL');
		expect(error.message).toBe(`198.51.100.9 is not an address of this machine (EADDRNOTAVAIL): give one of its IPv4 addresses (${localAddresses(4).join(', ')})`);
		expect(error.message).toContain('127.0.0.1');
	});

	test('its family picks the name\'s addresses: an IPv6 local address reaches the name\'s IPv6 address', async () => {
		const v6 = await server('::1');
		const connection = await open({host: 'both.test', port: v6.port, localAddress: '::1', lookup: named('127.0.0.1', '::1')});
		expect(connection.remoteAddress).toBe('::1');
	});

	test('a name with no address of its family: said so, naming the local address', async () => {
		const v4 = await server('127.0.0.1');
		const error = await failure(Connection.open({host: 'v4only.test', port: v4.port, implicitTls: false, timeoutMs: 3000, localAddress: '::1', lookup: named('127.0.0.1')}));
		expect(error.message).toBe('v4only.test has no IPv6 address (AAAA), only IPv4 (127.0.0.1), and the local address ::1 is IPv6: give an IPv4 local address');
	});

	test('a server address of the other family: said so, not a bare EINVAL', async () => {
		const v6 = await server('::1');
		const error = await failure(Connection.open({host: '::1', port: v6.port, implicitTls: false, timeoutMs: 3000, localAddress: '127.0.0.2'}));
		expect(error.message).toBe(`cannot connect to [::1]:${v6.port}: the local address 127.0.0.2 is IPv4 and ::1 is IPv6: a connection stays in one family; give an IPv6 local address`);
		expect(v6.peers).toEqual([]);
	});
});
