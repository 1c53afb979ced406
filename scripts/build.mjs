// One esbuild build: dist/main.js plus a few chunks, behind the dist/cli.js stub. Unbundled Ink costs ~0.5 s of module loading at start-up;
// splitting lets the headless commands skip parsing Ink, React and the sandbox (4 MB) they never use.
import {build} from 'esbuild';
import {chmodSync, readFileSync, rmSync} from 'node:fs';
import {patchesFile, patchInk} from './ink-patch.mjs';
import {writeThirdPartyNotices} from './third-party-notices.mjs';

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

// Ink's useInput crashed on a read that parses as Ctrl with no key name, a redraw wiped the scrollback, and more: see
// scripts/ink-patch.mjs.
const inkPatches = {
	name: 'ink-patches',
	setup(build) {
		build.onLoad({filter: /[\\/](ink[\\/]build[\\/].*|restore-cursor[\\/]index|string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|ansi-tokenize[\\/]build[\\/](tokenize|styledChars))\.js$/}, ({path}) => (patchesFile(path) ? {contents: patchInk(readFileSync(path, 'utf8'), path), loader: 'js'} : undefined));
	},
};

rmSync('dist', {recursive: true, force: true});

const {metafile} = await build({
	metafile: true,
	// dist/cli.js (the bin) refuses a Node too old, turns on the compile cache, then loads dist/main.js: see source/bin.ts.
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
	banner: {
		// CommonJS dependencies bundled into ESM still call require().
		js: "import {createRequire as __smtpTuiCreateRequire} from 'node:module';\nconst require = __smtpTuiCreateRequire(import.meta.url);",
	},
	plugins: [lazyMeowNormalize, inkPatches],
	logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
writeThirdPartyNotices(metafile, 'dist/THIRD-PARTY-NOTICES.txt');
