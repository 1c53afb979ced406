// `smtp-tui check` and this machine as a sender: real parts only. A DNS server on loopback serves the PTR, A/AAAA
// and blocklist records for a documentation-range --public-address (the probes themselves go over loopback),
// smtp-server answers the probe.
import {describe, expect, test} from 'vitest';
import {startDnsServer, type DnsZone, type TestDnsServer} from '../helpers/dns-server.js';
import {checkInProcess} from '../helpers/run-check.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {formatSender, lookupSender} from '../../source/headless/check-sender.js';
import {checkTarget} from '../../source/headless/check.js';
import {parseCheckFlags} from '../../source/headless/check-options.js';
import type {ProbeResult} from '../../source/headless/check-probe.js';
import {spfDns} from '../../source/transport/spf-dns.js';

const cleanup = cleanupAfterEach();

const ADDRESS = '192.0.2.7';
const REVERSE = '7.2.0.192.in-addr.arpa';
const DEFAULT_ZONES = ['zen.spamhaus.org', 'bl.spamcop.net', 'b.barracudacentral.org', 'psbl.surriel.com', 'bl.mailspike.net'];

/** Each default list's test address 127.0.0.2, listed as RFC 5782 has it: the list answers this resolver. */
const TEST_POINTS: DnsZone = Object.fromEntries(DEFAULT_ZONES.map(zone => [`2.0.0.127.${zone}`, {a: ['127.0.0.2']}]));

/** A DNS server answering from `zone` (over the lists' test points) and an SMTP server; check's TARGET for it. */
async function setUp(zone: DnsZone): Promise<{dns: TestDnsServer; target: string}> {
	const [dns, server] = await Promise.all([startDnsServer({...TEST_POINTS, ...zone}), startSmtpServer({name: 'mx.test'})]);
	cleanup(() => dns.close());
	cleanup(() => server.close());
	return {dns, target: `127.0.0.1:${server.port}`};
}

/** check of the sandbox with --public-address ADDRESS, its lookups answered from `zone`. */
async function check(zone: DnsZone, flags: Record<string, unknown> = {}) {
	const {dns, target} = await setUp(zone);
	const result = await checkInProcess([target], {dns: dns.address, publicAddress: ADDRESS, starttls: false, ...flags}, {timeout: '3'});
	return {...result, dns};
}

const CONFIRMED: DnsZone = {[REVERSE]: {ptr: ['mail.example.test']}, 'mail.example.test': {a: [ADDRESS]}};

describe('check: this machine as a sender', () => {
	test('a forward-confirmed PTR that is the HELO name, on no list: every default list asked; exit 0, Nagios OK', async () => {
		const {code, out, dns} = await check(CONFIRMED, {helo: 'mail.example.test'});
		expect(code).toBe(0);
		expect(out).toContain(`This machine as a sender: ${ADDRESS} (--public-address)\n  reverse DNS: mail.example.test, forward-confirmed (its A records hold ${ADDRESS})\n  HELO name mail.example.test is the reverse DNS name\n`);
		for (const zone of DEFAULT_ZONES) expect(out).toContain(`  ${zone}: not listed\n`);
		expect(out).not.toContain('warning:');
		expect(dns.queries.filter(query => query.type === 'A').map(query => query.name)).toEqual(expect.arrayContaining(DEFAULT_ZONES.map(zone => `7.2.0.192.${zone}`)));
		const nagios = await check(CONFIRMED, {helo: 'mail.example.test', nagios: true});
		expect(nagios.out).toMatch(/^SMTP OK - /);
		expect(nagios.code).toBe(0);
	});

	test('no PTR: said with what to do; the plain exit code stays 0, Nagios WARNING naming it', async () => {
		const {code, out} = await check({});
		expect(code).toBe(0);
		expect(out).toContain(`  reverse DNS: none (no PTR record at ${REVERSE})\n`);
		expect(out).toContain(`  warning: ${ADDRESS} has no reverse DNS: receivers such as Gmail refuse mail from an address without reverse DNS: ask your hosting provider to set a PTR\n`);
		const nagios = await check({}, {nagios: true});
		expect(nagios.code).toBe(1);
		expect(nagios.out).toMatch(/^SMTP WARNING - .*, sender: 1 problem \|/);
		expect(nagios.out).toContain('has no reverse DNS');
	});

	test('a PTR that does not resolve back, a generic name and another HELO: each said; only the first is a Nagios WARNING', async () => {
		const zone: DnsZone = {[REVERSE]: {ptr: ['192-0-2-7.dsl.example.test']}, '192-0-2-7.dsl.example.test': {a: ['198.51.100.9']}};
		const {out} = await check(zone);
		expect(out).toContain('  reverse DNS: 192-0-2-7.dsl.example.test, NOT forward-confirmed: its A records are 198.51.100.9, not 192.0.2.7\n');
		expect(out).toContain('  warning: the reverse DNS name of 192.0.2.7 (192-0-2-7.dsl.example.test) does not resolve back to it: receivers such as Gmail and Microsoft require forward-confirmed reverse DNS');
		expect(out).toContain("  warning: 192-0-2-7.dsl.example.test looks like a provider's generic name (it holds the numbers of the address): receivers treat mail from it as from a home or dynamic line");
		expect(out).toContain('  warning: the HELO name probe.test is not the reverse DNS name (192-0-2-7.dsl.example.test): some receivers score the mismatch as spam: give send --helo 192-0-2-7.dsl.example.test');
		const nagios = await check(zone, {nagios: true});
		expect(nagios.out).toMatch(/, sender: 1 problem \|/);
		const confirmedElsewhere = await check({...CONFIRMED, [REVERSE]: {ptr: ['mail.example.test']}, 'mail.example.test': {a: []}});
		expect(confirmedElsewhere.out).toContain('  reverse DNS: mail.example.test, NOT forward-confirmed: it has no A record\n');
	});

	test('a hostile PTR name (an escape in it) is shown escaped, and never offered as a name for send --helo', async () => {
		const {out} = await check({[REVERSE]: {ptr: ['host\u001b]0;x\u0007.example.test']}});
		expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
		expect(out).toMatch(/the HELO name probe\.test is not the reverse DNS name \(host\\027\]0\\;x\\007\.example\.test\): some receivers score the mismatch as spam: make it this machine's host name\n/);
		expect(out).not.toContain('give send --helo');
	});

	test('listings decoded in words with their TXT reason; a PBL is no listing; Spamhaus refusing a public resolver is "not known"', async () => {
		const zone: DnsZone = {
			...CONFIRMED,
			'7.2.0.192.bl.spamcop.net': {a: ['127.0.0.2'], txt: [['Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.7']]},
			'7.2.0.192.zen.spamhaus.org': {a: ['127.0.0.4', '127.0.0.10']},
			'7.2.0.192.psbl.surriel.com': {a: ['127.0.0.2']},
		};
		const {code, out} = await check(zone, {helo: 'mail.example.test'});
		expect(code).toBe(0);
		expect(out).toContain('  bl.spamcop.net: LISTED (127.0.0.2): "Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.7"\n');
		expect(out).toContain("  zen.spamhaus.org: LISTED (127.0.0.4, 127.0.0.10): XBL: an infected or exploited machine (a bot, an open proxy) sends from this address; PBL (set by the ISP): this address should not send mail directly: use your provider's relay\n");
		expect(out).toContain('  psbl.surriel.com: LISTED (127.0.0.2)\n');
		const nagios = await check(zone, {helo: 'mail.example.test', nagios: true});
		expect(nagios.out).toMatch(/, sender: 3 problems \|/);
		expect(nagios.out).toContain('192.0.2.7 is listed on bl.spamcop.net: receivers that use it refuse or junk mail from it\n');

		const pbl = await check({...CONFIRMED, '7.2.0.192.zen.spamhaus.org': {a: ['127.0.0.11']}}, {helo: 'mail.example.test', nagios: true});
		expect(pbl.out).toMatch(/^SMTP OK - /);
		const refused = {...CONFIRMED, '7.2.0.192.zen.spamhaus.org': {a: ['127.255.255.254']}};
		expect((await check(refused, {helo: 'mail.example.test'})).out).toContain('  zen.spamhaus.org: not known: Spamhaus does not answer queries through public resolvers (use your own resolver or a DQS key)\n');
		expect((await check(refused, {helo: 'mail.example.test', nagios: true})).out).toMatch(/^SMTP OK - /);
	});

	test('--blocklist replaces the default lists, --no-blocklists asks none; an answer outside 127/8 is no listing', async () => {
		const zone = {...CONFIRMED, '7.2.0.192.dnsbl.example.test': {a: ['198.51.100.1']}};
		const {out, dns} = await check(zone, {blocklist: ['dnsbl.example.test', 'DNSBL.example.test.']});
		expect(out).toContain('  dnsbl.example.test: not known: 198.51.100.1, outside 127.0.0.0/8: no listing code, so your resolver or the list answers every name\n');
		expect(out).not.toContain('spamhaus');
		expect(dns.queries.filter(query => query.name === '7.2.0.192.dnsbl.example.test' && query.type === 'A')).toHaveLength(1);
		const none = await check(CONFIRMED, {blocklists: false});
		expect(none.out).toContain('  reverse DNS: mail.example.test, forward-confirmed');
		expect(none.dns.queries.filter(query => !query.name.endsWith('.arpa') && !query.name.endsWith('.example.test'))).toEqual([]);
	});

	test('a list that does not list its own test address 127.0.0.2 is not answering: "not known", never "not listed"', async () => {
		const {out, dns} = await check({...CONFIRMED, '2.0.0.127.b.barracudacentral.org': {rcode: 'NXDOMAIN'}}, {helo: 'mail.example.test'});
		expect(out).toContain('  b.barracudacentral.org: not known: it does not list its test address 127.0.0.2 either (RFC 5782), so it is not answering your resolver: some lists must have it registered (Barracuda), refuse public resolvers (Spamhaus), or have shut down\n');
		expect(out).toContain('  bl.spamcop.net: not listed\n');
		expect(dns.queries.filter(query => query.name.startsWith('2.0.0.127.'))).toHaveLength(DEFAULT_ZONES.length);
	});

	test('IPv6: the PTR and Spamhaus asked by nibbles; the lists of IPv4 addresses only are said not asked', async () => {
		const address = '2001:db8::25';
		const nibbles = '5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2';
		const zone: DnsZone = {[`${nibbles}.ip6.arpa`]: {ptr: ['mail6.example.test']}, 'mail6.example.test': {aaaa: ['2001:db8:0:0::25']}, [`${nibbles}.zen.spamhaus.org`]: {a: ['127.0.0.3']}};
		const {out, dns} = await check(zone, {publicAddress: `[${address}]`, helo: 'mail6.example.test'});
		expect(out).toContain(`This machine as a sender: ${address} (--public-address)\n  reverse DNS: mail6.example.test, forward-confirmed (its AAAA records hold ${address})\n`);
		expect(out).toContain('  zen.spamhaus.org: LISTED (127.0.0.3): SBL CSS: snowshoe spam seen from this address\n');
		expect(out).toContain('  bl.spamcop.net: not asked (it lists IPv4 addresses only)\n');
		expect(dns.queries.filter(query => query.name.endsWith('spamcop.net'))).toEqual([]);
	});

	test('--json: the verdict line carries the sender; the probe lines do not carry the outgoing address', async () => {
		const {out} = await check({...CONFIRMED, '7.2.0.192.bl.spamcop.net': {a: ['127.0.0.2']}}, {json: true, helo: 'mail.example.test'});
		const lines = out.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines[0]).not.toHaveProperty('outgoingAddress');
		expect(lines.at(-1)!.sender).toMatchObject({
			address: ADDRESS,
			from: 'public-address',
			ptr: [{name: 'mail.example.test', addresses: [ADDRESS], confirmed: true}],
			helo: {name: 'mail.example.test', matches: true},
			blocklists: expect.arrayContaining([{zone: 'bl.spamcop.net', status: 'listed', codes: ['127.0.0.2']}, {zone: 'psbl.surriel.com', status: 'not-listed'}]),
			problems: [{severity: 'warning', zone: 'bl.spamcop.net', text: '192.0.2.7 is listed on bl.spamcop.net: receivers that use it refuse or junk mail from it'}],
		});
		expect(lines.at(-1)!.exitCode).toBe(0);
	});

	test('without --public-address, probes over loopback say so and ask nothing; a host port other than 25, or this machine\'s own, has no block', async () => {
		const {dns, target} = await setUp({'example.test': {mx: [{priority: 10, exchange: 'mx.example.test'}]}, 'mx.example.test': {a: ['127.0.0.1']}});
		const {code, out} = await checkInProcess(['example.test'], {dns: dns.address, ports: target.split(':')[1], starttls: false}, {timeout: '3'});
		expect(code).toBe(0);
		expect(out).toContain('This machine as a sender: the probes went over loopback (127.0.0.1), which says nothing of the address mail to other hosts leaves from: give it with --public-address ADDR to check its reverse DNS and blocklists\n');
		expect(dns.queries.filter(query => query.name.endsWith('.arpa') || query.name.startsWith('1.0.0.127.'))).toEqual([]);
		const host = await checkInProcess([target], {}, {timeout: '3'});
		expect(host.out).not.toContain('This machine as a sender');
		// This machine's own port 25 (nothing need listen there) says nothing of how mail leaves it: no block, and --dns unused.
		const own = await checkInProcess(['127.0.0.1'], {ports: `25,${target.split(':')[1]}`, dns: dns.address, starttls: false}, {timeout: '3'});
		expect(own.out).not.toContain('This machine as a sender');
		expect(own.out).toContain('--dns has nothing to do: 127.0.0.1 is an IP address');
	});

	test('flag mistakes are named: a private or loopback --public-address, not an address, --blocklist with --no-blocklists', async () => {
		const cases: Array<[string[], string]> = [
			[['--public-address', '10.0.0.5'], '--public-address 10.0.0.5 is a private address, which no receiver sees mail come from'],
			[['--public-address', '127.0.0.1'], '--public-address 127.0.0.1 is a loopback address'],
			[['--public-address', 'mail.example.test'], '--public-address "mail.example.test" is not an IP address'],
			[['--blocklist', 'zen.spamhaus.org', '--no-blocklists'], '--blocklist and --no-blocklists are both given'],
			[['--blocklist', 'localhost'], '--blocklist "localhost" is not a DNS zone'],
		];
		const results = await Promise.all(cases.map(([flags]) => runCli(['check', '127.0.0.1:1', ...flags])));
		for (const [index, [, message]] of cases.entries()) {
			expect(results[index]!.code, message).toBe(1);
			expect(results[index]!.stderr).toContain(message);
		}
	});

	test('an address not to judge: private (NAT), through SOCKS, or none connected: said plainly, nothing asked', async () => {
		const dns = await startDnsServer({});
		cleanup(() => dns.close());
		const ask = spfDns({address: '127.0.0.1', port: dns.port}, 2000);
		const probe = (port: number, outgoingAddress?: string): ProbeResult => ({host: 'mx.example.test', port, status: 'open', ...(outgoingAddress && {outgoingAddress})});
		const nat = await lookupSender({results: [probe(587, '192.168.1.20'), probe(25, '10.0.0.5')]}, {}, ask);
		expect(nat).toMatchObject({address: '10.0.0.5', from: 'probe', probe: 'mx.example.test:25', unjudged: 'private'});
		expect(formatSender(nat)).toBe(
			"This machine as a sender: the probes left from 10.0.0.5, a private address: receivers see your router's or provider's public address (NAT), which cannot be known from here without asking an outside service: give it with --public-address ADDR to check its reverse DNS and blocklists\n",
		);
		const mapped = await lookupSender({results: [probe(25, '::ffff:172.16.0.9')]}, {}, ask);
		expect(mapped).toMatchObject({address: '172.16.0.9', unjudged: 'private'});
		expect(formatSender(await lookupSender({socks: true, results: [probe(25, '127.0.0.1')]}, {}, ask))).toContain("through the SOCKS proxy, mail leaves from the proxy's address, which cannot be known from here");
		expect(formatSender(await lookupSender({results: [probe(25)]}, {}, ask))).toContain('no probe connected, so the address mail leaves from is not known here');
		expect(dns.queries).toEqual([]);
	});

	test('interrupted while the sender lookups run, after every probe: the verdict names them, not a domain', async () => {
		const {dns, target} = await setUp({[REVERSE]: {silent: true}});
		let probed: () => void = () => {};
		const interrupted = new Promise<NodeJS.Signals>(resolve => (probed = () => resolve('SIGINT')));
		const [host, port] = target.split(':');
		const report = await checkTarget(host!, {ports: [Number(port)], timeoutMs: 30_000, ehloName: 'probe.test', dns: {address: '127.0.0.1', port: dns.port}, sender: {publicAddress: ADDRESS}, onResult: () => probed(), interrupted});
		expect(report).toMatchObject({exitCode: 130, results: [{status: 'open'}]});
		expect(report.sender).toBeUndefined();
		expect(report.verdict).toBe("Interrupted (Ctrl+C): this machine's sender lookups (reverse DNS, blocklists) were not finished, so none is shown. From the probe that finished: every probed port answers with a 220 banner: the server is reachable from here.");
	});

	test('the built CLI: --blocklist repeated, --no-blocklists, --public-address in brackets', async () => {
		const {dns, target} = await setUp({...CONFIRMED, '7.2.0.192.one.example.test': {a: ['127.0.0.2']}, '2.0.0.127.two.example.test': {a: ['127.0.0.2']}});
		const common = [target, '--dns', dns.address, '--public-address', `[${ADDRESS}]`, '--no-starttls', '--timeout', '3', '--ehlo', 'mail.example.test'];
		const [lists, none] = await Promise.all([runCli(['check', ...common, '--blocklist', 'one.example.test', '--blocklist', 'two.example.test']), runCli(['check', ...common, '--no-blocklists'])]);
		expect(lists.code).toBe(0);
		expect(lists.stdout).toContain('  one.example.test: LISTED (127.0.0.2)\n  two.example.test: not listed\n');
		expect(none.stdout).toContain(`This machine as a sender: ${ADDRESS} (--public-address)\n  reverse DNS: mail.example.test, forward-confirmed (its A records hold ${ADDRESS})\n  HELO name mail.example.test is the reverse DNS name\n\n`);
	});
});

test('--nagios: the block runs only when asked for (--public-address, --blocklist), so a service check keeps its state', () => {
	expect(parseCheckFlags({nagios: true}, {}).sender).toBeUndefined();
	expect(parseCheckFlags({nagios: true, blocklists: false}, {}).sender).toBeUndefined();
	expect(parseCheckFlags({nagios: true, publicAddress: ADDRESS}, {}).sender).toEqual({publicAddress: ADDRESS});
	expect(parseCheckFlags({nagios: true, blocklist: ['zen.spamhaus.org']}, {}).sender).toEqual({blocklists: ['zen.spamhaus.org']});
	expect(parseCheckFlags({}, {}).sender).toEqual({});
});
