// npm run bench: every bench/<name>.mjs that is a benchmark, in order, each in its own process.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const helpers = new Set(['run.mjs', 'lib.mjs', 'sink.mjs', 'bare-pipe.mjs']);
const only = process.argv.slice(2);
const benches = readdirSync(here)
	.filter(name => name.endsWith('.mjs') && !helpers.has(name))
	.filter(name => only.length === 0 || only.includes(name.replace(/\.mjs$/, '')))
	.sort();
let failed = 0;
for (const name of benches) {
	console.log(`\n# ${name.replace(/\.mjs$/, '')}`);
	const {status} = spawnSync(process.execPath, [path.join(here, name)], {stdio: 'inherit'});
	if (status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
