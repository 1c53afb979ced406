// The connection flags that send, the dashboard, check and profile save share: a host is checked as typed, so a
// typo is bad input (exit 1) and never a profile or a DNS failure.
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/headless/command.js';
import {parseConnectionFlags} from '../../source/headless/send-options.js';

const hostOf = (host: string) => parseConnectionFlags({host}, {}).host;

describe('--host', () => {
	it.each(['localhost', 'mail.example.com', 'mail.example.com.', '127.0.0.1', '::1', 'bücher.example', '_dmarc-like_name.example', 'a-b.c'])('takes %s', host => {
		expect(hostOf(host)).toBe(host);
	});

	it('takes an IPv6 address in brackets, without them', () => {
		expect(hostOf('[::1]')).toBe('::1');
	});

	it.each(['h_x!.example', 'h.example\\nfoo', 'bad host', 'a..b', '-start.example', 'end-.example', 'mail/example.com', 'user@example.com', '[mail.example.com]'])('refuses %s as not a host name or address', host => {
		expect(() => hostOf(host)).toThrow(UsageError);
		expect(() => hostOf(host)).toThrow(`--host "${host}" is not a host name or address`);
	});

	it('still points out a port typed into the host first', () => {
		expect(() => hostOf('mail.example.com:587')).toThrow('--host "mail.example.com:587" has a port in it');
	});
});

describe('--helo', () => {
	it('gives an internationalised name as punycode: EHLO takes an ASCII domain', () => {
		expect(parseConnectionFlags({helo: 'bücher.example'}, {}).ehloName).toBe('xn--bcher-kva.example');
		expect(parseConnectionFlags({helo: 'client.example.test'}, {}).ehloName).toBe('client.example.test');
		expect(() => parseConnectionFlags({helo: 'bü cher'}, {})).toThrow(/--helo: "bü cher" is not a domain name/);
	});
});

describe('--insecure', () => {
	it('is refused with no TLS at all: there is no certificate to skip', () => {
		expect(() => parseConnectionFlags({host: 'h', starttls: false, insecure: true}, {})).toThrow(/--insecure has nothing to skip/);
		expect(parseConnectionFlags({host: 'h', insecure: true}, {}).insecure).toBe(true);
	});
});
