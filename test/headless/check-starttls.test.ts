// `smtp-tui check` goes on with STARTTLS where EHLO offers it and verifies the certificate as `send` does: the port
// stays open (reachability), the TLS column, --json's `tls` and the verdict say what came of it. Real servers on
// loopback: smtp-server with the test certificates, raw scripted ones for a 454, a broken handshake and no reply.
// The dashboard's Ctrl+K runs the same probe without it: the offer alone, no STARTTLS sent.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {checkPanelHost} from '../../source/ui/check-action.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {greetAndEhlo, type RawPeer} from '../helpers/raw-server.js';
import {checkInProcess} from '../helpers/run-check.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {linesOf, scriptedServer} from '../transport/probe-servers.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});
const cleanup = cleanupAfterEach();

const check = async (args: string[], flags: Record<string, unknown> = {}) => checkInProcess(args, flags, {timeout: '2'});

/** The --json lines of a check. */
async function checkJson(args: string[], flags: Record<string, unknown> = {}): Promise<{code: number; lines: Array<Record<string, unknown>>}> {
	const {code, out} = await check(args, {...flags, json: true});
	return {code, lines: out.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>)};
}

/** The test CA's certificate in a file, for --ca. */
function caFile(): string {
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-check-starttls-')), 'ca.pem');
	writeFileSync(file, certs.ca);
	return file;
}

/** A real STARTTLS server (smtp-server) with this certificate, or the test CA's server certificate. */
async function mailServer(identity?: {key: string; cert: string}) {
	const server = await startSmtpServer({name: 'mx.test', ...(identity && {key: identity.key, cert: identity.cert})});
	cleanup(() => server.close());
	return server.port;
}

/** A raw server that offers STARTTLS and answers it with `answer`; then QUIT. */
const answering = (answer: (peer: RawPeer) => Promise<void>) =>
	scriptedServer(cleanup, async peer => {
		await greetAndEhlo(peer, ['STARTTLS']);
		if ((await peer.readLine()) !== 'STARTTLS') return;
		await answer(peer);
	});

const row = (out: string, port: number) => out.split('\n').find(line => line.startsWith(`127.0.0.1  ${port}  `));
const verdictOf = (out: string) => out.trimEnd().split('\n').at(-1)!;

describe('check: STARTTLS with a real server', () => {
	test('a certificate trusted through --ca: open, verified in the TLS column and in --json, the all-clear verdict, exit 0', async () => {
		const port = await mailServer();
		const ca = caFile();
		const {code, out} = await check([`127.0.0.1:${port}`], {ca});
		expect(code).toBe(0);
		expect(row(out, port)).toMatch(/^127\.0\.0\.1  \d+  open +\d+ ms +220 mx\.test ESMTP.*  STARTTLS, TLSv1\.3, verified \(CN=localhost\)$/);
		expect(verdictOf(out)).toBe('Every probed port answers with a 220 banner: the server is reachable from here.');
		const json = await checkJson([`127.0.0.1:${port}`], {ca});
		expect(json.code).toBe(0);
		expect(json.lines[0]).toMatchObject({status: 'open', starttls: true});
		expect(json.lines[0]!.tls).toEqual({protocol: 'TLSv1.3', subject: 'CN=localhost', issuer: 'CN=smtp-tui test CA', authorized: true, validTo: expect.stringMatching(/^\d{4}-.*Z$/), daysLeft: expect.any(Number)});
	});

	test('a self-signed certificate: still open with exit 0, NOT verified with the reason, and the verdict says send stops there', async () => {
		const port = await mailServer(certs.selfSigned);
		const {code, out} = await check([`127.0.0.1:${port}`]);
		expect(code).toBe(0);
		expect(row(out, port)).toMatch(/  open +\d+ ms +220 mx\.test ESMTP.*  STARTTLS, TLSv1\.3, NOT verified: self-signed certificate$/);
		expect(verdictOf(out)).toBe(
			'Every probed port answers with a 220 banner: the server is reachable from here. ' +
				`127.0.0.1:${port} offers STARTTLS, but its certificate does not verify: self-signed certificate. ` +
				'smtp-tui send stops there (exit 29), before any password or message; if it is your own server, trust its CA with --ca FILE or fix the certificate. ' +
				'With send --insecure, the rest can be tested anyway.',
		);
		const json = await checkJson([`127.0.0.1:${port}`]);
		expect(json.lines[0]).toMatchObject({status: 'open', starttls: true});
		expect(json.lines[0]!.tls).toEqual({protocol: 'TLSv1.3', subject: 'CN=localhost', issuer: 'CN=localhost', authorized: false, validTo: expect.stringMatching(/^\d{4}-.*Z$/), daysLeft: expect.any(Number), error: 'self-signed certificate', problem: 'untrusted'});
		expect(json.lines[1]).toMatchObject({type: 'verdict', ok: true, exitCode: 0});
	});

	test('a --ca that did not issue the certificate: the verdict names the file instead of suggesting --ca', async () => {
		const port = await mailServer(certs.selfSigned);
		const ca = caFile();
		const {out} = await check([`127.0.0.1:${port}`], {ca});
		expect(verdictOf(out)).toContain(`before any password or message; the CA in ${ca} does not vouch for it: give --ca the CA that issued it. With send --insecure`);
	});

	test('a server that answers 454 to STARTTLS: open, refused in the TLS column and in --json, its own sentence, QUIT in clear', async () => {
		const server = await answering(async peer => {
			peer.write('454 4.7.0 TLS not available due to local problem\r\n');
			if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
		});
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(0);
		expect(row(out, server.port)).toMatch(/  open +\d+ ms +220 raw\.test ESMTP ready  STARTTLS refused: 454 4\.7\.0 TLS not available due to local problem$/);
		expect(verdictOf(out)).toBe(
			'Every probed port answers with a 220 banner: the server is reachable from here. ' +
				`127.0.0.1:${server.port} offers STARTTLS, but refused it with 454 "4.7.0 TLS not available due to local problem": ` +
				'smtp-tui send goes on unencrypted there, with a warning (--starttls makes it stop, exit 29). ' +
				'If the server is yours, check its TLS settings: a 454 usually means it could not load its key or certificate.',
		);
		await server.peers[0]!.closed();
		expect(linesOf(server.peers[0])).toEqual(['EHLO probe.test', 'STARTTLS', 'QUIT']);
		const json = await checkJson([`127.0.0.1:${server.port}`]);
		expect(json.lines[0]!.tls).toEqual({authorized: false, error: 'STARTTLS refused: 454 4.7.0 TLS not available due to local problem', refused: {code: 454, text: '4.7.0 TLS not available due to local problem'}});
	});

	test('a 220 to STARTTLS, then no TLS: the handshake failure in its own sentence, without the advice to probe without --tls', async () => {
		const server = await answering(async peer => {
			peer.write('220 2.0.0 Ready to start TLS\r\n');
			// The client's hello (no line end), then plain text where TLS should answer.
			await new Promise(resolve => peer.socket.once('data', resolve));
			peer.write('this is not TLS at all, only plain text\r\n');
		});
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(0);
		expect(row(out, server.port)).toMatch(/  open +\d+ ms +220 raw\.test ESMTP ready  STARTTLS, handshake failed: the server did not answer in TLS after agreeing to STARTTLS$/);
		const verdict = verdictOf(out);
		expect(verdict).toBe(
			'Every probed port answers with a 220 banner: the server is reachable from here. ' +
				`127.0.0.1:${server.port} offers STARTTLS, but the TLS handshake after it failed: the server did not answer in TLS after agreeing to STARTTLS. ` +
				'smtp-tui send stops there (exit 29). If the server is yours, check its TLS setup (its key and certificate, the TLS versions and ciphers it allows).',
		);
		expect(verdict).not.toContain('--tls');
	});

	test('lines after the 220 to STARTTLS, before TLS: an injection, said as send says it', async () => {
		const server = await answering(async peer => {
			peer.write('220 2.0.0 Ready to start TLS\r\n250 2.1.0 injected\r\n');
		});
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(0);
		expect(row(out, server.port)).toMatch(/  220 raw\.test ESMTP ready  the server sent more after its 220 to STARTTLS, before TLS: a STARTTLS injection attempt \(or a broken server\)$/);
		expect(verdictOf(out)).toContain(`127.0.0.1:${server.port} offers STARTTLS, but STARTTLS failed: the server sent more after its 220 to STARTTLS, before TLS: a STARTTLS injection attempt (or a broken server). smtp-tui send stops there (exit 29).`);
	});

	test('a server that closes the connection on STARTTLS: said with the exit code send gives it (6)', async () => {
		const server = await answering(async peer => {
			peer.end();
		});
		const {code, out} = await check([`127.0.0.1:${server.port}`]);
		expect(code).toBe(0);
		expect(verdictOf(out)).toContain(`127.0.0.1:${server.port} offers STARTTLS, but STARTTLS failed: the server closed the connection after STARTTLS. smtp-tui send stops there (exit 6).`);
	});

	test('no reply to STARTTLS: bounded by --timeout, and said', async () => {
		const server = await answering(async peer => {
			await peer.closed();
		});
		const {code, out} = await check([`127.0.0.1:${server.port}`], {timeout: '0.3'});
		expect(code).toBe(0);
		expect(row(out, server.port)).toMatch(/  open +\d+ ms +220 raw\.test ESMTP ready  no reply to STARTTLS within 0\.3 s$/);
		expect(verdictOf(out)).toContain(`127.0.0.1:${server.port} offers STARTTLS, but STARTTLS failed: no reply to STARTTLS within 0.3 s. smtp-tui send stops there (exit 29).`);
	});
});

describe('the dashboard Ctrl+K probe', () => {
	const controllers: SessionController[] = [];
	afterEach(async () => {
		await Promise.all(controllers.splice(0).map(controller => controller.close()));
	});

	test('stops at the offer: STARTTLS offered in the log, and no STARTTLS is sent', async () => {
		const server = await answering(async peer => {
			peer.write('454 4.7.0 TLS not available\r\n');
		});
		const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test'});
		controllers.push(controller);
		// The panel's settings and the dashboard's defaults, as little as the probe reads of them.
		const settings = {host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'} as unknown as Parameters<typeof checkPanelHost>[1];
		await checkPanelHost(controller, settings, {checkTimeoutMs: 2000} as Parameters<typeof checkPanelHost>[2]);
		const lines = controller.getSnapshot().session.log.map(entry => entry.text);
		expect(lines.find(line => line.startsWith(`check: port ${server.port} `))).toMatch(/^check: port \d+ open in \d+ ms: 220 raw\.test ESMTP ready; STARTTLS offered$/);
		const peer = server.peers.find(candidate => candidate.received.length > 0)!;
		await peer.closed();
		expect(linesOf(peer)).toEqual(['EHLO client.test', 'QUIT']);
	});
});

describe('check: certificates that fail for different reasons', () => {
	test('each reason has its own sentence: "(and 1 more)" counts only ports whose certificate fails the same way', async () => {
		const selfSigned = [await mailServer(certs.selfSigned), await mailServer(certs.selfSigned)];
		// Signed by a CA this machine does not trust (no --ca): another reason, and another fix.
		const unknownCa = await mailServer(certs.server);
		const {code, out} = await check(['127.0.0.1'], {ports: `${selfSigned[0]},${unknownCa},${selfSigned[1]}`});
		expect(code).toBe(0);
		const verdict = verdictOf(out);
		expect(verdict).toContain(`127.0.0.1:${selfSigned[0]} (and 1 more) offers STARTTLS, but its certificate does not verify: self-signed certificate. smtp-tui send stops there (exit 29)`);
		expect(verdict).toMatch(new RegExp(`The certificate of 127\\.0\\.0\\.1:${unknownCa} does not verify either, for another reason: (?!self-signed)`));
		expect(verdict.match(/smtp-tui send stops there/g)).toHaveLength(1);
	});
});

describe('check: on a terminal too narrow for the table', () => {
	test.each([60, 80])('at %i columns: a line per probe, wrapped at spaces under itself, "NOT verified" and its reason whole', async columns => {
		const port = await mailServer(certs.selfSigned);
		const refused = await scriptedServer(cleanup, async peer => peer.end());
		const {out} = await checkInProcess([`127.0.0.1`], {ports: `${port},${refused.port}`}, {timeout: '2', terminal: {columns}});
		const lines = out.trimEnd().split('\n');
		for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
		expect(out).not.toContain('…');
		expect(out).not.toMatch(/^HOST +PORT/m);
		// The probes: each starts a line, its continuation lines are indented by two, and joined they read whole.
		const probes = out.slice(out.indexOf('...\n') + 4, out.indexOf('\n\n')).replace(/\n {2}(?=\S)/g, ' ').split('\n');
		expect(probes).toHaveLength(2);
		expect(probes[0]).toMatch(new RegExp(`^127\\.0\\.0\\.1 port ${port} open in \\d+ ms: 220 mx\\.test ESMTP.*; STARTTLS, TLSv1\\.3, NOT verified: self-signed certificate$`));
		expect(probes[1]).toMatch(new RegExp(`^127\\.0\\.0\\.1 port ${refused.port} closed before banner`));
	});

	test('piped, the table is as it was: whole, however wide', async () => {
		const port = await mailServer(certs.selfSigned);
		const {out} = await check([`127.0.0.1:${port}`]);
		expect(out).toMatch(/^HOST +PORT +STATUS/m);
		expect(row(out, port)).toMatch(/  STARTTLS, TLSv1\.3, NOT verified: self-signed certificate$/);
	});
});

describe('the built CLI', () => {
	test('the reported case: check says open with exit 0 and that the certificate does not verify, where send stops with exit 29', async () => {
		const port = await mailServer(certs.selfSigned);
		const checked = await runCli(['check', `127.0.0.1:${port}`, '--ehlo', 'probe.test', '--timeout', '5']);
		expect(checked.code).toBe(0);
		expect(checked.stdout).toMatch(/  open +\d+ ms +220 mx\.test ESMTP.*  STARTTLS, TLSv1\.3, NOT verified: self-signed certificate\n/);
		expect(checked.stdout).toContain('smtp-tui send stops there (exit 29)');
		const sent = await runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--to', 'someone@example.test', '--quit-after', 'tls', '--timeout', '5', '--quiet']);
		expect(sent.code).toBe(29);
	});
});
