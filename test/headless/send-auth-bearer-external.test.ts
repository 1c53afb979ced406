// send --auth OAUTHBEARER (RFC 7628) and --auth EXTERNAL (RFC 4422, a client certificate) against raw servers on
// loopback that check what came on the wire: the token's pairs and its ^A answer to a refusal, and "AUTH EXTERNAL ="
// over a TLS session whose client certificate the server read.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {TLSSocket} from 'node:tls';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {clientCerts, testCerts, type ClientCerts, type TestCerts} from '../helpers/certs.js';
import {greetAndEhlo, startRawServer, takeMessageAfterLogin, type RawServer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';

const TOKEN = 'ya29.a0-Secret-Token';
const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-auth-mechanisms-'));
let server: RawServer | undefined;
let certs: TestCerts;
let client: ClientCerts;
const files = {ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'client.pem'), key: path.join(dir, 'client.key')};

beforeAll(async () => {
	[certs, client] = await Promise.all([testCerts(), clientCerts()]);
	writeFileSync(files.ca, certs.ca);
	writeFileSync(files.cert, client.client.cert);
	writeFileSync(files.key, client.client.key);
});
afterEach(async () => {
	await server?.close();
	server = undefined;
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const decoded = (line: string) => Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');

describe('send --auth OAUTHBEARER', () => {
	/** Takes TOKEN; any other token gets RFC 7628's JSON error, which must be answered with ^A before the 535. */
	async function start(lines: string[]): Promise<number> {
		server = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['AUTH PLAIN OAUTHBEARER']);
			const auth = await peer.readLine();
			lines.push(auth);
			if (decoded(auth).includes(`auth=Bearer ${TOKEN}\x01`)) {
				peer.write('235 2.7.0 accepted\r\n');
				return takeMessageAfterLogin(peer);
			}
			peer.write(`334 ${Buffer.from('{"status":"invalid_token","scope":"https://mail.example/send"}').toString('base64')}\r\n`);
			lines.push(await peer.readLine());
			peer.end('535 5.7.8 token refused\r\n');
		});
		return server.port;
	}

	const send = (port: number, token: string) =>
		runInProcess(runSend, {host: '127.0.0.1', port: String(port), starttls: false, helo: 'client.test', from: 'me@example.test', to: ['a@example.test'], body: 'hi', user: 'me@example.test', auth: 'oauthbearer'}, [], {env: {SMTP_PASSWORD: token}});

	it("sends the GS2 header, host, port and the token as RFC 7628 lays them out, never shown (exit 0)", async () => {
		const lines: string[] = [];
		const port = await start(lines);
		const {code, out} = await send(port, TOKEN);
		expect(code, out).toBe(0);
		expect(decoded(lines[0]!)).toBe(`n,a=me@example.test,\x01host=127.0.0.1\x01port=${port}\x01auth=Bearer ${TOKEN}\x01\x01`);
		expect(out).not.toContain(TOKEN);
		expect(out).toContain('-> AUTH OAUTHBEARER [redacted]');
	});

	it('a refused token: the JSON error explained, ^A (AQ==) answers it, then the 535: exit 28', async () => {
		const lines: string[] = [];
		const {code, out} = await send(await start(lines), 'expired-token');
		expect(code, out).toBe(28);
		expect(lines[1]).toBe('AQ==');
		expect(out).toContain('status invalid_token: the token is expired, revoked or not valid for this server: get a fresh one; the scope it needs: https://mail.example/send');
		expect(out).not.toContain('expired-token');
	});
});

describe('send --auth EXTERNAL', () => {
	/** STARTTLS asking for a client certificate; then the AUTH line, and the certificate's name, for the test to check. */
	async function start(seen: {auth?: string; subject?: string}): Promise<number> {
		server = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 2.0.0 go ahead\r\n');
			await peer.startTls({...certs.server, requestCert: true, ca: client.ca});
			seen.subject = String((peer.socket as TLSSocket).getPeerCertificate().subject?.CN);
			await peer.readLine();
			peer.write('250-raw.test hello\r\n250 AUTH EXTERNAL PLAIN\r\n');
			seen.auth = await peer.readLine();
			peer.write('235 2.7.0 certificate accepted\r\n');
			await takeMessageAfterLogin(peer);
		});
		return server.port;
	}

	const flags = (port: number) => ({host: 'localhost', port: String(port), ca: files.ca, cert: files.cert, key: files.key, helo: 'client.test', from: 'me@example.test', to: ['a@example.test'], body: 'hi', auth: 'EXTERNAL'});

	it('without --user: "AUTH EXTERNAL =", the certificate presented in TLS, no password asked (exit 0)', async () => {
		const seen: {auth?: string; subject?: string} = {};
		const {code, out} = await runInProcess(runSend, flags(await start(seen)), [], {env: {SMTP_PASSWORD: 'unused-secret'}});
		expect(code, out).toBe(0);
		expect(seen).toEqual({auth: 'AUTH EXTERNAL =', subject: 'relay-client'});
		expect(out).toContain("logging in as the client certificate's identity (EXTERNAL)");
	});

	it('with --user: the user is the identity to act as (authzid)', async () => {
		const seen: {auth?: string; subject?: string} = {};
		const {code, out} = await runInProcess(runSend, {...flags(await start(seen)), user: 'relay@example.test'});
		expect(code, out).toBe(0);
		expect(seen.auth).toBe(`AUTH EXTERNAL ${Buffer.from('relay@example.test').toString('base64')}`);
	});

	it('refuses --password with it: EXTERNAL sends none', async () => {
		await expect(runInProcess(runSend, {...flags(1), user: 'u', password: 'p'})).rejects.toThrow('--password given with --auth EXTERNAL, which sends no password');
	});
});
