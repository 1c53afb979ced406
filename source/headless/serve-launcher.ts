// Started by `npx smtp-tui serve`, the server runs under npm (through the shell npm starts it in). A script's
// `kill $!` ends npm, which passes SIGTERM to that shell but not to the server: it would go on listening and keep
// its port. Its parent process going (parent-gone.ts) is the sign that its launcher has gone; stdin's end is not (a
// background job's stdin may be /dev/null from the start). Only under npx: started as `setsid smtp-tui serve &` or
// with nohup, the server is meant to outlive its shell, whose end changes its parent too.
//
// Started by a test harness that reads its output through a pipe (Python's subprocess.PIPE, Node's spawn), the
// harness killed or crashed leaves the server orphaned, its port taken, and nothing tells it: Node sees a pipe's
// reader gone only at a write, and a quiet sandbox may never write again. So an orphan whose output is a pipe or a
// socket says that its parent went: that line's write, failing, stops it as a reader gone does; read, it serves on.
import {fstatSync} from 'node:fs';
import {PARENT_PROBE, parentGone, type ParentProbe} from './parent-gone.js';

/** How often the parent is looked at: a stop a moment late frees the port in time for the next CI step. */
const CHECK_EVERY_MS = 500;

/** npx (npm exec) ran smtp-tui itself: npm names the command it ran, quoted by newer versions, in the environment. */
const startedByNpx = (env: NodeJS.ProcessEnv) => env.npm_lifecycle_event === 'npx' && /^'?smtp-tui'?(?:\s|$)/.test(env.npm_lifecycle_script ?? '');

/** Whether file descriptor 1 is a pipe or a socket: a process reads it, and may end. Not a terminal, not a file. */
function outputIsPipe(): boolean {
	try {
		const stat = fstatSync(1);
		return stat.isFIFO() || stat.isSocket();
	} catch {
		return false;
	}
}

/** Resolves once the process that is the parent now has gone. */
function untilParentGone(probe: ParentProbe): Promise<void> {
	return new Promise(resolve => {
		const parent = probe.ppid();
		const timer = setInterval(() => {
			if (!parentGone(parent, probe)) return;
			clearInterval(timer);
			resolve();
		}, CHECK_EVERY_MS);
		// It never keeps the process alive by itself.
		timer.unref();
	});
}

const never = new Promise<never>(() => {});

/** Resolves once the npx that started this process has gone; never when it was not started by npx. */
export function untilLauncherGone(env: NodeJS.ProcessEnv, probe: ParentProbe = PARENT_PROBE): Promise<'launcher gone'> {
	return startedByNpx(env) ? untilParentGone(probe).then(() => 'launcher gone' as const) : never;
}

/**
 * Resolves once the parent has gone, when this process writes to a pipe or socket and was not started by npx (which
 * untilLauncherGone stops for); never otherwise. `pipe`: whether the output is one (tests give their own).
 */
export function untilOrphaned(env: NodeJS.ProcessEnv, probe: ParentProbe = PARENT_PROBE, pipe = outputIsPipe()): Promise<void> {
	return !startedByNpx(env) && pipe ? untilParentGone(probe) : never;
}
