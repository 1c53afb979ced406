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
