// The password prompt on a terminal names the user, and first says why the profile's password was not used: both
// come from profiles.json, a file that may be passed around, so they are escaped as usage errors are.
import {mkdtempSync, writeFileSync} from 'node:fs';
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
