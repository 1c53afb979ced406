// The bin stub (source/bin.ts): Node's compile cache in the user's own cache folder where Node has one (22.1+),
// nothing written where it has none (20); either way the CLI runs.
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

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

	it('writes no cache when NODE_DISABLE_COMPILE_CACHE=1, and runs the same', async () => {
		const home = cacheHome();
		const result = await runCli(['--version'], {env: {XDG_CACHE_HOME: home, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: '1'}});
		expect(result).toMatchObject({code: 0, stdout: '0.1.0\n'});
		expect(readdirSync(home)).toEqual([]);
	});
});
