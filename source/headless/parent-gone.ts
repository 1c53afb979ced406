// Whether the process that started this one has ended. Linux and macOS hand an orphan to another parent, so its
// parent pid changes; Windows never does, so there the first parent's pid no longer running is the sign.
import {isRunning} from '../message/lock-file.js';

/** How the parent is looked at: the parent pid now, and whether a pid runs. Tests pass their own. */
export type ParentProbe = {ppid: () => number; isRunning: (pid: number) => boolean};

// Node reads the parent's pid anew on each access.
export const PARENT_PROBE: ParentProbe = {ppid: () => process.ppid, isRunning};

/** Whether `parent`, the parent's pid at the start, has gone. */
export function parentGone(parent: number, probe: ParentProbe = PARENT_PROBE): boolean {
	return probe.ppid() !== parent || !probe.isRunning(parent);
}
