// Lock files beside a file several smtp-tui processes may write (profiles.json, draft.json): created with O_EXCL,
// naming the pid and host that hold them, and taken over atomically once stale.
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
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

/** The lock's holder, or undefined when there is no lock. Text that is not (yet) whole JSON names no pid. */
export async function readLockHolder(lock: string): Promise<LockHolder | undefined> {
	try {
		const [text, info] = await Promise.all([readFile(lock, 'utf8'), stat(lock)]);
		const holder: LockHolder = {text, mtimeMs: info.mtimeMs};
		try {
			const {pid, host} = JSON.parse(text) as {pid?: unknown; host?: unknown};
			if (Number.isInteger(pid) && (pid as number) > 0) holder.pid = pid as number;
			if (typeof host === 'string') holder.host = host;
		} catch {
			// Empty or cut short: its creator may be writing it right now, so only its age can make it stale.
		}
		return holder;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
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
	const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
	try {
		await rename(lock, aside);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw error;
	}
	const moved = await readLockHolder(aside);
	if (moved !== undefined && (moved.text !== stale.text || moved.mtimeMs !== stale.mtimeMs)) {
		// EEXIST: yet another process locked meanwhile; the one moved finds on release that the lock is not its own.
		await link(aside, lock).catch(() => {});
	}
	await rm(aside, {force: true});
}

/** Removes the lock if it is still ours (`token`): one taken over as stale belongs to another process now. */
export async function releaseLock(lock: string, token: string): Promise<void> {
	const holder = await readLockHolder(lock);
	if (holder?.text === token) await rm(lock, {force: true});
}
