// `send` (and `talk`, whose typed STARTTLS takes the same flags) when the user's own --tls-min/--tls-max are the likely cause of a handshake the server broke off with some
// other alert than protocol_version, or a close: as the sandbox does to a TLS 1.1 client (alert 80, over the SHA-1/MD5
// signatures TLS 1.0/1.1 bring). The flag is named, with which way to move it, and never a plain-text way. A server
// that breaks off the same way when the user narrowed nothing keeps today's words. Real servers on loopback.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {greetAndEhlo, type RawPeer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {scriptedServer, tlsGreeter} from '../transport/probe-servers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-tls-refused-'));
let certs: TestCerts;
let ca: string;
beforeAll(async () => {
	certs = await testCerts();
	ca = path.join(dir, 'ca.pem');
	writeFileSync(ca, certs.ca);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const cleanup = cleanupAfterEach();
const startSandbox = sandboxPerTest();

const WITHOUT_TLS = '--no-starttls would send without TLS instead';
const OLD_TLS = 'most servers now refuse TLS 1.0 and 1.1, or the weak signatures (SHA-1, MD5) they need';
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1)!;

/** `send` in-process, STARTTLS if offered (no --starttls): where a failed handshake's summary offers --no-starttls otherwise. */
const send = (port: number, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(port), ca, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', timeout: '5', ...flags});

/**
 * Offers STARTTLS, answers it 220, reads the start of the ClientHello, then breaks off without its certificate: a
 * fatal alert `alert` (as a server that finds nothing it takes in the hello), or a close ('close').
 */
const breaksOff = (answer: number | 'close') =>
	scriptedServer(cleanup, async (peer: RawPeer) => {
		await greetAndEhlo(peer, ['STARTTLS']);
		if ((await peer.readLine()) !== 'STARTTLS') return;
		peer.write('220 2.0.0 Ready to start TLS\r\n');
		await peer.readBytes(5);
		if (answer === 'close') return peer.destroy();
		// A TLS record: type 21 (alert), TLS 1.2, two bytes: fatal (2), the alert's number.
		peer.write(Buffer.from([21, 3, 3, 0, 2, 2, answer]));
		peer.end();
	});

describe('send --tls-max below 1.2 against the sandbox (smtp-tui serve), which refuses TLS 1.1 with alert 80', () => {
	it('exit 29; the summary names --tls-max 1.1 first and says to raise it or leave it out; no --no-starttls', async () => {
		const sandbox = await startSandbox();
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(sandbox.port), '--to', 'a@example.test', '--tls-max', '1.1', '--ca', sandbox.certificate.path]);
		expect(result.code, result.stdout).toBe(29);
		expect(lastLine(result.stdout)).toBe(
			`*** failed (tls): TLS handshake with 127.0.0.1:${sandbox.port} failed: you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server refused the handshake (TLS alert 80: internal error): ${OLD_TLS}; raise --tls-max (or leave it out)`,
		);
		expect(result.stdout + result.stderr).not.toContain('--no-starttls');
		// The sandbox's own log says why: the signatures, which the words above name as the likely cause.
		const error = await sandbox.event('error');
		expect(error.code).toBe('ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM');
	});

	it('--json: the result\'s message says the same, and both flags of a range are named (--tls-min 1.0 --tls-max 1.1)', async () => {
		const sandbox = await startSandbox();
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(sandbox.port), '--to', 'a@example.test', '--tls-min', '1.0', '--tls-max', '1.1', '--ca', sandbox.certificate.path, '--json']);
		expect(result.code, result.stdout).toBe(29);
		const summary = JSON.parse(lastLine(result.stdout)) as {exitCode: number; message: string};
		expect(summary.message).toContain(
			'you allowed only TLS 1.0 to 1.1 (--tls-min 1.0 --tls-max 1.1), which is most likely why the server refused the handshake (TLS alert 80: internal error)',
		);
		expect(summary.message).toMatch(/; raise --tls-max \(or leave it out\)$/);
		expect(summary.message).not.toContain('--no-starttls');
	});
});

describe('talk --tls-max 1.1 against the sandbox: a typed STARTTLS fails the same way, in the same words', () => {
	it('exit 29; the flag is named', async () => {
		const sandbox = await startSandbox();
		const result = await runCli(['talk', '--host', '127.0.0.1', '--port', String(sandbox.port), '--tls-max', '1.1', '--ca', sandbox.certificate.path], {input: 'EHLO client.test\nSTARTTLS\n'});
		expect(result.code, result.stdout).toBe(29);
		expect(result.stdout).toContain(
			`*** TLS handshake with 127.0.0.1:${sandbox.port} failed: you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server refused the handshake (TLS alert 80: internal error): ${OLD_TLS}; raise --tls-max (or leave it out)\n`,
		);
		expect(result.stdout + result.stderr).not.toContain('--no-starttls');
	});
});

describe('send: other ways a server breaks off a handshake over the versions allowed', () => {
	it('alert 71 (insufficient security) or a close, with only TLS 1.0/1.1 allowed: the flag is named', async () => {
		const insufficient = await breaksOff(71);
		const alerted = await send(insufficient.port, {tlsMax: '1.0'});
		expect(alerted.code, alerted.out).toBe(29);
		expect(lastLine(alerted.out)).toContain(
			`failed: you allowed only TLS 1.0 (--tls-max 1.0), which is most likely why the server refused the handshake (TLS alert 71: insufficient security): ${OLD_TLS}; raise --tls-max (or leave it out)`,
		);
		const closing = await breaksOff('close');
		const closed = await send(closing.port, {tlsMax: '1.1'});
		expect(closed.code, closed.out).toBe(29);
		expect(lastLine(closed.out)).toContain(`failed: you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server closed the connection during the handshake: ${OLD_TLS}; raise --tls-max (or leave it out)`);
		expect(closed.out).not.toContain(WITHOUT_TLS);
	});

	it('--tls-min 1.3 and a handshake_failure before any certificate (a server without TLS 1.3\'s cipher suites): lower --tls-min', async () => {
		const server = await breaksOff(40);
		const {code, out} = await send(server.port, {tlsMin: '1.3'});
		expect(code, out).toBe(29);
		expect(lastLine(out)).toContain(
			'failed: you allowed only TLS 1.3 (--tls-min 1.3), which is most likely why the server refused the handshake (TLS alert 40: handshake failure): a server that offers none of TLS 1.3 may answer so; lower --tls-min (or leave it out)',
		);
		expect(out).not.toContain(WITHOUT_TLS);
	});

	it('a server with minVersion TLSv1.3 (node:tls), --tls --tls-max 1.2: no version in common, raise --tls-max', async () => {
		const port = await tlsGreeter(cleanup, {...certs.server, minVersion: 'TLSv1.3'});
		const {code, out} = await send(port, {tls: true, tlsMax: '1.2'});
		expect(code, out).toBe(29);
		expect(lastLine(out)).toContain('no TLS version in common: the server offers none of TLS 1.2; you allowed only TLS 1.2 (--tls-max 1.2): raise --tls-max (or leave it out)');
	});

	it('a server with maxVersion TLSv1.1 (node:tls), --tls --tls-max 1.0: no version in common, raise --tls-max', async () => {
		const port = await tlsGreeter(cleanup, {...certs.server, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0'});
		const {code, out} = await send(port, {tls: true, tlsMax: '1.0'});
		expect(code, out).toBe(29);
		expect(lastLine(out)).toContain('no TLS version in common: the server offers none of TLS 1.0; you allowed only TLS 1.0 (--tls-max 1.0): raise --tls-max (or leave it out)');
	});
});

describe('send: the same alerts and closes keep today\'s words where the user narrowed no version', () => {
	it('alert 80 with Node\'s default versions, with a --tls-min 1.1 (which leaves nothing out), and with --tls-max 1.2', async () => {
		const server = await breaksOff(80);
		const today = `failed: the server sent an alert (TLS alert 80: internal error): a fault on the server's side (its key, its certificate or its TLS library: its log says which), not one this client can mend; ${WITHOUT_TLS}, as swaks does by default`;
		for (const flags of [{}, {tlsMin: '1.1'}, {tlsMax: '1.2'}]) {
			const {code, out} = await send(server.port, flags);
			expect(code, out).toBe(29);
			expect(lastLine(out), JSON.stringify(flags)).toMatch(new RegExp(`${today.replace(/[()]/g, '\\$&')}$`));
		}
	});

	it('a close with Node\'s default versions: the server closed the connection, --no-starttls offered', async () => {
		const server = await breaksOff('close');
		const {code, out} = await send(server.port);
		expect(code, out).toBe(29);
		expect(lastLine(out)).toMatch(/failed: the server closed the connection during the handshake; --no-starttls would send without TLS instead, as swaks does by default$/);
	});
});
