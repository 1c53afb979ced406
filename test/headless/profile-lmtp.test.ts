// Profiles keep --lmtp and --socket: a profile for Dovecot's LMTP on a socket connects there and speaks LMTP when
// used (send, and the dashboard through the same applyProfile), what only a host has is refused beside a socket, and
// profiles saved before either field existed load as they did.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyProfile} from '../../source/headless/profile-flags.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let folder: string;
let socket: string;
let lmtp: TestSmtpServer;
let lmtpTcp: TestSmtpServer;
const hellos: string[] = [];
const lmtpOptions = {
	lmtp: true,
	disabledCommands: ['STARTTLS'],
	onMailFrom(_address: unknown, session: {hostNameAppearsAs: string}, callback: () => void) {
		hellos.push(session.hostNameAppearsAs);
		callback();
	},
};
beforeAll(async () => {
	folder = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-lmtp-'));
	socket = path.join(folder, 'lmtp');
	lmtp = await startSmtpServer(lmtpOptions, {socket});
	lmtpTcp = await startSmtpServer(lmtpOptions);
});
afterAll(async () => {
	await lmtp.close();
	await lmtpTcp.close();
});

function configFolder() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-'));
	const env = {SMTP_PASSWORD: '', SMTP_TUI_CONFIG_DIR: dir};
	return {dir, env, file: path.join(dir, 'profiles.json'), cli: (args: string[]) => runCli(args, {env})};
}

const sendArgs = ['send', '--from', 'me@example.test', '--to', 'friend@example.test', '--body', 'hi'];

describe('a profile with --lmtp --socket', () => {
	it('is saved with its absolute path and LMTP, shown as such, and used by send: LHLO over the socket', async () => {
		const {file, cli} = configFolder();
		const saved = await runCli(['profile', 'save', 'dovecot', '--lmtp', '--socket', path.relative(folder, socket), '--helo', 'client.test'], {env: {SMTP_TUI_CONFIG_DIR: path.dirname(file)}, cwd: folder});
		expect(saved.stderr).toBe('');
		expect(saved.stdout).toBe(`saved profile dovecot: ${socket} (Unix socket, no TLS), LMTP\n`);
		expect(JSON.parse(readFileSync(file, 'utf8')).profiles).toEqual([{name: 'dovecot', socket, lmtp: true, ehloName: 'client.test'}]);
		const shown = await cli(['profile', 'show', 'dovecot']);
		expect(shown.stdout).toContain(`socket    ${socket} (Unix socket, no TLS)\nprotocol  LMTP`);
		expect(shown.stdout).not.toMatch(/^(host|port|security|CA file) /m);
		expect((await cli(['profile', 'list'])).stdout).toMatch(new RegExp(`^dovecot {2}${socket} {2}socket, LMTP\\n`));

		hellos.length = 0;
		const sent = await cli([...sendArgs, '--profile', 'dovecot']);
		expect(sent.stderr).toBe('');
		expect(sent.code).toBe(0);
		expect(sent.stdout).toContain(`=== connecting to ${socket} (LMTP, Unix socket, no TLS)`);
		expect(sent.stdout).toContain('LHLO client.test');
		expect(hellos).toEqual(['client.test']);
	});

	it('sets socket and LMTP for the dashboard too (applyProfile); --no-lmtp typed speaks SMTP', async () => {
		const {env, cli} = configFolder();
		await cli(['profile', 'save', 'dovecot', '--lmtp', '--socket', socket, '--user', 'alice']);
		expect(await applyProfile({profile: 'dovecot'}, env)).toMatchObject({socket, lmtp: true, user: 'alice'});
		const filled = await applyProfile({profile: 'dovecot', lmtp: false}, env);
		expect(filled).toMatchObject({socket, lmtp: false});
		expect(filled).not.toHaveProperty('host');
	});

	it('refuses what only a host has, naming the profile; check has no ports to probe on it', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'dovecot', '--lmtp', '--socket', socket]);
		const host = await cli([...sendArgs, '--profile', 'dovecot', '--host', 'mx.example.test', '--tls']);
		expect(host.code).toBe(1);
		expect(host.stderr).toBe(`smtp-tui: profile "dovecot" connects to the Unix socket ${socket}: --host, --tls cannot go with it (a socket has no host, port or TLS)\nhint: leave --host, --tls out, or leave --profile out to connect to a host\n`);
		const check = await cli(['check', '--profile', 'dovecot']);
		expect(check.code).toBe(1);
		expect(check.stderr).toContain(`profile "dovecot" connects to the Unix socket ${socket}: check probes a host's SMTP ports, and a socket has none`);
		// Saving: a socket beside a host's settings, and a PROXY header, are refused as send refuses them.
		expect((await cli(['profile', 'save', 'x', '--socket', socket, '--port', '24'])).stderr).toMatch(/^smtp-tui: --socket cannot be used with --port: /);
		expect((await cli(['profile', 'save', 'x', '--socket', socket, '--proxy'])).stderr).toMatch(/^smtp-tui: --socket cannot be used with --proxy: /);
		expect((await cli(['profile', 'save', 'x', '--lmtp'])).stderr).toMatch(/^smtp-tui: profile save needs --host HOST \(or --socket PATH\)\n/);
	});

	it('a hand edit that gives a socket and a host is unusable, said with why; lmtp must be true or false', async () => {
		const {file, cli} = configFolder();
		writeFileSync(file, JSON.stringify({version: 1, profiles: [{name: 'both', socket, host: 'mx.example.test', port: 24, security: 'none'}, {name: 'word', host: 'mx.example.test', port: 24, security: 'none', lmtp: 'yes'}, {name: 'relative', socket: 'lmtp.sock'}]}));
		const list = (await cli(['profile', 'list'])).stdout;
		expect(list).toContain('both      unusable: its socket goes with no host, port, security: a Unix socket is on this machine, with no host, port or TLS (keep one: the socket, or the host and port)');
		expect(list).toContain('word      unusable: its LMTP setting must be true or false, not "yes"');
		expect(list).toContain('relative  unusable: its socket must be an absolute path, not "lmtp.sock"');
	});
});

describe('a profile with --lmtp over TCP', () => {
	it('defaults to port 24 and speaks LHLO; one saved before these fields (no lmtp) speaks SMTP as before', async () => {
		const {file, cli} = configFolder();
		const saved = await cli(['profile', 'save', 'lmtp', '--lmtp', '--host', '127.0.0.1', '--no-starttls', '--helo', 'client.test']);
		expect(saved.stdout).toBe('saved profile lmtp: 127.0.0.1:24 no TLS, LMTP\n');
		const sent = await cli([...sendArgs, '--profile', 'lmtp', '--port', String(lmtpTcp.port)]);
		expect(sent.code).toBe(0);
		expect(sent.stdout).toContain('LHLO client.test');
		// As an older smtp-tui wrote it: no lmtp, no socket.
		writeFileSync(file, JSON.stringify({version: 1, profiles: [{name: 'old', host: '127.0.0.1', port: lmtpTcp.port, security: 'none', ehloName: 'client.test'}]}));
		const old = await cli([...sendArgs, '--profile', 'old', '-q']);
		expect(old.stderr).toContain('the server knows neither EHLO nor HELO: it may speak LMTP');
		expect((await cli(['profile', 'show', 'old'])).stdout).toContain('protocol  SMTP');
	});

	it('check --profile refuses it (check probes SMTP with EHLO), pointing at send --quit-after lhlo, which answers it; a TARGET is still probed', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'lmtp', '--lmtp', '--host', '127.0.0.1', '--port', String(lmtpTcp.port), '--no-starttls', '--helo', 'client.test']);
		const check = await cli(['check', '--profile', 'lmtp']);
		expect(check.code).toBe(1);
		expect(check.stdout).toBe('');
		expect(check.stderr).toBe(
			'smtp-tui: profile "lmtp" speaks LMTP (--lmtp): check probes SMTP ports with EHLO, which an LMTP server (a delivery agent such as Dovecot\'s) refuses\n' +
				'hint: to see whether it answers: smtp-tui send --profile lmtp --quit-after lhlo; to probe an SMTP host with its EHLO name: smtp-tui check HOST --profile lmtp\n',
		);
		const answered = await cli(['send', '--profile', 'lmtp', '--quit-after', 'lhlo']);
		expect(answered.code).toBe(0);
		expect(answered.stdout).toContain('=== stopped after LHLO (--quit-after): nothing was sent');
		const target = await cli(['check', `127.0.0.1:${lmtpTcp.port}`, '--profile', 'lmtp', '--timeout', '5']);
		expect(target.stderr).toBe('');
		expect(target.stdout).toContain(String(lmtpTcp.port));
	});
});
