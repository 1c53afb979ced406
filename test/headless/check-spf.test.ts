// `smtp-tui check DOMAIN` and SPF: real parts only. A DNS server on loopback serves the MX, A and TXT records (and
// each include's), smtp-server answers the probe, and check runs with --dns as a user runs it.
import {describe, expect, test} from 'vitest';
import {formatSpf} from '../../source/headless/check-spf.js';
import {lintSpf} from '../../source/spf/lint.js';
import {startDnsServer, type DnsZone} from '../helpers/dns-server.js';
import {zoneDns} from '../helpers/spf-zone.js';
import {checkInProcess} from '../helpers/run-check.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

/** example.test with its MX on this machine, these TXT records for it, and more names. */
async function zone(spf: string[][], extra: DnsZone = {}) {
	const dns = await startDnsServer({
		'example.test': {mx: [{priority: 10, exchange: 'mx.example.test'}], txt: spf},
		'mx.example.test': {a: ['127.0.0.1']},
		...extra,
	});
	cleanup(() => dns.close());
	const server = await startSmtpServer({name: 'mx.test'});
	cleanup(() => server.close());
	return {dns, port: String(server.port)};
}

const check = (target: string, flags: Record<string, unknown>) => checkInProcess([target], flags, {timeout: '3'});

/** A chain of includes _spf0 … _spfN-1, the last one naming an address: N lookups counted from an include of the first. */
const includes = (count: number): DnsZone =>
	Object.fromEntries(Array.from({length: count}, (_, n) => [`_spf${n}.example.test`, {txt: [[n + 1 < count ? `v=spf1 include:_spf${n + 1}.example.test` : 'v=spf1 ip4:192.0.2.0/24 -all']]}]));

describe('check DOMAIN: SPF', () => {
	test('11 DNS lookups through includes: the count, each include\'s share, permerror in the verdict; exit 0, Nagios WARNING', async () => {
		const {dns, port} = await zone([['v=spf1 mx include:_spf0.example.test -all']], includes(10));
		const {code, out} = await check('example.test', {dns: dns.address, ports: port});
		expect(code).toBe(0);
		expect(out).toContain('SPF for example.test: v=spf1 mx include:_spf0.example.test -all\n');
		expect(out).toContain('  DNS lookups: 11 of 10, over the limit: permerror (include:_spf0.example.test 10)\n');
		expect(out).toContain('  -all: mail from any other server fails SPF, and receivers may refuse it\n');
		expect(out.trimEnd().split('\n').at(-1)).toContain(' SPF of example.test needs 11 DNS lookups, counted through its includes and redirect, where 10 are allowed: receivers return permerror and your SPF fails everywhere.');
		const nagios = await check('example.test', {dns: dns.address, ports: port, nagios: true, allowUnverified: true});
		expect(nagios.code).toBe(1);
		expect(nagios.out).toMatch(/^SMTP WARNING - .*, SPF: 1 problem \|/);
		// The lookups a receiver makes are the ones counted: every include's TXT was asked for.
		expect(dns.queries.filter(query => query.type === 'TXT' && query.name.startsWith('_spf')).length).toBeGreaterThanOrEqual(10);
	});

	test('10 lookups: no problem, no room left; Nagios OK', async () => {
		const {dns, port} = await zone([['v=spf1 include:_spf0.example.test ~all']], includes(10));
		const {code, out} = await check('example.test', {dns: dns.address, ports: port});
		expect(code).toBe(0);
		expect(out).toContain('  DNS lookups: 10 of 10, no room for another include (include:_spf0.example.test 10)\n');
		expect(out).toContain('  ~all: mail from any other server softfails: accepted but marked, and most receivers junk it (-all asks them to refuse it)\n');
		expect(out).not.toContain('SPF of example.test');
		expect((await check('example.test', {dns: dns.address, ports: port, nagios: true, allowUnverified: true})).code).toBe(0);
	});

	test('--json: the record, lookups, branches, all and problems in the verdict line', async () => {
		const {dns, port} = await zone([['v=spf1 ptr include:gone.example.test a:nothing.example.test +all']], {});
		const {out} = await check('example.test', {dns: dns.address, ports: port, json: true});
		const verdict = JSON.parse(out.trimEnd().split('\n').at(-1)!) as {spf: unknown; verdict: string};
		expect(verdict.spf).toEqual({
			domain: 'example.test',
			status: 'found',
			record: 'v=spf1 ptr include:gone.example.test a:nothing.example.test +all',
			lookups: 3,
			voidLookups: 2,
			branches: [{term: 'include:gone.example.test', domain: 'gone.example.test', lookups: 1}],
			all: '+all',
			problems: [
				{severity: 'error', text: '"include:gone.example.test" in the SPF record of example.test names gone.example.test, which has no SPF record: receivers return permerror for every sender of example.test (fix the name, or remove the include).'},
				{severity: 'warning', text: '"ptr" in the SPF record of example.test is deprecated (RFC 7208 §5.5): slow, and many receivers skip it, so mail it should allow fails. Name the servers with ip4:/ip6: or a instead.'},
				{severity: 'warning', text: '"+all" in the SPF record of example.test lets any server anywhere send as example.test: forged mail passes SPF. End it with -all (or ~all) instead.'},
			],
		});
		expect(verdict.verdict).toContain('names gone.example.test, which has no SPF record');
		expect(verdict.verdict).not.toContain('deprecated');
		// In text, the warnings are in the block, the permerror in the verdict.
		const text = (await check('example.test', {dns: dns.address, ports: port})).out;
		expect(text).toContain('  +all: any server anywhere passes, forgers included\n  warning: "ptr" in the SPF record of example.test is deprecated (RFC 7208 §5.5)');
		expect(text.split('\n\n').at(-1)).not.toContain('warning:');
		// --nagios has no blocks: its long output names the warnings its status line counts, after the verdict.
		const nagios = (await check('example.test', {dns: dns.address, ports: port, nagios: true, allowUnverified: true})).out.trimEnd().split('\n');
		expect(nagios[0]).toMatch(/, SPF: 3 problems \|/);
		expect(nagios.slice(2)).toEqual(['"ptr" in the SPF record of example.test is deprecated (RFC 7208 §5.5): slow, and many receivers skip it, so mail it should allow fails. Name the servers with ip4:/ip6: or a instead.', '"+all" in the SPF record of example.test lets any server anywhere send as example.test: forged mail passes SPF. End it with -all (or ~all) instead.']);
	});

	test.each([
		['no record', [['google-site-verification=abc']], 'SPF for example.test: no record (no TXT record starting "v=spf1")\n', 'warning'],
		['two records', [['v=spf1 mx -all'], ['v=spf1 include:_spf.example.net ~all']], 'SPF for example.test: several records, a permerror\n', 'error'],
		['a syntax error', [['v=spf1 ip4:192.0.2.300 inlcude:_spf.example.net -all']], 'SPF for example.test: v=spf1 ip4:192.0.2.300 inlcude:_spf.example.net -all\n', 'error'],
		['no all', [['v=spf1 mx']], '  no "all": mail from any other server is neutral, as if there were no SPF record\n', 'warning'],
	])('%s: said in the block, a problem of its weight', async (_name, txt, line, severity) => {
		const {dns, port} = await zone(txt);
		const {code, out} = await check('example.test', {dns: dns.address, ports: port, json: true});
		expect(code).toBe(0);
		const {spf} = JSON.parse(out.trimEnd().split('\n').at(-1)!) as {spf: {problems: Array<{severity: string; text: string}>}};
		expect(spf.problems.map(problem => problem.severity)).toContain(severity);
		expect((await check('example.test', {dns: dns.address, ports: port})).out).toContain(line);
	});

	test('a record of many includes: the lookups line names the first 10 and counts the rest', () => {
		const branches = Array.from({length: 12}, (_, n) => ({term: `include:i${n}.example.test`, domain: `i${n}.example.test`, lookups: 1}));
		const line = formatSpf({domain: 'example.test', status: 'found', record: 'v=spf1 include:i0.example.test -all', lookups: 12, voidLookups: 0, branches, all: '-all', problems: []}).split('\n')[1];
		expect(line).toBe(`  DNS lookups: 12 of 10, over the limit: permerror (${branches.slice(0, 10).map(branch => `${branch.term} 1`).join(', ')}, and 2 more)`);
	});

	test('a failed lookup: said once, in the block\'s first line; --json has the error', async () => {
		const report = await lintSpf('example.test', zoneDns({'example.test': {rcode: 'SERVFAIL'}}));
		expect(report).toMatchObject({status: 'dns-failed', error: 'the TXT lookup of example.test failed (ESERVFAIL)'});
		expect(formatSpf(report)).toBe('SPF for example.test: not known (the TXT lookup of example.test failed (ESERVFAIL))\n');
	});

	test('a syntax error is named precisely', async () => {
		const {dns, port} = await zone([['v=spf1 ip4:192.0.2.300 inlcude:_spf.example.net -all']]);
		const {out} = await check('example.test', {dns: dns.address, ports: port});
		expect(out).toContain('The SPF record of example.test is not valid: ip4:192.0.2.300 is not an IPv4 address. Receivers return permerror for it, so example.test fails SPF everywhere.');
		expect(out).toContain('The SPF record of example.test is not valid: unknown mechanism "inlcude:_spf.example.net" (did you mean include:?).');
		// The block says the record is not used, not what its "-all" and lookups would do were it valid.
		expect(out).toContain('SPF for example.test: v=spf1 ip4:192.0.2.300 inlcude:_spf.example.net -all\n  not valid (2 mistakes, named below): receivers return permerror, so mail from every server fails SPF\n');
		expect(out).not.toContain('DNS lookups: 0 of 10');
		expect(out).not.toContain('-all: mail from any other server');
	});

	test('a redirect is followed and counted, and its all is the one that decides', async () => {
		const {dns, port} = await zone([['v=spf1 redirect=_spf.example.net']], {'_spf.example.net': {txt: [['v=spf1 a:mx.example.test ?all']]}, 'mx.example.test': {a: ['127.0.0.1']}});
		const {out} = await check('example.test', {dns: dns.address, ports: port});
		expect(out).toContain('  DNS lookups: 2 of 10 (redirect=_spf.example.net 2)\n');
		expect(out).toContain('  ?all: mail from any other server is neutral');
	});

	test('the built CLI (dist/cli.js): the block and the verdict, through --dns', async () => {
		const {dns, port} = await zone([['v=spf1 mx include:_spf0.example.test -all']], includes(10));
		const {code, stdout} = await runCli(['check', 'example.test', '--dns', dns.address, '--ports', port, '--timeout', '3'], {env: {SMTP_TUI_STATE_DIR: '/nonexistent', SMTP_TUI_CONFIG_DIR: '/nonexistent'}});
		expect(code).toBe(0);
		expect(stdout).toContain('SPF for example.test: v=spf1 mx include:_spf0.example.test -all\n  DNS lookups: 11 of 10, over the limit: permerror');
		expect(stdout).toContain('receivers return permerror and your SPF fails everywhere');
	});

	test('a host TARGET and --no-mx look up no SPF', async () => {
		const {dns, port} = await zone([['v=spf1 -all']]);
		const noMx = await check('example.test', {dns: dns.address, ports: port, mx: false, json: true});
		expect(JSON.parse(noMx.out.trimEnd().split('\n').at(-1)!)).not.toHaveProperty('spf');
		expect(dns.queries.some(query => query.type === 'TXT')).toBe(false);
	});
});
