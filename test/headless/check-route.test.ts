// `check -4/-6 --local-address`: probes go out in the family and from the address asked for, against real SMTP
// servers on 127.0.0.1 and ::1; MX hosts come from an in-memory resolver.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkTarget} from '../../source/headless/check.js';
import {formatPlan} from '../../source/headless/check-output.js';
import type {CheckPlan} from '../../source/headless/check.js';
import {checkInProcess} from '../helpers/run-check.js';
import {rejection} from '../helpers/usage-refusal.js';
import {startWatchedServer, type WatchedServer} from '../helpers/smtp-server.js';
import {fakeResolver} from '../transport/fake-resolver.js';

let v4: WatchedServer;
let v6: WatchedServer;
beforeAll(async () => {
	v4 = await startWatchedServer('127.0.0.1');
	// The same port on ::1, so that one probe of a name with both addresses can reach either.
	v6 = await startWatchedServer('::1', v4.port);
});
afterAll(async () => {
	await v4.close();
	await v6.close();
});

/** mx.example.test, the MX of example.test, with both an IPv4 and an IPv6 address; v4only.test's MX with IPv4 alone. */
const resolver = () =>
	fakeResolver({
		mx: {'example.test': [{exchange: 'mx.example.test', priority: 10}], 'v4only.test': [{exchange: 'mx.v4only.test', priority: 10}]},
		a: {'mx.example.test': ['127.0.0.1'], 'mx.v4only.test': ['127.0.0.1']},
		aaaa: {'mx.example.test': ['::1']},
	});

describe('check --local-address', () => {
	it('probes from that address: the server sees it, and the plan says so', async () => {
		const before = v4.peers.length;
		const {code, out} = await checkInProcess([`127.0.0.1:${v4.port}`], {localAddress: '127.0.0.2'}, {timeout: '5'});
		expect(code).toBe(0);
		expect(v4.peers.slice(before)).toEqual(['127.0.0.2']);
		expect(out).toContain(`Probing port ${v4.port} on 127.0.0.1 from 127.0.0.2 (timeout 5 s)...`);
	});

	it('--json gives each probe the local address', async () => {
		const {out} = await checkInProcess([`127.0.0.1:${v4.port}`], {localAddress: '127.0.0.2', json: true}, {timeout: '5'});
		expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({host: '127.0.0.1', port: v4.port, status: 'open', localAddress: '127.0.0.2'});
	});
});

describe('check -4 and -6', () => {
	it('an MX host with both families is probed at the address of the family asked for', async () => {
		const plans: CheckPlan[] = [];
		const six = await checkTarget('example.test', {resolver: resolver(), ports: [v4.port], timeoutMs: 5000, ehloName: 'probe.test', family: 6, onPlan: plan => plans.push(plan)});
		expect(six.results).toMatchObject([{host: 'mx.example.test', address: '::1', status: 'open'}]);
		expect(formatPlan(plans[0]!)).toContain(`Probing port ${v4.port} on mx.example.test over IPv6 (timeout 5 s)...`);
		// Without -6, IPv4 first (many networks have no IPv6 route).
		const either = await checkTarget('example.test', {resolver: resolver(), ports: [v4.port], timeoutMs: 5000, ehloName: 'probe.test'});
		expect(either.results).toMatchObject([{address: '127.0.0.1', status: 'open'}]);
	});

	it('an MX host with no address of that family: DNS failed, saying what it has, and nothing connects', async () => {
		const before = v6.peers.length + v4.peers.length;
		const report = await checkTarget('v4only.test', {resolver: resolver(), ports: [v4.port], timeoutMs: 5000, ehloName: 'probe.test', family: 6});
		expect(report.results).toMatchObject([{host: 'mx.v4only.test', status: 'dns-failed', error: 'mx.v4only.test has no IPv6 address (AAAA), only IPv4 (127.0.0.1): use -4, or leave -6 out'}]);
		expect(report.exitCode).toBe(2);
		// No DNS trouble and no typo: the verdict says what is missing, and what to do.
		expect(report.verdict).toBe('No host has an IPv6 address (AAAA): use -4, or leave -6 out.');
		const fromV6 = await checkTarget('v4only.test', {resolver: resolver(), ports: [v4.port], timeoutMs: 5000, ehloName: 'probe.test', localAddress: '::1'});
		expect(fromV6.verdict).toBe('No host has an IPv6 address (AAAA), and the local address ::1 is IPv6: give an IPv4 local address.');
		expect(v6.peers.length + v4.peers.length).toBe(before);
	});

	it('-6 to ::1 connects; TARGET an IP address of the other family is refused (exit 1)', async () => {
		const six = await checkInProcess([`[::1]:${v6.port}`], {ipv6: true}, {timeout: '5'});
		expect(six.code).toBe(0);
		expect(six.out).toContain(`Probing port ${v6.port} on ::1 over IPv6`);
		const refused = await rejection(checkInProcess([`127.0.0.1:${v4.port}`], {ipv6: true}, {timeout: '5'}));
		expect(refused.message).toBe('-6 with TARGET 127.0.0.1, an IPv4 address');
		const both = await rejection(checkInProcess(['127.0.0.1'], {ipv4: true, ipv6: true}, {timeout: '5'}));
		expect(both.message).toBe('-4 and -6 cannot be used together');
	});
});
