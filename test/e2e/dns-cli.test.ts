// `send --mx --dns` and `check --dns` as users run them (the built dist/cli.js), against a real DNS server and a real
// SMTP server on 127.0.0.1: no name here is known to the system's resolver, so every answer comes from --dns.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('dns-cli');

let dns: TestDnsServer;
let smtp: TestSmtpServer;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
	smtp = await startSmtpServer({hideSTARTTLS: true});
	dns = await startDnsServer({
		'example.test': {mx: [{priority: 20, exchange: 'backup.example.test'}, {priority: 10, exchange: 'mx.example.test'}]},
		'mx.example.test': {a: ['127.0.0.1']},
		// Nothing listens on 127.0.0.2 (the servers listen on 127.0.0.1 alone): the backup refuses.
		'backup.example.test': {a: ['127.0.0.2']},
		'null.test': {mx: [{priority: 0, exchange: '.'}], a: ['127.0.0.1']},
		'plain.test': {a: ['127.0.0.1']},
		'fail.test': {rcode: 'SERVFAIL'},
		'slow.test': {silent: true},
		'cut.test': {mx: [{priority: 10, exchange: 'mx.example.test'}], truncate: true},
		'big.test': {mx: Array.from({length: 60}, (_, index) => ({priority: 10, exchange: `mx${index}.big.test`}))},
		...Object.fromEntries(Array.from({length: 60}, (_, index) => [`mx${index}.big.test`, {a: ['127.0.0.1']}])),
		'alias.test': {mx: [{priority: 10, exchange: 'mail.alias.test'}]},
		'mail.alias.test': {cname: 'mx.example.test'},
		'literal.test': {mx: [{priority: 10, exchange: '127.0.0.1'}]},
		'lost.test': {mx: [{priority: 10, exchange: 'gone.lost.test'}]},
		'xn--bcher-kva.test': {mx: [{priority: 10, exchange: 'mx.example.test'}]},
		// Signed (AD), with a DANE-EE record for an MX host that offers no STARTTLS.
		'dane.test': {mx: [{priority: 10, exchange: 'mx.dane.test'}], ad: true},
		'mx.dane.test': {a: ['127.0.0.1'], ad: true},
		'_25._tcp.mx.dane.test': {tlsa: [{usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32)}], ad: true},
	});
	const dir = await tempDir();
	env = {SMTP_TUI_STATE_DIR: dir, SMTP_TUI_CONFIG_DIR: dir};
});
afterAll(async () => {
	await dns.close();
	await smtp.close();
});

/** Flags as `--name value` pairs, those given replacing the defaults. */
const args = (defaults: Record<string, string>, given: Record<string, string>) => Object.entries({...defaults, ...given}).flatMap(([name, value]) => [`--${name}`, value]);
const send = (to: string, flags: Record<string, string> = {}) =>
	runCli(['send', '--mx', ...args({dns: dns.address, port: String(smtp.port), to, from: 'me@example.test', helo: 'client.test', body: 'Hello', timeout: '5'}, flags)], {env});
const check = (target: string, flags: Record<string, string> = {}) => runCli(['check', target, ...args({dns: dns.address, ports: String(smtp.port), timeout: '5'}, flags)], {env});

describe('send --mx --dns', () => {
	it('delivers to the MX the server names, falling back in preference order, and says where the MX came from', async () => {
		const before = smtp.messages.length;
		const {code, stdout} = await send('friend@example.test');
		expect(code).toBe(0);
		expect(stdout).toContain(`=== MX for example.test (from ${dns.address}, --dns): 10 mx.example.test, 20 backup.example.test`);
		expect(stdout).toContain(`=== connected to 127.0.0.1:${smtp.port}`);
		expect(smtp.messages.slice(before).map(message => message.to)).toEqual([['friend@example.test']]);
	});

	it.each([
		['a truncated UDP answer (TC, asked again over TCP)', 'friend@cut.test', '10 mx.example.test'],
		['an MX host that is a CNAME', 'friend@alias.test', '10 mail.alias.test'],
		['an MX written as an IP address', 'friend@literal.test', '10 127.0.0.1'],
		['no MX: the A record as the implicit MX', 'friend@plain.test', '0 plain.test (no MX: A/AAAA)'],
		['an IDN domain, looked up as punycode', 'friend@bücher.test', '10 mx.example.test'],
	])('delivers past %s', async (_case, to, mx) => {
		const {code, stdout} = await send(to);
		expect(stdout).toContain(`: ${mx}`);
		expect(stdout).toContain('=== queued: 250');
		expect(code).toBe(0);
	});

	it.each([
		['a null MX', 'friend@null.test', 'MX lookup failed: domain null.test does not accept mail (null MX, RFC 7505)'],
		['NXDOMAIN', 'friend@nowhere.test', 'MX lookup failed: domain nowhere.test does not exist (NXDOMAIN): .test is a reserved name'],
		['SERVFAIL', 'friend@fail.test', "failed to answer for this domain (ESERVFAIL); the domain's own name servers may be down"],
	])('fails before connecting on %s, exit 2, saying so', async (_case, to, words) => {
		const {code, stdout} = await send(to);
		expect(stdout).toMatch(/\*\*\* failed \(connect\): .*/);
		expect(stdout).toContain(words);
		expect(stdout).not.toContain('=== connecting');
		expect(code).toBe(2);
	});

	it('gives up on a server that never answers after --timeout, naming it and the dig to try', async () => {
		const {code, stdout} = await send('friend@slow.test', {timeout: '1'});
		expect(stdout).toContain(
			`*** failed (connect): MX lookup for slow.test failed: the DNS server ${dns.address} (--dns) did not answer within 1 s (ETIMEOUT); check that ${dns.address} answers DNS from here (dig @127.0.0.1 -p ${dns.port} slow.test MX)`,
		);
		expect(code).toBe(2);
	});

	it('warns of an MX written as an IP address, which other senders may refuse', async () => {
		const {stdout} = await send('friend@literal.test');
		expect(stdout).toContain('=== warning: the MX of literal.test names an IP address (127.0.0.1), not a host name: RFC 5321 §5.1 asks for a name, and other senders may refuse to use it');
		const checked = await check('literal.test');
		expect(checked.stdout).toContain('Warning: the MX of literal.test names an IP address (127.0.0.1), not a host name');
		expect((await send('friend@example.test')).stdout).not.toContain('warning: the MX');
	});

	it('warns of an MX that is an alias (CNAME), and still delivers there, as real senders mostly do', async () => {
		const before = smtp.messages.length;
		const {code, stdout} = await send('friend@alias.test');
		const warning = 'the MX of alias.test names an alias (CNAME; mail.alias.test is an alias of mx.example.test), not a host name with its own address: RFC 2181 §10.3 and RFC 5321 §5.1 forbid that';
		expect(stdout).toContain(`=== warning: ${warning}`);
		expect(smtp.messages.slice(before).map(message => message.to)).toEqual([['friend@alias.test']]);
		expect(code).toBe(0);
		const checked = await check('alias.test');
		expect(checked.stdout).toContain(`Warning: ${warning}`);
		expect(checked.stdout).toMatch(new RegExp(`mail\\.alias\\.test \\(127\\.0\\.0\\.1\\) +${smtp.port} +open`));
		expect(checked.code).toBe(0);
		expect(JSON.parse((await runCli(['check', 'alias.test', '--json', '--dns', dns.address, '--ports', String(smtp.port)], {env})).stdout.trim().split('\n').at(-1)!).mx.hosts[0]).toMatchObject({exchange: 'mail.alias.test', alias: 'mx.example.test'});
	});

	it("asks --dns for an MX host's TLSA records, with the DNSSEC bit: a DANE host without STARTTLS is one DANE senders refuse (exit 4)", async () => {
		const {code, stdout} = await check('dane.test');
		expect(stdout).toContain(`DANE for dane.test (asked ${dns.address} (--dns)):\n  mx.dane.test: TLSA 3 1 1 abababababababab… at _25._tcp.mx.dane.test, DNSSEC-validated; not matched: it does not offer STARTTLS on port ${smtp.port}\n`);
		expect(stdout).toContain(`DANE: mx.dane.test has TLSA records, but it does not offer STARTTLS on port ${smtp.port}: senders that use DANE (Postfix, Exim, Microsoft 365) will not deliver to it.`);
		expect(code).toBe(4);
		expect(dns.queries.filter(query => query.name === '_25._tcp.mx.dane.test')).toEqual([{name: '_25._tcp.mx.dane.test', type: 'TLSA', transport: 'udp', dnssecOk: true}]);
	});

	it('resolves --host through --dns too, which /etc/hosts does not know', async () => {
		const {code, stdout} = await runCli(['send', '--dns', dns.address, '--host', 'mx.example.test', '--port', String(smtp.port), '--to', 'friend@example.test', '--from', 'me@example.test', '--body', 'Hello'], {env});
		expect(stdout).toContain(`=== connected to 127.0.0.1:${smtp.port}`);
		expect(code).toBe(0);
	});

	it('names the --dns server when --host does not resolve through it, as the MX lookup does', async () => {
		const host = (name: string) => runCli(['send', '--dns', dns.address, '--host', name, '--port', String(smtp.port), '--to', 'friend@example.test', '--from', 'me@example.test', '--body', 'Hello', '--timeout', '1'], {env});
		// The query's time and the connect's are both --timeout: either may say so first.
		expect((await host('slow.test')).stdout).toMatch(
			new RegExp(`\\*\\*\\* failed \\(connect\\): cannot look up slow\\.test(?: right now: the DNS server ${dns.address} \\(--dns\\) did not answer \\(EAI_AGAIN\\)|: no answer from the DNS server ${dns.address} \\(--dns\\) within 1 s)`),
		);
		expect((await host('gone.lost.test')).stdout).toContain(`*** failed (connect): cannot find host gone.lost.test: the DNS server ${dns.address} (--dns) has no address for it (ENOTFOUND)`);
	});
});

describe('check --dns', () => {
	it('lists the MX and their addresses from the server, and probes them', async () => {
		const {code, stdout} = await check('example.test');
		expect(stdout).toMatch(/10 {2}mx\.example\.test {2}127\.0\.0\.1/);
		expect(stdout).toMatch(/20 {2}backup\.example\.test {2}127\.0\.0\.2/);
		expect(stdout).toMatch(new RegExp(`mx\\.example\\.test \\(127\\.0\\.0\\.1\\) +${smtp.port} +open`));
		expect(code).toBe(0);
	});

	it('takes a set of MX too big for UDP, and probes the first --mx-hosts of them', async () => {
		const {code, stdout} = await check('big.test', {'mx-hosts': '2'});
		expect(stdout.match(/mx\d+\.big\.test {2}127\.0\.0\.1/g)).toHaveLength(60);
		expect(stdout.match(/ open /g)).toHaveLength(2);
		expect(code).toBe(0);
	});

	it('resolves a host TARGET through --dns too', async () => {
		const {code, stdout} = await runCli(['check', `mx.example.test:${smtp.port}`, '--dns', dns.address, '--timeout', '5'], {env});
		expect(stdout).toMatch(/mx\.example\.test \(127\.0\.0\.1\) +\d+ +open/);
		expect(code).toBe(0);
	});

	it.each([
		['a null MX', 'null.test', 'domain null.test does not accept mail (null MX, RFC 7505). Nobody can deliver mail to it: there is nothing to probe.'],
		['NXDOMAIN', 'nowhere.test', 'domain nowhere.test does not exist (NXDOMAIN)'],
		['SERVFAIL', 'fail.test', "(ESERVFAIL). The domain's own name servers may be down or misconfigured"],
	])('stops on %s before any probe, exit 2', async (_case, target, words) => {
		const {code, stdout} = await check(target);
		expect(stdout).toContain(words);
		expect(stdout).not.toContain('Probing');
		expect(code).toBe(2);
	});

	it('blames the --dns server, not this machine, for an MX host it has no address for', async () => {
		const {code, stdout} = await check('lost.test');
		expect(stdout).toMatch(/gone\.lost\.test +\d+ +DNS failed +gone\.lost\.test has no A or AAAA address/);
		expect(stdout).toContain(`No host name could be resolved: check the spelling of the target, or what the DNS server ${dns.address} (--dns) has for it.`);
		expect(code).toBe(2);
	});

	it('gives up on a silent server within its --timeout, without asking it again for --no-mx advice', async () => {
		const before = dns.queries.filter(query => query.name === 'slow.test').length;
		const {code, stdout} = await check('slow.test', {timeout: '1'});
		expect(stdout).toContain(`MX lookup for slow.test failed: the DNS server ${dns.address} (--dns) did not answer within 1 s (ETIMEOUT). Check that ${dns.address} answers DNS from here`);
		expect(dns.queries.filter(query => query.name === 'slow.test').slice(before).every(query => query.type === 'MX')).toBe(true);
		expect(code).toBe(2);
	});
});

describe('--dns where there is nothing to look up', () => {
	const unused = (address: string) => `--dns has nothing to do: ${address} is an IP address, with no name to look up`;

	it('is said by send with an IP --host, which still sends; not with a name, nor with --mx', async () => {
		const sent = (host: string, ...more: string[]) => runCli(['send', '--dns', dns.address, '--host', host, '--port', String(smtp.port), '--to', 'friend@example.test', '--from', 'me@example.test', '--body', 'Hello', ...more], {env});
		const literal = await sent('127.0.0.1');
		expect(literal.stdout).toContain(`=== warning: ${unused('127.0.0.1')}`);
		expect(literal.code).toBe(0);
		expect((await sent('mx.example.test')).stdout).not.toContain('--dns has nothing to do');
		expect((await sent('127.0.0.1', '--mx')).stdout).not.toContain('--dns has nothing to do');
		// Off this machine, the DMARC lookup (and from a public address the SPF check) asks it.
		const away = await sent('192.0.2.1', '--timeout', '1');
		expect(away.stdout).toContain('=== connecting to 192.0.2.1');
		expect(away.stdout).not.toContain('--dns has nothing to do');
	});

	it('is said by check on stderr for an IP TARGET, which is still probed; not for a name', async () => {
		const literal = await runCli(['check', `127.0.0.1:${smtp.port}`, '--dns', dns.address, '--timeout', '5'], {env});
		expect(literal.stderr).toContain(`smtp-tui: warning: ${unused('127.0.0.1')}`);
		expect(literal.stdout).toMatch(/127\.0\.0\.1 +\d+ +open/);
		expect(literal.code).toBe(0);
		expect((await check('example.test')).stderr).not.toContain('--dns has nothing to do');
	});

	it('is taken by talk, whose --host is found through it; an IP --host, or the sandbox, is said to need none', async () => {
		const talk = (...flags: string[]) => runCli(['talk', '--dns', dns.address, '--timeout', '5', ...flags], {env, input: 'QUIT\n'});
		const named = await talk('--host', 'mx.example.test', '--port', String(smtp.port));
		expect(named.stdout).toContain(`=== connected to 127.0.0.1:${smtp.port}`);
		expect(named.stdout).not.toContain('--dns has nothing to do');
		expect(named.code).toBe(0);
		expect((await talk('--host', 'gone.lost.test', '--port', String(smtp.port))).stdout).toContain(`cannot find host gone.lost.test: the DNS server ${dns.address} (--dns) has no address for it (ENOTFOUND)`);
		const literal = await talk('--host', '127.0.0.1', '--port', String(smtp.port));
		expect(literal.stdout).toContain(`=== warning: ${unused('127.0.0.1')}`);
		expect(literal.code).toBe(0);
		expect((await talk()).stdout).toContain(`=== warning: ${unused('127.0.0.1')}`);
	});

	it('is refused by profile save, with the reason and where to give it instead', async () => {
		const {code, stderr} = await runCli(['profile', 'save', 'work', '--host', 'mx.example.test', '--dns', dns.address], {env});
		expect(stderr).toContain('--dns is not saved in profiles: which DNS server can be asked depends on the network smtp-tui runs in');
		expect(stderr).toContain('hint: give --dns on the command line with --profile');
		expect(code).toBe(1);
		expect((await runCli(['profile', 'list'], {env})).stdout).not.toContain('work');
	});
});

describe('--dns values', () => {
	it.each([
		['dns.google', '--dns "dns.google" is not an IP address: the server must be given by address, as a name would need DNS to be found'],
		['1.1.1.1:0', '--dns "1.1.1.1:0": the port must be a whole number from 1 to 65535, not "0"'],
		['1.1.1.1:dns', '--dns "1.1.1.1:dns": the port must be a whole number from 1 to 65535, not "dns"'],
		['[2001:db8::53]:70000', '--dns "[2001:db8::53]:70000": the port must be a whole number from 1 to 65535, not "70000"'],
		['2001:db8::zz:5353', 'an IPv6 address with a port goes in brackets, [2001:db8::53]:5353'],
		['', '--dns is empty'],
	])('refuses %j with exit 1, in send and check', async (value, words) => {
		for (const command of [
			['send', '--mx', '--to', 'friend@example.test'],
			['check', 'example.test'],
		]) {
			const {code, stderr} = await runCli([...command, '--dns', value], {env});
			expect(stderr).toContain(words);
			expect(stderr).toContain('hint: give a DNS server\'s IP address, with its port if not 53: e.g. --dns 1.1.1.1');
			expect(code).toBe(1);
		}
	});

	it("takes dig's @SERVER and a bracketed IPv6 address", async () => {
		const {code, stdout} = await check('example.test', {dns: `@${dns.address}`});
		expect(stdout).toContain('mx.example.test  127.0.0.1');
		expect(code).toBe(0);
		// Nothing listens on [::1] at that port (the server is IPv4 only): the address was taken, and asked.
		const six = await check('example.test', {dns: `[::1]:${dns.port}`, timeout: '1'});
		expect(six.stdout).toMatch(new RegExp(`the DNS server \\[::1\\]:${dns.port} \\(--dns\\) (refused the query|did not answer)`));
	});

	it('is refused with --socket, which needs no name found', async () => {
		const {code, stderr} = await runCli(['send', '--socket', '/tmp/lmtp', '--dns', '1.1.1.1', '--to', 'friend@example.test'], {env});
		expect(stderr).toContain('--dns');
		expect(code).toBe(1);
	});
});
