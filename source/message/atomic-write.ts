// Crash-safe file replacement: after a crash or `kill -9` the file holds either the old or the new content.
import {randomBytes} from 'node:crypto';
import {link, lstat, open, readlink, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {giveTo, ownerFor} from './folder-owner.js';
import {makeDirectory} from './make-directory.js';

/**
 * What a symlink at `file` leads to, through a chain of them; `file` itself when it is none (or not there yet).
 * A profiles.json kept in a dotfiles repository (stow) is written there, not replaced by a file of its own. Only
 * links of this user's or root's are followed, as Linux's fs.protected_symlinks does: one another user planted (in
 * /tmp, where Ctrl+O may write) would lead where they chose.
 */
export async function linkTarget(file: string): Promise<string> {
	let target = file;
	for (let hops = 0; hops <= 40; hops++) {
		let info;
		try {
			info = await lstat(target);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return target;
			throw error;
		}
		if (!info.isSymbolicLink()) return target;
		const uid = process.getuid?.();
		if (uid !== undefined && info.uid !== uid && info.uid !== 0) {
			throw Object.assign(new Error(`EPERM: ${target} is a symbolic link another user made, not written through`), {code: 'EPERM', path: target});
		}
		target = path.resolve(path.dirname(target), await readlink(target));
	}
	throw Object.assign(new Error(`ELOOP: too many symbolic links, ${file}`), {code: 'ELOOP', path: file});
}

/**
 * A temporary file's name beside `file`, `.<name>.<pid>.<random>.tmp`: one no one can tell in advance, to be created
 * anew ('wx', O_EXCL), so that a file or link another user planted in a folder they can write is never written through.
 */
export const tempBeside = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/**
 * Writes to a temp file in the same folder, fsyncs it, renames it over `file`, then fsyncs the folder. A symlink
 * at `file` stays: the file it leads to is the one replaced, the same way, in its own folder (see linkTarget).
 * The mode defaults to 0600: drafts and profiles are the user's own business. With `replace: false` a file already
 * there (another process's, made meanwhile) is left as it is, and the write fails with EEXIST.
 */
export async function writeFileAtomic(given: string, data: string, options: {mode?: number; replace?: false} = {}): Promise<void> {
	await makeDirectory(path.dirname(given), 0o700);
	const file = await linkTarget(given);
	const dir = path.dirname(file);
	const temp = tempBeside(file);
	const mode = options.mode ?? 0o600;
	try {
		const owner = await ownerFor(dir);
		const handle = await open(temp, 'wx', mode);
		try {
			await giveTo(handle, owner);
			await handle.writeFile(data);
			// open() applies the umask; chmod makes the mode exact whatever the umask is.
			await handle.chmod(mode);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await (options.replace === false ? placeNew(temp, file) : rename(temp, file));
	} catch (error) {
		await rm(temp, {force: true});
		throw error;
	}
	await syncDirectory(dir);
}

/**
 * Puts `temp` in place as `file` unless a file of that name is there: link() never replaces one, as rename() does.
 * A file system without hard links (FAT, some network shares) falls back to rename().
 */
async function placeNew(temp: string, file: string): Promise<void> {
	try {
		await link(temp, file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
		await rename(temp, file);
		return;
	}
	await rm(temp, {force: true});
}

// Makes the rename itself durable. Folders cannot be opened for fsync on Windows: skipping is all we can do there.
async function syncDirectory(dir: string): Promise<void> {
	if (process.platform === 'win32') return;
	const handle = await open(dir, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}
