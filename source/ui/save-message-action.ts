// The inbox's `s`: saves the opened message and its attachments (see saveMessageFiles), and says in one line where
// and how many files, or why not. The dashboard's inbox and `smtp-tui inbox` share it.
import path from 'node:path';
import {ForeignFolder, saveMessageFiles, SaveError, type SavedFiles} from '../sandbox/attachment-files.js';
import type {Mailbox} from '../sandbox/mailbox.js';
import {countOf} from '../smtp/digits.js';
import {describeWriteError} from '../text/file-errors.js';

/** A folder as the footer names it: `./smtp-tui-attachments/message-13-20261206-092730/` under the current folder, else in full. */
function shownFolder(dir: string, cwd: string): string {
	const relative = path.relative(cwd, dir);
	const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? `.${path.sep}${relative}` : dir;
	return `${shown}${path.sep}`;
}

/** "saved 3 files in ./…/message-13-20261206-092730/": the message's .eml and each attachment. */
function savedWords({dir, files}: SavedFiles, cwd: string): string {
	const where = shownFolder(dir, cwd);
	return files.length === 1 ? `no attachments; saved the message in ${where}` : `saved ${countOf(files.length, 'file')} in ${where}`;
}

/**
 * Saves message `id` of `mailbox` under `cwd` (the folder smtp-tui started in) and returns the footer's line. Never
 * rejects: a body no longer kept, a folder that cannot be written, a full disk, each is said.
 */
export async function saveOpenedMessage(mailbox: Mailbox | undefined, id: string | undefined, cwd = process.cwd()): Promise<string> {
	if (!mailbox || id === undefined) return 'no message is open to save';
	let raw: Buffer;
	try {
		raw = await mailbox.read(Number(id));
	} catch (error) {
		return `message ${id} not saved: ${(error as Error).message}`;
	}
	try {
		const receivedAt = new Date(mailbox.get(Number(id))?.receivedAt ?? Date.now());
		return savedWords(await saveMessageFiles(raw, Number(id), cwd, receivedAt), cwd);
	} catch (error) {
		if (!(error instanceof SaveError)) return `message ${id} not saved: ${(error as Error).message}`;
		const where = shownFolder(error.file, cwd).slice(0, -1);
		// makeDirectory names the file that is in the way: the folder to be, or one above it.
		const why =
			error.cause instanceof ForeignFolder
				? `${where} ${error.cause.message}: remove it, or start smtp-tui in another folder`
				: (error.cause as NodeJS.ErrnoException).code === 'ENOTDIR'
					? `${where}: a file of that name is in the way: move it, or start smtp-tui in another folder`
					: `${where}: ${describeWriteError(error.file, error.cause)}`;
		const before = error.saved && error.saved.files.length > 0 ? ` (${countOf(error.saved.files.length, 'file')} saved before it in ${shownFolder(error.saved.dir, cwd)})` : '';
		return `message ${id} not saved: ${why}${before}`;
	}
}
