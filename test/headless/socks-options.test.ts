import {describe, expect, test} from 'vitest';
import {parseSocksFlags} from '../../source/headless/socks-options.js';
import {UsageError} from '../../source/headless/command.js';

const parse = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, mx = false) => parseSocksFlags(flags, env, mx);

/** The UsageError a parse throws: its message and hint. */
function refusal(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): {message: string; hint: string | undefined} {
	try {
		parse(flags, env);
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		return {message: (error as UsageError).message, hint: (error as UsageError).hint};
	}
	throw new Error('not refused');
}

describe('--socks HOST[:PORT]', () => {
	test('the forms people write: a name, HOST:PORT, IPv6 bare or in brackets, curl\'s socks5h:// and socks5://', () => {
		expect(parse({})).toBeUndefined();
		expect(parse({socks: 'proxy.corp.example'})).toEqual({host: 'proxy.corp.example', port: 1080});
		expect(parse({socks: ' 127.0.0.1:9050 '})).toEqual({host: '127.0.0.1', port: 9050});
		expect(parse({socks: '::1'})).toEqual({host: '::1', port: 1080});
		expect(parse({socks: '[::1]:1081'})).toEqual({host: '::1', port: 1081});
		expect(parse({socks: 'socks5h://127.0.0.1:1080/'})).toEqual({host: '127.0.0.1', port: 1080});
		expect(parse({socks: 'SOCKS5://127.0.0.1:1080'})).toEqual({host: '127.0.0.1', port: 1080});
	});

	test('a login: the user from the flag, the password from SMTP_TUI_SOCKS_PASSWORD alone', () => {
		expect(parse({socks: '127.0.0.1', socksUser: 'ops'}, {SMTP_TUI_SOCKS_PASSWORD: 's3cret'})).toEqual({host: '127.0.0.1', port: 1080, login: {user: 'ops', password: 's3cret'}});
		// An unrelated variable is not read without --socks-user.
		expect(parse({socks: '127.0.0.1'}, {SMTP_TUI_SOCKS_PASSWORD: 's3cret'})).toEqual({host: '127.0.0.1', port: 1080});
	});

	test('mistakes, each with what to do; a password never quoted', () => {
		expect(refusal({socks: 'socks4://127.0.0.1'})).toEqual({message: '--socks "socks4://127.0.0.1": only SOCKS5 proxies are supported', hint: expect.stringContaining('--socks 127.0.0.1:1080')});
		expect(refusal({socks: '127.0.0.1:0'}).message).toBe('--socks "127.0.0.1:0": the port must be a whole number from 1 to 65535');
		expect(refusal({socks: 'a b'}).message).toBe('--socks "a b" is not a host name or address, nor HOST:PORT');
		expect(refusal({socks: '127.0.0.1', socksUser: ''}).message).toBe('--socks-user is empty');
		expect(refusal({socks: '127.0.0.1', socksUser: 'ops'}, {SMTP_TUI_SOCKS_PASSWORD: ''})).toEqual({message: '--socks-user ops given but no password: set SMTP_TUI_SOCKS_PASSWORD', hint: expect.stringContaining('process list')});
		const long = refusal({socks: '127.0.0.1', socksUser: 'ops'}, {SMTP_TUI_SOCKS_PASSWORD: 'x'.repeat(256)});
		expect(long.message).toBe('SMTP_TUI_SOCKS_PASSWORD is longer than 255 bytes (UTF-8), which SOCKS5 cannot carry');
		expect(refusal({socks: '127.0.0.1', socksUser: 'ops'}, {SMTP_TUI_SOCKS_PASSWORD: 'bad\uFFFDbyte'}).message).not.toContain('bad');
	});

	test('what the proxy makes moot is refused, all of it named; --dns only where an MX is looked up', () => {
		expect(refusal({socks: '127.0.0.1', ipv6: true, localAddress: '::1', proxy: true}).message).toBe(
			"--socks cannot be used with -6, --local-address, --proxy: the proxy picks the address family; the proxy connects from its own address; a PROXY header would describe this machine's connection to the proxy, not the server's",
		);
		// --no-ipv4 (false) chooses nothing.
		expect(parse({socks: '127.0.0.1', ipv4: false})).toEqual({host: '127.0.0.1', port: 1080});
		expect(refusal({socks: '127.0.0.1', dns: '1.1.1.1'}).message).toBe('--dns with --socks and no MX lookup: the proxy resolves the host name itself');
		expect(parse({socks: '127.0.0.1', dns: '1.1.1.1'}, {}, true)).toEqual({host: '127.0.0.1', port: 1080});
	});
});
