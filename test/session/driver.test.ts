import type {AddressInfo} from 'node:net';
import tls from 'node:tls';
import {describe, expect, it, vi} from 'vitest';
import {SmtpDriver} from '../../source/session/driver.js';
import type {OutgoingMessage} from '../../source/session/types.js';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import {Connection} from '../../source/transport/connection.js';
import {testCerts} from '../helpers/certs.js';
import {greetAndEhlo, greetUpToData, type RawPeer} from '../helpers/raw-server.js';
import {driverHarness} from './driver-harness.js';

const body = 'Subject: hello\r\n\r\nfirst line\r\n.starts with a dot\r\nlast line\r\n';

function message(recipients = ['friend@example.test'], text = body): OutgoingMessage {
	return {
		from: 'me@example.test',
		recipients,
		eightBit: false,
		body: async function* () {
			yield Buffer.from(text);
		},
	};
}

const {smtp, raw, driverFor} = driverHarness();

/** A promise and what settles it (Node 20 has no Promise.withResolvers). */
function signal(): {promise: Promise<void>; resolve: () => void} {
	let resolve!: () => void;
	const promise = new Promise<void>(settle => (resolve = settle));
	return {promise, resolve};
}

describe('SmtpDriver against smtp-server', () => {
	it('delivers a message in a plain session and keeps the step rail and log', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port, {tls: 'auto'});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: true});
		expect(server.messages).toHaveLength(1);
		expect(server.messages[0]!.raw.toString()).toBe(body);
		const snapshot = driver.getSnapshot();
		const status = Object.fromEntries(snapshot.steps.map(s => [s.step, s.status]));
		expect(status).toMatchObject({connect: 'done', greeting: 'done', ehlo: 'done', mail: 'done', rcpt: 'done', data: 'done', queued: 'done'});
		expect(status.starttls).toBe('skipped');
		const sent = snapshot.log.filter(e => e.kind === 'sent').map(e => e.text);
		expect(sent).toEqual(['EHLO client.test', 'MAIL FROM:<me@example.test>', 'RCPT TO:<friend@example.test>', 'DATA']);
		const received = snapshot.log.filter(e => e.kind === 'received' && e.reply);
		expect(received.every(e => typeof e.explanation === 'string' && e.explanation.length > 0)).toBe(true);
		expect(snapshot.log.some(e => e.kind === 'data' && e.data?.preview.includes('..starts with a dot'))).toBe(true);
		const queued = received.find(e => e.step === 'queued');
		expect(queued?.explanation).toMatch(/^accepted: the server took responsibility for the message/);
		// Each extension line of the EHLO reply carries what it means; its first line (the greeting) does not.
		const ehloLines = snapshot.log.filter(e => e.kind === 'received' && e.step === 'ehlo');
		expect(ehloLines[0]!.note).toBeUndefined();
		expect(ehloLines.slice(1).map(e => e.note)).toContainEqual('8BITMIME: accepts 8-bit message bodies (BODY=8BITMIME)');
		expect(ehloLines.slice(1).every(e => /^[A-Z0-9-]+: \S/.test(e.note ?? ''))).toBe(true);
		await driver.quit();
		expect(driver.getSnapshot().connection).toBe('closed');
		expect(driver.getSnapshot().log.some(e => e.kind === 'received' && e.text.startsWith('221'))).toBe(true);
	});

	it('previews a message that is not UTF-8 (a Latin-1 file) with \\xHH, and a UTF-8 character split between chunks whole', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port, {tls: 'auto'});
		const latin1 = Buffer.from('Subject: caf\xe9 latin1\r\n\r\nna\xefve\r\n', 'latin1');
		const utf8 = Buffer.from('Subject: Grüße\r\n');
		const split = utf8.indexOf(0xc3) + 1;
		const result = await driver.run({
			...message(),
			eightBit: true,
			body: async function* () {
				yield latin1;
				yield utf8.subarray(0, split);
				yield utf8.subarray(split);
			},
		});
		expect(result).toMatchObject({ok: true});
		const preview = driver.getSnapshot().log.find(e => e.kind === 'data')?.data?.preview;
		expect(preview).toEqual(['Subject: caf\\xe9 latin1', '', 'na\\xefve', 'Subject: Grüße', '.']);
		await driver.quit();
	});

	it('logs what broke the protocol, then the error once', async () => {
		const server = await raw(async peer => {
			peer.write('220-fault.test one\r\n221-two\r\n220 three\r\n');
			await peer.readLine().catch(() => undefined);
		});
		const driver = driverFor(server.port);
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'banner'});
		const log = driver.log.entries.filter(entry => entry.kind === 'received' || entry.kind === 'error').map(entry => `${entry.kind} ${entry.text}`);
		expect(log).toEqual(['received 220-fault.test one', 'received 221-two', 'error protocol error: the server mixed reply codes in one multi-line reply (220 then 221)']);
	});

	it('sends a second message on the same connection', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port);
		expect((await driver.run(message())).ok).toBe(true);
		expect((await driver.run(message(['other@example.test']))).ok).toBe(true);
		expect(server.messages.map(m => m.to)).toEqual([['friend@example.test'], ['other@example.test']]);
		await driver.quit();
	});

	it('upgrades with STARTTLS, trusts the test CA, and authenticates with PLAIN', async () => {
		const certs = await testCerts();
		const server = await smtp();
		const driver = driverFor(server.port, {host: 'localhost', tls: 'starttls', ca: certs.ca, auth: {user: 'demo', password: 'demo', mechanism: 'PLAIN'}});
		const result = await driver.run(message());
		expect(result.ok).toBe(true);
		expect(server.messages[0]).toMatchObject({secure: true, user: 'demo'});
		const snapshot = driver.getSnapshot();
		expect(snapshot.secure).toBe(true);
		expect(snapshot.tls).toMatchObject({authorized: true});
		expect(snapshot.authenticated).toBe(true);
		const text = snapshot.log.map(e => e.text).join('\n');
		expect(text).not.toContain(Buffer.from('\0demo\0demo').toString('base64'));
		expect(snapshot.log.find(e => e.text.startsWith('AUTH PLAIN'))).toMatchObject({tls: true});
		// The account is named: the AUTH line hides all of its payload.
		expect(text).toContain('logging in as demo (PLAIN)');
		await driver.quit();
	});

	it('a server that demands a client certificate (TLS 1.3: its alert comes after our handshake) fails the TLS stage, in words', async () => {
		const certs = await testCerts();
		const server = tls.createServer({...certs.server, requestCert: true, rejectUnauthorized: true, ca: [certs.ca]}, socket => {
			socket.on('error', () => {});
			socket.write('220 needs a client certificate\r\n');
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as AddressInfo;
		try {
			const driver = driverFor(port, {host: 'localhost', tls: 'tls', ca: certs.ca});
			const result = await driver.run(message());
			expect(result).toMatchObject({ok: false, stage: 'tls', message: expect.stringContaining('the server demands a client certificate (TLS alert 116')});
			expect(driver.log.entries.map(entry => entry.text).join('\n')).not.toMatch(/SSL routines|rec_layer/);
			// Implicit TLS: the connection itself failed, not a greeting that never came.
			const steps = Object.fromEntries(driver.getSnapshot().steps.map(step => [step.step, step.status]));
			expect(steps).toMatchObject({connect: 'failed', greeting: 'skipped'});
		} finally {
			server.close();
		}
	});

	it('files the login line and a refused login under the AUTH step, though the session is back at MAIL', async () => {
		const certs = await testCerts();
		const server = await smtp();
		const driver = driverFor(server.port, {host: 'localhost', tls: 'starttls', ca: certs.ca, auth: {user: 'demo', password: 'wrong', mechanism: 'PLAIN'}});
		expect(await driver.run(message())).toMatchObject({ok: false, stage: 'auth'});
		const entries = driver.log.entries;
		expect(entries.find(entry => entry.text.startsWith('logging in as demo'))?.step).toBe('auth');
		expect(entries.find(entry => entry.kind === 'error' && entry.text.startsWith('authentication failed'))?.step).toBe('auth');
	});

	it('keeps an EHLO name edited in step mode for the EHLO after STARTTLS', async () => {
		const certs = await testCerts();
		const server = await smtp();
		const driver = driverFor(server.port, {host: 'localhost', tls: 'starttls', ca: certs.ca});
		const proposed: string[] = [];
		const result = await driver.run(message(), {
			confirm: async ({command, display}) => {
				proposed.push(display);
				return command.verb === 'EHLO' && proposed.length === 1 ? {action: 'edit', command: {verb: 'EHLO', domain: 'teacher.example'}} : {action: 'send'};
			},
		});
		expect(result.ok).toBe(true);
		expect(proposed.filter(line => line.startsWith('EHLO'))).toEqual(['EHLO client.test', 'EHLO teacher.example']);
		await driver.quit();
	});

	it('fails before AUTH or MAIL when the certificate is not trusted', async () => {
		const server = await smtp();
		const driver = driverFor(server.port, {host: 'localhost', tls: 'starttls'});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'tls'});
		expect(server.messages).toHaveLength(0);
		expect(driver.getSnapshot().log.some(e => e.kind === 'sent' && e.text.startsWith('MAIL'))).toBe(false);
		// What the refused certificate said stays in the snapshot for the connection panel, with the reason.
		expect(driver.getSnapshot().refusedCertificate).toMatchObject({subject: expect.stringContaining('CN='), reason: 'unable to verify the first certificate'});
		// A new connection starts without it.
		const next = driver.connect();
		expect(driver.getSnapshot().refusedCertificate).toBeUndefined();
		await next;
		await driver.quit();
	});

	it('reports wrong credentials as an AUTH failure', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port, {auth: {user: 'demo', password: 'wrong', mechanism: 'LOGIN'}});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'auth'});
		expect(driver.getSnapshot().log.filter(e => e.kind === 'sent').map(e => e.text)).not.toContain(Buffer.from('wrong').toString('base64'));
	});

	it('explains a refused XOAUTH2 token as the token, not a wrong password: Gmail\'s JSON 334, then its 535', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['AUTH LOGIN PLAIN XOAUTH2']);
			await peer.readLine();
			peer.write('334 eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==\r\n');
			await peer.readLine();
			peer.write('535-5.7.8 Username and Password not accepted. For more information, go to\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials - gsmtp\r\n');
			await peer.readLine();
			peer.end('221 2.0.0 bye\r\n');
		});
		const driver = driverFor(server.port, {auth: {user: 'me@gmail.com', password: 'expired-token', mechanism: 'XOAUTH2'}});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'auth'});
		const explained = (code: number) => driver.getSnapshot().log.find(entry => entry.reply?.code === code)?.explanation;
		expect(explained(334)).toMatch(/^the token was refused \(status 400: Gmail says so for a token that is expired, revoked or lacks the scope; the scope it needs: https:\/\/mail\.google\.com\/\): \{"status":"400"/);
		expect(explained(535)).toMatch(/^the OAuth token was refused: it is invalid or expired, or lacks the mail scope/);
	});

	it('step mode: an EHLO edit the engine could only send raw goes once, as typed, and EHLO is offered again', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port);
		let asked = 0;
		const result = await driver.run(message(), {
			confirm: async ({command}) => {
				asked++;
				return asked === 1 && command.verb === 'EHLO' ? {action: 'edit', command: parseCommandLine('EHLO my laptop'), typed: 'EHLO my laptop'} : {action: 'send'};
			},
		});
		expect(result).toMatchObject({ok: true});
		const sent = driver.log.entries.filter(entry => entry.kind === 'sent').map(entry => entry.text);
		expect(sent.slice(0, 2)).toEqual(['EHLO my laptop', 'EHLO client.test']);
	});

	it('step mode: an edited EHLO name the server refuses is not kept: the planned name is offered again; one it takes is kept', async () => {
		const server = await raw(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			for (;;) {
				const line = await peer.readLine().catch(() => undefined);
				if (line === undefined) return;
				if (/^EHLO bad-name\.invalid$/i.test(line)) peer.write('501 5.5.2 bad EHLO name\r\n');
				else if (/^QUIT/i.test(line)) return peer.end('221 bye\r\n');
				else peer.write('250 raw.test\r\n');
			}
		});
		const offered = async (edits: string[]) => {
			const driver = driverFor(server.port);
			const proposed: string[] = [];
			await driver.run(message(), {
				confirm: async ({display}) => {
					proposed.push(display);
					const typed = edits[proposed.length - 1];
					return typed ? {action: 'edit', command: parseCommandLine(typed), typed} : {action: 'stop'};
				},
			});
			return proposed;
		};
		expect(await offered(['EHLO bad-name.invalid'])).toEqual(['EHLO client.test', 'EHLO client.test']);
		// Taken, it is not offered again: the session goes on to MAIL.
		expect((await offered(['EHLO good-name.test']))[1]).toMatch(/^MAIL FROM:/);
	});

	it('says so in the log when --allow-plaintext-auth lets the login go in clear, and only then', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const said = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'error' && e.text.includes('--allow-plaintext-auth')).length;
		const allowed = driverFor(server.port, {auth: {user: 'demo', password: 'wrong', mechanism: 'LOGIN'}, allowPlaintextAuth: true});
		await allowed.run(message());
		expect(said(allowed)).toBe(1);
		// Loopback allows it by default: nothing was turned off by a flag, nothing to say.
		const loopback = driverFor(server.port, {auth: {user: 'demo', password: 'wrong', mechanism: 'LOGIN'}});
		await loopback.run(message());
		expect(loopback.log.entries.some(e => e.kind === 'sent' && e.text.startsWith('AUTH'))).toBe(true);
		expect(said(loopback)).toBe(0);
	});

	it('keeps per-recipient outcomes and sends to the accepted ones', async () => {
		const server = await smtp({
			hideSTARTTLS: true,
			onRcptTo(address, _session, callback) {
				if (address.address.startsWith('nobody')) callback(Object.assign(new Error('5.1.1 user unknown'), {responseCode: 550}));
				else if (address.address.startsWith('grey')) callback(Object.assign(new Error('4.7.1 greylisted'), {responseCode: 450}));
				else callback();
			},
		});
		const driver = driverFor(server.port);
		const result = await driver.run(message(['nobody@example.test', 'grey@example.test', 'friend@example.test']));
		expect(result.ok).toBe(true);
		expect(result.recipients.map(r => [r.address, r.accepted])).toEqual([
			['nobody@example.test', false],
			['grey@example.test', false],
			['friend@example.test', true],
		]);
		// Refused for good apart from deferred (greylisting): one is to fix, the other to send again later.
		expect(result.ok && result.message).toMatch(/^1 recipient refused \(nobody@example\.test: 550\), 1 deferred \(grey@example\.test: 450\): try again later; queued: 250 /);
		expect(server.messages[0]!.to).toEqual(['friend@example.test']);

		const none = await driverFor(server.port).run(message(['nobody@example.test']));
		expect(none).toMatchObject({ok: false, stage: 'rcpt'});
		expect(server.messages).toHaveLength(1);
	});
	it('logs the message with the size the server stores, then what more went on the wire', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port);
		expect(await driver.run(message())).toMatchObject({ok: true});
		const stored = server.messages[0]!.raw.length;
		const data = driver.getSnapshot().log.find(entry => entry.kind === 'data');
		// One line starts with a dot: one dot more goes, and ".\r\n" ends it.
		expect(data?.text).toBe(`message: 5 lines, ${stored} bytes, then "." (${stored + 1 + 3} bytes sent: 1 line dot-stuffed)`);
		expect(data?.data?.bytes).toBe(stored + 1 + 3);
	});

	it('streams a large body byte for byte through a few reused buffers', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const text = Buffer.from('Subject: big\r\n\r\n' + 'a line of text\r\n.dotted line\nbare LF, then bare CR\r'.repeat(40_000));
		const seen = {chunks: 0, buffers: new Set<ArrayBufferLike>()};
		const driver = driverFor(server.port, {
			open: async options => {
				const connection = await Connection.open(options);
				const writeStream = connection.writeStream.bind(connection);
				connection.writeStream = (source, written, sent) =>
					writeStream(
						(async function* () {
							for await (const chunk of source) {
								seen.chunks++;
								seen.buffers.add(chunk.buffer);
								yield chunk;
							}
						})(),
						written,
						sent,
					);
				return connection;
			},
		});
		const result = await driver.run({
			...message(),
			body: async function* () {
				// Uneven pieces, one bigger than the encoder's slice.
				for (let start = 0, size = 700_000; start < text.length; start += size, size = 65_536) yield text.subarray(start, start + size);
			},
		});
		expect(result).toMatchObject({ok: true});
		expect(server.messages[0]!.raw.equals(Buffer.from(text.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1'))).toBe(true);
		expect(seen.chunks).toBeGreaterThan(20);
		// The pooled buffers and the terminator: not one fresh buffer per chunk.
		expect(seen.buffers.size).toBeLessThanOrEqual(8);
	});
});

describe('SmtpDriver against a scripted raw server', () => {
	it('names the stage of a command its own input spoiled: an EHLO name with a space fails at ehlo, before it is sent', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port, {ehloName: 'bad host name'});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'ehlo', message: expect.stringContaining('one word')});
		expect(driver.log.entries.filter(entry => entry.kind === 'sent').map(entry => entry.text)).not.toContain('EHLO bad host name');
	});

	it('ends the session on a 421 in the middle', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			await peer.readLine();
			peer.end('421 4.3.2 shutting down\r\n');
		});
		const result = await driverFor(server.port).run(message());
		expect(result).toMatchObject({ok: false, stage: 'mail'});
	});

	it('reports a connection dropped during DATA as closed', async () => {
		const server = await raw(async peer => {
			await greetUpToData(peer);
			peer.destroy();
		});
		const big = 'x'.repeat(900) + '\r\n';
		const result = await driverFor(server.port).run(message(undefined, big.repeat(20_000)));
		expect(result.ok).toBe(false);
		expect(['closed', 'final-dot']).toContain(result.stage);
	});

	it('says a connection dropped mid-message in one wording, with how much went, whether the close or the failed write is seen first', async () => {
		for (const first of ['close', 'write'] as const) {
			const server = await raw(async peer => {
				await greetUpToData(peer);
				await peer.readLine();
				peer.destroy();
			});
			// Which sign the socket gives first depends on the machine's load: each order is made here by holding the other back.
			const seen = {close: signal(), write: signal()};
			const driver = driverFor(server.port, {
				open: async options => {
					const connection = await Connection.open(options);
					const on = connection.on.bind(connection);
					connection.on = (event: string, listener: (...args: any[]) => void) =>
						on(event, event !== 'close' ? listener : (...args: any[]) => void (first === 'close' ? (listener(...args), seen.close.resolve()) : seen.write.promise.then(() => listener(...args))));
					const writeStream = connection.writeStream.bind(connection);
					connection.writeStream = async (...args) => {
						try {
							await writeStream(...args);
						} catch (error) {
							if (first === 'close') await seen.close.promise;
							seen.write.resolve();
							throw error;
						}
					};
					return connection;
				},
			});
			const text = `${'a'.repeat(76)}\r\n`.repeat(250_000);
			const result = await driver.run({...message(undefined, text), size: text.length});
			const said = /^the connection closed while the message was being sent \(it did not all go\): [\d,]+ of about 19,500,000 bytes had been handed to the network$/;
			expect(result, `${first} first`).toMatchObject({ok: false, stage: 'closed', message: expect.stringMatching(said)});
			// Said once (the socket's own error, a reset, may stand beside it: that is the cause, not a second wording).
			expect(driver.log.entries.filter(entry => entry.kind === 'error' && entry.text.includes('message')).map(entry => entry.text), `${first} first`).toEqual([result.message]);
		}
	});

	it('aborts when bytes follow the 220 answer to STARTTLS (response injection)', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n250 injected\r\n');
			await peer.closed();
		});
		const driver = driverFor(server.port, {tls: 'starttls'});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'tls'});
		expect(driver.getSnapshot().log.some(e => e.kind === 'sent' && e.text.startsWith('MAIL'))).toBe(false);
	});

	it('a connection closed during the STARTTLS handshake is a TLS failure, before or after the ClientHello', async () => {
		for (const readHello of [false, true]) {
			const server = await raw(async peer => {
				await greetAndEhlo(peer, ['STARTTLS']);
				await peer.readLine();
				const before = peer.received.length;
				peer.write('220 2.0.0 go ahead\r\n');
				if (readHello) await vi.waitFor(() => expect(peer.received.length).toBeGreaterThan(before));
				peer.socket.destroy();
			});
			const result = await driverFor(server.port, {tls: 'starttls'}).run(message());
			expect(result, readHello ? 'after the ClientHello' : 'before it').toMatchObject({ok: false, stage: 'tls'});
		}
	});

	it('drops the connection at once after an injection, not waiting for a server that holds it open', async () => {
		let dropped = false;
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			await peer.holdOpenAfter('220 go ahead\r\n250 injected\r\n');
			dropped = true;
		});
		const driver = driverFor(server.port, {tls: 'starttls'});
		const run = driver.run(message());
		// Well within the 5 s a polite close would wait for the server.
		await vi.waitFor(() => expect(dropped).toBe(true), {timeout: 2500, interval: 20});
		expect(await run).toMatchObject({ok: false, stage: 'tls', kind: 'starttls-injection'});
	});

	it('drops the connection once QUIT is answered, though the server keeps its side open', async () => {
		let dropped = false;
		const server = await raw(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			peer.write('250 queued\r\n');
			await peer.readLine();
			await peer.holdOpenAfter('221 2.0.0 bye\r\n');
			dropped = true;
		});
		const driver = driverFor(server.port);
		expect(await driver.run(message())).toMatchObject({ok: true});
		const quitting = driver.quit();
		// Well within the 5 s the wait for the server's close would take.
		await vi.waitFor(() => expect(dropped).toBe(true), {timeout: 2500, interval: 20});
		await quitting;
		expect(driver.getSnapshot().log.map(entry => entry.text).slice(-2)).toEqual(['221 2.0.0 bye', 'connection closed']);
	});

	it('a server that quotes the AUTH line back does not get the credentials shown, logged or recorded', async () => {
		const payload = Buffer.from('\0bob\0S3cretPW!').toString('base64');
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['AUTH PLAIN']);
			const line = await peer.readLine();
			const password = Buffer.from(line.split(' ')[2]!, 'base64').toString().split('\0')[2]!;
			peer.write(`535-5.7.8 you sent, as ${password}\r\n535-5.7.8 or ${Buffer.from(password).toString('base64')}\r\n535 5.7.8 ${line}\r\n`);
			await peer.readLine().catch(() => undefined);
		});
		const recorded: string[] = [];
		const driver = driverFor(server.port, {auth: {user: 'bob', password: 'S3cretPW!', mechanism: 'PLAIN'}, onWire: record => 'bytes' in record && recorded.push(record.bytes.toString('latin1'))});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'auth'});
		expect(result.message).toContain('AUTH PLAIN [redacted]');
		const shown = driver.getSnapshot().log.map(entry => `${entry.text} ${entry.explanation ?? ''}`).join('\n');
		expect(shown).toContain('535 5.7.8 AUTH PLAIN [redacted]');
		for (const text of [shown, result.message, recorded.join('')]) {
			expect(text).not.toContain(payload);
			expect(text).not.toContain('S3cretPW!');
		}
		expect(shown).toContain('535-5.7.8 you sent, as [redacted]');
		expect(shown).toContain('535-5.7.8 or [redacted]');
	});

	it('closes on a server that floods it with replies, and records nothing of what comes after', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			// Far more than the engine takes unasked, as fast as the socket takes it, until it is gone.
			const flood = Buffer.from('250 stray\r\n'.repeat(5000));
			for (let write = 0; write < 200 && !peer.socket.destroyed; write++) {
				if (!peer.socket.write(flood)) await new Promise(resolve => peer.socket.once('drain', resolve).once('close', resolve));
			}
		});
		let recorded = 0;
		const driver = driverFor(server.port, {onWire: record => 'bytes' in record && record.direction === 'in' && (recorded += record.bytes.length)});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, kind: 'protocol-error', message: expect.stringMatching(/20 replies in a row that nothing asked for/)});
		expect(driver.getSnapshot().log.filter(entry => entry.text.startsWith('warning: unsolicited reply'))).toHaveLength(20);
		await new Promise(resolve => setTimeout(resolve, 100));
		// What the engine read (a read or two), not the megabytes sent after it.
		expect(recorded).toBeLessThan(300_000);
	});

	it('a password quoted back percent-encoded (as JavaScript, Python and a form write it) or in hex is masked too, in either case', async () => {
		const password = 'Tr0ub4dor&3 horse!';
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['AUTH PLAIN']);
			await peer.readLine();
			const hex = Buffer.from(password).toString('hex');
			// encodeURIComponent keeps "!"; Python's quote(safe='') and PHP's rawurlencode write %21; a form writes "+".
			const python = 'Tr0ub4dor%263%20horse%21';
			const form = 'Tr0ub4dor%263+horse%21';
			peer.write(`535-5.7.8 url=${encodeURIComponent(password)} py=${python} form=${form}\r\n535-5.7.8 hex=${hex} HEX=${hex.toUpperCase()}\r\n535 5.7.8 no\r\n`);
			await peer.readLine().catch(() => undefined);
		});
		const driver = driverFor(server.port, {auth: {user: 'bob', password, mechanism: 'PLAIN'}});
		expect(await driver.run(message())).toMatchObject({ok: false, stage: 'auth'});
		const shown = driver.getSnapshot().log.map(entry => entry.text).join('\n');
		expect(shown).toContain('535-5.7.8 url=[redacted] py=[redacted] form=[redacted]\n');
		expect(shown).toContain('535-5.7.8 hex=[redacted] HEX=[redacted]\n');
	});

	it('a quote of the credentials split across reads, or cut short, is masked too', async () => {
		const password = 'Sup3rSecretPassw0rd!XYZ';
		const payload = Buffer.from(`\0bob\0${password}`).toString('base64');
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['AUTH PLAIN']);
			await peer.readLine();
			// Five bytes at a time: every secret straddles reads. Then a quote cut short, and one from the middle.
			const reply = `535-5.7.8 you sent ${payload} pw=${password}\r\n535 5.7.8 that is ${payload.slice(0, 24)}... and ${payload.slice(4, 28)}\r\n`;
			for (let at = 0; at < reply.length; at += 5) {
				peer.write(reply.slice(at, at + 5));
				await new Promise(resolve => setTimeout(resolve, 10));
			}
			await peer.readLine().catch(() => undefined);
		});
		const recorded: string[] = [];
		const driver = driverFor(server.port, {auth: {user: 'bob', password, mechanism: 'PLAIN'}, onWire: record => 'bytes' in record && record.direction === 'in' && recorded.push(record.bytes.toString('latin1'))});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'auth'});
		const shown = driver.getSnapshot().log.map(entry => `${entry.text} ${entry.explanation ?? ''}`).join('\n');
		expect(shown).toContain('535-5.7.8 you sent [redacted] pw=[redacted]');
		expect(shown).toContain('535 5.7.8 that is [redacted]... and [redacted]');
		for (const text of [shown, result.message, recorded.join('')]) {
			for (const piece of [payload.slice(0, 24), payload.slice(4, 28), password.slice(0, 12), password.slice(8)]) expect(text).not.toContain(piece);
		}
	});

	it('masks a quote split after a long read too, and nothing before the login: a reply the engine reads stays whole', async () => {
		const password = 'MySTARTTLSpa!';
		const server = await raw(async peer => {
			// Before AUTH no server has the password: a piece of it in the greeting or EHLO is ordinary text.
			peer.write('220 mx.test ESMTP MySTARTTLS ready\r\n');
			await peer.readLine();
			peer.write('250-mx.test\r\n250-STARTTLSish\r\n250 AUTH PLAIN\r\n');
			await peer.readLine();
			// Over 4 KiB in one write, ending in the first half of the password; the rest in the next.
			peer.write(`${'535-5.7.8 filler line\r\n'.repeat(200)}535-5.7.8 you sent ${password.slice(0, 7)}`);
			await new Promise(resolve => setTimeout(resolve, 30));
			peer.write(`${password.slice(7)}\r\n535 5.7.8 no\r\n`);
			await peer.readLine().catch(() => undefined);
		});
		const driver = driverFor(server.port, {auth: {user: 'bob', password, mechanism: 'PLAIN'}, allowPlaintextAuth: true});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'auth'});
		const shown = driver.getSnapshot().log.map(entry => entry.text).join('\n');
		expect(shown).toContain('220 mx.test ESMTP MySTARTTLS ready');
		expect(shown).toContain('250-STARTTLSish');
		expect(shown).toContain('535-5.7.8 you sent [redacted]');
		const quoted = [...shown.split('\n').filter(line => line.startsWith('535')), result.message].join('\n');
		for (const piece of [password.slice(0, 7), password.slice(7)]) expect(quoted).not.toContain(piece);
	});

	it('a STARTTLS handshake that never starts times out once: the close that follows is not a second failure', async () => {
		let closed!: () => void;
		const serverSawClose = new Promise<void>(resolve => (closed = resolve));
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n');
			await peer.closed();
			closed();
		});
		const wire: string[] = [];
		const driver = driverFor(server.port, {tls: 'starttls', timeouts: {connect: 200}, onWire: record => record.direction !== 'out' && record.direction !== 'in' && wire.push(record.direction)});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'tls'});
		// The client's own close is long handled once the server has seen it.
		await serverSawClose;
		await new Promise(resolve => setImmediate(resolve));
		expect(wire).toEqual(['timeout']);
		const errors = driver.getSnapshot().log.filter(entry => entry.kind === 'error').map(entry => entry.text);
		expect(errors.join('\n')).toContain('waiting for the TLS handshake');
		expect(errors.join('\n')).not.toContain('closed the connection during the handshake');
	});

	it('closes a session whose replies are out of step, even when a refusal would keep it open for the next message', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			for (const reply of ['250 ok', '250 ok', '250 ok data?']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			if ((await peer.readLine()) === 'QUIT') peer.write('221 bye\r\n');
			await peer.closed();
		});
		const driver = driverFor(server.port);
		const result = await driver.run(message(), {keepOpen: true});
		expect(result).toMatchObject({ok: false, stage: 'data', message: expect.stringContaining('out of step')});
		await driver.until(state => state.ended);
		await driver.until(() => false);
		expect(driver.getSnapshot().connection).not.toBe('connected');
		// No QUIT: its answer would be one of the replies still one behind.
		expect(driver.getSnapshot().log.filter(e => e.kind === 'sent').map(e => e.text).at(-1)).toBe('DATA');
	});

	it('sends the next message on the same connection after one refused before MAIL went (over the SIZE limit)', async () => {
		const server = await smtp({hideSTARTTLS: true, size: 1000});
		const driver = driverFor(server.port);
		expect(await driver.run({...message(), size: 5000}, {keepOpen: true})).toMatchObject({ok: false, stage: 'mail'});
		expect(driver.getSnapshot().steps.find(s => s.step === 'mail')?.status).toBe('failed');
		expect(driver.getSnapshot().connection).toBe('connected');
		expect(await driver.run({...message(), size: 100}, {keepOpen: true})).toMatchObject({ok: true});
		expect(server.messages).toHaveLength(1);
		expect(driver.getSnapshot().steps.find(s => s.step === 'mail')?.status).toBe('done');
		const sent = driver.getSnapshot().log.filter(e => e.kind === 'sent').map(e => e.text);
		expect(sent).toEqual(['EHLO client.test', 'MAIL FROM:<me@example.test> SIZE=100', 'RCPT TO:<friend@example.test>', 'DATA']);
	});

	it('marks the step at which it stops by itself failed on the rail: STARTTLS required but not offered', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			if ((await peer.readLine()) === 'QUIT') peer.write('221 bye\r\n');
			await peer.closed();
		});
		const driver = driverFor(server.port, {tls: 'starttls'});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'tls'});
		const status = Object.fromEntries(driver.getSnapshot().steps.map(s => [s.step, s.status]));
		expect(status).toMatchObject({ehlo: 'done', starttls: 'failed', auth: 'pending', mail: 'pending'});
		expect(driver.getSnapshot().steps.find(s => s.step === 'starttls')).not.toHaveProperty('code');
	});

	it('times out a step that gets no answer, naming what it waited for', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			await peer.readLine();
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {command: 200}});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'mail'});
		expect(result.message).toBe('no answer within 0.2 s while waiting for the reply to MAIL');
		// The connection is dropped: no QUIT written after it, and no blame on the server for not answering one.
		await driver.until(() => false);
		const texts = driver.log.entries.map(entry => entry.text);
		expect(texts).not.toContain('QUIT');
		expect(texts.join('\n')).not.toMatch(/write failed|without answering QUIT/);
		// A timeout fails the step it waited on, as a refusal would: it did not happen, but it was not skipped either.
		expect(driver.getSnapshot().steps.find(step => step.step === 'mail')).toEqual({step: 'mail', status: 'failed'});
	});

	it('fails the greeting step when the server accepts the connection and never greets', async () => {
		const server = await raw(async peer => {
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {greeting: 100}});
		const result = await driver.run(message());
		expect(result).toMatchObject({ok: false, stage: 'banner', message: 'no answer within 0.1 s while waiting for the greeting'});
		await driver.until(() => false);
		const status = Object.fromEntries(driver.getSnapshot().steps.map(step => [step.step, step.status]));
		expect(status).toMatchObject({connect: 'done', greeting: 'failed', ehlo: 'pending'});
		expect(driver.log.entries.filter(entry => entry.kind === 'error').map(entry => entry.text)).toEqual(['no answer within 0.1 s while waiting for the greeting']);
	});

	it('times the whole reply: a server that drips it a byte at a time does not restart the clock', async () => {
		let dripping = true;
		const server = await raw(async peer => {
			peer.write('220-');
			while (dripping && !peer.socket.destroyed) {
				peer.write('x');
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		});
		const driver = driverFor(server.port, {timeouts: {greeting: 300}});
		const result = await driver.run(message());
		dripping = false;
		// What dripped in is quoted: a tarpit, not a server that said nothing.
		expect(result).toMatchObject({ok: false, stage: 'banner', message: expect.stringMatching(/^the greeting started \("220-x+", with no line end yet\) but did not finish within 0\.3 s/)});
	});

	it('records a typed answer to a 334 as AUTH-RESPONSE, never as the command it looked like', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['AUTH LOGIN']);
			await peer.readLine();
			peer.write('334 VXNlcm5hbWU6\r\n');
			await peer.readLine();
			peer.write('535 5.7.8 no\r\n');
			await peer.closed();
		});
		const wire: Array<{verb?: string; text: string}> = [];
		const driver = driverFor(server.port, {onWire: record => record.direction === 'out' && wire.push({...(record.verb && {verb: record.verb}), text: record.bytes.toString()})});
		await driver.connect();
		await driver.until(state => state.awaiting !== 'greeting');
		for (const typed of ['EHLO client.test', 'AUTH LOGIN', 'QUIT']) {
			driver.sendCommand(parseCommandLine(typed), typed);
			await driver.until(state => state.awaiting !== 'reply');
		}
		expect(wire.at(-1)).toEqual({verb: 'AUTH-RESPONSE', text: '[redacted]\r\n'});
	});

	it('says a login typed by hand goes unencrypted to a host that is not this machine, and sends it as typed', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['AUTH PLAIN']);
			await peer.readLine();
			peer.write('235 2.7.0 ok\r\n');
			await peer.closed();
		});
		const errors = (driver: SmtpDriver) => driver.getSnapshot().log.filter(entry => entry.kind === 'error').map(entry => entry.text);
		const typed = `AUTH PLAIN ${Buffer.from('\0bob\0S3cretPW!').toString('base64')}`;
		// Named as a remote host, reached on loopback: only the name decides.
		const remote = driverFor(server.port, {host: 'mail.example.test', open: options => Connection.open({...options, host: '127.0.0.1'})});
		await remote.connect();
		await remote.until(state => state.awaiting !== 'greeting');
		remote.sendCommand(parseCommandLine('EHLO client.test'), 'EHLO client.test');
		await remote.until(state => state.awaiting !== 'reply');
		remote.sendCommand(parseCommandLine(typed), typed);
		await remote.until(state => state.awaiting !== 'reply');
		expect(errors(remote)).toEqual(['this login goes unencrypted to mail.example.test: anyone in the path can read it (STARTTLS first; Ctrl+S and send refuse it)']);
		expect(remote.getSnapshot().log.find(entry => entry.kind === 'sent' && entry.text.startsWith('AUTH'))?.text).toBe('AUTH PLAIN [redacted]');
	});

	describe('a QUIT that gets no answer: the log says who closed the connection', () => {
		/** Greets, refuses MAIL (the driver then says QUIT), reads QUIT and then does `then`. */
		async function refuseMail(then: (peer: RawPeer) => void | Promise<void>) {
			return raw(async peer => {
				await greetAndEhlo(peer);
				await peer.readLine();
				peer.write('550 5.7.1 not you\r\n');
				expect(await peer.readLine()).toBe('QUIT');
				await then(peer);
			});
		}

		function warnings(driver: SmtpDriver): string[] {
			return driver.log.entries.filter(entry => entry.text.startsWith('warning:')).map(entry => entry.text);
		}

		it('we closed it after waiting for the 221 in vain; the server closed it first', async () => {
			const silent = await refuseMail(peer => peer.closed());
			const driver = driverFor(silent.port, {timeouts: {quit: 100}});
			const result = await driver.run(message());
			expect(result).toMatchObject({ok: false, stage: 'mail'});
			expect(driver.getSnapshot().connection).toBe('closed');
			expect(warnings(driver)).toEqual(['warning: no answer within 0.1 s while waiting for the reply to QUIT; closed the connection']);
			// Only a warning: the failure is still the refused MAIL.
			expect(driver.log.entries.filter(entry => entry.kind === 'error').map(entry => entry.text)).toEqual(['the sender was refused: 550 5.7.1 not you']);

			const hangingUp = await refuseMail(peer => peer.destroy());
			const other = driverFor(hangingUp.port, {timeouts: {quit: 5000}});
			await other.run(message());
			expect(warnings(other)).toEqual(['warning: the server closed the connection without answering QUIT']);
		});

		it('a QUIT typed by hand waits as long as a quit does, and the wait shown says that limit, not the step timeout', async () => {
			const server = await raw(async peer => {
				await greetAndEhlo(peer);
				expect(await peer.readLine()).toBe('QUIT');
				await peer.closed();
			});
			const driver = driverFor(server.port, {timeouts: {command: 30_000, quit: 200}});
			await driver.connect();
			await driver.until(state => state.awaiting !== 'greeting');
			driver.sendCommand({verb: 'EHLO', domain: 'client.test'});
			await driver.until(state => state.pending.length === 0);
			driver.sendCommand(parseCommandLine('QUIT'), 'QUIT');
			expect(driver.getSnapshot().waiting).toMatchObject({what: 'the reply to QUIT', timeoutMs: 200});
			await driver.until(() => false);
			expect(warnings(driver)).toEqual(['warning: no answer within 0.2 s while waiting for the reply to QUIT; closed the connection']);
		});

		it('a QUIT sent behind a reply still awaited (Ctrl+X while MAIL waits): that wait, too, is counted against the QUIT limit', async () => {
			const server = await raw(async peer => {
				await greetAndEhlo(peer);
				await peer.readLine();
				await peer.closed();
			});
			const driver = driverFor(server.port, {timeouts: {command: 30_000, quit: 200}});
			const waits: Array<{what: string; timeoutMs: number}> = [];
			driver.subscribe(() => {
				const {waiting} = driver.getSnapshot();
				if (waiting?.what === 'the reply to MAIL') waits.push({what: waiting.what, timeoutMs: waiting.timeoutMs});
			});
			let quit: Promise<void> | undefined;
			driver.subscribe(() => {
				if (waits.length > 0) quit ??= driver.quit();
			});
			await driver.run(message());
			await quit;
			// First the step timeout; once QUIT went, the QUIT limit.
			expect(waits[0]).toEqual({what: 'the reply to MAIL', timeoutMs: 30_000});
			expect(waits.at(-1)).toEqual({what: 'the reply to MAIL', timeoutMs: 200});
		});

		it('we closed it when the step timeout ran out first', async () => {
			const server = await refuseMail(peer => peer.closed());
			const driver = driverFor(server.port, {timeouts: {command: 100}});
			await driver.run(message());
			await driver.until(() => false);
			expect(warnings(driver)).toEqual(['warning: no answer within 0.1 s while waiting for the reply to QUIT; closed the connection']);
			expect(driver.log.entries.filter(entry => entry.kind === 'error').map(entry => entry.text)).toEqual(['the sender was refused: 550 5.7.1 not you']);
		});

		it('we close while DATA waits for its 354 without a QUIT: it would be the first line of the message', async () => {
			let answer: () => void = () => undefined;
			const asked = new Promise<void>(resolve => (answer = resolve));
			const server = await raw(async peer => {
				await greetAndEhlo(peer);
				for (const reply of ['250 ok', '250 ok']) {
					await peer.readLine();
					peer.write(`${reply}\r\n`);
				}
				await peer.readLine();
				answer();
				// The 354 comes late, after the user closed: it must find nothing more to read.
				await new Promise(resolve => setTimeout(resolve, 100));
				peer.write('354 go ahead\r\n');
				await peer.closed();
			});
			const driver = driverFor(server.port, {timeouts: {quit: 1000}});
			const run = driver.run(message());
			await asked;
			await driver.quit();
			expect(await run).toMatchObject({ok: false});
			const received = Buffer.concat(server.peers[0]!.received).toString();
			expect(received.endsWith('DATA\r\n')).toBe(true);
			expect(received).not.toContain('QUIT');
			expect(driver.log.entries.map(entry => entry.text)).toContain('closing without QUIT: DATA is waiting for its answer, and after a 354 a QUIT would be taken as part of the message');
		});

		it('we close before the greeting came without a QUIT: it would be talking first, and nothing is blamed on the server', async () => {
			const server = await raw(async peer => {
				await peer.closed();
			});
			const driver = driverFor(server.port, {timeouts: {quit: 100}});
			expect(await driver.connect()).toBe(true);
			await driver.quit();
			await driver.until(() => false);
			expect(driver.log.entries.filter(entry => entry.kind === 'sent')).toEqual([]);
			expect(driver.log.entries.map(entry => entry.text)).toContain('closing without QUIT: the server has not greeted yet');
			expect(warnings(driver)).toEqual([]);
			expect(Buffer.concat(server.peers[0]!.received).toString()).toBe('');
		});
	});

	it('pauses before each command in step mode and lets the user edit one', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port);
		const proposals: string[] = [];
		const steps: unknown[] = [];
		const result = await driver.run(message(), {
			confirm: async ({command, display}) => {
				proposals.push(display);
				expect(driver.getSnapshot().proposed?.display).toBe(display);
				steps.push(driver.getSnapshot().proposed?.step);
				return command.verb === 'RCPT' ? {action: 'edit', command: {verb: 'RCPT', to: 'edited@example.test'}} : {action: 'send'};
			},
		});
		expect(result.ok).toBe(true);
		// The message itself is a step too (a presenter explains it before it goes), shown but not edited.
		expect(proposals).toEqual([
			'EHLO client.test',
			'MAIL FROM:<me@example.test>',
			'RCPT TO:<friend@example.test>',
			'DATA',
			'(the message, ending with a lone ".")',
		]);
		expect(steps).toEqual(['ehlo', 'mail', 'rcpt', 'data', 'message']);
		expect(server.messages[0]!.to).toEqual(['edited@example.test']);
		await driver.quit();
	});

	it('stopping before the message closes the connection: after 354 nothing else may follow', async () => {
		const server = await smtp({hideSTARTTLS: true});
		const driver = driverFor(server.port);
		const result = await driver.run({...message(), size: 1234}, {
			confirm: async ({display}) => (display === '(the message, about 1,234 bytes, ending with a lone ".")' ? {action: 'stop'} : {action: 'send'}),
		});
		expect(result).toMatchObject({ok: false, message: 'stopped by the user'});
		expect(driver.log.entries.map(entry => entry.text)).toContain('stopped before the message: the connection is closed, since after 354 only a message may follow');
		await driver.until(() => false);
		expect(driver.getSnapshot().connection).not.toBe('connected');
		// The close was ours: no error about a connection lost, and the message step is not marked failed.
		expect(driver.log.entries.filter(entry => entry.kind === 'error')).toEqual([]);
		expect(driver.getSnapshot().steps.find(step => step.step === 'message')?.status).toBe('skipped');
		expect(server.messages).toEqual([]);
	});
});

describe('SmtpDriver in step mode after a failure', () => {
	it('offers the QUIT as a step too: it goes on Enter, and Esc keeps the connection open', async () => {
		const refuseEhlo = async (peer: RawPeer) => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.write('550 5.7.1 not you\r\n');
			if ((await peer.readLine()) === 'QUIT') peer.write('221 bye\r\n');
			await peer.closed();
		};
		for (const answer of ['send', 'stop'] as const) {
			const server = await raw(refuseEhlo);
			const driver = driverFor(server.port);
			const offered: string[] = [];
			const result = await driver.run(message(), {
				confirm: async ({command}) => {
					offered.push(command.verb);
					// A person answers later: the offer must still stand then (the failure is no reason to withdraw it).
					if (command.verb === 'QUIT') await new Promise(resolve => setTimeout(resolve, 50));
					return command.verb === 'QUIT' ? {action: answer} : {action: 'send'};
				},
			});
			expect(result).toMatchObject({ok: false, stage: 'ehlo'});
			expect(offered, answer).toEqual(['EHLO', 'QUIT']);
			if (answer === 'send') {
				await driver.until(() => false);
				expect(server.peers[0]!.received.map(String).join('')).toContain('QUIT\r\n');
				expect(driver.getSnapshot().connection).not.toBe('connected');
			} else {
				expect(driver.getSnapshot().connection).toBe('connected');
				expect(driver.log.entries.map(entry => entry.text)).toContain('stopped by the user before QUIT; the connection stays open');
				expect(server.peers[0]!.received.map(String).join('')).not.toContain('QUIT');
				await driver.quit();
			}
		}
	});
});

describe('SmtpDriver when the server ends the session on its own', () => {
	it('a 421 while a step waits for Enter withdraws the offer and fails no step (nothing was sent)', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			// The presenter is still explaining MAIL: the server's idle timer fires.
			await new Promise(resolve => setTimeout(resolve, 50));
			peer.write('421 4.4.2 Timeout - closing connection\r\n');
			peer.socket.end();
		});
		const driver = driverFor(server.port);
		const offered: string[] = [];
		const result = await driver.run(message(), {
			confirm: async ({command}) => {
				offered.push(command.verb);
				// Enter for EHLO; MAIL waits for ever, as a presenter mid-sentence does.
				return command.verb === 'EHLO' ? {action: 'send'} : new Promise(() => {});
			},
		});
		expect(offered).toEqual(['EHLO', 'MAIL']);
		expect(result).toMatchObject({ok: false, stage: 'closed', message: expect.stringContaining('on its own')});
		const snapshot = driver.getSnapshot();
		expect(snapshot.proposed).toBeUndefined();
		expect(snapshot.steps.filter(step => step.status === 'failed')).toEqual([]);
		expect(driver.log.entries.map(entry => entry.text)).not.toContain('stopped by the user before MAIL; the connection stays open');
		// A reply nobody asked for gets no reply time.
		const closing = driver.log.entries.find(entry => entry.text.startsWith('421'));
		expect(closing?.latencyMs).toBeUndefined();
		expect(server.peers[0]!.received.map(String).join('')).not.toContain('MAIL');
	});
});

describe('SmtpDriver: --quit-after around STARTTLS, counted as swaks counts EHLOs', () => {
	/** What the client sent, marked as the transcript marks it: `~>` inside TLS. */
	const sent = (driver: SmtpDriver) => driver.log.entries.filter(entry => entry.kind === 'sent').map(entry => `${entry.tls ? '~>' : '->'} ${entry.text}`);

	it('ehlo (swaks: helo) stops after the last EHLO, the one inside TLS', async () => {
		const certs = await testCerts();
		const server = await smtp();
		const driver = driverFor(server.port, {host: 'localhost', tls: 'auto', ca: certs.ca});
		expect(await driver.run(message(), {quitAfter: 'ehlo'})).toMatchObject({ok: true});
		expect(sent(driver)).toEqual(['-> EHLO client.test', '-> STARTTLS', '~> EHLO client.test', '~> QUIT']);
		expect(driver.getSnapshot().secure).toBe(true);
	});

	it('first-ehlo (swaks: first-helo) stops after the first EHLO, before STARTTLS', async () => {
		const certs = await testCerts();
		const server = await smtp();
		const driver = driverFor(server.port, {host: 'localhost', tls: 'auto', ca: certs.ca});
		expect(await driver.run(message(), {quitAfter: 'first-ehlo'})).toMatchObject({ok: true});
		expect(sent(driver)).toEqual(['-> EHLO client.test', '-> QUIT']);
		expect(driver.getSnapshot().secure).toBe(false);
	});
});

describe('SmtpDriver: refusals said before MAIL, from what EHLO told', () => {
	const sentLines = (driver: SmtpDriver) => driver.log.entries.filter(entry => entry.kind === 'sent').map(entry => entry.text);

	it('a message over the advertised SIZE is not sent: a MAIL-stage failure that says so, not a refused sender', async () => {
		const server = await smtp({hideSTARTTLS: true, size: 500});
		const driver = driverFor(server.port);
		const result = await driver.run({...message(), size: 4737});
		expect(result).toMatchObject({
			ok: false,
			stage: 'mail',
			message: 'the message is about 4,737 bytes and the server accepts at most 500 (SIZE in its EHLO reply): it was not sent',
		});
		expect(sentLines(driver)).toEqual(['EHLO client.test', 'QUIT']);
		// Refused here, not by the server: MAIL fails on the rail, with no code.
		expect(driver.getSnapshot().steps.find(state => state.step === 'mail')).toEqual({step: 'mail', status: 'failed'});
	});

	it('a non-ASCII recipient to a server without SMTPUTF8 is named, and fails as a recipient (RCPT)', async () => {
		const server = await smtp({hideSTARTTLS: true, hideSMTPUTF8: true});
		const driver = driverFor(server.port);
		const result = await driver.run(message(['friend@example.test', 'ünï@x.test']));
		expect(result).toMatchObject({
			ok: false,
			stage: 'rcpt',
			message: 'the recipient ünï@x.test has non-ASCII characters, but the server does not offer SMTPUTF8 (RFC 6531): only "ünï", before the @, needs it: use an address that is ASCII there; nothing was sent',
		});
		expect(sentLines(driver)).toEqual(['EHLO client.test', 'QUIT']);
		expect(server.messages).toEqual([]);
		// The rail: STARTTLS (not offered), AUTH and MAIL (never sent) were passed over; the failure is RCPT's.
		const status = Object.fromEntries(driver.getSnapshot().steps.map(state => [state.step, state.status]));
		expect(status).toMatchObject({ehlo: 'done', starttls: 'skipped', auth: 'skipped', mail: 'skipped', rcpt: 'failed', data: 'pending'});
	});
});

describe('SmtpDriver: a reply that came while the process was held up', () => {
	it('is read before the timeout is judged: a reply in time is no timeout because the clock fired first (a stopped process resumed)', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			for (;;) {
				const line = await peer.readLine();
				if (line === 'QUIT') return peer.end('221 bye\r\n');
				// In time: well within the 150 ms timeout.
				await new Promise(resolve => setTimeout(resolve, 40));
				peer.write(line === 'DATA' ? '354 go\r\n' : '250 ok\r\n');
				if (line === 'DATA') while ((await peer.readLine()) !== '.');
				if (line === 'DATA') peer.write('250 queued\r\n');
			}
		});
		let held = false;
		const driver = driverFor(server.port, {
			timeouts: {command: 150},
			onWire: record => {
				if (held || record.direction !== 'out' || !record.bytes.toString('latin1').startsWith('MAIL')) return;
				held = true;
				// As a process stopped (Ctrl+Z, kill -STOP) and resumed: the reply and the timeout are both due at once.
				setTimeout(() => {
					const until = Date.now() + 400;
					while (Date.now() < until);
				}, 10);
			},
		});
		const result = await driver.run(message());
		expect(held).toBe(true);
		expect(result).toMatchObject({ok: true});
	});
});

describe('SmtpDriver: a server that stops mid-transaction', () => {
	it('a 421 to RCPT is kept as that recipient\'s outcome, with its code', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer);
			for (const reply of ['250 2.1.0 ok', '250 2.1.5 ok']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			await peer.readLine();
			peer.end('421 4.3.2 closing the connection\r\n');
		});
		const result = await driverFor(server.port).run(message(['friend@example.test', 'bye@example.test']));
		expect(result).toMatchObject({ok: false, stage: 'rcpt'});
		expect(result.recipients).toEqual([
			{address: 'friend@example.test', accepted: true, reply: expect.objectContaining({code: 250})},
			{address: 'bye@example.test', accepted: false, reply: expect.objectContaining({code: 421, lines: ['closing the connection']})},
		]);
	});

	it('publishes how much of the message has left while it goes, a few times a second, timing the wait from the last bytes', async () => {
		const size = 8 * 1024 * 1024;
		const server = await raw(async peer => {
			await greetUpToData(peer);
			// 4 MB/s, paused whenever ahead: about a second past what loopback's buffers take at once.
			const started = performance.now();
			let read = 0;
			peer.socket.on('data', (bytes: Buffer) => {
				read += bytes.length;
				const ahead = read / 4000 - (performance.now() - started);
				if (ahead <= 0) return;
				peer.socket.pause();
				setTimeout(() => peer.socket.resume(), ahead);
			});
			await peer.readData();
			peer.write('250 queued\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const driver = driverFor(server.port);
		const seen: Array<{at: number; sent: number; size?: number; since?: number}> = [];
		driver.subscribe(() => {
			const {sending, waiting} = driver.getSnapshot();
			if (sending) seen.push({at: performance.now(), ...sending, ...(waiting && {since: waiting.since})});
		});
		const block = Buffer.from(`${'x'.repeat(98)}\r\n`.repeat(10_000));
		const result = await driver.run({
			...message(),
			size,
			body: async function* () {
				for (let sent = 0; sent < size; sent += block.length) yield block;
			},
		});
		expect(result).toMatchObject({ok: true});
		expect(driver.getSnapshot().sending).toBeUndefined();
		// From nothing, more and more, of the size given.
		expect(seen[0]).toMatchObject({sent: 0, size});
		expect(seen.length).toBeGreaterThanOrEqual(3);
		for (const [index, publish] of seen.entries()) {
			if (index === 0) continue;
			expect(publish.sent).toBeGreaterThan(seen[index - 1]!.sent);
			// The wait is counted from the bytes that left last: it starts again with each publish.
			expect(publish.since).toBeGreaterThan(seen[index - 1]!.since!);
			// A redraw each, so a few a second at most: after the first, a quarter of a second apart.
			if (index > 1) expect(publish.at - seen[index - 1]!.at).toBeGreaterThanOrEqual(240);
		}
	});

	it('a server that stops reading the message fails DATA, saying how much went and that it was not delivered', async () => {
		const server = await raw(async peer => {
			await greetUpToData(peer);
			// Never reads again: once the socket buffers on both sides are full, the client cannot write.
			peer.socket.pause();
			await peer.closed();
		});
		// Far more than loopback's socket buffers hold, made as it is read.
		const line = Buffer.from(`${'x'.repeat(98)}\r\n`);
		const size = 40 * 1024 * 1024;
		const driver = driverFor(server.port, {timeouts: {dataBlock: 500}});
		const result = await driver.run({
			...message(),
			size,
			body: async function* () {
				const block = Buffer.concat(Array.from({length: 10_000}, () => line));
				for (let sent = 0; sent < size; sent += block.length) yield block;
			},
		});
		expect(result).toMatchObject({ok: false, stage: 'data'});
		const match = /^nothing more of the message left this machine for 0\.5 s: the link or the server stalled; ([\d,]+) of about 41,943,040 bytes were handed to the network, and it was not delivered$/.exec(result.message);
		expect(match, result.message).not.toBeNull();
		const went = Number(match![1]!.replaceAll(',', ''));
		expect(went).toBeGreaterThan(0);
		expect(went).toBeLessThan(size);
		// The final dot never went: the message step failed, it is not waiting for a reply that may come.
		const status = Object.fromEntries(driver.getSnapshot().steps.map(step => [step.step, step.status]));
		expect(status).toMatchObject({data: 'done', message: 'failed', queued: 'pending'});
	});
});
