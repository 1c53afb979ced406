// One esbuild build: dist/main.js plus a few chunks, behind the dist/cli.js stub. Unbundled Ink costs ~0.5 s of module loading at start-up;
// splitting lets the headless commands skip parsing Ink, React and the sandbox (4 MB) they never use.
import {build} from 'esbuild';
import {chmodSync, readFileSync, rmSync} from 'node:fs';

// meow's bundled dependencies run normalize-package-data (which sorts the SPDX licence tables) when they load:
// ~12 ms on every start, for a function meow calls only when a program reads `cli.pkg` (this one never does).
// The build makes it load on first use. If meow changes these lines, the build says so instead of going slow.
const EAGER_NORMALIZE = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
const LAZY_NORMALIZE = 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);';
const lazyMeowNormalize = {
	name: 'lazy-meow-normalize',
	setup(build) {
		build.onLoad({filter: /[\\/]meow[\\/]build[\\/]dependencies\.js$/}, ({path}) => {
			const source = readFileSync(path, 'utf8');
			if (!source.includes(EAGER_NORMALIZE)) throw new Error(`${path}: meow changed; update lazyMeowNormalize in scripts/build.mjs`);
			return {contents: source.replace(EAGER_NORMALIZE, LAZY_NORMALIZE), loader: 'js'};
		});
	},
};

// Ink 6.8's useInput reads `keypress.name` as the input of any key it parses as Ctrl+something. An escape sequence
// that is not a key (ESC[31m typed or pasted: a colour code) parses as Ctrl with no name, and the next line calls
// `input.startsWith`: the whole dashboard crashed. Such a sequence is no key at all: it becomes no input.
const INK_CTRL_INPUT = '    else if (keypress.ctrl) {\n                input = keypress.name;\n            }';
const SAFE_CTRL_INPUT = "    else if (keypress.ctrl) {\n                input = keypress.name ?? '';\n            }";
const inkUnnamedCtrlKey = {
	name: 'ink-unnamed-ctrl-key',
	setup(build) {
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]hooks[\\/]use-input\.js$/}, ({path}) => {
			const source = readFileSync(path, 'utf8');
			if (!source.includes(INK_CTRL_INPUT)) throw new Error(`${path}: Ink changed; update inkUnnamedCtrlKey in scripts/build.mjs`);
			return {contents: source.replace(INK_CTRL_INPUT, SAFE_CTRL_INPUT), loader: 'js'};
		});
	},
};

rmSync('dist', {recursive: true, force: true});

await build({
	// dist/cli.js (the bin) turns on the compile cache, then loads dist/main.js: see source/bin.ts.
	entryPoints: {cli: 'source/bin.ts', main: 'cli.tsx'},
	outdir: 'dist',
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
	// Ink imports react-devtools-core only in development mode.
	alias: {'react-devtools-core': './scripts/empty-module.js'},
	banner: {
		// CommonJS dependencies bundled into ESM still call require().
		js: "import {createRequire as __smtpTuiCreateRequire} from 'node:module';\nconst require = __smtpTuiCreateRequire(import.meta.url);",
	},
	plugins: [lazyMeowNormalize, inkUnnamedCtrlKey],
	logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
