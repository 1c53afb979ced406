// Started by `npx smtp-tui serve`, the server runs under npm (through the shell npm starts it in). A script's
// `kill $!` ends npm, which passes SIGTERM to that shell but not to the server: it would go on listening and keep
// its port. Its parent process going (parent-gone.ts) is the sign that its launcher has gone; stdin's end is not (a
// background job's stdin may be /dev/null from the start). Only under npx: started as `setsid smtp-tui serve &` or
// with nohup, the server is meant to outlive its shell, whose end changes its parent too.
import {PARENT_PROBE, parentGone, type ParentProbe} from './parent-gone.js';

/** How often the parent is looked at: a stop a moment late frees the port in time for the next CI step. */
const CHECK_EVERY_MS = 500;

/** npx (npm exec) ran smtp-tui itself: npm names the command it ran, quoted by newer versions, in the environment. */
const startedByNpx = (env: NodeJS.ProcessEnv) => env.npm_lifecycle_event === 'npx' && /^'?smtp-tui'?(?:\s|$)/.test(env.npm_lifecycle_script ?? '');

/** Resolves once the npx that started this process has gone; never when it was not started by npx. */
export function untilLauncherGone(env: NodeJS.ProcessEnv, probe: ParentProbe = PARENT_PROBE): Promise<'launcher gone'> {
	return new Promise(resolve => {
		if (!startedByNpx(env)) return;
		const parent = probe.ppid();
		const timer = setInterval(() => {
			if (!parentGone(parent, probe)) return;
			clearInterval(timer);
			resolve('launcher gone');
		}, CHECK_EVERY_MS);
		// It never keeps the process alive by itself.
		timer.unref();
	});
}
