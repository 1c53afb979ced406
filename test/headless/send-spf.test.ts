// send's SPF line: which connections get one, its words, its time limit, and (over loopback, as every test here
// connects) that a send neither asks DNS for SPF nor carries the field.
import {expect, test} from 'vitest';
import {SendSpfCheck, spfLine} from '../../source/headless/send-spf.js';
import {connectionSpf, isPublicAddress} from '../../source/spf/client.js';
import {runSend} from '../../source/headless/send.js';
import type {SpfDns} from '../../source/spf/evaluate.js';
import {startDnsServer} from '../helpers/dns-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {zoneDns} from '../helpers/spf-zone.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

const ZONE = {
	'example.com': {txt: [['v=spf1 ip4:192.0.2.0/24 -all']]},
	'mx.example.net': {txt: [['v=spf1 a:mx.example.net ~all']], a: ['203.0.113.9']},
};

test.each([
	['127.0.0.1', false],
	['10.1.2.3', false],
	['100.64.0.1', false],
	['172.20.0.1', false],
	['192.168.1.1', false],
	['169.254.1.1', false],
	['::1', false],
	['fd00::1', false],
	['fe80::1%eth0', false],
	['::ffff:10.0.0.1', false],
	['198.51.100.7', true],
	['100.128.0.1', true],
	['2001:db8::1', true],
	['::ffff:198.51.100.7', true],
])('%s is public: %s', (address, expected) => expect(isPublicAddress(address)).toBe(expected));

test('the line: result, the deciding term, what receivers will do; the null sender is checked as the HELO name', async () => {
	const fail = await connectionSpf('me@example.com', 'mx.example.net', '198.51.100.7', zoneDns(ZONE), 1000);
	expect(spfLine(fail!)).toBe("SPF of example.com for 198.51.100.7 (this connection's address): fail (-all) — receivers will likely refuse or junk this mail");
	const bounce = await connectionSpf('', 'mx.example.net', '203.0.113.9', zoneDns(ZONE), 1000);
	expect(bounce).toEqual({domain: 'mx.example.net', ip: '203.0.113.9', result: 'pass', matched: 'a:mx.example.net', reason: '203.0.113.9 matched "a:mx.example.net" in the SPF record of mx.example.net'});
	// An address literal as HELO is no name with a policy.
	expect(await connectionSpf('', '[198.51.100.7]', '198.51.100.7', zoneDns(ZONE), 1000)).toBeUndefined();
	const broken = await connectionSpf('me@broken.example', 'h.example.net', '198.51.100.7', zoneDns({'broken.example': {txt: [['v=spf1 -all'], ['v=spf1 +all']]}}), 1000);
	expect(spfLine(broken!)).toBe("SPF of broken.example for 198.51.100.7 (this connection's address): permerror — its SPF record is broken, which receivers treat as a failure: broken.example has 2 SPF records, and may have one only");
});

test('DNS that never answers: a temperror once the time limit is up', async () => {
	const never = () => new Promise<never>(() => {});
	const silent: SpfDns = {txt: never, a: never, aaaa: never, mx: never, ptr: never};
	expect(await connectionSpf('me@example.com', 'h.example.net', '198.51.100.7', silent, 50)).toMatchObject({result: 'temperror', reason: 'no answer within 0.05 s'});
});

/** A session as send's driver shows itself to the check: connected from `local`, its log collected. */
const session = (local: string) => {
	const lines: string[] = [];
	let connection = 'connected';
	return {lines, end: () => (connection = 'closed'), getSnapshot: () => ({connection, endpoints: {local: {address: local}}}), ehloName: () => 'h.example.net', info: (text: string) => lines.push(text)};
};

test('checked once, from a public address only: in the session log while connected, else after it', async () => {
	const loopback = session('127.0.0.1');
	const quiet = new SendSpfCheck('me@example.com', zoneDns(ZONE), 1000);
	quiet.watch(loopback);
	expect(await quiet.finish(text => loopback.lines.push(text))).toBeUndefined();
	expect(loopback.lines).toEqual([]);

	const live = session('198.51.100.7');
	const during = new SendSpfCheck('me@example.com', zoneDns(ZONE), 1000);
	during.watch(live);
	during.watch(live);
	const after: string[] = [];
	expect(await during.finish(text => after.push(text))).toMatchObject({result: 'fail'});
	expect([live.lines.length, after.length]).toEqual([1, 0]);

	const gone = session('198.51.100.7');
	const late = new SendSpfCheck('me@example.com', zoneDns(ZONE), 1000);
	late.watch(gone);
	gone.end();
	expect(await late.finish(text => after.push(text))).toMatchObject({result: 'fail'});
	expect([gone.lines.length, after]).toEqual([0, ["SPF of example.com for 198.51.100.7 (this connection's address): fail (-all) — receivers will likely refuse or junk this mail"]]);
});

test('over loopback, send asks no SPF and its --json has no spf', async () => {
	const dns = await startDnsServer(ZONE);
	cleanup(() => dns.close());
	const server = await startSmtpServer({name: 'mx.test', hideSTARTTLS: true});
	cleanup(() => server.close());
	const {code, out} = await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), from: 'me@example.com', to: ['you@example.net'], helo: 'client.test', dns: dns.address, json: true, quiet: true});
	expect(code).toBe(0);
	expect(JSON.parse(out.trimEnd().split('\n').at(-1)!)).not.toHaveProperty('spf');
	expect(dns.queries).toEqual([]);
});
