// `profile save --cert FILE --key FILE`: the paths are saved (absolute), never the key; --profile offers the
// certificate again, read each time, and a file changed since the save is named as the profile's. In-process,
// against a real smtp-server on loopback that demands a client certificate.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {runProfile} from '../../source/headless/profile.js';
import {runSend} from '../../source/headless/send.js';
import {clientCerts, testCerts, type ClientCerts} from '../helpers/certs.js';
import {startCcertPostfix} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startCertificateServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let certs: ClientCerts;
let server: TestSmtpServer & {seen: string[]};
beforeAll(async () => {
	certs = await clientCerts();
	server = await startCertificateServer(certs.ca);
});
afterAll(() => server.close());

function setup() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-cert-'));
	const file = (name: string, text: string) => {
		const target = path.join(dir, name);
		writeFileSync(target, text);
		return target;
	};
	const env = {SMTP_TUI_CONFIG_DIR: path.join(dir, 'config')};
	const run = (command: typeof runProfile, flags: Record<string, unknown>, input: string[] = []) => runInProcess(command, flags, input, {env});
	return {dir, file, env, run};
}

describe('profile --cert/--key', () => {
	test('save keeps the absolute paths, never the key; send --profile offers the certificate', async () => {
		const {file, env, run} = setup();
		const cert = file('client.pem', certs.client.cert);
		const key = file('client-key.pem', certs.client.key);
		const ca = file('ca.pem', (await testCerts()).ca);
		const saved = await run(runProfile, {host: 'localhost', port: String(server.port), starttls: true, ca, cert: path.relative(process.cwd(), cert), key}, ['save', 'relay']);
		expect(saved.out).toBe(`saved profile relay: localhost:${server.port} STARTTLS, CA ${ca}, client certificate CN=relay-client\n`);
		const stored = readFileSync(path.join(env.SMTP_TUI_CONFIG_DIR, 'profiles.json'), 'utf8');
		expect(JSON.parse(stored)).toMatchObject({profiles: [{cert, key}]});
		expect(stored).not.toContain('PRIVATE KEY');
		expect((await run(runProfile, {}, ['show', 'relay'])).out).toContain(`cert      ${cert}, key ${key}\n`);

		const sent = await run(runSend, {profile: 'relay', from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quitAfter: 'ehlo'});
		expect(sent.code, sent.out).toBe(0);
		expect(sent.out).toContain('client certificate offered if the server asks for one: CN=relay-client');
		expect(server.seen.at(-1)).toBe('relay-client');
		// --no-cert: none offered, not even the profile's (as --no-auth drops its user).
		const seen = server.seen.length;
		const without = await run(runSend, {profile: 'relay', cert: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quitAfter: 'ehlo'});
		expect(without.out).not.toContain('client certificate offered');
		expect(server.seen.length).toBe(seen);
		// The server demands one (TLS alert 116): --no-cert is to blame, not a missing --cert.
		expect(without.code, without.out).toBe(29);
		expect(without.out).toContain('none was offered (--no-cert; profile "relay" has one: CN=relay-client): leave --no-cert out');
		expect(without.out).not.toContain('give one with --cert FILE');
	});

	test('--no-cert over a profile\'s certificate, refused in SMTP (Postfix\'s 421 inside TLS): --no-cert is blamed', async () => {
		const {file, run} = setup();
		const tls = await testCerts();
		const postfix = await startCcertPostfix(tls.server, '421 4.7.1 mx.qa.test Error: No client certificate presented');
		try {
			const ca = file('ca.pem', tls.ca);
			await run(runProfile, {host: 'localhost', port: String(postfix.port), starttls: true, ca, cert: file('client.pem', certs.client.cert + certs.client.key)}, ['save', 'relay']);
			const {code, out} = await run(runSend, {profile: 'relay', cert: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test'});
			expect(code, out).toBe(29);
			expect(out).toContain(
				'inside TLS; none was offered (--no-cert; profile "relay" has one: CN=relay-client): leave --no-cert out',
			);
		} finally {
			await postfix.close();
		}
	});

	test('a key changed since the save is named as the profile\'s; a mismatched pair is never saved', async () => {
		const {file, run} = setup();
		const cert = file('client.pem', certs.client.cert);
		const key = file('client-key.pem', certs.client.key);
		await run(runProfile, {host: 'localhost', port: String(server.port), starttls: true, cert, key}, ['save', 'relay']);
		writeFileSync(key, certs.otherCa.key);
		await expect(run(runSend, {profile: 'relay', to: ['a@example.test'], quitAfter: 'ehlo'})).rejects.toThrow(`the private key in ${key} does not belong to the certificate in ${cert} (CN=relay-client): their public keys differ`);
		await expect(run(runProfile, {host: 'localhost', cert, key}, ['save', 'other'])).rejects.toThrow(/does not belong to the certificate/);
		writeFileSync(key, 'gone');
		await expect(run(runSend, {profile: 'relay', to: ['a@example.test'], quitAfter: 'ehlo'})).rejects.toThrow(`profile "relay": client key file: ${key} holds no PEM private key`);
	});
});

describe('profile save --tls-min/--tls-max', () => {
	test('--tls-min and --tls-max are refused with the reason, not saved', async () => {
		const {run} = setup();
		await expect(run(runProfile, {host: 'h.example', tlsMin: '1.0'}, ['save', 'old'])).rejects.toThrow('--tls-min is not saved in profiles: a saved TLS 1.0 or 1.1 would silently weaken every later use');
	});
});
