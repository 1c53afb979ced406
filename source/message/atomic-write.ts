// Crash-safe file replacement: after a crash or `kill -9` the file holds either the old or the new content.
import {randomBytes} from 'node:crypto';
import {open, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {giveTo, ownerFor} from './folder-owner.js';
import {makeDirectory} from './make-directory.js';

/**
 * Writes to a temp file in the same folder, fsyncs it, renames it over `file`, then fsyncs the folder.
 * The mode defaults to 0600: drafts and profiles are the user's own business.
 */
export async function writeFileAtomic(file: string, data: string, options: {mode?: number} = {}): Promise<void> {
	const dir = path.dirname(file);
	await makeDirectory(dir, 0o700);
	const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
		await rename(temp, file);
	} catch (error) {
		await rm(temp, {force: true});
		throw error;
	}
	await syncDirectory(dir);
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
