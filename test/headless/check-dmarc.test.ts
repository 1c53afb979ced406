// `smtp-tui check DOMAIN` and DMARC: real parts only. A DNS server on loopback serves the MX, A and TXT records
// (the `_dmarc` records, and the authorization records of report addresses), smtp-server answers as the MX host.
import {describe, expect, test} from 'vitest';
import {formatDmarc, judgeDmarc} from '../../source/headless/check-dmarc.js';
import {parseDmarcRecord} from '../../source/smtp/dmarc-record.js';
import {startDnsServer, type DnsZone} from '../helpers/dns-server.js';
import {checkInProcess} from '../helpers/run-check.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

/** The mail domain DOMAIN (MX: this machine) with these TXT records, and an SMTP server; check's arguments for it. */
async function setUp(txt: Record<string, string[][]>, domain = 'example.test') {
	const zone: DnsZone = {
		[domain]: {mx: [{priority: 10, exchange: 'mx.example.test'}]},
		'mx.example.test': {a: ['127.0.0.1']},
		...Object.fromEntries(Object.entries(txt).map(([name, records]) => [name, {txt: records}])),
	};
	const [dns, server] = await Promise.all([startDnsServer(zone), startSmtpServer({name: 'mx.test'})]);
	cleanup(() => dns.close());
	cleanup(() => server.close());
	return {dns: dns.address, ports: String(server.port), starttls: false};
}

async function check(txt: Record<string, string[][]>, flags: Record<string, unknown> = {}, domain = 'example.test') {
	return checkInProcess([domain], {...(await setUp(txt, domain)), ...flags}, {timeout: '3'});
}

/** The --json verdict line's dmarc field, and the exit code. */
async function checkJson(txt: Record<string, string[][]>, domain = 'example.test') {
	const {code, out} = await check(txt, {json: true}, domain);
	const verdict = JSON.parse(out.trimEnd().split('\n').at(-1)!) as {exitCode: number; dmarc?: Record<string, unknown>};
	return {code, dmarc: verdict.dmarc};
}

describe('check DOMAIN: DMARC', () => {
	test('p=reject at the domain: the record, the policy in words, where reports go; exit 0, Nagios OK', async () => {
		const txt = {'_dmarc.example.test': [['v=DMARC1; p=reject; sp=quarantine; adkim=s; rua=mailto:dmarc@example.test']]};
		const {code, out} = await check(txt);
		expect(code).toBe(0);
		expect(out).toContain('DMARC for example.test: v=DMARC1; p=reject; sp=quarantine; adkim=s; rua=mailto:dmarc@example.test (at _dmarc.example.test)\n');
		expect(out).toContain('  p=reject: receivers refuse failing mail\n');
		expect(out).toContain('  subdomains: sp=quarantine\n');
		expect(out).toContain('  alignment: DKIM strict, SPF relaxed\n');
		expect(out).toContain('  aggregate reports (rua) to mailto:dmarc@example.test\n');
		const nagios = await check(txt, {nagios: true});
		expect(nagios.out).toMatch(/^SMTP OK - /);
		expect(nagios.code).toBe(0);
	});

	test('pct= and t=y, and p=none: what receivers do, in words', async () => {
		const {out} = await check({'_dmarc.example.test': [['v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.test']]});
		expect(out).toContain('  p=quarantine: receivers put failing mail in quarantine (the spam folder)\n');
		expect(out).toContain('  pct=25: only 25% of failing mail gets quarantine, the rest none (RFC 9989 receivers ignore pct= and apply quarantine to all)\n');
		const testing = await check({'_dmarc.example.test': [['v=DMARC1; p=reject; pct=50; t=y; rua=mailto:d@example.test']]});
		expect(testing.out).toContain('  pct=50: only 50% of failing mail gets reject, the rest quarantine (RFC 9989 receivers ignore pct= and apply quarantine to all)\n');
		expect(testing.out).toContain('  t=y: test mode — receivers apply quarantine instead of reject\n');
		const none = await check({'_dmarc.example.test': [['v=DMARC1; p=none; rua=mailto:d@example.test']]});
		expect(none.out).toContain('  p=none: monitoring only — receivers deliver failing mail as usual\n');
	});

	test('no record anywhere: said with what to publish and why (Gmail and Yahoo); exit unchanged, Nagios OK', async () => {
		const {code, out} = await check({});
		expect(code).toBe(0);
		expect(out).toContain('DMARC: no record for example.test (no _dmarc TXT record at it or a parent domain): receivers apply no policy, and Gmail and Yahoo require a DMARC record of bulk senders; p=none is enough for them: publish "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.test" at _dmarc.example.test\n');
		expect((await check({}, {nagios: true})).code).toBe(0);
	});

	test('a subdomain inherits its organizational domain\'s record, and its sp=', async () => {
		const {dmarc} = await checkJson({'_dmarc.example.test': [['v=DMARC1; p=reject; sp=none; rua=mailto:d@example.test']]}, 'mail.example.test');
		expect(dmarc).toMatchObject({domain: 'mail.example.test', at: 'example.test', orgDomain: 'example.test', policy: 'reject', record: {p: 'reject', sp: 'none'}, problems: []});
		const {out} = await check({'_dmarc.example.test': [['v=DMARC1; p=reject; sp=none; rua=mailto:d@example.test']]}, {}, 'mail.example.test');
		expect(out).toContain('DMARC for mail.example.test: v=DMARC1; p=reject; sp=none; rua=mailto:d@example.test (at _dmarc.example.test, inherited from the organizational domain: none at _dmarc.mail.example.test)\n');
		expect(out).toContain('  mail.example.test is a subdomain: sp=none of example.test applies to it\n');
	});

	test('a misspelt p=: named precisely, the record ignored; Nagios WARNING, plain exit 0', async () => {
		const txt = {'_dmarc.example.test': [['v=DMARC1; p=rejct']]};
		const {code, out} = await check(txt);
		expect(code).toBe(0);
		expect(out).toContain('  DMARC: the record at _dmarc.example.test is not valid (p=rejct is not none, quarantine or reject): receivers ignore the whole record, so no policy applies.\n');
		const nagios = await check(txt, {nagios: true});
		expect(nagios.code).toBe(1);
		expect(nagios.out).toMatch(/^SMTP WARNING - .*, DMARC: 1 problem \|/);
		// The long output names the problem the status line counts (the verdict leaves it to the block).
		expect(nagios.out.trimEnd().split('\n').at(-1)).toBe('DMARC: the record at _dmarc.example.test is not valid (p=rejct is not none, quarantine or reject): receivers ignore the whole record, so no policy applies.');
	});

	test('SPF\'s record at _dmarc, and two DMARC records: receivers see none, and the block says why', async () => {
		const spf = await check({'_dmarc.example.test': [['v=spf1 mx -all']]});
		expect(spf.out).toContain('  DMARC: _dmarc.example.test holds an SPF record ("v=spf1 mx -all"), not a DMARC one: SPF\'s goes at the domain itself, and this name wants one starting "v=DMARC1; p=…".\n');
		const two = await check({'_dmarc.example.test': [['v=DMARC1; p=none'], ['v=DMARC1; p=reject']]});
		expect(two.out).toContain('  DMARC: _dmarc.example.test has 2 DMARC records, and receivers ignore them all (RFC 7489 §6.6.3): keep one.\n');
	});

	test('reports to another domain: authorized by its _report._dmarc record, or said with what to publish', async () => {
		const record = {'_dmarc.example.test': [['v=DMARC1; p=none; rua=mailto:a@reports.example.net,mailto:b@other.example.org']]};
		const {dmarc} = await checkJson({...record, 'example.test._report._dmarc.reports.example.net': [['v=DMARC1']]});
		expect(dmarc).toMatchObject({
			reports: [
				{uri: 'mailto:a@reports.example.net', domain: 'reports.example.net', authorized: true},
				{uri: 'mailto:b@other.example.org', domain: 'other.example.org', name: 'example.test._report._dmarc.other.example.org', authorized: false},
			],
			// The shape of every block's problems (SPF's, MTA-STS's, DANE's).
			problems: [{severity: 'warning', text: 'DMARC: receivers send no reports to mailto:b@other.example.org: other.example.org has not authorized reports for example.test (RFC 7489 §7.1). Its owner publishes a TXT record "v=DMARC1" at example.test._report._dmarc.other.example.org; or send the reports to an address at example.test.'}],
		});
	});

	test('no rua=: nobody sends reports, said with the tag to add', async () => {
		const {out} = await check({'_dmarc.example.test': [['v=DMARC1; p=reject']]});
		expect(out).toContain('  no rua=: nobody sends you aggregate reports, so you cannot see who sends mail as example.test; add rua=mailto:dmarc-reports@example.test\n');
	});

	test('--no-mx: a host is probed, no DMARC is looked up', async () => {
		const {out} = await check({'_dmarc.example.test': [['v=DMARC1; p=reject']]}, {mx: false}, 'mx.example.test');
		expect(out).not.toContain('DMARC');
	});

	test('a failed lookup: said once in the block, as its first line; a problem of the shape the other blocks\' have', () => {
		const error = 'the TXT lookup of _dmarc.example.test failed (ETIMEOUT)';
		const report = judgeDmarc({domain: 'example.test', orgDomain: 'example.test', problems: [], error}, []);
		expect(report.problems).toEqual([{severity: 'warning', text: `DMARC of example.test not known: ${error}.`}]);
		expect(formatDmarc(report)).toBe(`DMARC for example.test: not known (${error})\n`);
	});

	test('text from DNS is shown, not obeyed: an escape in a report address reaches no terminal', () => {
		const uri = 'mailto:d@evil\u001B[2J.example';
		const record = parseDmarcRecord(`v=DMARC1; p=none; rua=${uri}`);
		const found = {domain: 'example.test', orgDomain: 'example.test', at: 'example.test', record, problems: []};
		const text = formatDmarc(judgeDmarc(found, [{uri, domain: 'evil\u001B[2J.example', name: 'example.test._report._dmarc.evil\u001B[2J.example', authorized: false}]));
		expect(text).toContain('receivers send no reports to mailto:d@evil\\x1b[2J.example: evil\\x1b[2J.example has not authorized');
		expect(text).not.toContain('\u001B');
	});
});
