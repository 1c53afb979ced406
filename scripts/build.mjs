// One ESM bundle: unbundled Ink costs ~0.5 s of module loading at start-up.
import {build} from 'esbuild';
import {chmodSync} from 'node:fs';

await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/cli.js',
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
