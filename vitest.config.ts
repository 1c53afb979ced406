import {readFileSync} from 'node:fs';
import {defineConfig} from 'vitest/config';
import {patchesFile, patchInk} from './scripts/ink-patch.mjs';

export default defineConfig({
	// The tests run the Ink the build ships: the same changes (see scripts/ink-patch.mjs).
	plugins: [
		{
			name: 'ink-patches',
			// Ink's (and its testing library's, and ansi-tokenize's) files name source maps of sources they do not ship: Vite would warn about each file it loads.
			load(id) {
				return /[\\/]node_modules[\\/](ink(-testing-library)?|@alcalzone[\\/]ansi-tokenize)[\\/]build[\\/].*\.js$/.test(id) ? {code: readFileSync(id, 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: null} : undefined;
			},
			transform(code, id) {
				return patchesFile(id) ? patchInk(code, id) : undefined;
			},
		},
	],
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		globalSetup: ['test/helpers/global-setup.ts'],
		setupFiles: ['test/helpers/setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Ink is transformed by the plugin above only if it is bundled through Vite, not loaded by Node directly.
		server: {deps: {inline: [/[\\/]ink[\\/]/, /[\\/]ink-testing-library[\\/]/, /[\\/]node_modules[\\/]string-width[\\/]/, /[\\/]slice-ansi[\\/]/, /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]/]}},
	},
});
