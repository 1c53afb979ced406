// `smtp-tui check` cut short by Ctrl+C, SIGTERM or SIGHUP: the probes that finished are still reported, the
// others as interrupted, then a verdict that says so, exit 128 + the signal. Real loopback listeners: one that
// greets at once, one that never answers. In-process with an interruption the test gives, then the built CLI with
// real signals. Nothing waits on the clock: each signal goes once the open probe is known to have finished (its
// --json line came, or it closed its connection, which it does only once its result is in).
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {Writable} from 'node:stream';
import {describe, expect, test, vi} from 'vitest';
import {checkCommand, checkTarget} from '../../source/headless/check.js';
import {formatReport} from '../../source/headless/check-output.js';
import type {CommandIO} from '../../source/headless/command.js';
import type {ProbeResult} from '../../source/headless/check-probe.js';
import {startDnsServer} from '../helpers/dns-server.js';
import type {RawPeer} from '../helpers/raw-server.js';
import {cliPath} from '../helpers/run-cli.js';
import {cleanupAfterEach, stalledListener} from '../transport/harness.js';
import {scriptedServer} from '../transport/probe-servers.js';

const cleanup = cleanupAfterEach();

/**
 * A server that greets at once and answers EHLO, STARTTLS (454: check goes on with it, Ctrl+K's probe does not) and
 * QUIT; `done` resolves when a probe has closed its connection.
 */
async function greeter(): Promise<{port: number; done: Promise<void>}> {
	let finished: () => void = () => {};
	const done = new Promise<void>(resolve => (finished = resolve));
	const server = await scriptedServer(cleanup, async (peer: RawPeer) => {
		peer.write('220 open.test ESMTP\r\n');
		await peer.readLine();
		peer.write('250-open.test\r\n250 STARTTLS\r\n');
		if ((await peer.readLine()) === 'STARTTLS') {
			peer.write('454 4.7.0 TLS not available\r\n');
			await peer.readLine();
		}
		peer.write('221 bye\r\n');
		// The probe closes its side only after QUIT went, right before its result is taken.
		await peer.closed();
		finished();
	});
	return {port: server.port, done};
}

/** A port that accepts and never greets (a tarpit): its probe runs until the timeout. */
const mute = async () => (await scriptedServer(cleanup, async () => {})).port;

/** A filtered port: a listener whose accept queue is full, so a connection attempt hangs, as the bug report's does. */
async function filtered(): Promise<number> {
	const stalled = await stalledListener();
	cleanup(() => stalled.stop());
	return stalled.port;
}

/** Collects what is written, and tells each write as it comes. */
function collector(onWrite: (text: string) => void = () => {}): {stream: Writable; text: () => string} {
	let out = '';
	const stream = new Writable({
		write(chunk, _encoding, done) {
			out += String(chunk);
			onWrite(String(chunk));
			done();
		},
	});
	return {stream, text: () => out};
}

const jsonLines = (text: string) =>
	text
		.trimEnd()
		.split('\n')
		.map(line => JSON.parse(line) as Record<string, unknown>);

describe('checkTarget interrupted', () => {
	test('the finished probe is kept, the other reported as interrupted, the verdict says so, exit 130', async () => {
		const open = await greeter();
		const silent = await mute();
		const told: ProbeResult[] = [];
		const report = await checkTarget('127.0.0.1', {
			ports: [open.port, silent],
			timeoutMs: 30_000,
			ehloName: 'probe.test',
			interrupted: open.done.then(() => 'SIGINT' as const),
			onResult: result => told.push(result),
		});
		expect(report.exitCode).toBe(130);
		expect(report.interrupted).toBe('SIGINT');
		expect(report.results).toMatchObject([{port: open.port, status: 'open', starttls: true}]);
		expect(report.rows).toHaveLength(2);
		expect(report.rows[0]).toBe(report.results[0]);
		expect(report.rows[1]).toEqual({host: '127.0.0.1', port: silent, status: 'interrupted', error: 'not probed to the end: interrupted (Ctrl+C)'});
		expect(told).toEqual(report.results);
		expect(report.verdict).toBe(
			`Interrupted (Ctrl+C): 127.0.0.1:${silent} was not probed to the end. From the probe that finished: every probed port answers with a 220 banner: the server is reachable from here.`,
		);
		// The table has both rows, in the order of --ports.
		const lines = formatReport(report, {whole: true}).split('\n');
		expect(lines[1]).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${open.port}  open +\\d+ ms +220 open\\.test ESMTP +STARTTLS offered$`));
		expect(lines[2]).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${silent}  interrupted +not probed to the end: interrupted \\(Ctrl\\+C\\)$`));
		expect(lines.at(-2)).toBe(report.verdict);
	});

	test('Ctrl+Break (SIGBREAK, Windows) is named so, and exits 130 as Ctrl+C does', async () => {
		const port = await mute();
		const report = await checkTarget('127.0.0.1', {ports: [port], timeoutMs: 30_000, ehloName: 'probe.test', interrupted: Promise.resolve('SIGBREAK' as const)});
		expect(report).toMatchObject({exitCode: 130, interrupted: 'SIGBREAK'});
		expect(report.verdict).toMatch(/^Interrupted \(Ctrl\+Break\) before any probe finished/);
	});

	test('nothing finished: every probe interrupted, no verdict about the ports', async () => {
		const [a, b] = [await mute(), await mute()];
		const report = await checkTarget('127.0.0.1', {ports: [a, b], timeoutMs: 30_000, ehloName: 'probe.test', interrupted: Promise.resolve('SIGHUP' as const)});
		expect(report).toMatchObject({results: [], exitCode: 129, interrupted: 'SIGHUP'});
		expect(report.rows.map(row => row.status)).toEqual(['interrupted', 'interrupted']);
		expect(report.verdict).toBe(`Interrupted (SIGHUP) before any probe finished: 127.0.0.1:${a} and 127.0.0.1:${b} were not probed to the end, so there is no verdict.`);
	});
});

test('interrupted after every probe, while the domain\'s records are looked up: the verdict says that, not an empty list of probes', async () => {
	const open = await greeter();
	// MX and address answered; the TXT and TLSA queries of MTA-STS, DANE, SPF and DMARC never are.
	const dns = await startDnsServer({'example.test': {mx: [{priority: 10, exchange: 'mx.example.test'}], silent: ['TXT']}, 'mx.example.test': {a: ['127.0.0.1']}, '_mta-sts.example.test': {silent: true}, '_smtp._tls.example.test': {silent: true}, '_dmarc.example.test': {silent: true}, '_25._tcp.mx.example.test': {silent: true}});
	cleanup(() => dns.close());
	const report = await checkTarget('example.test', {ports: [open.port], timeoutMs: 30_000, ehloName: 'probe.test', dns: {address: '127.0.0.1', port: dns.port}, interrupted: open.done.then(() => 'SIGINT' as const)});
	expect(report).toMatchObject({exitCode: 130, results: [{port: open.port, status: 'open'}]});
	expect(report.verdict).toBe('Interrupted (Ctrl+C): the MTA-STS, DANE, SPF and DMARC lookups of example.test were not finished, so none is shown. From the probe that finished: every probed port answers with a 220 banner: the server is reachable from here.');
});

test('interrupted during the MX lookup: nothing probed, and the verdict says where it stopped', async () => {
	// A DNS server that never answers.
	const resolver = {resolveMx: () => new Promise<never>(() => {}), lookupAll: () => new Promise<never>(() => {})};
	const plans: unknown[] = [];
	const report = await checkTarget('you@example.test', {resolver, interrupted: Promise.resolve('SIGTERM' as const), onPlan: plan => plans.push(plan)});
	expect(report).toMatchObject({results: [], rows: [], exitCode: 143, interrupted: 'SIGTERM'});
	expect(report.verdict).toBe('Interrupted (SIGTERM) while looking up the MX hosts of example.test: nothing was probed.');
	expect(plans).toEqual([]);
});

describe('check --json interrupted, in-process', () => {
	const io = (stdout: Writable): CommandIO => ({stdout, stderr: stdout, stdin: process.stdin, env: {}});

	test('each probe line is printed as soon as it is in; then the interrupted one and the verdict with exit 143', async () => {
		const open = await greeter();
		const silent = await mute();
		let interrupt: (signal: NodeJS.Signals) => void = () => {};
		const interrupted = new Promise<NodeJS.Signals>(resolve => (interrupt = resolve));
		// The signal comes once the open probe's line is out: it was printed while the other probe still ran.
		const out = collector(() => interrupt('SIGTERM'));
		const report = await checkCommand({helo: 'probe.test', timeout: '30', ports: `${open.port},${silent}`, json: true}, ['127.0.0.1'], io(out.stream), interrupted);
		expect(report.exitCode).toBe(143);
		const lines = jsonLines(out.text());
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatchObject({type: 'probe', port: open.port, status: 'open'});
		expect(lines[1]).toEqual({type: 'probe', host: '127.0.0.1', port: silent, status: 'interrupted', error: 'not probed to the end: interrupted (SIGTERM)'});
		expect(lines[2]).toEqual({type: 'verdict', target: '127.0.0.1', verdict: report.verdict, interrupted: 'SIGTERM', ok: false, exitCode: 143});
		expect(report.verdict).toMatch(/^Interrupted \(SIGTERM\): /);
	});

	test('the lines keep the order of --ports: a probe that finished after an unfinished one is printed after it', async () => {
		const open = await greeter();
		const silent = await mute();
		const out = collector();
		const report = await checkCommand(
			{helo: 'probe.test', timeout: '30', ports: `${silent},${open.port}`, json: true},
			['127.0.0.1'],
			io(out.stream),
			open.done.then(() => 'SIGINT' as const),
		);
		expect(report.exitCode).toBe(130);
		expect(jsonLines(out.text()).map(line => [line.type, line.port, line.status])).toEqual([
			['probe', silent, 'interrupted'],
			['probe', open.port, 'open'],
			['verdict', undefined, undefined],
		]);
	});
});

describe('the built CLI interrupted', () => {
	type Run = {child: ChildProcess; stdout: () => string; stderr: () => string};
	function start(args: string[]): Run {
		const child = spawn(process.execPath, [cliPath, 'check', '127.0.0.1', '--ehlo', 'probe.test', '--timeout', '30', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', chunk => (stdout += chunk));
		child.stderr!.on('data', chunk => (stderr += chunk));
		cleanup(() => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		});
		return {child, stdout: () => stdout, stderr: () => stderr};
	}
	const exit = async (run: Run) => {
		const [code, signal] = (await once(run.child, 'close')) as [number | null, NodeJS.Signals | null];
		return {code, signal};
	};

	test('--json and Ctrl+C with a filtered port (the report): the open probe, the filtered one interrupted, the verdict; exit 130, nothing on stderr', async () => {
		const open = await greeter();
		const blocked = await filtered();
		const run = start(['--ports', `${open.port},${blocked}`, '--json']);
		await vi.waitFor(() => expect(run.stdout()).toContain('"type":"probe"'), {timeout: 20_000, interval: 20});
		run.child.kill('SIGINT');
		expect(await exit(run)).toEqual({code: 130, signal: null});
		expect(run.stderr()).toBe('');
		const lines = jsonLines(run.stdout());
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatchObject({type: 'probe', port: open.port, status: 'open'});
		expect(lines[1]).toEqual({type: 'probe', host: '127.0.0.1', port: blocked, status: 'interrupted', error: 'not probed to the end: interrupted (Ctrl+C)'});
		expect(lines[2]).toMatchObject({type: 'verdict', interrupted: 'SIGINT', ok: false, exitCode: 130});
		expect(lines[2]!.verdict).toMatch(new RegExp(`^Interrupted \\(Ctrl\\+C\\): 127\\.0\\.0\\.1:${blocked} was not probed to the end\\.`));
	});

	test('text and SIGTERM (a CI job\'s timeout): the rows and the verdict after the plan; exit 143', async () => {
		const open = await greeter();
		const silent = await mute();
		const run = start(['--ports', `${open.port},${silent}`]);
		await open.done;
		await vi.waitFor(() => expect(run.stdout()).toContain('Probing ports'), {timeout: 20_000, interval: 20});
		run.child.kill('SIGTERM');
		expect(await exit(run)).toEqual({code: 143, signal: null});
		const lines = run.stdout().split('\n');
		expect(lines[0]).toBe(`Probing ports ${open.port} and ${silent} on 127.0.0.1 (timeout 30 s)...`);
		expect(lines[2]).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${open.port}  open +\\d+ ms +220 open\\.test ESMTP +STARTTLS refused: 454 4\\.7\\.0 TLS not available$`));
		expect(lines[3]).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${silent}  interrupted +not probed to the end: interrupted \\(SIGTERM\\)$`));
		expect(lines.at(-2)).toMatch(/^Interrupted \(SIGTERM\): .* From the probe that finished: every probed port answers with a 220 banner/);
		expect(run.stderr()).toBe('');
	});

	test('SIGHUP exits 129; the same signal twice at once (the terminal\'s and the one npx forwards) still prints what finished', async () => {
		const open = await greeter();
		const silent = await mute();
		const hup = start(['--ports', `${open.port},${silent}`, '--json']);
		await vi.waitFor(() => expect(hup.stdout()).toContain('"type":"probe"'), {timeout: 20_000, interval: 20});
		hup.child.kill('SIGHUP');
		expect(await exit(hup)).toEqual({code: 129, signal: null});
		expect(jsonLines(hup.stdout()).at(-1)).toMatchObject({type: 'verdict', interrupted: 'SIGHUP', exitCode: 129});

		const twice = start(['--ports', `${open.port},${silent}`, '--json']);
		await vi.waitFor(() => expect(twice.stdout()).toContain('"type":"probe"'), {timeout: 20_000, interval: 20});
		twice.child.kill('SIGINT');
		twice.child.kill('SIGINT');
		expect((await exit(twice)).code).toBe(130);
		expect(jsonLines(twice.stdout()).map(line => line.status ?? line.type)).toEqual(['open', 'interrupted', 'verdict']);
	});
});
