// Saves and deletes of profiles.json from parallel runs: each waits for the lock, so none loses another's change.
import {spawn} from 'node:child_process';
import {readdir, rm, stat, utimes, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {bundleScript} from '../helpers/bundle-script.js';
import {describe, expect, it} from 'vitest';
import {deadPid} from '../helpers/dead-pid.js';
import {bootTimeMs} from '../../source/message/lock-file.js';
import {deleteProfile, listProfiles, ProfilesLockedError, saveProfile, type Profile} from '../../source/message/profiles.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('profiles-lock');
const here = path.dirname(fileURLToPath(import.meta.url));

const profile = (name: string): Profile => ({name, host: `${name}.example`, port: 587, security: 'starttls'});
const names = async (dir: string) => (await listProfiles({dir})).map(saved => saved.name);
const lockText = (pid: number, host = os.hostname()) => `${JSON.stringify({pid, host, id: 'test'})}\n`;

/** Runs `count` processes at once, each saving `each` profiles named p<process>-<n> into `dir`. */
async function saveFromProcesses(dir: string, count: number, each: number): Promise<void> {
	const script = path.join(dir, 'saver.mjs');
	await bundleScript(script, `
				import {saveProfile} from './profiles.ts';
				const [dir, prefix, each] = process.argv.slice(2);
				for (let n = 0; n < Number(each); n++) {
					await saveProfile({name: prefix + '-' + n, host: 'h.example', port: 587, security: 'starttls'}, {dir, savePassword: false});
				}
			`, path.join(here, '../../source/message'));
	const store = path.join(dir, 'store');
	const runs = Array.from({length: count}, (_, index) => {
		const child = spawn(process.execPath, [script, store, `p${index}`, String(each)], {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		return new Promise<void>((resolve, reject) => {
			child.on('close', code => (code === 0 ? resolve() : reject(new Error(`saver p${index} exited ${code}: ${stderr}`))));
		});
	});
	await Promise.all(runs);
}

describe('profiles lock', () => {
	it('keeps every profile of many saves at once, and leaves no lock behind', async () => {
		const dir = await tempDir();
		const wanted = Array.from({length: 30}, (_, index) => `race${String(index).padStart(2, '0')}`);
		await Promise.all(wanted.map(name => saveProfile(profile(name), {dir, savePassword: false})));
		expect(await names(dir)).toEqual(wanted);
		expect(await readdir(dir)).toEqual(['profiles.json']);
		if (process.platform !== 'win32') expect((await stat(path.join(dir, 'profiles.json'))).mode & 0o777).toBe(0o600);
	});

	it('keeps every change of saves and deletes at once', async () => {
		const dir = await tempDir();
		for (const name of ['a', 'b', 'c', 'd']) await saveProfile(profile(name), {dir, savePassword: false});
		await Promise.all([
			deleteProfile('a', {dir}),
			saveProfile(profile('e'), {dir, savePassword: false}),
			deleteProfile('c', {dir}),
			saveProfile(profile('f'), {dir, savePassword: false}),
		]);
		expect(await names(dir)).toEqual(['b', 'd', 'e', 'f']);
	});

	it('keeps every profile saved by separate processes at once', async () => {
		const dir = await tempDir();
		await saveFromProcesses(dir, 6, 5);
		const saved = await names(path.join(dir, 'store'));
		expect(saved).toHaveLength(30);
		for (let index = 0; index < 6; index++) expect(saved).toContain(`p${index}-4`);
		expect(await readdir(path.join(dir, 'store'))).toEqual(['profiles.json']);
		if (process.platform !== 'win32') expect((await stat(path.join(dir, 'store'))).mode & 0o777).toBe(0o700);
	});

	it('says who holds the lock when it is not released in time, and leaves their lock alone', async () => {
		const dir = await tempDir();
		await saveProfile(profile('kept'), {dir, savePassword: false});
		const lock = path.join(dir, 'profiles.json.lock');
		// The process that started this one: running, so the lock is not stale.
		await writeFile(lock, lockText(process.ppid));
		const started = Date.now();
		const error = await saveProfile(profile('new'), {dir, savePassword: false, lockWaitMs: 300}).catch((caught: unknown) => caught);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect(error).toBeInstanceOf(ProfilesLockedError);
		expect((error as Error).message).toBe(`the profiles file is locked: another process (pid ${process.ppid}) was still changing it after 0.3 s (lock file ${lock})`);
		expect((error as ProfilesLockedError).hint).toContain(`delete ${lock}`);
		await expect(deleteProfile('kept', {dir, lockWaitMs: 100})).rejects.toThrow(ProfilesLockedError);
		expect(await names(dir)).toEqual(['kept']);
		expect(await readdir(dir)).toEqual(['profiles.json', 'profiles.json.lock']);
	});

	it('waits for a lock that is released', async () => {
		const dir = await tempDir();
		const lock = path.join(dir, 'profiles.json.lock');
		await writeFile(lock, lockText(process.ppid));
		const released = setTimeout(() => void rm(lock), 200);
		const started = Date.now();
		await saveProfile(profile('after'), {dir, savePassword: false, lockWaitMs: 3000});
		clearTimeout(released);
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
		expect(await names(dir)).toEqual(['after']);
	});

	it.each([
		['a process that is gone', async () => lockText(await deadPid()), 0],
		['a running process, but 20 s ago', async () => lockText(process.ppid), 20],
		// A container restarted after a crash hands out the same pids again: a lock naming ours that this process does
		// not hold is an earlier process's (it once waited 10 s, failing every save in between).
		['an earlier process with this very pid', async () => lockText(process.pid), 0],
		['a running process, but before this machine started (its pid is another program\'s now)', async () => lockText(process.ppid), (Date.now() - bootTimeMs()!) / 1000 + 60],
		['nobody (empty: its process died creating it), 20 s ago', async () => '', 20],
	])('takes over a stale lock left by %s', async (_, text, ageSeconds) => {
		const dir = await tempDir();
		const lock = path.join(dir, 'profiles.json.lock');
		await writeFile(lock, await text());
		if (ageSeconds > 0) {
			const then = new Date(Date.now() - ageSeconds * 1000);
			await utimes(lock, then, then);
		}
		await saveProfile(profile('taken'), {dir, savePassword: false, lockWaitMs: 500});
		expect(await names(dir)).toEqual(['taken']);
		expect(await readdir(dir)).toEqual(['profiles.json']);
	});

	it('does not judge a fresh lock by a pid of another host, nor an empty one that is being written', async () => {
		const dir = await tempDir();
		const lock = path.join(dir, 'profiles.json.lock');
		await writeFile(lock, lockText(await deadPid(), 'elsewhere.example'));
		const error = await saveProfile(profile('new'), {dir, savePassword: false, lockWaitMs: 100}).catch((caught: unknown) => caught);
		expect((error as Error).message).toContain(' on elsewhere.example)');
		await writeFile(lock, '');
		await expect(saveProfile(profile('new'), {dir, savePassword: false, lockWaitMs: 100})).rejects.toThrow('locked: another process was still');
		expect(await readdir(dir)).toEqual(['profiles.json.lock']);
	});
});
