// FILE.lock beside a --record FILE while a run records to it: two runs given one FILE at once (two CI jobs in one
// workspace) cannot tell each other's writes apart from the file alone (lines of the same lengths write over each
// other unseen, and a run that ends first never sees the other write over it), so the first to record keeps it.
// Synchronous, as the recording's writes are (they are made from the session's socket callbacks).
import {statSync} from 'node:fs';
import {isStaleLock, lockToken, onOtherHost, readLockHolderSync, releaseLockSync, takeOverLockSync, tryCreateLockSync, type LockHolder} from '../message/lock-file.js';

/** Who records to a file: the pid its lock names (none while it is being written), and the machine when not this one. */
type RecordingHolder = {pid?: number; host?: string};

/** The run that records to `file` now; undefined once this process holds its lock (until it exits). */
export function lockRecording(file: string): RecordingHolder | undefined {
	// A device or a pipe (/dev/stdout) is no file two runs can mix: no lock beside it (none in /dev).
	if (!regularOrMissing(file)) return undefined;
	const lock = `${file}.lock`;
	const token = lockToken();
	// Twice at most: a lock its process left (a crash, kill -9, a reboot) is moved aside, then taken.
	for (let tries = 0; tries < 2; tries++) {
		const made = tryCreateLockSync(lock, token);
		if (made === 'made') releaseAtExit(lock, token);
		// A folder that takes no new file: recorded unlocked.
		if (made !== 'exists') return undefined;
		const held = readLockHolderSync(lock);
		if (held === undefined) continue;
		// A recording runs as long as its session: only a process gone (or another machine's lock deleted) frees it.
		if (!isStaleLock(held, {staleMs: Infinity, ours: false})) return holderOf(held);
		takeOverLockSync(lock, held);
	}
	const held = readLockHolderSync(lock);
	return held === undefined ? {} : holderOf(held);
}

function regularOrMissing(file: string): boolean {
	try {
		return statSync(file).isFile();
	} catch {
		return true;
	}
}

/** The lock's pid, and its host when that is another machine's. */
function holderOf(held: LockHolder): RecordingHolder {
	return {...(held.pid !== undefined && {pid: held.pid}), ...(onOtherHost(held) && {host: held.host})};
}

/** The locks this process holds, each to its token: released together by one exit listener, not one per recording. */
const held = new Map<string, string>();

function releaseAtExit(lock: string, token: string): void {
	if (held.size === 0) process.once('exit', releaseAll);
	held.set(lock, token);
}

function releaseAll(): void {
	for (const [lock, token] of held) {
		try {
			releaseLockSync(lock, token);
		} catch {
			// Exiting: a lock left behind names a pid that is gone, and the next run takes it over.
		}
	}
	held.clear();
}
