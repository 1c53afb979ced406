#!/usr/bin/env node
// The published bin (dist/cli.js). It first refuses a Node.js too old for smtp-tui, in one line (node-version.ts):
// so this file imports nothing else and is written for old Nodes too (no top-level await, no `?.` or `??`; a test
// holds the built file to that). Only then does it load the rest: bin-setup.ts (the process title, the start checks,
// the compile cache), then the CLI (cli.tsx, built as dist/main.js, and for `smtp-tui send ...` as dist/send/main.js:
// see scripts/build.mjs).
import {oldNodeRefusal} from './node-version.js';

const refusal = oldNodeRefusal(process.versions.node, process.execPath);
if (refusal) {
	process.stderr.write(`${refusal}\n`);
	process.exitCode = 1;
} else {
	// Not a literal import of main.js: the build keeps the CLI out of this small file. A failure to load either is
	// thrown as an uncaught exception, which Node prints and exits 1 on, as for a failed top-level await (an
	// unhandled rejection would only be a warning under --unhandled-rejections=warn).
	const cli = process.argv[2] === 'send' ? 'send/main.js' : 'main.js';
	import('./bin-setup.js')
		.then(() => import(new URL(cli, import.meta.url).href))
		.catch((error: unknown) => {
			process.nextTick(() => {
				throw error;
			});
		});
}
