// `check` run in-process with a probe EHLO name (see run-in-process.ts).
import {runCheck} from '../../source/headless/check.js';
import {runInProcess} from './run-in-process.js';

export async function checkInProcess(args: string[], flags: Record<string, unknown>, options: {timeout: string; terminal?: {columns?: number}}): Promise<{code: number; out: string}> {
	return runInProcess(runCheck, {helo: 'probe.test', timeout: options.timeout, ...flags}, args, options.terminal ? {terminal: options.terminal} : {});
}
