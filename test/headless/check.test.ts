// `smtp-tui check`: real loopback listeners for each behaviour, MX through an in-memory resolver (no real DNS),
// the verdict patterns that need port 25 through checkVerdict with hand-made results.
import dns from 'node:dns';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {beforeAll, describe, expect, test} from 'vitest';
import {checkTarget, type CheckPlan} from '../../source/headless/check.js';
import {checkHelp} from '../../source/headless/check-flags.js';
import {parseTarget} from '../../source/headless/check-options.js';
import {formatPlan, formatTable, tableLayout} from '../../source/headless/check-output.js';
import {checkVerdict} from '../../source/headless/check-verdict.js';
import {UsageError} from '../../source/headless/command.js';
import type {ProbeResult, ProbeStatus} from '../../source/headless/check-probe.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {greetAndEhlo, type RawPeer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {fakeResolver} from '../transport/fake-resolver.js';
import {systemLookup} from '../../source/transport/mx.js';
import {cleanupAfterEach, closedPort, stalledListener} from '../transport/harness.js';
import {scriptedServer, tlsGreeter} from '../transport/probe-servers.js';
import {checkInProcess} from '../helpers/run-check.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});
const cleanup = cleanupAfterEach();

/** Runs `check` in-process; stdout is collected as text. */
const check = async (args: string[], flags: Record<string, unknown> = {}, terminal?: {columns: number}) => checkInProcess(args, flags, {timeout: '2', ...(terminal && {terminal})});

/** The test CA's certificate in a file of this name, for --ca. */
function testCaFile(name: string): string {
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-check-')), name);
	writeFileSync(file, certs.ca);
	return file;
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
	const error = await promise.then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(UsageError);
	return error as UsageError;
}

/** Greets and answers EHLO; STARTTLS (check goes on with it) with a handshake in the test CA's certificate; QUIT. */
const smtp = (extensions = ['STARTTLS']) =>
	scriptedServer(cleanup, async (peer: RawPeer) => {
		await greetAndEhlo(peer, extensions);
		if ((await peer.readLine()) === 'STARTTLS') {
			peer.write('220 2.0.0 go ahead\r\n');
			await peer.startTls(certs.server);
			await peer.readLine();
		}
		peer.end('221 bye\r\n');
	});
const silent = () => scriptedServer(cleanup, async () => {});

describe('runCheck: table, verdict and exit code against loopback listeners', () => {
	test('every port answers: exit 0, the plan, a row per port and the all-clear verdict', async () => {
		const [a, b] = [await smtp(), await smtp(['8BITMIME'])];
		const {code, out} = await check(['127.0.0.1'], {ports: `${a.port},${b.port}`, ca: testCaFile('ca.pem')});
		expect(code).toBe(0);
		const lines = out.split('\n');
		expect(lines[0]).toBe(`Probing ports ${a.port} and ${b.port} on 127.0.0.1 (timeout 2 s)...`);
		expect(lines[1]).toMatch(/^HOST +PORT +STATUS +TIME +BANNER \/ DETAIL +TLS$/);
		expect(lines[2]).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${a.port}  open {4}\\d+ ms +220 raw\\.test ESMTP ready  STARTTLS, TLSv1\\.3, verified \\(CN=localhost\\)$`));
		expect(lines[3]).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${b.port}  open {4}\\d+ ms +220 raw\\.test ESMTP ready  no STARTTLS$`));
		expect(lines.at(-2)).toBe(
			`Every probed port answers with a 220 banner: the server is reachable from here. 127.0.0.1:${b.port} does not offer STARTTLS: whatever is sent there, passwords included, travels unencrypted.`,
		);
	});

	test('on an 80-column terminal too narrow for the table: a line per probe, wrapped at spaces, the banner whole', async () => {
		const long = await scriptedServer(cleanup, async (peer: RawPeer) => {
			peer.write(`220 ${'mail.example.test '.repeat(6)}ESMTP ready\r\n`);
			await peer.readLine();
			peer.write('250-raw.test hello\r\n250 8BITMIME\r\n');
		});
		const {out} = await check(['127.0.0.1'], {ports: String(long.port)}, {columns: 80});
		const lines = out.split('\n');
		for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
		const probe = out.slice(out.indexOf('\n127.0.0.1') + 1, out.indexOf('\n\n'));
		expect(probe.replace(/\n {2}/g, ' ')).toMatch(new RegExp(`^127\\.0\\.0\\.1 port ${long.port} open in \\d+ ms: 220 ${'mail\\.example\\.test '.repeat(6)}ESMTP ready; no STARTTLS$`));
	});

	test('several ports without STARTTLS: the verdict says how many', async () => {
		const [a, b, c] = [await smtp(['8BITMIME']), await smtp(['8BITMIME']), await smtp(['8BITMIME'])];
		const {out} = await check(['127.0.0.1'], {ports: `${a.port},${b.port},${c.port}`});
		expect(out.split('\n').at(-2)).toContain(`127.0.0.1:${a.port} (and 2 more) does not offer STARTTLS`);
	});

	test('open, refused and silent ports side by side: a per-port summary and the silent port explained', async () => {
		const open = await smtp();
		const refused = await closedPort();
		const quiet = await silent();
		const {code, out} = await check(['127.0.0.1'], {ports: `${open.port},${refused},${quiet.port}`, timeout: '0.3'});
		expect(code).toBe(0);
		expect(out).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${refused} +refused .*connection refused by 127\\.0\\.0\\.1:${refused}`, 'm'));
		expect(out).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${quiet.port} +silent +connected, but no banner within 0\\.3 s`, 'm'));
		expect(out).toContain(
			`Port ${open.port} answers; port ${refused} is refused (nothing listens there, or a firewall rejects it); port ${quiet.port} is silent (connects, but no banner). ` +
				`127.0.0.1:${quiet.port} accepted the connection but sent no banner within 0.3 s:`,
		);
		// That port alone, not --tls, which would switch every port.
		expect(out).toContain(`holding the connection; or the port expects TLS from the first byte (try ${quiet.port}/tls in --ports).`);
	});

	test('nothing listens on any port: exit 2 and "check the host name and ports"', async () => {
		const {code, out} = await check(['127.0.0.1'], {ports: `${await closedPort()},${await closedPort()}`});
		expect(code).toBe(2);
		expect(out).toContain('Every port refused the connection: nothing listens on these ports, or a firewall rejects them. Check the host name and the ports');
	});

	test('no answer at all (SYNs dropped) on loopback: exit 2, and a local firewall or a server that takes no more connections, not "no network"', async () => {
		const stalled = await stalledListener();
		cleanup(() => stalled.stop());
		const {code, out} = await check([`127.0.0.1:${stalled.port}`], {timeout: '0.3'});
		expect(code).toBe(2);
		expect(out).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${stalled.port}  filtered`, 'm'));
		expect(out).toContain(
			"Nothing answered on any port within 0.3 s, on this machine's own loopback, where no network is in the way: a local firewall rule dropping them (iptables or nftables on lo), " +
				"or a server that no longer takes connections (its queue of new ones full: hung or overloaded). Check the server's process and its log.",
		);
		expect(out).not.toContain('working network connection');
	});

	test('a reset right after the accept: closed before banner, with the sentence for it, not "failing"', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.socket.resetAndDestroy();
		});
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(2);
		// TIME: until the reset.
		expect(out).toMatch(new RegExp(`^127\\.0\\.0\\.1  ${server.port}  closed before banner  \\d+ ms  the connection to 127\\.0\\.0\\.1:${server.port} was reset by the other side \\(ECONNRESET\\) before a complete banner$`, 'm'));
		expect(out).toContain(
			`No port answered with a usable 220 banner. Port ${server.port} is closed before the banner. 127.0.0.1:${server.port} closed the connection before its banner: ` +
				'the server may limit connections or silently refuse your address, or a firewall or antivirus in between resets it.',
		);
	});

	test("a 521 banner: RFC 7504's host that takes no mail, not a block of this machine", async () => {
		const server = await scriptedServer(cleanup, async peer => peer.write('521 5.3.2 mx.example.test does not accept mail\r\n'));
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(2);
		expect(out).toContain(
			`127.0.0.1:${server.port} answers 521 "5.3.2 mx.example.test does not accept mail": this host accepts no mail at all, from anyone (RFC 7504), not a refusal of this machine; mail for its domain goes to the hosts its MX records name, if any.`,
		);
		expect(out).not.toMatch(/will not talk to this machine|block list/);
	});

	test('a 554 banner: exit 2, the banner quoted, "your IP may be listed"', async () => {
		const server = await scriptedServer(cleanup, async peer => peer.write('554 5.7.1 Service unavailable; client [192.0.2.9] listed at zen.example\r\n'));
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(2);
		expect(out).toMatch(/service refused +\d+ ms +554 5\.7\.1 Service unavailable/);
		expect(out).toContain(
			`No port answered with a usable 220 banner. Port ${server.port} is refusing service. 127.0.0.1:${server.port} refuses service with 554 "5.7.1 Service unavailable; client [192.0.2.9] listed at zen.example": the server will not talk to this machine. If the text names a block list`,
		);
	});

	test('a 421 banner (Exim\'s connection limit): exit 2, said as temporary, with no block-list advice', async () => {
		const server = await scriptedServer(cleanup, async peer => peer.end('421 Too many concurrent SMTP connections from this IP address; please try again later\r\n'));
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(2);
		expect(out).toMatch(/service refused +\d+ ms +421 Too many concurrent SMTP connections/);
		expect(out).toContain(`Port ${server.port} is refusing service for now. 127.0.0.1:${server.port} is temporarily refusing service with 421 "Too many concurrent SMTP connections`);
		expect(out).toContain('Try again later;');
		expect(out).not.toContain('block list');
	});

	test('implicit TLS with the CA trusted (--ca): TLS ok, verified subject, exit 0', async () => {
		const port = await tlsGreeter(cleanup, certs.server);
		const caFile = testCaFile('ca.pem');
		const {code, out} = await check([`127.0.0.1:${port}`], {tls: true, ca: caFile});
		expect(code).toBe(0);
		expect(out).toMatch(/TLS ok +\d+ ms +220 tls\.test ESMTP ready +TLSv1\.3, verified \(CN=localhost\)/);
	});

	test('PORT/tls in --ports: implicit TLS on that port alone, plain SMTP with STARTTLS on the others', async () => {
		const [plain, implicit] = [await smtp(), await tlsGreeter(cleanup, certs.server)];
		const {code, out} = await check(['127.0.0.1'], {ports: `${plain.port},${implicit}/TLS`, ca: testCaFile('ca.pem')});
		expect(code).toBe(0);
		expect(out).toMatch(new RegExp(`${plain.port}  open .*STARTTLS, TLSv1\\.3, verified`));
		expect(out).toMatch(new RegExp(`${implicit}  TLS ok .*TLSv1\\.3, verified \\(CN=localhost\\)`));
		expect(checkHelp).toContain('PORT/tls');
	});

	test('implicit TLS with an untrusted certificate: TLS failed with the reason, exit 2 although a 220 came', async () => {
		const port = await tlsGreeter(cleanup, certs.selfSigned);
		const {code, out} = await check([`127.0.0.1:${port}`], {tls: true});
		expect(code).toBe(2);
		expect(out).toMatch(/TLS failed +\d+ ms +220 tls\.test ESMTP ready +TLSv1\.3, NOT verified: self-signed certificate/);
		expect(out).toContain(`TLS on 127.0.0.1:${port} failed: self-signed certificate. Do not send a password there; if it is your own server, trust its CA with --ca FILE`);
	});

	test('--ca given but not the CA of the certificate: the verdict names the file instead of suggesting --ca', async () => {
		const port = await tlsGreeter(cleanup, certs.selfSigned);
		const caFile = testCaFile('other-ca.pem');
		const {code, out} = await check([`127.0.0.1:${port}`], {tls: true, ca: caFile});
		expect(code).toBe(2);
		expect(out).toContain(`failed: self-signed certificate. Do not send a password there; the CA in ${caFile} does not vouch for it: give --ca the CA that issued it.\n`);
	});

	test('server text cannot drive the terminal: each hostile byte is escaped one way in the text, --nagios and --json, as send shows it', async () => {
		// ESC, BEL and C1's CSI as UTF-8, a bare 0x9b byte (no UTF-8), and a bidi override.
		const banner = Buffer.concat([Buffer.from('554 \x1b[2J\x1b]0;pwned\x07 \u009b2J ', 'utf8'), Buffer.from([0x9b]), Buffer.from('2J \u202egnirts go away\r\n', 'utf8')]);
		const server = await scriptedServer(cleanup, async peer => peer.write(banner));
		const escaped = '\\x1b[2J\\x1b]0;pwned\\x07 \\x9b2J \\x9b2J \\u202egnirts go away';
		const target = [`127.0.0.1:${server.port}`];
		const {out} = await check(target);
		// In the table (after the code) and in the verdict's quote alike.
		expect(out.split(escaped)).toHaveLength(3);
		expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\uFFFD]/);
		const nagios = await check(target, {nagios: true});
		expect(nagios.out).toContain(escaped);
		expect(nagios.out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\uFFFD]/);
		const json = await check(target, {json: true});
		const [probe, verdict] = json.out.trimEnd().split('\n').map(line => JSON.parse(line) as {banner?: {text: string}; verdict?: string});
		// The probe's data as received (JSON escapes it), a byte that is no UTF-8 as \xHH, as send --json gives a reply.
		expect(probe!.banner!.text).toBe('\x1b[2J\x1b]0;pwned\x07 \u009b2J \\x9b2J \u202egnirts go away');
		expect(verdict!.verdict).toContain(escaped);
	});

	test('--json: one object per probe, then the verdict with the exit code', async () => {
		const open = await smtp();
		const refused = await closedPort();
		const {code, out} = await check(['127.0.0.1'], {ports: `${open.port},${refused}`, json: true, ca: testCaFile('ca.pem')});
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatchObject({type: 'probe', host: '127.0.0.1', port: open.port, status: 'open', banner: {code: 220}, starttls: true, tls: {protocol: 'TLSv1.3', authorized: true}});
		expect(lines[1]).toMatchObject({type: 'probe', port: refused, status: 'refused'});
		expect(lines[2]).toEqual({type: 'verdict', target: '127.0.0.1', verdict: `Port ${open.port} answers; port ${refused} is refused (nothing listens there, or a firewall rejects it).`, ok: true, exitCode: 0});
	});

	test('--json: no port answers: the verdict says ok false with exit 2, as send\'s result says ok', async () => {
		const refused = await closedPort();
		const {code, out} = await check([`127.0.0.1:${refused}`], {json: true});
		expect(code).toBe(2);
		expect(JSON.parse(out.trimEnd().split('\n').at(-1)!)).toMatchObject({type: 'verdict', ok: false, exitCode: 2});
	});
});

describe('runCheck: bad input is a UsageError naming the flag (exit 1)', () => {
	test.each([
		[[], {}, 'missing TARGET: a host, host:port, a mail domain or an address'],
		[['a.test', 'b.test'], {}, 'check takes one TARGET, got 2: a.test b.test'],
		[['127.0.0.1'], {ports: '25,abc'}, '--ports: "abc" is not a port number (1 to 65535)'],
		[['127.0.0.1'], {ports: '70000'}, '--ports: "70000" is not a port number (1 to 65535)'],
		[['127.0.0.1'], {ports: ','}, '--ports needs a comma-separated list of ports, e.g. --ports 25,587'],
		[['127.0.0.1'], {ports: '25,2465/starttls'}, '--ports: "2465/starttls" is not a port number (1 to 65535)'],
		[['127.0.0.1'], {timeout: 'soon'}, '--timeout must be a number of seconds from 0.1 to 86400 (a day), not "soon"'],
		[['127.0.0.1'], {timeout: '0'}, '--timeout must be a number of seconds from 0.1 to 86400 (a day), not "0"'],
		[['127.0.0.1'], {timeout: '0.0001'}, '--timeout must be a number of seconds from 0.1 to 86400 (a day), not "0.0001"'],
		[['127.0.0.1'], {helo: ''}, '--helo is empty'],
		[['127.0.0.1'], {helo: 'evil\r\nRSET'}, '--helo: EHLO name contains a carriage return (CR) at position 5'],
		[['127.0.0.1'], {mxHosts: '0'}, '--mx-hosts must be a whole number from 1 to 50, not "0"'],
		[['127.0.0.1:2525'], {ports: '25'}, 'TARGET "127.0.0.1:2525" names port 2525 and --ports is given too'],
		[['127.0.0.1:99999'], {}, 'TARGET "127.0.0.1:99999": "99999" is not a port number (1 to 65535)'],
		[['[127.0.0.1]:25'], {}, 'TARGET "[127.0.0.1]:25": "127.0.0.1" in brackets is not an IPv6 address'],
		[['not a host'], {}, 'TARGET "not a host" is not a host name, a mail domain or an address'],
		[['h_x!.example'], {}, 'TARGET "h_x!.example" is not a host name, a mail domain or an address'],
		[['h_x!.example:25'], {}, 'TARGET "h_x!.example" is not a host name, a mail domain or an address'],
		[['you@h_x!.example'], {}, 'TARGET "you@h_x!.example" is not a host name, a mail domain or an address'],
	])('%j %j', async (args, flags, message) => {
		const error = await usageError(check(args, flags));
		expect(error.message.slice(0, message.length)).toBe(message);
	});
});

describe('parseTarget', () => {
	test('hosts, ports, IPv6 in brackets, domains and addresses', () => {
		expect(parseTarget('smtp.example.com:587')).toEqual({kind: 'host', host: 'smtp.example.com', port: 587});
		expect(parseTarget('[2001:db8::1]:25')).toEqual({kind: 'host', host: '2001:db8::1', port: 25});
		expect(parseTarget('2001:db8::1')).toEqual({kind: 'host', host: '2001:db8::1'});
		expect(parseTarget('192.0.2.1')).toEqual({kind: 'host', host: '192.0.2.1'});
		expect(parseTarget('localhost')).toEqual({kind: 'host', host: 'localhost'});
		expect(parseTarget('Example.COM')).toEqual({kind: 'domain', domain: 'example.com', address: false});
		expect(parseTarget('Example.COM', false)).toEqual({kind: 'host', host: 'example.com'});
		expect(parseTarget('you@example.org')).toEqual({kind: 'domain', domain: 'example.org', address: true});
	});
});

describe('checkTarget with MX lookups through an injected resolver', () => {
	const zone = (port?: number) => ({
		mx: {
			'example.test': [
				{exchange: 'mx4.example.test', priority: 40},
				{exchange: 'mx2.example.test', priority: 20},
				{exchange: 'mx1.example.test', priority: 10},
				{exchange: 'mx3.example.test', priority: 30},
			],
			'nomail.test': [{exchange: '', priority: 0}],
			'plain.test': dns.NODATA,
		},
		a: {'mx1.example.test': ['127.0.0.1'], 'mx3.example.test': ['127.0.0.1'], 'mx4.example.test': ['127.0.0.1'], 'plain.test': ['127.0.0.1']},
		aaaa: {'mx1.example.test': ['::1'], 'mx2.example.test': dns.NODATA, 'mx3.example.test': dns.NODATA, 'plain.test': dns.NODATA},
		...(port === undefined ? {} : {}),
	});

	test('an address: MX hosts in preference order with addresses, the first 3 probed over IPv4', async () => {
		const server = await smtp();
		const plans: CheckPlan[] = [];
		const report = await checkTarget('someone@example.test', {ports: [server.port], timeoutMs: 2000, ehloName: 'probe.test', resolver: fakeResolver(zone()), onPlan: plan => plans.push(plan)});
		expect(report.mx).toEqual({
			domain: 'example.test',
			hosts: [
				{exchange: 'mx1.example.test', priority: 10, addresses: ['127.0.0.1', '::1'], probed: true},
				{exchange: 'mx2.example.test', priority: 20, addresses: [], probed: true},
				{exchange: 'mx3.example.test', priority: 30, addresses: ['127.0.0.1'], probed: true},
				{exchange: 'mx4.example.test', priority: 40, addresses: ['127.0.0.1'], probed: false},
			],
		});
		expect(plans).toHaveLength(1);
		expect(formatPlan(plans[0]!)).toBe(
			[
				'MX for example.test (preference, host, addresses):',
				'     10  mx1.example.test  127.0.0.1, ::1',
				'     20  mx2.example.test  (no address)',
				'     30  mx3.example.test  127.0.0.1',
				'     40  mx4.example.test  127.0.0.1  (not probed, see --mx-hosts)',
				`Probing port ${server.port} on 3 hosts (timeout 2 s)...`,
				'',
			].join('\n'),
		);
		expect(report.results.map(result => [result.host, result.address, result.status])).toEqual([
			['mx1.example.test', '127.0.0.1', 'open'],
			['mx2.example.test', undefined, 'dns-failed'],
			['mx3.example.test', '127.0.0.1', 'open'],
		]);
		expect(report.results[1]!.error).toBe('mx2.example.test has no A or AAAA address');
		expect(report.exitCode).toBe(0);
		expect(report.verdict).toBe(`Port ${server.port} answers on 2 of 3 hosts.`);
		expect(server.peers).toHaveLength(2);
	});

	test('--mx-hosts changes how many MX hosts are probed', async () => {
		const server = await smtp();
		const report = await checkTarget('example.test', {ports: [server.port], timeoutMs: 2000, mxHosts: 1, resolver: fakeResolver(zone())});
		expect(report.hosts).toEqual(['mx1.example.test']);
		expect(report.mx?.hosts.filter(host => host.probed)).toHaveLength(1);
	});

	test('no MX record: the domain itself is probed (RFC 5321 §5.1), said so in the plan', async () => {
		const server = await smtp();
		const plans: CheckPlan[] = [];
		const report = await checkTarget('plain.test', {ports: [server.port], timeoutMs: 2000, resolver: fakeResolver(zone()), onPlan: plan => plans.push(plan)});
		expect(report.results).toMatchObject([{host: 'plain.test', address: '127.0.0.1', status: 'open'}]);
		expect(formatPlan(plans[0]!).split('\n')[0]).toBe('No MX record for plain.test: its own address receives mail (RFC 5321 §5.1): 127.0.0.1');
	});

	test('a null MX and a domain that does not exist: no probe, a clear verdict, exit 2', async () => {
		const nullMx = await checkTarget('nomail.test', {resolver: fakeResolver(zone())});
		expect(nullMx).toMatchObject({results: [], exitCode: 2});
		expect(nullMx.verdict).toBe('domain nomail.test does not accept mail (null MX, RFC 7505). Nobody can deliver mail to it: there is nothing to probe.');
		const missing = await checkTarget('you@exmaple.com', {resolver: fakeResolver(zone())});
		expect(missing.verdict).toBe('domain exmaple.com does not exist (NXDOMAIN): check the spelling. There is nothing to probe.');
		expect(missing.exitCode).toBe(2);
	});
});

describe('checkTarget: the implicit MX and --no-mx advice, with addresses from the system lookup', () => {
	/** DNS that knows nothing (NXDOMAIN), as a corporate LAN's DNS knows no name that only /etc/hosts has. */
	const noDns = {resolveMx: (name: string) => Promise.reject(Object.assign(new Error(`queryMx ENOTFOUND ${name}`), {code: dns.NOTFOUND})), lookupAll: systemLookup};

	test('a domain only /etc/hosts knows ("localhost" here) is its own implicit MX and is probed, as send --host reaches it', async () => {
		const server = await smtp();
		const plans: CheckPlan[] = [];
		const report = await checkTarget('ops@localhost', {ports: [server.port], timeoutMs: 2000, ehloName: 'probe.test', resolver: noDns, onPlan: plan => plans.push(plan)});
		expect(formatPlan(plans[0]!).split('\n')[0]).toMatch(/^No MX record for localhost: its own address receives mail \(RFC 5321 §5\.1\): .*127\.0\.0\.1/);
		expect(report.results).toMatchObject([{host: 'localhost', address: '127.0.0.1', status: 'open'}]);
		expect(report.exitCode).toBe(0);
	});

	test('--no-mx is suggested only where it helps: with --ports, for a bare name that resolves (null MX, failing MX query)', async () => {
		const resolver = fakeResolver({
			mx: {'nomail.test': [{exchange: '', priority: 0}], 'broken.test': dns.SERVFAIL, 'lost.test': dns.SERVFAIL},
			a: {'nomail.test': ['192.0.2.25'], 'broken.test': ['192.0.2.26']},
		});
		const verdict = async (target: string, ports?: number[]) => (await checkTarget(target, {resolver, ...(ports && {ports})})).verdict;
		expect(await verdict('nomail.test', [587])).toBe(
			'domain nomail.test does not accept mail (null MX, RFC 7505). Nobody can deliver mail to it: there is nothing to probe. To probe nomail.test (192.0.2.25) itself as a host, add --no-mx.',
		);
		expect(await verdict('broken.test', [587])).toMatch(/^MX lookup for broken\.test failed: .* To probe broken\.test \(192\.0\.2\.26\) itself as a host, add --no-mx\.$/);
		// Without --ports the question is the domain's mail; an address stays a domain with --no-mx; a name that
		// resolves nowhere is not found by probing it as a host either.
		expect(await verdict('nomail.test')).not.toContain('--no-mx');
		expect(await verdict('ops@nomail.test', [587])).not.toContain('--no-mx');
		expect(await verdict('lost.test', [587])).not.toContain('--no-mx');
		expect(await verdict('exmaple.com', [587])).toBe('domain exmaple.com does not exist (NXDOMAIN): check the spelling. There is nothing to probe.');
	});

	test("tlsPorts (the dashboard's own TLS target): that port speaks TLS from the first byte, the others stay plain", async () => {
		const tlsPort = await tlsGreeter(cleanup, certs.server);
		const plain = await smtp();
		const report = await checkTarget('127.0.0.1', {ports: [plain.port, tlsPort], tlsPorts: [tlsPort], timeoutMs: 2000, ehloName: 'probe.test', ca: certs.ca});
		expect(report.results.find(result => result.port === tlsPort)).toMatchObject({status: 'tls-ok'});
		expect(report.results.find(result => result.port === plain.port)).toMatchObject({status: 'open', starttls: true});
		// Without it, the TLS port greets nothing in clear.
		const clear = await checkTarget('127.0.0.1', {ports: [tlsPort], timeoutMs: 500, ehloName: 'probe.test'});
		expect(clear.results[0]!.status).not.toBe('tls-ok');
	});

	test('a certificate for other names: the verdict says to connect by a name it lists, not to use --ca', async () => {
		const port = await tlsGreeter(cleanup, certs.server);
		const resolver = fakeResolver({mx: {'mismatch.test': [{exchange: 'mx.mismatch.test', priority: 10}]}, a: {'mx.mismatch.test': ['127.0.0.1']}});
		const report = await checkTarget('mismatch.test', {ports: [port], timeoutMs: 2000, implicitTls: true, ca: certs.ca, resolver});
		expect(report.results).toMatchObject([{status: 'tls-failed'}]);
		expect(report.verdict).toMatch(/failed: the certificate is not valid for mx\.mismatch\.test \(it names DNS:localhost, .*\)\. Do not send a password there; connect by a name the certificate lists\.$/);
	});
});

describe('checkVerdict for the patterns that need port 25 (hand-made results)', () => {
	const result = (host: string, port: number, status: ProbeStatus, extra: Partial<ProbeResult> = {}): ProbeResult => ({host, port, status, ...extra});
	const hosts = ['mx1.example.test', 'mx2.example.test'];

	test('port 25 filtered to every host while 587 and 465 answer: outbound port 25 is blocked', () => {
		const results = hosts.flatMap(host => [result(host, 25, 'filtered'), result(host, 587, 'open', {starttls: true}), result(host, 465, 'tls-ok')]);
		expect(checkVerdict(results, [25, 587, 465], 2, 8000)).toBe(
			"Port 25 is filtered to every host while 587 and 465 answer: your network most likely blocks outbound port 25. Use submission (587 with STARTTLS, or 465) with your provider's credentials.",
		);
	});

	test('port 25 filtered on MX hosts whose other ports refuse: still a port 25 block', () => {
		const results = hosts.flatMap(host => [result(host, 25, 'filtered'), result(host, 587, 'refused'), result(host, 465, 'refused')]);
		expect(checkVerdict(results, [25, 587, 465], 2, 8000)).toMatch(/^Port 25 is filtered to every host while other ports get an answer from the same hosts: your network most likely blocks outbound port 25\./);
	});

	test('every port but 25 filtered on another host: no network, or a firewall', () => {
		const results = hosts.flatMap(host => [465, 587].map(port => result(host, port, 'filtered', {address: '192.0.2.7'})));
		expect(checkVerdict(results, [465, 587], 2, 8000)).toBe(
			'Nothing answered on any port within 8 s: either this machine has no working network connection, or a firewall drops all of these connections. Check that you are online, then try another network or a larger --timeout.',
		);
	});

	// `check gmail.com` on a network that blocks port 25: its MX hosts listen on 25 alone, so no port answers at all.
	test('every port filtered, 25 among them: a port 25 block is named beside offline, with the check that tells them apart', () => {
		const results = hosts.flatMap(host => [25, 465, 587, 2525].map(port => result(host, port, 'filtered')));
		expect(checkVerdict(results, [25, 465, 587, 2525], 2, 8000)).toBe(
			'Nothing answered on any port within 8 s. A network that blocks outbound port 25 looks like this where the host listens on port 25 alone, as mail (MX) hosts mostly do; ' +
				'so does a machine offline, or a firewall that drops all of these connections. To tell them apart, check a server that listens on 587: ' +
				"smtp-tui check smtp.gmail.com:587 (or your provider's submission server). If it answers, you are online and port 25 is most likely blocked: " +
				"use submission (587 with STARTTLS, or 465) with your provider's credentials.",
		);
	});

	// firewalld's REJECT: an ICMP admin-prohibited, which Node reports as EHOSTUNREACH, as it does a missing route.
	test('port 25 unreachable while another port of the same host answers: a firewall rejecting port 25, the block named', () => {
		const results = [result('10.77.0.2', 25, 'unreachable', {error: 'cannot reach 10.77.0.2:25: the host is unreachable (EHOSTUNREACH)'}), result('10.77.0.2', 587, 'open', {starttls: true})];
		expect(checkVerdict(results, [25, 587], 1, 8000)).toBe(
			'Port 25 is rejected by a firewall while 587 answers (an ICMP "unreachable" for that port alone, not a missing route): your network most likely blocks outbound port 25. ' +
				"Use submission (587 with STARTTLS, or 465) with your provider's credentials.",
		);
		// Dropped on one host, rejected on the other: blocked all the same.
		const mixed = [result(hosts[0]!, 25, 'filtered'), result(hosts[1]!, 25, 'unreachable'), ...hosts.map(host => result(host, 587, 'open', {starttls: true}))];
		expect(checkVerdict(mixed, [25, 587], 2, 8000)).toMatch(/^Port 25 is filtered or rejected by a firewall to every host while 587 answers \(an ICMP "unreachable" for that port alone, not a missing route\): your network most likely blocks/);
	});

	test('unreachable where no other port of that host gets through is not called a firewall: another host answering proves no route to this one', () => {
		const results = [result(hosts[0]!, 25, 'unreachable'), result(hosts[1]!, 25, 'open', {starttls: true})];
		expect(checkVerdict(results, [25], 2, 8000)).toBe('Port 25 answers on 1 of 2 hosts.');
		const other = [result(hosts[0]!, 2525, 'unreachable'), result(hosts[1]!, 587, 'open', {starttls: true})];
		expect(checkVerdict(other, [2525, 587], 2, 8000)).toMatch(/^Port 2525 is unreachable \(no route, or a firewall rejecting it\); port 587 answers\./);
	});

	// A REJECT's port-unreachable comes as the same ECONNREFUSED as a reset: the block is one possibility, not a fact.
	test('port 25 refused on every MX host while 587 answers: the block named as a possibility, not for loopback', () => {
		const results = hosts.flatMap(host => [result(host, 25, 'refused'), result(host, 587, 'open', {starttls: true})]);
		expect(checkVerdict(results, [25, 587], 2, 8000)).toBe(
			'Port 25 is refused (nothing listens there, or a firewall rejects it); port 587 answers. ' +
				'Port 25 is refused while 587 answers: nothing may listen on port 25 there, or your network blocks outbound port 25 with a REJECT rule, which looks the same. ' +
				"For a mail (MX) host, which listens on 25, the block is the likelier: use submission (587 with STARTTLS, or 465) with your provider's credentials.",
		);
		// This machine: no network in the way.
		const local = [result('localhost', 25, 'refused', {address: '127.0.0.1'}), result('localhost', 587, 'open', {address: '127.0.0.1', starttls: true})];
		expect(checkVerdict(local, [25, 587], 1, 8000)).toBe('Port 25 is refused (nothing listens there, or a firewall rejects it); port 587 answers.');
	});

	test('port 25 filtered on one host only is not called a block', () => {
		const results = [result(hosts[0]!, 25, 'filtered'), result(hosts[1]!, 25, 'open', {starttls: true}), result(hosts[0]!, 587, 'open', {starttls: true})];
		expect(checkVerdict(results, [25, 587], 2, 8000)).toBe('Port 25 answers on 1 of 2 hosts; port 587 answers.');
	});

	test('a terminal cuts only runaway server text; a file or a pipe gets it whole', () => {
		const banner = {code: 220, text: `mail.example.test ESMTP ${'x'.repeat(300)} ready`};
		const results = [result('a.test', 25, 'open', {banner} as Partial<ProbeResult>)];
		expect(formatTable(results)).toContain('…');
		expect(formatTable(results, {whole: true})).toContain(`${'x'.repeat(100)} ready`);
	});

	test('on a terminal the table only where it fits whole; else a line per probe, never cutting the TLS result; a pipe gets the table', () => {
		const terminal = (columns: number) => tableLayout(Object.assign(new PassThrough(), {isTTY: true, columns}));
		const banner = {code: 220, text: `mail.example.test ESMTP ${'x'.repeat(50)} ready`};
		const tls = {protocol: 'TLSv1.3', authorized: false, error: 'self-signed certificate in certificate chain'};
		const results = [result('127.0.0.1', 41025, 'open', {banner, starttls: true}), result('127.0.0.1', 41033, 'tls-ok', {banner, tls} as Partial<ProbeResult>)];
		const table = formatTable(results, terminal(200)).trimEnd().split('\n');
		expect(table[0]).toMatch(/^HOST +PORT/);
		expect(table[2]).toMatch(/  TLSv1\.3, NOT verified: self-signed certificate in certificate chain$/);
		for (const columns of [80, 30]) {
			const lines = formatTable(results, terminal(columns)).trimEnd().split('\n');
			expect(Math.max(...lines.filter(line => line.trim().includes(' ')).map(line => line.length))).toBeLessThanOrEqual(columns);
			expect(lines[0]).toMatch(/^127\.0\.0\.1 port 41025 open/);
			const joined = lines.join('\n').replace(/\n {2}/g, ' ');
			expect(joined).toContain('TLSv1.3, NOT verified: self-signed certificate in certificate chain');
			expect(joined).not.toContain('…');
		}
		expect(tableLayout(new PassThrough())).toEqual({whole: true});
		expect(formatTable(results, {whole: true})).toMatch(/^HOST +PORT/);
	});

	test("an error that ends its own sentence gets one full stop, not two", () => {
		const verdict = checkVerdict([result('a.test', 25, 'error', {error: 'The server sent a reply line longer than 65536 octets (70000 octets seen with no line end yet).'})], [25], 1, 8000);
		expect(verdict).toMatch(/yet\)\.$/);
		expect(verdict).not.toMatch(/\.\.$/);
	});

	test('a port that answers its banner but refuses EHLO is reachable, and the table and verdict say what failed', () => {
		const results = [result('a.test', 25, 'open', {banner: {code: 220, text: 'old ready'}, ehloProblem: 'EHLO refused: 550 5.7.1 bad HELO', ehloCode: 550})];
		expect(formatTable(results).split('\n')[1]).toMatch(/220 old ready +EHLO refused: 550 5\.7\.1 bad HELO$/);
		expect(checkVerdict(results, [25], 1, 8000)).toBe(
			'Every probed port answers with a 220 banner: the server is reachable from here. a.test:25 is reachable, but sending there may fail (EHLO refused: 550 5.7.1 bad HELO): ' +
				"some servers refuse an EHLO name they dislike (try --ehlo with this machine's real name), or this client's address; the reply's words may say which.",
		);
	});

	test('an EHLO reply that started but did not finish in time: too slow or cut off, not a name refused', () => {
		const ehloProblem = 'the reply to EHLO started ("250-mx.a.test", with no line end yet) but did not finish within 8 s';
		const results = [result('a.test', 25, 'open', {banner: {code: 220, text: 'ready'}, ehloProblem, ehloCutOff: true})];
		expect(checkVerdict(results, [25], 1, 8000)).toBe(
			`Every probed port answers with a 220 banner: the server is reachable from here. a.test:25 is reachable, but sending there may fail (${ehloProblem}): ` +
				'its reply came too slowly, or was cut off on the way (a tarpit, a slow or lossy link); try a longer --timeout (e.g. --timeout 30).',
		);
	});

	test('a silent port already spoken to in TLS gets no "try --tls" hint', () => {
		const verdict = checkVerdict([result('a.test', 465, 'silent', {tls: {protocol: 'TLSv1.3', authorized: true}})], [465], 1, 8000);
		expect(verdict).toMatch(/holding the connection\. A longer --timeout tells a slow greeting from none\. Behind a load balancer, a server waits in silence for a PROXY protocol header: try --proxy\.$/);
		expect(verdict).not.toContain('try --tls');
	});

	test('no route anywhere (or a firewall rejecting every port), and names that do not resolve', () => {
		expect(checkVerdict([result('a.test', 25, 'unreachable'), result('a.test', 587, 'unreachable')], [25, 587], 1, 8000)).toMatch(
			/^No route to a\.test, or a firewall rejecting ports 25 and 587: either this machine has no working network connection \(or no route for this address family, e\.g\. IPv6\), or a firewall answers them with an ICMP "unreachable" \(a REJECT rule\)\. To tell them apart, check a server that listens on 587: /,
		);
		const hosts2 = hosts.map(host => result(host, 587, 'unreachable'));
		expect(checkVerdict(hosts2, [587], 2, 8000)).toBe(
			'No route to any host, or a firewall rejecting port 587: either this machine has no working network connection (or no route for this address family, e.g. IPv6), or a firewall answers that port with an ICMP "unreachable" (a REJECT rule). ' +
				'Probe other ports of the host too (--ports): if one answers, a firewall rejects this one.',
		);
		expect(checkVerdict([result('a.test', 25, 'dns-failed')], [25], 1, 8000)).toMatch(/^No host name could be resolved/);
	});

	test('a certificate sent without its intermediate is an incomplete chain, not a CA that "does not vouch"', () => {
		const tls = {protocol: 'TLSv1.3', issuer: 'CN=QA-Intermediate', authorized: false, error: 'unable to verify the first certificate', problem: 'untrusted' as const};
		const verdict = checkVerdict([result('a.test', 465, 'tls-failed', {tls})], [465], 1, 8000, {ca: {file: 'root.crt'}});
		expect(verdict).toContain(
			'Do not send a password there; no CA smtp-tui trusts, the one given with --ca (root.crt) included, issued it (its issuer is CN=QA-Intermediate): ' +
				'if "CN=QA-Intermediate" is your own or a private CA, --ca names the wrong CA: give --ca the certificate of "CN=QA-Intermediate" instead; ' +
				"if it is an intermediate CA under the one given, the server's chain is incomplete: it sent its certificate without the certificate of its issuer, and should send that too " +
				'(meanwhile a --ca file that also holds "CN=QA-Intermediate" verifies).',
		);
		expect(verdict).not.toContain('does not vouch');
	});

	test('a certificate alone from a CA nobody trusts: a private CA first (servers never send the root), then an incomplete chain', () => {
		const tls = {protocol: 'TLSv1.3', issuer: 'CN=Hosting Root', authorized: false, error: 'unable to verify the first certificate', problem: 'untrusted' as const};
		const verdict = checkVerdict([result('a.test', 465, 'tls-failed', {tls})], [465], 1, 8000);
		expect(verdict).toContain(
			'Do not send a password there; no CA smtp-tui trusts issued it (its issuer is CN=Hosting Root): if "CN=Hosting Root" is your own or a private CA, use --ca FILE with its certificate; ' +
				"if it is an intermediate CA, the server's chain is incomplete: it sent its certificate without the certificate of its issuer, and should send that too (meanwhile --ca FILE with \"CN=Hosting Root\" and the root above it verifies).",
		);
		// The table names that in smtp-tui's words, not OpenSSL's "unable to verify the first certificate".
		const row = formatTable([result('a.test', 465, 'tls-failed', {banner: {code: 220, text: 'ready'}, tls})], {columns: 200}).split('\n')[1];
		expect(row).toMatch(/220 ready +TLSv1\.3, NOT verified: untrusted issuer CN=Hosting Root$/);
		expect(row).not.toContain('first certificate');
	});

	test('a 421 banner is a temporary refusal (too many connections), not a block list', () => {
		const text = 'Too many concurrent SMTP connections from this IP address; please try again later';
		const verdict = checkVerdict([result('a.test', 25, 'refused-service', {banner: {code: 421, text}})], [25], 1, 8000);
		expect(verdict).toBe(
			`No port answered with a usable 220 banner. Port 25 is refusing service for now. a.test:25 is temporarily refusing service with 421 "${text.slice(0, 79)}…": ` +
				'the server is busy or limits connections (too many from this address, or in all). ' +
				'Try again later; if it keeps happening, look for other connections from this machine that are still open, or, if the server is yours, check its connection limits (per host and in all).',
		);
		expect(verdict).not.toMatch(/block list|will not talk|submission/);
		// A 5xx keeps its own words, and each kind gets its own sentence when both come.
		const both = checkVerdict([result('a.test', 25, 'refused-service', {banner: {code: 554, text: 'listed at zen.example'}}), result('b.test', 25, 'refused-service', {banner: {code: 421, text: 'busy'}})], [25], 2, 8000);
		expect(both).toContain('Port 25 is refusing service. a.test:25 refuses service with 554 "listed at zen.example": the server will not talk to this machine. If the text names a block list');
		expect(both).toContain('b.test:25 is temporarily refusing service with 421 "busy"');
	});

	test('--ca holding only the intermediate: the root above it is needed too, not "does not vouch"', () => {
		const tls = {protocol: 'TLSv1.3', issuer: 'CN=QA-Intermediate', authorized: false, error: 'unable to get issuer certificate', problem: 'untrusted' as const};
		const verdict = checkVerdict([result('a.test', 465, 'tls-failed', {tls})], [465], 1, 8000, {ca: {file: 'int.pem'}});
		expect(verdict).toContain('if int.pem holds "CN=QA-Intermediate", that is not a root CA: give --ca a file that also holds the CA above it (its root).');
		expect(verdict).not.toContain('does not vouch');
	});

	test('a server that demands a client certificate speaks TLS: no "may not speak TLS" hint', () => {
		const error = 'TLS handshake with a.test:465 failed: the server demands a client certificate (TLS alert 116: certificate required); smtp-tui does not send one';
		const verdict = checkVerdict([result('a.test', 465, 'tls-failed', {tls: {authorized: false, error}, tlsFailure: {failure: 'alert', clientCertificate: 'demanded'}})], [465], 1, 8000);
		expect(verdict).toContain('the server demands a client certificate');
		expect(verdict).not.toContain('may not speak TLS');
	});

	test('a client certificate demanded after a handshake that got the server\'s certificate: that first, then a certificate that failed too', () => {
		const error = 'TLS handshake with a.test:465 failed: the server demands a client certificate (TLS alert 116: certificate required); smtp-tui does not send one';
		const tlsFailure = {failure: 'alert', clientCertificate: 'demanded'} as const;
		const verified = checkVerdict([result('a.test', 465, 'tls-failed', {error, tls: {protocol: 'TLSv1.3', authorized: true}, tlsFailure})], [465], 1, 8000);
		expect(verified).toContain('The TLS handshake with a.test:465 failed: the server demands a client certificate');
		expect(verified).not.toContain('password');
		const selfSigned = checkVerdict([result('a.test', 465, 'tls-failed', {error, tls: {protocol: 'TLSv1.3', authorized: false, error: 'self-signed certificate'}, tlsFailure})], [465], 1, 8000);
		expect(selfSigned).toContain('smtp-tui does not send one. Its certificate did not verify either: self-signed certificate.');
	});

	test('a TLS handshake that fails (not a certificate problem) suggests STARTTLS instead', () => {
		const results = [result('a.test', 465, 'tls-failed', {tls: {authorized: false, error: 'TLS handshake with a.test:465 failed: the server did not answer in TLS'}}), result('a.test', 587, 'open', {starttls: true})];
		expect(checkVerdict(results, [465, 587], 1, 8000)).toBe(
			'Port 465 is failing TLS; port 587 answers. The TLS handshake with a.test:465 failed: the server did not answer in TLS. The port may not speak TLS from the first byte: try 587 with STARTTLS.',
		);
	});
});

describe('the built CLI', () => {
	test('check is registered: --help explains the statuses, a missing TARGET exits 1', async () => {
		const help = await runCli(['check', '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('$ smtp-tui check TARGET [flags]');
		expect(help.stdout).toContain('filtered               no answer at all within the timeout');
		const missing = await runCli(['check']);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain('smtp-tui: missing TARGET');
		const port = await closedPort();
		const refused = await runCli(['check', `127.0.0.1:${port}`, '--ehlo', 'probe.test', '--timeout', '2']);
		expect(refused.code).toBe(2);
		expect(refused.stdout).toContain('Every port refused the connection');
	});

	test('the help text lists every flag the command accepts', () => {
		for (const flag of ['--ports', '--timeout', '--ehlo', '--ca', '--tls', '--no-mx', '--mx-hosts', '--json']) expect(checkHelp).toContain(flag);
	});
});
