// What dist/cli.js does once the Node.js is new enough, before it loads the CLI (dist/main.js): hides a password from
// the process list, settles the start checks, and turns on Node's compile cache. With the cache, Node 22.8 and newer
// (module.enableCompileCache) reuse V8's compiled code of the bundle between runs instead of parsing ~1 MB of
// JavaScript at every start (~15-20 ms); Node 20 has no such cache. The cache lives in the user's own cache folder,
// not in the shared temp folder, where another user could plant compiled code. NODE_COMPILE_CACHE moves it;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';
import process from 'node:process';
import {processTitle} from './headless/process-title.js';
import {compileCacheFolder, dropRelativeHomes, lostWorkingDirectory, preferNoColour} from './start-checks.js';

type CompileCache = {enableCompileCache?: (directory?: string) => unknown};

// A password given as a flag is hidden from ps and /proc/PID/cmdline (every local user reads them) first thing, not
// only once the CLI has loaded and read its flags (~0.1 s, or most of a second on a busy machine, later), where
// cli.tsx sets the title again (meow resets it).
process.title = processTitle(process.argv.slice(2));

const lost = lostWorkingDirectory();
if (lost) {
	process.stderr.write(`${lost}\n`);
	process.exit(1);
}
// Before any folder is worked out from them, the compile cache's too.
dropRelativeHomes(process.env);
preferNoColour(process.env);

// No cache folder (no home, or root in another user's home): no compile cache, and a start as fast as on Node 20.
// Node 20 has no cache: its folder is not looked for (a walk up the folders, stat by stat).
const {enableCompileCache} = module as CompileCache;
const cache = enableCompileCache && (process.env.NODE_COMPILE_CACHE || compileCacheFolder(process.env));
if (cache) enableCompileCache(cache);
