// FILE.lock beside a --record FILE while a run records to it: two runs given one FILE at once (two CI jobs in one
// workspace) cannot tell each other's writes apart from the file alone (lines of the same lengths write over each
// other unseen, and a run that ends first never sees the other write over it), so the first to record keeps it.
// Synchronous, as the recording's writes are (they are made from the session's socket callbacks).
import {closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync} from 'node:fs';
import os from 'node:os';
import {bootTimeMs, isRunning, lockToken} from '../message/lock-file.js';

/** Who records to a file: the pid its lock names (none while it is being written), and the machine when not this one. */
export type RecordingHolder = {pid?: number; host?: string};

/** The run that records to `file` now; undefined once this process holds its lock (until it exits). */
export function lockRecording(file: string): RecordingHolder | undefined {
	// A device or a pipe (/dev/stdout) is no file two runs can mix: no lock beside it (none in /dev).
	if (!regularOrMissing(file)) return undefined;
	const lock = `${file}.lock`;
	const token = lockToken();
	// Twice at most: a lock its process left (a crash, kill -9) is moved aside, then taken.
	for (let tries = 0; tries < 2; tries++) {
		const made = create(lock, token);
		if (made === 'made') process.once('exit', () => release(lock, token));
		// A folder that takes no new file (a FILE such as /dev/stdout, in a folder not the user's): recorded unlocked.
		if (made !== 'exists') return undefined;
		const held = read(lock);
		if (held === undefined) continue;
		const found = holder(held);
		const {pid, host} = found;
		// Another machine's pid (a workspace shared over NFS), or a lock being written now: taken as held. One written
		// before this machine started (a reboot after a crash) is stale: its pid, if running, is another program's.
		const written = mtime(lock);
		if (pid === undefined ? Date.now() - written < BEING_WRITTEN_MS : host !== undefined || (pid !== process.pid && written >= (bootTimeMs() ?? 0) && isRunning(pid))) return found;
		takeOver(lock, held);
	}
	return holder(read(lock) ?? '');
}

/** A lock with no pid in it yet is being written, unless it is older than this (its writer died first). */
const BEING_WRITTEN_MS = 10_000;

/** Makes the lock. One that cannot be written whole (a full disk) is not left behind. */
function create(lock: string, token: string): 'made' | 'exists' | 'cannot' {
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

function regularOrMissing(file: string): boolean {
	try {
		return statSync(file).isFile();
	} catch {
		return true;
	}
}

function mtime(lock: string): number {
	try {
		return statSync(lock).mtimeMs;
	} catch {
		return 0;
	}
}

function read(lock: string): string | undefined {
	try {
		return readFileSync(lock, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** The lock's pid, and its host when that is another machine's. */
function holder(text: string): RecordingHolder {
	try {
		const {pid, host} = JSON.parse(text) as {pid?: unknown; host?: unknown};
		return {...(Number.isInteger(pid) && (pid as number) > 0 && {pid: pid as number}), ...(typeof host === 'string' && host !== os.hostname() && {host})};
	} catch {
		return {};
	}
}

/** Moves a stale lock aside (rename is atomic: one taker wins); a newer lock moved by mistake is put back. */
function takeOver(lock: string, stale: string): void {
	const aside = `${lock}.${process.pid}.stale`;
	try {
		renameSync(lock, aside);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw error;
	}
	if (read(aside) !== stale) {
		try {
			linkSync(aside, lock);
		} catch {
			// Yet another run locked meanwhile: that one keeps it.
		}
	}
	rmSync(aside, {force: true});
}

function release(lock: string, token: string): void {
	try {
		if (read(lock) === token) rmSync(lock, {force: true});
	} catch {
		// Exiting: a lock left behind names a pid that is gone, and the next run takes it over.
	}
}
