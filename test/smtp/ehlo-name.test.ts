// The default EHLO name: RFC 5321 4.1.1.1's FQDN or address literal, never a bare host name a strict server refuses.
import {describe, expect, it} from 'vitest';
import {defaultEhloName, qualifiedName} from '../../source/smtp/ehlo-name.js';

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
		expect(defaultEhloName('myhost', '::FFFF:198.51.100.200')).toBe('[198.51.100.200]');
		// Only ::ffff:a.b.c.d is IPv4 in IPv6's clothes: another address that ends in IPv4 notation stays IPv6.
		expect(defaultEhloName('myhost', '2001:db8::ffff:192.0.2.5')).toBe('[IPv6:2001:db8::ffff:192.0.2.5]');
	});

	it('takes a host name with blanks around it, and only one with a name on both sides of each dot', () => {
		expect(defaultEhloName(' laptop.example.com. \n', '192.0.2.5')).toBe('laptop.example.com');
		expect(qualifiedName(' laptop.example.com ')).toBe(true);
		expect(qualifiedName('.example.com')).toBe(false);
		expect(qualifiedName('laptop.example..')).toBe(false);
		expect(defaultEhloName('.example.com', '192.0.2.5')).toBe('[192.0.2.5]');
	});

	it('is the bare host name where there is no address (a Unix socket, before connecting), localhost without one', () => {
		expect(defaultEhloName('myhost')).toBe('myhost');
		expect(defaultEhloName('myhost', 'not an address')).toBe('myhost');
		expect(defaultEhloName('')).toBe('localhost');
	});
});
