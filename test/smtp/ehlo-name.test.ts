// The default EHLO name: RFC 5321 4.1.1.1's FQDN or address literal, never a bare host name a strict server refuses.
import {describe, expect, it} from 'vitest';
import {defaultEhloName} from '../../source/smtp/ehlo-name.js';

describe('defaultEhloName', () => {
	it('is the host name when it has a dot (a trailing root dot dropped)', () => {
		expect(defaultEhloName('laptop.example.com', '192.0.2.5')).toBe('laptop.example.com');
		expect(defaultEhloName('laptop.example.com.', '192.0.2.5')).toBe('laptop.example.com');
		expect(defaultEhloName('vm.localdomain')).toBe('vm.localdomain');
	});

	it("is this end's address literal when the host name has no dot", () => {
		expect(defaultEhloName('myhost', '192.0.2.5')).toBe('[192.0.2.5]');
		expect(defaultEhloName('localhost', '127.0.0.1')).toBe('[127.0.0.1]');
		expect(defaultEhloName('myhost.', '192.0.2.5')).toBe('[192.0.2.5]');
		expect(defaultEhloName('myhost', '2001:db8::5')).toBe('[IPv6:2001:db8::5]');
		expect(defaultEhloName('myhost', '::ffff:192.0.2.5')).toBe('[192.0.2.5]');
		expect(defaultEhloName('myhost', 'fe80::1%eth0')).toBe('[IPv6:fe80::1]');
	});

	it('is the bare host name where there is no address (a Unix socket, before connecting), localhost without one', () => {
		expect(defaultEhloName('myhost')).toBe('myhost');
		expect(defaultEhloName('myhost', 'not an address')).toBe('myhost');
		expect(defaultEhloName('')).toBe('localhost');
	});
});
