// `smtp-tui profile` and `--profile NAME` on send and check, through the built CLI with a temporary config folder.
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, type CliResult} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const SECRET = 'pr0file-Secret!';
let server: TestSmtpServer;

beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
});

/** A fresh config folder per test: runs the CLI with SMTP_TUI_CONFIG_DIR pointing at it. */
function configFolder() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-'));
	const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, {env: {SMTP_PASSWORD: '', ...env, SMTP_TUI_CONFIG_DIR: dir}});
	return {dir, file: path.join(dir, 'profiles.json'), cli};
}

const output = (result: CliResult) => result.stdout + result.stderr;
const sendArgs = ['send', '--from', 'me@example.test', '--to', 'friend@example.test'];

describe('smtp-tui profile', () => {
	it('saves, lists, shows and deletes profiles in a 0600 file', async () => {
		const {file, cli} = configFolder();
		const empty = await cli(['profile', 'list']);
		expect(empty.code).toBe(0);
		expect(empty.stdout).toContain('no profiles saved yet');

		const work = await cli(['profile', 'save', 'work', '--host', 'smtp.example.com', '--user', 'me@example.com', '--password-env', 'WORK_PW']);
		expect(work.code).toBe(0);
		expect(work.stdout).toContain('saved profile work: smtp.example.com:587 STARTTLS');
		const lab = await cli(['profile', 'save', 'lab', '--host', '127.0.0.1', '--port', '2525', '--no-starttls', '--helo', 'lab.test']);
		expect(lab.code).toBe(0);
		const smtps = await cli(['profile', 'save', 'smtps', '--host', 'mail.example.net', '--tls']);
		expect(smtps.stdout).toContain('mail.example.net:465 implicit TLS');

		expect(statSync(file).mode & 0o777).toBe(0o600);
		const stored = JSON.parse(readFileSync(file, 'utf8')) as {profiles: Array<Record<string, unknown>>};
		expect(stored.profiles.map(profile => profile.name)).toEqual(['lab', 'smtps', 'work']);
		expect(stored.profiles[0]).toEqual({name: 'lab', host: '127.0.0.1', port: 2525, security: 'none', ehloName: 'lab.test'});

		const listed = await cli(['profile', 'list']);
		// Every column padded to its widest cell, no trailing spaces.
		expect(listed.stdout.split('\n').slice(0, 3)).toEqual([
			'lab    127.0.0.1:2525        none',
			'smtps  mail.example.net:465  tls',
			'work   smtp.example.com:587  starttls  user me@example.com',
		]);
		expect(listed.stdout).toContain(file);

		const shown = await cli(['profile', 'show', 'work'], {WORK_PW: 'x'});
		expect(shown.code).toBe(0);
		expect(shown.stdout).toMatch(/^password +from \$WORK_PW \(set\)$/m);
		expect((await cli(['profile', 'show', 'lab'])).stdout).toMatch(/^password +not saved$/m);

		const deleted = await cli(['profile', 'delete', 'lab']);
		expect(deleted.code).toBe(0);
		expect((await cli(['profile', 'list'])).stdout).not.toMatch(/^lab /m);
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('saves a password only with --save-password, warns with the path, and never prints it', async () => {
		const {file, cli} = configFolder();
		const saved = await cli(['profile', 'save', 'p', '--host', 'h.example', '--user', 'u', '--save-password'], {SMTP_PASSWORD: SECRET});
		expect(saved.code).toBe(0);
		expect(saved.stderr).toMatch(/^warning: .*unencrypted/m);
		expect(saved.stderr).toContain(file);
		expect(readFileSync(file, 'utf8')).toContain(SECRET);

		const runs = [saved, await cli(['profile', 'show', 'p']), await cli(['profile', 'list'])];
		expect(runs[1]!.stdout).toMatch(/^password +saved \(hidden\)$/m);
		for (const run of runs) expect(output(run)).not.toContain(SECRET);

		// Without --save-password the password in SMTP_PASSWORD is not stored (and one saved before is dropped).
		const again = await cli(['profile', 'save', 'p', '--host', 'h.example', '--user', 'u'], {SMTP_PASSWORD: SECRET});
		expect(again.stdout).toContain('replaced profile p');
		expect(again.stdout).toContain('password saved before was removed');
		expect(readFileSync(file, 'utf8')).not.toContain(SECRET);

		const noPassword = await cli(['profile', 'save', 'q', '--host', 'h.example', '--user', 'u', '--save-password']);
		expect(noPassword.code).toBe(1);
		expect(noPassword.stderr).toContain('SMTP_PASSWORD');
	});

	it('escapes what it prints from a hand-edited profiles.json, and from profile save', async () => {
		const {dir, cli} = configFolder();
		const hostile = {name: 'evil\u009b2J\u202e', host: 'evil\u001b]0;T\u0007', port: 25, security: 'none', user: 'u\u001b[2J\u0085', ehloName: 'e\u001b[31m'};
		writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({version: 1, profiles: [hostile, {name: 'ok', host: 'h.example', port: 25, security: 'none'}]}));
		const listed = await cli(['profile', 'list']);
		const shown = await cli(['profile', 'show', hostile.name]);
		const saved = await cli(['profile', 'save', 'new', '--host', 'h.example', '--user', 'x\u001b]0;T\u0007']);
		const deleted = await cli(['profile', 'delete', hostile.name]);
		for (const run of [listed, shown, saved, deleted]) {
			expect(run.code, run.stderr).toBe(0);
			expect(output(run)).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
		}
		expect(listed.stdout).toContain('evil\\x9b2J\\u202e  evil\\x1b]0;T\\x07:25  none  user u\\x1b[2J\\x85\n');
		// The escaped row is the widest: the plain one lines up with it.
		expect(listed.stdout).toContain(`${'ok'.padEnd(16)}  ${'h.example:25'.padEnd(19)}  none\n`);
		expect(shown.stdout).toMatch(/^host +evil\\x1b\]0;T\\x07$/m);
		expect(shown.stdout).toMatch(/^EHLO name +e\\x1b\[31m$/m);
		expect(saved.stdout).toContain('user x\\x1b]0;T\\x07');
		expect(deleted.stdout).toBe('deleted profile evil\\x9b2J\\u202e\n');
	});

	it('lines the list up in terminal columns: a name in CJK takes two a character', async () => {
		const {cli} = configFolder();
		expect((await cli(['profile', 'save', '本番', '--host', 'smtp.example.com'])).code).toBe(0);
		expect((await cli(['profile', 'save', 'lab', '--host', '127.0.0.1', '--port', '2525', '--no-starttls'])).code).toBe(0);
		expect((await cli(['profile', 'list'])).stdout.split('\n').slice(0, 2)).toEqual([
			'lab   127.0.0.1:2525        none',
			'本番  smtp.example.com:587  starttls',
		]);
	});

	it('saves the port of --host host:port, as send reads it', async () => {
		const {cli} = configFolder();
		expect((await cli(['profile', 'save', 'joined', '--host', '127.0.0.1:2525', '--no-starttls'])).stdout).toContain('127.0.0.1:2525');
		expect((await cli(['profile', 'show', 'joined'])).stdout).toMatch(/2525/);
	});

	it('writes an IPv6 host in brackets, as host:port is read everywhere else', async () => {
		const {cli} = configFolder();
		expect((await cli(['profile', 'save', 'six', '--host', '[::1]', '--port', '2525', '--no-starttls'])).stdout).toContain('[::1]:2525');
		expect((await cli(['profile', 'list'])).stdout).toMatch(/six\s+\[::1\]:2525/);
	});

	it('refuses bad input with exit 1 and says why', async () => {
		const {cli} = configFolder();
		const cases: Array<[string[], RegExp]> = [
			[['profile'], /missing action/],
			[['profile', 'rename', 'x'], /unknown action "rename"/],
			[['profile', 'save', 'x'], /needs --host/],
			[['profile', 'save', 'x', '--host', 'h', '--tls', '--starttls'], /--tls and --starttls/],
			[['profile', 'save', 'x', '--host', 'h', '--port', '70000'], /--port/],
			[['profile', 'save', 'x', '--host', 'h', '--password-env', 'PW'], /without --user/],
			[['profile', 'save', 'x', '--host', 'h', '--user', ''], /--user is empty/],
			[['profile', 'save', 'x', '--host', 'h', '--user', 'u', '--password-env', 'PW', '--save-password'], /--save-password and --password-env both given/],
			[['profile', 'save', 'x', '--host', 'h', '--helo', 'two words'], /--helo/],
			[['profile', 'list', '--host', 'h'], /only for profile save/],
			[['profile', 'show'], /takes one NAME/],
		];
		for (const [args, message] of cases) {
			const result = await cli(args);
			expect(result.code, args.join(' ')).toBe(1);
			expect(result.stderr, args.join(' ')).toMatch(message);
		}
	});

	it('names the saved profiles and the closest one for an unknown name', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'sandbox', '--host', '127.0.0.1', '--port', '2525', '--no-starttls']);
		await cli(['profile', 'save', 'work', '--host', 'smtp.example.com']);
		for (const args of [[...sendArgs, '--profile', 'sandbx'], ['check', '--profile', 'sandbx'], ['profile', 'delete', 'sandbx']]) {
			const result = await cli(args);
			expect(result.code, args.join(' ')).toBe(1);
			expect(result.stderr).toContain('no profile named "sandbx"; saved profiles: sandbox, work');
			expect(result.stderr).toContain('hint: did you mean "sandbox"?');
		}
		const far = await cli([...sendArgs, '--profile', 'zzzzzzzz']);
		expect(far.stderr).not.toContain('did you mean');
	});
});

describe('--profile on send and check', () => {
	it('send uses the profile: host, port, security, EHLO name, user and the password from its variable', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'lab', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--helo', 'profile.test', '--user', 'demo', '--password-env', 'LAB_PW']);
		const result = await cli([...sendArgs, '--profile', 'lab', '--subject', 'via profile'], {LAB_PW: 'demo'});
		expect(result.code, output(result)).toBe(0);
		expect(result.stdout).toMatch(/^=== connecting to 127\.0\.0\.1:\d+ \(no TLS\)/m);
		expect(result.stdout).toMatch(/^ -> EHLO profile\.test$/m);
		expect(result.stdout).toMatch(/^ -> AUTH /m);
		const message = server.messages.at(-1)!;
		expect(message.user).toBe('demo');
		expect(message.raw.toString()).toMatch(/^Subject: via profile\r$/m);
	});

	it('send with a saved password in the profile', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'lab', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--user', 'demo', '--save-password'], {SMTP_PASSWORD: 'demo'});
		const result = await cli([...sendArgs, '--profile', 'lab']);
		expect(result.code, output(result)).toBe(0);
		expect(server.messages.at(-1)!.user).toBe('demo');
	});

	it('explicit flags win over the profile, and its password goes only to its own user', async () => {
		const {cli} = configFolder();
		// A profile that cannot work as is: nothing listens on its port, and its user and password are wrong.
		await cli(['profile', 'save', 'stale', '--host', '127.0.0.1', '--port', '9', '--starttls', '--helo', 'stale.test', '--user', 'old', '--save-password'], {SMTP_PASSWORD: SECRET});
		const result = await cli([...sendArgs, '--profile', 'stale', '--port', String(server.port), '--no-starttls', '--helo', 'explicit.test', '--user', 'demo'], {SMTP_PASSWORD: 'demo'});
		expect(result.code, output(result)).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`^=== connecting to 127\\.0\\.0\\.1:${server.port} `, 'm'));
		expect(result.stdout).toMatch(/^ -> EHLO explicit\.test$/m);
		expect(server.messages.at(-1)!.user).toBe('demo');
		expect(output(result)).not.toContain(SECRET);
	});

	it('a typed host:port wins over the profile, port included', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'stale', '--host', '127.0.0.1', '--port', '9', '--no-starttls']);
		const result = await cli([...sendArgs, '--profile', 'stale', '--server', `127.0.0.1:${server.port}`]);
		expect(result.code, output(result)).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`^=== connecting to 127\\.0\\.0\\.1:${server.port} `, 'm'));
	});

	it("never sends the profile's password to another host", async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'lab', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--user', 'demo', '--save-password'], {SMTP_PASSWORD: 'demo'});
		const before = server.messages.length;
		// localhost reaches the same server, but it is not the host the password was saved for.
		const result = await cli([...sendArgs, '--profile', 'lab', '--host', 'localhost']);
		expect(result.code, output(result)).toBe(1);
		// The user comes from the profile (no --user typed): said from the profile.
		expect(result.stderr).toMatch(/^smtp-tui: profile "lab" keeps its password for 127\.0\.0\.1 only, and this is --host localhost\n/);
		await cli(['profile', 'save', 'envpw', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--user', 'demo', '--password-env', 'LAB_PW_UNSET']);
		expect((await cli([...sendArgs, '--profile', 'envpw'])).stderr).toBe(
			'smtp-tui: profile "envpw" takes its password from $LAB_PW_UNSET, which is not set\nhint: set LAB_PW_UNSET (or SMTP_PASSWORD), or use --password (there is no prompt without a terminal)\n',
		);
		const otherUser = await cli([...sendArgs, '--profile', 'lab', '--user', 'other']);
		expect(otherUser.stderr).toMatch(/--user other given but no password: profile "lab" keeps its password for user demo only, and this is --user other/);
		expect(server.messages.length).toBe(before);
		// As the hint says: SMTP_PASSWORD stands in for the profile's unset variable.
		const fromSmtpPassword = await cli([...sendArgs, '--profile', 'envpw'], {SMTP_PASSWORD: 'demo'});
		expect(fromSmtpPassword.code, output(fromSmtpPassword)).toBe(0);
		expect(server.messages.at(-1)?.user).toBe('demo');
	});

	it('check --profile without TARGET probes the profile host and port', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'lab', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--helo', 'profile.test']);
		const result = await cli(['check', '--profile', 'lab', '--timeout', '5']);
		expect(result.code, output(result)).toBe(0);
		expect(result.stdout).toContain(`Probing port ${server.port} on 127.0.0.1`);
		expect(result.stdout).toMatch(new RegExp(`^127\\.0\\.0\\.1 +${server.port} +open`, 'm'));
	});
});
