// `send --tls-min/--tls-max`: old servers that speak only TLS 1.0/1.1 (reached only when asked, and said loudly to
// be insecure), a newest version held down to see a server's TLS 1.2, and a failure over the version that says
// which versions were allowed and which flag allows the others. Against real servers on loopback.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {testCerts} from '../helpers/certs.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {rejection} from '../helpers/usage-refusal.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-tls-versions-'));
/** STARTTLS in TLS 1.1 at most, as an old appliance (OpenSSL 3 needs security level 0 for it, on the server too). */
let old: TestSmtpServer;
/** STARTTLS in TLS 1.3 only. */
let newest: TestSmtpServer;
/** STARTTLS in Node's default versions (1.2 to 1.3). */
let current: TestSmtpServer;
let ca: string;
beforeAll(async () => {
	old = await startSmtpServer({minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0'});
	newest = await startSmtpServer({minVersion: 'TLSv1.3'});
	current = await startSmtpServer();
	ca = path.join(dir, 'ca.pem');
	writeFileSync(ca, (await testCerts()).ca);
});
afterAll(async () => {
	await Promise.all([old.close(), newest.close(), current.close()]);
	rmSync(dir, {recursive: true, force: true});
});

const send = (server: TestSmtpServer, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: 'localhost', port: String(server.port), ca, starttls: true, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quitAfter: 'ehlo', ...flags});

describe('send --tls-min/--tls-max against real servers', () => {
	it('a server that speaks only TLS 1.1: refused by default, saying which versions and which flag (exit 29)', async () => {
		const {code, out} = await send(old);
		expect(code, out).toBe(29);
		expect(out).toContain('no TLS version in common: smtp-tui allowed TLS 1.2 to 1.3, and the server speaks none of them; if it speaks only TLS 1.0 or 1.1, --tls-min 1.0 allows them (insecure)');
	});

	it('with --tls-min 1.1 it is reached, said to be insecure before connecting and again once in TLS 1.1', async () => {
		const {code, out} = await send(old, {tlsMin: '1.1'});
		expect(code, out).toBe(0);
		const warning = out.indexOf("*** INSECURE: TLS 1.1 to 1.3 allowed (--tls-min 1.1): TLS 1.0 and 1.1 have known attacks, and OpenSSL's security level is lowered to 0 for them");
		expect(warning, out).toBeGreaterThan(-1);
		expect(warning).toBeLessThan(out.indexOf('connected to'));
		expect(out).toContain('=== TLS started: TLSv1.1, ');
		expect(out).toContain('*** this session uses TLSv1.1, which is insecure (--tls-min 1.1): do not send real passwords or mail over it');
	});

	it('--tls-max 1.1 alone is named as typed, not as a --tls-min', async () => {
		const {code, out} = await send(old, {tlsMax: '1.1'});
		expect(code, out).toBe(0);
		expect(out).toContain('*** INSECURE: TLS 1.1 only allowed (--tls-max 1.1): TLS 1.0 and 1.1 have known attacks');
		expect(out).toContain('*** this session uses TLSv1.1, which is insecure (--tls-max 1.1): do not send real passwords or mail over it');
		expect(out).not.toContain('--tls-min');
	});

	it('--tls-max 1.2 against a server that speaks 1.3 too: TLS 1.2 is negotiated, and --json says so', async () => {
		const {code, out} = await send(current, {tlsMax: '1.2', json: true});
		expect(code, out).toBe(0);
		expect(out).toContain('TLS versions allowed: TLS 1.2 only (--tls-max 1.2)');
		const result = JSON.parse(out.trimEnd().split('\n').at(-1)!) as {certificate: {protocol: string}};
		expect(result.certificate.protocol).toBe('TLSv1.2');
		// Without it, the same server speaks 1.3: the flag is what changed it.
		expect((await send(current)).out).toContain('TLS started: TLSv1.3');
	});

	it('--tls-max 1.2 against a server that speaks only 1.3: the failure names the flag and says to raise it', async () => {
		const {code, out} = await send(newest, {tlsMax: '1.2'});
		expect(code, out).toBe(29);
		expect(out).toContain('no TLS version in common: the server offers none of TLS 1.2; you allowed only TLS 1.2 (--tls-max 1.2): raise --tls-max (or leave it out); if it speaks only TLS 1.0 or 1.1, --tls-min 1.0 allows them (insecure)');
	});

	it('--tls-min 1.3 to a TLS 1.2 server: the flag is blamed, and no plain-text way is suggested', async () => {
		const tls12 = await startSmtpServer({maxVersion: 'TLSv1.2'});
		try {
			// STARTTLS if offered (no --starttls): where a failed handshake's summary offers --no-starttls otherwise.
			const raised = await send(tls12, {starttls: undefined, tlsMin: '1.3'});
			expect(raised.code, raised.out).toBe(29);
			expect(raised.out).toContain('no TLS version in common: the server offers none of TLS 1.3; you allowed only TLS 1.3 (--tls-min 1.3): lower --tls-min (or leave it out)');
			expect(raised.out).not.toContain('--no-starttls');
			expect(raised.out).not.toContain('if it speaks only TLS 1.0 or 1.1');
		} finally {
			await tls12.close();
		}
	});

	it('implicit TLS too, and swaks\' spelling of a version (tlsv1_1)', async () => {
		const implicit = await startSmtpServer({secure: true, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0'});
		try {
			const {code, out} = await send(implicit, {starttls: undefined, tls: true, tlsMin: 'tlsv1_1'});
			expect(code, out).toBe(0);
			expect(out).toContain('TLS started: TLSv1.1');
		} finally {
			await implicit.close();
		}
	});
});

describe('send --tls-min/--tls-max mistakes (exit 1)', () => {
	const refused = (flags: Record<string, unknown>) => rejection(send(current, flags));

	it('names the flag and the versions it takes', async () => {
		const error = await refused({tlsMin: '1.4'});
		expect(error.message).toBe('--tls-min must be 1.0, 1.1, 1.2 or 1.3, not "1.4"');
		expect((await refused({tlsMax: 'sslv3'})).message).toBe("--tls-max sslv3: SSL is not supported (Node's OpenSSL has no SSL 2 or 3)");
	});

	it('a minimum above the maximum, and versions with no TLS', async () => {
		const crossed = await refused({tlsMin: '1.3', tlsMax: '1.2'});
		expect(crossed.message).toBe('--tls-min 1.3 is newer than --tls-max 1.2: no version is left');
		expect(crossed.hint).toBe('give --tls-min 1.2, or --tls-max 1.3; the same version in both allows that one only');
		expect((await refused({starttls: false, ca: undefined, tlsMin: '1.0'})).message).toMatch(/^--tls-min has nothing to do: with no TLS/);
	});
});
