// A host pasted with its login (a mail client's settings, a password manager's URL field) is refused as a host, and
// the refusal, which a terminal's scrollback or a CI log keeps, never repeats the password: every command that takes
// a host says it with the password as ***.
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

const PASSWORD = 'Zq9-hunter2-77';
// profile save is among the commands: a folder of its own, which a refusal leaves empty.
const configDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-login-secret-'));
afterAll(() => {
	expect(readdirSync(configDir)).toEqual([]);
	rmSync(configDir, {recursive: true, force: true});
});

describe('a host with user:password@ in it', () => {
	const cases: Array<[string, string[], string]> = [
		['send, a URL', ['send', '--host', `smtp://me:${PASSWORD}@127.0.0.1:587`, '--to', 'you@example.test'], '--host "smtp://me:***@127.0.0.1:587" has a scheme (smtp://) in it'],
		['send, no scheme', ['send', '--host', `me:${PASSWORD}@127.0.0.1`, '--to', 'you@example.test'], '--host "me:***@127.0.0.1" is not a host name or address'],
		['the dashboard', ['--host', `smtps://me@example.com:${PASSWORD}@mail.example.com`], '--host "smtps://me@example.com:***@mail.example.com" has a scheme (smtps://) in it'],
		['talk', ['talk', '--host', `me:${PASSWORD}@127.0.0.1`], '--host "me:***@127.0.0.1" is not a host name or address'],
		['check', ['check', `smtp://me:${PASSWORD}@mail.example.com`], 'TARGET "smtp://me:***@mail.example.com" has a scheme (smtp://) in it'],
		['profile save', ['profile', 'save', 'work', '--host', `smtp://me:${PASSWORD}@mail.example.com`], '--host "smtp://me:***@mail.example.com" has a scheme (smtp://) in it'],
	];
	test.each(cases)('%s: refused with the password as ***', async (_name, args, error) => {
		const result = await runCli(args, {env: {SMTP_TUI_CONFIG_DIR: configDir}});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`smtp-tui: ${error}\n`);
		expect(result.stdout + result.stderr).not.toContain(PASSWORD);
	});

	test('the hint names the host after the last @, not a part of the login (a user name with an @ in it)', async () => {
		const result = await runCli(['send', '--host', `smtps://me@example.com:${PASSWORD}@mail.example.com`, '--to', 'you@example.test']);
		expect(result.stderr).toContain('hint: give the host alone: --host mail.example.com --tls (smtps:// means TLS from the first byte, port 465)\n');
		expect(result.stderr).not.toContain(PASSWORD);
	});
});

describe('a password with a space, unquoted', () => {
	// Its second word is left over: every command's "unexpected argument" or "unknown command" would quote it.
	test.each([
		['send', ['send', '--host', '127.0.0.1', '--user', 'me', '--password', 'Zq9-hunter2', PASSWORD, '--to', 'you@example.test']],
		['the dashboard', ['--host', '127.0.0.1', '--user', 'me', '--password=Zq9-hunter2', PASSWORD]],
		['talk', ['talk', '--host', '127.0.0.1', '--password', 'Zq9-hunter2', PASSWORD]],
		['serve', ['serve', '--port', '0', '--password', 'Zq9-hunter2', PASSWORD]],
	])('%s: refused without either word', async (_name, args) => {
		const result = await runCli(args);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toBe("smtp-tui: a word follows --password's value (neither is shown): a password with a space in it must be quoted\nhint: quote it: --password 'two words'\n");
	});

	test('with --json, the refusal is the JSON line, as every usage error of send is', async () => {
		const result = await runCli(['send', '--json', '--host', '127.0.0.1', '--password', 'Zq9-hunter2', PASSWORD]);
		expect(JSON.parse(result.stdout)).toMatchObject({type: 'result', ok: false, exitCode: 1, stage: 'options'});
		expect(result.stdout).not.toContain('hunter2');
	});

	test('--password with no value before another flag is a missing value, as before', async () => {
		const result = await runCli(['send', '--password', '--to', 'you@example.test', '--host', '127.0.0.1']);
		expect(result.stderr).toMatch(/^smtp-tui: --password needs a value\n/);
	});

	test('a word that is the command, after the flags, is still the command', async () => {
		const result = await runCli(['--password', 'Zq9-hunter2', 'send', '--host', '127.0.0.1', '--to', 'you@example.test']);
		expect(result.stderr).toBe('smtp-tui: --password given without --user\nhint: add --user NAME\n');
	});
});

describe('a password that starts with "--"', () => {
	// Read as a flag, it would be named in "unknown flag --…" by every command that takes --password.
	test.each([
		['send', ['send', '--host', '127.0.0.1', '--user', 'me', '--password', `--${PASSWORD}`, '--to', 'you@example.test']],
		['the dashboard', ['--host', '127.0.0.1', '--user', 'me', '--password', `--${PASSWORD}`]],
		['serve', ['serve', '--port', '0', '--password', `--${PASSWORD}`]],
	])('%s: refused without it, saying how to give one', async (_name, args) => {
		const result = await runCli(args);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toBe(`smtp-tui: --password is followed by a word that starts with "--" and is no flag (not shown: it may be the password)\nhint: a password that starts with "--" goes after an equals sign: --password='--…'\n`);
	});
});

describe('a password that starts with "-" after a password flag the command has not', () => {
	// The flag is named as unknown, with its hint; the word after it, read as a flag too, would be named beside it.
	test.each([
		['profile save', ['profile', 'save', 'work', '--host', 'mail.example.com', '--password', `--${PASSWORD}`], 'unknown flag --password'],
		['check', ['check', 'mail.example.com', '--password', `--${PASSWORD}`], 'unknown flag --password'],
		["send, swaks' --auth-password", ['send', '--to', 'you@example.test', '--auth-password', `--${PASSWORD}`], 'unknown flag --auth-password'],
		["send, swaks' -ap", ['send', '--to', 'you@example.test', '-ap', `-${PASSWORD}`], 'unknown flag -ap'],
		["check, check_smtp's --authpass", ['check', 'mail.example.com', '--authpass', `--${PASSWORD}`], 'unknown flag --authpass'],
		['send, a misspelt --pasword', ['send', '--to', 'you@example.test', '--pasword', `--${PASSWORD}`], 'unknown flag --pasword'],
		['the dashboard, a misspelt --passwd', ['--host', '127.0.0.1', '--passwd', `--${PASSWORD}`], 'unknown flag --passwd'],
		['talk, --pass', ['talk', '--host', '127.0.0.1', '--pass', `--${PASSWORD}`], 'unknown flag --pass'],
	])('%s: the flag is named, the password is not', async (_name, args, error) => {
		const result = await runCli(args, {env: {SMTP_TUI_CONFIG_DIR: configDir}});
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toMatch(new RegExp(`^smtp-tui: ${error}\nhint: \\S`));
		expect(result.stderr).not.toContain(PASSWORD.slice(1));
	});
});

describe("curl's -u user:password", () => {
	// The password would be the user name's end: in the transcript's "logging in as", a profile's listing, ps.
	test.each([
		['send, -u', ['send', '-u', `me@example.com:${PASSWORD}`, '--host', '127.0.0.1', '--to', 'you@example.test'], '"me@example.com:…"', 'hint: --user me@example.com, and the password apart (asked on a terminal, or SMTP_PASSWORD, or --password-file FILE)'],
		['the dashboard, --user=', ['--host', '127.0.0.1', `--user=me:${PASSWORD}`], '"me:…"', 'hint: --user me, and the password apart (typed in the connection panel, or SMTP_PASSWORD, or --password-file FILE)'],
		['send, -uVALUE', ['send', `-ume:${PASSWORD}`, '--host', '127.0.0.1', '--to', 'you@example.test'], '"me:…"', 'hint: --user me, and the password apart (asked on a terminal, or SMTP_PASSWORD, or --password-file FILE)'],
		['profile save', ['profile', 'save', 'work', '--host', 'mail.example.com', '--user', `me:${PASSWORD}`], '"me:…"', 'hint: --user me, and the password apart (--password-env VAR, or --save-password)'],
		['serve', ['serve', '--port', '0', '--user', `demo:${PASSWORD}`], '"demo:…"', 'hint: --user demo, and the password apart (--password PASS)'],
		['talk', ['talk', '--host', '127.0.0.1', '--user', `me:${PASSWORD}`], '"me:…"', 'hint: talk logs in only as you type it: leave --user out, and type AUTH LOGIN once connected'],
	])('%s: refused, the password not shown, with where it goes instead', async (_name, args, user, hint) => {
		const result = await runCli(args, {env: {SMTP_TUI_CONFIG_DIR: configDir}});
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toBe(`smtp-tui: --user ${user} is curl's -u user:password (what follows the ":" is not shown): --user takes the user name alone\n${hint}\n`);
	});

	test('a user name with a ":" is taken as it is when the password is given apart', async () => {
		const ownDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-login-colon-'));
		try {
			const result = await runCli(['profile', 'save', 'colon', '--host', 'mail.example.com', '--user', 'dept:me', '--password-env', 'MY_PASS'], {env: {SMTP_TUI_CONFIG_DIR: ownDir}});
			expect(result).toMatchObject({code: 0});
			const shown = await runCli(['profile', 'show', 'colon'], {env: {SMTP_TUI_CONFIG_DIR: ownDir}});
			expect(shown.stdout).toContain('dept:me');
		} finally {
			rmSync(ownDir, {recursive: true, force: true});
		}
	});
});
