// What the built dashboard loads before its first frame (dist/main.js and the chunks run-dashboard imports
// statically): code the first frame does not use is loaded when a key needs it, and nothing in it starts ICU
// (see README's "How it is built"). What `send` loads: its own build (dist/send/), in a few files.
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {cliNode, cliPath} from '../helpers/run-cli.js';

const dist = path.dirname(cliPath);

/** The files a module loads with its static imports, itself included. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
	if (seen.has(file)) return seen;
	seen.add(file);
	for (const [, a, b] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|^import\s+"(\.[^"]+)"/gms)) staticClosure(path.resolve(path.dirname(file), (a ?? b)!), seen);
	return seen;
}

describe('the dashboard start', () => {
	const dashboard = readdirSync(path.join(dist, 'chunks')).find(name => name.startsWith('run-dashboard-'))!;
	const start = [...staticClosure(path.join(dist, 'main.js')), ...staticClosure(path.join(dist, 'chunks', dashboard))].map(file => readFileSync(file, 'utf8')).join('\n');

	it("loads neither Ctrl+K's port check nor the sandbox's mailbox and parsers", () => {
		// The build names each bundled module in a comment at its start.
		for (const module of ['source/ui/check-action.ts', 'source/headless/check-verdict.ts', 'source/headless/check-probe.ts', 'source/sandbox/mailbox.ts', 'node_modules/nodemailer/dist/esm/addressparser/index.js']) {
			expect(start, module).not.toContain(`// ${module}\n`);
		}
		// The check is there, for the first Ctrl+K.
		expect(start).toMatch(/import\("\.\/check-action-[A-Z\d]+\.js"\)/);
	});

	it("decodes yoga's inlined WebAssembly with Buffer, not atob and a loop over its characters", () => {
		expect(start).toContain('var d = new Uint8Array(Buffer.from(a.slice(37), "base64"));');
		expect(start).not.toContain('c[a] = b.charCodeAt(a);');
	});

	it('builds no Intl.Segmenter as it loads (the first Intl object starts ICU)', () => {
		expect(start).not.toMatch(/^(const|let|var) \w+ = new Intl\.Segmenter\(/m);
		expect(start).toContain('function graphemeSegmenter()');
	});
});

describe('every command\'s start (dist/main.js, and send\'s dist/send/main.js)', () => {
	it.each(['main.js', 'send/main.js'])("%s bundles none of meow's package.json reading: the build gives it the package's own", file => {
		const main = [...staticClosure(path.join(dist, file))].map(file => readFileSync(file, 'utf8')).join('\n');
		for (const code of ['function readPackageUpSync(', 'function requireNormalize(', 'function requireSpdxCorrect(', 'codeFrameColumns']) expect(main, code).not.toContain(code);
		// What meow would have read: the version is the package's.
		expect(main).toContain(`"version": "${JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')).version}"`);
	});
});

describe("send's start: a build of its own (dist/send/)", () => {
	const own = path.join(dist, 'send');
	const files = (folder: string) => readdirSync(folder, {recursive: true, withFileTypes: true}).filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
	const run = files(own).find(file => path.basename(file).startsWith('send-'))!;
	const start = new Set([...staticClosure(path.join(own, 'main.js')), ...staticClosure(run)]);

	it('loads send in a few module files (Node 20 pays for each; in the one build it took 44)', () => {
		expect([...start].map(file => readFileSync(file, 'utf8')).join('\n')).toContain('// source/headless/send.ts\n');
		expect(start.size).toBeLessThanOrEqual(6);
	});

	it("takes the main build's chunks of the packages it loads late (html-to-text), and every file it imports is there", () => {
		const imports = files(own).flatMap(file => [...readFileSync(file, 'utf8').matchAll(/(?:from |import\(?)\s*"(\.[^"]+)"/g)].map(([, imported]) => path.resolve(path.dirname(file), imported!)));
		expect(imports.filter(file => !existsSync(file))).toEqual([]);
		expect(imports.some(file => path.dirname(file) === path.join(dist, 'chunks') && path.basename(file).startsWith('html-to-text-'))).toBe(true);
		expect(files(own).map(file => readFileSync(file, 'utf8')).join('\n')).not.toContain('// node_modules/html-to-text/');
	});

	it('holds no other command, nor Ink, React or yoga, even among what it loads later', () => {
		const whole = files(own).map(file => readFileSync(file, 'utf8')).join('\n');
		for (const module of ['source/headless/talk.ts', 'source/headless/check.ts', 'source/headless/serve.ts', 'source/headless/profile.ts', 'source/headless/inbox-wait.ts', 'source/ui/run-dashboard.tsx', 'source/ui/run-inbox.tsx']) {
			expect(whole, module).not.toContain(`// ${module}\n`);
		}
		expect(whole).not.toMatch(/^\/\/ node_modules\/(ink|react|react-reconciler|yoga-layout)\//m);
	});

	describe('the bin takes it for `send ...` alone', () => {
		// A copy of dist/ without dist/send/: send cannot start, every other way in still does.
		const copy = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dist-'));
		afterAll(() => rmSync(copy, {recursive: true, force: true}));
		cpSync(dist, copy, {recursive: true});
		rmSync(path.join(copy, 'send'), {recursive: true});
		const cli = (...args: string[]) => spawnSync(cliNode, [path.join(copy, 'cli.js'), ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});

		it('send loads dist/send/main.js', () => {
			const result = cli('send', '--help');
			expect(result.status).toBe(1);
			expect(result.stderr).toContain(`Cannot find module '${path.join(copy, 'send', 'main.js')}'`);
		});

		it.each([['help', 'send'], ['--help'], ['talk', '--help'], ['-q', 'send', '--help']].map(args => [args.join(' '), args]))('%s loads dist/main.js', (_, args) => {
			const result = cli(...(args as string[]));
			expect(result.stderr).toBe('');
			expect(result.status).toBe(0);
		});
	});
});

describe('the sandbox start', () => {
	it('loads the DKIM verifier only once a signed message comes', () => {
		const chunks = readdirSync(path.join(dist, 'chunks')).map(name => path.join(dist, 'chunks', name));
		const server = chunks.find(file => readFileSync(file, 'utf8').includes('\nasync function startSandbox('))!;
		const sandbox = [...staticClosure(server)].map(file => readFileSync(file, 'utf8')).join('\n');
		expect(sandbox).toContain('// source/sandbox/dkim-checks.ts\n');
		expect(sandbox).not.toContain('// source/sandbox/dkim-verify.ts\n');
		expect(sandbox).toMatch(/import\("\.\/dkim-verify-[A-Z\d]+\.js"\)/);
	});
});
