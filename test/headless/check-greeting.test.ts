// `smtp-tui check` against greetings that are not one plain line: a multi-line greeting that repeats itself (Postfix
// postscreen), one whose last line comes only after a pause, --tls against a port that speaks plain SMTP, and how long the banner is waited for.
// Real loopback listeners, in-process runs.
import {describe, expect, test} from 'vitest';
import {checkHelp} from '../../source/headless/check-flags.js';
import {checkVerdict} from '../../source/headless/check-verdict.js';
import {parseCheckFlags} from '../../source/headless/check-options.js';
import type {ProbeResult} from '../../source/headless/check-probe.js';
import {replayHelp} from '../../source/ui/dashboard-flags.js';
import type {RawPeer} from '../helpers/raw-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {scriptedServer} from '../transport/probe-servers.js';
import {checkInProcess} from '../helpers/run-check.js';

const cleanup = cleanupAfterEach();

const check = async (args: string[], flags: Record<string, unknown> = {}) => checkInProcess(args, flags, {timeout: '2'});

/** The --json lines of a check. */
async function checkJson(args: string[], flags: Record<string, unknown> = {}): Promise<{code: number; lines: Array<Record<string, unknown>>}> {
	const {code, out} = await check(args, {...flags, json: true});
	return {code, lines: out.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>)};
}

const POSTSCREEN_FIRST = '220-vm ESMTP Postfix (Debian/GNU)';
const POSTSCREEN_LAST = '220 vm ESMTP Postfix (Debian/GNU)';

/** Answers EHLO (without STARTTLS: these tests are about the greeting), then QUIT. */
async function ehloAndQuit(peer: RawPeer): Promise<void> {
	await peer.readLine();
	peer.write('250-vm\r\n250 8BITMIME\r\n');
	await peer.readLine();
	peer.end('221 2.0.0 Bye\r\n');
}

describe('check: a multi-line greeting', () => {
	test('Postfix postscreen\'s two identical lines show as one banner, not the text twice', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write(`${POSTSCREEN_FIRST}\r\n${POSTSCREEN_LAST}\r\n`);
			await ehloAndQuit(peer);
		});
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code, out).toBe(0);
		expect(out).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${server.port}  open +\\d+ ms +220 vm ESMTP Postfix \\(Debian/GNU\\)  no STARTTLS$`, 'm'));
		const json = await checkJson([`127.0.0.1:${server.port}`]);
		expect(json.lines[0]).toMatchObject({status: 'open', banner: {code: 220, text: 'vm ESMTP Postfix (Debian/GNU)'}});
	});

	test('lines that differ are all kept, in order; only a repeated one is dropped', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220-mx.test ESMTP\r\n220-no UCE\r\n220 mx.test ESMTP\r\n');
			await ehloAndQuit(peer);
		});
		const json = await checkJson([`127.0.0.1:${server.port}`]);
		expect(json.lines[0]).toMatchObject({status: 'open', banner: {code: 220, text: 'mx.test ESMTP no UCE'}});
	});
});

describe('check: a greeting that starts, then pauses (Postfix postscreen greet_wait)', () => {
	const pausing = (pauseMs: number) =>
		scriptedServer(cleanup, async peer => {
			peer.write(`${POSTSCREEN_FIRST}\r\n`);
			await new Promise(resolve => setTimeout(resolve, pauseMs));
			peer.write(`${POSTSCREEN_LAST}\r\n`);
			await ehloAndQuit(peer);
		});

	test('cut off by the timeout: not "silent" but a greeting unfinished, with the line that came, what it means, no --tls hint (still exit 2)', async () => {
		const server = await pausing(5000);
		const {code, out} = await check([`127.0.0.1:${server.port}`], {timeout: '0.3'});
		expect(code).toBe(2);
		expect(out).toMatch(/ {2}greeting unfinished +the greeting started /);
		expect(out).toContain(`the greeting started ("${POSTSCREEN_FIRST}") but did not finish within 0.3 s: a greeting pause (Postfix postscreen) or a deliberate banner delay: try --timeout 30\n`);
		expect(out).toContain(
			`No port answered with a usable 220 banner. Port ${server.port} is slow to greet (its greeting began, but did not finish). ` +
				`127.0.0.1:${server.port} started its greeting ("${POSTSCREEN_FIRST}") but did not finish it within 0.3 s: a greeting pause, as Postfix's postscreen makes before the last line (postscreen_greet_wait, 6 s)`,
		);
		expect(out).toContain('or a deliberate banner delay (an Exim connect ACL\'s delay)');
		expect(out).not.toMatch(/\bsilent\b/);
		expect(out).toContain('try a longer --timeout (e.g. --timeout 30).');
		// Plain text came: the port speaks plain SMTP, so TLS from the first byte is not the explanation.
		expect(out).not.toContain('--tls');
		expect(out).not.toContain('no banner within');

		const json = await checkJson([`127.0.0.1:${server.port}`], {timeout: '0.3'});
		expect(json.code).toBe(2);
		expect(json.lines[0]).toMatchObject({
			status: 'greeting-unfinished',
			partialGreeting: POSTSCREEN_FIRST,
			error: `the greeting started ("${POSTSCREEN_FIRST}") but did not finish within 0.3 s: a greeting pause (Postfix postscreen) or a deliberate banner delay: try --timeout 30`,
		});
		expect(json.lines[0]).not.toHaveProperty('banner');
	});

	test('a first line that has not even ended yet counts as a started greeting too', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220-vm ESMTP Post');
			await peer.closed();
		});
		const json = await checkJson([`127.0.0.1:${server.port}`], {timeout: '0.3'});
		expect(json.lines[0]).toMatchObject({status: 'greeting-unfinished', partialGreeting: '220-vm ESMTP Post', greetingMidLine: true});
		// Said as what it is: a line without its end (a tarpit, a server without CRLF), not postscreen's pause.
		expect(String(json.lines[0]!.error)).toBe(
			'the greeting started ("220-vm ESMTP Post", with no line end yet) but did not finish within 0.3 s: the server stopped in the middle of a line, or sends it very slowly (a tarpit): try a longer --timeout',
		);
		expect(String(json.lines.at(-1)!.verdict)).toMatch(/with no line end yet\) but did not finish it within 0\.3 s: the server stopped in the middle of a line/);
	});

	test('nothing at all is still "no banner", with the --tls hint', async () => {
		const server = await scriptedServer(cleanup, async peer => peer.closed());
		const {out} = await check([`127.0.0.1:${server.port}`], {timeout: '0.3'});
		expect(out).toContain('connected, but no banner within 0.3 s');
		expect(out).toContain('or the port expects TLS from the first byte (try --tls).');
		expect(out).not.toContain('greeting started');
	});

	test('with a timeout longer than the pause, the whole greeting arrives: open, the banner once', async () => {
		const server = await pausing(400);
		const json = await checkJson([`127.0.0.1:${server.port}`], {timeout: '3'});
		expect(json.code).toBe(0);
		expect(json.lines[0]).toMatchObject({status: 'open', banner: {code: 220, text: 'vm ESMTP Postfix (Debian/GNU)'}, starttls: false});
		expect(json.lines[0]).not.toHaveProperty('partialGreeting');
	});
});

describe('check --tls against a port that speaks plain SMTP', () => {
	test('the verdict says "failed" once and suggests that port without --tls, not 587', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220 plain.test ESMTP ready\r\n');
			await peer.closed();
		});
		// A long timeout: the handshake fails at once on the plain banner, and a busy machine must not make it a timeout.
		const {code, out} = await check([`127.0.0.1:${server.port}`], {tls: true, timeout: '20'});
		expect(code).toBe(2);
		const verdict = out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toBe(
			`No port answered with a usable 220 banner. Port ${server.port} is failing TLS. ` +
				`The TLS handshake with 127.0.0.1:${server.port} failed: the server did not answer in TLS (it may expect plain SMTP with STARTTLS on this port). ` +
				`The port may not speak TLS from the first byte: probe port ${server.port} without --tls (plain SMTP, with STARTTLS if it offers it).`,
		);
		expect(verdict.match(/failed/g)).toHaveLength(1);
		expect(verdict).not.toContain('587');
	});

	test('a port written PORT/tls: drop /tls from that port (--tls would switch every port)', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220 plain.test ESMTP ready\r\n');
			await peer.closed();
		});
		const {code, out} = await check(['127.0.0.1'], {ports: `${server.port}/tls`, timeout: '20'});
		expect(code).toBe(2);
		const verdict = out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toContain(`The port may not speak TLS from the first byte: probe port ${server.port} without /tls (--ports ${server.port}: plain SMTP, with STARTTLS if it offers it).`);
		expect(verdict).not.toContain('--tls');
	});

	test('on port 465 the advice stays "587 with STARTTLS" (hand-made result)', () => {
		const result: ProbeResult = {host: 'a.test', port: 465, status: 'tls-failed', tls: {authorized: false, error: 'TLS handshake with a.test:465 did not finish within 8 s'}};
		expect(checkVerdict([result], [465], 1, 8000)).toBe(
			'No port answered with a usable 220 banner. Port 465 is failing TLS. The TLS handshake with a.test:465 did not finish within 8 s. ' +
				'The port may not speak TLS from the first byte: try 587 with STARTTLS.',
		);
	});
});

describe('a slow greeting', () => {
	const open = (timeToBannerMs: number): ProbeResult => ({host: 'a.test', port: 25, status: 'open', timeToBannerMs, banner: {code: 220, text: 'mx.a.test ESMTP'}});

	test('is named as the deliberate delay it is (a tarpit, a greeting pause), which send waits for', () => {
		expect(checkVerdict([open(5012)], [25], 1, 8000)).toContain(
			"a.test:25 took 5.01 s to greet: a deliberate delay, as tarpits and greeting pauses (Postfix postscreen) make to catch clients that talk too early, or the server's own slow lookups of this machine (reverse DNS, ident); smtp-tui send waits for it",
		);
	});

	test('a banner within a few seconds is no news', () => {
		expect(checkVerdict([open(800)], [25], 1, 8000)).not.toContain('to greet');
	});

	test('unfinished within --timeout 30 or more: a longer --timeout is advised, not the --timeout 30 that was given (hand-made result)', () => {
		const paused: ProbeResult = {host: 'a.test', port: 25, status: 'greeting-unfinished', partialGreeting: POSTSCREEN_FIRST};
		expect(checkVerdict([paused], [25], 1, 8000)).toContain('try a longer --timeout (e.g. --timeout 30).');
		const verdict = checkVerdict([paused], [25], 1, 30_000);
		expect(verdict).toContain('did not finish it within 30 s: a greeting pause');
		expect(verdict).toContain('try a longer --timeout.');
		expect(verdict).not.toContain('--timeout 30');
	});
});

describe('check --help and replay --help say what the code does', () => {
	const flat = (text: string) => text.replace(/\s+/g, ' ');

	test('--profile: the profile\'s security, EHLO name and CA file are used too, unless given', () => {
		expect(flat(checkHelp)).toContain('as send --profile meets them: its security (--starttls or --no-starttls; --tls on its own port only), EHLO name and CA file, unless given here');
	});

	test('TARGET: a name with a dot is looked up as a mail domain first; an IP address or a bare name is a host', () => {
		expect(checkHelp).not.toMatch(/smtp\.example\.com +a host/);
		expect(flat(checkHelp)).toContain('smtp.example.com a name with a dot is looked up as a mail domain first');
		expect(flat(checkHelp)).toContain('add --no-mx to probe the name itself as a host');
		expect(checkHelp).toMatch(/^ {4}192\.0\.2\.10, localhost +an IP address, or a name without a dot: that host/m);
	});

	test('a greeting begun and not finished has a status of its own, which says what it means', () => {
		expect(flat(checkHelp)).toContain('greeting unfinished the greeting began ("220-...") but did not end within the timeout: a greeting pause (Postfix postscreen, 6 s) or a deliberate banner delay: try a longer --timeout');
	});

	test('replay --mode lists manual, and that typed lines are not sent', () => {
		expect(flat(replayHelp)).toMatch(/manual: .*lines typed on the command line are not sent/);
	});
});

/**
 * Without --timeout the banner is waited for 30 s, as send and swaks wait: a server that greets late (Exim took 12 s on
 * first contact, its lookups of the client) is open, not silent, while the connection, TLS and replies keep 8 s.
 */
const lateGreeter = (delayMs: number) =>
	scriptedServer(cleanup, async peer => {
		await new Promise(resolve => setTimeout(resolve, delayMs));
		peer.write('220 late.test ESMTP\r\n');
		await ehloAndQuit(peer);
	});

describe('check: the banner\'s wait', () => {
	test('without --timeout, a banner that comes after 8 s is open (exit 0), and the plan line says how long the banner is waited for', async () => {
		const server = await lateGreeter(9000);
		// No --timeout flag at all: the defaults.
		const {code, out} = await checkInProcess([`127.0.0.1:${server.port}`], {timeout: undefined}, {timeout: ''});
		expect(code, out).toBe(0);
		expect(out).toContain(`Probing port ${server.port} on 127.0.0.1 (timeout 8 s, 30 s for the banner)...`);
		expect(out).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${server.port}  open +\\d+ ms +220 late\\.test ESMTP`, 'm'));
		expect(out).toMatch(/took 9(\.\d+)? s to greet: a deliberate delay, .* or the server's own slow lookups of this machine \(reverse DNS, ident\)/);
	});

	test('--timeout given is the banner\'s wait too, as before: a banner later than it is silent', async () => {
		const server = await lateGreeter(3000);
		const {code, out} = await check([`127.0.0.1:${server.port}`], {timeout: '0.5'});
		expect(code).toBe(2);
		expect(out).toContain(`Probing port ${server.port} on 127.0.0.1 (timeout 0.5 s)...`);
		expect(out).toContain(`127.0.0.1:${server.port} accepted the connection but sent no banner within 0.5 s`);
	});

	test('the options: 8 s for the rest and 30 s for the banner without --timeout; one wait with it', () => {
		expect(parseCheckFlags({}, {})).toMatchObject({timeoutMs: 8000, greetingTimeoutMs: 30_000});
		const given = parseCheckFlags({timeout: '12'}, {});
		expect(given.timeoutMs).toBe(12_000);
		expect(given).not.toHaveProperty('greetingTimeoutMs');
	});

	test('--nagios thresholds are judged against the banner\'s wait: -c 20 without --timeout is taken, -c 20 with --timeout 10 is not', () => {
		expect(parseCheckFlags({nagios: true, criticalAfter: '20'}, {}).criticalAfterMs).toBe(20_000);
		expect(() => parseCheckFlags({nagios: true, criticalAfter: '40'}, {})).toThrow("--critical-after 40 is not below the banner's wait (30 s without --timeout): no banner is waited for that long");
		expect(() => parseCheckFlags({nagios: true, criticalAfter: '20', timeout: '10'}, {})).toThrow('--critical-after 20 is not below --timeout (10 s): no banner is waited for that long');
	});
});
