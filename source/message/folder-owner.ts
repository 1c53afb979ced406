// Running as root with another user's home (sudo -E, macOS's sudo, `sudo smtp-tui serve --port 25` with HOME kept):
// what smtp-tui makes there is given to the owner of the folder it is made in, as npm's infer-owner did. Left to
// root, a ~/.config or ~/.local of mode 0700 breaks that user's own runs, and other programs, afterwards.
// Only what smtp-tui makes: nothing that was there already changes owner. And only to the user root runs for: a
// folder any other user made (a /tmp/mail planted before `sudo smtp-tui serve --save-dir /tmp/mail`) must not get
// root's captured mail, profiles or transcripts, which would be theirs to read.
import {statSync} from 'node:fs';
import {chown, stat, type FileHandle} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';

export type Owner = {uid: number; gid: number};

const asRoot = () => process.getuid?.() === 0;

/** The users root runs for: who ran sudo (SUDO_UID), and the owner of HOME (kept by sudo -E, macOS's sudo, su -m). */
function usersServed(): Set<number> {
	const users = new Set<number>();
	const sudo = Number(process.env.SUDO_UID);
	if (Number.isInteger(sudo) && sudo > 0) users.add(sudo);
	const home = statSync(homedir(), {throwIfNoEntry: false});
	if (home && home.uid !== 0) users.add(home.uid);
	return users;
}

/** Whom to give what is made in a folder owned by `folder`: its owner, when this process is root and runs for that user. */
export function heirOf(folder: Owner): Owner | undefined {
	return asRoot() && folder.uid !== 0 && usersServed().has(folder.uid) ? {uid: folder.uid, gid: folder.gid} : undefined;
}

/** The owner to give what is made in `folder` (which exists); undefined but as root (one stat then). */
export async function ownerFor(folder: string): Promise<Owner | undefined> {
	return asRoot() ? heirOf(await stat(folder)) : undefined;
}

/**
 * Gives `made` (a path or an open file), just made, to `owner` (when there is one). Best effort: a file system that keeps no owners (FAT,
 * NFS with root squashed) refuses, and the file is then as it would have been anyway.
 */
export async function giveTo(made: string | FileHandle, owner: Owner | undefined): Promise<void> {
	if (!owner) return;
	await (typeof made === 'string' ? chown(made, owner.uid, owner.gid) : made.chown(owner.uid, owner.gid)).catch(() => undefined);
}

/** As root, the owner of the nearest folder of `file` that exists, when not root (whoever it is), at once: for the bin, before anything else loads. */
export function nearestOwnerSync(file: string): Owner | undefined {
	if (!asRoot()) return undefined;
	for (let folder = path.resolve(file); ; folder = path.dirname(folder)) {
		const info = statSync(folder, {throwIfNoEntry: false});
		if (info) return info.uid === 0 ? undefined : {uid: info.uid, gid: info.gid};
		if (path.dirname(folder) === folder) return undefined;
	}
}
