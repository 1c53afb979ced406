// The connection panel's CA file: read and checked as --ca is (readCaFile), each time a connection is aimed, so
// that a file fixed after a refusal is read again without a restart.
import {statSync} from 'node:fs';
import {UsageError} from '../headless/command.js';
import {readCaFile} from '../headless/ca-file.js';
import {unquotePath} from '../message/lists.js';
import {homeIfAny} from '../message/user-folders.js';
import type {FieldError} from './components/form-state.js';

/** A bundle of every public CA is ~0.25 MB: a bigger file is something else. */
const CA_FILE_LIMIT = 4 * 1024 * 1024;

/** The CA certificates (PEM) of the file typed; none for an empty field (the system CAs only); or why not. */
export function readCaField(typed: string | undefined, home = homeIfAny()): {ca?: string} | {error: FieldError} {
	if (typed === undefined || typed === '') return {};
	// As in the Attach field: quotes around a pasted path go, and `~/` is the home folder.
	const file = unquotePath(typed, home);
	// Read while the dashboard waits: a pipe or a terminal (/dev/tty) would block it, and every key, for good.
	const info = statSync(file, {throwIfNoEntry: false});
	if (info && !info.isFile()) return {error: {field: 'ca', message: `CA file: ${file} is ${info.isDirectory() ? 'a folder' : 'not a regular file (a pipe or a device)'}; give the CA's certificate file (PEM)`}};
	if (info && info.size > CA_FILE_LIMIT) return {error: {field: 'ca', message: `CA file: ${file} is ${info.size} bytes, too big for CA certificates; give the CA's certificate file (PEM)`}};
	try {
		return {ca: readCaFile(file, 'CA file')};
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		// --ca's advice names the flag; here the field is what takes the certificate.
		const hint = error.hint?.replace('give --ca ', 'give it ') ?? 'empty: the system CAs only';
		return {error: {field: 'ca', message: `${error.message}; ${hint}`}};
	}
}
