// serve --http [ADDR:]PORT as typed, and the Host names the API answers (its guard against DNS rebinding).
import {describe, expect, it} from 'vitest';
import {parseHttpFlag} from '../../source/headless/http-flag.js';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {hostAllowed} from '../../source/sandbox/http-host.js';
import {thrown} from '../helpers/thrown.js';
import {UsageError} from '../../source/headless/command.js';

describe('--http [ADDR:]PORT', () => {
	it('a port alone is on 127.0.0.1; an address before it, IPv6 in brackets', () => {
		expect(parseHttpFlag('8025')).toEqual({host: '127.0.0.1', port: 8025});
		expect(parseHttpFlag('0')).toEqual({host: '127.0.0.1', port: 0});
		expect(parseHttpFlag('0.0.0.0:8025')).toEqual({host: '0.0.0.0', port: 8025});
		expect(parseHttpFlag('[::1]:8025')).toEqual({host: '::1', port: 8025});
		expect(parseHttpFlag('localhost:9000')).toEqual({host: 'localhost', port: 9000});
		expect(parseHttpFlag(undefined)).toBeUndefined();
	});

	it('mistakes are said, with an example', () => {
		expect(thrown(UsageError, () => parseHttpFlag('::1:8025'))).toMatchObject({message: '--http must be [ADDRESS:]PORT, not "::1:8025"', hint: 'put an IPv6 address in brackets: --http [::1]:8025'});
		expect(thrown(UsageError, () => parseHttpFlag('70000'))).toMatchObject({message: '--http\'s port must be a whole number from 0 to 65535 (0 picks a free port), not "70000"'});
		expect(thrown(UsageError, () => parseHttpFlag('127.0.0.1:'))).toMatchObject({message: '--http\'s port must be a whole number from 0 to 65535 (0 picks a free port), not ""'});
		expect(thrown(UsageError, () => parseHttpFlag('bad host!:80'))).toMatchObject({message: '--http\'s address must be an IP address or a host name, not "bad host!"'});
		expect(thrown(UsageError, () => parseServeFlags({port: '8025', http: '8025'}, []))).toMatchObject({message: '--http and --port are both 8025'});
		// Another address may take the same port.
		expect(parseServeFlags({port: '8025', http: '127.0.0.2:8025'}, []).http).toEqual({host: '127.0.0.2', port: 8025});
	});

	it('keeps the bodies in memory to serve them (serve alone keeps none)', () => {
		expect(parseServeFlags({http: '0'}, []).settings.keepBytes).toBeGreaterThan(0);
		expect(parseServeFlags({}, []).settings.keepBytes).toBe(0);
	});
});

describe('the Host header the API answers', () => {
	it('loopback names and addresses, *.localhost, and the names it was given; none is no browser', () => {
		for (const host of ['localhost', 'localhost:8025', '127.0.0.1:8025', '[::1]:8025', 'LOCALHOST', 'app.localhost:3000', 'localhost.']) expect(hostAllowed(host, []), host).toBe(true);
		expect(hostAllowed('lab.example.org:8025', ['lab.example.org'])).toBe(true);
		expect(hostAllowed('192.0.2.10:8025', ['192.0.2.10'])).toBe(true);
		expect(hostAllowed(undefined, [])).toBe(true);
	});

	it('any other name, a rebinding page\'s, is refused', () => {
		for (const host of ['evil.example', 'evil.example:8025', 'localhost.evil.example', '127.0.0.1.evil.example', '192.0.2.10']) expect(hostAllowed(host, ['lab.example.org']), host).toBe(false);
	});
});
