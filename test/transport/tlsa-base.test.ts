// Where TLSA records are looked for (RFC 7672 §2.2.2): answers built as dns-wire decodes them.
import {describe, expect, it} from 'vitest';
import {DNS_TYPES, type DnsAnswer, type DnsRecord} from '../../source/transport/dns-wire.js';
import {expandedName, tlsaBases} from '../../source/transport/tlsa-base.js';

const cname = (name: string, target: string): DnsRecord => ({name, type: DNS_TYPES.CNAME, data: Buffer.alloc(0), target});
const a = (name: string): DnsRecord => ({name, type: DNS_TYPES.A, data: Buffer.from([127, 0, 0, 1])});
const answer = (authenticated: boolean, ...answers: DnsRecord[]): DnsAnswer => ({id: 1, truncated: false, authenticated, rcode: 0, answers});

describe('tlsaBases', () => {
	it('a validated chain of aliases: its final target first, then the host as given', () => {
		const chain = answer(true, cname('mx.example.org', 'one.example.net'), cname('one.example.net', 'two.example.com'), a('two.example.com'));
		expect(tlsaBases('MX.example.org', chain)).toEqual(['two.example.com', 'MX.example.org']);
	});

	it('no alias, a chain not validated, or no answer: the host alone', () => {
		expect(tlsaBases('mx.example.org', answer(true, a('mx.example.org')))).toEqual(['mx.example.org']);
		expect(tlsaBases('mx.example.org', answer(false, cname('mx.example.org', 'other.example.net'), a('other.example.net')))).toEqual(['mx.example.org']);
		expect(tlsaBases('mx.example.org', undefined)).toEqual(['mx.example.org']);
	});

	it('a CNAME loop ends after 8 hops, not in a hang', () => {
		const loop = answer(true, cname('a.example', 'b.example'), cname('b.example', 'a.example'));
		expect(['a.example', 'b.example']).toContain(expandedName('a.example', loop));
	});
});
