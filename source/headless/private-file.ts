// A secret is only as private as its file: a --password-file, the file holding the client's private key or the DKIM key, that
// other users of the machine may read (mode 0644, as a file made with the usual umask is) is said, as ssh says of a
// key (it refuses one; here a warning, since the file may be on purpose, a group's shared secret).
import {statSync} from 'node:fs';
import {shellWord} from '../text/shell-word.js';

/**
 * `what` (as the warning names it) `file` can be read by others: the warning, whose chmod can be pasted into a shell
 * as it is (a name with a space quoted); undefined otherwise, for a pipe, on Windows.
 */
function readableByOthers(what: string, file: unknown): string | undefined {
	if (typeof file !== 'string' || process.platform === 'win32') return undefined;
	let mode: number;
	try {
		const info = statSync(file);
		if (!info.isFile()) return undefined;
		mode = info.mode & 0o777;
	} catch {
		return undefined;
	}
	if ((mode & 0o077) === 0) return undefined;
	return `${what} ${file} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}): chmod 600 ${shellWord(file)}`;
}

/**
 * The warnings for the secret files a command uses: `given`, the flags as typed (--password-file); `filled`, with a
 * profile's (its key file too). The key is in --key's file, else in --cert's.
 */
export function privateFileWarnings(given: Record<string, unknown>, filled: Record<string, unknown>): string[] {
	const keyFile = typeof filled.key === 'string' ? filled.key : filled.cert;
	return [readableByOthers('--password-file', given.passwordFile), readableByOthers('the private key in', keyFile), readableByOthers('--dkim-key', given.dkimKey)].filter(warning => warning !== undefined);
}
