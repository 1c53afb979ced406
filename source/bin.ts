#!/usr/bin/env node
// The published bin (dist/cli.js): turns on Node's compile cache, then loads the CLI (cli.tsx, built as
// dist/main.js). With it, Node 22.8 and newer (module.enableCompileCache) reuse V8's compiled code of the bundle
// between runs instead of parsing ~1 MB of JavaScript at every start (~15-20 ms); Node 20 has no such cache. The
// cache lives in the user's own cache folder, not in the shared temp folder, where another user could plant compiled
// code. NODE_COMPILE_CACHE moves it; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';
import path from 'node:path';
import process from 'node:process';
import {dropRelativeHomes, lostWorkingDirectory, preferNoColour} from './start-checks.js';

type CompileCache = {enableCompileCache?: (directory?: string) => unknown};

const lost = lostWorkingDirectory();
if (lost) {
	process.stderr.write(`${lost}\n`);
	process.exit(1);
}
// Before env-paths (loaded below) works out any folder from them, the compile cache's too.
dropRelativeHomes(process.env);
preferNoColour(process.env);

// Loaded only now: env-paths reads the home folder as it loads.
const {default: envPaths} = await import('env-paths');
(module as CompileCache).enableCompileCache?.(process.env.NODE_COMPILE_CACHE || path.join(envPaths('smtp-tui', {suffix: ''}).cache, 'compile-cache'));

// Not a literal import: the build keeps the CLI out of this small file.
await import(new URL('main.js', import.meta.url).href);
