// `send --lmtp` and `--socket PATH` against real servers: smtp-server speaking LMTP on a Unix socket (its onData
// answers each recipient), raw servers for the mixes and the server that speaks SMTP, and the built CLI as users run
// it. Exit codes: every recipient delivered 0; some refused after the message 24 (unless --allow-partial); all 26.
import {spawn} from 'node:child_process';
import {chmod, readFile, symlink, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, onTestFinished} from 'vitest';
import {startRawServer, type RawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {needsRoot, NOBODY, runCliAs} from '../helpers/as-user.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('send-lmtp');

/** Each recipient's answer after the message, by its local part: full… 452, bad… 552, others delivered. */
const perRecipient = (address: string) =>
	address.startsWith('full') ? Object.assign(new Error('4.2.2 Mailbox is full'), {responseCode: 452}) : address.startsWith('bad') ? Object.assign(new Error('5.2.0 Quota exceeded'), {responseCode: 552}) : `2.0.0 <${address}> Saved`;

let folder: string;
let lmtp: TestSmtpServer;
let lmtpSocket: string;
let smtpSocket: string;
let smtp: TestSmtpServer;
beforeAll(async () => {
	folder = await tempDir();
	lmtpSocket = path.join(folder, 'lmtp');
	smtpSocket = path.join(folder, 'smtp');
	lmtp = await startSmtpServer(
		{
			lmtp: true,
			disabledCommands: ['STARTTLS'],
			onRcptTo(address, _session, callback) {
				if (address.address.startsWith('nobody')) callback(Object.assign(new Error('5.1.1 no such user'), {responseCode: 550}));
				else callback();
			},
			onData(stream, session, callback) {
				stream.resume();
				stream.on('end', () => callback(null, session.envelope.rcptTo.map(recipient => perRecipient(recipient.address)) as unknown as string));
			},
		},
		{socket: lmtpSocket},
	);
	smtp = await startSmtpServer({disabledCommands: ['STARTTLS']}, {socket: smtpSocket});
});
afterAll(async () => {
	await lmtp.close();
	await smtp.close();
});

const base = ['send', '--from', 'me@example.test', '--helo', 'client.test', '--body', 'hi'];
const lastJson = (stdout: string) => JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as {exitCode: number; stage?: string; message: string; recipients: Array<Record<string, unknown>>};

describe('send --lmtp --socket PATH (smtp-server, LMTP on a Unix socket)', () => {
	it('greets with LHLO, and every recipient delivered exits 0', async () => {
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--to', 'a@example.test,b@example.test']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`=== connecting to ${lmtpSocket} (LMTP, Unix socket, no TLS)`);
		expect(result.stdout).toContain(' -> LHLO client.test');
		expect(result.stdout).toContain('    # 250: LMTP, the reply for b@example.test alone (one per accepted recipient, in RCPT order): delivered to this recipient');
		expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('=== delivered: 250 <a@example.test> Saved');
	});

	it('some refused after the message: exit 24, saying which, and each recipient\'s result in the JSON', async () => {
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--to', 'a@example.test,full@example.test,nobody@example.test', '--json']);
		expect(result.code).toBe(24);
		const outcome = lastJson(result.stdout);
		expect(outcome.stage).toBe('rcpt');
		expect(outcome.message).toBe(
			'delivered to some recipients only (LMTP: each has its own reply after the message); 1 recipient refused (nobody@example.test: 550), 1 deferred (full@example.test: 452 after the message): try again later (exit 24; --allow-partial to accept this)',
		);
		expect(outcome.recipients).toEqual([
			{address: 'a@example.test', accepted: true, code: 250, enhanced: '2.0.0', text: '<a@example.test> Saved', delivery: 'delivered'},
			{address: 'full@example.test', accepted: false, code: 452, enhanced: '4.2.2', text: 'Mailbox is full', delivery: 'deferred'},
			{address: 'nobody@example.test', accepted: false, code: 550, enhanced: '5.1.1', text: 'no such user'},
		]);
	});

	it('--allow-partial: some refused after the message exits 0', async () => {
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--to', 'a@example.test,bad@example.test', '--allow-partial', '-q']);
		expect(result).toMatchObject({code: 0, stdout: '', stderr: ''});
	});

	it('every recipient refused after the message: exit 26 (final-dot), each named', async () => {
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--to', 'full@example.test,bad@example.test', '--json']);
		expect(result.code).toBe(26);
		const outcome = lastJson(result.stdout) as ReturnType<typeof lastJson> & {reply: unknown};
		expect(outcome.stage).toBe('final-dot');
		expect(outcome.message).toBe(
			'failed (final-dot): the message was delivered to no recipient: after the final dot each was refused or deferred (LMTP: one reply per recipient): full@example.test (452 4.2.2 Mailbox is full), bad@example.test (552 5.2.0 Quota exceeded); for the deferred, a later try may pass',
		);
		// The reply a script reads is the one no wait helps.
		expect(outcome.reply).toEqual({code: 552, enhanced: '5.2.0', text: 'Quota exceeded', temporary: false});
		expect(outcome.recipients.map(recipient => recipient.delivery)).toEqual(['deferred', 'refused']);
	});

	it('without --lmtp: EHLO and HELO refused with 500, and the failure says it may speak LMTP (exit 22)', async () => {
		const result = await runCli([...base, '--socket', lmtpSocket, '--to', 'a@example.test', '-q']);
		expect(result.code).toBe(22);
		expect(result.stderr).toMatch(/^failed \(ehlo\): HELO refused: 500 .*; the server knows neither EHLO nor HELO: it may speak LMTP \(Dovecot's socket does\): add --lmtp\n$/);
	});

	it.each([
		['lhlo', 'LHLO'],
		['first-lhlo', 'FIRST-LHLO'],
		['ehlo', 'LHLO'],
	])('--quit-after %s (swaks\' name too): stops after the LHLO, said as LHLO', async (step, said) => {
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--quit-after', step]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(' -> LHLO client.test');
		expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(`=== stopped after ${said} (--quit-after): nothing was sent`);
	});

	it('its only recipient deferred after the message: exit 26, said as deferred, as the JSON says', async () => {
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--to', 'full@example.test', '--json']);
		expect(result.code).toBe(26);
		const outcome = lastJson(result.stdout);
		expect(outcome.message).toBe(
			'failed (final-dot): the message was delivered to no recipient: after the final dot it was deferred (LMTP: one reply per recipient): full@example.test (452 4.2.2 Mailbox is full); a later try may pass',
		);
		expect(outcome.recipients.map(recipient => recipient.delivery)).toEqual(['deferred']);
	});

	it('the transcript file names each recipient\'s result', async () => {
		const transcript = path.join(await tempDir(), 'session.txt');
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--to', 'a@example.test,bad@example.test', '--allow-partial', '-q', '--transcript', transcript]);
		expect(result.code).toBe(0);
		const text = await readFile(transcript, 'utf8');
		expect(text).toContain('<a@example.test> Saved');
		expect(text).toContain('LMTP, the reply for bad@example.test alone (one per accepted recipient, in RCPT order): not delivered to this recipient, for good');
	});

	it('the Markdown handout names the socket and LMTP\'s steps', async () => {
		const transcript = path.join(await tempDir(), 'session.md');
		const result = await runCli([...base, '--lmtp', '--socket', lmtpSocket, '--to', 'a@example.test', '-q', '--transcript', transcript]);
		expect(result.code).toBe(0);
		const text = await readFile(transcript, 'utf8');
		expect(text.split('\n')[0]).toBe(`# LMTP session with ${lmtpSocket.replaceAll('_', '\\_')}`);
		expect(text).toContain('. LHLO: introduce ourselves (LMTP)\n');
		expect(text).toContain(". The server's answers to the message, one per recipient (LMTP)\n");
	});
});

describe('send --socket PATH, speaking SMTP', () => {
	it('works as over TCP: EHLO, the message taken, exit 0', async () => {
		const before = smtp.messages.length;
		const result = await runCli([...base, '--socket', smtpSocket, '--to', 'a@example.test']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(' -> EHLO client.test');
		expect(result.stdout).toContain(`=== connected to ${smtpSocket}`);
		expect(smtp.messages.length).toBe(before + 1);
	});

	it('logs in as to a loopback host: the connection never leaves this machine', async () => {
		const result = await runCli([...base, '--socket', smtpSocket, '--to', 'a@example.test', '--user', 'demo', '--password', 'demo', '-q']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(smtp.messages.at(-1)?.user).toBe('demo');
	});

	it('a relative path is taken from the current folder, and said whole', async () => {
		const result = await runCli([...base, '--socket', 'smtp', '--to', 'a@example.test'], {cwd: folder});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`=== connecting to ${smtpSocket} (Unix socket, no TLS)`);
	});

	it('--lmtp to it: LHLO gets 500, and the failure says it speaks SMTP (exit 22, no HELO)', async () => {
		const result = await runCli([...base, '--lmtp', '--socket', smtpSocket, '--to', 'a@example.test']);
		expect(result.code).toBe(22);
		expect(result.stdout).not.toContain(' -> HELO');
		expect(result.stdout).toContain('    # 500: the server does not understand LHLO: it speaks SMTP, not LMTP (LMTP has no HELO to fall back to)');
		expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\*\*\* failed \(ehlo\): the server does not know LHLO \(500 .*\): it speaks SMTP, not LMTP;/);
	});
});

describe('send --lmtp over TCP (raw server)', () => {
	let mixed: RawServer;
	beforeAll(async () => {
		// Three recipients accepted; the three replies after the message come in one write: 250, 550, 452.
		mixed = await startRawServer(async peer => {
			peer.write('220 raw.test LMTP ready\r\n');
			expect(await peer.readLine()).toBe('LHLO client.test');
			peer.write('250-raw.test\r\n250 8BITMIME\r\n');
			for (let line = await peer.readLine(); line !== 'DATA'; line = await peer.readLine()) peer.write('250 ok\r\n');
			peer.write('354 go\r\n');
			await peer.readData();
			peer.write('250 2.0.0 one saved\r\n550 5.1.1 two is gone\r\n452 4.2.2 three is full\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
	});
	afterAll(async () => mixed.close());

	it('takes the replies in RCPT order, each its recipient\'s outcome', async () => {
		const result = await runCli([...base, '--lmtp', '--host', '127.0.0.1', '--port', String(mixed.port), '--no-starttls', '--to', 'one@example.test,two@example.test,three@example.test', '--json']);
		expect(result.code).toBe(24);
		expect(lastJson(result.stdout).recipients.map(({address, code, delivery}) => [address, code, delivery])).toEqual([
			['one@example.test', 250, 'delivered'],
			['two@example.test', 550, 'refused'],
			['three@example.test', 452, 'deferred'],
		]);
		expect(mixed.scriptErrors).toEqual([]);
	});

	/** Accepts both recipients, answers the first after the message with 250, then `then` for the second. */
	const firstOnly = (then: string) =>
		startRawServer(async peer => {
			peer.write('220 raw.test LMTP\r\n');
			for (let line = await peer.readLine(); line !== 'DATA'; line = await peer.readLine()) peer.write('250 ok\r\n');
			peer.write('354 go\r\n');
			await peer.readData();
			peer.end(`250 2.0.0 one saved\r\n${then}`);
		});

	it('closed before the second recipient\'s reply: exit 6, the first delivered, the second unanswered', async () => {
		const server = await firstOnly('');
		try {
			const result = await runCli([...base, '--lmtp', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--to', 'one@example.test,two@example.test', '--json']);
			expect(result.code).toBe(6);
			const outcome = lastJson(result.stdout);
			expect(outcome.message).toBe(
				'failed (closed): the connection closed while waiting for the reply for two@example.test after the message (LMTP: one per recipient); the whole message was sent and its replies began (one@example.test: 250), but none came for two@example.test: it may have been delivered there; check before sending it to them again',
			);
			expect(outcome.recipients.map(({address, accepted, delivery}) => [address, accepted, delivery])).toEqual([
				['one@example.test', true, 'delivered'],
				['two@example.test', null, 'unanswered'],
			]);
		} finally {
			await server.close();
		}
	});

	it('a 421 in the second recipient\'s turn: exit 26, saying the first has the message', async () => {
		const server = await firstOnly('421 4.3.2 shutting down\r\n');
		try {
			const result = await runCli([...base, '--lmtp', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--to', 'one@example.test,two@example.test', '-q']);
			expect(result.code).toBe(26);
			expect(result.stderr).toMatch(/^failed \(final-dot\): .*421 4\.3\.2 shutting down; delivered already to one@example\.test \(250\): do not send it to them again\n$/);
		} finally {
			await server.close();
		}
	});

	it('without --port, LMTP goes to port 24', async () => {
		const result = await runCli([...base, '--lmtp', '--host', '127.0.0.1', '--no-starttls', '--to', 'a@example.test', '--timeout', '5']);
		expect(result.stdout).toContain('=== connecting to 127.0.0.1:24 (LMTP, no TLS)');
	});

	it('a server that answers LHLO with 500 is said to speak SMTP', async () => {
		const smtpOnly = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.write('500 5.5.1 command unrecognized\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		try {
			const result = await runCli([...base, '--lmtp', '--host', '127.0.0.1', '--port', String(smtpOnly.port), '--no-starttls', '--to', 'a@example.test', '-q']);
			expect(result.code).toBe(22);
			expect(result.stderr).toBe(
				"failed (ehlo): the server does not know LHLO (500 5.5.1 command unrecognized): it speaks SMTP, not LMTP; send without LMTP, or connect to the server's LMTP listener (Dovecot: its lmtp socket, or port 24)\n",
			);
		} finally {
			await smtpOnly.close();
		}
	});
});

describe('--socket errors', () => {
	const refusedWith = async (args: string[]) => {
		const result = await runCli([...base, '--to', 'a@example.test', ...args]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		return result.stderr;
	};

	it('names every flag it cannot go with', async () => {
		expect(await refusedWith(['--socket', lmtpSocket, '--host', 'mx.example.test', '--port', '24', '--starttls'])).toBe(
			'smtp-tui: --socket cannot be used with --host, --port, --starttls: it connects to a Unix socket on this machine, with no host, port or TLS\nhint: leave --host, --port, --starttls out, or leave --socket out to connect to a host\n',
		);
		expect(await refusedWith(['--socket', lmtpSocket, '--tls'])).toMatch(/^smtp-tui: --socket cannot be used with --tls:/);
		expect(await refusedWith(['--socket', lmtpSocket, '--mx'])).toMatch(/^smtp-tui: --socket cannot be used with --mx:/);
		// TLS's own settings have no TLS to apply to: said before their files are read.
		expect(await refusedWith(['--socket', lmtpSocket, '--cert', '/nonexistent/client.pem', '--tls-min', '1.0', '--tls-max', '1.2'])).toMatch(/^smtp-tui: --socket cannot be used with --cert, --tls-min, --tls-max:/);
		expect(await refusedWith(['--socket', lmtpSocket, '--key', '/nonexistent/client.key'])).toMatch(/^smtp-tui: --socket cannot be used with --key:/);
		// Nor the address family or the local address: the socket is a file, reached by no address.
		expect(await refusedWith(['--socket', lmtpSocket, '-6', '--local-address', '127.0.0.2'])).toMatch(/^smtp-tui: --socket cannot be used with -6, --local-address:/);
		expect(await refusedWith(['--socket', lmtpSocket, '--profile', 'work'])).toBe(
			'smtp-tui: --socket cannot be used with --profile: a profile names its own server (a host and port, or a socket)\nhint: leave --profile out, and give the other settings (--helo, --user) as flags; or save a profile with --socket (smtp-tui profile save NAME --socket PATH)\n',
		);
	});

	it('--quit-after lhlo without --lmtp is refused: it names LMTP\'s greeting', async () => {
		expect(await refusedWith(['--socket', smtpSocket, '--quit-after', 'first-LHLO'])).toBe(
			'smtp-tui: --quit-after first-LHLO names LMTP\'s greeting (LHLO), but this session speaks SMTP\nhint: add --lmtp to speak LMTP, or write --quit-after first-ehlo for SMTP\'s EHLO\n',
		);
	});

	it('--quit-after tls is refused: a Unix socket has no TLS; the hint names the greeting the session sends', async () => {
		expect(await refusedWith(['--lmtp', '--socket', lmtpSocket, '--quit-after', 'tls'])).toBe(
			'smtp-tui: --quit-after tls with --socket: a Unix socket has no TLS, so there is no TLS step to stop after\nhint: stop after lhlo\n',
		);
		expect(await refusedWith(['--socket', smtpSocket, '--quit-after', 'tls'])).toBe(
			'smtp-tui: --quit-after tls with --socket: a Unix socket has no TLS, so there is no TLS step to stop after\nhint: stop after ehlo\n',
		);
	});

	it('--record is refused: replay plays SMTP over TCP only', async () => {
		expect(await refusedWith(['--lmtp', '--socket', lmtpSocket, '--record', path.join(folder, 'r.jsonl')])).toBe(
			'smtp-tui: --record cannot be used with --lmtp or --socket: smtp-tui replay plays SMTP sessions over TCP only\nhint: leave --record out; --transcript FILE keeps the whole session as text, Markdown or JSON\n',
		);
	});

	it('a file or folder that is no socket is bad input (exit 1)', async () => {
		const file = path.join(await tempDir(), 'notes.txt');
		await writeFile(file, 'x');
		expect(await refusedWith(['--socket', file])).toBe(`smtp-tui: --socket ${file} is a regular file, not a socket\nhint: give the path of the server's Unix socket (ls -l shows an s first: srw-rw----)\n`);
		expect(await refusedWith(['--socket', folder])).toMatch(/is a folder, not a socket\n/);
		expect(await refusedWith(['--socket', ' '])).toMatch(/^smtp-tui: --socket is empty\n/);
	});

	it('no such socket: the connection fails (exit 2), saying so', async () => {
		const missing = path.join(await tempDir(), 'lmtp');
		const result = await runCli([...base, '--to', 'a@example.test', '--socket', missing, '-q']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(`failed (connect): no socket at ${missing}: there is no such file (is the server running? is that its socket's path?)\n`);
	});

	it('a path longer than a Unix socket takes: said so, though the file is there (exit 2)', async () => {
		// The socket is reached through a symlinked folder with a long name: the path exists, and is too long.
		const long = path.join(await tempDir(), 'x'.repeat(110));
		await symlink(folder, long);
		const result = await runCli([...base, '--to', 'a@example.test', '--lmtp', '--socket', path.join(long, 'lmtp'), '-q']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^failed \(connect\): path too long for a Unix socket \(at most 107 bytes here, this one has \d+\): .*; use a shorter path or a symlink to it\n$/);
	});

	it('a socket nobody listens on: connection refused (exit 2)', async () => {
		const stale = path.join(await tempDir(), 'stale');
		// A server killed outright leaves its socket file behind, with nobody listening.
		const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => console.log('up'))`], {stdio: ['ignore', 'pipe', 'inherit']});
		await new Promise(resolve => child.stdout.once('data', resolve));
		child.kill('SIGKILL');
		await new Promise(resolve => child.once('close', resolve));
		const result = await runCli([...base, '--to', 'a@example.test', '--socket', stale, '-q']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(`failed (connect): connection refused on the socket ${stale}: nothing listens there (the server is stopped, or left its socket file behind)\n`);
	});

	describe('permission denied', () => {
		needsRoot();
		it('says who may open such a socket (exit 2)', async () => {
			const open = await tempDir();
			await chmod(open, 0o755);
			const socket = path.join(open, 'lmtp');
			const server = net.createServer(connection => connection.end('220 hi\r\n'));
			await new Promise<void>(resolve => server.listen(socket, resolve));
			await chmod(socket, 0o600);
			try {
				const result = await runCliAs(NOBODY, [...base, '--to', 'a@example.test', '--lmtp', '--socket', socket, '-q']);
				expect(result.code).toBe(2);
				expect(result.stderr).toBe(
					`failed (connect): permission denied to the socket ${socket} (EACCES): a mail server's LMTP socket is often open only to root or to the mail system's user or group (Dovecot's, for Postfix: postfix or mail); ls -l shows whom: run as one of them (sudo -u USER), or as root\n`,
				);
			} finally {
				await new Promise(resolve => server.close(resolve));
			}
		});
	});
});

describe('send --lmtp: a refused QUIT after the message', () => {
	it('says the message was delivered before it (LMTP delivers), not queued', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220 raw.test LMTP ready\r\n');
			for (let line = await peer.readLine(); line !== 'DATA'; line = await peer.readLine()) peer.write(line.startsWith('LHLO') ? '250-raw.test\r\n250 8BITMIME\r\n' : '250 ok\r\n');
			peer.write('354 go\r\n');
			await peer.readData();
			peer.write('250 2.0.0 one saved\r\n');
			await peer.readLine();
			peer.end('554 5.5.1 no goodbye\r\n');
		});
		onTestFinished(() => server.close());
		const result = await runCli([...base, '--lmtp', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--to', 'one@example.test', '-q']);
		expect(result.stderr).toContain('the message was delivered before it (250 2.0.0 one saved): do not send it again');
		expect(result.stderr).not.toContain('queued before it');
	});
});
