// The SPF lint `check DOMAIN` shows, against an in-test zone: what the end-to-end tests leave out.
import {expect, test} from 'vitest';
import {lintSpf} from '../../source/spf/lint.js';
import type {DnsZone} from '../helpers/dns-server.js';
import {zoneDns} from '../helpers/spf-zone.js';

const lint = (zone: DnsZone) => lintSpf('example.com', zoneDns(zone));
const texts = async (zone: DnsZone) => (await lint(zone)).problems.map(problem => `${problem.severity}: ${problem.text}`);

test('an include loop is a permerror, with the way round, back to the domain or below it', async () => {
	expect(await texts({'example.com': {txt: [['v=spf1 include:a.example.net -all']]}, 'a.example.net': {txt: [['v=spf1 include:example.com']]}})).toEqual([
		"error: example.com → include:a.example.net → include:example.com goes round in a loop: receivers follow it until the 10-lookup limit, a permerror for all of example.com's mail.",
	]);
	const below: DnsZone = {'example.com': {txt: [['v=spf1 include:a.example.net -all']]}, 'a.example.net': {txt: [['v=spf1 redirect=b.example.net']]}, 'b.example.net': {txt: [['v=spf1 include:a.example.net']]}};
	expect(await texts(below)).toEqual([
		"error: example.com → include:a.example.net → redirect=b.example.net → include:a.example.net goes round in a loop: receivers follow it until the 10-lookup limit, a permerror for all of example.com's mail.",
	]);
	// In another case it is the same name (it was counted round to the 100-follow bound instead).
	expect(await texts({'example.com': {txt: [['v=spf1 include:a.example.net -all']]}, 'a.example.net': {txt: [['v=spf1 include:EXAMPLE.com']]}})).toEqual([
		"error: example.com → include:a.example.net → include:EXAMPLE.com goes round in a loop: receivers follow it until the 10-lookup limit, a permerror for all of example.com's mail.",
	]);
});

test('terms after all, and redirect= beside all, are said as never used; lookups after all are not counted', async () => {
	const found = await lint({'example.com': {txt: [['v=spf1 ip4:192.0.2.1 -all a:mail.example.com redirect=other.example.net']]}});
	expect(found.lookups).toBe(0);
	expect(found.problems).toEqual([
		{severity: 'warning', text: 'In the SPF record of example.com, "a:mail.example.com" after "-all" is never looked at: "all" matches every address. Move it before it.'},
		{severity: 'warning', text: 'In the SPF record of example.com, "redirect=other.example.net" is ignored: the record has "-all" (RFC 7208 §6.1).'},
	]);
});

test('an mx with more than 10 hosts, void lookups over 2, and an include that failed to answer', async () => {
	const hosts = Array.from({length: 11}, (_, n) => ({priority: n, exchange: `mx${n}.example.com`}));
	const problems = await texts({
		'example.com': {txt: [['v=spf1 mx a:none1.example.com a:none2.example.com mx:none3.example.com include:down.example.net ~all']], mx: hosts},
		'down.example.net': {rcode: 'SERVFAIL'},
	});
	expect(problems).toEqual([
		'error: "mx" in the SPF record of example.com: example.com has 11 MX records, over the 10 SPF looks at: receivers return permerror.',
		'error: SPF of example.com has 3 void lookups (names with no record; at most 2 allowed): receivers that reach the 3rd return permerror. Remove the terms that name nothing.',
		'warning: "include:down.example.net" in the SPF record of example.com could not be followed: the TXT lookup of down.example.net failed (ESERVFAIL); receivers that meet this return temperror.',
	]);
});

test('an included record that is not valid, or has +all, is named with the way it was reached', async () => {
	expect(await texts({'example.com': {txt: [['v=spf1 include:a.example.net -all']]}, 'a.example.net': {txt: [['v=spf1 include:b.example.net']]}, 'b.example.net': {txt: [['v=spf1 +all']]}})).toEqual([
		'warning: "+all" in the SPF record of b.example.net (reached by include:a.example.net → include:b.example.net) lets any server anywhere send as example.com: forged mail passes SPF. End it with -all (or ~all) instead.',
	]);
	expect(await texts({'example.com': {txt: [['v=spf1 include:a.example.net -all']]}, 'a.example.net': {txt: [['v=spf1 ip4:10.0.0.0/33']]}})).toEqual([
		'error: The SPF record of a.example.net (reached by include:a.example.net) is not valid: "ip4:10.0.0.0/33": /33 is not a prefix length of 0 to 32. Receivers return permerror for it, so example.com fails SPF everywhere.',
	]);
});

test('a failed lookup of the record itself: not known, a warning', async () => {
	expect(await lint({'example.com': {rcode: 'SERVFAIL'}})).toMatchObject({status: 'dns-failed', problems: [{severity: 'warning', text: 'SPF of example.com not known: the TXT lookup of example.com failed (ESERVFAIL).'}]});
});

test('a record that includes another twice at every level is followed 100 times, not 2^depth, each name asked once', async () => {
	const zone: DnsZone = Object.fromEntries(Array.from({length: 20}, (_, n) => [n === 0 ? 'example.com' : `l${n}.example.net`, {txt: [[n === 19 ? 'v=spf1 -all' : `v=spf1 include:l${n + 1}.example.net ip4:192.0.2.${n} include:l${n + 1}.example.net -all`]]}]));
	const dns = zoneDns(zone);
	const found = await lintSpf('example.com', dns);
	expect(found.lookups).toBeGreaterThan(100);
	expect(found.problems[0]!.text).toBe('SPF of example.com leads to more than 100 includes and redirects: receivers stop at the 10th lookup with permerror, and so did this count, after the first 100.');
	// Each name asked once.
	expect(new Set(dns.queries).size).toBe(dns.queries.length);
});
