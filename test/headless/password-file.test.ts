// --password-file FILE: the password from a file's first line, in neither the process list nor the environment;
// every way the file can be wrong is named, and a file other users can read is warned about.
import {spawn} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {passwordWarning} from '../../source/ui/run-dashboard.js';
import {parseSendFlags} from '../../source/headless/send-options.js';
import {runSend} from '../../source/headless/send.js';
import {cliPath, ended, runCli} from '../helpers/run-cli.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {refusal} from '../helpers/usage-refusal.js';
import {clientCerts} from '../helpers/certs.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-password-file-'));
/** A file of `text`, mode 0600 unless `mode` says otherwise. */
const file = (name: string, text: string | Buffer, mode = 0o600) => {
	const at = path.join(dir, name);
	writeFileSync(at, text);
	chmodSync(at, mode);
	return at;
};

let server: TestSmtpServer;
beforeAll(async () => {
	// Its account is demo/demo: a wrong password gets 535.
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const login = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quiet: true, user: 'demo', ...flags}, [], {env});

describe('--password-file', () => {
	it("logs in with the file's first line: its line end, a byte order mark and the lines after it are not part of it", async () => {
		for (const text of ['demo\n', 'demo', '\uFEFFdemo\r\nurl: https://mail.example.test\n']) {
			const result = await login({passwordFile: file('pw', text)});
			expect(result.code, `${JSON.stringify(text)}: ${result.out}`).toBe(0);
		}
		// The file is what counts: a wrong password in it is refused by the server.
		expect((await login({passwordFile: file('wrong', 'demo2\n')})).out).toMatch(/535/);
	});

	it('wins over SMTP_PASSWORD and over a profile that saved another password, as --password does', async () => {
		expect((await login({passwordFile: file('pw', 'demo\n')}, {SMTP_PASSWORD: 'not-this'})).code).toBe(0);
		const config = path.join(dir, 'config');
		mkdirSync(config, {recursive: true});
		const saved = await runCli(['profile', 'save', 'p', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--user', 'demo', '--save-password'], {env: {SMTP_TUI_CONFIG_DIR: config, SMTP_PASSWORD: 'not-this'}});
		expect(saved.code, saved.stderr).toBe(0);
		const sent = await runCli(['send', '--profile', 'p', '--password-file', file('pw', 'demo\n'), '--from', 'me@example.test', '--to', 'a@example.test', '--helo', 'client.test', '-q'], {env: {SMTP_TUI_CONFIG_DIR: config}});
		expect(sent.code, sent.stdout + sent.stderr).toBe(0);
	});

	it.runIf(process.platform === 'linux')('reads a pipe too (`--password-file <(pass show smtp)`; here `printf … |` into /dev/stdin), and says no word of it', async () => {
		const command = `printf 'demo\\n' | "${process.execPath}" "${cliPath}" send --host 127.0.0.1 --port ${server.port} --from me@example.test --to a@example.test --helo client.test -q --user demo --password-file /dev/stdin`;
		const result = await ended(spawn('sh', ['-c', command], {stdio: ['ignore', 'pipe', 'pipe']}));
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout + result.stderr).toBe('');
	});

	it('names what is wrong with the file, and never its text', () => {
		const refused = (passwordFile: string, extra: Record<string, unknown> = {}) => refusal(() => parseSendFlags({to: ['a@example.test'], user: 'demo', passwordFile, ...extra}, {}));
		const cases: Array<[string, string, string]> = [
			[file('empty', ''), `--password-file: the first line of ${path.join(dir, 'empty')} is empty`, 'put the password on the first line of the file (the lines after it are not read)'],
			[file('blank-first', '\nhunter2\n'), `--password-file: the first line of ${path.join(dir, 'blank-first')} is empty`, 'put the password on the first line of the file (the lines after it are not read)'],
			[path.join(dir, 'missing'), `--password-file: cannot read ${path.join(dir, 'missing')}: no such file`, 'give a file you can read, with the password on its first line'],
			[dir, `--password-file: ${dir} is a folder`, 'give the file that holds the password, on its first line'],
			['/dev/zero', '--password-file: /dev/zero is over 64 KiB, which no password is', 'give the file that holds the password, on its first line'],
			['', '--password-file is empty', 'give the file that holds the password, or leave --password-file out'],
			['-', '--password-file - is not standard input here', 'to read the password from standard input, give --password-file /dev/stdin (./- names a file called "-")'],
		];
		for (const [given, message, hint] of cases) expect(refused(given)).toMatchObject({message, hint});
		expect(refused(file('nul', 'hun\0ter2\n')).message).toBe('--password-file must not contain a line break (CR, LF) or NUL');
		// The file's encoding is named, with how to save it as UTF-8: not a NUL or a byte the user never typed.
		expect(refused(file('latin1', Buffer.from('h\xe9\n', 'latin1')))).toMatchObject({message: `--password-file: the first line of ${path.join(dir, 'latin1')} is not UTF-8 (Latin-1?)`, hint: 'save the file as UTF-8 (from Latin-1: iconv -f latin1 -t utf-8)'});
		for (const [name, bytes] of [['utf16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hunter2\r\n', 'utf16le')])], ['utf16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('hunter2\r\n', 'utf16le').swap16()])]] as const) {
			expect(refused(file(name, bytes))).toMatchObject({
				message: `--password-file: ${path.join(dir, name)} is UTF-16 text (as Windows PowerShell 5's > and Notepad's "Unicode" save it)`,
				hint: 'save it as UTF-8 (PowerShell: Set-Content -Encoding utf8), or convert it: iconv -f utf-16 -t utf-8',
			});
		}
		expect(refused(file('pw', 'hunter2\n'), {password: 'hunter2'})).toMatchObject({message: '--password and --password-file both give the password', hint: 'give one of them: --password-file keeps it out of the process list'});
		expect(refused(file('pw', 'hunter2\n'), {user: undefined})).toMatchObject({message: '--password-file given without --user', hint: 'add --user NAME'});
		// At a terminal, /dev/stdin is the keyboard: the password would be echoed as typed, with no prompt.
		expect(refusal(() => parseSendFlags({to: ['a@example.test'], user: 'demo', passwordFile: '/dev/stdin'}, {}, {terminal: true}))).toMatchObject({
			message: '--password-file /dev/stdin reads the terminal, which would show the password as you type it',
			hint: 'leave --password-file out: at a terminal you are asked for the password, masked',
		});
		// /dev/tty is the terminal whatever standard input is (a message piped in).
		expect(refused('/dev/tty').message).toBe('--password-file /dev/tty reads the terminal, which would show the password as you type it');
		// Read first, the password file would take the message with it.
		expect(refused('/dev/stdin', {body: '-'})).toMatchObject({message: '--password-file /dev/stdin and the message both read standard input', hint: 'give the message in a file (--body @FILE), or the password with SMTP_PASSWORD'});
		expect(JSON.stringify(cases.map(([given]) => refusal(() => parseSendFlags({to: ['a@example.test'], user: 'demo', passwordFile: given}, {}))))).not.toContain('hunter2');
	});

	it('with --no-auth, or to talk (which logs in only as typed), is refused', async () => {
		const pw = file('pw', 'demo\n');
		const noAuth = await runCli(['send', '--host', '127.0.0.1', '--no-auth', '--password-file', pw, '--to', 'a@example.test']);
		expect(noAuth.stderr).toBe('smtp-tui: --no-auth and --password-file cannot be used together\nhint: --no-auth sends without AUTH; leave it out to log in\n');
		const talk = await runCli(['talk', '--host', '127.0.0.1', '--password-file', pw]);
		expect(talk.stderr).toMatch(/^smtp-tui: --password-file: talk logs in only as you type it\n/);
	});

	it.runIf(process.platform !== 'win32')('readable by other users: send warns a person at a terminal, and the dashboard in its log', async () => {
		const readable = file('readable', 'demo\n', 0o644);
		const warning = `--password-file ${readable} can be read by other users (mode 0644): chmod 600 ${readable}`;
		const send = (passwordFile: string, terminal: boolean) =>
			runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quiet: true, user: 'demo', passwordFile}, [], {terminal});
		expect((await send(readable, true)).out).toContain(`smtp-tui: warning: ${warning}\n`);
		expect((await send(readable, false)).out).not.toContain('warning');
		expect((await send(file('private', 'demo\n'), true)).out).not.toContain('warning');
		expect(passwordWarning({user: 'demo', passwordFile: readable})).toEqual([`warning: ${warning}`]);
		expect(passwordWarning({user: 'demo', passwordFile: file('private', 'demo\n')})).toEqual([]);
	});

	it.runIf(process.platform !== 'win32')("gives a chmod that can be pasted: a name with a space or a quote in it is quoted for the shell", () => {
		const spaced = file("it's my password.txt", 'demo\n', 0o640);
		expect(passwordWarning({user: 'demo', passwordFile: spaced})).toEqual([`warning: --password-file ${spaced} can be read by other users (mode 0640): chmod 600 '${spaced.replace("'", "'\\''")}'`]);
	});
});

describe.runIf(process.platform !== 'win32')('the client key file readable by other users', () => {
	it('is warned about as ssh would (send at a terminal, the dashboard in its log): in --key, or in --cert when the key is there', async () => {
		const {client} = await clientCerts();
		const cert = file('client.pem', client.cert);
		const key = file('client.key', client.key, 0o640);
		const both = file('both.pem', `${client.cert}${client.key}`, 0o604);
		const warning = (at: string, mode: string) => `the private key in ${at} can be read by other users (mode ${mode}): chmod 600 ${at}`;
		const send = (flags: Record<string, unknown>) =>
			runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quiet: true, ...flags}, [], {terminal: true});
		expect((await send({cert, key})).out).toContain(`smtp-tui: warning: ${warning(key, '0640')}\n`);
		expect((await send({cert: both})).out).toContain(`smtp-tui: warning: ${warning(both, '0604')}\n`);
		expect((await send({cert, key: file('private.key', client.key)})).out).not.toContain('can be read by other users');
		expect(passwordWarning({cert, key}, {cert, key})).toEqual([`warning: ${warning(key, '0640')}`]);
	});
});
