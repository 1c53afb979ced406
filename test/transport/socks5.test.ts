import {describe, expect, test} from 'vitest';
import {connectRequest, greeting, loginRequest, replyFailure, SocksHandshake, type SocksEvent} from '../../source/transport/socks5.js';
import {byteChunks, randomChunks, SEEDS} from '../helpers/chunks.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => Buffer.from(text.replaceAll(' ', ''), 'hex');

describe('what the client sends', () => {
	test('the greeting offers no login, or no login and username/password', () => {
		expect(hex(greeting())).toBe('050100');
		expect(hex(greeting({user: 'u', password: 'p'}))).toBe('05020002');
	});

	test('CONNECT to a name goes as the name (ATYP 3): the proxy resolves it', () => {
		expect(hex(connectRequest({host: 'mx.example.com', port: 25}))).toBe(`05010003 0e ${Buffer.from('mx.example.com').toString('hex')} 0019`.replaceAll(' ', ''));
	});

	test('CONNECT to IPv4 and IPv6 literals (ATYP 1 and 4), "::" and a dotted tail expanded', () => {
		expect(hex(connectRequest({host: '192.0.2.25', port: 587}))).toBe('05010001c000021902' + '4b');
		expect(hex(connectRequest({host: '2001:db8::25', port: 465}))).toBe('0501000420010db8000000000000000000000025' + '01d1');
		expect(hex(connectRequest({host: '::ffff:192.0.2.1', port: 25}))).toBe('0501000400000000000000000000ffffc0000201' + '0019');
		expect(hex(connectRequest({host: '::1', port: 25}))).toBe('0501000400000000000000000000000000000001' + '0019');
	});

	test('an internationalised name goes in A-labels, as DNS carries it', () => {
		expect(Buffer.from(connectRequest({host: 'bücher.example', port: 25})).subarray(5, -2).toString('latin1')).toBe('xn--bcher-kva.example');
	});

	test('a name with a line break, NUL or more than 255 characters never goes', () => {
		expect(() => connectRequest({host: 'mx.example.com\r\nEVIL', port: 25})).toThrow(/cannot go to a SOCKS proxy/);
		expect(() => connectRequest({host: 'a\0b', port: 25})).toThrow(/cannot go to a SOCKS proxy/);
		expect(() => connectRequest({host: 'a'.repeat(256), port: 25})).toThrow(/cannot go to a SOCKS proxy/);
	});

	test('the login (RFC 1929): version 1, lengths before each, UTF-8; empty or over 255 bytes refused', () => {
		expect(hex(loginRequest({user: 'ab', password: 'é'}))).toBe('01026162' + '02c3a9');
		expect(() => loginRequest({user: '', password: 'x'})).toThrow(/user name must be 1 to 255 bytes/);
		expect(() => loginRequest({user: 'x', password: 'é'.repeat(128)})).toThrow(/password must be 1 to 255 bytes long \(UTF-8\), not 256/);
	});
});

/**
 * Feeds the proxy's bytes in the given pieces; returns every event, the bytes after the handshake joined to the
 * connected event's rest (as the socket would go on to deliver them).
 */
function run(pieces: Uint8Array[], login?: {user: string; password: string}, host = 'mx.example.com'): {events: SocksEvent[]; handshake: SocksHandshake} {
	const handshake = new SocksHandshake({host, port: 25}, login);
	handshake.start();
	const events: SocksEvent[] = [];
	for (const piece of pieces) {
		const last = events.at(-1);
		if (last?.type === 'connected') last.rest = Buffer.concat([last.rest, piece]);
		else events.push(...handshake.receive(piece));
	}
	return {events, handshake};
}

/** Every chunking of these bytes gives the same events. */
function chunkings(all: Uint8Array): Uint8Array[][] {
	return [[all], byteChunks(all), ...SEEDS.map(seed => randomChunks(all, seed, 5))];
}

const summary = (events: SocksEvent[]) => events.map(event => (event.type === 'write' ? `write ${hex(event.bytes)}` : event.type === 'connected' ? `connected ${event.bound.host}:${event.bound.port} rest ${Buffer.from(event.rest).toString('latin1')}` : `failed ${event.failure.hop} ${event.failure.text}`));

describe('reading the proxy, in any chunks', () => {
	const request = hex(connectRequest({host: 'mx.example.com', port: 25}));

	test('no login: method 0, then success with an IPv4 bound address; the greeting after it is left over', () => {
		const all = Buffer.concat([bytes('0500'), bytes('05000001cb007107 9c40'), Buffer.from('220 mx ESMTP\r\n')]);
		for (const pieces of chunkings(all)) {
			expect(summary(run(pieces).events)).toEqual([`write ${request}`, 'connected 203.0.113.7:40000 rest 220 mx ESMTP\r\n']);
		}
	});

	test('with a login: method 2, the login, its success, then the reply with a name and an IPv6 bound address', () => {
		const login = {user: 'ops', password: 's3cret'};
		for (const bound of ['05000004 20010db8000000000000000000000007 0019', '05000003 0a 6a756d702e6c6f63616c 0019']) {
			const all = Buffer.concat([bytes('0502'), bytes('0100'), bytes(bound)]);
			const expected = bound.includes('2001') ? 'connected 2001:db8::7:25 rest ' : 'connected jump.local:25 rest ';
			for (const pieces of chunkings(all)) expect(summary(run(pieces, login).events)).toEqual([`write ${hex(loginRequest(login))}`, `write ${request}`, expected]);
		}
	});

	test("a login's reply that begins with SOCKS's 5 instead of RFC 1929's 1 is taken (some proxies send it, curl takes it); any other first byte is refused", () => {
		const login = {user: 'ops', password: 's3cret'};
		const all = Buffer.concat([bytes('0502'), bytes('0500'), bytes('05000001 cb007107 0019')]);
		for (const pieces of chunkings(all)) expect(summary(run(pieces, login).events)).toEqual([`write ${hex(loginRequest(login))}`, `write ${request}`, 'connected 203.0.113.7:25 rest ']);
		expect(summary(run([bytes('0502 0501')], login).events).at(-1)).toMatch(/^failed proxy the proxy refused the login/);
		for (const first of ['00', '02', '48']) {
			expect(summary(run([bytes(`0502 ${first}00`)], login).events).at(-1)).toBe(`failed proxy the proxy's answer to the login began with byte 0x${first}, not RFC 1929's version 1 (nor SOCKS's 5): it is no SOCKS5 login reply`);
		}
	});

	test('each failure code in plain words, and whose hop it is', () => {
		expect(replyFailure(5)).toEqual({hop: 'target', code: 5, text: 'the proxy could not reach the host: connection refused by the destination (nothing listens on that port)'});
		expect(replyFailure(3).text).toBe('the proxy could not reach the host: network unreachable from the proxy');
		expect(replyFailure(4).hop).toBe('target');
		expect(replyFailure(2)).toMatchObject({hop: 'proxy', text: expect.stringContaining('refuses a CONNECT to that host or port by its rules')});
		expect(replyFailure(1).hop).toBe('proxy');
		expect(replyFailure(0x42).text).toBe('the proxy answered with an unknown reply code 66');
		for (const pieces of chunkings(bytes('0500 05050001 00000000 0000'))) {
			expect(summary(run(pieces).events)).toEqual([`write ${request}`, `failed target ${replyFailure(5).text}`]);
		}
	});

	test('a login demanded and none given, a login refused, no acceptable method', () => {
		expect(summary(run([bytes('0502')]).events)).toEqual([expect.stringMatching(/^failed proxy the proxy requires a login .*--socks-user NAME.*SMTP_TUI_SOCKS_PASSWORD$/)]);
		expect(summary(run([bytes('05ff')]).events)).toEqual([expect.stringMatching(/^failed proxy the proxy requires a login/)]);
		expect(summary(run([bytes('05ff')], {user: 'a', password: 'b'}).events)).toEqual([expect.stringMatching(/no acceptable methods/)]);
		expect(summary(run([bytes('0502 0101')], {user: 'a', password: 'b'}).events).at(-1)).toMatch(/^failed proxy the proxy refused the login/);
	});

	test('what is not SOCKS5 is said for what it looks like: a mail server, an HTTP proxy, SOCKS4', () => {
		expect(summary(run([Buffer.from('220 mx ESMTP\r\n')]).events)).toEqual(['failed proxy what answered is not a SOCKS5 proxy: it began with byte 0x32 (a mail server? --socks names the proxy, --host the mail server)']);
		expect(summary(run([Buffer.from('HTTP/1.1 400 Bad Request\r\n')]).events)[0]).toMatch(/0x48 \(an HTTP proxy\? --socks takes SOCKS5 only\)$/);
		expect(summary(run([bytes('005b')]).events)[0]).toMatch(/\(a SOCKS4 proxy\?\)$/);
	});

	test('waits for a whole reply, and reads nothing after the end', () => {
		const {events, handshake} = run([bytes('0500 050000'), bytes('01 7f00')]);
		expect(events).toHaveLength(1);
		expect(handshake.awaiting).toBe('reply');
		expect(handshake.receive(bytes('0001 0019 ff'))).toMatchObject([{type: 'connected', bound: {host: '127.0.0.1', port: 25}}]);
		expect(handshake.awaiting).toBe('done');
		expect(handshake.receive(bytes('0500'))).toEqual([]);
	});

	test('a target that cannot be encoded is refused before the greeting is sent', () => {
		expect(() => new SocksHandshake({host: 'bad\nname', port: 25})).toThrow(RangeError);
	});
});
