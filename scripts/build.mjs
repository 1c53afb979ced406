// Two esbuild builds behind the dist/cli.js stub: dist/main.js plus chunks, which runs every command, and send's own
// (dist/send/, below). Unbundled Ink costs ~0.5 s of module loading at start-up; splitting lets the headless commands
// skip parsing Ink, React and the sandbox (4 MB) they never use.
import {build} from 'esbuild';
import {chmodSync, readFileSync, rmSync} from 'node:fs';
import {resolve} from 'node:path';
import {patchesFile, patchInk} from './ink-patch.mjs';
import {writeThirdPartyNotices} from './third-party-notices.mjs';

// meow finds, reads and parses the package.json above it on every start (find-up, parse-json with Babel's code frame),
// for the name and version, and bundles normalize-package-data with its SPDX licence tables for `cli.pkg`, which
// this program never reads: ~200 KB of the ~250 KB of meow parsed at every start of every command. The build gives
// meow the package.json it would have found (the package's own, beside dist/) and drops the rest: the code that is
// never called is then no longer bundled. If meow changes these lines, the build says so instead of going slow.
const meowPackage = readFileSync('package.json', 'utf8');
const MEOW_EDITS = {
	options: [
		["import { a as readPackageUpSync, n as normalizePackageData } from './dependencies.js';\n", ''],
		['options.pkg ?? readPackageUpSync({\n\t\tcwd: path.dirname(fileURLToPath(options.importMeta.url)),\n\t\tnormalize: false,\n\t})?.packageJson', `options.pkg ?? ${meowPackage.trim()}`],
		['\t\t\tnormalizePackageData(pkg);\n', ''],
	],
	dependencies: [
		['var libExports = requireLib$1();\n', ''],
		['return libExports.codeFrameColumns(', 'return requireLib$1().codeFrameColumns('],
		// Calls at the top level: the bundler keeps a call (and all it reaches) for its effects, even when nothing uses its result.
		['var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);\npromisify(execFile);\n', 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);\n'],
	],
};
const meowWithoutPackageReading = {
	name: 'meow-without-package-reading',
	setup(build) {
		build.onLoad({filter: /[\\/]meow[\\/]build[\\/](options|dependencies)\.js$/}, ({path}) => {
			let source = readFileSync(path, 'utf8');
			for (const [from, to] of MEOW_EDITS[/(options|dependencies)\.js$/.exec(path)[1]]) {
				if (!source.includes(from)) throw new Error(`${path}: meow changed; update meowWithoutPackageReading in scripts/build.mjs`);
				source = source.replace(from, to);
			}
			return {contents: source, loader: 'js'};
		});
	},
};

// Ink's useInput crashed on a read that parses as Ctrl with no key name, a redraw wiped the scrollback, and more: see
// scripts/ink-patch.mjs.
const inkPatches = {
	name: 'ink-patches',
	setup(build) {
		build.onLoad({filter: /[\\/](ink[\\/]build[\\/].*|restore-cursor[\\/]index|string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|ansi-tokenize[\\/]build[\\/](tokenize|styledChars))\.js$/}, ({path}) => (patchesFile(path) ? {contents: patchInk(readFileSync(path, 'utf8'), path), loader: 'js'} : undefined));
	},
};

// yoga (Ink's layout) decodes its inlined WebAssembly with atob and a loop over the characters as it loads: ~4 ms of
// every dashboard and inbox start here (2-20 ms on a loaded machine), where Buffer's base64 decoder takes 0.25 ms.
const YOGA_DECODE = ['var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c', 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))'];
const yogaNativeBase64 = {
	name: 'yoga-native-base64',
	setup(build) {
		build.onLoad({filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, ({path}) => {
			const source = readFileSync(path, 'utf8');
			if (!source.includes(YOGA_DECODE[0])) throw new Error(`${path}: yoga changed; update yogaNativeBase64 in scripts/build.mjs`);
			return {contents: source.replace(...YOGA_DECODE), loader: 'js'};
		});
	},
};

// `smtp-tui send`, the command scripts and tests run most, has a build of its own in dist/send/: cli.tsx again, with
// no other command's run. Node 20 pays for each module file it loads (~1 ms each here), and in the one build send's
// code is cut into 44 files, shared in every combination with the dashboard, talk, check and serve; in its own its
// start loads 4. dist/cli.js loads it for `send ...` alone: a first word `send` is always the command (cli.tsx's commandFirst and
// helpWords leave it be); any other start (`help send`, flags first) takes dist/main.js, which runs every command.
const OWN_BUILD = 'send';
const cli = resolve('cli.tsx');
const ownRun = `./source/headless/${OWN_BUILD}.js`;
const onlyOwnRun = {
	name: 'only-own-run',
	setup(build) {
		build.onResolve({filter: /^\./}, ({path: imported, importer, kind}) => (kind === 'dynamic-import' && importer === cli && imported !== ownRun ? {path: 'other-run', namespace: 'only-own-run'} : undefined));
		build.onLoad({filter: /.*/, namespace: 'only-own-run'}, () => ({contents: `throw new Error('dist/${OWN_BUILD}/ runs smtp-tui ${OWN_BUILD} only: dist/cli.js runs the other commands with dist/main.js');`, loader: 'js'}));
	},
};

const options = {
	metafile: true,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	minify: false,
	legalComments: 'none',
	define: {
		'process.env.NODE_ENV': '"production"',
	},
	banner: {
		// CommonJS dependencies bundled into ESM still call require().
		js: "import {createRequire as __smtpTuiCreateRequire} from 'node:module';\nconst require = __smtpTuiCreateRequire(import.meta.url);",
	},
	logLevel: 'warning',
};

/**
 * The chunks of the main build that send's build loads instead of bundling its own copy: those of a package loaded
 * lazily (selfsigned, html-to-text: ~1 MB of the package) whose chunks hold none of smtp-tui's modules, so that no
 * module of ours can run twice. Keyed by the package name as imported.
 */
function packageChunks(metafile) {
	const outputs = Object.entries(metafile.outputs);
	const closure = (file, seen = new Set()) => {
		if (seen.has(file)) return seen;
		seen.add(file);
		for (const {path: imported, kind} of metafile.outputs[file].imports) if (kind === 'import-statement' && !imported.startsWith('node:')) closure(imported, seen);
		return seen;
	};
	const ours = file => Object.keys(metafile.outputs[file].inputs).some(input => !input.startsWith('node_modules/'));
	const chunks = new Map();
	for (const [file, {entryPoint}] of outputs) {
		const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(entryPoint ?? '')?.[1];
		if (name && file.startsWith('dist/chunks/') && ![...closure(file)].some(ours)) chunks.set(name, file.slice('dist/'.length));
	}
	return chunks;
}

/** In send's build (its chunks in dist/send/chunks/), those packages are the main build's chunks. */
const sharedPackages = chunks => ({
	name: 'shared-packages',
	setup(build) {
		build.onResolve({filter: /^[^.]/}, ({path: imported, kind}) => (kind === 'dynamic-import' && chunks.has(imported) ? {path: `../../${chunks.get(imported)}`, external: true} : undefined));
	},
});

rmSync('dist', {recursive: true, force: true});

// dist/cli.js (the bin) refuses a Node too old, turns on the compile cache, then loads dist/main.js (or dist/send/main.js): see source/bin.ts.
const main = await build({...options, entryPoints: {cli: 'source/bin.ts', main: 'cli.tsx'}, outdir: 'dist', plugins: [meowWithoutPackageReading, inkPatches, yogaNativeBase64]});
const own = await build({...options, entryPoints: {main: 'cli.tsx'}, outdir: `dist/${OWN_BUILD}`, plugins: [meowWithoutPackageReading, inkPatches, onlyOwnRun, sharedPackages(packageChunks(main.metafile))]});
chmodSync('dist/cli.js', 0o755);
writeThirdPartyNotices({inputs: {...main.metafile.inputs, ...own.metafile.inputs}}, 'dist/THIRD-PARTY-NOTICES.txt');
