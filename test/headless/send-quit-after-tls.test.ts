// `send --quit-after tls` (swaks: tls, first-tls) stops right after the STARTTLS handshake, before the EHLO that
// follows it, as swaks does (EHLO, STARTTLS, QUIT); `ehlo` (swaks: helo) still stops after that EHLO. In-process,
// against a real SMTP server on loopback that offers STARTTLS.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {testCerts} from '../helpers/certs.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-quit-after-tls-'));
let server: TestSmtpServer;
let ca: string;
beforeAll(async () => {
	server = await startSmtpServer();
	ca = path.join(dir, 'ca.pem');
	writeFileSync(ca, (await testCerts()).ca);
});
afterAll(async () => {
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const send = (flags: Record<string, unknown>) =>
	runInProcess(runSend, {host: 'localhost', port: String(server.port), ca, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});

/** The lines the client sent, with their transcript markers (`~>` inside TLS). */
const sentLines = (out: string) => out.split('\n').filter(text => /^ [-~]> /.test(text));

describe('send --quit-after tls against a STARTTLS server', () => {
	it.each(['tls', 'TLS', 'first-tls'])('--quit-after %s: EHLO, STARTTLS, then QUIT at once inside TLS (no second EHLO), exit 0', async quitAfter => {
		const {code, out} = await send({quitAfter});
		expect(code, out).toBe(0);
		expect(sentLines(out)).toEqual([' -> EHLO client.test', ' -> STARTTLS', ' ~> QUIT']);
		expect(out).toMatch(/^=== TLS started: /m);
		expect(out).toMatch(/^=== stopped after TLS \(--quit-after\): nothing was sent$/m);
		expect(server.messages).toEqual([]);
	});

	it('--json: the result line is a success (exit 0), and the log shows QUIT right after the handshake', async () => {
		const {code, out} = await send({quitAfter: 'tls', json: true});
		expect(code, out).toBe(0);
		const lines = out.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		const sent = lines.filter(line => line.type === 'log' && line.kind === 'sent').map(line => `${line.tls === true ? '~>' : '->'} ${String(line.text)}`);
		expect(sent).toEqual(['-> EHLO client.test', '-> STARTTLS', '~> QUIT']);
		expect(lines.at(-1)).toMatchObject({type: 'result', ok: true, exitCode: 0, message: 'stopped after TLS (--quit-after): nothing was sent'});
	});

	it('--quit-after ehlo still stops after the EHLO inside TLS (swaks: helo)', async () => {
		const {code, out} = await send({quitAfter: 'ehlo'});
		expect(code, out).toBe(0);
		expect(sentLines(out)).toEqual([' -> EHLO client.test', ' -> STARTTLS', ' ~> EHLO client.test', ' ~> QUIT']);
	});
});

describe('send --help', () => {
	it('says where tls and ehlo stop', async () => {
		const {sendHelp} = await import('../../source/headless/send-flags.js');
		expect(sendHelp.replace(/\s+/g, ' ')).toContain('as in swaks, tls quits right after the STARTTLS handshake, ehlo after the EHLO inside TLS');
	});
});
