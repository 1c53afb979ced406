// The password prompt on a terminal names the user, and first says why the profile's password was not used: both
// come from profiles.json, a file that may be passed around, so they are escaped as usage errors are.
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pty from '@lydell/node-pty';
import {expect, it} from 'vitest';
import {cliPath} from '../helpers/run-cli.js';

/** ESC, the C1 CSI and a bidi override: what could recolour or reorder the terminal. */
const CONTROL = /[\x1b\x9b\u202e]/;

it('escapes the profile values in the note and the prompt before it reads the password', async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-prompt-'));
	const profile = {name: 'lab\u009b2J', host: '127.0.0.1', port: 9, security: 'none', user: 'demo\x1b[31m\u202e', passwordEnv: 'SMTP_TUI_TEST_UNSET'};
	writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({version: 1, profiles: [profile]}));
	const env: NodeJS.ProcessEnv = {...process.env, SMTP_TUI_CONFIG_DIR: dir, NO_COLOR: '1'};
	delete env.SMTP_PASSWORD;
	const terminal = pty.spawn(process.execPath, [cliPath, 'send', '--profile', profile.name, '--to', 'a@example.test'], {cols: 200, rows: 10, env: env as Record<string, string>});
	let output = '';
	terminal.onData(data => (output += data));
	const exit = new Promise<number>(resolve => terminal.onExit(({exitCode}) => resolve(exitCode)));
	try {
		const deadline = Date.now() + 10_000;
		while (!output.includes('password for') && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 25));
		// Typed at once, it reaches the prompt whether or not raw mode is on yet; then nothing listens on port 9.
		terminal.write('secret\r');
		expect(await exit).toBe(2);
	} finally {
		terminal.kill();
	}
	expect(output).not.toMatch(CONTROL);
	expect(output).toContain('smtp-tui: profile "lab\\x9b2J" takes its password from $SMTP_TUI_TEST_UNSET, which is not set');
	expect(output).toContain('password for demo\\x1b[31m\\u202e: ');
});

/** `send --json` at its password prompt (stdin a terminal, stdout and stderr files), then `act` on it. */
async function atPrompt(act: (terminal: pty.IPty) => void): Promise<{code: number; out: string; err: string}> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-prompt-'));
	const out = path.join(dir, 'out');
	const err = path.join(dir, 'err');
	const env: NodeJS.ProcessEnv = {...process.env, SMTP_TUI_CONFIG_DIR: dir, NO_COLOR: '1'};
	delete env.SMTP_PASSWORD;
	const command = `exec "${process.execPath}" "${cliPath}" send --host 127.0.0.1 --port 9 --no-starttls --user demo --to 'Ann <a@example.test>' --json >"${out}" 2>"${err}"`;
	const terminal = pty.spawn('/bin/sh', ['-c', command], {cols: 100, rows: 10, env: env as Record<string, string>});
	const exit = new Promise<number>(resolve => terminal.onExit(({exitCode}) => resolve(exitCode)));
	try {
		const deadline = Date.now() + 10_000;
		while (!(existsSync(err) && readFileSync(err, 'utf8').includes('password for demo')) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 25));
		act(terminal);
		const code = await exit;
		return {code, out: readFileSync(out, 'utf8'), err: readFileSync(err, 'utf8')};
	} finally {
		terminal.kill();
	}
}

it('with --json, Ctrl+C or a signal at the password prompt is the result line alone, with the recipients never asked', async () => {
	const recipients = [{address: 'a@example.test', accepted: null, code: null, enhanced: null, text: null}];
	const typed = await atPrompt(terminal => terminal.write('\u0003'));
	expect(typed.code).toBe(130);
	expect(JSON.parse(typed.out)).toMatchObject({type: 'result', ok: false, exitCode: 130, stage: 'interrupted', message: 'cancelled at the password prompt: nothing was sent', recipients});
	expect(typed.err.trim()).toBe('password for demo:');
	const signalled = await atPrompt(terminal => process.kill(terminal.pid, 'SIGTERM'));
	expect(signalled.code).toBe(143);
	expect(JSON.parse(signalled.out)).toMatchObject({exitCode: 143, stage: 'interrupted', message: 'interrupted (SIGTERM) at the password prompt: nothing was sent', recipients});
	expect(signalled.err).toBe('password for demo: \n');
});
