// One esbuild build: dist/cli.js plus a few chunks. Unbundled Ink costs ~0.5 s of module loading at start-up;
// splitting lets the headless commands skip parsing Ink, React and the sandbox (4 MB) they never use.
import {build} from 'esbuild';
import {chmodSync, rmSync} from 'node:fs';

rmSync('dist', {recursive: true, force: true});

await build({
	entryPoints: ['cli.tsx'],
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
	logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
