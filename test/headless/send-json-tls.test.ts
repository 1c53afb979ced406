// `send --json`: the result line says how the session was protected (`tls`: implicit, starttls or none), so a
// script that keeps only that line (`--json --quiet`) sees an opportunistic session that went in clear, which the
// transcript says only in an info line. In-process, against real SMTP servers on loopback.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {testCerts} from '../helpers/certs.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-json-tls-'));
/** Offers STARTTLS, with a certificate the test CA signed. */
let offers: TestSmtpServer;
/** Offers no STARTTLS at all. */
let plain: TestSmtpServer;
/** TLS from the first byte. */
let implicit: TestSmtpServer;
/** Offers STARTTLS with a self-signed certificate. */
let selfSigned: TestSmtpServer;
let ca: string;
beforeAll(async () => {
	const certs = await testCerts();
	offers = await startSmtpServer();
	plain = await startSmtpServer({hideSTARTTLS: true});
	implicit = await startSmtpServer({secure: true});
	selfSigned = await startSmtpServer({key: certs.selfSigned.key, cert: certs.selfSigned.cert});
	ca = path.join(dir, 'ca.pem');
	writeFileSync(ca, certs.ca);
});
afterAll(async () => {
	await Promise.all([offers.close(), plain.close(), implicit.close(), selfSigned.close()]);
	rmSync(dir, {recursive: true, force: true});
});

const send = (server: TestSmtpServer, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: 'localhost', port: String(server.port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', subject: 'Hi', body: 'Hello.', json: true, ...flags});

const resultLine = (out: string) => JSON.parse(out.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;

describe('send --json: how the session was protected', () => {
	it('an opportunistic session to a server without STARTTLS: ok, and tls none, with --quiet too', async () => {
		const before = plain.messages.length;
		const loud = await send(plain);
		expect(loud.code, loud.out).toBe(0);
		expect(resultLine(loud.out)).toMatchObject({type: 'result', ok: true, tls: 'none'});
		const quiet = await send(plain, {quiet: true});
		expect(quiet.code, quiet.out).toBe(0);
		expect(quiet.out.trimEnd().split('\n')).toHaveLength(1);
		expect(resultLine(quiet.out)).toMatchObject({type: 'result', ok: true, tls: 'none'});
		expect(plain.messages.length).toBe(before + 2);
		expect(plain.messages.at(-1)!.secure).toBe(false);
	});

	it('an opportunistic session to a server that offers STARTTLS: tls starttls', async () => {
		const {code, out} = await send(offers, {ca, quiet: true});
		expect(code, out).toBe(0);
		expect(resultLine(out)).toMatchObject({type: 'result', ok: true, tls: 'starttls', certificate: {verified: true}});
		expect(offers.messages.at(-1)!.secure).toBe(true);
	});

	it('implicit TLS (--tls): tls implicit', async () => {
		const {code, out} = await send(implicit, {ca, tls: true, quiet: true});
		expect(code, out).toBe(0);
		expect(resultLine(out)).toMatchObject({type: 'result', ok: true, tls: 'implicit'});
	});

	it('--no-starttls to a server that offers it: tls none', async () => {
		const {code, out} = await send(offers, {starttls: false, quiet: true});
		expect(code, out).toBe(0);
		expect(resultLine(out)).toMatchObject({ok: true, tls: 'none'});
	});

	it('a refused certificate (exit 29): tls none, since nothing went encrypted, beside the certificate', async () => {
		const {code, out} = await send(selfSigned, {quiet: true});
		expect(code, out).toBe(29);
		expect(resultLine(out)).toMatchObject({ok: false, stage: 'tls', tls: 'none', certificate: {verified: false}});
	});
});
