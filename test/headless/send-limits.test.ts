// `send` where the server cannot or will not take the message, run in-process against loopback servers: what the
// exit code, the stage and the --json result say (a message over SIZE, a non-ASCII recipient without SMTPUTF8,
// a 421 to RCPT, a server that stops reading the message), and where --quit-after helo stops around STARTTLS.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {testCerts} from '../helpers/certs.js';
import {greetUpToData, startRawServer} from '../helpers/raw-server.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();
const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-limits-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Runs `send` in-process; stdout and stderr are collected as one text. */
const send = (flags: Record<string, unknown>) => runInProcess(runSend, {from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});

/** The --json result line. */
async function result(flags: Record<string, unknown>): Promise<Record<string, unknown>> {
	const {out} = await send({...flags, json: true, quiet: true});
	return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

async function sandbox(overrides: Parameters<typeof startTestSandbox>[0] = {}) {
	const started = await startTestSandbox(overrides);
	cleanup(() => started.close());
	return {host: '127.0.0.1', port: String(started.port), starttls: false};
}

describe('send: refused before MAIL, from what EHLO told', () => {
	it('a message over the SIZE the server advertises: exit 23 (MAIL), said as a size, and no MAIL goes', async () => {
		const target = await sandbox({maxSize: 500});
		const line = await result({...target, body: 'x'.repeat(2000)});
		expect(line).toMatchObject({exitCode: 23, stage: 'mail'});
		expect(line.message).toMatch(/^failed \(mail\): the message is about [\d,]+ bytes and the server accepts at most 500 \(SIZE in its EHLO reply\): it was not sent; --ignore-size sends it anyway, to see the server refuse it$/);
		const {out} = await send({...target, body: 'x'.repeat(2000)});
		expect(out).not.toMatch(/^ -> MAIL/m);
	});

	it('with --ignore-size, a message over SIZE goes as swaks sends it (MAIL without SIZE=), and the server refuses it: exit 26', async () => {
		const target = await sandbox({maxSize: 500});
		const {code, out} = await send({...target, body: 'x'.repeat(2000), ignoreSize: true});
		// Said before the MAIL line: never between a command and its reply.
		expect(out).toMatch(
			/^=== warning: the message is about [\d,]+ bytes and the server accepts at most 500 \(SIZE in its EHLO reply\): sent anyway \(--ignore-size\); this MAIL leaves SIZE= out, so the server judges it after the message\n -> MAIL FROM:<me@example\.test>\n<- {2}250 2\.1\.0 /m,
		);
		expect(out).toMatch(/^<\*\* 552 /m);
		expect(code).toBe(26);
	});

	it('with --quit-after rcpt (or mail), a message over SIZE still tests the envelope: MAIL without SIZE=, RCPT, exit 0, and a warning', async () => {
		const target = await sandbox({maxSize: 500});
		const {code, out} = await send({...target, body: 'x'.repeat(2000), quitAfter: 'rcpt'});
		expect(code).toBe(0);
		expect(out).toMatch(
			/^=== warning: the message is about [\d,]+ bytes and the server accepts at most 500 \(SIZE in its EHLO reply\): sending it would fail at MAIL \(exit 23\); this MAIL leaves SIZE= out, to test the envelope \(--quit-after\)\n -> MAIL FROM:<me@example\.test>\n<- {2}250 2\.1\.0 /m,
		);
		expect(out).toMatch(/^ -> RCPT TO:<a@example\.test>$/m);
		expect(out).toMatch(/stopped after RCPT \(--quit-after\): nothing was sent; every recipient was accepted$/m);
		expect(await result({...target, body: 'x'.repeat(2000), quitAfter: 'mail'})).toMatchObject({ok: true, exitCode: 0});
		// A message that fits: SIZE= goes as a real send would declare it, and nothing is said.
		const fits = await send({...target, body: 'x', quitAfter: 'rcpt'});
		expect(fits.out).toMatch(/^ -> MAIL FROM:<me@example\.test> SIZE=\d+$/m);
		expect(fits.out).not.toMatch(/warning: the message is about/);
	});

	it('a non-ASCII recipient to a server without SMTPUTF8: exit 24 (RCPT), naming the recipient', async () => {
		const server = await startSmtpServer({hideSTARTTLS: true, hideSMTPUTF8: true});
		cleanup(() => server.close());
		const line = await result({host: '127.0.0.1', port: String(server.port), to: ['ünï@x.test']});
		expect(line).toMatchObject({
			exitCode: 24,
			stage: 'rcpt',
			message: 'failed (rcpt): the recipient ünï@x.test has non-ASCII characters, but the server does not offer SMTPUTF8 (RFC 6531): only "ünï", before the @, needs it: use an address that is ASCII there; nothing was sent',
		});
	});
});

describe('send: a server that gives up mid-transaction', () => {
	it('a 421 to RCPT keeps its code in the result\'s recipients; one never asked for is listed too, as null', async () => {
		const target = await sandbox();
		const line = await result({...target, to: ['friend@example.test', 'bye@example.test', 'after@example.test']});
		expect(line).toMatchObject({exitCode: 24, stage: 'rcpt'});
		expect(line.recipients).toEqual([
			{address: 'friend@example.test', accepted: true, code: 250, enhanced: '2.1.5', text: 'Accepted'},
			{address: 'bye@example.test', accepted: false, code: 421, enhanced: '4.3.2', text: 'smtp-tui.localhost closing the connection (bye@ recipe)'},
			{address: 'after@example.test', accepted: null, code: null, enhanced: null, text: null},
		]);
		// The reply that ended the session, as data: a script retries a temporary one without reading the prose.
		expect(line.reply).toEqual({code: 421, enhanced: '4.3.2', text: 'smtp-tui.localhost closing the connection (bye@ recipe)', temporary: true});
	});

	it('a server that stops reading the message: exit 25 (DATA), how much went, and that it was not delivered', async () => {
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			// Never reads again: the socket buffers fill, and the client can write no more.
			peer.socket.pause();
			await peer.closed();
		});
		cleanup(() => server.close());
		// Far more than loopback's socket buffers hold.
		const file = path.join(dir, 'big.eml');
		writeFileSync(file, `Subject: big\r\n\r\n${`${'x'.repeat(98)}\r\n`.repeat(400_000)}`);
		const line = await result({host: '127.0.0.1', port: String(server.port), data: `@${file}`, timeout: '1'});
		expect(line).toMatchObject({exitCode: 25, stage: 'data'});
		expect(line.message).toMatch(/^failed \(data\): nothing more of the message left this machine for 10 s: the link or the server stalled; [\d,]+ of about 40,000,016 bytes were handed to the network, and it was not delivered$/);
	});
});

describe('send --quit-after helo against a STARTTLS server', () => {
	it('stops after the EHLO inside TLS, as swaks does; first-helo after the first', async () => {
		const server = await startSmtpServer();
		cleanup(() => server.close());
		const ca = path.join(dir, 'ca.pem');
		writeFileSync(ca, (await testCerts()).ca);
		const {code, out} = await send({host: 'localhost', port: String(server.port), ca, quitAfter: 'helo'});
		expect(code, out).toBe(0);
		const sent = out.split('\n').filter(text => /^ [-~]> /.test(text));
		expect(sent).toEqual([' -> EHLO client.test', ' -> STARTTLS', ' ~> EHLO client.test', ' ~> QUIT']);
		// first-helo (swaks) and first-ehlo: the first EHLO, before STARTTLS.
		for (const quitAfter of ['first-helo', 'first-ehlo']) {
			const first = await send({host: 'localhost', port: String(server.port), ca, quitAfter});
			expect(first.code, first.out).toBe(0);
			expect(first.out.split('\n').filter(text => /^ [-~]> /.test(text))).toEqual([' -> EHLO client.test', ' -> QUIT']);
		}
	});
});
