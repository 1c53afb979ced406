// The private copy of standard input is made in the temp folder: when that cannot be done (a full disk, a TMPDIR
// that does not exist), the folder is named and so is the way out, rather than Node's bare error and a stack.
import os from 'node:os';
import {SmtpInputError} from '../smtp/types.js';

const ROOM = 'free some space there, or set TMPDIR to a folder on a disk with room';
const WRITABLE = 'set TMPDIR to a folder you can write to';
const WHY: Record<string, [reason: string, fix: string]> = {
	ENOSPC: ['no space left on the disk', ROOM],
	EDQUOT: ['over the disk quota', ROOM],
	EFBIG: ['over the file size limit (ulimit -f)', 'raise the limit, or save the message to a file and give that as @FILE'],
	ENOENT: ['the folder does not exist', 'set TMPDIR to a folder that does'],
	ENOTDIR: ['a file is in the way of the folder', WRITABLE],
	EACCES: ['permission denied', WRITABLE],
	EPERM: ['permission denied', WRITABLE],
	EROFS: ['read-only file system', WRITABLE],
};

/** `error`, met making or writing the copy of `label`, in words that name the temp folder; others as they are. */
export function tempFolderError(error: unknown, label: string): unknown {
	const why = WHY[(error as NodeJS.ErrnoException).code ?? ''];
	if (!why) return error;
	return new SmtpInputError(`${label} could not be copied into the temporary folder ${os.tmpdir()}: ${why[0]}; nothing was sent: ${why[1]}`, 'message');
}
