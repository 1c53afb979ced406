import {describe, expect, test} from 'vitest';
import {proxyEnds, proxyHeader, V2_SIGNATURE} from '../../source/transport/proxy-header.js';

const v4 = {source: '192.168.0.1', sourcePort: 56324, dest: '192.168.0.11', destPort: 443};

describe('PROXY v1 (the spec\'s text line)', () => {
	test('TCP4, as the spec\'s example', () => {
		const header = proxyHeader(1, v4);
		expect(header.bytes.toString('latin1')).toBe('PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n');
		expect(header.text).toBe('PROXY TCP4 192.168.0.1 192.168.0.11 56324 443');
	});

	test('TCP6 with compressed addresses as given', () => {
		expect(proxyHeader(1, {source: '2001:db8::5', sourcePort: 40000, dest: '::1', destPort: 25}).bytes.toString('latin1')).toBe('PROXY TCP6 2001:db8::5 ::1 40000 25\r\n');
	});

	test('UNKNOWN carries no addresses', () => {
		expect(proxyHeader(1, v4, 'UNKNOWN').bytes.toString('latin1')).toBe('PROXY UNKNOWN\r\n');
	});
});

describe('PROXY v2 (binary)', () => {
	test('TCP4: signature, 0x21, 0x11, length 12, addresses, ports', () => {
		const header = proxyHeader(2, {source: '203.0.113.5', sourcePort: 40000, dest: '127.0.0.1', destPort: 25});
		expect(header.bytes.subarray(0, 12)).toEqual(Buffer.from('0d0a0d0a000d0a515549540a', 'hex'));
		expect(header.bytes.subarray(12).toString('hex')).toBe(['21', '11', '000c', 'cb007105', '7f000001', '9c40', '0019'].join(''));
		expect(header.text).toBe('PROXY v2 (28 bytes): TCP4 203.0.113.5:40000 -> 127.0.0.1:25');
	});

	test('TCP6: 0x21, length 36, sixteen bytes each, "::" expanded', () => {
		const header = proxyHeader(2, {source: '2001:db8::5', sourcePort: 65535, dest: '::ffff:192.0.2.1', destPort: 587});
		expect(header.bytes.length).toBe(52);
		expect(header.bytes.subarray(12).toString('hex')).toBe(
			['21', '21', '0024', '20010db8000000000000000000000005', '00000000000000000000ffffc0000201', 'ffff', '024b'].join(''),
		);
		expect(header.text).toBe('PROXY v2 (52 bytes): TCP6 [2001:db8::5]:65535 -> [::ffff:192.0.2.1]:587');
	});

	test('UNKNOWN: the LOCAL command (0x20), AF_UNSPEC, no address block: what HAProxy sends without a client and Postfix accepts', () => {
		const header = proxyHeader(2, v4, 'UNKNOWN');
		expect(header.bytes).toEqual(Buffer.concat([V2_SIGNATURE, Buffer.from([0x20, 0x00, 0x00, 0x00])]));
		expect(header.text).toBe("PROXY v2 (16 bytes): LOCAL, no addresses (the server takes the connection's own)");
	});
});

describe('the ends the header claims', () => {
	const real = {source: '::ffff:127.0.0.1', sourcePort: 51000, dest: '127.0.0.1', destPort: 25};

	test("the real connection's, an IPv4-mapped address as IPv4; given ones over them", () => {
		expect(proxyEnds({version: 1}, real)).toEqual({source: '127.0.0.1', sourcePort: 51000, dest: '127.0.0.1', destPort: 25});
		expect(proxyEnds({version: 1, source: '203.0.113.5', sourcePort: 40000}, real)).toEqual({source: '203.0.113.5', sourcePort: 40000, dest: '127.0.0.1', destPort: 25});
		// A link-local connection's zone means nothing to the server: left out.
		expect(proxyEnds({version: 2}, {source: 'fe80::5%eth0', sourcePort: 1, dest: 'fe80::1%eth0', destPort: 25})).toMatchObject({source: 'fe80::5', dest: 'fe80::1'});
	});

	test('one family: a mismatch is said with the flag that gave it, and the end to give too (or -6/-4)', () => {
		expect(proxyEnds({version: 1, source: '2001:db8::5'}, real)).toBe(
			"--proxy-source 2001:db8::5 is TCP6 and the connection's server address 127.0.0.1 is TCP4: a PROXY header holds one family; add a TCP6 --proxy-dest (e.g. --proxy-dest 2001:db8::1), or connect with -6",
		);
		expect(proxyEnds({version: 1, dest: '2001:db8::1'}, real)).toBe(
			"the connection's local address 127.0.0.1 is TCP4 and --proxy-dest 2001:db8::1 is TCP6: a PROXY header holds one family; add a TCP6 --proxy-source (e.g. --proxy-source 2001:db8::5), or connect with -6",
		);
		expect(proxyEnds({version: 2, family: 'TCP6'}, real)).toBe(
			"the connection's local address 127.0.0.1 is TCP4, and --proxy-family is TCP6; add a TCP6 --proxy-source and --proxy-dest (e.g. --proxy-source 2001:db8::5 --proxy-dest 2001:db8::1), or connect with -6",
		);
		const six = {source: '2001:db8::9', sourcePort: 51000, dest: '2001:db8::25', destPort: 25};
		expect(proxyEnds({version: 1, source: '203.0.113.5'}, six)).toBe(
			"--proxy-source 203.0.113.5 is TCP4 and the connection's server address 2001:db8::25 is TCP6: a PROXY header holds one family; add a TCP4 --proxy-dest (e.g. --proxy-dest 192.0.2.1), or connect with -4",
		);
		expect(proxyEnds({version: 1, family: 'UNKNOWN', source: '2001:db8::5'}, real)).toMatchObject({source: '2001:db8::5'});
	});
});
