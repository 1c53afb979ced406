import {execFileSync, spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, createReadStream, mkdtempSync, openSync, readFileSync, writeFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {testCerts} from '../helpers/certs.js';
import {greetAndEhlo, greetUpToData, queueAndQuit, startRawServer, type RawServer} from '../helpers/raw-server.js';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-'));
let server: TestSmtpServer;
let tlsServer: TestSmtpServer;
let caFile: string;

beforeAll(async () => {
	server = await startSmtpServer({
		hideSTARTTLS: true,
		size: 50_000,
		onRcptTo(address, _session, callback) {
			if (address.address.startsWith('nobody')) callback(Object.assign(new Error('5.1.1 user unknown'), {responseCode: 550}));
			else if (address.address.startsWith('grey')) callback(Object.assign(new Error('4.7.1 greylisted'), {responseCode: 450}));
			else callback();
		},
	});
	tlsServer = await startSmtpServer();
	caFile = path.join(dir, 'ca.pem');
	writeFileSync(caFile, (await testCerts()).ca);
});
afterAll(async () => {
	await server.close();
	await tlsServer.close();
});

const base = () => ['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--helo', 'client.test'];

describe('smtp-tui send', () => {
	it('runs a whole session with a swaks-like transcript and exit code 0', async () => {
		const result = await runCli([...base(), '--to', 'friend@example.test', '--subject', 'Hi there', '--body', 'Hello!']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^=== connecting to 127\.0\.0\.1:\d+/m);
		expect(result.stdout).toMatch(/^<- {2}220 /m);
		expect(result.stdout).toMatch(/^ -> EHLO client\.test$/m);
		expect(result.stdout).toMatch(/^ -> MAIL FROM:<me@example\.test>/m);
		expect(result.stdout).toMatch(/^ -> RCPT TO:<friend@example\.test>$/m);
		expect(result.stdout).toMatch(/^ -> QUIT$/m);
		const message = server.messages.at(-1)!;
		expect(message.to).toEqual(['friend@example.test']);
		expect(message.raw.toString()).toMatch(/^Subject: Hi there\r$/m);
		expect(message.raw.toString()).toContain('Hello!');
	});

	it('puts exactly the --data file on the wire: CRLF everywhere, dots stuffed', async () => {
		const seen: Buffer[] = [];
		const rawServer: RawServer = await startRawServer(async peer => {
			await greetUpToData(peer);
			seen.push(await peer.readData());
			peer.write('250 queued\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const file = path.join(dir, 'dots.eml');
		writeFileSync(file, 'Subject: dots\r\n\r\n.\n..x\nbare LF\rbare CR\r\nlast');
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(rawServer.port), '--to', 'a@example.test', '--data', `@${file}`]);
		await rawServer.close();
		expect(result.code).toBe(0);
		expect(seen[0]!.toString('latin1')).toBe('Subject: dots\r\n\r\n..\r\n...x\r\nbare LF\r\nbare CR\r\nlast\r\n.\r\n');
	});

	it('exits 24 when some recipients are refused, 0 with --allow-partial, and says which', async () => {
		const partial = await runCli([...base(), '--to', 'nobody@example.test,grey@example.test,friend@example.test']);
		expect(partial.code).toBe(24);
		// Refused for good (550) apart from deferred (greylisting's 450): to fix, or to send again later.
		expect(partial.stdout).toContain('*** sent to the accepted recipients only; 1 recipient refused (nobody@example.test: 550), 1 deferred (grey@example.test: 450): try again later (exit 24;');
		expect(server.messages.at(-1)!.to).toEqual(['friend@example.test']);
		const allowed = await runCli([...base(), '--to', 'nobody@example.test', '--to', 'friend@example.test', '--allow-partial']);
		expect(allowed.code).toBe(0);
		// --json: the message was queued, and the result carries the server's reply (its queue id) as well.
		const json = await runCli([...base(), '--to', 'nobody@example.test,friend@example.test', '--json', '--quiet']);
		expect(JSON.parse(json.stdout)).toMatchObject({ok: false, exitCode: 24, stage: 'rcpt', queued: expect.stringMatching(/^250 /)});
	});

	// RFC 5321 §4.5.3.1.10: the recipients over the server's limit go in another message, now, not after a wait.
	it('a recipient over the limit per message (452 4.5.3): sent to the others, and the rest in another message at once', async () => {
		const rawServer: RawServer = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['8BITMIME', 'ENHANCEDSTATUSCODES']);
			for (const reply of ['250 2.1.0 ok', '250 2.1.5 ok', '452 4.5.3 Too many recipients', '354 go ahead']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			await queueAndQuit(peer);
		});
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(rawServer.port), '--from', 'me@example.test', '--to', 'a@example.test,b@example.test', '--body', 'hi']);
		await rawServer.close();
		expect(result.code).toBe(24);
		expect(result.stdout).toContain('# 452: too many recipients for one message: this one was not taken; send to it in another message, at once (no wait is needed)');
		expect(result.stdout).toContain(
			'*** sent to the accepted recipients only; 1 recipient refused (b@example.test: 452); too many recipients for one message: send to b@example.test in another, at once (exit 24; --allow-partial to accept this)',
		);
		expect(result.stdout).not.toMatch(/try again later/);
	});

	it('exits 24 without sending DATA when every recipient is refused', async () => {
		const before = server.messages.length;
		const result = await runCli([...base(), '--to', 'nobody@example.test']);
		expect(result.code).toBe(24);
		expect(result.stdout).not.toMatch(/^ -> DATA$/m);
		expect(server.messages.length).toBe(before);
		// --quiet: the failure once, on stderr, and nothing else.
		const quiet = await runCli([...base(), '--to', 'nobody@example.test', '--quiet']);
		expect(quiet.code).toBe(24);
		expect(quiet.stdout).toBe('');
		expect(quiet.stderr).toMatch(/^failed \(rcpt\): no recipient was accepted: nobody@example\.test \(550 [^\n]*\)[^\n]*\n$/);
	});

	it('exits 23 without sending MAIL when the message is over the advertised SIZE limit', async () => {
		const result = await runCli([...base(), '--to', 'friend@example.test', '--body', 'x'.repeat(900).concat('\n').repeat(100)]);
		expect(result.code).toBe(23);
		expect(result.stdout).not.toMatch(/^ -> MAIL/m);
		expect(result.stdout).toMatch(/^\*\*\* failed \(mail\): the message is about [\d,]+ bytes and the server accepts at most 50,000 \(SIZE in its EHLO reply\): it was not sent; --ignore-size sends it anyway, to see the server refuse it$/m);
	});

	it('exits 26 when the server refuses the message after the final dot', async () => {
		const refusing = await startSmtpServer({
			hideSTARTTLS: true,
			onData(stream, _session, callback) {
				stream.resume();
				stream.on('end', () => callback(Object.assign(new Error('5.3.4 message too big'), {responseCode: 552})));
			},
		});
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(refusing.port), '--to', 'friend@example.test']);
		await refusing.close();
		expect(result.code).toBe(26);
		// swaks' marker for a refusal, which runbooks grep for.
		expect(result.stdout).toMatch(/^<\*\* 552/m);
	});

	it('exits as soon as it reports a connection dropped while the message was going, not after --timeout', async () => {
		// The server hangs up two lines into a message too big for the socket buffers: chunks encoded after the
		// drop once armed the data clock again, and the process waited out the whole --timeout.
		const dropping = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readLine();
			await peer.readLine();
			peer.destroy();
		});
		const body = path.join(dir, 'big-body.txt');
		writeFileSync(body, `${'a'.repeat(76)}\n`.repeat(250_000));
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(dropping.port), '--to', 'a@example.test', '--body', `@${body}`, '--timeout', '600']);
		await dropping.close();
		expect(result.code).toBe(6);
		// Said as it was: the message had not all gone, and how much had. Whichever of the socket's two signs comes
		// first (the close, or the failed write of the next piece), it is said in these words.
		expect(result.stdout).toMatch(/^\*\*\* failed \(closed\): the connection closed while the message was being sent \(it did not all go\): [\d,]+ of about [\d,]+ bytes had been handed to the network$/m);
		// Once: the socket's EPIPE or reset before the close is not a line of its own.
		expect(result.stdout).not.toMatch(/by the other side/);
	}, 20_000);

	it('exits 2 when nothing listens', async () => {
		const closed = net.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as net.AddressInfo).port;
		await new Promise<void>(resolve => closed.close(() => resolve()));
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--to', 'a@example.test']);
		expect(result.code).toBe(2);
		expect(result.stdout).toMatch(/refused/);
	});

	it('exits 21 on a 554 banner, having sent only QUIT', async () => {
		const rawServer = await startRawServer(async peer => {
			peer.write('554 no service for you\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(rawServer.port), '--to', 'a@example.test']);
		await rawServer.close();
		expect(result.code).toBe(21);
		expect(result.stdout.match(/^ -> .*/gm)).toEqual([' -> QUIT']);
	});

	it('uses STARTTLS with --ca, authenticates, and never prints the secret', async () => {
		const result = await runCli(['send', '--host', 'localhost', '--port', String(tlsServer.port), '--starttls', '--ca', caFile, '--user', 'demo', '--auth', 'plain', '--from', 'me@example.test', '--to', 'friend@example.test'], {env: {SMTP_PASSWORD: 'demo'}});
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^ ~> AUTH PLAIN/m);
		expect(result.stdout).toMatch(/^<~ {2}235/m);
		expect(result.stdout).not.toContain(Buffer.from('\0demo\0demo').toString('base64'));
		expect(tlsServer.messages.at(-1)).toMatchObject({secure: true, user: 'demo'});
	});

	it('--no-auth never logs in, though the server offers AUTH and a profile gives a user', async () => {
		const config = mkdtempSync(path.join(dir, 'config-'));
		const env = {SMTP_TUI_CONFIG_DIR: config, SMTP_PASSWORD: 'demo'};
		const saved = await runCli(['profile', 'save', 'tls', '--host', 'localhost', '--port', String(tlsServer.port), '--starttls', '--ca', caFile, '--user', 'demo'], {env});
		expect(saved.code).toBe(0);
		const result = await runCli(['send', '--profile', 'tls', '--no-auth', '--from', 'me@example.test', '--to', 'friend@example.test'], {env});
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^<~ {2}250 AUTH LOGIN PLAIN/m);
		expect(result.stdout).not.toMatch(/^ ~> AUTH/m);
		expect(tlsServer.messages.at(-1)?.user).not.toBe('demo');
	});

	it('exits 29 when the certificate cannot be verified, and 28 on bad credentials', async () => {
		const untrusted = await runCli(['send', '--host', 'localhost', '--port', String(tlsServer.port), '--starttls', '--to', 'friend@example.test']);
		expect(untrusted.code).toBe(29);
		expect(untrusted.stdout).toMatch(/--ca|--insecure/);
		const badAuth = await runCli(['send', '--host', 'localhost', '--port', String(tlsServer.port), '--starttls', '--ca', caFile, '--user', 'demo', '--password', 'nope', '--to', 'friend@example.test']);
		expect(badAuth.code).toBe(28);
		expect(badAuth.stdout).toMatch(/^<~\* 535/m);
	});

	it('prints one JSON object per line with --json, ending with the result', async () => {
		const result = await runCli([...base(), '--to', 'friend@example.test', '--json']);
		expect(result.code).toBe(0);
		const objects = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; kind?: string; ok?: boolean});
		expect(objects.at(-1)).toMatchObject({type: 'result', ok: true, exitCode: 0});
		expect(objects.some(o => o.type === 'log' && o.kind === 'sent')).toBe(true);
	});

	it('--json log lines carry the same ISO 8601 time as the json transcript file', async () => {
		const file = path.join(dir, 'times.jsonl');
		const result = await runCli([...base(), '--to', 'friend@example.test', '--json', '--transcript', file, '--transcript-format', 'json']);
		expect(result.code).toBe(0);
		const logs = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; id?: number; time?: unknown}).filter(o => o.type === 'log');
		const lines = readFileSync(file, 'utf8').trim().split('\n');
		// The file ends with the result line --json ends with.
		expect(lines.at(-1)).toBe(result.stdout.trim().split('\n').at(-1));
		const saved = lines.slice(0, -1).map(line => JSON.parse(line) as {id: number; time: string});
		expect(logs.length).toBeGreaterThan(5);
		expect(logs.map(({id, time}) => ({id, time}))).toEqual(saved.map(({id, time}) => ({id, time})));
		for (const {time} of saved) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	it('takes a value that starts with a dash as the value: --subject -h sends, it shows no help', async () => {
		const before = server.messages.length;
		const sent = await runCli([...base(), '--to', 'friend@example.test', '--subject', '-h', '--body', '-q']);
		expect(sent.code, sent.stderr).toBe(0);
		expect(sent.stdout).not.toMatch(/Usage/);
		expect(server.messages.length).toBe(before + 1);
		expect(server.messages.at(-1)!.raw.toString()).toMatch(/^Subject: -h\r$/m);
		expect(server.messages.at(-1)!.raw.toString()).toMatch(/^-q\r$/m);
		// -h after a value, and --help and --version after a flag that takes one, still answer and send nothing.
		expect((await runCli([...base(), '--to', 'friend@example.test', '--subject', '-h', '-h'])).stdout).toMatch(/Usage\s+\$ smtp-tui send/);
		expect((await runCli([...base(), '--to', 'friend@example.test', '--subject', '--help'])).stdout).toMatch(/Usage\s+\$ smtp-tui send/);
		const version = await runCli([...base(), '--to', 'friend@example.test', '--subject', '-h', '--version']);
		expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
		expect(server.messages.length).toBe(before + 1);
	});

	it('stops after the named step with --quit-after', async () => {
		const result = await runCli([...base(), '--to', 'friend@example.test', '--quit-after', 'ehlo']);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toMatch(/^ -> MAIL/m);
		expect(result.stdout).toMatch(/^ -> QUIT$/m);
		expect(result.stdout).toMatch(/^=== stopped after EHLO \(--quit-after\): nothing was sent$/m);
		// Stopping before AUTH needs no password, even with a user (a probe run by cron, without a terminal).
		const noPassword = await runCli([...base(), '--to', 'friend@example.test', '--user', 'demo', '--quit-after', 'ehlo'], {input: ''});
		expect(noPassword.code, noPassword.stderr).toBe(0);
		// swaks' step names, in its capitals, work as well.
		const swaksStyle = await runCli([...base(), '--to', 'friend@example.test', '--quit-after', 'RCPT']);
		expect(swaksStyle.stdout).toMatch(/^=== stopped after RCPT \(--quit-after\)/m);
		expect((await runCli([...base(), '--to', 'friend@example.test', '--quit-after', 'banner'])).stdout).toMatch(/^=== stopped after GREETING/m);
		const accepted = await runCli([...base(), '--to', 'friend@example.test', '--quit-after', 'rcpt']);
		expect(accepted.stdout).toMatch(/^=== stopped after RCPT \(--quit-after\): nothing was sent; every recipient was accepted$/m);
		// Checking recipients (--quit-after rcpt) sends nothing, and says so when one is refused.
		const checked = await runCli([...base(), '--to', 'friend@example.test,nobody@example.test', '--quit-after', 'rcpt']);
		expect(checked.code).toBe(24);
		expect(checked.stdout).toMatch(/^\*\*\* stopped after RCPT \(--quit-after\): nothing was sent; 1 recipient refused \(nobody@example\.test: 550\)$/m);
		// --json --quiet: only the result line, for a script.
		const quiet = await runCli([...base(), '--to', 'friend@example.test', '--quit-after', 'rcpt', '--json', '--quiet']);
		expect(quiet.stdout.trim().split('\n')).toHaveLength(1);
		expect(JSON.parse(quiet.stdout)).toMatchObject({type: 'result', ok: true, exitCode: 0});
	});

	it('says when the default policy goes on without TLS: STARTTLS not offered, or refused', async () => {
		for (const refuse of [false, true]) {
			const plain = await startRawServer(async peer => {
				await greetAndEhlo(peer, refuse ? ['STARTTLS'] : ['8BITMIME']);
				if (refuse) {
					await peer.readLine();
					peer.write('454 4.7.0 TLS not available\r\n');
				}
				await peer.readLine();
				peer.end('421 4.3.0 closing\r\n');
			});
			const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(plain.port), '--to', 'a@example.test']);
			await plain.close();
			const why = refuse ? 'the server refused STARTTLS' : 'the server does not offer STARTTLS';
			expect(result.stdout).toContain(`=== warning: no TLS (${why}): the rest of this session, message included, goes unencrypted; --starttls requires TLS\n -> MAIL FROM:`);
		}
	});

	it('--quit-after tls against a server without STARTTLS says there was no TLS step', async () => {
		const plain = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['8BITMIME']);
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(plain.port), '--quit-after', 'tls']);
		await plain.close();
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^=== stopped after EHLO \(--quit-after tls\): nothing was sent, and there was NO TLS step/m);
	});

	it('warns before sending 8-bit data to a server that does not advertise 8BITMIME', async () => {
		const seven = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['PIPELINING']);
			await peer.readLine();
			peer.end('421 4.3.0 closing\r\n');
		});
		const file = path.join(dir, 'latin1.eml');
		writeFileSync(file, Buffer.from('Subject: caf\xe9\r\n\r\nna\xefve\r\n', 'latin1'));
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(seven.port), '--no-starttls', '--to', 'a@example.test', '--data', `@${file}`]);
		await seven.close();
		expect(result.stdout).toMatch(/^=== warning: the message has 8-bit bytes, but the server does not advertise 8BITMIME \(RFC 6152\)/m);
		expect(result.stdout).toMatch(/^ -> MAIL FROM:<[^>]*>$/m);
		// Its Latin-1 header is valid under no extension: said to a server with 8BITMIME too.
		const eight = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['8BITMIME']);
			await peer.readLine();
			peer.end('421 4.3.0 closing\r\n');
		});
		const offered = await runCli(['send', '--host', '127.0.0.1', '--port', String(eight.port), '--no-starttls', '--to', 'a@example.test', '--data', `@${file}`]);
		await eight.close();
		expect(offered.stdout).toMatch(/^=== warning: the message has 8-bit bytes in its header section that are not UTF-8 \(Latin-1, say\): no SMTP extension makes them valid/m);
		expect(offered.stdout).not.toMatch(/does not advertise 8BITMIME/);
	});

	it('says it leaves out the byte order mark a --data file begins with, and declares no SMTPUTF8 for it', async () => {
		const server = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['8BITMIME', 'SMTPUTF8']);
			await peer.readLine();
			peer.end('421 4.3.0 closing\r\n');
		});
		const file = path.join(dir, 'bom.eml');
		writeFileSync(file, '\uFEFFSubject: saved on Windows\r\n\r\nhi\r\n');
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--to', 'a@example.test', '--data', `@${file}`]);
		await server.close();
		expect(result.stdout).toMatch(new RegExp(`^=== note: message file ${file} begins with a UTF-8 byte order mark \\(EF BB BF, which some Windows editors write\\): it is left out`, 'm'));
		expect(result.stdout).toMatch(/^ -> MAIL FROM:<[^>]*>$/m);
	});

	it('declares SMTPUTF8 for a --data message with UTF-8 headers where offered, and warns where not (RFC 6532)', async () => {
		const file = path.join(dir, 'utf8-headers.eml');
		writeFileSync(file, 'Subject: Grüße\r\n\r\nhi\r\n');
		const server = (extensions: string[]) =>
			startRawServer(async peer => {
				await greetAndEhlo(peer, extensions);
				await peer.readLine();
				peer.end('421 4.3.0 closing\r\n');
			});
		const send = async (extensions: string[], ...flags: string[]) => {
			const raw = await server(extensions);
			const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(raw.port), '--no-starttls', '--to', 'a@example.test', ...flags]);
			await raw.close();
			return result.stdout;
		};
		const offered = await send(['8BITMIME', 'SMTPUTF8'], '--data', `@${file}`);
		expect(offered).toMatch(/^ -> MAIL FROM:<[^>]*> BODY=8BITMIME SMTPUTF8$/m);
		expect(offered).not.toMatch(/warning/);
		const lacking = await send(['8BITMIME'], '--data', `@${file}`);
		expect(lacking).toMatch(/^=== warning: the message has UTF-8 in its header section, but the server does not advertise SMTPUTF8 \(RFC 6532\)/m);
		expect(lacking).toMatch(/^ -> MAIL FROM:<[^>]*> BODY=8BITMIME$/m);
		// A UTF-8 address goes with SMTPUTF8, whose servers take 8-bit (RFC 6531): no word on 8BITMIME.
		const address = await send(['SMTPUTF8'], '--from', 'müller@example.test', '--body', 'hi');
		expect(address).toMatch(/^ -> MAIL FROM:<müller@example.test> SMTPUTF8$/m);
		expect(address).not.toMatch(/8BITMIME/);
		// A composed message with a UTF-8 address only in a header (left raw, as no RFC 2047 form exists for it).
		const header = await send(['8BITMIME', 'SMTPUTF8'], '--header', 'Reply-To: müller@example.test', '--body', 'hi');
		expect(header).toMatch(/^ -> MAIL FROM:<[^>]*> SIZE=\d+ BODY=8BITMIME SMTPUTF8$|^ -> MAIL FROM:<[^>]*> BODY=8BITMIME SMTPUTF8$/m);
		const headerLacking = await send(['8BITMIME'], '--header', 'Reply-To: müller@example.test', '--body', 'hi');
		expect(headerLacking).toMatch(/^=== warning: Reply-To: müller@example\.test has non-ASCII before its @, which no encoding makes ASCII; this server does not offer SMTPUTF8 \(RFC 6532\)/m);
	});

	it('takes each --attach as one path, commas included', async () => {
		const file = path.join(dir, 'q3,final.txt');
		writeFileSync(file, 'quarter three\n');
		const result = await runCli([...base(), '--to', 'friend@example.test', '--attach', file, '--quiet']);
		expect(result.code, result.stderr).toBe(0);
		expect(server.messages.at(-1)!.raw.toString()).toMatch(/filename="?q3,final\.txt"?/);
	});

	it('writes a transcript file', async () => {
		const file = path.join(dir, 'transcript.txt');
		const result = await runCli([...base(), '--to', 'friend@example.test', '--quiet', '--transcript', file]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('');
		expect(readFileSync(file, 'utf8')).toMatch(/^ -> RCPT TO:<friend@example\.test>$/m);
	});

	it('reads the body and a ready message from standard input when given "-" as its own word', async () => {
		const body = await runCli([...base(), '--to', 'friend@example.test', '--body', '-'], {input: 'piped body line\n'});
		expect(body.code).toBe(0);
		expect(server.messages.at(-1)!.raw.toString()).toContain('piped body line');
		const data = await runCli([...base(), '--to', 'friend@example.test', '--data', '-'], {input: 'Subject: piped message\n\nas is\n'});
		expect(data.code).toBe(0);
		expect(server.messages.at(-1)!.raw.toString()).toBe('Subject: piped message\r\n\r\nas is\r\n');
		// @/dev/stdin is standard input too.
		const named = await runCli([...base(), '--to', 'friend@example.test', '--body', '@/dev/stdin'], {input: 'through /dev/stdin\n'});
		expect(named.code, named.stderr).toBe(0);
		expect(server.messages.at(-1)!.raw.toString()).toContain('through /dev/stdin');
	});

	it("reads a pipe given as a file (a shell's @<(command), a FIFO) once, like standard input", async () => {
		const fifo = path.join(dir, 'body.fifo');
		execFileSync('mkfifo', [fifo]);
		const sending = runCli([...base(), '--to', 'friend@example.test', '--body', `@${fifo}`]);
		// Opening a FIFO for writing waits for its reader (the CLI); off the main thread, so nothing blocks.
		const writing = writeFile(fifo, 'from a named pipe\n');
		const result = await sending;
		// Had the CLI never opened it, the writer would wait forever: open it here to let it go.
		if (result.code !== 0) createReadStream(fifo).resume();
		await writing;
		expect(result.code, result.stderr).toBe(0);
		expect(server.messages.at(-1)!.raw.toString()).toContain('from a named pipe');
	});

	it('takes --server host:port, as swaks does (and --host [::1]:port), the same port given twice too', async () => {
		const before = server.messages.length;
		for (const target of [['--server', `127.0.0.1:${server.port}`], ['--host', `127.0.0.1:${server.port}`, '--port', String(server.port)]]) {
			const result = await runCli(['send', ...target, '--from', 'me@example.test', '--helo', 'client.test', '--to', 'friend@example.test', '--body', 'host:port']);
			expect(result.code, result.stderr).toBe(0);
		}
		expect(server.messages.length).toBe(before + 2);
	});

	it('says what is wrong with a flag given twice (or both ways), a port that is not a number, a host with a port, a huge timeout, an empty --cert', async () => {
		const nowhere = ['send', '--to', 'a@example.test'];
		const certOnly = path.join(dir, 'cert-only.pem');
		writeFileSync(certOnly, (await testCerts()).server.cert);
		const cases: Array<[string[], RegExp]> = [
			[['--host', '127.0.0.1', '--port', '1', '--port', '2'], /^smtp-tui: the flag --port can only be set once\nhint: see smtp-tui send --help\n$/],
			[['--host', '127.0.0.1', '--port', 'abc'], /--port must be a whole number from 1 to 65535, not "abc"/],
			[['--host', '127.0.0.1:2525', '--port', '25'], /--host "127\.0\.0\.1:2525" has a port in it, and --port 25 is given too\nhint: give the port once: --host 127\.0\.0\.1 --port 2525, or --host 127\.0\.0\.1 --port 25/],
			[['--host', '[::1]:2525', '--port', '25'], /hint: give the port once: --host ::1 --port 2525/],
			[['--host', '127.0.0.1', '--timeout', '3000000'], /--timeout must be a number of seconds from 0\.1 to 86400 \(a day\), not "3000000"/],
			[['--host', '127.0.0.1', '--auth', 'FOO', '--user', 'u', '--password', 'p'], /--auth FOO is not a mechanism smtp-tui knows\nhint: use one of SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL, or leave --auth out/],
			[['--host', '127.0.0.1', '--auth', 'scram-sha256', '--user', 'u', '--password', 'p'], /^smtp-tui: --auth SCRAM-SHA256 is not a mechanism smtp-tui knows \(did you mean SCRAM-SHA-256\?\)\n/],
			[['--host', '127.0.0.1', '--auth', 'SCRAM-SHA-256-PLUS', '--user', 'u', '--password', 'p'], /hint: the -PLUS variants \(channel binding\) are not supported: use one of SCRAM-SHA-256, /],
			[['--host', '127.0.0.1', '--auth', 'EXTERNAL'], /^smtp-tui: --auth EXTERNAL logs in with a client certificate, and none is given\nhint: add --cert FILE and --key FILE\n$/],
			[['--host', '127.0.0.1', '--auth', 'SCRAM-SHA-1'], /^smtp-tui: --auth given without --user\n/],
			[['--host', '127.0.0.1', '--user', '', '--password', 'p'], /--user is empty\nhint: give the account name, or --no-auth to send without AUTH/],
			[['--host', '127.0.0.1', '--no-auth', '--user', 'u', '--password', 'p'], /--no-auth and --user cannot be used together/],
			[['--host', '127.0.0.1', '--starttls', '--no-starttls'], /--starttls and --no-starttls contradict each other/],
			// meow's negation of a string flag: --no-cert means none (even a profile's); the others take a value and have no --no- form.
			[['--host', '127.0.0.1', '--cert', 'client.pem', '--no-cert'], /^smtp-tui: --cert and --no-cert contradict each other\nhint: give one of them\n$/],
			[['--host', '127.0.0.1', '--no-cert', '--cert=client.pem'], /--cert and --no-cert contradict each other/],
			[['--host', '127.0.0.1', '--no-key'], /^smtp-tui: unknown flag --no-key\nhint: --key takes a value and has no --no-key form: leave --key out\n$/],
			[['--host', '127.0.0.1', '--no-tls-min'], /^smtp-tui: unknown flag --no-tls-min\nhint: --tls-min takes a value and has no --no-tls-min form: leave --tls-min out\n$/],
			[['--host', '127.0.0.1', '--no-tls-max'], /^smtp-tui: unknown flag --no-tls-max\n/],
			// An empty file has nothing to convert: no DER hint.
			[['--host', '127.0.0.1', '--cert', '/dev/null'], /^smtp-tui: --cert: \/dev\/null is empty\nhint: give --cert the PEM file itself \(BEGIN CERTIFICATE, BEGIN PRIVATE KEY\)\n$/],
			// A key file holds the key alone: the hint names no certificate.
			[['--host', '127.0.0.1', '--cert', certOnly, '--key', '/dev/null'], /^smtp-tui: --key: \/dev\/null is empty\nhint: give --key the PEM file itself \(BEGIN PRIVATE KEY\)\n$/],
			[['--host', '127.0.0.1', '--user', 'u', '--password', ''], /--password is empty/],
		];
		for (const [flags, message] of cases) {
			const result = await runCli([...nowhere, ...flags]);
			expect(result.code, flags.join(' ')).toBe(1);
			expect(result.stderr, flags.join(' ')).toMatch(message);
		}
	});

	it('finishes the session when the reader of its output goes away (| head -1)', async () => {
		const before = server.messages.length;
		const child = spawn(process.execPath, [cliPath, ...base(), '--to', 'friend@example.test', '--body', 'after the pipe closed'], {stdio: ['ignore', 'pipe', 'pipe']});
		// Read the first line, then close the pipe, as head -1 does.
		await once(child.stdout, 'data');
		child.stdout.destroy();
		const [code] = await once(child, 'close');
		expect(code).toBe(0);
		expect(server.messages.length).toBe(before + 1);
		expect(server.messages.at(-1)!.raw.toString()).toContain('after the pipe closed');
	});

	it('on Ctrl+C (or SIGTERM) drops the connection, writes the transcript, says nothing was sent and exits 130 (143)', async () => {
		// A server that never answers RCPT: the session waits there until interrupted.
		const silent = await startRawServer(async peer => {
			await greetAndEhlo(peer);
			await peer.readLine();
			peer.write('250 ok\r\n');
			await peer.readLine();
		});
		try {
			const file = path.join(dir, 'interrupted.txt');
			const child = spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', String(silent.port), '--to', 'a@example.test', '--transcript', file], {stdio: ['ignore', 'pipe', 'pipe']});
			let stdout = '';
			child.stdout.on('data', chunk => (stdout += chunk));
			await vi.waitFor(() => expect(stdout).toMatch(/^ -> RCPT TO:<a@example\.test>$/m), {timeout: 5000});
			child.kill('SIGINT');
			const [code] = await once(child, 'close');
			expect(code).toBe(130);
			expect(stdout).toMatch(/^\*\*\* interrupted \(Ctrl\+C\): the message was not sent$/m);
			expect(readFileSync(file, 'utf8')).toMatch(/interrupted \(Ctrl\+C\): the connection is dropped without QUIT/);

			// SIGTERM (a CI job's timeout) the same way, with the --json result line; exit 143.
			const json = spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', String(silent.port), '--to', 'a@example.test', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
			let lines = '';
			json.stdout.on('data', chunk => (lines += chunk));
			await vi.waitFor(() => expect(lines).toContain('RCPT TO:<a@example.test>'), {timeout: 5000});
			json.kill('SIGTERM');
			expect((await once(json, 'close'))[0]).toBe(143);
			expect(JSON.parse(lines.trim().split('\n').at(-1)!)).toMatchObject({type: 'result', ok: false, exitCode: 143, stage: 'interrupted', message: 'interrupted (SIGTERM): the message was not sent'});
		} finally {
			await silent.close();
		}
	});

	it('a transcript it cannot write after the session (a full disk) is said in one line; the result stands', async () => {
		const result = await runCli([...base(), '--to', 'friend@example.test', '--body', 'full disk', '--transcript', '/dev/full', '--json']);
		expect(result.code).toBe(0);
		// In words, and what became of the file: nothing of it went, so nothing was cut short or emptied.
		expect(result.stderr).toBe('smtp-tui: --transcript: cannot write /dev/full: no space left on the disk; the transcript was not written, and the file is left as it was\n');
		expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toMatchObject({type: 'result', ok: true, exitCode: 0});
	});

	it('an output it cannot write (a full disk) is said once in one line, not a stack trace; the exit code is that of the session', async () => {
		const full = openSync('/dev/full', 'w');
		try {
			const child = spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', '9', '--to', 'a@example.test', '--json'], {stdio: ['ignore', full, 'pipe']});
			let stderr = '';
			child.stderr!.on('data', chunk => (stderr += chunk));
			const [code] = await once(child, 'close');
			// The session's own exit code (nothing listens on port 9: connection failed), not a crash's.
			expect(code).toBe(2);
			expect(stderr).toBe('smtp-tui: cannot write the output: ENOSPC (no space left on the device); the rest of it is lost\n');
		} finally {
			closeSync(full);
		}
	});

	it('interrupted while still reading the message from standard input: says so on stderr, or with --json in the result line alone', async () => {
		/** Sends SIGTERM once the command waits on stdin; one that comes earlier (still loading) kills it the default way, so the wait grows. */
		const interrupted = async (extra: string[]) => {
			for (let wait = 400; ; wait *= 2) {
				const child = spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', String(server.port), '--to', 'a@example.test', '--body', '-', ...extra], {stdio: ['pipe', 'pipe', 'pipe']});
				let stdout = '';
				let stderr = '';
				child.stdout.on('data', chunk => (stdout += chunk));
				child.stderr.on('data', chunk => (stderr += chunk));
				child.stdin.write('a body that never ends\n');
				await new Promise(resolve => setTimeout(resolve, wait));
				child.kill('SIGTERM');
				const [code, signal] = await once(child, 'close');
				if (signal === 'SIGTERM' && wait < 10_000) continue;
				return {code, stdout, stderr};
			}
		};
		const text = 'interrupted (SIGTERM) while reading the message: nothing was sent';
		const plain = await interrupted([]);
		expect(plain.code).toBe(143);
		expect(plain.stderr).toBe(`smtp-tui: ${text}\n`);
		// --json: `2>&1 | jq` meets JSON only; the stage names the signal, not the options.
		const json = await interrupted(['--json']);
		expect(json.code).toBe(143);
		expect(json.stderr).toBe('');
		// Every envelope recipient is listed, never asked (null), as for any interrupted session.
		expect(JSON.parse(json.stdout)).toEqual({type: 'result', ok: false, exitCode: 143, stage: 'interrupted', message: text, recipients: [{address: 'a@example.test', accepted: null, code: null, enhanced: null, text: null}]});
	});

	it('interrupted after the whole message went but before its reply: says it may have been accepted, not "not sent"', async () => {
		// A server that takes the message and never answers it: resending would deliver it twice.
		const mute = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			await peer.readLine().catch(() => undefined);
		});
		try {
			const child = spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', String(mute.port), '--to', 'a@example.test', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
			let lines = '';
			child.stdout.on('data', chunk => (lines += chunk));
			await vi.waitFor(() => expect(lines).toMatch(/"kind":"data"/), {timeout: 5000});
			child.kill('SIGTERM');
			expect((await once(child, 'close'))[0]).toBe(143);
			expect(JSON.parse(lines.trim().split('\n').at(-1)!).message).toBe(
				'interrupted (SIGTERM): the whole message was sent, but no reply to it came: it may have been accepted; check before sending it again',
			);
			// The log (and so the transcript) does not contradict it.
			expect(lines).not.toContain('closed before the message was sent');
			// The user's stop, as at every other moment: no error line, and the same "may have been accepted".
			expect(lines).toContain('"kind":"info","text":"stopped by the user before the server answered the message: the whole message was sent, but no reply to it came: it may have been accepted');
			expect(lines).not.toContain('"kind":"error"');
		} finally {
			await mute.close();
		}
	});

	it('refuses a --transcript path it cannot write before connecting', async () => {
		const before = server.messages.length;
		const result = await runCli([...base(), '--to', 'friend@example.test', '--transcript', path.join(dir, 'no-such-folder', 't.txt')]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^smtp-tui: --transcript: cannot write .*t\.txt: its folder does not exist$/m);
		expect(result.stdout).toBe('');
		expect(server.messages.length).toBe(before);
	});

	it('keeps a quoted display name with a comma in it as one recipient', async () => {
		const result = await runCli([...base(), '--to', '"Smith, J" <smith@example.test>, other@example.test']);
		expect(result.code).toBe(0);
		expect(server.messages.at(-1)!.to).toEqual(['smith@example.test', 'other@example.test']);
		expect(server.messages.at(-1)!.raw.toString()).toMatch(/^To: "Smith, J" <smith@example\.test>, other@example\.test\r$/m);
	});

	it('exits 27 at once when the server refuses QUIT after the message was queued', async () => {
		const refusing = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			peer.write('250 queued\r\n');
			await peer.readLine();
			peer.write('500 5.5.1 what?\r\n');
		});
		try {
			const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(refusing.port), '--to', 'a@example.test']);
			expect(result.code).toBe(27);
			expect(result.stdout).toMatch(/QUIT refused: 500 5\.5\.1 what\?; the connection is closed from this side/);
			expect(result.stdout).not.toMatch(/without answering QUIT/);
		} finally {
			await refusing.close();
		}
	});

	it("sends the null sender with --from '<>', as a bounce does", async () => {
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--helo', 'client.test', '--from', '<>', '--to', 'friend@example.test']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^ -> MAIL FROM:<> SIZE=\d+$/m);
		expect(server.messages.at(-1)!.from).toBe('');
		expect(server.messages.at(-1)!.raw.toString()).toMatch(/^From: MAILER-DAEMON@client\.test\r$/m);
	});

	it('reports a failed MX lookup like any failure to connect: the --json result line and the transcript', async () => {
		// .invalid never resolves (RFC 6761): the lookup fails whatever the network.
		const file = path.join(dir, 'mx-failed.md');
		const result = await runCli(['send', '--to', 'a@nowhere.invalid', '--json', '--transcript', file, '--transcript-format', 'md']);
		expect(result.code).toBe(2);
		const objects = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; stage?: string; message?: string});
		// "MX lookup failed: domain ... does not exist", or with DNS down "MX lookup for nowhere.invalid failed: ...".
		expect(objects.filter(o => o.type === 'result')).toEqual([expect.objectContaining({stage: 'connect', message: expect.stringMatching(/MX lookup (for nowhere\.invalid )?failed/)})]);
		expect(readFileSync(file, 'utf8')).toMatch(/MX lookup (for nowhere\.invalid )?failed/);
	});

	it('names the rcpt stage in the --json result when only some recipients were accepted (exit 24)', async () => {
		const result = await runCli([...base(), '--to', 'nobody@example.test, friend@example.test', '--json']);
		expect(result.code).toBe(24);
		const last = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
		expect(last).toMatchObject({type: 'result', ok: false, exitCode: 24, stage: 'rcpt'});
	});

	it("takes a short flag's value written right after it, as swaks users type it (-p2525, -tb@example.test)", async () => {
		const result = await runCli(['send', '-s', '127.0.0.1', `-p${server.port}`, '-tfriend@example.test', '--from', 'me@example.test', '--helo', 'client.test']);
		expect(result.code, result.stderr).toBe(0);
		expect(server.messages.at(-1)!.to).toEqual(['friend@example.test']);
	});

	it('refuses bad input with exit 1 and a specific message', async () => {
		const noRecipient = await runCli(['send', '--host', '127.0.0.1']);
		expect(noRecipient.code).toBe(1);
		expect(noRecipient.stderr).toMatch(/no recipient/);
		const typo = await runCli(['send', '--hots', 'x', '--to', 'a@b.test']);
		expect(typo.code).toBe(1);
		expect(typo.stderr).toMatch(/unknown flag --hots[\s\S]*did you mean --host/);
		// The start of one flag only, and check's own --ports for the --port of every other command.
		expect((await runCli(['send', '--sub', 'hi', '--to', 'a@b.test'])).stderr).toMatch(/unknown flag --sub\nhint: did you mean --subject\?/);
		expect((await runCli(['check', '--port', '25', 'localhost'])).stderr).toMatch(/unknown flag --port\nhint: did you mean --ports\? --port is a flag of smtp-tui inbox, profile, send, serve, talk and the dashboard \(smtp-tui\)\n/);
		// What serve calls --listen, asked for by the name the other commands use; not the banner's --hostname.
		expect((await runCli(['serve', '--host', '0.0.0.0'])).stderr).toBe('smtp-tui: unknown flag --host\nhint: did you mean --listen? --host is a flag of smtp-tui profile, send, talk and the dashboard (smtp-tui)\n');
		expect((await runCli(['serve', '--bind', '0.0.0.0'])).stderr).toBe('smtp-tui: unknown flag --bind\nhint: did you mean --listen?\n');
		const badPort = await runCli(['send', '--host', '127.0.0.1', '--port', '70000', '--to', 'a@b.test']);
		expect(badPort.code).toBe(1);
		expect(badPort.stderr).toMatch(/--port/);
		// Digits only: Number() alone would take 0x1F as port 31.
		const hexPort = await runCli(['send', '--host', '127.0.0.1', '--port', '0x1F', '--to', 'a@b.test']);
		expect(hexPort.stderr).toMatch(/--port must be a whole number from 1 to 65535, not "0x1F"/);
		const injection = await runCli([...base(), '--to', 'friend@example.test', '--subject', 'a\r\nBcc: evil@example.test']);
		expect(injection.code).toBe(1);
		expect(injection.stderr).toMatch(/Subject/i);
		// A flag without its value (an unset variable, a typo) is named, never sent without it.
		const withoutValue: Array<[string[], string]> = [
			[['--to'], '--to'],
			[['--to', '--from', 'a@b.test'], '--to'],
			[['--to', 'friend@example.test', '--subject'], '--subject'],
			[['--to', 'friend@example.test', '--body'], '--body'],
		];
		for (const [args, flag] of withoutValue) {
			const missing = await runCli([...base(), ...args]);
			expect(missing.code, args.join(' ')).toBe(1);
			expect(missing.stderr).toMatch(new RegExp(`^smtp-tui: ${flag} needs a value`));
		}
		for (const flag of ['--attach', '--cc', '--bcc']) {
			const empty = await runCli([...base(), '--to', 'friend@example.test', flag, ' ']);
			expect(empty.code, flag).toBe(1);
			expect(empty.stderr).toMatch(new RegExp(`^smtp-tui: ${flag} is empty`));
		}
		// A stray word (an unquoted value, a host without --host) is refused, never dropped.
		const stray = await runCli([...base(), '--to', 'friend@example.test', '--subject', 'Hello', 'world']);
		expect(stray.code).toBe(1);
		expect(stray.stderr).toMatch(/unexpected argument "world"/);
		// --help anywhere shows the help and runs nothing.
		const before = server.messages.length;
		const help = await runCli([...base(), '--to', 'friend@example.test', '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/Usage\s+\$ smtp-tui send --to ADDRESS/);
		expect((await runCli(['check', '127.0.0.1', '-h'])).stdout).toMatch(/\$ smtp-tui check TARGET/);
		expect((await runCli([...base(), '--to', 'friend@example.test', '-qh'])).stdout).toMatch(/Usage\s+\$ smtp-tui send/);
		const version = await runCli([...base(), '--to', 'friend@example.test', '--version']);
		expect([version.code, version.stdout.trim()]).toEqual([0, JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version]);
		expect(server.messages.length).toBe(before);
		const emptyFrom = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', ' ', '--to', 'friend@example.test']);
		expect(emptyFrom.code).toBe(1);
		expect(emptyFrom.stderr).toMatch(/--from is empty[\s\S]*--from '<>' for the null sender/);
		const twice = await runCli([...base(), '--to', 'friend@example.test', '--subject', 'a', '--header', 'Subject: b']);
		expect(twice.code).toBe(1);
		expect(twice.stderr).toMatch(/Subject is given twice: --subject and --header "Subject: \.\.\."/);
		const noPassword = await runCli([...base(), '--to', 'friend@example.test', '--user', 'demo']);
		expect(noPassword.code).toBe(1);
		expect(noPassword.stderr).toMatch(/SMTP_PASSWORD/);
		// Combinations that would silently do less than asked.
		const refusedCombinations: Array<[string[], RegExp]> = [
			[['--data', '@x.eml', '--subject', 'Release', '--header', 'X-Run: 1'], /^smtp-tui: --data sends the file as it is: --subject, --header would be ignored/],
			[['--quit-after', 'tls', '--no-starttls'], /^smtp-tui: --quit-after tls with no TLS \(--no-starttls, or a profile without it\): there is no TLS step/],
			[['--quit-after', 'auth'], /^smtp-tui: --quit-after auth without --user/],
			[['--transcript-format', 'md'], /^smtp-tui: --transcript-format needs --transcript FILE/],
			[['--tls', '--no-starttls'], /^smtp-tui: --tls and --no-starttls cannot be used together/],
		];
		for (const [args, message] of refusedCombinations) {
			const refused = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--to', 'friend@example.test', ...args]);
			expect(refused.code, args.join(' ')).toBe(1);
			expect(refused.stderr).toMatch(message);
		}
		expect(server.messages.length).toBe(before);
	});

	it('with --json, a usage error is also the result line on stdout (send, check) or an error line (serve)', async () => {
		const send = await runCli(['send', '--host', '127.0.0.1', '--port', '70000', '--to', 'a@b.test', '--json']);
		expect(send.code).toBe(1);
		expect(JSON.parse(send.stdout)).toMatchObject({type: 'result', ok: false, exitCode: 1, stage: 'options', message: expect.stringMatching(/--port/)});
		const typo = await runCli(['send', '--hots', 'x', '--json']);
		expect(JSON.parse(typo.stdout)).toMatchObject({type: 'result', ok: false, message: 'unknown flag --hots', hint: 'did you mean --host?'});
		const check = await runCli(['check', '127.0.0.1', '--ports', 'x', '--json']);
		expect(check.code).toBe(1);
		// The shape of send's: one jq filter reads both.
		expect(JSON.parse(check.stdout)).toEqual({type: 'result', ok: false, exitCode: 1, stage: 'options', message: expect.stringMatching(/--ports/), hint: expect.any(String)});
		const serve = await runCli(['serve', '--port', 'abc', '--json']);
		expect(JSON.parse(serve.stdout)).toMatchObject({type: 'error', exitCode: 1});
		// Without --json stdout stays empty: the message is on stderr only.
		const plain = await runCli(['check', '127.0.0.1', '--ports', 'x']);
		expect(plain.stdout).toBe('');
	});

	it('refuses CR/LF in the EHLO name, user and password before connecting, and ignores an unused SMTP_PASSWORD', async () => {
		// A port where nothing listens: a refusal that comes from connecting would exit 2, not 1.
		const nowhere = ['send', '--host', '127.0.0.1', '--port', '9', '--to', 'a@example.test'];
		const helo = await runCli([...nowhere, '--helo', 'evil\r\nRSET']);
		expect(helo.code).toBe(1);
		expect(helo.stderr).toMatch(/--helo: EHLO name contains a carriage return/);
		const password = await runCli([...nowhere, '--user', 'demo', '--password', 'a\nb']);
		expect(password.code).toBe(1);
		expect(password.stderr).toMatch(/--password must not contain a line break/);
		const fromEnv = await runCli([...nowhere, '--user', 'demo'], {env: {SMTP_PASSWORD: 'a\r\nb'}});
		expect(fromEnv.code).toBe(1);
		expect(fromEnv.stderr).toMatch(/SMTP_PASSWORD must not contain a line break/);
		const unused = await runCli(nowhere, {env: {SMTP_PASSWORD: 'a\r\nb'}});
		expect(unused.code).toBe(2);
	});

	it('refuses a line break at an end of --header and an escape in --subject, naming the flag, before connecting', async () => {
		// A port where nothing listens: a refusal that comes from connecting would exit 2, not 1.
		const nowhere = ['send', '--host', '127.0.0.1', '--port', '9', '--to', 'a@example.test'];
		const header = await runCli([...nowhere, '--header', 'X-A: b\r\n']);
		expect(header.code).toBe(1);
		expect(header.stderr).toContain('smtp-tui: --header contains a carriage return (CR): "X-A: b\\x0d\\x0a"');
		const subject = await runCli([...nowhere, '--subject', 'hi\x1b]0;T\x07', '--json']);
		expect(subject.code).toBe(1);
		expect(JSON.parse(subject.stdout)).toMatchObject({type: 'result', ok: false, exitCode: 1, stage: 'options', message: '--subject contains a control character (ESC, \\x1b): "hi\\x1b]0;T\\x07"'});
	});
});
