// `smtp-tui check` against a real firewall REJECT: the built CLI runs in a network namespace of its own (unshare -n,
// which needs root), whose nft rules answer chosen ports of 10.77.0.2 / fd77::2 with an ICMP "unreachable", as
// firewalld's and RHEL's REJECT rules do. CI runs as root and installs nftables (.ci/run): no namespace is a failure,
// not a skip.
import {spawnSync} from 'node:child_process';
import {describe, expect, test} from 'vitest';
import {cliPath} from '../helpers/run-cli.js';

/** The namespace's loopback carries the two addresses; each rule rejects one port its own way. */
const SETUP = [
	'ip link set lo up',
	'ip addr add 10.77.0.2/32 dev lo',
	'ip addr add fd77::2/128 dev lo',
	'nft add table inet t',
	"nft add chain inet t in '{ type filter hook input priority 0; }'",
	'nft add rule inet t in tcp dport 25 reject with icmpx admin-prohibited',
	'nft add rule inet t in tcp dport 26 reject with icmp type host-prohibited',
	'nft add rule inet t in tcp dport 27 reject with icmp type net-prohibited',
].join(' && ');

/** `check ARGS --json --timeout 2` in a fresh namespace: its exit code, probe lines and verdict line. */
function checkBehindFirewall(args: string[]) {
	const run = spawnSync('unshare', ['-n', 'sh', '-ec', `${SETUP} && exec "$0" "$@"`, process.execPath, cliPath, 'check', ...args, '--json', '--timeout', '2', '--ehlo', 'probe.test'], {
		encoding: 'utf8',
		env: {...process.env, NO_COLOR: '1'},
	});
	expect(run.stderr).toBe('');
	const lines = run.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	return {code: run.status, probes: lines.slice(0, -1), verdict: lines.at(-1)!.verdict as string};
}

describe('check against an ICMP reject (network namespace, nft)', () => {
	test('a network namespace with nft can be made here (root, unshare, nftables)', () => {
		const probe = spawnSync('unshare', ['-n', 'nft', 'list', 'ruleset'], {encoding: 'utf8'});
		expect(probe.error?.message ?? probe.stderr).toBe('');
		expect(probe.status).toBe(0);
	});

	test('port 25 rejected (admin-prohibited, EHOSTUNREACH) while another port of the host answers: a firewall blocking port 25, not "no route"', () => {
		const {code, probes, verdict} = checkBehindFirewall(['10.77.0.2', '--ports', '25,587']);
		expect(code).toBe(2);
		expect(probes).toMatchObject([
			{port: 25, status: 'unreachable', error: expect.stringContaining('(EHOSTUNREACH)')},
			{port: 587, status: 'refused'},
		]);
		expect(verdict).toMatch(
			/^Port 25 is rejected by a firewall while other ports get an answer from the same hosts \(an ICMP "unreachable" for that port alone, not a missing route\): your network most likely blocks outbound port 25\./,
		);
	});

	test('host-prohibited gives EHOSTUNREACH, net-prohibited ENETUNREACH: each port a firewall rejects, as another port answers', () => {
		const {probes, verdict} = checkBehindFirewall(['10.77.0.2', '--ports', '26,27,2525']);
		expect(probes).toMatchObject([
			{port: 26, status: 'unreachable', error: expect.stringContaining('(EHOSTUNREACH)')},
			{port: 27, status: 'unreachable', error: expect.stringContaining('(ENETUNREACH)')},
			{port: 2525, status: 'refused'},
		]);
		expect(verdict).toBe('No port answered with a usable 220 banner. Port 26 is rejected by a firewall; port 27 is rejected by a firewall; port 2525 is refused (nothing listens).');
	});

	test('port 25 alone: no route and a firewall cannot be told apart there, and the verdict says both, not "no network"', () => {
		const {probes, verdict} = checkBehindFirewall(['10.77.0.2:25']);
		expect(probes).toMatchObject([{port: 25, status: 'unreachable'}]);
		expect(verdict).toMatch(/^No route to 10\.77\.0\.2, or a firewall rejecting port 25: either this machine has no working network connection .*, or a firewall answers that port with an ICMP "unreachable" \(a REJECT rule\)\. To tell them apart, check a server that listens on 587: /);
	});

	test('over IPv6 the same reject comes as EACCES: unreachable, said as a firewall, not an unknown error', () => {
		const {probes, verdict} = checkBehindFirewall(['fd77::2', '--ports', '25,587']);
		expect(probes).toMatchObject([
			{port: 25, status: 'unreachable', error: 'cannot reach [fd77::2]:25: a firewall prohibits the connection (EACCES)'},
			{port: 587, status: 'refused'},
		]);
		expect(verdict).toMatch(/^Port 25 is rejected by a firewall while other ports get an answer from the same hosts/);
	});
});
