// check_host() against RFC 7208 Appendix A's zone and records, and each result, limit and failure with its reason.
import {describe, expect, test} from 'vitest';
import {checkHost, type SpfResult} from '../../source/spf/evaluate.js';
import {parseSpfRecord} from '../../source/spf/record.js';
import type {DnsZone} from '../helpers/dns-server.js';
import {zoneDns} from '../helpers/spf-zone.js';

/** RFC 7208 Appendix A's zone, with example.com's SPF record given per test. */
const appendixZone = (record: string): DnsZone => ({
	'example.com': {txt: [[record]], a: ['192.0.2.10', '192.0.2.11'], mx: [{priority: 10, exchange: 'mail-a.example.com'}, {priority: 20, exchange: 'mail-b.example.com'}]},
	'amy.example.com': {a: ['192.0.2.65']},
	'bob.example.com': {a: ['192.0.2.66']},
	'mail-a.example.com': {a: ['192.0.2.129']},
	'mail-b.example.com': {a: ['192.0.2.130']},
	'www.example.com': {cname: 'example.com'},
	'example.org': {mx: [{priority: 10, exchange: 'mail-c.example.org'}]},
	'mail-c.example.org': {a: ['192.0.2.140']},
	'10.2.0.192.in-addr.arpa': {ptr: ['example.com']},
	'11.2.0.192.in-addr.arpa': {ptr: ['example.com']},
	'65.2.0.192.in-addr.arpa': {ptr: ['amy.example.com']},
	'66.2.0.192.in-addr.arpa': {ptr: ['bob.example.com']},
	'129.2.0.192.in-addr.arpa': {ptr: ['mail-a.example.com']},
	'130.2.0.192.in-addr.arpa': {ptr: ['mail-b.example.com']},
	'140.2.0.192.in-addr.arpa': {ptr: ['mail-c.example.org']},
	'10.0.0.10.in-addr.arpa': {ptr: ['bob.example.com']},
});

const check = (zone: DnsZone, ip: string, domain = 'example.com', sender = `someone@${domain}`) => checkHost({ip, domain, sender, helo: 'mx.example.net'}, zoneDns(zone));

/** The addresses Appendix A uses, and which of them pass under each record (the rest fail). */
const ADDRESSES = ['192.0.2.10', '192.0.2.11', '192.0.2.65', '192.0.2.66', '192.0.2.129', '192.0.2.130', '192.0.2.131', '192.0.2.140', '192.0.2.143', '192.0.2.200', '10.0.0.10'];

describe('RFC 7208 Appendix A.1', () => {
	test.each([
		['v=spf1 +all', ADDRESSES],
		['v=spf1 a -all', ['192.0.2.10', '192.0.2.11']],
		['v=spf1 a:example.org -all', []],
		['v=spf1 mx -all', ['192.0.2.129', '192.0.2.130']],
		['v=spf1 mx:example.org -all', ['192.0.2.140']],
		['v=spf1 mx mx:example.org -all', ['192.0.2.129', '192.0.2.130', '192.0.2.140']],
		['v=spf1 mx/30 mx:example.org/30 -all', ['192.0.2.129', '192.0.2.130', '192.0.2.131', '192.0.2.140', '192.0.2.143']],
		['v=spf1 ptr -all', ['192.0.2.10', '192.0.2.11', '192.0.2.65', '192.0.2.66', '192.0.2.129', '192.0.2.130']],
		['v=spf1 ip4:192.0.2.128/28 -all', ['192.0.2.129', '192.0.2.130', '192.0.2.131', '192.0.2.140', '192.0.2.143']],
	])('%s passes exactly %j', async (record, passing) => {
		const results = await Promise.all(ADDRESSES.map(async ip => [ip, (await check(appendixZone(record), ip)).result] as const));
		expect(results).toEqual(ADDRESSES.map(ip => [ip, passing.includes(ip) ? 'pass' : 'fail']));
	});

	test('a pass names the mechanism and the record; a fail the -all', async () => {
		expect(await check(appendixZone('v=spf1 mx -all'), '192.0.2.129')).toMatchObject({result: 'pass', matched: 'mx', reason: '192.0.2.129 matched "mx" in the SPF record of example.com', lookups: 1});
		expect(await check(appendixZone('v=spf1 mx -all'), '192.0.2.7')).toMatchObject({result: 'fail', matched: '-all', reason: '192.0.2.7 matched "-all" in the SPF record of example.com'});
	});
});

describe('results', () => {
	const zone: DnsZone = {
		'example.com': {txt: [['v=spf1 include:_spf.example.net ?ip4:192.0.2.9 ~all'], ['google-site-verification=abc']]},
		'_spf.example.net': {txt: [['v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/32 -all']]},
		'neutral.example.com': {txt: [['v=spf1 ip4:192.0.2.1']]},
		'two.example.com': {txt: [['v=spf1 -all'], ['v=spf1 +all']]},
		'nothing.example.com': {txt: [['some other text']]},
		'broken.example.com': {txt: [['v=spf1 ', 'include:_spf.example.net ip4:192.0.2.300 inlcude:x.example.com -all']]},
		'lost.example.com': {txt: [['v=spf1 include:gone.example.net -all']]},
		'moved.example.com': {txt: [['v=spf1 redirect=_spf.example.net']]},
		'moved-nowhere.example.com': {txt: [['v=spf1 redirect=gone.example.net']]},
		'flaky.example.com': {txt: [['v=spf1 include:down.example.net -all']]},
		'down.example.net': {rcode: 'SERVFAIL'},
	};
	test.each<[string, string, SpfResult, string]>([
		['198.51.100.7', 'example.com', 'pass', '198.51.100.7 matched "include:_spf.example.net" in the SPF record of example.com, as 198.51.100.7 matched "ip4:198.51.100.0/24" in the SPF record of _spf.example.net'],
		['2001:db8::1', 'example.com', 'pass', 'matched "ip6:2001:db8::/32" in the SPF record of _spf.example.net'],
		['::ffff:198.51.100.7', 'example.com', 'pass', '198.51.100.7 matched "include:_spf.example.net"'],
		['192.0.2.9', 'example.com', 'neutral', '192.0.2.9 matched "?ip4:192.0.2.9"'],
		['192.0.2.10', 'example.com', 'softfail', 'matched "~all"'],
		['192.0.2.10', 'neutral.example.com', 'neutral', 'no mechanism in the SPF record of neutral.example.com matched 192.0.2.10, and it has no "all" or redirect=: neutral by default'],
		['192.0.2.10', 'two.example.com', 'permerror', 'two.example.com has 2 SPF records, and may have one only'],
		['192.0.2.10', 'nothing.example.com', 'none', 'nothing.example.com has no SPF record'],
		['192.0.2.10', 'unknown.example.com', 'none', 'unknown.example.com has no SPF record'],
		['198.51.100.7', 'broken.example.com', 'permerror', 'the SPF record of broken.example.com is not valid: ip4:192.0.2.300 is not an IPv4 address'],
		['192.0.2.10', 'lost.example.com', 'permerror', '"include:gone.example.net" in the SPF record of lost.example.com names gone.example.net, which has no SPF record'],
		['198.51.100.7', 'moved.example.com', 'pass', '(by "redirect=_spf.example.net" of moved.example.com)'],
		['192.0.2.10', 'moved-nowhere.example.com', 'permerror', '"redirect=gone.example.net" in the SPF record of moved-nowhere.example.com names gone.example.net, which has no SPF record'],
		['192.0.2.10', 'flaky.example.com', 'temperror', 'the TXT lookup of down.example.net failed (ESERVFAIL)'],
	])('%s as %s: %s', async (ip, domain, result, reason) => {
		const outcome = await check(zone, ip, domain);
		expect(outcome.result).toBe(result);
		expect(outcome.reason).toContain(reason);
	});

	test('every mistake of a record is named', () => {
		expect(parseSpfRecord('v=spf1 ip4:192.0.2.300 inlcude:x.example.com a:192.0.2.1 mx/33 redirect=a.example.com redirect=b.example.com exp=%{x} ip6:192.0.2.1 all:x\tfoo').errors).toEqual([
			'ip4:192.0.2.300 is not an IPv4 address',
			'unknown mechanism "inlcude:x.example.com" (did you mean include:?)',
			'"a:192.0.2.1": "192.0.2.1" ends in a number, so it is no domain name (an address goes in ip4: or ip6:)',
			'"mx/33": /33 is not a prefix length of 0 to 32',
			'redirect= is given twice (it may appear once)',
			'"exp=%{x}": "%{x}": %{x} is no SPF macro letter (s l o d i p h c r t v)',
			'ip6:192.0.2.1 is not an IPv6 address (an IPv4 address goes in ip4:)',
			'"all:x\\tfoo" holds a character other than visible ASCII (terms are separated by spaces only)',
		]);
		expect(parseSpfRecord('v=spf1 a/24//64 mx:example.com//128 ptr:example.com ip6:::1 exists:%{i}.bl.example.org x-note=hi%%there -ALL').errors).toEqual([]);
	});
});

describe('limits', () => {
	const chain = (count: number, name = (n: number) => `i${n}.example.com`): DnsZone =>
		Object.fromEntries(Array.from({length: count}, (_, n) => [name(n), {txt: [[n + 1 < count ? `v=spf1 include:${name(n + 1)}` : 'v=spf1 ip4:192.0.2.99 -all']]}]));

	test('the 11th DNS lookup is a permerror, named with the term and record that made it', async () => {
		// example.com includes i0, which includes i1, ... i9: 10 includes in all, then i10's record.
		const ten = {'example.com': {txt: [['v=spf1 include:i0.example.com -all']]}, ...chain(10)};
		expect(await check(ten, '192.0.2.99')).toMatchObject({result: 'pass', lookups: 10});
		const eleven = {'example.com': {txt: [['v=spf1 include:i0.example.com -all']]}, ...chain(11)};
		expect(await check(eleven, '192.0.2.99')).toMatchObject({
			result: 'permerror',
			reason: 'over 10 DNS lookups: "include:i10.example.com" in the SPF record of i9.example.com is the 11th (RFC 7208 §4.6.4 allows 10)',
			lookups: 11,
		});
	});

	test('terms after the match are never looked up, so they do not count', async () => {
		const zone = {'example.com': {txt: [[`v=spf1 ip4:192.0.2.1 ${Array.from({length: 12}, (_, n) => `a:h${n}.example.com`).join(' ')} -all`]]}};
		expect(await check(zone, '192.0.2.1')).toMatchObject({result: 'pass', lookups: 0});
		expect((await check(zone, '192.0.2.2')).result).toBe('permerror');
	});

	test('the 3rd void lookup is a permerror', async () => {
		const zone = {'example.com': {txt: [['v=spf1 a:gone1.example.com mx:gone2.example.com a:gone3.example.com -all']]}};
		expect(await check(zone, '192.0.2.1')).toMatchObject({result: 'permerror', reason: 'over 2 void lookups (DNS answers with no record): "a:gone3.example.com" in the SPF record of example.com is the 3rd (RFC 7208 §4.6.4 allows 2)', voidLookups: 3});
		const two = {'example.com': {txt: [['v=spf1 a:gone1.example.com mx:gone2.example.com -all']]}};
		expect(await check(two, '192.0.2.1')).toMatchObject({result: 'fail', voidLookups: 2});
	});

	test('an mx with more than 10 MX hosts is a permerror; a ptr looks at the first 10 names only', async () => {
		const hosts = (count: number) => Array.from({length: count}, (_, n) => ({priority: n, exchange: `mx${n}.example.com`}));
		const addresses = Object.fromEntries(Array.from({length: 12}, (_, n) => [`mx${n}.example.com`, {a: [`192.0.2.${n + 1}`]}]));
		const zone = (count: number): DnsZone => ({'example.com': {txt: [['v=spf1 mx -all']], mx: hosts(count)}, ...addresses});
		expect(await check(zone(10), '192.0.2.10')).toMatchObject({result: 'pass'});
		expect(await check(zone(11), '192.0.2.1')).toMatchObject({result: 'permerror', reason: '"mx" in the SPF record of example.com: example.com has 11 MX records, over the 10 SPF looks at (RFC 7208 §4.6.4)'});
		const ptr = (index: number): DnsZone => ({
			'example.com': {txt: [['v=spf1 ptr -all']]},
			'1.2.0.192.in-addr.arpa': {ptr: Array.from({length: 12}, (_, n) => (n === index ? 'mail.example.com' : `other${n}.example.net`))},
			'mail.example.com': {a: ['192.0.2.1']},
		});
		expect((await check(ptr(9), '192.0.2.1')).result).toBe('pass');
		expect((await check(ptr(10), '192.0.2.1')).result).toBe('fail');
	});
});

describe('macros and exp=', () => {
	test('exists with %{ir} (a DNS block list), and a fail explained by exp=', async () => {
		const zone: DnsZone = {
			'example.com': {txt: [['v=spf1 -exists:%{ir}.bl.example.org ip4:192.0.2.0/24 -all exp=why.%{d}']]},
			'66.2.0.192.bl.example.org': {a: ['127.0.0.2']},
			'why.example.com': {txt: [['%{i} may not send as %{o}: see https://example.com/spf?s=%{S}']]},
		};
		expect(await check(zone, '192.0.2.65')).toMatchObject({result: 'pass', lookups: 1, voidLookups: 1});
		expect(await check(zone, '192.0.2.66')).toMatchObject({result: 'fail', matched: '-exists:%{ir}.bl.example.org', explanation: '192.0.2.66 may not send as example.com: see https://example.com/spf?s=someone%40example.com'});
	});

	test('the null sender is checked as postmaster at the HELO name', async () => {
		const zone: DnsZone = {'mx.example.net': {txt: [['v=spf1 exists:%{l}.%{o}.allow.example.net -all']]}, 'postmaster.mx.example.net.allow.example.net': {a: ['127.0.0.1']}};
		expect((await checkHost({ip: '192.0.2.1', domain: 'mx.example.net', sender: '', helo: 'mx.example.net'}, zoneDns(zone))).result).toBe('pass');
	});
});
