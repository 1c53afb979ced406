import {describe, expect, it} from 'vitest';
import {parseProxyFlags} from '../../source/headless/proxy-options.js';
import {refusal} from '../helpers/usage-refusal.js';

describe('the --proxy flags', () => {
	it('none given: no header; --proxy alone: version 1, every address the connection\'s', () => {
		expect(parseProxyFlags({})).toBeUndefined();
		expect(parseProxyFlags({proxy: true})).toEqual({version: 1});
	});

	it('any --proxy-* flag implies --proxy (as in swaks); swaks\' family names are taken too', () => {
		expect(parseProxyFlags({proxyVersion: '2', proxyFamily: 'AF_INET6', proxySource: '[2001:db8::5]', proxySourcePort: '0', proxyDest: '2001:db8::25', proxyDestPort: '25'})).toEqual({
			version: 2,
			family: 'TCP6',
			source: '2001:db8::5',
			sourcePort: 0,
			dest: '2001:db8::25',
			destPort: 25,
		});
		expect(parseProxyFlags({proxyFamily: 'unknown'})).toEqual({version: 1, family: 'UNKNOWN'});
		// In the short form, which fits v1's line: the spec allows 39 characters an address.
		expect(parseProxyFlags({proxySource: '0000:0000:0000:0000:0000:ffff:192.168.100.200', proxyDest: '2001:DB8:0:0::25'})).toMatchObject({source: '::ffff:192.168.100.200', dest: '2001:db8::25'});
	});

	it.each([
		[{proxyVersion: '3'}, '--proxy-version must be 1 or 2, not "3"'],
		[{proxyFamily: 'AF_UNIX'}, '--proxy-family AF_UNIX is not supported: smtp-tui sends headers for TCP connections'],
		[{proxyFamily: 'udp4'}, '--proxy-family must be TCP4, TCP6 or UNKNOWN, not "udp4"'],
		[{proxySource: 'client.example.org'}, '--proxy-source "client.example.org" is not an IP address'],
		// A line break would end v1's line early and start another command: refused as no address.
		[{proxySource: '192.0.2.1\r\nMAIL FROM:<x>'}, '--proxy-source "192.0.2.1\\r\\nMAIL FROM:<x>" is not an IP address'],
		[{proxyDest: 'fe80::1%eth0'}, '--proxy-dest "fe80::1%eth0" is not an IP address'],
		[{proxySourcePort: '65536'}, '--proxy-source-port must be a whole number from 0 to 65535, not "65536"'],
		[{proxyDestPort: '-1'}, '--proxy-dest-port must be a whole number from 0 to 65535, not "-1"'],
		[{proxySource: '192.0.2.1', proxyDest: '2001:db8::1'}, '--proxy-source 192.0.2.1 (TCP4) and --proxy-dest 2001:db8::1 (TCP6) differ: a PROXY header holds addresses of one family'],
		[{proxyFamily: 'TCP6', proxySource: '192.0.2.1'}, '--proxy-family TCP6 and --proxy-source 192.0.2.1 (TCP4) differ: a PROXY header holds addresses of one family'],
		[{proxy: false, proxyVersion: '2'}, '--no-proxy with --proxy-version: they describe a header that --no-proxy leaves out'],
		[{proxy: true, socket: '/run/x'}, '--proxy cannot be used with --socket: a PROXY header describes a TCP connection'],
	])('%j is refused, naming the flag', (flags, message) => {
		expect(refusal(() => parseProxyFlags(flags)).message).toBe(message);
	});

	it('an address given alone must share the family of a --host given as an address (the other end comes from the connection)', () => {
		expect(refusal(() => parseProxyFlags({proxySource: '2001:db8::5'}, '127.0.0.1')).message).toBe('--proxy-source 2001:db8::5 (TCP6) and --host 127.0.0.1 (TCP4) differ: a PROXY header holds addresses of one family');
		expect(parseProxyFlags({proxySource: '2001:db8::5', proxyDest: '2001:db8::25'}, '127.0.0.1')).toMatchObject({source: '2001:db8::5'});
		expect(parseProxyFlags({proxySource: '2001:db8::5'}, 'mail.example.org')).toMatchObject({source: '2001:db8::5'});
	});
});
