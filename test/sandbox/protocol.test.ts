// The wire: pipelined commands, dot-unstuffing, misbehaving clients and shutdown, over raw sockets.
import net from 'node:net';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {RawClient} from './helpers/raw-client.js';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';

let sandbox: TestSandbox;

beforeAll(async () => {
	sandbox = await startTestSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

describe('pipelining and DATA', () => {
	it('answers MAIL, RCPT, RCPT, DATA sent in one write, in order', async () => {
		const client = await sandbox.client();
		client.write('MAIL FROM:<a@example.com> BODY=8BITMIME\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<nobody@example.com>\r\nRCPT TO:<c@example.com> NOTIFY=NEVER\r\nDATA\r\n');
		const codes = [];
		for (let n = 0; n < 5; n++) codes.push((await client.reply()).code);
		expect(codes).toEqual([250, 250, 550, 250, 354]);
		client.write('Subject: pipelined\r\n\r\n..stuffed\r\n..\r\nx\r\n...\r\n.\r\nRSET\r\nNOOP\r\n');
		const accepted = await client.reply();
		expect(accepted.code).toBe(250);
		expect((await client.reply()).code).toBe(250);
		expect((await client.reply()).code).toBe(250);
		const id = Number(/queued as (\d+)/.exec(accepted.text)![1]);
		const message = sandbox.mailbox.get(id)!;
		// Un-stuffed: each line lost exactly one leading dot.
		expect(message.raw.toString()).toBe('Subject: pipelined\r\n\r\n.stuffed\r\n.\r\nx\r\n..\r\n');
		expect(message.envelope).toEqual({
			mailFrom: {address: 'a@example.com', params: {BODY: '8BITMIME'}},
			rcptTo: [
				{address: 'b@example.com', params: {}},
				{address: 'c@example.com', params: {NOTIFY: 'NEVER'}},
			],
		});
		expect(message.session).toMatchObject({helo: 'test.example', listener: 'smtp', tls: false, auth: false, remote: expect.stringMatching(/^127\.0\.0\.1:\d+$/)});
		client.end();
	});

	it('sends the replies to commands pipelined in one write as one write (RFC 2920 section 3.2)', async () => {
		const client = await sandbox.client();
		// Client and server share this process: count the server's socket writes while it answers.
		const write = vi.spyOn(net.Socket.prototype, '_write');
		const writev = vi.spyOn(net.Socket.prototype, '_writev');
		try {
			client.write('RSET\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n');
			write.mockClear();
			const codes = [];
			for (let n = 0; n < 5; n++) codes.push((await client.reply()).code);
			expect(codes).toEqual([250, 250, 250, 550, 354]);
			expect({write: write.mock.calls.length, writev: writev.mock.calls.length}).toEqual({write: 0, writev: 1});
		} finally {
			write.mockRestore();
			writev.mockRestore();
		}
		client.end();
	});

	it('still answers the commands before one that drops the connection, and the 220 to a pipelined STARTTLS in plaintext', async () => {
		const dropped = await sandbox.client();
		dropped.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<drop@example.com>\r\nDATA\r\n');
		expect(await dropped.closedBy()).toMatchObject({unread: [{code: 250}], pending: ''});

		const upgraded = await sandbox.client();
		upgraded.write('NOOP\r\nSTARTTLS\r\n');
		expect((await upgraded.reply()).code).toBe(250);
		expect((await upgraded.reply()).code).toBe(220);
		await upgraded.startTls(sandbox.certificate.pem, 'localhost');
		expect((await upgraded.command('EHLO secure.example')).code).toBe(250);
		expect((await upgraded.command('NOOP')).code).toBe(250);
		upgraded.end();
	});

	it('keeps 8-bit bytes and a bare LF inside DATA exactly as received', async () => {
		const client = await sandbox.client();
		client.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
		for (let n = 0; n < 3; n++) await client.reply();
		const body = Buffer.concat([Buffer.from('Subject: bytes\r\n\r\n'), Buffer.from([0xc3, 0xa9, 0x0a, 0x41, 0x0d, 0x0a]), Buffer.from('.\r\n')]);
		client.write(body);
		const id = Number(/queued as (\d+)/.exec((await client.reply()).text)![1]);
		expect(sandbox.mailbox.get(id)!.raw).toEqual(body.subarray(0, body.length - 3));
		client.end();
	});

	it('reports envelope, accepted and disconnect events for a session, in order', async () => {
		const client = await sandbox.client();
		await client.command('MAIL FROM:<order@example.com> SIZE=40');
		await client.command('RCPT TO:<b@example.com>');
		await client.command('DATA');
		await client.command('Subject: order\r\n\r\nx\r\n.');
		await client.command('QUIT');
		const mail = await sandbox.event('envelope', event => event.address === 'order@example.com');
		await sandbox.event('disconnect', event => event.session === mail.session);
		const types = sandbox.events.filter(event => event.session === mail.session).map(event => event.type === 'envelope' ? `${event.stage}` : event.type);
		expect(types).toEqual(['connect', 'helo', 'mail', 'rcpt', 'accepted', 'disconnect']);
		expect(mail).toMatchObject({params: {SIZE: '40'}, remote: expect.stringMatching(/^127\.0\.0\.1:\d+$/)});
		// The accepted message carries its envelope: a test of an app need not rebuild it from the envelope events.
		expect(await sandbox.event('accepted', event => event.session === mail.session)).toMatchObject({from: 'order@example.com', to: ['b@example.com'], subject: 'order'});
		expect(await sandbox.event('disconnect', event => event.session === mail.session)).not.toHaveProperty('duringData');
	});

	it('says when a client left in the middle of a message, which was not kept', async () => {
		const client = await sandbox.client();
		await client.command('MAIL FROM:<halfway@example.com>');
		await client.command('RCPT TO:<b@example.com>');
		await client.command('DATA');
		client.write('Subject: half\r\n\r\nthe first half');
		const mail = await sandbox.event('envelope', event => event.address === 'halfway@example.com');
		const before = sandbox.mailbox.list().length;
		client.end();
		expect(await sandbox.event('disconnect', event => event.session === mail.session)).toMatchObject({duringData: true});
		expect(sandbox.mailbox.list()).toHaveLength(before);
	});
});

describe('HELP', () => {
	it('lists the commands the session takes and the test recipients, in a multi-line 214', async () => {
		const client = await sandbox.client();
		const help = await client.command('HELP');
		expect(help.code).toBe(214);
		expect(help.lines.slice(0, -1).every(line => line.startsWith('214-2.0.0 '))).toBe(true);
		const commands = /^Commands: (.*)$/m.exec(help.text.replace(/^2\.0\.0 /gm, ''))?.[1]?.split(' ');
		expect(commands).toEqual(['EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'RSET', 'VRFY', 'NOOP', 'HELP', 'QUIT']);
		expect(help.text).toContain('Test recipients, any domain: nobody@ grey@ full@ slow@ bye@ drop@ big@');
		// True in the dashboard (an inbox, Ctrl+G's recipes) and under `smtp-tui serve` (no inbox without --save-dir).
		expect(help.text).toContain("smtp-tui's test server; nothing is delivered, no message leaves this machine");
		expect(help.text).toContain('(what each does: Ctrl+G in the dashboard, smtp-tui serve --help)');
		// Each one listed is answered as a command this server knows, not 500 "command not recognized".
		for (const line of ['VRFY postmaster', 'NOOP', 'RSET', 'HELO test.example']) expect((await client.command(line)).code, line).not.toBe(500);
		client.end();
	});
});

describe('addresses as sent', () => {
	it('logs, keeps and quotes a punycode domain as the client wrote it, not as smtp-server decodes it', async () => {
		const client = await sandbox.client();
		await client.command('MAIL FROM:<a@xn--bcher-kva.example> SMTPUTF8');
		await client.command('RCPT TO:<taro@xn--r8jz45g.xn--zckzah>');
		const refused = await client.command('RCPT TO:<nobody@xn--r8jz45g.xn--zckzah>');
		expect(refused.code).toBe(550);
		expect(refused.text).toContain('<nobody@xn--r8jz45g.xn--zckzah>');
		// Sent in UTF-8 (with SMTPUTF8), it stays UTF-8.
		await client.command('RCPT TO:<hanako@例え.テスト>');
		await client.command('DATA');
		const accepted = await client.command('Subject: idn\r\n\r\nx\r\n.');
		const id = Number(/queued as (\d+)/.exec(accepted.text)![1]);
		expect(sandbox.mailbox.get(id)!.envelope).toEqual({
			mailFrom: {address: 'a@xn--bcher-kva.example', params: {SMTPUTF8: true}},
			rcptTo: [
				{address: 'taro@xn--r8jz45g.xn--zckzah', params: {}},
				{address: 'hanako@例え.テスト', params: {}},
			],
		});
		const mail = await sandbox.event('envelope', event => event.address === 'a@xn--bcher-kva.example');
		const addresses = sandbox.events.filter(event => event.session === mail.session && event.type === 'envelope').map(event => (event as {address: string}).address);
		expect(addresses).toEqual(['a@xn--bcher-kva.example', 'taro@xn--r8jz45g.xn--zckzah', 'hanako@例え.テスト']);
		client.end();
	});

	it('refuses a non-ASCII address whose transaction did not declare SMTPUTF8, as Postfix does (553 5.6.7)', async () => {
		const client = await sandbox.client();
		const sender = await client.command('MAIL FROM:<jörg@example.com>');
		expect(sender).toMatchObject({code: 553, text: expect.stringContaining('5.6.7 Must declare SMTPUTF8')});
		expect((await client.command('MAIL FROM:<jorg@xn--bcher-kva.example>')).code).toBe(250);
		expect((await client.command('RCPT TO:<hanako@例え.テスト>')).code).toBe(553);
		// The punycode form of the same domain is ASCII: no extension needed.
		expect((await client.command('RCPT TO:<hanako@xn--r8j868l.xn--zckzah>')).code).toBe(250);
		await client.command('RSET');
		expect((await client.command('MAIL FROM:<jörg@example.com> SMTPUTF8')).code).toBe(250);
		expect((await client.command('RCPT TO:<hanako@例え.テスト>')).code).toBe(250);
		client.end();
	});
});

describe('parameters given twice', () => {
	it('takes a parameter repeated alike once, as Postfix does (Python smtplib: SMTPUTF8 in mail_options and a non-ASCII address)', async () => {
		const client = await sandbox.client();
		// The MAIL line smtplib's send_message writes for mail_options=['SMTPUTF8'] and jürgen@exämple.test.
		expect((await client.command('mail FROM:<jürgen@exämple.test> size=173 SMTPUTF8 SMTPUTF8 BODY=8BITMIME')).code).toBe(250);
		expect((await client.command('RCPT TO:<zoë@exämple.test>')).code).toBe(250);
		await client.command('DATA');
		const accepted = await client.command('Subject: utf8\r\n\r\nx\r\n.');
		const id = Number(/queued as (\d+)/.exec(accepted.text)![1]);
		expect(sandbox.mailbox.get(id)!.envelope.mailFrom).toEqual({address: 'jürgen@exämple.test', params: {SIZE: '173', SMTPUTF8: true, BODY: '8BITMIME'}});
		client.end();
	});

	it('still refuses a parameter repeated with another value, and a DSN parameter repeated at all (RFC 3461)', async () => {
		const client = await sandbox.client();
		expect(await client.command('MAIL FROM:<a@example.test> BODY=7BIT BODY=8BITMIME')).toMatchObject({code: 501, text: expect.stringContaining('duplicate BODY parameter')});
		expect(await client.command('MAIL FROM:<a@example.test> RET=HDRS RET=HDRS')).toMatchObject({code: 501, text: expect.stringContaining('duplicate RET parameter')});
		expect((await client.command('MAIL FROM:<a@example.test> BODY=8BITMIME')).code).toBe(250);
		expect(await client.command('RCPT TO:<b@example.test> NOTIFY=NEVER NOTIFY=NEVER')).toMatchObject({code: 501, text: expect.stringContaining('duplicate NOTIFY parameter')});
		expect((await client.command('RCPT TO:<b@example.test> NOTIFY=NEVER')).code).toBe(250);
		client.end();
	});
});

describe('misbehaving clients', () => {
	it('survives garbage, an HTTP request, an overlong line, a client leaving mid-DATA, and keeps serving', async () => {
		const garbage = await sandbox.client();
		garbage.write(Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10]));
		expect((await garbage.reply()).code).toBe(500);
		garbage.destroy();

		const http = await sandbox.client({ehlo: false});
		http.send('GET / HTTP/1.1');
		expect((await http.reply()).code).toBe(421);
		await http.closedBy();

		const long = await sandbox.client();
		long.write(`NOOP ${'x'.repeat(64 * 1024)}\r\n`);
		await long.closedBy();

		const leaving = await sandbox.client();
		leaving.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
		for (let n = 0; n < 3; n++) await leaving.reply();
		const before = sandbox.mailbox.nextId;
		leaving.write('Subject: half\r\n\r\nonly half a mess');
		leaving.destroy();

		const fine = await sandbox.client();
		expect((await fine.command('NOOP')).code).toBe(250);
		expect(sandbox.mailbox.nextId).toBe(before);
		fine.end();
	});
});

describe('the greeting', () => {
	it('comes at once: a client that talks as soon as it has connected is greeted, then answered', async () => {
		const eager = await RawClient.connect(sandbox.port);
		eager.send('EHLO eager.example');
		expect((await eager.reply()).code).toBe(220);
		expect((await eager.reply()).code).toBe(250);
		eager.end();
	});

	it('held back (--banner-delay), refuses a line sent before it: 421 You talk too soon', async () => {
		const held = await startTestSandbox({bannerDelayMs: 3_600_000});
		const early = await RawClient.connect(held.port);
		early.send('EHLO too.early');
		expect(await early.reply()).toMatchObject({code: 421, text: expect.stringContaining('You talk too soon')});
		await early.closedBy();
		await held.close();
	});
});

/**
 * A client that reads what comes but never closes its side, as Python's smtplib between messages: greeted. `ended`:
 * the server closed its side (its FIN read).
 */
async function lingeringClient(port: number): Promise<{received: () => string; ended: Promise<void>}> {
	const socket = net.connect({port, host: '127.0.0.1', allowHalfOpen: true});
	let received = '';
	const greeted = new Promise<void>(resolve =>
		socket.on('data', chunk => {
			received += chunk.toString('latin1');
			if (received.startsWith('220 ') && received.endsWith('\r\n')) resolve();
		}),
	);
	socket.on('error', () => undefined);
	const ended = new Promise<void>(resolve => socket.on('end', () => resolve()));
	await greeted;
	return {received: () => received, ended};
}

/** A session with a message under way: DATA answered 354, and the message begun with `begun`. */
async function messageUnderWay(own: TestSandbox, begun: string): Promise<RawClient> {
	const inData = await own.client();
	inData.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
	for (let n = 0; n < 3; n++) await inData.reply();
	inData.write(begun);
	return inData;
}

describe('shutdown', () => {
	it('closes an idle session at once, not at the end of the grace, and lets a message under way finish first', async () => {
		const own = await startTestSandbox();
		const idle = await lingeringClient(own.port);
		const inData = await messageUnderWay(own, 'Subject: finished\r\n\r\nbegun before the stop');
		// The grace's timer never fires: an idle session left for it would hold the stop (and this test) until the test's
		// timeout, as the client never closes its side.
		vi.useFakeTimers({toFake: ['setTimeout']});
		try {
			const closing = own.close();
			await idle.ended;
			expect(idle.received()).toMatch(/\r\n421 4\.3\.2 smtp-tui\.localhost shutting down\r\n$/);
			inData.write(', ended after it\r\n.\r\n');
			expect((await inData.reply()).code).toBe(250);
			expect(await inData.reply()).toMatchObject({code: 421, text: '4.3.2 smtp-tui.localhost shutting down'});
			await inData.closedBy();
			await closing;
		} finally {
			vi.useRealTimers();
		}
		expect(own.mailbox.list().map(message => message.subject)).toEqual(['finished']);
		expect(own.events.filter(event => event.type === 'refused').map(event => event.session)).toEqual([1, 2]);
		// The message's line before the session's 421.
		expect(own.events.filter(event => event.session === 2).map(event => event.type).slice(-3)).toEqual(['accepted', 'refused', 'disconnect']);
	});

	it('runs no command pipelined behind the message it lets finish: its 250, then the session\'s 421, logged after the message', async () => {
		const own = await startTestSandbox();
		const idle = await own.client();
		const inData = await messageUnderWay(own, 'Subject: quit pipelined\r\n\r\nbegun before the stop');
		const closing = own.close();
		// The idle session closed: the stop has reached the sessions.
		await idle.closedBy();
		// A client that pipelines its QUIT behind the dot (RFC 2920 lets it): smtp-server answered the QUIT "421 4.4.2
		// Server shutting down", logged as a refusal of QUIT (counted in serve's stop line) ahead of the message.
		inData.write(', ended after it\r\n.\r\nQUIT\r\n');
		expect((await inData.reply()).code).toBe(250);
		expect(await inData.reply()).toMatchObject({code: 421, text: '4.3.2 smtp-tui.localhost shutting down'});
		expect((await inData.closedBy()).unread).toEqual([]);
		await closing;
		expect(own.mailbox.list().map(message => message.subject)).toEqual(['quit pipelined']);
		const second = own.events.filter(event => event.session === 2);
		expect(second.map(event => event.type).slice(-3)).toEqual(['accepted', 'refused', 'disconnect']);
		expect(second.filter(event => event.type === 'refused')).toMatchObject([{stage: 'shutdown'}]);
	});

	it('a session in a STARTTLS handshake at the stop closes as a plain disconnect: the stop ended it, not a client that distrusts the certificate', async () => {
		const own = await startTestSandbox();
		const upgrading = await own.client();
		expect((await upgrading.command('STARTTLS')).code).toBe(220);
		await own.close();
		expect(own.events.filter(event => event.type === 'disconnect')).toEqual([expect.not.objectContaining({duringTls: true})]);
	});

	it('cuts off a message not finished within the grace: 421 4.3.2, nothing kept; the listeners closed', async () => {
		const own = await startTestSandbox();
		const idle = await own.client();
		const inData = await messageUnderWay(own, 'Subject: interrupted\r\n\r\nhalf');
		await own.close();
		expect(await idle.reply()).toMatchObject({code: 421, text: '4.3.2 smtp-tui.localhost shutting down'});
		expect((await inData.reply()).code).toBe(421);
		await idle.closedBy();
		await inData.closedBy();
		await expect(RawClient.connect(own.port)).rejects.toThrow(/ECONNREFUSED/);
		expect(own.mailbox.list()).toEqual([]);
	});
});
