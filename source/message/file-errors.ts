import {readlinkSync} from 'node:fs';
// Why a file could not be used, in words: the same wording wherever a path given by the user fails.
const FILE_ERRORS: Record<string, string> = {
	ENOENT: 'no such file',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EISDIR: 'that is a folder',
};

/** For a file to write (--transcript, --record): a missing file is made, so ENOENT is about its folder. */
const WRITE_ERRORS: Record<string, string> = {
	ENOENT: 'its folder does not exist',
	ENOTDIR: 'a file is in the way of its folder',
	EISDIR: 'that is a folder; give a file name',
	EROFS: 'read-only file system',
};

/** `words` first, for what a kind of file needs said otherwise (a file to write: ENOENT is its folder); else the code. */
export function describeFileError(error: unknown, words: Record<string, string> = {}): string {
	const code = (error as NodeJS.ErrnoException).code ?? '';
	return words[code] ?? FILE_ERRORS[code] ?? (code || (error instanceof Error ? error.message : String(error)));
}

/** Why a file to write (--transcript, --record) cannot be: a link to a missing folder names where it leads. */
export function describeWriteError(file: string, error: unknown): string {
	const words = describeFileError(error, WRITE_ERRORS);
	if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return words;
	try {
		return `it is a link to ${readlinkSync(file)}, and ${words}`;
	} catch {
		return words;
	}
}
