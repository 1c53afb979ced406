// Lock files beside a file several smtp-tui processes may write (profiles.json, draft.json, a --record FILE):
// created with O_EXCL, naming the pid and host that hold them, and taken over atomically once stale. Each step has
// an async face, and a sync one for the recording (its writes are made from socket callbacks); the rules are here once.
import {randomBytes} from 'node:crypto';
import {closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync} from 'node:fs';
import {link, open, readFile, rename, rm, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {giveTo, ownerFor} from './folder-owner.js';

/** What a lock file held when read: its text, its mtime, and the pid and host it names (when readable). */
export type LockHolder = {text: string; mtimeMs: number; pid?: number; host?: string};

/** The text of a new lock: the random id tells it from a later one of the same process (a pid alone can be reused). */
export function lockToken(): string {
	return `${JSON.stringify({pid: process.pid, host: os.hostname(), id: randomBytes(8).toString('hex')})}\n`;
}

/** Creates the lock with `token` in it; false when another process holds it. */
export async function tryCreateLock(lock: string, token: string): Promise<boolean> {
	const owner = await ownerFor(path.dirname(lock));
	let handle;
	try {
		handle = await open(lock, 'wx', 0o600);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
	try {
		try {
			// A lock left by a crash must be the folder owner's to read, as root made it (see heirOf).
			await giveTo(handle, owner);
			await handle.writeFile(token);
		} finally {
			await handle.close();
		}
	} catch (error) {
		await rm(lock, {force: true});
		throw error;
	}
	return true;
}

/**
 * tryCreateLock, at once; 'cannot' when the folder takes no new file (a FILE such as /dev/stdout, in a folder not
 * the user's). Made as this process's user: only the recording's lock is made this way, and none in a config folder.
 */
export function tryCreateLockSync(lock: string, token: string): 'made' | 'exists' | 'cannot' {
	let fd;
	try {
		fd = openSync(lock, 'wx', 0o600);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists' : 'cannot';
	}
	try {
		writeSync(fd, token);
	} catch (error) {
		rmSync(lock, {force: true});
		throw error;
	} finally {
		closeSync(fd);
	}
	return 'made';
}

/** The lock's holder, or undefined when there is no lock. Text that is not (yet) whole JSON names no pid. */
export async function readLockHolder(lock: string): Promise<LockHolder | undefined> {
	try {
		const [text, info] = await Promise.all([readFile(lock, 'utf8'), stat(lock)]);
		return parseLock(text, info.mtimeMs);
	} catch (error) {
		return noLock(error);
	}
}

/** readLockHolder, at once. */
export function readLockHolderSync(lock: string): LockHolder | undefined {
	try {
		return parseLock(readFileSync(lock, 'utf8'), statSync(lock).mtimeMs);
	} catch (error) {
		return noLock(error);
	}
}

function parseLock(text: string, mtimeMs: number): LockHolder {
	const holder: LockHolder = {text, mtimeMs};
	try {
		const {pid, host} = JSON.parse(text) as {pid?: unknown; host?: unknown};
		if (Number.isInteger(pid) && (pid as number) > 0) holder.pid = pid as number;
		if (typeof host === 'string') holder.host = host;
	} catch {
		// Empty or cut short: its creator may be writing it right now, so only its age can make it stale.
	}
	return holder;
}

function noLock(error: unknown): undefined {
	if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
	throw error;
}

/** Whether the lock names another machine: a pid means something only on the machine that wrote it. */
export const onOtherHost = (holder: LockHolder) => holder.host !== undefined && holder.host !== os.hostname();

/** An empty or half-written lock is being created right now, unless it is older than this (its writer died first). */
const LOCK_WRITE_MS = 10_000;

/**
 * Whether `holder` was left by a process that is gone. `staleMs`: the age past which a lock is stale whatever it
 * names (Infinity: never by its age alone). `ours`: whether this process holds the lock now; a lock naming this
 * process's pid that it does not hold was left by an earlier process with the same pid (as happens in containers).
 */
export function isStaleLock(holder: LockHolder, {staleMs, ours}: {staleMs: number; ours: boolean}): boolean {
	const age = Date.now() - holder.mtimeMs;
	if (holder.pid === undefined) return age > LOCK_WRITE_MS;
	// Another machine's pid cannot be checked from here (a folder shared over NFS, a container's volume under a new
	// host name after a crash): only the lock's age tells.
	if (onOtherHost(holder)) return age > staleMs;
	if (holder.pid === process.pid) return !ours;
	// Written before this machine started (a reboot): its pid, if running, is another program's.
	if (holder.mtimeMs < (bootTimeMs() ?? 0)) return true;
	// Here the age tells too: by then the pid may be another program's (Windows hands pids out again within minutes).
	return age > staleMs || !isRunning(holder.pid);
}

let bootTime: number | undefined | null = null;

/**
 * When this machine started, on Linux (/proc/stat's btime, in whole seconds: a second is taken off so that a lock
 * written in the boot's first second is not older); undefined elsewhere, or when it cannot be read.
 */
export function bootTimeMs(): number | undefined {
	if (bootTime !== null) return bootTime;
	bootTime = undefined;
	if (process.platform !== 'linux') return bootTime;
	try {
		const seconds = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
		if (seconds !== undefined) bootTime = (Number(seconds) - 1) * 1000;
	} catch {
		// No /proc (a sandbox without it): the lock's age alone tells.
	}
	return bootTime;
}

export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Removes a stale lock. Rename is atomic, so of several processes that found it stale only one moves it; a
 * later one may move the new lock instead, sees that it is not the stale one, and puts it back.
 */
export async function takeOverLock(lock: string, stale: LockHolder): Promise<void> {
	const aside = asideOf(lock);
	try {
		await rename(lock, aside);
	} catch (error) {
		return noLock(error);
	}
	// EEXIST: yet another process locked meanwhile; the one moved finds on release that the lock is not its own.
	if (movedAnother(await readLockHolder(aside), stale)) await link(aside, lock).catch(() => {});
	await rm(aside, {force: true});
}

/** takeOverLock, at once. */
export function takeOverLockSync(lock: string, stale: LockHolder): void {
	const aside = asideOf(lock);
	try {
		renameSync(lock, aside);
	} catch (error) {
		return noLock(error);
	}
	if (movedAnother(readLockHolderSync(aside), stale)) {
		try {
			linkSync(aside, lock);
		} catch {
			// As in takeOverLock.
		}
	}
	rmSync(aside, {force: true});
}

const asideOf = (lock: string) => `${lock}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
const movedAnother = (moved: LockHolder | undefined, stale: LockHolder) => moved !== undefined && (moved.text !== stale.text || moved.mtimeMs !== stale.mtimeMs);

/** Removes the lock if it is still ours (`token`): one taken over as stale belongs to another process now. */
export async function releaseLock(lock: string, token: string): Promise<void> {
	const holder = await readLockHolder(lock);
	if (holder?.text === token) await rm(lock, {force: true});
}

/** releaseLock, at once. */
export function releaseLockSync(lock: string, token: string): void {
	if (readLockHolderSync(lock)?.text === token) rmSync(lock, {force: true});
}
