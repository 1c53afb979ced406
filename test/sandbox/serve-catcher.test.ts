// `serve` as a developer's local mail catcher (in place of Mailpit): real client libraries in their default
// configuration, what start-up says is kept, and the accepted event a test script finds its message by.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/headless/command.js';
import {serve} from '../../source/headless/serve.js';
import {describeEvent} from '../../source/headless/serve-output.js';
import {serveHelp} from '../../source/headless/serve-flags.js';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import type {SandboxEvent} from '../../source/sandbox/events.js';
import {captureIO} from './helpers/capture-io.js';
import {RawClient} from './helpers/raw-client.js';
import {certificateDir, sandboxPerTest} from './helpers/sandbox.js';
import {waitFor} from './helpers/wait.js';

const start = sandboxPerTest();

const message = {from: 'app@example.test', to: 'user@example.test', subject: 'Welcome', text: 'Hello\n'};

/** A client library as an application configures it: host and port, nothing about TLS. */
const defaultTransport = (port: number) => nodemailer.createTransport({host: '127.0.0.1', port});

/** serve() with the given flags until `stop`; its output as text or JSON lines. */
async function startServe(flags: Record<string, unknown>) {
	const capture = captureIO();
	const options = parseServeFlags({port: '0', ...flags}, []);
	options.settings.certificateDir = certificateDir;
	let stop!: () => void;
	const exit = serve(options, capture.io, new Promise<void>(resolve => (stop = resolve)));
	await waitFor(() => /ready/.test(capture.out()), 'the ready line');
	return {...capture, stop: () => (stop(), exit)};
}

describe('serve --no-starttls', () => {
	it('lets a client library in its default configuration deliver, where the offered STARTTLS fails it', async () => {
		// The default: nodemailer takes up the offer and rejects the self-signed certificate.
		const offering = await start();
		await expect(defaultTransport(offering.port).sendMail(message)).rejects.toThrow(/self-signed certificate/);
		const plain = await start({starttls: false});
		const info = await defaultTransport(plain.port).sendMail(message);
		expect(info.response).toMatch(/^250 2\.6\.0 Ok: queued as 1$/);
		expect(plain.mailbox.record(1)?.session.tls).toBe(false);
	});

	it('leaves STARTTLS out of the EHLO reply, and refuses the command with the reason', async () => {
		const sandbox = await start({starttls: false});
		const client = await sandbox.client({ehlo: false});
		expect((await client.command('EHLO me.example')).text).not.toContain('STARTTLS');
		expect(await client.command('STARTTLS')).toMatchObject({code: 502, text: '5.5.1 STARTTLS is off on this server (--no-starttls)'});
		// The session goes on in clear.
		expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		client.end();
	});

	it('is refused with --require-tls, which needs STARTTLS; --tls-port goes with it', () => {
		let thrown: unknown;
		try {
			parseServeFlags({starttls: false, requireTls: true}, []);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(UsageError);
		expect((thrown as UsageError).message).toBe('--no-starttls and --require-tls cannot be used together');
		expect(parseServeFlags({starttls: false, tlsPort: '2465'}, []).settings).toMatchObject({starttls: false, tlsPort: 2465});
		expect(serveHelp).toContain('    --no-starttls ');
	});

	// A client that is not on loopback needs a second address on this machine.
	const external = Object.values(os.networkInterfaces())
		.flat()
		.find(address => address && !address.internal && address.family === 'IPv4')?.address;

	it.runIf(external !== undefined)('tells a client not on loopback that AUTH needs TLS, not to send a STARTTLS it cannot', async () => {
		const sandbox = await start({listen: external, starttls: false});
		const client = await RawClient.connect(sandbox.port, external);
		await client.reply();
		await client.command('EHLO me.example');
		expect(await client.command(`AUTH PLAIN ${Buffer.from('\0demo\0demo').toString('base64')}`)).toMatchObject({code: 530, text: '5.7.0 AUTH only over TLS, and STARTTLS is off on this server (--no-starttls)'});
		client.end();
	});

	it('says in the start-up warning for a non-loopback address where such clients can log in', async () => {
		const none = await startServe({listen: '0.0.0.0', starttls: false});
		expect(await none.stop()).toBe(0);
		expect(none.err()).toContain('(no AUTH for them: it needs TLS, and STARTTLS is off)');
		const implicit = await startServe({listen: '0.0.0.0', starttls: false, tlsPort: '0'});
		expect(await implicit.stop()).toBe(0);
		expect(implicit.err()).toContain('(AUTH only on the --tls-port for them)');
	});

	it('still gives TLS on the implicit-TLS port', async () => {
		const sandbox = await start({starttls: false, tlsPort: 0});
		const client = await RawClient.connectTls(sandbox.listeners[1]!.port, sandbox.certificate.pem);
		expect((await client.reply()).code).toBe(220);
		client.end();
	});

	it('is said in the listening line, and in --json as starttls false; the implicit-TLS listener stays', async () => {
		const text = await startServe({starttls: false, tlsPort: '0'});
		expect(await text.stop()).toBe(0);
		expect(text.out()).toMatch(/^listening on 127\.0\.0\.1:\d+ \(SMTP, no STARTTLS: --no-starttls\)\nlistening on 127\.0\.0\.1:\d+ \(SMTPS, implicit TLS\)\n/);
		const json = await startServe({starttls: false, json: true});
		expect(await json.stop()).toBe(0);
		expect(JSON.parse(json.out().split('\n')[0]!)).toMatchObject({type: 'listening', kind: 'smtp', starttls: false});
	});
});

describe('serve: what is kept', () => {
	it('--help promises no message kept without --save-dir', () => {
		expect(serveHelp).not.toContain('Every accepted message is kept');
		expect(serveHelp).toContain('Only --save-dir keeps');
	});

	it('with --save-dir, no "not saved" line: the saving line instead', async () => {
		const served = await startServe({saveDir: mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-catcher-'))});
		expect(await served.stop()).toBe(0);
		expect(served.out()).toMatch(/\nsaving messages to .+ \(none there yet\), the next is 1\n/);
		expect(served.out()).not.toContain('not saved');
	});

	it('says how many messages the folder holds, not only the newest --keep listed in memory', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-catcher-'));
		const earlier = await start({saveDir: dir, starttls: false});
		for (let n = 0; n < 3; n++) await defaultTransport(earlier.port).sendMail(message);
		await earlier.close();
		const text = await startServe({saveDir: dir, keep: '2'});
		expect(await text.stop()).toBe(0);
		expect(text.out()).toContain(`\nsaving messages to ${dir} (3 there, the newest 2 read), the next is 4\n`);
		const json = await startServe({saveDir: dir, keep: '2', json: true});
		expect(await json.stop()).toBe(0);
		const mailbox = json.out().split('\n').map(line => JSON.parse(line || '{}') as {type?: string}).find(line => line.type === 'mailbox');
		expect(mailbox).toEqual({type: 'mailbox', saveDir: dir, found: 3, loaded: 2, skipped: 0, nextId: 4});
		writeFileSync(path.join(dir, '3.json'), 'not JSON');
		const unreadable = await startServe({saveDir: dir, keep: '2'});
		expect(await unreadable.stop()).toBe(0);
		expect(unreadable.out()).toContain(`\nsaving messages to ${dir} (3 there, the newest 2 read, 1 of them unreadable and skipped), the next is 4\n`);
	});
});

describe('serve: the accepted event finds the message', () => {
	it('carries the Message-ID and the saved file, which holds that very message', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-catcher-'));
		const sandbox = await start({saveDir: dir, starttls: false});
		const info = await defaultTransport(sandbox.port).sendMail(message);
		const accepted = await sandbox.event('accepted');
		expect(accepted).toMatchObject({id: 1, messageId: info.messageId, path: path.join(dir, '1.eml')});
		expect(readFileSync(accepted.path!, 'utf8')).toContain(`Message-ID: ${info.messageId}\r\n`);
		expect(describeEvent(accepted)).toBe(`accepted message 1 (${accepted.size} bytes) "Welcome", Message-ID ${info.messageId}, saved as ${path.join(dir, '1.eml')}`);
	});

	it('without --save-dir or a Message-ID, has neither', async () => {
		const sandbox = await start();
		const client = await sandbox.client();
		client.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
		for (let n = 0; n < 3; n++) await client.reply();
		expect((await client.command('Subject: bare\r\n\r\nno id\r\n.')).code).toBe(250);
		client.end();
		const accepted = await sandbox.event('accepted');
		expect(accepted).not.toHaveProperty('messageId');
		expect(accepted).not.toHaveProperty('path');
		expect(describeEvent(accepted)).toBe('accepted message 1 (24 bytes) "bare"');
	});

	it('quotes a Message-ID that is not one bracketed word, so it cannot pass for more of the line', () => {
		const event: SandboxEvent = {type: 'accepted', session: 1, time: 0, remote: '127.0.0.1:1', id: 2, size: 9, subject: '', from: '', to: [], messageId: 'x, saved as /etc/passwd'};
		expect(describeEvent(event)).toBe('accepted message 2 (9 bytes), Message-ID "x, saved as /etc/passwd"');
	});
});
