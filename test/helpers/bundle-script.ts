// A small TypeScript program run in its own process (a second dashboard, a killed typist), bundled against the
// sources in `resolveDir` so its imports resolve as the tests' do.
import {build} from 'esbuild';

export async function bundleScript(outfile: string, contents: string, resolveDir: string): Promise<void> {
	await build({stdin: {contents, resolveDir, loader: 'ts'}, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent'});
}
