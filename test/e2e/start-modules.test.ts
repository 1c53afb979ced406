// What the built dashboard loads before its first frame (dist/main.js and the chunks run-dashboard imports
// statically): code the first frame does not use is loaded when a key needs it, and nothing in it starts ICU
// (see README's "How it is built").
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/run-cli.js';

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

	it('builds no Intl.Segmenter as it loads (the first Intl object starts ICU)', () => {
		expect(start).not.toMatch(/^(const|let|var) \w+ = new Intl\.Segmenter\(/m);
		expect(start).toContain('function graphemeSegmenter()');
	});
});

describe('every command\'s start (dist/main.js)', () => {
	it("bundles none of meow's package.json reading: the build gives it the package's own", () => {
		const main = [...staticClosure(path.join(dist, 'main.js'))].map(file => readFileSync(file, 'utf8')).join('\n');
		for (const code of ['function readPackageUpSync(', 'function requireNormalize(', 'function requireSpdxCorrect(', 'codeFrameColumns']) expect(main, code).not.toContain(code);
		// What meow would have read: the version is the package's.
		expect(main).toContain(`"version": "${JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')).version}"`);
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
