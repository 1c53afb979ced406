// DKIM keys from a DNS server on 127.0.0.1: the record among others at the name, none, a server that fails or never
// answers, asked once per name, and the lookups under way cancelled when the sandbox closes.
import dns from 'node:dns';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dkimKeyLookup} from '../../source/transport/dkim-key-lookup.js';
import {queryWithin} from '../../source/transport/dns-resolver.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';

let server: TestDnsServer;
const at = () => ({address: '127.0.0.1', port: server.port});

beforeAll(async () => {
	server = await startDnsServer({
		'sel._domainkey.example.test': {txt: [['v=spf1 -all'], ['v=DKIM1; k=rsa; ', 'p=AAAA']]},
		'broken._domainkey.example.test': {rcode: 'SERVFAIL'},
		'dead._domainkey.example.test': {silent: true},
	});
});
afterAll(() => server.close());

describe('dkimKeyLookup', () => {
	it('joins each record split into strings, and asks once per name', async () => {
		const lookup = dkimKeyLookup(at(), new AbortController().signal);
		expect(await lookup('sel._domainkey.example.test')).toEqual({records: ['v=spf1 -all', 'v=DKIM1; k=rsa; p=AAAA']});
		await lookup('SEL._domainkey.example.test');
		expect(server.queries.filter(query => query.name.toLowerCase() === 'sel._domainkey.example.test')).toHaveLength(1);
	});

	it('tells no record from a server that failed or did not answer, naming the server', async () => {
		const lookup = dkimKeyLookup(at(), new AbortController().signal, 300);
		expect(await lookup('none._domainkey.example.test')).toEqual({records: []});
		expect(await lookup('broken._domainkey.example.test')).toEqual({unreachable: `the DNS server 127.0.0.1:${server.port} (--dns) failed to answer (SERVFAIL)`});
		expect(await lookup('dead._domainkey.example.test')).toEqual({unreachable: `the DNS server 127.0.0.1:${server.port} (--dns) did not answer within 0.3 s`});
	});

	it('asks again after a failure to get an answer', async () => {
		const lookup = dkimKeyLookup(at(), new AbortController().signal, 300);
		const asked = () => server.queries.filter(query => query.name === 'broken._domainkey.example.test').length;
		await lookup('broken._domainkey.example.test');
		const before = asked();
		await lookup('broken._domainkey.example.test');
		expect(asked()).toBeGreaterThan(before);
	});
});

describe('queryWithin, stopped', () => {
	it('gives up a query under way when its signal is aborted, long before its timeout', async () => {
		const stop = new AbortController();
		const query = queryWithin([`127.0.0.1:${server.port}`], 600_000, resolver => resolver.resolveTxt('dead._domainkey.example.test'), stop.signal);
		stop.abort();
		await expect(query).rejects.toMatchObject({code: dns.CANCELLED});
		await expect(queryWithin([], 600_000, resolver => resolver.resolveTxt('x.test'), stop.signal)).rejects.toMatchObject({code: dns.CANCELLED});
	});
});
