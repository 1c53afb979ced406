// `smtp-tui check` against a real firewall REJECT: the built CLI runs in a network namespace of its own (unshare -n,
// which needs root), whose nft rules answer chosen ports of 10.77.0.2 / fd77::2 with an ICMP "unreachable", as
// firewalld's and RHEL's REJECT rules do. CI runs as root and installs nftables (.ci/run): no namespace is a failure,
// not a skip.
import {spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {cliPath} from '../helpers/run-cli.js';

/**
 * The namespace's loopback carries the addresses; each rule rejects one port its own way. 10.77.0.3 is a host whose
 * port 25 a REJECT's default (port-unreachable) answers, and where a sandbox can listen on 587.
 */
const SETUP = [
	'ip link set lo up',
	'ip addr add 10.77.0.2/32 dev lo',
	'ip addr add 10.77.0.3/32 dev lo',
	'ip addr add fd77::2/128 dev lo',
	'nft add table inet t',
	"nft add chain inet t in '{ type filter hook input priority 0; }'",
	// iptables' default REJECT, and the commonest: Linux reports it as ECONNREFUSED, as it does a reset.
	'nft add rule inet t in ip daddr 10.77.0.3 tcp dport 25 reject with icmp type port-unreachable',
	'nft add rule inet t in tcp dport 25 reject with icmpx admin-prohibited',
	'nft add rule inet t in tcp dport 26 reject with icmp type host-prohibited',
	'nft add rule inet t in tcp dport 27 reject with icmp type net-prohibited',
	'nft add rule inet t in tcp dport 28 reject with icmp type port-unreachable',
	'nft add rule inet t in tcp dport 465 reject with icmpx admin-prohibited',
].join(' && ');

/**
 * With a sandbox on 10.77.0.3:587 (a port that answers), started and waited for, and stopped after the check: the
 * check's exit code is the script's. `$1` is the CLI.
 */
const WITH_SANDBOX =
	'"$0" "$1" serve --port 587 --listen 10.77.0.3 --no-starttls >"$SANDBOX_LOG" 2>&1 & pid=$!; ' +
	'until grep -qs "^ready:" "$SANDBOX_LOG"; do kill -0 $pid; sleep 0.05; done; ' +
	'rc=0; "$0" "$@" || rc=$?; kill $pid; exit $rc';

/** `check ARGS --timeout 2` in a fresh namespace (`sandbox`: with a server on 10.77.0.3:587): exit code and output. */
function checkInNamespace(args: string[], options: {sandbox?: boolean} = {}) {
	const state = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-firewall-'));
	const run = spawnSync('unshare', ['-n', 'sh', '-ec', `${SETUP} && ${options.sandbox ? WITH_SANDBOX : 'exec "$0" "$@"'}`, process.execPath, cliPath, 'check', ...args, '--timeout', '2', '--ehlo', 'probe.test'], {
		encoding: 'utf8',
		env: {...process.env, NO_COLOR: '1', SMTP_TUI_STATE_DIR: state, SANDBOX_LOG: path.join(state, 'sandbox.log')},
		timeout: 60_000,
	});
	expect(run.stderr).toBe('');
	return {code: run.status, stdout: run.stdout};
}

/** `check ARGS --json` in a fresh namespace: its exit code, probe lines and verdict line. */
function checkBehindFirewall(args: string[], options: {sandbox?: boolean} = {}) {
	const {code, stdout} = checkInNamespace([...args, '--json'], options);
	const lines = stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	return {code, probes: lines.slice(0, -1), verdict: lines.at(-1)!.verdict as string};
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
		// The system's words stay in `error`; `detail` says what the verdict and the text row say.
		expect(probes).toMatchObject([
			{port: 25, status: 'unreachable', error: expect.stringContaining('(EHOSTUNREACH)'), detail: 'rejected: an ICMP "unreachable" for this port (EHOSTUNREACH)'},
			{port: 587, status: 'refused'},
		]);
		expect(probes[1]).not.toHaveProperty('detail');
		expect(verdict).toMatch(
			/^Port 25 is rejected by a firewall while other ports get an answer from the same hosts \(an ICMP "unreachable" for that port alone, not a missing route\): your network most likely blocks outbound port 25\./,
		);
	});

	test('host-prohibited gives EHOSTUNREACH, net-prohibited ENETUNREACH: each port a firewall rejects, as another port answers', () => {
		const {probes, verdict} = checkBehindFirewall(['10.77.0.2', '--ports', '26,27,2525']);
		expect(probes).toMatchObject([
			{port: 26, status: 'unreachable', error: expect.stringContaining('(EHOSTUNREACH)'), detail: 'rejected: an ICMP "unreachable" for this port (EHOSTUNREACH)'},
			{port: 27, status: 'unreachable', error: expect.stringContaining('(ENETUNREACH)'), detail: 'rejected: an ICMP "unreachable" for this port (ENETUNREACH)'},
			{port: 2525, status: 'refused'},
		]);
		expect(verdict).toBe(
			'No port answered with a usable 220 banner. Port 26 is rejected by a firewall; port 27 is rejected by a firewall; port 2525 is refused (nothing listens there, or a firewall rejects it).',
		);
	});

	test('port 25 alone: no route and a firewall cannot be told apart there, and the verdict says both, not "no network"', () => {
		const {probes, verdict} = checkBehindFirewall(['10.77.0.2:25']);
		expect(probes).toMatchObject([{port: 25, status: 'unreachable'}]);
		// No other port to judge by: no firewall's words.
		expect(probes[0]).not.toHaveProperty('detail');
		expect(verdict).toMatch(/^No route to 10\.77\.0\.2, or a firewall rejecting port 25: either this machine has no working network connection .*, or a firewall answers that port with an ICMP "unreachable" \(a REJECT rule\)\. To tell them apart, check a server that listens on 587: /);
	});

	test('port-unreachable (a REJECT\'s default) is a refusal to Linux: the row and the verdict say a firewall may reject it', () => {
		const {probes, verdict} = checkBehindFirewall(['10.77.0.2:28']);
		expect(probes).toMatchObject([{port: 28, status: 'refused', error: 'connection refused by 10.77.0.2:28 (nothing listens there, or a firewall rejects it)'}]);
		expect(verdict).toBe('Every port refused the connection: nothing listens on these ports, or a firewall rejects them. Check the host name and the ports (a typo, the wrong host, or a server that is down).');
	});

	test('465 rejected (admin-prohibited) and 25 port-unreachable while 587 answers: the rows say what the verdict says', () => {
		const {code, stdout} = checkInNamespace(['10.77.0.3', '--ports', '25,465,587'], {sandbox: true});
		expect(code).toBe(0);
		expect(stdout).toMatch(/^10\.77\.0\.3  25    refused      +connection refused by 10\.77\.0\.3:25 \(nothing listens there, or a firewall rejects it\)$/m);
		expect(stdout).toMatch(/^10\.77\.0\.3  465   unreachable  +rejected: an ICMP "unreachable" for this port \(EHOSTUNREACH\)$/m);
		expect(stdout).toMatch(/^10\.77\.0\.3  587   open /m);
		expect(stdout).toContain(
			'Port 25 is refused (nothing listens there, or a firewall rejects it); port 465 is rejected by a firewall; port 587 answers. ' +
				'Port 25 is refused while 587 answers: nothing may listen on port 25 there, or your network blocks outbound port 25 with a REJECT rule, which looks the same. ' +
				"For a mail (MX) host, which listens on 25, the block is the likelier: use submission (587 with STARTTLS, or 465) with your provider's credentials.",
		);
	});

	test('over IPv6 the same reject comes as EACCES: unreachable, said as a firewall, not an unknown error', () => {
		const {probes, verdict} = checkBehindFirewall(['fd77::2', '--ports', '25,587']);
		expect(probes).toMatchObject([
			{port: 25, status: 'unreachable', error: 'cannot reach [fd77::2]:25: a firewall prohibits the connection (EACCES)', detail: 'rejected: an ICMP "unreachable" for this port (EACCES)'},
			{port: 587, status: 'refused'},
		]);
		expect(verdict).toMatch(/^Port 25 is rejected by a firewall while other ports get an answer from the same hosts/);
	});
});
