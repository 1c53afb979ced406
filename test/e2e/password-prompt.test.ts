// `send`'s password prompt at a terminal under a job-control shell: Ctrl+Z stops it as it stops any command, with the
// terminal given back as it was, and `fg` asks again, keeping what was typed. Runs the built dist/cli.js.
import {beforeAll, expect, test} from 'vitest';
import {cliPath, KEY, ptySessions} from '../helpers/pty.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const open = ptySessions();
let server: TestSmtpServer;
// In clear (--no-starttls): the prompt is what is tested, not TLS. Closed after the file's tests.
beforeAll(async () => {
	server = await startSmtpServer();
	return async () => server.close();
});

/**
 * bash with job control, send at its password prompt with `typed` typed, then stopped with Ctrl+Z. `wrapped`: run
 * behind a shell that waits for it, as npx or a script runs it (the shell's job is the wrapper, not send).
 */
async function stoppedAtPrompt(typed: string, wrapped = false) {
	const session = open({file: '/bin/bash', args: ['--norc', '--noprofile', '-i'], env: {PS1: 'PROMPT$ ', HISTFILE: '', SMTP_PASSWORD: undefined}});
	await session.waitForText('PROMPT$');
	const send = `'${process.execPath}' '${cliPath}' send --host 127.0.0.1 --port ${server.port} --no-starttls --user demo --to a@example.test --from b@example.test --body hi`;
	session.press(wrapped ? `sh -c "${send}; echo wrapper done"` : send, KEY.enter);
	await session.waitForText(/^password for demo: $/m);
	session.press(typed);
	await session.waitForText(new RegExp(`^password for demo: \\*{${typed.length}}$`, 'm'));
	session.press(KEY.ctrl('z'));
	await session.waitForText(/Stopped/);
	return session;
}

/** What the screen shows after the last `fg` the shell echoed. */
const afterFg = (screen: string) => screen.slice(screen.lastIndexOf('PROMPT$ fg')).trimEnd();

test('Ctrl+Z stops it with the terminal as the shell left it; fg asks again, the characters typed kept, and the login goes', async () => {
	const session = await stoppedAtPrompt('de');
	// The shell has its terminal back in its own mode, not raw: lines are edited and echoed.
	session.press('stty -a', KEY.enter);
	await session.waitForText(/ icanon /);
	expect(session.screenText()).toMatch(/ echo /);
	session.press('fg', KEY.enter);
	await session.waitFor(screen => /password for demo: \*\*$/.test(afterFg(screen)), 10_000, 'the prompt again after fg');
	session.press('mo', KEY.enter);
	await session.waitForText(/^PROMPT\$ $/m);
	session.press('echo "exit=$?"', KEY.enter);
	await session.waitForText('exit=0');
	expect(server.messages.at(-1)).toMatchObject({user: 'demo', to: ['a@example.test']});
});

test('behind a wrapper (npx, a script), Ctrl+Z stops the whole job: the shell gets its terminal back, and fg goes on', async () => {
	const before = server.messages.length;
	const session = await stoppedAtPrompt('de', true);
	session.press('echo "shell=$?"', KEY.enter);
	await session.waitForText('shell=148');
	session.press('fg', KEY.enter);
	await session.waitFor(screen => /password for demo: \*\*$/.test(afterFg(screen)), 10_000, 'the prompt again after fg');
	session.press('mo', KEY.enter);
	await session.waitForText(/^wrapper done$/m);
	expect(server.messages).toHaveLength(before + 1);
});

test('Ctrl+C after fg still cancels: nothing is sent, exit 130', async () => {
	const before = server.messages.length;
	const session = await stoppedAtPrompt('x');
	session.press('fg', KEY.enter);
	await session.waitFor(screen => /password for demo: \*$/.test(afterFg(screen)), 10_000, 'the prompt again after fg');
	session.press(KEY.ctrl('c'));
	await session.waitForText('smtp-tui: cancelled at the password prompt: nothing was sent');
	session.press('echo "exit=$?"', KEY.enter);
	await session.waitForText('exit=130');
	expect(server.messages).toHaveLength(before);
});
