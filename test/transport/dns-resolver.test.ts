// MX lookups through --dns's resolver against a real DNS server on 127.0.0.1 (test/helpers/dns-server.ts): the
// queries and answers go over UDP and TCP as they do to any name server, so what is tested is what c-ares makes of
// DNS as it really is (null MX, no MX, NXDOMAIN, SERVFAIL, silence, TC, CNAME, IDN, a big MX set).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {serverResolver, type ServerResolver} from '../../source/transport/dns-resolver.js';
import dns from 'node:dns';
import {domainOf, lookupAddresses, lookupMx, mxFailureText, MxLookupError, systemResolverWithin} from '../../source/transport/mx.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {waitFor} from '../sandbox/helpers/wait.js';

const BIG = Array.from({length: 60}, (_, index) => ({priority: 10 + (index % 3) * 10, exchange: `mx${index}.big.test`}));

let server: TestDnsServer;
let resolver: ServerResolver;
beforeAll(async () => {
	server = await startDnsServer({
		'example.test': {mx: [{priority: 20, exchange: 'backup.example.test'}, {priority: 10, exchange: 'mx.example.test'}]},
		'mx.example.test': {a: ['127.0.0.1'], aaaa: ['::1']},
		'backup.example.test': {a: ['127.0.0.2']},
		'null.test': {mx: [{priority: 0, exchange: '.'}], a: ['192.0.2.1']},
		'plain.test': {a: ['192.0.2.7']},
		'six.test': {aaaa: ['2001:db8::7']},
		'bare.test': {},
		'fail.test': {rcode: 'SERVFAIL'},
		'slow.test': {silent: true},
		'half.test': {silent: ['AAAA'], a: ['192.0.2.9']},
		'cut.test': {mx: [{priority: 5, exchange: 'mx.example.test'}], truncate: true},
		'big.test': {mx: BIG},
		'alias.test': {mx: [{priority: 10, exchange: 'mail.alias.test'}]},
		'mail.alias.test': {cname: 'mx.example.test'},
		'literal.test': {mx: [{priority: 10, exchange: '192.0.2.25'}]},
		'ties.test': {mx: ['a', 'b', 'c', 'd'].map(name => ({priority: 10, exchange: `${name}.ties.test`}))},
		'xn--bcher-kva.test': {mx: [{priority: 10, exchange: 'mx.xn--bcher-kva.test'}]},
	});
	resolver = serverResolver({address: '127.0.0.1', port: server.port}, 600);
});
afterAll(async () => {
	await server.close();
});

async function lookupError(domain: string): Promise<MxLookupError> {
	const error = await lookupMx(domain, resolver).then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(MxLookupError);
	return error as MxLookupError;
}

describe('lookupMx through --dns', () => {
	it('sorts by preference and drops nothing', async () => {
		expect(await lookupMx('example.test', resolver)).toEqual([
			{exchange: 'mx.example.test', priority: 10},
			{exchange: 'backup.example.test', priority: 20},
		]);
		expect(server.queries.filter(query => query.name === 'example.test')).toEqual([{name: 'example.test', type: 'MX', transport: 'udp'}]);
	});

	it('keeps every MX of equal preference, shuffled among themselves', async () => {
		const orders = new Set<string>();
		for (let round = 0; round < 30; round++) {
			const hosts = await lookupMx('ties.test', resolver);
			expect(hosts.map(host => host.exchange).sort()).toEqual(['a.ties.test', 'b.ties.test', 'c.ties.test', 'd.ties.test']);
			orders.add(hosts.map(host => host.exchange).join(' '));
		}
		expect(orders.size).toBeGreaterThan(1);
	});

	it('says a null MX (RFC 7505) accepts no mail, though the domain has an address', async () => {
		const error = await lookupError('null.test');
		expect(error.kind).toBe('null-mx');
		expect(mxFailureText(error)).toBe('MX lookup failed: domain null.test does not accept mail (null MX, RFC 7505)');
	});

	it('takes the A or AAAA of a domain without MX as its implicit MX, from the same server', async () => {
		expect(await lookupMx('plain.test', resolver)).toEqual([{exchange: 'plain.test', priority: 0, implicit: true}]);
		expect(await lookupMx('six.test', resolver)).toEqual([{exchange: 'six.test', priority: 0, implicit: true}]);
		expect(server.queries.filter(query => query.name === 'plain.test').map(query => query.type).sort()).toEqual(['A', 'AAAA', 'MX']);
	});

	it('tells NXDOMAIN from a name with no record at all', async () => {
		const missing = await lookupError('nowhere.test');
		expect(missing.kind).toBe('nxdomain');
		expect(missing.message).toBe('domain nowhere.test does not exist (NXDOMAIN): .test is a reserved name that public DNS never resolves (RFC 2606, RFC 6761); use a real domain');
		const bare = await lookupError('bare.test');
		expect(bare.kind).toBe('no-address');
		expect(bare.message).toBe('domain bare.test has no MX, A or AAAA record: it cannot receive mail');
	});

	it('names the chosen server on a SERVFAIL, and says where the fault usually is', async () => {
		const error = await lookupError('fail.test');
		expect(error.kind).toBe('dns');
		expect(mxFailureText(error)).toBe(
			`MX lookup for fail.test failed: the DNS server 127.0.0.1:${server.port} (--dns) failed to answer for this domain (ESERVFAIL); the domain's own name servers may be down or misconfigured (a DNSSEC failure looks the same): try again later, or ask another DNS server with --dns (e.g. --dns 1.1.1.1)`,
		);
	});

	it('gives up on a silent server with its timeout in the words, and the dig command to try', async () => {
		const error = await lookupError('slow.test');
		expect(mxFailureText(error)).toBe(
			`MX lookup for slow.test failed: the DNS server 127.0.0.1:${server.port} (--dns) did not answer within 0.6 s (ETIMEOUT); check that 127.0.0.1:${server.port} answers DNS from here (dig @127.0.0.1 -p ${server.port} slow.test MX), or leave --dns out for the system's resolver`,
		);
		expect(server.queries.filter(query => query.name === 'slow.test').length).toBeGreaterThan(0);
	});

	it('asks again over TCP when the UDP answer is truncated (TC)', async () => {
		expect(await lookupMx('cut.test', resolver)).toEqual([{exchange: 'mx.example.test', priority: 5}]);
		expect(server.queries.filter(query => query.name === 'cut.test').map(query => query.transport)).toEqual(['udp', 'tcp']);
	});

	it('takes a set of MX too big for one UDP answer, every host of it', async () => {
		const hosts = await lookupMx('big.test', resolver);
		expect(hosts).toHaveLength(BIG.length);
		expect(hosts.map(host => host.priority)).toEqual([...BIG.map(host => host.priority)].sort((a, b) => a - b));
		expect(server.queries.filter(query => query.name === 'big.test').map(query => query.transport)).toEqual(['udp', 'tcp']);
	});

	it('finds an IDN domain by its punycode form', async () => {
		expect(await lookupMx(domainOf('friend@bücher.test'), resolver)).toEqual([{exchange: 'mx.xn--bcher-kva.test', priority: 10}]);
	});
});

describe('addresses through --dns', () => {
	it('follows an MX host that is a CNAME (RFC 2181 §10.3 forbids it, but it is seen) to its addresses', async () => {
		const [host] = await lookupMx('alias.test', resolver);
		expect(await lookupAddresses(host!.exchange, resolver)).toEqual(['127.0.0.1', '::1']);
	});

	it('takes an MX written as an IP address as that address, without a query', async () => {
		const [host] = await lookupMx('literal.test', resolver);
		const before = server.queries.length;
		expect(await lookupAddresses(host!.exchange, resolver)).toEqual(['192.0.2.25']);
		expect(server.queries.length).toBe(before);
	});

	it('keeps the addresses of one family when the other query goes unanswered', async () => {
		expect(await resolver.lookupAll('half.test')).toEqual(['192.0.2.9']);
	});

	it('gives connections a lookup in getaddrinfo terms: all, one family, and ENOTFOUND or EAI_AGAIN', async () => {
		const lookup = (host: string, options: {all?: boolean; family?: number}) =>
			new Promise<unknown>((resolve, reject) => resolver.lookup(host, options, (error, address, family) => (error ? reject(error) : resolve(options.all ? address : {address, family}))));
		expect(await lookup('mx.example.test', {all: true})).toEqual([
			{address: '127.0.0.1', family: 4},
			{address: '::1', family: 6},
		]);
		expect(await lookup('mx.example.test', {family: 6})).toEqual({address: '::1', family: 6});
		await expect(lookup('backup.example.test', {family: 6})).rejects.toMatchObject({code: 'ENOTFOUND'});
		await expect(lookup('nowhere.test', {})).rejects.toMatchObject({code: 'ENOTFOUND'});
		await expect(lookup('fail.test', {})).rejects.toMatchObject({code: 'EAI_AGAIN'});
	});
});

describe("without --dns: the system's DNS servers, within --timeout", () => {
	it('asks the servers the system names, and gives up on a silent one after the timeout, saying how long it waited', async () => {
		// The servers this process's Node read from the system, pointed at the test server (this worker's alone).
		const system = dns.getServers();
		dns.setServers([server.address]);
		try {
			expect(await lookupMx('example.test', systemResolverWithin(600), {shuffleTies: false})).toEqual([
				{exchange: 'mx.example.test', priority: 10},
				{exchange: 'backup.example.test', priority: 20},
			]);
			const error = await lookupMx('slow.test', systemResolverWithin(600)).then(() => undefined, (error: unknown) => error);
			expect(error).toBeInstanceOf(MxLookupError);
			expect((error as MxLookupError).message).toBe('MX lookup for slow.test failed: the DNS server did not answer within 0.6 s (ETIMEOUT)');
		} finally {
			dns.setServers(system);
		}
	});
});

describe('a lookup the user leaves (stoppedBy)', () => {
	// A timeout far beyond the test's: only the cancel can end the query.
	it.each([
		['--dns', () => serverResolver({address: '127.0.0.1', port: server.port}, 120_000)],
		["the system's servers", () => systemResolverWithin(120_000)],
	])('cancels the query to a silent server once stopped (%s)', async (_, made) => {
		const system = dns.getServers();
		dns.setServers([server.address]);
		try {
			const stop = new AbortController();
			const asked = () => server.queries.filter(query => query.name === 'stopped.test').length;
			server.zone['stopped.test'] = {silent: true};
			const before = asked();
			const lookup = lookupMx('stopped.test', made().stoppedBy!(stop.signal)).then(() => undefined, (error: unknown) => error);
			await waitFor(() => asked() > before, 'the first query');
			stop.abort();
			// Settled by the cancel, not the timeout: c-ares has dropped the query, and its second try with it.
			expect(await lookup).toMatchObject({kind: 'dns', code: dns.CANCELLED});
		} finally {
			dns.setServers(system);
		}
	});
});

describe('a --dns server where none listens', () => {
	it('says the query was refused, not that the domain failed', async () => {
		// The DNS server's port, closed: UDP to it gets ICMP port unreachable.
		const closed = await startDnsServer({});
		const port = closed.port;
		await closed.close();
		const error = await lookupMx('example.test', serverResolver({address: '127.0.0.1', port}, 600)).then(() => undefined, (error: unknown) => error);
		expect(error).toBeInstanceOf(MxLookupError);
		expect((error as MxLookupError).message).toBe(`MX lookup for example.test failed: the DNS server 127.0.0.1:${port} (--dns) refused the query: nothing listens there (ECONNREFUSED)`);
	});
});
