// Every server setting (the serve flags), over raw sockets, including changes made while the server runs.
import {createHmac} from 'node:crypto';
import os from 'node:os';
import {describe, expect, it} from 'vitest';
import {RawClient} from './helpers/raw-client.js';
import {sandboxPerTest} from './helpers/sandbox.js';

const start = sandboxPerTest();

const plainAuth = (user: string, password: string) => `AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`;

describe('sandbox settings', () => {
	it('advertises the extensions of a submission server, with reply texts carrying enhanced codes', async () => {
		const sandbox = await start({hostname: 'mail.workshop.test'});
		const client = await RawClient.connect(sandbox.port);
		expect((await client.reply()).text).toBe('mail.workshop.test ESMTP smtp-tui sandbox');
		const ehlo = await client.command('EHLO me.example');
		expect(ehlo.lines.map(line => line.slice(4))).toEqual([
			'mail.workshop.test Nice to meet you, [127.0.0.1]',
			'PIPELINING',
			'8BITMIME',
			'SMTPUTF8',
			'ENHANCEDSTATUSCODES',
			'DSN',
			'AUTH PLAIN LOGIN CRAM-MD5',
			'STARTTLS',
			'SIZE 10485760',
		]);
		expect(await client.command('MAIL FROM:<a@example.com>')).toMatchObject({code: 250, text: '2.1.0 Accepted'});
		expect(await client.command('MAIL FROM:<a@example.com>')).toMatchObject({code: 503, text: expect.stringMatching(/^5\.5\.1 /)});
		client.end();
	});

	it('--require-tls: 530 5.7.0 before STARTTLS, AUTH hidden and refused until then, mail accepted after', async () => {
		const sandbox = await start({requireTls: true});
		const client = await sandbox.client({ehlo: false});
		const ehlo = await client.command('EHLO me.example');
		expect(ehlo.text).not.toContain('AUTH');
		expect(await client.command('MAIL FROM:<a@example.com>')).toMatchObject({code: 530, text: '5.7.0 Must issue a STARTTLS command first'});
		expect(await client.command(plainAuth('demo', 'demo'))).toMatchObject({code: 530, text: '5.7.0 Must issue a STARTTLS command first'});
		expect((await client.command('STARTTLS')).code).toBe(220);
		await client.startTls(sandbox.certificate.pem);
		const secured = (await client.command('EHLO me.example')).text;
		expect(secured).toContain('AUTH PLAIN LOGIN CRAM-MD5');
		// RFC 8689: REQUIRETLS is offered inside TLS only.
		expect(secured).toContain('REQUIRETLS');
		expect((await client.command('MAIL FROM:<a@example.com> REQUIRETLS')).code).toBe(250);
		client.end();
	});

	it('--require-auth: 530 5.7.0 before AUTH, accepted after AUTH PLAIN demo/demo', async () => {
		const sandbox = await start({requireAuth: true});
		const client = await sandbox.client();
		expect(await client.command('MAIL FROM:<a@example.com>')).toMatchObject({code: 530, text: '5.7.0 Authentication required'});
		expect(await client.command(plainAuth('demo', 'demo'))).toMatchObject({code: 235, text: '2.7.0 Authentication successful'});
		expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		client.end();
	});

	it('--user and --password replace demo/demo; plaintext AUTH works on loopback', async () => {
		const sandbox = await start({user: 'alice', password: 's3cret pass'});
		const client = await sandbox.client();
		expect((await client.command(plainAuth('demo', 'demo'))).code).toBe(535);
		expect((await client.command(plainAuth('alice', 's3cret pass'))).code).toBe(235);
		client.end();
	});

	it('--any-login: any user name and password log in, by PLAIN, LOGIN and CRAM-MD5; without it a stranger gets 535', async () => {
		const base64 = (text: string) => Buffer.from(text).toString('base64');
		/** The codes that answer a stranger's login by each mechanism, each on its own connection. */
		const logins = async (sandbox: Awaited<ReturnType<typeof start>>) => {
			const plain = await sandbox.client();
			const plainCode = (await plain.command(plainAuth('app', 'its own secret'))).code;
			const login = await sandbox.client();
			expect((await login.command('AUTH LOGIN')).code).toBe(334);
			expect((await login.command(base64('mailer@app.test'))).code).toBe(334);
			const loginCode = (await login.command(base64('hunter2'))).code;
			const cram = await sandbox.client();
			const challenge = Buffer.from((await cram.command('AUTH CRAM-MD5')).text, 'base64');
			const cramCode = (await cram.command(base64(`app ${createHmac('md5', 'wrong').update(challenge).digest('hex')}`))).code;
			for (const client of [plain, login, cram]) client.end();
			return [plainCode, loginCode, cramCode];
		};
		expect(await logins(await start({anyLogin: true}))).toEqual([235, 235, 235]);
		expect(await logins(await start({}))).toEqual([535, 535, 535]);
	});

	it('--max-size: advertised, 552 5.3.4 for MAIL SIZE= over it and for a bigger message at the end of DATA', async () => {
		const sandbox = await start({maxSize: 1000});
		const client = await sandbox.client({ehlo: false});
		expect((await client.command('EHLO me.example')).lines.at(-1)).toBe('250 SIZE 1000');
		expect(await client.command('MAIL FROM:<a@example.com> SIZE=1001')).toMatchObject({code: 552, text: expect.stringMatching(/^5\.3\.4 /)});
		expect((await client.command('MAIL FROM:<a@example.com> SIZE=999')).code).toBe(250);
		expect((await client.command('RCPT TO:<b@example.com>')).code).toBe(250);
		expect((await client.command('DATA')).code).toBe(354);
		const line = 'x'.repeat(98);
		client.send(`Subject: too big\r\n\r\n${`${line}\r\n`.repeat(20)}.`);
		expect(await client.reply()).toMatchObject({code: 552, text: expect.stringMatching(/^5\.3\.4 .*1000/)});
		expect(sandbox.mailbox.list()).toEqual([]);
		// The session goes on, and a message under the limit is taken.
		expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		expect((await client.command('RCPT TO:<b@example.com>')).code).toBe(250);
		expect((await client.command('DATA')).code).toBe(354);
		expect((await client.command('Subject: fits\r\n\r\nsmall\r\n.')).code).toBe(250);
		client.end();
	});

	it('--max-recipients: 452 for the recipient over the limit', async () => {
		const sandbox = await start({maxRecipients: 2});
		const client = await sandbox.client();
		await client.command('MAIL FROM:<a@example.com>');
		expect((await client.command('RCPT TO:<b1@example.com>')).code).toBe(250);
		expect((await client.command('RCPT TO:<b2@example.com>')).code).toBe(250);
		expect(await client.command('RCPT TO:<b3@example.com>')).toMatchObject({code: 452, text: expect.stringMatching(/^4\.5\.3 /)});
		client.end();
	});

	it('--banner-delay: the greeting waits while other sessions are greeted', async () => {
		const sandbox = await start({bannerDelayMs: 3_600_000});
		const held = await RawClient.connect(sandbox.port);
		await sandbox.event('connect', event => event.session === 1);
		sandbox.settings.bannerDelayMs = 0;
		const other = await sandbox.client();
		expect((await other.command('NOOP')).code).toBe(250);
		expect(held.received).toBe('');
		// At shutdown the held session gets the 421 instead of a greeting.
		await sandbox.close();
		expect(await held.reply()).toMatchObject({code: 421, text: expect.stringMatching(/^4\.3\.2 /)});
	});

	it('closes an idle session with 421, logged as the idle timeout, not as a refusal of the last command', async () => {
		const sandbox = await start({idleTimeoutMs: 200});
		const client = await sandbox.client();
		await client.command('MAIL FROM:<a@example.com>');
		expect(await client.reply()).toMatchObject({code: 421, text: expect.stringMatching(/Timeout/)});
		expect(await sandbox.event('refused')).toMatchObject({stage: 'idle', code: 421});
	});

	it('--greylist: every new sender/recipient pair gets 450 4.7.1 first', async () => {
		const sandbox = await start({greylist: true, greylistDelayMs: 3_600_000});
		const client = await sandbox.client();
		await client.command('MAIL FROM:<a@example.com>');
		expect(await client.command('RCPT TO:<b@example.com>')).toMatchObject({code: 450, text: expect.stringMatching(/^4\.7\.1 /)});
		sandbox.settings.greylistDelayMs = 0;
		expect((await client.command('RCPT TO:<b@example.com>')).code).toBe(250);
		expect((await client.command('RCPT TO:<c@example.com>')).code).toBe(450);
		client.end();
	});

	it('--reject-all: 554 greeting, then the connection closes', async () => {
		const sandbox = await start({rejectAll: true});
		const client = await RawClient.connect(sandbox.port);
		expect(await client.reply()).toMatchObject({code: 554, text: 'smtp-tui.localhost no SMTP service here (--reject-all)'});
		await client.closedBy();
		expect(await sandbox.event('refused')).toMatchObject({stage: 'connect', code: 554});
	});

	it('names a line that never became a command (too long) as the command refused, not the connection', async () => {
		const sandbox = await start({});
		const client = await RawClient.connect(sandbox.port);
		expect((await client.reply()).code).toBe(220);
		client.write(`EHLO ${'x'.repeat(100_000)}\r\n`);
		expect((await client.reply()).code).toBe(421);
		expect(await sandbox.event('refused')).toMatchObject({stage: 'line-too-long', code: 421});
		// After other commands too: not blamed on the last one read.
		const later = await RawClient.connect(sandbox.port);
		await later.reply();
		expect((await later.command('EHLO me.example')).code).toBe(250);
		expect((await later.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		later.write(`RCPT TO:<${'b'.repeat(100_000)}@example.com>\r\n`);
		expect((await later.reply()).code).toBe(421);
		expect(sandbox.events.filter(event => event.type === 'refused').at(-1)).toMatchObject({stage: 'line-too-long', code: 421});
	});

	it('--tls-port: an implicit-TLS listener with the same certificate, AUTH offered at once', async () => {
		const sandbox = await start({tlsPort: 0});
		expect(sandbox.listeners.map(listener => listener.kind)).toEqual(['smtp', 'smtps']);
		const client = await RawClient.connectTls(sandbox.listeners[1]!.port, sandbox.certificate.pem);
		expect((await client.reply()).code).toBe(220);
		const ehlo = await client.command('EHLO me.example');
		expect(ehlo.text).toContain('AUTH PLAIN LOGIN CRAM-MD5');
		expect(ehlo.text).not.toContain('STARTTLS');
		expect((await client.command(plainAuth('demo', 'demo'))).code).toBe(235);
		expect(await sandbox.event('connect', event => event.listener === 'smtps')).toBeDefined();
		client.end();
	});

	it('--keep: only the newest messages stay in memory', async () => {
		const sandbox = await start({keep: 2});
		const client = await sandbox.client();
		for (const n of [1, 2, 3]) {
			await client.command('MAIL FROM:<a@example.com>');
			await client.command('RCPT TO:<b@example.com>');
			await client.command('DATA');
			expect((await client.command(`Subject: ${n}\r\n\r\nbody\r\n.`)).text).toBe(`2.6.0 Ok: queued as ${n}`);
		}
		expect(sandbox.mailbox.list().map(summary => summary.subject)).toEqual(['2', '3']);
		expect(sandbox.mailbox.get(1)).toBeUndefined();
		await expect(sandbox.mailbox.parse(1)).rejects.toThrow(/message 1 is not in the mailbox/);
		client.end();
	});

	it('runtime changes apply to the next command of an open session', async () => {
		const sandbox = await start();
		const client = await sandbox.client();
		expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		await client.command('RSET');
		sandbox.settings.requireAuth = true;
		expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(530);
		sandbox.settings.requireAuth = false;
		sandbox.settings.maxSize = 5000;
		expect((await client.command('MAIL FROM:<a@example.com> SIZE=6000')).code).toBe(552);
		client.end();
	});

	// A client that is not on loopback needs a second address on this machine.
	const external = Object.values(os.networkInterfaces())
		.flat()
		.find(address => address && !address.internal && address.family === 'IPv4')?.address;
	if (!external) console.log('AUTH from a non-loopback client: this machine has no non-loopback IPv4 address; covered by --require-tls instead');

	it.runIf(external !== undefined)('a client not on loopback is offered AUTH only after STARTTLS', async () => {
		const sandbox = await start({listen: external});
		const client = await RawClient.connect(sandbox.port, external);
		expect((await client.reply()).code).toBe(220);
		expect((await client.command('EHLO me.example')).text).not.toContain('AUTH');
		expect(await client.command(plainAuth('demo', 'demo'))).toMatchObject({code: 530, text: '5.7.0 Must issue a STARTTLS command first'});
		// Without --require-tls mail itself is still accepted in plaintext.
		expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		await client.command('RSET');
		expect((await client.command('STARTTLS')).code).toBe(220);
		// The certificate names the --listen address, so a client verifies it as is.
		await client.startTls(sandbox.certificate.pem);
		expect((await client.command('EHLO me.example')).text).toContain('AUTH PLAIN LOGIN CRAM-MD5');
		expect((await client.command(plainAuth('demo', 'demo'))).code).toBe(235);
		client.end();
	});
});
