// The bin stub (source/bin.ts): Node's compile cache in the user's own cache folder where Node has one (22.8+),
// nothing written where it has none (20); either way the CLI runs.
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cliNode, cliPath, runCli} from '../helpers/run-cli.js';

const folders: string[] = [];
afterEach(() => {
	for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true});
});

function cacheHome(): string {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cache-'));
	folders.push(folder);
	return folder;
}

const nodeHasCompileCache = typeof (module as {enableCompileCache?: unknown}).enableCompileCache === 'function';

describe('the bin', () => {
	it('in a folder deleted under the shell, says so in one line instead of a stack trace', () => {
		// The shell enters the folder, which is then removed under it, as when a build deletes the folder a pane was in.
		const script = `mkdir gone && cd gone && rmdir "$PWD" && exec "$0" "$1" send --to a@b.test --transcript t.txt`;
		const result = spawnSync('sh', ['-c', script, process.execPath, cliPath], {cwd: cacheHome(), encoding: 'utf8'});
		expect(result.status).toBe(1);
		expect(result.stderr).toBe('smtp-tui: the current folder no longer exists (it was deleted or replaced after this shell entered it): cd to a folder that exists, then run it again\n');
	});

	it('an empty HOME or a relative XDG folder is not taken as a folder under the current one', async () => {
		const result = await runCli(['profile', 'list'], {cwd: cacheHome(), env: {HOME: '', XDG_CONFIG_HOME: 'relative', SMTP_TUI_CONFIG_DIR: undefined}});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`they go in ${path.join(os.userInfo().homedir, '.config', 'smtp-tui', 'profiles.json')}`);
	});

	it(`keeps compiled code in the user's cache folder only where Node can (this Node: ${nodeHasCompileCache ? 'can' : 'cannot'})`, async () => {
		const home = cacheHome();
		// Unset (an empty NODE_DISABLE_COMPILE_CACHE already disables the cache).
		const env = {XDG_CACHE_HOME: home, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined};
		const result = await runCli(['--version'], {env});
		expect(result).toMatchObject({code: 0, stdout: '0.1.0\n'});
		const cache = path.join(home, 'smtp-tui', 'compile-cache');
		if (nodeHasCompileCache) expect(readdirSync(cache).length).toBeGreaterThan(0);
		else expect(existsSync(cache)).toBe(false);
	});

	it('a CLI that fails to load ends it with exit 1, as a failed top-level await does, even where rejections only warn', () => {
		// The bin as installed (beside the package's package.json) with its chunks, but no main.js.
		const dir = cacheHome();
		copyFileSync(cliPath, path.join(dir, 'cli.js'));
		writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}\n');
		symlinkSync(path.join(path.dirname(cliPath), 'chunks'), path.join(dir, 'chunks'));
		const result = spawnSync(cliNode, [path.join(dir, 'cli.js'), '--version'], {env: {...process.env, NODE_OPTIONS: '--unhandled-rejections=warn'}, encoding: 'utf8'});
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain(`Cannot find module '${path.join(dir, 'main.js')}'`);
	});

	it('writes no cache when NODE_DISABLE_COMPILE_CACHE=1, and runs the same', async () => {
		const home = cacheHome();
		const result = await runCli(['--version'], {env: {XDG_CACHE_HOME: home, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: '1'}});
		expect(result).toMatchObject({code: 0, stdout: '0.1.0\n'});
		expect(readdirSync(home)).toEqual([]);
	});
});
