// `serve --lmtp` and `serve --socket PATH` as users run them (dist/cli.js), with `send --lmtp` as the client: LHLO,
// one reply per recipient after the message (full@ and big@ refused there, each for itself), the Unix socket's file
// (a stale one replaced, anything else left alone, removed at the stop), and the flags a socket leaves no room for.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {readdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {RawClient} from './helpers/raw-client.js';
import {waitFor} from './helpers/wait.js';

const tempDir = useTempDirs('serve-lmtp');
const running = new Set<ChildProcessByStdio<null, Readable, Readable>>();
afterEach(() => {
	for (const child of running) child.kill('SIGKILL');
	running.clear();
});

type Serve = {out(): string; err(): string; stop(): Promise<number | null>};

/** `smtp-tui serve FLAGS` in `folder` (its data folder there too), once its ready line is out. */
async function serve(folder: string, ...flags: string[]): Promise<Serve> {
	const child = spawn(process.execPath, [cliPath, 'serve', ...flags], {env: {...process.env, NO_COLOR: '1', XDG_DATA_HOME: path.join(folder, 'data')}, cwd: folder, stdio: ['ignore', 'pipe', 'pipe']});
	running.add(child);
	let out = '';
	let err = '';
	child.stdout.on('data', chunk => (out += chunk));
	child.stderr.on('data', chunk => (err += chunk));
	const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	await waitFor(() => /^(ready: |\{"type":"ready")/m.test(out) || child.exitCode !== null, 'serve to be ready', 15_000);
	if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
	return {
		out: () => out,
		err: () => err,
		async stop() {
			child.kill('SIGTERM');
			const code = await exited;
			running.delete(child);
			return code;
		},
	};
}

const send = (...flags: string[]) => runCli(['send', '--lmtp', '--from', 'me@example.test', '--helo', 'client.test', '--body', 'hi', ...flags]);

describe('serve --lmtp --socket PATH', () => {
	it('speaks LMTP on the socket: LHLO, a reply per recipient after the message, only the delivered ones get it; the socket goes at the stop', async () => {
		const folder = await tempDir();
		const socket = path.join(folder, 'lmtp.sock');
		const server = await serve(folder, '--lmtp', '--socket', 'lmtp.sock', '--save-dir', 'mail');
		expect(server.out()).toContain(`listening on ${socket} (LMTP, Unix socket, no STARTTLS)`);
		expect((await stat(socket)).isSocket()).toBe(true);

		const result = await send('--socket', socket, '--to', 'a@example.test,full@example.test,big@example.test,b@example.test');
		expect(result.code, result.stdout).toBe(24);
		// No STARTTLS offered on a socket; the greeting and the hello are LMTP's.
		expect(result.stdout).toContain('<-  220 smtp-tui.localhost LMTP smtp-tui sandbox');
		expect(result.stdout).not.toMatch(/250[- ]STARTTLS/);
		expect(result.stdout).toContain(' -> LHLO client.test');
		expect(result.stdout).toContain('<-  250-smtp-tui.localhost Nice to meet you, localhost');
		// Each recipient's own reply after the final dot, in RCPT order.
		const afterDot = result.stdout.slice(result.stdout.indexOf(' -> .'), result.stdout.indexOf(' -> QUIT'));
		expect(afterDot.match(/^<(?:-|\*\*) {1,2}\d{3} .*$/gm)).toEqual([
			'<-  250 2.6.0 Ok: queued as 1',
			'<** 452 4.2.2 <full@example.test>: mailbox full',
			'<** 552 5.3.4 Message too big for <big@example.test> (big@ recipe)',
			'<-  250 2.6.0 Ok: queued as 1',
		]);

		await waitFor(() => /accepted message 1/.test(server.out()), 'the accepted line');
		expect(server.out()).toMatch(/#1 connect on the Unix socket\n.*#1 LHLO client\.test\n/);
		// One line per recipient refused after the message, naming it; a 4xx is deferred (a later try may pass).
		expect(server.out()).toContain('#1 deferred the message for full@example.test: 452 4.2.2 <full@example.test>: mailbox full');
		expect(server.out()).toContain('#1 refused the message for big@example.test: 552 5.3.4 Message too big for <big@example.test> (big@ recipe)');
		// The message kept is the delivered recipients' alone.
		const saved = JSON.parse(readFileSync(path.join(folder, 'mail', '1.json'), 'utf8')) as {envelope: {rcptTo: Array<{address: string}>}};
		expect(saved.envelope.rcptTo.map(recipient => recipient.address)).toEqual(['a@example.test', 'b@example.test']);

		expect(await server.stop()).toBe(0);
		expect(existsSync(socket)).toBe(false);
	});

	it('every recipient refused after the message: nothing is kept, send exits 26', async () => {
		const folder = await tempDir();
		const server = await serve(folder, '--lmtp', '--socket', 'lmtp.sock', '--save-dir', 'mail');
		const result = await send('--socket', path.join(folder, 'lmtp.sock'), '--to', 'full@example.test,big@example.test');
		expect(result.code, result.stdout).toBe(26);
		await waitFor(() => /Message too big/.test(server.out()), 'the refusal line');
		await server.stop();
		expect(server.out()).not.toContain('accepted message');
		expect(await readdir(path.join(folder, 'mail'))).toEqual([]);
	});

	it('EHLO gets 500 under LMTP; nobody@ is still refused at RCPT', async () => {
		const folder = await tempDir();
		const server = await serve(folder, '--lmtp', '--port', '0');
		const port = /^listening on 127\.0\.0\.1:(\d+) \(LMTP, STARTTLS\)$/m.exec(server.out())?.[1];
		expect(port, server.out()).toBeDefined();
		const smtp = await runCli(['send', '--host', '127.0.0.1', '--port', port!, '--no-starttls', '--from', 'me@example.test', '--to', 'a@example.test', '--body', 'hi']);
		expect(smtp.stdout).toContain('<** 500 5.5.2 Error: EHLO not allowed in LMTP server');
		const lmtp = await send('--host', '127.0.0.1', '--port', port!, '--no-starttls', '--to', 'nobody@example.test,a@example.test');
		expect(lmtp.stdout).toContain('<** 550 5.1.1 <nobody@example.test>: user unknown');
		expect(lmtp.code, lmtp.stdout).toBe(24);
		await server.stop();
	});

	it('over TCP with STARTTLS: the transcript reads STARTTLS\'s 220 as LMTP\'s (then LHLO again)', async () => {
		const folder = await tempDir();
		const server = await serve(folder, '--lmtp', '--port', '0');
		const port = /^listening on 127\.0\.0\.1:(\d+) \(LMTP, STARTTLS\)$/m.exec(server.out())?.[1];
		expect(port, server.out()).toBeDefined();
		const transcript = path.join(folder, 'session.md');
		const result = await send('--host', '127.0.0.1', '--port', port!, '--starttls', '--insecure', '--to', 'a@example.test', '-q', '--transcript', transcript);
		expect(result.code, result.stdout).toBe(0);
		const text = readFileSync(transcript, 'utf8');
		expect(text).toContain('220: go ahead with TLS: the handshake starts now, then LHLO again');
		expect(text).not.toContain('EHLO again');
		await server.stop();
	});

	it('--json: the listening line names the socket and the protocol; a refusal after the message names its recipient', async () => {
		const folder = await tempDir();
		const server = await serve(folder, '--lmtp', '--socket', 'lmtp.sock', '--json');
		const events = () => server.out().split('\n').map(line => JSON.parse(line || '{}') as Record<string, unknown>);
		const listening = events().find(event => event.type === 'listening');
		expect(listening).toEqual({type: 'listening', socket: path.join(folder, 'lmtp.sock'), kind: 'smtp', starttls: false, protocol: 'LMTP'});
		await send('--socket', path.join(folder, 'lmtp.sock'), '--to', 'a@example.test,full@example.test');
		await waitFor(() => events().some(event => event.type === 'refused'), 'the refusal line');
		expect(events().find(event => event.type === 'refused')).toMatchObject({stage: 'message', code: 452, recipient: 'full@example.test'});
		await server.stop();
	});

	it('speaks SMTP on a socket without --lmtp', async () => {
		const folder = await tempDir();
		const server = await serve(folder, '--socket', 'smtp.sock');
		expect(server.out()).toContain('(SMTP, Unix socket, no STARTTLS)');
		const result = await runCli(['send', '--socket', path.join(folder, 'smtp.sock'), '--from', 'me@example.test', '--to', 'a@example.test', '--body', 'hi']);
		expect(result.code, result.stdout).toBe(0);
		expect(result.stdout).toContain(' -> EHLO ');
		await server.stop();
	});

	// smtp-server carries out STARTTLS whether offered or not, with its own built-in certificate (expired, for no name).
	it('answers STARTTLS typed on the socket, where it is not offered, with 502 and why, and the session goes on', async () => {
		const folder = await tempDir();
		const server = await serve(folder, '--lmtp', '--socket', 'lmtp.sock');
		const client = await RawClient.connectPath(path.join(folder, 'lmtp.sock'));
		expect((await client.reply()).code).toBe(220);
		client.send('LHLO x.example');
		expect((await client.reply()).text).not.toContain('STARTTLS');
		client.send('HELP');
		expect((await client.reply()).text).not.toContain('STARTTLS');
		client.send('STARTTLS');
		const refused = await client.reply();
		expect(refused.code).toBe(502);
		expect(refused.text).toContain('5.5.1 STARTTLS is not offered on a Unix socket');
		client.send('NOOP');
		expect((await client.reply()).code).toBe(250);
		client.send('QUIT');
		expect((await client.reply()).code).toBe(221);
		await server.stop();
	});
});

describe('serve --socket: the file at PATH', () => {
	it('replaces a socket nobody listens on (left by a killed sandbox)', async () => {
		const folder = await tempDir();
		const socket = path.join(folder, 'stale.sock');
		// A socket file whose server is gone: a process listening on it, killed (SIGKILL: no clean-up).
		const left = spawn(process.execPath, ['-e', 'require("node:net").createServer().listen(process.argv[1], () => console.log("up"))', socket], {stdio: ['ignore', 'pipe', 'inherit']});
		await new Promise(resolve => left.stdout.once('data', resolve));
		left.kill('SIGKILL');
		await new Promise(resolve => left.once('exit', resolve));
		expect((await stat(socket)).isSocket()).toBe(true);
		const server = await serve(folder, '--socket', socket);
		expect(server.out()).toContain(`listening on ${socket}`);
		await server.stop();
	});

	it('refuses a socket a server listens on, and leaves it', async () => {
		const folder = await tempDir();
		const first = await serve(folder, '--socket', 'a.sock');
		const second = await runCli(['serve', '--socket', path.join(folder, 'a.sock')], {env: {XDG_DATA_HOME: path.join(folder, 'data')}});
		expect(second.code).toBe(1);
		expect(second.stderr).toContain(`cannot listen on ${path.join(folder, 'a.sock')}: a server is listening on that socket`);
		expect((await stat(path.join(folder, 'a.sock'))).isSocket()).toBe(true);
		await first.stop();
	});

	it('never deletes a regular file there', async () => {
		const folder = await tempDir();
		const file = path.join(folder, 'notes.txt');
		await writeFile(file, 'keep me');
		const result = await runCli(['serve', '--socket', file], {env: {XDG_DATA_HOME: path.join(folder, 'data')}});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`cannot listen on ${file}: it is a regular file, not a socket (left as it is)`);
		expect(readFileSync(file, 'utf8')).toBe('keep me');
	});

	it('refuses the flags a socket leaves no room for, all of them named', async () => {
		const result = await runCli(['serve', '--socket', '/tmp/x.sock', '--port', '2525', '--tls-port', '2465', '--require-tls']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('--socket cannot be used with --port, --tls-port, --require-tls: the sandbox then listens on a Unix socket on this machine, with no port, address or TLS');
	});

	it('refuses a path too long for a Unix socket before starting', async () => {
		const result = await runCli(['serve', '--socket', `/tmp/${'x'.repeat(120)}.sock`]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/is too long for a Unix socket \(at most \d+ bytes here/);
	});

	it('serve --help names --lmtp and --socket', async () => {
		const {stdout} = await runCli(['serve', '--help']);
		expect(stdout).toContain('--lmtp                   speak LMTP (RFC 2033)');
		expect(stdout).toContain('--socket PATH            listen on this Unix socket instead of TCP');
	});
});
