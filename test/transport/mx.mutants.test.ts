// Cases found by mutation testing of mx.ts: each pins a behaviour no other test held.
import dns from 'node:dns';
import {describe, expect, it} from 'vitest';
import {domainOf, lookupMx, MxLookupError, mxFailureText, systemResolver, type Resolver} from '../../source/transport/mx.js';
import {fakeResolver} from './fake-resolver.js';

async function lookupError(promise: Promise<unknown>): Promise<MxLookupError> {
	const error = await promise.then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(MxLookupError);
	return error as MxLookupError;
}

const mxOnly = (records: Array<{exchange: string; priority: number}>, addresses: string[] = ['192.0.2.7']) =>
	fakeResolver({mx: {'mixed.test': records}, a: {'mixed.test': addresses}});

describe('lookupMx, the records it is given', () => {
	it('an empty MX answer is no MX: the domain itself, not a null MX and not an empty list', async () => {
		expect(await lookupMx('mixed.test', mxOnly([]))).toEqual([{exchange: 'mixed.test', priority: 0, implicit: true}]);
	});

	it('a null MX beside a real one is dropped, the real one kept', async () => {
		expect(await lookupMx('mixed.test', mxOnly([{exchange: '', priority: 0}, {exchange: 'mx.mixed.test.', priority: 10}]))).toEqual([{exchange: 'mx.mixed.test', priority: 10}]);
	});

	it('keeps a tie of five in the order given when not shuffling', async () => {
		const names = ['e', 'd', 'c', 'b', 'a'].map(name => `${name}.test`);
		const hosts = await lookupMx('mixed.test', mxOnly([...names.map(exchange => ({exchange, priority: 10})), {exchange: 'first.test', priority: 1}]), {shuffleTies: false});
		expect(hosts.map(host => host.exchange)).toEqual(['first.test', ...names]);
	});

	it('a shuffled tie of two comes in both orders, and one of three in all six (each host may stay where it was)', async () => {
		for (const names of [['a', 'b'], ['a', 'b', 'c']]) {
			const resolver = mxOnly(names.map(name => ({exchange: `${name}.test`, priority: 10})));
			const orders = new Set<string>();
			for (let round = 0; round < 400; round++) orders.add((await lookupMx('mixed.test', resolver)).map(host => host.exchange).join(' '));
			expect(orders.size, names.join()).toBe(names.length === 2 ? 2 : 6);
		}
	});
});

describe('lookupMx, failures in words', () => {
	it('names its error class', async () => {
		expect((await lookupError(lookupMx('nx.test', fakeResolver({})))).name).toBe('MxLookupError');
	});

	it('a refused DNS query is a server that did not answer; another code is a failed lookup, not a SERVFAIL', async () => {
		expect((await lookupError(lookupMx('refused.test', fakeResolver({mx: {'refused.test': dns.CONNREFUSED}})))).message).toBe('MX lookup for refused.test failed: the DNS server did not answer (ECONNREFUSED)');
		expect((await lookupError(lookupMx('bad.test', fakeResolver({mx: {'bad.test': dns.BADRESP}})))).message).toBe('MX lookup for bad.test failed: the lookup failed (EBADRESP)');
	});

	it('a failure without an error or a code is still said, as an unknown error', async () => {
		const resolver: Resolver = {resolveMx: () => Promise.reject(undefined), lookupAll: () => Promise.resolve([])};
		const error = await lookupError(lookupMx('odd.test', resolver));
		expect(error.message).toBe('MX lookup for odd.test failed: the lookup failed (unknown error)');
		expect(error.code).toBe('unknown error');
	});

	it('the reserved top-level name is the last label of a longer name, localhost too', async () => {
		for (const [domain, tld] of [['a.b.test', 'test'], ['mx.localhost', 'localhost'], ['a.b.example', 'example']]) {
			expect((await lookupError(lookupMx(domain!, fakeResolver({})))).message, domain).toContain(`: .${tld} is a reserved name`);
		}
		expect((await lookupError(lookupMx('test.example.com', fakeResolver({})))).message).toMatch(/: check the spelling$/);
	});

	it('mxFailureText: a DNS failure as it is (it names its lookup), anything else after "MX lookup failed"', async () => {
		const dnsError = await lookupError(lookupMx('slow.test', fakeResolver({mx: {'slow.test': dns.TIMEOUT}})));
		expect(mxFailureText(dnsError)).toBe('MX lookup for slow.test failed: the DNS server did not answer (ETIMEOUT)');
		const nx = await lookupError(lookupMx('nx.test', fakeResolver({})));
		expect(mxFailureText(nx)).toBe(`MX lookup failed: ${nx.message}`);
		expect(mxFailureText(new Error('boom'))).toBe('MX lookup failed: boom');
		expect(mxFailureText('plain')).toBe('MX lookup failed: plain');
	});
});

describe('domainOf, the edges', () => {
	it('angle brackets are taken off only around the whole input: a name before them is no domain', () => {
		expect(domainOf('<user@example.com>')).toBe('example.com');
		expect(() => domainOf('Jane <user@example.com>')).toThrow('"Jane <user@example.com>" is not a mail domain or an address');
		expect(() => domainOf('<user@example.com>.org')).toThrow('is not a mail domain or an address');
	});

	it('a domain of 253 octets is taken, one of 254 refused', () => {
		const labels = (length: number) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 3 * 64)}`;
		expect(domainOf(`x@${labels(253)}`)).toBe(labels(253));
		expect(() => domainOf(`x@${labels(254)}`)).toThrow('is not a mail domain or an address');
	});
});

describe('systemResolver', () => {
	it("looks addresses up as connecting does (localhost from /etc/hosts)", async () => {
		expect(await systemResolver.lookupAll('localhost')).toContain('127.0.0.1');
	});
});
