// The independent reference: mailauth's SPF (in its RFC-strict mode) and ours evaluate the same random zones, records
// and client addresses, and must reach the same result. A seeded generator, so a disagreement can be replayed.
// mailauth's default (lax) mode differs from the RFC on purpose: it evaluates a record left to right and returns at
// the first match before a syntax error later in it (RFC 7208 §4.6: the whole record is a permerror), and it counts
// an a term void only when both A and AAAA are empty (§4.6.4 counts the client family's query): hence strict here.
import {createRequire} from 'node:module';
import {expect, test} from 'vitest';
import {checkHost} from '../../source/spf/evaluate.js';
import type {DnsZone} from '../helpers/dns-server.js';
import {mailauthResolver, zoneDns} from '../helpers/spf-zone.js';

type MailauthSpf = (options: Record<string, unknown>) => Promise<{status: {result: string; comment?: string}}>;
const {spf} = createRequire(import.meta.url)('mailauth/lib/spf') as {spf: MailauthSpf};

/** mulberry32: small, seeded, good enough to pick terms. */
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const DOMAINS = ['example.com', 'd1.example.net', 'd2.example.net', 'd3.example.net', 'd4.example.net'];
const HOSTS = ['h1.example.net', 'h2.example.net', 'h3.example.net'];
const CLIENTS = ['192.0.2.1', '192.0.2.9', '192.0.2.130', '198.51.100.7', '203.0.113.5', '2001:db8::1', '2001:db8:1::5', '::ffff:192.0.2.9'];

function zoneFor(next: () => number): DnsZone {
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
	const term = (): string => {
		const qualifier = pick(['', '', '', '-', '~', '?', '+']);
		const body = pick([
			() => `ip4:${pick(['192.0.2.0', '192.0.2.9', '198.51.100.0', '203.0.113.0'])}/${pick([8, 24, 25, 30, 32])}`,
			() => `ip6:${pick(['2001:db8::', '2001:db8:1::'])}/${pick([32, 48, 64, 128])}`,
			() => pick(['a', 'a/24', 'a//64', `a:${pick(HOSTS)}`, `a:${pick(HOSTS)}/30`, 'a:missing.example.net']),
			() => pick(['mx', 'mx/24', `mx:${pick(DOMAINS)}`, 'mx:missing.example.net']),
			() => pick(['ptr', 'ptr:example.net', `ptr:${pick(HOSTS)}`]),
			() => `include:${pick([...DOMAINS, 'missing.example.net', 'down.example.net'])}`,
			() => pick(['exists:%{ir}.bl.example.net', 'exists:%{l}.users.example.net', 'exists:%{d2}.example.net']),
			() => pick(['ip4:192.0.2.300', 'a:192.0.2.1', 'inlcude:d1.example.net', 'ip4:192.0.2.0/33', 'x-note=hello', 'mx:%{z}.example.net']),
		])();
		return `${qualifier}${body}`;
	};
	const record = () => {
		const terms = Array.from({length: Math.floor(next() * 6)}, term);
		if (next() < 0.6) terms.push(`${pick(['-', '~', '?', ''])}all`);
		if (next() < 0.2) terms.push(`redirect=${pick(DOMAINS)}`);
		return `v=spf1 ${terms.join(' ')}`;
	};
	const zone: DnsZone = {
		'down.example.net': {rcode: 'SERVFAIL'},
		'9.2.0.192.bl.example.net': {a: ['127.0.0.2']},
		'someone.users.example.net': {a: ['127.0.0.2']},
		'1.2.0.192.in-addr.arpa': {ptr: ['h1.example.net']},
		'9.2.0.192.in-addr.arpa': {ptr: ['h2.example.net', 'other.example.org']},
		'1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': {ptr: ['h3.example.net']},
	};
	for (const host of HOSTS) zone[host] = {a: [pick(['192.0.2.1', '192.0.2.9', '198.51.100.7'])], ...(next() < 0.5 && {aaaa: ['2001:db8::1']})};
	for (const domain of DOMAINS) {
		const shape = next();
		const txt = shape < 0.08 ? [] : shape < 0.12 ? [[record()], [record()]] : [[record()], ['unrelated=text']];
		zone[domain] = {txt, ...(next() < 0.6 && {mx: HOSTS.slice(0, 1 + Math.floor(next() * 3)).map((exchange, priority) => ({exchange, priority}))}), ...(next() < 0.5 && {a: ['192.0.2.130']})};
	}
	return zone;
}

test('mailauth and check_host agree on 400 random records, zones and clients', async () => {
	const next = random(7208);
	const disagreements: string[] = [];
	const tally = new Map<string, number>();
	for (let round = 0; round < 400; round++) {
		const zone = zoneFor(next);
		const ip = CLIENTS[Math.floor(next() * CLIENTS.length)]!;
		const ours = await checkHost({ip, domain: 'example.com', sender: 'someone@example.com', helo: 'mx.example.org'}, zoneDns(zone));
		const theirs = await spf({ip, sender: 'someone@example.com', helo: 'mx.example.org', mta: 'mx.test', strict: true, resolver: mailauthResolver(zone)});
		tally.set(ours.result, (tally.get(ours.result) ?? 0) + 1);
		if (ours.result !== theirs.status.result) disagreements.push(`round ${round}, ${ip}: ours ${ours.result} (${ours.reason}), mailauth ${theirs.status.result} (${theirs.status.comment}); zone ${JSON.stringify(zone)}`);
	}
	expect(disagreements).toEqual([]);
	// The generator must reach every result, or the agreement says little.
	expect([...tally.keys()].sort()).toEqual(['fail', 'neutral', 'none', 'pass', 'permerror', 'softfail', 'temperror']);
});
