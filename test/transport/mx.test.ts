import dns from 'node:dns';
import {describe, expect, it} from 'vitest';
import {domainOf, lookupAddresses, lookupMx, MxLookupError, mxWarnings, systemLookup, type Resolver} from '../../source/transport/mx.js';
import {fakeResolver} from './fake-resolver.js';

async function lookupError(promise: Promise<unknown>): Promise<MxLookupError> {
	const error = await promise.then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(MxLookupError);
	return error as MxLookupError;
}

describe('lookupMx', () => {
	it('sorts by preference, keeps equal preferences in the order given and drops the trailing dot', async () => {
		const resolver = fakeResolver({
			mx: {
				'example.test': [
					{exchange: 'backup.example.test.', priority: 20},
					{exchange: 'mx-b.example.test', priority: 10},
					{exchange: 'mx-a.example.test', priority: 10},
					{exchange: 'first.example.test', priority: 5},
				],
			},
		});
		expect(await lookupMx('example.test', resolver, {shuffleTies: false})).toEqual([
			{exchange: 'first.example.test', priority: 5},
			{exchange: 'mx-b.example.test', priority: 10},
			{exchange: 'mx-a.example.test', priority: 10},
			{exchange: 'backup.example.test', priority: 20},
		]);
	});

	it('shuffles only within one preference (RFC 5321 §5.1): every order seen stays sorted by preference', async () => {
		const records = ['a', 'b', 'c', 'd'].map(name => ({exchange: `${name}.test`, priority: 10})).concat({exchange: 'z.test', priority: 50}, {exchange: 'first.test', priority: 1});
		const resolver = fakeResolver({mx: {'example.test': records}});
		const orders = new Set<string>();
		for (let round = 0; round < 60; round++) {
			const hosts = await lookupMx('example.test', resolver);
			expect(hosts.map(host => host.priority)).toEqual([1, 10, 10, 10, 10, 50]);
			expect(hosts.slice(1, 5).map(host => host.exchange).sort()).toEqual(['a.test', 'b.test', 'c.test', 'd.test']);
			orders.add(hosts.map(host => host.exchange).join(' '));
		}
		// 24 possible orders of the tie; 60 draws giving one order only would mean no shuffling at all.
		expect(orders.size).toBeGreaterThan(1);
	});

	it('refuses a null MX (RFC 7505), as Node reports it ("") and as written (".")', async () => {
		for (const exchange of ['', '.']) {
			const error = await lookupError(lookupMx('nomail.test', fakeResolver({mx: {'nomail.test': [{exchange, priority: 0}]}})));
			expect(error.kind).toBe('null-mx');
			expect(error.message).toBe('domain nomail.test does not accept mail (null MX, RFC 7505)');
		}
	});

	it('falls back to the domain itself as an implicit MX when it has no MX but an address', async () => {
		const v4 = fakeResolver({mx: {'plain.test': dns.NODATA}, a: {'plain.test': ['192.0.2.7']}, aaaa: {'plain.test': dns.NODATA}});
		expect(await lookupMx('plain.test', v4)).toEqual([{exchange: 'plain.test', priority: 0, implicit: true}]);
		const v6 = fakeResolver({mx: {'six.test': dns.NODATA}, a: {'six.test': dns.NODATA}, aaaa: {'six.test': ['2001:db8::1']}});
		expect(await lookupMx('six.test', v6)).toEqual([{exchange: 'six.test', priority: 0, implicit: true}]);
	});

	it('says a domain does not exist (NXDOMAIN) when neither MX nor address lookups find the name', async () => {
		const resolver = fakeResolver({});
		const error = await lookupError(lookupMx('exmaple.com', resolver));
		expect(error.kind).toBe('nxdomain');
		expect(error.message).toBe('domain exmaple.com does not exist (NXDOMAIN): check the spelling');
		expect(resolver.asked).toEqual(['MX exmaple.com', 'lookup exmaple.com']);
	});

	it('a reserved name (the sample To, example.test) is said to be one, not a typo: no spelling makes it resolve', async () => {
		for (const domain of ['example.test', 'mail.example', 'x.invalid', 'Host.TEST.']) {
			const error = await lookupError(lookupMx(domain, fakeResolver({})));
			expect(error.message, domain).toMatch(/^domain \S+ does not exist \(NXDOMAIN\): \.[a-z]+ is a reserved name that public DNS never resolves \(RFC 2606, RFC 6761\); use a real domain$/);
		}
		expect((await lookupError(lookupMx('example.test', fakeResolver({})))).message).toContain(': .test is a reserved name');
	});

	it('says a domain that exists without MX or address cannot receive mail', async () => {
		const error = await lookupError(lookupMx('bare.test', fakeResolver({mx: {'bare.test': dns.NODATA}, a: {'bare.test': dns.NODATA}, aaaa: {'bare.test': dns.NODATA}})));
		expect(error.kind).toBe('no-address');
		expect(error.message).toBe('domain bare.test has no MX, A or AAAA record: it cannot receive mail');
	});

	it('reports a DNS server failure with the domain and the code, without guessing a fallback', async () => {
		const timeout = await lookupError(lookupMx('slow.test', fakeResolver({mx: {'slow.test': dns.TIMEOUT}})));
		expect(timeout.kind).toBe('dns');
		expect(timeout.message).toBe('MX lookup for slow.test failed: the DNS server did not answer (ETIMEOUT)');
		const servfail = await lookupError(lookupMx('broken.test', fakeResolver({mx: {'broken.test': dns.NODATA}, a: {'broken.test': dns.SERVFAIL}, aaaa: {'broken.test': dns.NODATA}})));
		expect(servfail.message).toBe('address lookup for broken.test failed: the DNS server failed to answer for this domain (ESERVFAIL)');
	});

	it("reports the system lookup's own DNS failure (EAI_AGAIN) as a DNS server that did not answer", async () => {
		const error = await lookupError(lookupMx('down.test', fakeResolver({mx: {'down.test': dns.NODATA}, a: {'down.test': 'EAI_AGAIN'}})));
		expect(error.kind).toBe('dns');
		expect(error.message).toBe('address lookup for down.test failed: the DNS server did not answer (EAI_AGAIN)');
	});

	it('finds the implicit MX through the system lookup, as connecting does: a name only /etc/hosts knows works', async () => {
		// DNS knows no "localhost" (NXDOMAIN, as a corporate DNS knows no relay.corp.lan); /etc/hosts does.
		const resolver: Resolver = {resolveMx: () => Promise.reject(Object.assign(new Error('queryMx ENOTFOUND localhost'), {code: dns.NOTFOUND})), lookupAll: systemLookup};
		expect(await lookupMx('localhost', resolver)).toEqual([{exchange: 'localhost', priority: 0, implicit: true}]);
		expect(await lookupAddresses('localhost', resolver)).toContain('127.0.0.1');
	});
});

describe('MX hosts that are aliases (CNAME, RFC 2181 §10.3)', () => {
	const records = [
		{exchange: 'alias-a.test.', priority: 10},
		{exchange: 'plain.test', priority: 20},
		{exchange: 'broken.test', priority: 30},
		{exchange: '192.0.2.25', priority: 40},
		{exchange: 'alias-b.test', priority: 50},
	];
	const cnames: Record<string, string[] | string> = {'alias-a.test': ['real-a.test.'], 'alias-b.test': ['real-b.test'], 'plain.test': dns.NODATA, 'broken.test': dns.SERVFAIL};
	const asked: string[] = [];
	const resolver: Resolver = {
		...fakeResolver({mx: {'example.test': records}}),
		resolveCname: name => {
			asked.push(name);
			const answer = cnames[name] ?? dns.NOTFOUND;
			return typeof answer === 'string' ? Promise.reject(Object.assign(new Error(`queryCname ${answer} ${name}`), {code: answer})) : Promise.resolve(answer);
		},
	};

	it('are marked with the name they stand for; a failed query, or an IP address, marks nothing', async () => {
		const hosts = await lookupMx('example.test', resolver, {shuffleTies: false});
		expect(hosts.map(host => [host.exchange, host.alias])).toEqual([
			['alias-a.test', 'real-a.test'],
			['plain.test', undefined],
			['broken.test', undefined],
			['192.0.2.25', undefined],
			['alias-b.test', 'real-b.test'],
		]);
		expect(asked.sort()).toEqual(['alias-a.test', 'alias-b.test', 'broken.test', 'plain.test']);
	});

	it('are warned of after IP addresses, all in one line', async () => {
		expect(mxWarnings('example.test', await lookupMx('example.test', resolver, {shuffleTies: false}))).toEqual([
			'the MX of example.test names an IP address (192.0.2.25), not a host name: RFC 5321 §5.1 asks for a name, and other senders may refuse to use it',
			'the MX of example.test names aliases (CNAME; alias-a.test is an alias of real-a.test, alias-b.test is an alias of real-b.test), not host names with their own addresses: RFC 2181 §10.3 and RFC 5321 §5.1 forbid that, and other senders may refuse to use it',
		]);
		expect(mxWarnings('example.test', [{exchange: 'plain.test', priority: 10}])).toEqual([]);
	});
});

describe('domainOf', () => {
	it('takes the domain of an address or a bare domain, lower-cased ASCII without a trailing dot', () => {
		expect(domainOf('user@Example.COM')).toBe('example.com');
		expect(domainOf(' <"a@b"@example.org> ')).toBe('example.org');
		expect(domainOf('example.net.')).toBe('example.net');
		expect(domainOf('ops@bücher.example')).toBe('xn--bcher-kva.example');
	});

	it('rejects what is not a domain, naming the input', () => {
		expect(() => domainOf('user@')).toThrow('"user@" is not a mail domain or an address');
		expect(() => domainOf('exa mple.com')).toThrow('"exa mple.com" is not a mail domain or an address');
		expect(() => domainOf('a@evil.test\r\nRCPT')).toThrow('is not a mail domain or an address');
		expect(() => domainOf('user@[192.0.2.1]')).toThrow('names an address literal [192.0.2.1], which has no MX');
	});
});

describe('lookupAddresses', () => {
	it('lists IPv4 then IPv6 addresses, and passes IP literals through', async () => {
		const resolver = fakeResolver({a: {'mx.test': ['192.0.2.1', '192.0.2.2']}, aaaa: {'mx.test': ['2001:db8::25']}});
		expect(await lookupAddresses('mx.test', resolver)).toEqual(['192.0.2.1', '192.0.2.2', '2001:db8::25']);
		expect(await lookupAddresses('[::1]', resolver)).toEqual(['::1']);
		expect(await lookupAddresses('unknown.test', resolver)).toEqual([]);
	});
});
