// Bundles scripts/record-examples.ts with esbuild (as the CLI is bundled) and runs it.
import {build} from 'esbuild';
import {mkdirSync} from 'node:fs';

mkdirSync('.bench-tmp', {recursive: true});
await build({entryPoints: ['scripts/record-examples.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: '.bench-tmp/record-examples.mjs', packages: 'external', logLevel: 'warning'});
await import(`${process.cwd()}/.bench-tmp/record-examples.mjs`);
