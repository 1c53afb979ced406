// The launcher's end as Windows shows it: the parent pid stays the same (Windows never re-parents an orphan), but
// no process runs under it any more. Linux shows it as a new parent; either is the launcher gone.
import {describe, expect, it} from 'vitest';
import {deadPid} from '../helpers/dead-pid.js';
import {parentGone, type ParentProbe} from '../../source/headless/parent-gone.js';
import {isRunning} from '../../source/message/lock-file.js';
import {untilLauncherGone} from '../../source/headless/serve-launcher.js';

/** A parent pid that never changes, as on Windows. */
const notReparented = (pid: number): ParentProbe => ({ppid: () => pid, isRunning});

describe('the parent gone', () => {
	it('is seen by a new parent pid, or by the first one no longer running', async () => {
		expect(parentGone(process.ppid)).toBe(false);
		expect(parentGone(process.ppid + 1, {ppid: () => process.ppid, isRunning})).toBe(true);
		const dead = await deadPid();
		expect(parentGone(dead, notReparented(dead))).toBe(true);
		expect(parentGone(process.ppid, notReparented(process.ppid))).toBe(false);
	});

	it('stops serve started by npx on Windows too, where its parent pid stays that of the npx that ended', async () => {
		const npx = {npm_lifecycle_event: 'npx', npm_lifecycle_script: 'smtp-tui serve'};
		expect(await untilLauncherGone(npx, notReparented(await deadPid()))).toBe('launcher gone');
	});
});
