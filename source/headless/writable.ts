// --record and --transcript are written only once there is something to put in them; whether they can be is
// checked before the session, without making or emptying the file, so that a bad path is refused up front.
import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';
import {describeWriteError} from '../text/file-errors.js';
import {UsageError} from './command.js';
import {plannedPath} from './output-clashes.js';

/** Throws what opening `file` to write (made when missing) would throw: its folder missing, a folder, no permission. */
function checkWritable(file: string): void {
	let info;
	try {
		info = statSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		// Made when written: its folder (a dangling link's target's) must be there and take new files.
		accessSync(path.dirname(plannedPath(file)), constants.W_OK | constants.X_OK);
		return;
	}
	if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${file}'`), {code: 'EISDIR', path: file});
	accessSync(file, constants.W_OK);
}

/** checkWritable for an output flag: a path that cannot be written is a bad option (exit 1), said in words. */
export function refuseUnwritable(flag: '--record' | '--transcript', file: string): void {
	try {
		checkWritable(file);
	} catch (error) {
		throw new UsageError(`${flag}: cannot write ${file}: ${describeWriteError(file, error)}`);
	}
}
