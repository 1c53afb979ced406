// check_host() over the real DNS client (--dns's server) against a DNS server on 127.0.0.1: TXT, A, AAAA, MX and PTR
// go over the wire, NXDOMAIN and no data are no records, a SERVFAIL a temperror, silence a temperror at the timeout.
import {afterAll, beforeAll, expect, test} from 'vitest';
import {checkHost} from '../../source/spf/evaluate.js';
import {spfDns} from '../../source/transport/spf-dns.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';

let server: TestDnsServer;
beforeAll(async () => {
	server = await startDnsServer({
		'example.test': {txt: [['v=spf1 ptr:example.test a:six.example.test mx:mail.test include:fail.test -all']]},
		'7.2.0.192.in-addr.arpa': {ptr: ['host.example.test']},
		'host.example.test': {a: ['192.0.2.7']},
		'six.example.test': {aaaa: ['2001:db8::6']},
		'mail.test': {mx: [{priority: 10, exchange: 'mx.mail.test'}]},
		'mx.mail.test': {a: ['192.0.2.25']},
		'fail.test': {rcode: 'SERVFAIL'},
		'slow.test': {txt: [['v=spf1 include:silent.test -all']]},
		'silent.test': {silent: true},
		// Names a sender's local part is put in by a macro: c-ares refuses to ask them (EBADNAME), DNS carries them.
		'e.test': {txt: [['v=spf1 exists:%{l}._e.%{d} -all']]},
		'me+news._e.e.test': {a: ['127.0.0.2']},
		'a.test': {txt: [['v=spf1 a:%{l}.%{d} -all']]},
		'me+news.a.test': {a: ['192.0.2.61'], aaaa: ['2001:db8::61']},
		'm.test': {txt: [['v=spf1 mx:%{l}.%{d} -all']]},
		'me+news.m.test': {mx: [{priority: 10, exchange: 'mx.mail.test'}]},
		'i.test': {txt: [['v=spf1 include:%{l}.%{d} -all']]},
		'me+news.i.test': {txt: [['v=spf1 ip4:192.0.2.63', ' -all']]},
		'f.test': {txt: [['v=spf1 exists:%{l}.bad.test -all']]},
		'me+news.bad.test': {rcode: 'SERVFAIL'},
	});
});
afterAll(() => server.close());

const check = (ip: string, domain = 'example.test', timeoutMs = 3000) => checkHost({ip, domain, sender: `a@${domain}`, helo: 'client.test'}, spfDns({address: '127.0.0.1', port: server.port}, timeoutMs));

test('ptr, a (AAAA for an IPv6 client) and mx match over real DNS', async () => {
	expect(await check('192.0.2.7')).toMatchObject({result: 'pass', matched: 'ptr:example.test'});
	expect(await check('2001:db8::6')).toMatchObject({result: 'pass', matched: 'a:six.example.test'});
	expect(await check('192.0.2.25')).toMatchObject({result: 'pass', matched: 'mx:mail.test'});
	expect(server.queries.map(query => `${query.type} ${query.name}`)).toEqual(expect.arrayContaining(['PTR 7.2.0.192.in-addr.arpa', 'A host.example.test', 'AAAA six.example.test', 'MX mail.test']));
});

test('a SERVFAIL is a temperror; a name that does not exist, none; silence, a temperror once the timeout is up', async () => {
	expect(await check('192.0.2.99')).toMatchObject({result: 'temperror', reason: 'the TXT lookup of fail.test failed (ESERVFAIL)'});
	expect(await check('192.0.2.99', 'nowhere.test')).toMatchObject({result: 'none'});
	expect(await check('192.0.2.99', 'slow.test', 300)).toMatchObject({result: 'temperror', reason: 'the TXT lookup of silent.test failed (ETIMEOUT)'});
});

test('a local part with + or = in a macro-made name is asked over the wire, as receivers ask it: no temperror', async () => {
	const as = (domain: string, ip: string, sender = `me+news@${domain}`) => checkHost({ip, domain, sender, helo: 'client.test'}, spfDns({address: '127.0.0.1', port: server.port}, 3000));
	expect(await as('e.test', '192.0.2.60')).toMatchObject({result: 'pass', matched: 'exists:%{l}._e.%{d}'});
	expect(await as('e.test', '192.0.2.60', 'a=b@e.test')).toMatchObject({result: 'fail', matched: '-all', voidLookups: 1});
	expect(await as('a.test', '192.0.2.61')).toMatchObject({result: 'pass', matched: 'a:%{l}.%{d}'});
	expect(await as('a.test', '2001:db8::61')).toMatchObject({result: 'pass', matched: 'a:%{l}.%{d}'});
	expect(await as('m.test', '192.0.2.25')).toMatchObject({result: 'pass', matched: 'mx:%{l}.%{d}'});
	expect(await as('i.test', '192.0.2.63')).toMatchObject({result: 'pass', matched: 'include:%{l}.%{d}'});
	expect(await as('i.test', '192.0.2.64')).toMatchObject({result: 'fail', matched: '-all'});
	expect(await as('f.test', '192.0.2.60')).toMatchObject({result: 'temperror', reason: 'the A lookup of me+news.bad.test failed (ESERVFAIL)'});
	expect(server.queries.map(query => `${query.type} ${query.name}`)).toEqual(expect.arrayContaining(['A me+news._e.e.test', 'AAAA me+news.a.test', 'MX me+news.m.test', 'TXT me+news.i.test']));
});
