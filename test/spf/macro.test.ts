// SPF macros against RFC 7208 §7.4's own examples, and the mistakes a record can make with them.
import {describe, expect, test} from 'vitest';
import {expandMacros, parseDomainSpec, parseMacroString, queryName} from '../../source/spf/macro.js';

const context = {sender: 'strong-bad@email.example.com', domain: 'email.example.com', ip: '192.0.2.3', helo: 'mx.example.org'};
const expand = (text: string, ip = context.ip) => {
	const parts = parseMacroString(text);
	if ('error' in parts) throw new Error(parts.error);
	return expandMacros(parts, {...context, ip});
};

describe('RFC 7208 §7.4 examples', () => {
	test.each([
		['%{s}', 'strong-bad@email.example.com'],
		['%{o}', 'email.example.com'],
		['%{d}', 'email.example.com'],
		['%{d4}', 'email.example.com'],
		['%{d3}', 'email.example.com'],
		['%{d2}', 'example.com'],
		['%{d1}', 'com'],
		['%{dr}', 'com.example.email'],
		['%{d2r}', 'example.email'],
		['%{l}', 'strong-bad'],
		['%{l-}', 'strong.bad'],
		['%{lr}', 'strong-bad'],
		['%{lr-}', 'bad.strong'],
		['%{l1r-}', 'strong'],
		['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
		['%{lr-}.lp._spf.%{d2}', 'bad.strong.lp._spf.example.com'],
		['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
		['%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}', '3.2.0.192.in-addr.strong.lp._spf.example.com'],
		['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
	])('%s expands to %s', (macro, expanded) => expect(expand(macro)).toBe(expanded));

	test('an IPv6 client: %{i} is its 32 nibbles, %{v} is ip6', () => {
		expect(expand('%{ir}.%{v}._spf.%{d2}', '2001:db8::cb01')).toBe('1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com');
	});
});

describe('the rest of §7', () => {
	test('%%, %_ and %- are a percent sign, a space and %20; an uppercase macro is URL-escaped', () => {
		expect(expand('100%%.%_x%-')).toBe('100%. x%20');
		expect(expandMacros(parseMacroString('%{L}') as never, {...context, sender: 'a b/c@example.com'})).toBe('a%20b%2Fc');
		expect(expandMacros(parseMacroString('%{c} %{r} %{t}', true) as never, {...context, receiver: 'mx.test', now: 1234})).toBe('192.0.2.3 mx.test 1234');
		expect(expand('%{h}.%{p}')).toBe('mx.example.org.unknown');
	});

	test('a name over 253 characters loses labels on its left', () => {
		const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`;
		expect(queryName(long)).toBe(`${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`);
	});

	test.each([
		['%{x}', '%{x} is no SPF macro letter'],
		['%{d0}', 'keeps no part'],
		['%{c}.example.com', '%{c} is allowed only in exp= text'],
		['50%.example.com', '"%." is not a macro (write %% for a percent sign'],
		['%{d', '"%{d" is not a macro'],
	])('%s is refused, named', (text, words) => {
		const parsed = parseDomainSpec(text);
		expect('error' in parsed && parsed.error).toContain(words);
	});

	test.each([
		['192.0.2.1', 'ends in a number, so it is no domain name (an address goes in ip4: or ip6:)'],
		['localhost', 'it needs a dot'],
		['example.com.', undefined],
		['%{d}', undefined],
		['_spf.%{d2}', undefined],
	])('domain-spec %s', (text, error) => {
		const parsed = parseDomainSpec(text);
		if (error === undefined) expect(parsed).not.toHaveProperty('error');
		else expect('error' in parsed && parsed.error).toContain(error);
	});
});
