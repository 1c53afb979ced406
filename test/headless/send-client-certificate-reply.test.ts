// Postfix's smtpd_tls_req_ccert refuses a missing or untrusted client certificate in SMTP, not with a TLS alert: the
// handshake completes, and EHLO inside TLS gets "421 4.7.1 mx.qa.test Error: No client certificate presented". That
// is the client-certificate refusal (exit 29, not temporary, the --cert advice) in send, --json, check and the
// dashboard. A raw server on loopback speaks TLS and sends Postfix's exact replies.
import {X509Certificate} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readClientCertificate} from '../../source/headless/client-certificate-file.js';
import {runSend} from '../../source/headless/send.js';
import {clientCerts, testCerts, type TestCerts} from '../helpers/certs.js';
import {startCcertPostfix, startRawServer, type RawServer} from '../helpers/raw-server.js';
import {checkInProcess} from '../helpers/run-check.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {KEYS} from '../ui/app-harness.js';
import {defaults, startApp} from '../ui/wired-app.js';

const NO_CERTIFICATE = '421 4.7.1 mx.qa.test Error: No client certificate presented';
const NOT_TRUSTED = '421 4.7.1 mx.qa.test Error: Client certificate not trusted';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-ccert-reply-'));
let certs: TestCerts;
let ca: string;
const servers: RawServer[] = [];
beforeAll(async () => {
	certs = await testCerts();
	ca = path.join(dir, 'ca.pem');
	writeFileSync(ca, certs.ca);
});
afterAll(async () => {
	for (const server of servers) await server.close();
	rmSync(dir, {recursive: true, force: true});
});

/** Postfix with smtpd_tls_req_ccert=yes: STARTTLS, the handshake, then `reply` to EHLO inside TLS, and the close. */
async function postfix(reply: string): Promise<number> {
	const server = await startCcertPostfix(certs.server, reply);
	servers.push(server);
	return server.port;
}

const send = (port: number, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: 'localhost', port: String(port), ca, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});

describe('send: a 421 about the client certificate inside TLS', () => {
	it('none offered: the client-certificate refusal with the --cert advice, exit 29, not temporary in --json', async () => {
		const port = await postfix(NO_CERTIFICATE);
		const {code, out} = await send(port);
		expect(code, out).toBe(29);
		expect(out).toContain(
			`*** failed (tls): the server demands a client certificate: it answered ${NO_CERTIFICATE} inside TLS; none was offered: give one with --cert FILE (and --key FILE, unless the key is in that file)`,
		);
		expect(out).not.toContain('try again later');
		expect(out).toContain('the server demands a client certificate (none was presented): not temporary, the same one is refused again');
		expect(out).not.toContain('--no-starttls');
		const json = await send(port, {json: true});
		expect(json.code).toBe(29);
		const result = JSON.parse(json.out.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
		expect(JSON.stringify(result)).not.toContain('"temporary":true');
		expect(JSON.stringify(result)).toContain('"temporary":false');
	});

	it('one offered and not trusted: the certificate is named, with what to do', async () => {
		const client = await clientCerts();
		const cert = path.join(dir, 'client.pem');
		writeFileSync(cert, client.client.cert + client.client.key);
		const {code, out} = await send(await postfix(NOT_TRUSTED), {cert});
		expect(code, out).toBe(29);
		expect(out).toContain('the server refuses the client certificate (it does not trust the one offered): not temporary');
		expect(out).toContain(
			`*** failed (tls): the server refused the client certificate (CN=relay-client): it answered ${NOT_TRUSTED} inside TLS: it does not trust the certificate offered: use one from a CA the server trusts (ask its admin which), or have the server trust its issuer`,
		);
	});

	it('an expired one "not trusted": the expiry is the cause, with its date, not the CA', async () => {
		const client = await clientCerts();
		const cert = path.join(dir, 'expired.pem');
		writeFileSync(cert, client.expired.cert + client.expired.key);
		// The date year first, as a server certificate's: not OpenSSL's "Dec  6 04:23:03 2025 GMT".
		const validTo = `${new Date(new X509Certificate(client.expired.cert).validTo).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
		const {code, out} = await send(await postfix(NOT_TRUSTED), {cert});
		expect(code, out).toBe(29);
		expect(out).toContain(
			`*** failed (tls): the server refused the client certificate: it answered ${NOT_TRUSTED} inside TLS: the certificate offered (CN=old-client) expired on ${validTo}: renew it`,
		);
		expect(out).not.toContain('a CA the server trusts');
	});

	it('on port 465 (implicit TLS) the greeting is the 421: the same refusal', async () => {
		const server = await startRawServer(async peer => {
			await peer.startTls(certs.server);
			peer.end(`${NO_CERTIFICATE}\r\n`);
		});
		servers.push(server);
		const {code, out} = await send(server.port, {tls: true});
		expect(code, out).toBe(29);
		expect(out).toContain(`*** failed (tls): the server demands a client certificate: it answered ${NO_CERTIFICATE} inside TLS; none was offered`);
	});

	it('a 421 that is not about the certificate is still temporary (exit 22)', async () => {
		const {code, out} = await send(await postfix('421 4.7.0 mx.qa.test Error: too many errors'));
		expect(code, out).toBe(22);
	});
});

describe('check and the dashboard', () => {
	it('check: the port is open, and the column and verdict say the server demands a client certificate', async () => {
		const port = await postfix(NO_CERTIFICATE);
		const {code, out} = await checkInProcess(['127.0.0.1'], {ports: String(port), ca}, {timeout: '5'});
		expect(code, out).toBe(0);
		expect(out).toContain('; client certificate demanded');
		expect(out.trimEnd().split('\n').at(-1)).toContain(
			`127.0.0.1:${port} offers STARTTLS, but after the TLS handshake the server demands a client certificate: it answered ${NO_CERTIFICATE} inside TLS. smtp-tui send stops there (exit 29); check offers none (smtp-tui send does, with --cert FILE and --key FILE).`,
		);
		const json = await checkInProcess(['127.0.0.1'], {ports: String(port), ca, json: true}, {timeout: '5'});
		expect(JSON.parse(json.out.split('\n')[0]!)).toMatchObject({tls: {clientCertificate: NO_CERTIFICATE}});
	});

	it('check --tls on port 465: the 421 in place of the greeting fails TLS, for want of a client certificate, not a refusal of service', async () => {
		const server = await startRawServer(async peer => {
			await peer.startTls(certs.server);
			peer.end(`${NO_CERTIFICATE}\r\n`);
		});
		servers.push(server);
		const {code, out} = await checkInProcess([`127.0.0.1:${server.port}`], {tls: true, ca}, {timeout: '5'});
		expect(code, out).toBe(2);
		const verdict = out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toContain(
			`TLS on 127.0.0.1:${server.port} failed: the server demands a client certificate: it answered ${NO_CERTIFICATE} inside TLS, in place of a greeting; check offers none (smtp-tui send does, with --cert FILE and --key FILE).`,
		);
		expect(verdict).not.toContain('refus');
	});

	it('the dashboard: the next step says to start with --cert, or that the one offered was refused', async () => {
		const settings = {host: 'localhost', port: await postfix(NO_CERTIFICATE), security: 'starttls' as const, user: '', password: '', ehlo: 'client.test', caFile: ca};
		const app = startApp(settings, undefined, {init: {mode: 'auto', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => frame.includes('next: the server wants a client certificate: start smtp-tui with --cert FILE'), 10_000);
		const client = await clientCerts();
		const cert = path.join(dir, 'dash.pem');
		writeFileSync(cert, client.client.cert + client.client.key);
		const clientCertificate = readClientCertificate(cert, undefined, {});
		const refused = startApp({...settings, port: await postfix(NOT_TRUSTED)}, undefined, {defaults: {...defaults, clientCertificate}, init: {mode: 'auto', presenter: true}});
		await refused.press(KEYS.ctrl('s'));
		await refused.frame(frame => frame.includes('next: the server refused the client certificate (the log says why)'), 10_000);
	});

	it('the dashboard, a certificate offered and the server saying none came: the next step says it was refused, not to give one', async () => {
		const client = await clientCerts();
		const cert = path.join(dir, 'unseen.pem');
		writeFileSync(cert, client.client.cert + client.client.key);
		const clientCertificate = readClientCertificate(cert, undefined, {});
		const settings = {host: 'localhost', port: await postfix(NO_CERTIFICATE), security: 'starttls' as const, user: '', password: '', ehlo: 'client.test', caFile: ca};
		const app = startApp(settings, undefined, {defaults: {...defaults, clientCertificate}, init: {mode: 'auto', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => frame.includes('next: the server refused the client certificate (the log says why)'), 10_000);
	});

	it('the dashboard with --no-cert over a profile\'s certificate: the log and the next step blame --no-cert', async () => {
		const settings = {host: 'localhost', port: await postfix(NO_CERTIFICATE), security: 'starttls' as const, user: '', password: '', ehlo: 'client.test', caFile: ca};
		const withheldCertificate = '--no-cert; profile "relay" has one: CN=relay-client';
		const app = startApp(settings, undefined, {defaults: {...defaults, withheldCertificate}, init: {mode: 'auto', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => frame.includes('next: the server wants a client certificate: start smtp-tui again without --no-cert'), 10_000);
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text).join('\n')).toContain(`none was offered (${withheldCertificate}): leave --no-cert out`);
	});
});
