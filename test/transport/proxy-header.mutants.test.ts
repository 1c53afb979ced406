// Cases found by mutation testing of proxy-header.ts: each pins a behaviour no other test held.
import {describe, expect, test} from 'vitest';
import {familyOfAddress, proxyEnds, proxyHeader} from '../../source/transport/proxy-header.js';

const ends = (source: string, dest: string) => ({source, sourcePort: 51000, dest, destPort: 25});

describe('the ends the header claims, the edges', () => {
	test('an IPv4-mapped address is made IPv4 only when it is one whole, with octets of any length', () => {
		expect(proxyEnds({version: 1}, ends('::ffff:192.168.100.200', '::FFFF:10.20.30.40'))).toMatchObject({source: '192.168.100.200', dest: '10.20.30.40'});
		// Not a mapped address: an IPv6 one that holds "::ffff:" and an IPv4 tail further in stays as it is.
		expect(proxyEnds({version: 1}, ends('64:ff9b::ffff:192.0.2.1', '2001:db8::1'))).toMatchObject({source: '64:ff9b::ffff:192.0.2.1'});
	});

	test('a family given and matched by both ends: the ends', () => {
		expect(proxyEnds({version: 2, family: 'TCP6'}, ends('2001:db8::9', '2001:db8::25'))).toEqual(ends('2001:db8::9', '2001:db8::25'));
		expect(proxyEnds({version: 2, family: 'TCP4'}, ends('192.0.2.9', '192.0.2.25'))).toEqual(ends('192.0.2.9', '192.0.2.25'));
	});

	test('a family given that the destination alone misses: said of the destination', () => {
		expect(proxyEnds({version: 2, family: 'TCP4', dest: '2001:db8::1'}, ends('192.0.2.9', '192.0.2.25'))).toBe('--proxy-dest 2001:db8::1 is TCP6, and --proxy-family is TCP4');
		expect(proxyEnds({version: 2, family: 'TCP4'}, ends('192.0.2.9', '::1'))).toBe(
			"the connection's server address ::1 is TCP6, and --proxy-family is TCP4; add a TCP4 --proxy-dest (e.g. --proxy-dest 192.0.2.1), or connect with -4",
		);
	});

	test('the hint names only the ends taken from the connection that are of the other family', () => {
		// The source was given (and is wrong): only the destination is to add.
		expect(proxyEnds({version: 2, family: 'TCP6', source: '203.0.113.5'}, ends('192.0.2.9', '192.0.2.25'))).toBe(
			'--proxy-source 203.0.113.5 is TCP4, and --proxy-family is TCP6; add a TCP6 --proxy-dest (e.g. --proxy-dest 2001:db8::1), or connect with -6',
		);
		// The connection's destination is already TCP6: only the source is to add.
		expect(proxyEnds({version: 2, family: 'TCP6'}, ends('192.0.2.9', '::1'))).toBe(
			"the connection's local address 192.0.2.9 is TCP4, and --proxy-family is TCP6; add a TCP6 --proxy-source (e.g. --proxy-source 2001:db8::5), or connect with -6",
		);
		expect(proxyEnds({version: 2, family: 'TCP4'}, ends('::1', '127.0.0.1'))).toBe(
			"the connection's local address ::1 is TCP6, and --proxy-family is TCP4; add a TCP4 --proxy-source (e.g. --proxy-source 203.0.113.5), or connect with -4",
		);
		// No family given, both ends the connection's: the source is to match the destination.
		expect(proxyEnds({version: 1}, ends('127.0.0.1', '::1'))).toBe(
			"the connection's local address 127.0.0.1 is TCP4 and the connection's server address ::1 is TCP6: a PROXY header holds one family; add a TCP6 --proxy-source (e.g. --proxy-source 2001:db8::5), or connect with -6",
		);
		// Both given and wrong: nothing to add, the flags are to change.
		expect(proxyEnds({version: 2, family: 'TCP6', source: '203.0.113.5', dest: '2001:db8::1'}, ends('192.0.2.9', '192.0.2.25'))).toBe('--proxy-source 203.0.113.5 is TCP4, and --proxy-family is TCP6');
	});

	test('an end that is no IP address is said so, with no family to hint at', () => {
		expect(proxyEnds({version: 1, dest: 'mail.example.test'}, ends('127.0.0.1', '127.0.0.1'))).toBe(
			"the connection's local address 127.0.0.1 is TCP4 and --proxy-dest mail.example.test is no IP address: a PROXY header holds one family",
		);
	});
});

describe('the header, the edges', () => {
	test('familyOfAddress: TCP4, TCP6, or nothing for a name', () => {
		expect(familyOfAddress('192.0.2.1')).toBe('TCP4');
		expect(familyOfAddress('::1')).toBe('TCP6');
		expect(familyOfAddress('mail.example.test')).toBeUndefined();
	});

	test('a source that is no IP address makes an UNKNOWN header', () => {
		expect(proxyHeader(1, ends('mail.example.test', '127.0.0.1')).text).toBe('PROXY UNKNOWN');
	});

	test('v2 writes a full IPv6 address (no "::") and an IPv4 tail with octets of every length', () => {
		const header = proxyHeader(2, {source: '2001:db8:1:2:3:4:5:6', sourcePort: 1, dest: '::ffff:192.168.100.200', destPort: 2});
		expect(header.bytes.subarray(16, 48).toString('hex')).toBe('20010db8000100020003000400050006' + '00000000000000000000ffffc0a864c8');
	});
});
