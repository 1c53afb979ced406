// A host pasted with its login (a mail client's settings, a password manager's URL field) is refused as a host, and
// the refusal, which a terminal's scrollback or a CI log keeps, never repeats the password: every command that takes
// a host says it with the password as ***.
import {describe, expect, test} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

const PASSWORD = 'Zq9-hunter2-77';

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
		const result = await runCli(args, {env: {SMTP_TUI_CONFIG_DIR: '/nonexistent/smtp-tui-config'}});
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
