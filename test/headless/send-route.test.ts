// `send -4/-6 --local-address`: the built CLI against real SMTP servers on 127.0.0.1 and ::1. Linux takes every
// address of 127.0.0.0/8 as its own, so --local-address 127.0.0.2 is seen by the server as the client's address.
import dns from 'node:dns';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runCli} from '../helpers/run-cli.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startWatchedServer, type WatchedServer} from '../helpers/smtp-server.js';
import {fakeResolver} from '../transport/fake-resolver.js';

let v4: WatchedServer;
let v6: WatchedServer;
beforeAll(async () => {
	v4 = await startWatchedServer('127.0.0.1');
	v6 = await startWatchedServer('::1');
});
afterAll(async () => {
	await v4.close();
	await v6.close();
});

const send = (...args: string[]) => runCli(['send', '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test', '--body', 'hi', '--timeout', '5', ...args]);

/** The --json result line. */
const resultOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as {ok: boolean; exitCode: number; message: string; remote?: {address: string; port: number}; local?: {address: string; port: number}};

describe('send --local-address', () => {
	it('goes out from that address: the server sees it, and the transcript and the result say it with the port', async () => {
		const before = v4.peers.length;
		const run = await send('--host', '127.0.0.1', '--port', String(v4.port), '--local-address', '127.0.0.2');
		expect(run.code).toBe(0);
		expect(v4.peers.slice(before)).toEqual(['127.0.0.2']);
		expect(run.stdout).toContain(`=== connecting to 127.0.0.1:${v4.port} from 127.0.0.2 (STARTTLS if offered)\n`);
		expect(run.stdout).toMatch(new RegExp(`=== connected to 127\\.0\\.0\\.1:${v4.port} from 127\\.0\\.0\\.2:\\d+\\n`));

		const json = await send('--host', '127.0.0.1', '--port', String(v4.port), '--local-address', '127.0.0.2', '--json');
		const result = resultOf(json.stdout);
		expect(result.ok).toBe(true);
		expect(result.remote).toEqual({address: '127.0.0.1', port: v4.port});
		expect(result.local).toEqual({address: '127.0.0.2', port: expect.any(Number)});
		expect(json.stdout).toContain(`"text":"connected to 127.0.0.1:${v4.port} from 127.0.0.2:${result.local!.port}"`);
	});

	it('an address that is not this machine\'s: exit 2, said so, with the addresses it has', async () => {
		const run = await send('--host', '127.0.0.1', '--port', String(v4.port), '--local-address', '198.51.100.9');
		expect(run.code).toBe(2);
		expect(run.stdout).toMatch(/\*\*\* failed \(connect\): 198\.51\.100\.9 is not an address of this machine \(EADDRNOTAVAIL\): give one of its IPv4 addresses \(127\.0\.0\.1[^)]*\)\n$/);
	});

	it('an IPv6 one, to ::1', async () => {
		const before = v6.peers.length;
		const run = await send('--host', '::1', '--port', String(v6.port), '--local-address', '::1');
		expect(run.code).toBe(0);
		expect(v6.peers.slice(before)).toEqual(['::1']);
		expect(run.stdout).toMatch(new RegExp(`=== connected to \\[::1\\]:${v6.port} from \\[::1\\]:\\d+\\n`));
	});
});

describe('send -4 and -6', () => {
	it('-6 to ::1 and -4 to 127.0.0.1 connect, and say the family', async () => {
		const six = await send('-6', '--host', '::1', '--port', String(v6.port));
		expect(six.code).toBe(0);
		expect(six.stdout).toContain(`=== connecting to [::1]:${v6.port} over IPv6 (STARTTLS if offered)\n`);
		const four = await send('--ipv4', '--host', '127.0.0.1', '--port', String(v4.port), '--local-address', '127.0.0.2');
		expect(four.code).toBe(0);
		expect(four.stdout).toContain(`=== connecting to 127.0.0.1:${v4.port} over IPv4 from 127.0.0.2 (STARTTLS if offered)\n`);
	});

	// localhost is 127.0.0.1 alone where /etc/hosts has no ::1 for it (as here); elsewhere -4 is the one refused.
	it('a name with no address of that family is refused clearly, and nothing connects', async () => {
		const families = new Set((await dns.promises.lookup('localhost', {all: true})).map(entry => entry.family));
		const missing = [4, 6].find(family => !families.has(family));
		if (missing === undefined) return;
		const other = missing === 4 ? 6 : 4;
		const server = other === 4 ? v4 : v6;
		const before = server.peers.length;
		const run = await send(`-${missing}`, '--host', 'localhost', '--port', String(server.port));
		expect(run.code).toBe(2);
		expect(run.stdout).toMatch(new RegExp(`\\*\\*\\* failed \\(connect\\): localhost has no IPv${missing} address \\(${missing === 4 ? 'A' : 'AAAA'}\\), only IPv${other} \\([^)]+\\): use -${other}, or leave -${missing} out\\n$`));
		expect(server.peers.length).toBe(before);
	});

	it('with --mx, each MX host is reached in that family: one of the other is passed over', async () => {
		const resolver = fakeResolver({mx: {'example.test': [{exchange: '127.0.0.1', priority: 10}, {exchange: '::1', priority: 20}]}});
		const before = v6.peers.length;
		const {code, out} = await runInProcess((given, input, io) => runSend(given, input, io, resolver), {
			mx: true,
			ipv6: true,
			port: String(v6.port),
			from: 'me@example.test',
			to: ['friend@example.test'],
			helo: 'client.test',
			body: 'Hello',
			timeout: '5',
		});
		expect(code).toBe(0);
		expect(out).toContain(`*** cannot connect to 127.0.0.1:${v6.port}: 127.0.0.1 is an IPv4 address and -6 asks for IPv6: drop -6, or give the host's IPv6 address`);
		expect(out).toContain(`=== connected to [::1]:${v6.port} from [::1]:`);
		expect(v6.peers.length).toBe(before + 1);
	});
});

describe('send: -4, -6 and --local-address that cannot work are refused before connecting (exit 1)', () => {
	it.each([
		[['-4', '-6', '--host', '127.0.0.1'], '-4 and -6 cannot be used together', '-4 connects over IPv4 only, -6 over IPv6 only; leave both out to use either'],
		// Together in one word, as -q4 is -q and -4, not the number -46 (once an 'unexpected argument').
		[['-46', '--host', '127.0.0.1'], '-4 and -6 cannot be used together', '-4 connects over IPv4 only, -6 over IPv6 only; leave both out to use either'],
		[['-6', '--host', '127.0.0.1'], '-6 with --host 127.0.0.1, an IPv4 address', "give the server's IPv6 address or its name, or drop -6"],
		[['-4', '--host', '[::1]'], '-4 with --host ::1, an IPv6 address', "give the server's IPv4 address or its name, or drop -4"],
		[['-6', '--host', '127.0.0.1:2525'], '-6 with --host 127.0.0.1, an IPv4 address', "give the server's IPv6 address or its name, or drop -6"],
		[['--local-address', '::1', '--host', '127.0.0.1'], '--local-address ::1 is IPv6 and --host 127.0.0.1 is IPv4', "a connection stays in one family: give an IPv4 local address, or the server's IPv6 address or its name"],
		[['-6', '--local-address', '127.0.0.2', '--host', 'mx.example.test'], '--local-address 127.0.0.2 is IPv4 and -6 asks for IPv6', 'give an IPv6 local address, or drop -6'],
		[['--local-address', 'lo', '--host', '127.0.0.1'], '--local-address "lo" is an interface, not an address', 'give one of its addresses: 127.0.0.1, ::1'],
		[['--local-address', 'relay.example.test', '--host', '127.0.0.1'], '--local-address "relay.example.test" is not an IP address', expect.stringMatching(/^give one of this machine's addresses, e\.g\. --local-address \S+ \(ip address lists this machine's addresses\)$/)],
		[['--local-address', '0.0.0.0', '--host', '127.0.0.1'], '--local-address 0.0.0.0 means any address: the system picks one', expect.stringMatching(/^leave --local-address out, or give/)],
		[['--local-address', ' ', '--host', '127.0.0.1'], '--local-address is empty', expect.stringMatching(/, or leave --local-address out$/)],
	])('%j', async (args, message, hint) => {
		const run = await runCli(['send', '--to', 'a@example.test', '--json', ...args]);
		expect(run.code).toBe(1);
		expect(resultOf(run.stdout)).toMatchObject({exitCode: 1, message, hint});
	});
});
