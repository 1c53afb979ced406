// README's "Quick tour" run as written, `smtp-tui` the built CLI, by sh in a fresh folder, in the order a reader goes:
// its serve lines start the servers the other lines talk to. What stands for a machine of the reader's is made this
// run's, as check's examples do: port 2525 is the bare serve's (a test takes no fixed port, so a serve line without
// --port gets --port 0), ~/.local/share/smtp-tui its state folder; smtp.example.com:587 is the `serve --any-login`
// line's server, its certificate trusted through NODE_EXTRA_CA_CERTS and the password from SMTP_PASSWORD, as the tour
// says; gmail.com's MX is this machine, through a DNS server of the test's (--dns). The lines that draw a screen run
// in a terminal: test/e2e/readme-quick-tour.test.ts.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {tourLines} from '../helpers/readme-quick-tour.js';
import {cliNode, cliPath, ended} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('quick-tour');

/** The lines this file runs, each as the reader would, in the tour's order; the rest draw a screen. */
const headless = {
	serve: 'smtp-tui serve',
	serveJson: 'smtp-tui serve --port 0 --json',
	serveApp: 'smtp-tui serve --save-dir ./mail --any-login',
	sendCa: 'smtp-tui send --host 127.0.0.1 --port 2525 --ca ~/.local/share/smtp-tui/sandbox/certificate.pem --to you@example.test',
	sendProvider: 'smtp-tui send --host smtp.example.com --port 587 --starttls --user me@example.com --from me@example.com --to you@example.org',
	sendQuiet: 'smtp-tui send --host 127.0.0.1 --port 2525 --no-starttls --to you@example.test --subject "Nightly report" --quiet',
	inboxWait: 'smtp-tui inbox --save-dir ./mail --wait 1 --timeout 10 --json',
	talkPiped: "printf 'EHLO me.example.test\\nQUIT\\n' | smtp-tui talk --host 127.0.0.1 --port 2525",
	checkDomain: 'smtp-tui check gmail.com',
	checkSandbox: 'smtp-tui check 127.0.0.1:2525 --ca ~/.local/share/smtp-tui/sandbox/certificate.pem',
	record: 'smtp-tui send --host 127.0.0.1 --port 2525 --no-starttls --to you@example.test --record session.jsonl',
	replayPrint: 'smtp-tui replay session.jsonl --print',
	profileSave: 'smtp-tui profile save sandbox --host 127.0.0.1 --port 2525 --no-starttls',
	sendProfile: 'smtp-tui send --profile sandbox --to you@example.test',
	profileList: 'smtp-tui profile list',
};
const onScreen = [
	'smtp-tui --host smtp.example.com --port 587 --starttls --user me@example.com',
	'smtp-tui --host mx.example.org --mode step',
	'smtp-tui inbox',
	'smtp-tui inbox --no-starttls --any-login --save-dir ./mail',
	'smtp-tui talk',
	'smtp-tui replay starttls-auth',
];

type Server = {child: ChildProcessByStdio<null, Readable, Readable>; closed: Promise<unknown>; port: number; output: () => string};

let dir: string;
let state: string;
let dns: TestDnsServer;
const servers: Server[] = [];
let sandbox: Server;
let provider: Server | undefined;

beforeAll(async () => {
	dir = await tempDir();
	state = path.join(dir, 'state');
	mkdirSync(path.join(dir, 'bin'));
	writeFileSync(path.join(dir, 'bin', 'smtp-tui'), `#!/bin/sh\nexec "${cliNode}" "${cliPath}" "$@"\n`);
	chmodSync(path.join(dir, 'bin', 'smtp-tui'), 0o755);
	dns = await startDnsServer({'gmail.com': {mx: [{priority: 5, exchange: 'mx.gmail.test'}]}, 'mx.gmail.test': {a: ['127.0.0.1']}});
});
afterAll(async () => {
	for (const server of servers) server.child.kill('SIGTERM');
	await Promise.all(servers.map(server => server.closed));
	await dns?.close();
});

const environment = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
	...process.env,
	PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
	SMTP_TUI_STATE_DIR: state,
	SMTP_TUI_CONFIG_DIR: path.join(dir, 'config'),
	NO_COLOR: '1',
	...extra,
});

/** The line with the reader's machine made this run's. */
function here(line: string): string {
	return line
		.replace(/(--port |127\.0\.0\.1:)2525\b/, (_, flag: string) => `${flag}${sandbox.port}`)
		.replace('--host smtp.example.com --port 587', `--host 127.0.0.1 --port ${provider?.port}`)
		.replaceAll('~/.local/share/smtp-tui', state);
}

const run = (line: string, extra?: NodeJS.ProcessEnv) =>
	ended(spawn('sh', ['-c', here(line)], {cwd: dir, env: environment(extra), stdio: ['ignore', 'pipe', 'pipe']}));

/** A serve line started in the background (--port 0 where it names no port), once it says it is ready. */
async function serve(line: string): Promise<Server> {
	const command = line.includes('--port') ? line : `${line} --port 0`;
	const child = spawn('sh', ['-c', `exec ${command}`], {cwd: dir, env: environment(), stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', chunk => (output += chunk));
	child.stderr.on('data', chunk => (output += chunk));
	const server = {child, closed: new Promise(resolve => child.on('close', resolve)), port: 0, output: () => output};
	servers.push(server);
	await expect.poll(() => /ready|"type":"error"|^error/m.test(output) || child.exitCode !== null, {timeout: 10_000}).toBe(true);
	server.port = Number(/127\.0\.0\.1:(\d+)|"port":(\d+)/.exec(output)?.slice(1).find(Boolean));
	return server;
}

describe("README's Quick tour", () => {
	test('names every command, and holds these lines', () => {
		expect(tourLines()).toEqual(expect.arrayContaining([...Object.values(headless), ...onScreen]));
		expect(tourLines()).toHaveLength(Object.keys(headless).length + onScreen.length);
	});

	test('its serve lines start the sandbox, the same with JSON events, and one that keeps mail and takes any login', async () => {
		sandbox = await serve(headless.serve);
		expect(sandbox.output()).toMatch(/listening on 127\.0\.0\.1:\d+ \(SMTP, STARTTLS\)\n[^]*AUTH PLAIN LOGIN CRAM-MD5 with demo\/demo\n[^]*ready: pid \d+/);
		const json = await serve(headless.serveJson);
		const events = json.output().trim().split('\n').map(line => (JSON.parse(line) as {type: string}).type);
		expect(events).toEqual(expect.arrayContaining(['listening', 'ready']));
		json.child.kill('SIGTERM');
		provider = await serve(headless.serveApp);
		expect(provider.output()).toContain('with any user name and password (--any-login)');
	});

	test('send: to the sandbox with its certificate, and quietly without TLS; each message queued', async () => {
		const verified = await run(headless.sendCa);
		expect(verified.code, verified.stderr).toBe(0);
		expect(verified.stdout).toContain('=== certificate verified');
		expect(verified.stdout).toContain('=== queued: 250');
		const quiet = await run(headless.sendQuiet);
		expect(quiet).toMatchObject({code: 0, stdout: '', stderr: ''});
		// serve logs the message as it answers 250: the line may reach its pipe after send has exited.
		await expect.poll(sandbox.output, {timeout: 10_000}).toContain('Nightly report');
	});

	test("send through the provider: STARTTLS verified, AUTH as me@example.com; inbox --wait then prints that message", async () => {
		const sent = await run(headless.sendProvider, {NODE_EXTRA_CA_CERTS: path.join(state, 'sandbox/certificate.pem'), SMTP_PASSWORD: 'app password'});
		expect(sent.code, sent.stderr).toBe(0);
		expect(sent.stdout).toContain('=== certificate verified');
		expect(sent.stdout).toContain('<~  235 2.7.0 Authentication successful');
		const waited = await run(headless.inboxWait);
		expect(waited.code, waited.stderr).toBe(0);
		expect(JSON.parse(waited.stdout)).toMatchObject({type: 'message', from: 'me@example.com', to: ['you@example.org']});
	});

	test('talk: a scripted conversation with the sandbox', async () => {
		const talked = await run(headless.talkPiped);
		expect(talked.code, talked.stderr).toBe(0);
		expect(talked.stdout).toMatch(/ -> EHLO me\.example\.test\n<- {2}250-/);
		expect(talked.stdout).toContain('<-  221 ');
	});

	test("check: a mail domain's MX (this machine, through --dns, on the sandbox's port), and the sandbox with its certificate", async () => {
		const domain = await run(`${headless.checkDomain} --dns ${dns.address} --ports ${sandbox.port}`);
		expect(domain.code, domain.stdout + domain.stderr).toBe(0);
		expect(domain.stdout).toContain('mx.gmail.test');
		const host = await run(headless.checkSandbox);
		expect(host.code, host.stdout + host.stderr).toBe(0);
		expect(host.stdout).toMatch(/STARTTLS, TLSv1\.[23], verified/);
	});

	test('replay: a session recorded with --record, printed as a transcript', async () => {
		const recorded = await run(headless.record);
		expect(recorded.code, recorded.stderr).toBe(0);
		const printed = await run(headless.replayPrint);
		expect(printed.code, printed.stderr).toBe(0);
		expect(printed.stdout).toMatch(/^<- {2}250 2\.6\.0 Ok: queued as \d+\n[^]*=== end of the recording\n$/m);
	});

	test('profile: saved, sent with, listed', async () => {
		expect((await run(headless.profileSave)).code).toBe(0);
		const sent = await run(headless.sendProfile);
		expect(sent.code, sent.stderr).toBe(0);
		expect(sent.stdout).toContain('=== queued: 250');
		const listed = await run(headless.profileList);
		expect(listed.stdout).toMatch(new RegExp(`^sandbox +127\\.0\\.0\\.1:${sandbox.port} +none$`, 'm'));
	});
});
