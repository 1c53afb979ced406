// `profile save` and `profile delete` where the config folder cannot be used: one clear error naming the path and
// what to do (exit 1), worded for the save or the delete, never a Node stack trace. Runs the built CLI. Tests run as
// root here, which chmod does not stop: a file in the way of the folder, or a folder under /proc, stops root too.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('profile-store-errors');

const save = ['profile', 'save', 'sb', '--host', '127.0.0.1', '--port', '26200', '--no-starttls'];
const inConfig = (dir: string, args: string[]) => runCli(args, {env: {SMTP_TUI_CONFIG_DIR: dir}});

/** A regular file, and a config folder path under it. */
async function fileInTheWay(): Promise<{file: string; under: string}> {
	const file = path.join(await tempDir(), 'not-a-folder');
	writeFileSync(file, '');
	return {file, under: path.join(file, 'smtp-tui')};
}

describe('profile save and delete where the config folder cannot be written', () => {
	it('SMTP_TUI_CONFIG_DIR under a regular file: names the file, says save or delete, exit 1', async () => {
		const {file, under} = await fileInTheWay();
		const saved = await inConfig(under, save);
		expect(saved.code).toBe(1);
		expect(saved.stdout).toBe('');
		expect(saved.stderr).toBe(
			`smtp-tui: cannot save profile "sb": ${file} is a file, in the way of the config folder ${under}\n` +
				`hint: move ${file} away, or point SMTP_TUI_CONFIG_DIR at a folder you can write\n`,
		);
		const deleted = await inConfig(under, ['profile', 'delete', 'sb']);
		expect(deleted.code).toBe(1);
		expect(deleted.stderr).toMatch(new RegExp(`^smtp-tui: cannot delete profile "sb": ${file} is a file`));
	});

	it('SMTP_TUI_CONFIG_DIR is itself a regular file', async () => {
		const {file} = await fileInTheWay();
		const saved = await inConfig(file, save);
		expect(saved.code).toBe(1);
		expect(saved.stderr).toMatch(new RegExp(`^smtp-tui: cannot save profile "sb": the config folder ${file} is a file\\nhint: move ${file} away`));
		// Reading says read: list and send --profile.
		const listed = await inConfig(file, ['profile', 'list']);
		expect(listed.stderr).toMatch(/^smtp-tui: cannot read the profiles: the config folder .* is a file\n/);
	});

	it.runIf(process.platform === 'linux')('a config folder that cannot be made (under /proc): no stack trace', async () => {
		const saved = await inConfig('/proc/smtp-tui-test/config', save);
		expect(saved.code).toBe(1);
		expect(saved.stderr).toBe('smtp-tui: cannot save profile "sb": the config folder /proc/smtp-tui-test/config cannot be made (no /proc to make /proc/smtp-tui-test in)\nhint: point SMTP_TUI_CONFIG_DIR at a folder you can write\n');
	});

	// chmod 555 stops every user but root: as root, the CLI runs as nobody (setpriv, from util-linux).
	const asRoot = process.getuid?.() === 0;
	const canDrop = !asRoot || spawnSync('setpriv', ['--version']).status === 0;
	it.runIf(process.platform === 'linux' && canDrop)('a read-only folder (chmod 555): permission denied on the lock file, and what to do', async () => {
		const dir = path.join(await tempDir(), 'read-only');
		mkdirSync(dir);
		chmodSync(path.dirname(dir), 0o755);
		chmodSync(dir, 0o555);
		const command = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
		const run = spawnSync(command[0]!, [...command.slice(1), cliPath, ...save], {env: {...process.env, SMTP_TUI_CONFIG_DIR: dir}, encoding: 'utf8'});
		expect(run.status).toBe(1);
		expect(run.stderr).toBe(
			`smtp-tui: cannot save profile "sb": permission denied on ${dir}/profiles.json.lock\n` +
				`hint: make ${dir} readable and writable for you, or point SMTP_TUI_CONFIG_DIR at a folder you can write\n`,
		);
	});
});
