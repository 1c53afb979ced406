// DMARC policy discovery through a DNS server on 127.0.0.1: the domain's own record, its organizational domain's by
// RFC 9989's tree walk, psd= records, a failed lookup, and report authorizations; and the verdict built on it, checked
// against mailauth's (an independent implementation) asking the same server.
import dns from 'node:dns';
import {createRequire} from 'node:module';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {parseDmarcRecord} from '../../source/smtp/dmarc-record.js';
import {dmarcVerdict, type DkimOutcome, type SpfOutcome} from '../../source/smtp/dmarc-verdict.js';
import {serverResolver} from '../../source/transport/dns-resolver.js';
import {discoverDmarc, externalReports, policyFound} from '../../source/transport/dmarc-lookup.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';

type MailauthDmarc = (options: {headerFrom: string; spfDomains: Array<{domain: string}>; dkimDomains: Array<{domain: string}>; resolver: (name: string, type: string) => Promise<unknown>}) => Promise<{status: {result: string}; policy?: string}>;
const {dmarc: mailauthDmarc} = createRequire(import.meta.url)('mailauth/lib/dmarc') as {dmarc: MailauthDmarc};

let server: TestDnsServer;
const resolver = () => serverResolver({address: '127.0.0.1', port: server.port}, 2000);

beforeAll(async () => {
	server = await startDnsServer({
		'_dmarc.example.test': {txt: [['v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.test,mailto:r@reports.example.net']]},
		'_dmarc.own.example.test': {txt: [['v=DMARC1; p=none']]},
		'_dmarc.strict.test': {txt: [['v=DMARC1; p=quarantine; adkim=s; aspf=s']]},
		'_dmarc.spf-here.test': {txt: [['v=spf1 -all']]},
		'_dmarc.psd.test': {txt: [['v=DMARC1; p=reject; psd=y']]},
		'_dmarc.broken.test': {rcode: 'SERVFAIL'},
		'example.test._report._dmarc.reports.example.net': {txt: [['v=DMARC1;']]},
	});
});
afterAll(() => server.close());

describe('discoverDmarc', () => {
	test("the domain's own record", async () => {
		expect(await discoverDmarc('Own.Example.TEST.', resolver())).toMatchObject({domain: 'own.example.test', at: 'own.example.test', orgDomain: 'example.test', record: {p: 'none'}, problems: []});
	});

	test("a subdomain without one: its organizational domain's, found by walking up", async () => {
		const found = await discoverDmarc('a.b.example.test', resolver());
		expect(found).toMatchObject({at: 'example.test', orgDomain: 'example.test', record: {p: 'reject', sp: 'quarantine'}});
		const names = server.queries.map(query => query.name);
		expect(names).toEqual(expect.arrayContaining(['_dmarc.a.b.example.test', '_dmarc.b.example.test', '_dmarc.example.test', '_dmarc.test']));
	});

	test('a name of more than 7 labels jumps to its last 7 (RFC 9989 §4.10.1)', async () => {
		const before = server.queries.length;
		await discoverDmarc('1.2.3.4.5.6.7.8.example.test', resolver());
		const names = server.queries.slice(before).map(query => query.name);
		expect(names.slice(0, 2)).toEqual(['_dmarc.1.2.3.4.5.6.7.8.example.test', '_dmarc.4.5.6.7.8.example.test']);
	});

	test('a public suffix\'s psd=y record: the organizational domain is the one below it, and its policy applies', async () => {
		expect(await discoverDmarc('mail.shop.psd.test', resolver())).toMatchObject({orgDomain: 'shop.psd.test', at: 'psd.test', record: {psd: 'y'}});
	});

	test('none anywhere, and a name that holds SPF\'s record: no record, the problem said', async () => {
		expect(await discoverDmarc('nothing.test', resolver())).toEqual({domain: 'nothing.test', orgDomain: 'nothing.test', problems: []});
		const spf = await discoverDmarc('spf-here.test', resolver());
		expect(spf.record).toBeUndefined();
		expect(spf.problems).toEqual([expect.stringContaining('_dmarc.spf-here.test holds an SPF record')]);
	});

	test('a server that fails: the error, no policy', async () => {
		expect(await discoverDmarc('broken.test', resolver())).toMatchObject({error: 'the TXT lookup of _dmarc.broken.test failed (ESERVFAIL)'});
	});
});

describe('externalReports', () => {
	test('a report address at another domain: authorized by its _report._dmarc record, or not', async () => {
		const record = parseDmarcRecord('v=DMARC1; p=none; rua=mailto:d@example.test,mailto:r@reports.example.net,mailto:x@elsewhere.test; ruf=mailto:r@reports.example.net');
		expect(await externalReports(record, 'example.test', 'example.test', resolver())).toEqual([
			{uri: 'mailto:r@reports.example.net', domain: 'reports.example.net', name: 'example.test._report._dmarc.reports.example.net', authorized: true},
			{uri: 'mailto:x@elsewhere.test', domain: 'elsewhere.test', name: 'example.test._report._dmarc.elsewhere.test', authorized: false},
		]);
	});
});

/** mailauth's verdict on the same message, asking the same DNS server. */
async function reference(from: string, spf: SpfOutcome | undefined, dkim: DkimOutcome[]) {
	const asker = new dns.promises.Resolver();
	asker.setServers([`127.0.0.1:${server.port}`]);
	const result = await mailauthDmarc({
		headerFrom: `someone@${from}`,
		spfDomains: spf?.result === 'pass' ? [{domain: spf.domain}] : [],
		dkimDomains: dkim.filter(signature => signature.result === 'pass').map(({domain}) => ({domain})),
		resolver: (name, type) => asker.resolve(name, type),
	});
	return {result: result.status.result, policy: result.policy};
}

describe('the verdict on discovery, against mailauth', () => {
	test.each<[string, SpfOutcome | undefined, DkimOutcome[]]>([
		['example.test', {result: 'pass', domain: 'bounces.esp.test'}, []],
		['example.test', {result: 'pass', domain: 'bounces.example.test'}, []],
		['example.test', undefined, [{domain: 'mail.example.test', result: 'pass'}]],
		['example.test', undefined, [{domain: 'example.test', result: 'fail'}]],
		['news.example.test', {result: 'fail', domain: 'news.example.test'}, [{domain: 'esp.test', result: 'pass'}]],
		['news.example.test', undefined, [{domain: 'example.test', result: 'pass'}]],
		['strict.test', {result: 'pass', domain: 'bounce.strict.test'}, [{domain: 'mail.strict.test', result: 'pass'}]],
		['strict.test', undefined, [{domain: 'strict.test', result: 'pass'}]],
		['own.example.test', undefined, [{domain: 'example.test', result: 'pass'}]],
		['own.example.test', undefined, []],
		['nothing.test', {result: 'pass', domain: 'nothing.test'}, []],
	])('From %s, SPF %j, DKIM %j', async (from, spf, dkim) => {
		const found = await discoverDmarc(from, resolver());
		const ours = dmarcVerdict({from, policy: policyFound(found), dkim, ...(spf && {spf})});
		const theirs = await reference(from, spf, dkim);
		expect(ours.result).toBe(theirs.result);
		if (ours.result !== 'none') expect(ours.policy).toBe(theirs.policy);
	});
});
