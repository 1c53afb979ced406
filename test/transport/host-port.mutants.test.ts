// Cases found by mutation testing of host-port.ts: each pins a behaviour no other test held.
import {describe, expect, test} from 'vitest';
import {hostPort, isHostName, isSocketPath, unbracketed} from '../../source/transport/host-port.js';

describe('sockets and brackets', () => {
	test('a socket is a path that begins with "/", shown without a port', () => {
		expect(isSocketPath('/run/postfix/smtp.sock')).toBe(true);
		expect(isSocketPath('mail.example.test/')).toBe(false);
		expect(hostPort('/run/postfix/smtp.sock', 25)).toBe('/run/postfix/smtp.sock');
	});

	test('unbracketed takes off only brackets around the whole host', () => {
		expect(unbracketed('[::1]')).toBe('::1');
		expect(unbracketed('x[::1]')).toBe('x[::1]');
		expect(unbracketed('[::1]x')).toBe('[::1]x');
	});
});

describe('isHostName', () => {
	test('IP addresses, IPv6 in brackets too', () => {
		for (const host of ['192.0.2.1', '::1', '[::1]', '[2001:db8::1]']) expect(isHostName(host), host).toBe(true);
		for (const host of ['[192.0.2.1]', '[::1', '::1]', 'x[::1]', '[::1]x', '[]']) expect(isHostName(host), host).toBe(false);
	});

	test('names: labels of letters of any script, digits, "-" and "_", a trailing dot allowed', () => {
		for (const host of ['mail.example.test', 'mail.example.test.', 'a', '_dmarc.example', 'x-1.example', 'bücher.example', '9.example', 'é', 'e\u0301x']) expect(isHostName(host), host).toBe(true);
		for (const host of ['smtp!.example', '-x.example', 'x-.example', 'a..b', '.a', '\u0301x', 'a b', '', 'a.b..']) expect(isHostName(host), host).toBe(false);
	});

	test('a label of 63 characters is taken, of 64 refused; a name of 253 is taken (254 with a trailing dot), of 254 refused', () => {
		expect(isHostName(`${'a'.repeat(63)}.test`)).toBe(true);
		expect(isHostName(`${'a'.repeat(64)}.test`)).toBe(false);
		const name = (length: number) => [...Array.from({length: 3}, () => 'a'.repeat(63)), 'b'.repeat(length - 3 * 64)].join('.');
		expect(isHostName(name(253))).toBe(true);
		expect(isHostName(`${name(253)}.`)).toBe(true);
		// No DNS name is this long (RFC 1035): refused as typed, not looked up to fail as "not found".
		expect(isHostName(name(254))).toBe(false);
		expect(isHostName(`${name(254)}.`)).toBe(false);
	});
});
