// Cases found by mutation testing of address-family.ts: each pins a behaviour no other test held.
import os from 'node:os';
import type net from 'node:net';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {allAddresses, familyFor, interfaceAddresses, literalMismatch, localAddresses, noAddressOfFamily, noHostOfFamily, routeOf, routeWords} from '../../source/transport/address-family.js';

afterEach(() => {
	vi.restoreAllMocks();
});

describe('the route in words and fields', () => {
	test('routeOf keeps what was chosen and leaves out what was not', () => {
		expect(routeOf({family: undefined, localAddress: undefined})).toEqual({});
		expect(Object.keys(routeOf({family: undefined, localAddress: undefined}))).toEqual([]);
		expect(routeOf({family: 6, localAddress: '::1'})).toEqual({family: 6, localAddress: '::1'});
		expect(routeOf({family: 4})).toEqual({family: 4});
	});

	test('routeWords says the family and the local address, each only when chosen', () => {
		expect(routeWords({})).toBe('');
		expect(routeWords({family: 6})).toBe(' over IPv6');
		expect(routeWords({localAddress: '192.0.2.5'})).toBe(' from 192.0.2.5');
		expect(routeWords({family: 4, localAddress: '192.0.2.5'})).toBe(' over IPv4 from 192.0.2.5');
	});

	test('familyFor: none chosen is none; the local address chooses when no -4/-6 does', () => {
		expect(familyFor({})).toBeUndefined();
		expect(familyFor({localAddress: '::1'})).toBe(6);
		expect(familyFor({family: 4, localAddress: '::1'})).toBe(4);
	});

	test('literalMismatch: nothing chosen, nothing refused', () => {
		expect(literalMismatch('::1', {})).toBeUndefined();
		expect(literalMismatch('[::1]', {family: 6})).toBeUndefined();
	});
});

describe('a family nothing has, in words', () => {
	test('noHostOfFamily names the record and the remedy, or nothing without a family', () => {
		expect(noHostOfFamily({})).toBeUndefined();
		expect(noHostOfFamily({family: 4})).toBe('No host has an IPv4 address (A): use -6, or leave -4 out.');
		expect(noHostOfFamily({localAddress: '::1'})).toBe('No host has an IPv6 address (AAAA), and the local address ::1 is IPv6: give an IPv4 local address.');
	});

	test('noAddressOfFamily lists every address of the other family', () => {
		expect(noAddressOfFamily('mx.test', 6, ['192.0.2.1', '192.0.2.2'], {family: 6})).toBe('mx.test has no IPv6 address (AAAA), only IPv4 (192.0.2.1, 192.0.2.2): use -4, or leave -6 out');
		expect(noAddressOfFamily('mx.test', 4, ['2001:db8::1'], {family: 4})).toBe('mx.test has no IPv4 address (A), only IPv6 (2001:db8::1): use -6, or leave -4 out');
	});
});

describe("this machine's addresses", () => {
	// The interfaces as a machine with a link-local address lists them (the test machine may have none).
	const interfaces = {
		lo: [
			{address: '127.0.0.1', family: 'IPv4'},
			{address: '::1', family: 'IPv6'},
		],
		eth0: [
			{address: '192.0.2.5', family: 'IPv4'},
			{address: 'fe80::1', family: 'IPv6', scopeid: 2},
			{address: 'FEB0::2', family: 'IPv6', scopeid: 2},
			{address: '2001:db8::fe80', family: 'IPv6'},
			{address: 'fec0::1', family: 'IPv6'},
		],
	} as unknown as ReturnType<typeof os.networkInterfaces>;

	test('localAddresses: of one family, without link-local IPv6 (fe80::/10)', () => {
		vi.spyOn(os, 'networkInterfaces').mockReturnValue(interfaces);
		expect(localAddresses(4)).toEqual(['127.0.0.1', '192.0.2.5']);
		expect(localAddresses(6)).toEqual(['::1', '2001:db8::fe80', 'fec0::1']);
	});

	test('interfaceAddresses: an interface by name, without link-local IPv6; none for an unknown name', () => {
		vi.spyOn(os, 'networkInterfaces').mockReturnValue(interfaces);
		expect(interfaceAddresses('eth0')).toEqual(['192.0.2.5', '2001:db8::fe80', 'fec0::1']);
		expect(interfaceAddresses('wlan9')).toBeUndefined();
	});
});

describe('allAddresses', () => {
	test('a lookup that answers one address, not a list, gives none rather than failing', async () => {
		const single = ((_name: string, _options: unknown, callback: (error: null, address: string, family: number) => void) => callback(null, '127.0.0.1', 4)) as unknown as net.LookupFunction;
		expect(await allAddresses('one.test', single)).toEqual([]);
	});
});
