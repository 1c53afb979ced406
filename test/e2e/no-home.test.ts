// A user id with no passwd entry and HOME unset (`docker run --user 4242`, `env -i`) has no home folder: every
// command used to die with a stack trace as the CLI loaded (os.homedir() threw). Now only what needs a folder does
// without one, and says so: serve's certificate is for this run only, the dashboard saves no draft, and profile
// commands fail in one line naming the cause.
import {describe, expect, test} from 'vitest';
import {asUser, editThenQuit, NO_ACCOUNT, needsRoot, runCliAs, sessionAs, startServe} from '../helpers/as-user.js';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();
const noStackTrace = (text: string) => expect(text).not.toMatch(/ERR_SYSTEM_ERROR|uv_os_homedir|\n\s+at /);

describe('no home folder (a user id with no passwd entry, HOME unset)', () => {
	needsRoot();

	test('--version and --help work', async () => {
		const version = await runCliAs(NO_ACCOUNT, ['--version']);
		expect(version).toMatchObject({code: 0, stderr: ''});
		expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
		const help = await runCliAs(NO_ACCOUNT, ['send', '--help']);
		expect(help).toMatchObject({code: 0, stderr: ''});
		expect(help.stdout).toContain('smtp-tui send');
	});

	test('profile commands fail in one line naming the cause, and what to set', async () => {
		for (const args of [['profile', 'list'], ['profile', 'save', 'sb', '--host', '127.0.0.1'], ['send', '--profile', 'sb', '--to', 'a@example.com']]) {
			const run = await runCliAs(NO_ACCOUNT, args);
			expect(run.code).toBe(1);
			expect(run.stderr).toMatch(
				new RegExp(`^smtp-tui: cannot (read the profiles|save profile "sb"): HOME is not set, and user id ${NO_ACCOUNT} has no passwd entry, so there is no home folder\\nhint: set HOME, or set SMTP_TUI_CONFIG_DIR to a folder you can write\\n$`),
			);
		}
		// SMTP_TUI_CONFIG_DIR is a way out, as the hint says.
		const listed = await runCliAs(NO_ACCOUNT, ['profile', 'list'], {SMTP_TUI_CONFIG_DIR: '/nonexistent/config'});
		expect(listed).toMatchObject({code: 0, stderr: ''});
	});

	test('serve runs with a certificate for this run only (and says so); send and check reach it', async () => {
		const serve = await startServe(asUser(NO_ACCOUNT, ['serve', '--port', '0']));
		const {port} = serve;
		try {
			expect(serve.stderr()).toContain(`warning: the certificate could not be kept (HOME is not set, and user id ${NO_ACCOUNT} has no passwd entry, so there is no home folder)`);
			const sent = await runCliAs(NO_ACCOUNT, ['send', '--host', '127.0.0.1', '--port', String(port), '--insecure', '--from', 'me@example.com', '--to', 'you@example.org', '--quiet']);
			noStackTrace(sent.stderr);
			expect(sent.code).toBe(0);
			// TLS refused (self-signed): the hint about the sandbox's own certificate file has no folder to look in.
			const refused = await runCliAs(NO_ACCOUNT, ['send', '--host', '127.0.0.1', '--port', String(port), '--from', 'me@example.com', '--to', 'you@example.org']);
			noStackTrace(refused.stderr + refused.stdout);
			expect(refused.stdout + refused.stderr).toContain('certificate verification failed');
			const checked = await runCliAs(NO_ACCOUNT, ['check', '127.0.0.1', '--ports', String(port)]);
			noStackTrace(checked.stderr);
			expect(checked.stdout).toMatch(new RegExp(`127\\.0\\.0\\.1 +${port} +open`));
		} finally {
			serve.stop();
		}
	});

	test('the dashboard runs; it says the draft is not saved, and the first Ctrl+C after an edit asks', async () => {
		const session = open({...sessionAs(NO_ACCOUNT), cols: 140});
		await untilKeysWork(session);
		await session.waitForText('! warning: edits here are not saved: HOME is not set, and user id');
		await editThenQuit(session, 'there is no home folder to save the draft in');
		noStackTrace(session.raw);
	});

	test('replay plays a bundled recording', async () => {
		const session = open(sessionAs(NO_ACCOUNT, ['replay', 'plain-delivery']));
		await untilKeysWork(session, 'STEP');
		await session.waitForText('replaying plain-delivery');
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
	});
});
