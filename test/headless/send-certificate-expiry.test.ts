// send says how close the server's certificate is to its end, and names a CA certificate of its chain that runs out
// first: in the transcript's certificate lines and in the --json result's `certificate`. In-process, against real
// SMTP servers on loopback whose STARTTLS certificates were made here with dates days away.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {expiringCerts} from '../helpers/certs.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-certificate-expiry-'));
let in5: TestSmtpServer;
let in40: TestSmtpServer;
let shortChain: TestSmtpServer;
let ca: string;
beforeAll(async () => {
	const certs = await expiringCerts();
	[in5, in40, shortChain] = await Promise.all([certs.in5, certs.in40, certs.shortIntermediate].map(identity => startSmtpServer({key: identity.key, cert: identity.cert})));
	ca = path.join(dir, 'root.pem');
	writeFileSync(ca, certs.root);
});
afterAll(async () => {
	await Promise.all([in5, in40, shortChain].map(server => server?.close()));
	rmSync(dir, {recursive: true, force: true});
});

const send = (server: TestSmtpServer, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: 'localhost', port: String(server.port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ca, quitAfter: 'tls', ...flags});

const resultOf = (out: string) => JSON.parse(out.trimEnd().split('\n').at(-1)!) as {certificate: Record<string, unknown>};

describe('send: how close the certificate is to its end', () => {
	it('5 days left: the transcript says so beside the date, --json has daysLeft', async () => {
		const {code, out} = await send(in5);
		expect(code, out).toBe(0);
		expect(out).toMatch(/certificate: CN=localhost, issued by CN=QA Root CA, valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, 5 days left\n/);
		expect(out).not.toContain('certificate chain:');
		const json = await send(in5, {json: true});
		expect(resultOf(json.out).certificate).toMatchObject({verified: true, daysLeft: 5});
		expect(resultOf(json.out).certificate).not.toHaveProperty('chainExpiry');
	});

	it('40 days left, outside the 30 days in which renewal is due: the date alone; daysLeft in --json all the same', async () => {
		const {code, out} = await send(in40);
		expect(code, out).toBe(0);
		expect(out).toMatch(/valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n/);
		expect(out).not.toContain('days left');
		expect(resultOf((await send(in40, {json: true})).out).certificate).toMatchObject({daysLeft: 40});
	});

	it('an intermediate that runs out before the certificate: a line of its own naming it, and chainExpiry in --json', async () => {
		const {code, out} = await send(shortChain);
		expect(code, out).toBe(0);
		expect(out).toMatch(/certificate chain: the intermediate CA "CN=QA Intermediate" expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(5 days left\), before the server's own certificate\n/);
		const {certificate} = resultOf((await send(shortChain, {json: true})).out);
		expect(certificate).toMatchObject({daysLeft: 40, chainExpiry: {subject: 'CN=QA Intermediate', daysLeft: 5, root: false}});
	});
});
