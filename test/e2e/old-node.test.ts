// dist/cli.js on a Node.js older than engines admits (Node 18 is Debian 12's and Ubuntu 24.04's nodejs): one line
// that says what to do, and exit 1, from every entry. CI has no old Node, so the old version is faked by a preload
// that changes process.versions.node, which is also what the bundled yargs-parser reads: had the bin loaded the CLI
// before its check, yargs-parser's stack trace would show. The built files the check runs in are held to syntax that
// Node 12.20 onwards parses (checked by hand on Node 12.22, 14.21, 16.20 and 18.20: see the README's Requirements).
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {transform} from 'esbuild';
import {afterAll, describe, expect, test} from 'vitest';
import {cliNode, cliPath, ended} from '../helpers/run-cli.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-old-node-'));
afterAll(() => rmSync(folder, {recursive: true, force: true}));

/** Runs dist/cli.js with process.versions.node (and process.version) saying `version`. */
function runAs(version: string, args: string[]) {
	const preload = path.join(folder, `node-${version}.cjs`);
	writeFileSync(preload, `for (const [object, name, value] of [[process.versions, 'node', ${JSON.stringify(version)}], [process, 'version', ${JSON.stringify(`v${version}`)}]]) Object.defineProperty(object, name, {value});\n`);
	// --require works on every Node (--import needs 20.6).
	return ended(spawn(cliNode, ['--require', preload, cliPath, ...args], {cwd: folder, env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']}));
}

describe('dist/cli.js on an old Node', () => {
	test.each([['--version'], ['--help'], ['send', '--help'], ['send', '--to', 'a@example.test'], ['serve', '--port', '0'], ['check', 'localhost'], []].map(args => ({args})))('refuses in one line and exits 1: smtp-tui $args', async ({args}) => {
		const result = await runAs('18.20.8', args);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toBe(`smtp-tui needs Node.js 20 or newer; this is Node.js 18.20.8 (${cliNode}). Install a newer Node (https://nodejs.org, nvm, or your distribution's nodejs 20+), then run it again.\n`);
	});

	test('runs on the oldest Node that engines admits', async () => {
		expect(await runAs('20.0.0', ['--version'])).toMatchObject({code: 0, stdout: '0.1.0\n', stderr: ''});
	});

	test('loads nothing before the check but it and esbuild helpers, all in syntax Node 12.20 parses', async () => {
		const loaded = staticGraph(cliPath);
		const modules = loaded.flatMap(file => [...readFileSync(file, 'utf8').matchAll(/^\/\/ ((?:source|node_modules)\/\S+)$/gm)].map(match => match[1]));
		expect(modules).toEqual(['source/node-version.ts', 'source/bin.ts']);
		for (const file of loaded) {
			const code = readFileSync(file, 'utf8');
			// Unchanged when built for Node 12.20: no `?.`, `??`, top-level await or other newer syntax (esbuild refuses
			// what it cannot rewrite, such as top-level await, and rewrites the rest).
			const old = await transform(code, {format: 'esm', target: 'node12.20'});
			const current = await transform(code, {format: 'esm', target: 'esnext'});
			expect(old.code, file).toBe(current.code);
		}
	});
});

/** dist/cli.js and the files its static imports load, before any of its code runs. */
function staticGraph(entry: string, seen: string[] = []): string[] {
	if (seen.includes(entry)) return seen;
	seen.push(entry);
	for (const [, specifier] of readFileSync(entry, 'utf8').matchAll(/^import\s+(?:[^'"();]*?\s+from\s+)?["']([^"']+)["'];?$/gm)) {
		if (specifier.startsWith('.')) staticGraph(path.resolve(path.dirname(entry), specifier), seen);
	}
	return seen;
}
