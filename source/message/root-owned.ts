// A folder or file root owns inside this user's home (left by an earlier `sudo -E smtp-tui`, or by a version that
// did not give such files to the user): a permission error there is said with that cause, and the command that
// gives it back.
import {lstat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {shellWord} from '../text/shell-word.js';
import {homeIfAny} from './user-folders.js';

type RootOwned = {
	/** The topmost item root owns on the way from the home folder to the file: what to give back. */
	path: string;
	/** The command that gives it back, e.g. `sudo chown -R ann: /home/ann/.local`. */
	fix: string;
};

/** `ann:` (her login group too), or `4242:4242` for a user with no passwd entry. */
function chownOwner(uid: number): string {
	try {
		return `${os.userInfo().username}:`;
	} catch {
		return `${uid}:${process.getgid?.()}`;
	}
}

/**
 * For a permission error (EACCES, EPERM) on a path inside this user's own home folder: the item on the way that
 * root owns, with the fix; undefined for any other error, or when no such item is found (or this process is root).
 */
export async function rootOwnedCause(error: unknown): Promise<RootOwned | undefined> {
	const {code, path: file} = (error ?? {}) as NodeJS.ErrnoException;
	const uid = process.getuid?.();
	const home = homeIfAny();
	if ((code !== 'EACCES' && code !== 'EPERM') || typeof file !== 'string' || uid === undefined || uid === 0 || home === undefined) return undefined;
	const inside = path.relative(home, path.resolve(file));
	if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
	// Someone else's home (HOME pointed elsewhere) is not for this user to take.
	if ((await lstat(home).catch(() => undefined))?.uid !== uid) return undefined;
	let at = home;
	for (const part of inside.split(path.sep)) {
		at = path.join(at, part);
		const info = await lstat(at).catch(() => undefined);
		// Not there, or not to be seen: nothing found up to here is root's.
		if (info === undefined) return undefined;
		if (info.uid === 0) return {path: at, fix: `sudo chown -R ${chownOwner(uid)} ${shellWord(at)}`};
	}
	return undefined;
}

/**
 * `said` (the error's message, unless given: "permission denied", say), and when root owns what stopped it, that
 * and the fix: "…; it belongs to root, left by a run with sudo: sudo chown -R ann: /home/ann/.local".
 */
export async function withRootOwnedCause(error: unknown, said = error instanceof Error ? error.message : String(error)): Promise<string> {
	const cause = await rootOwnedCause(error);
	if (!cause) return said;
	const what = cause.path === (error as NodeJS.ErrnoException).path ? 'it' : cause.path;
	return `${said}; ${what} belongs to root, left by a run with sudo: ${cause.fix}`;
}
