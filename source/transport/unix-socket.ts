// A Unix domain socket as the server's address (Dovecot's /var/run/dovecot/lmtp, Cyrus's lmtp socket): given where a
// host goes, as an absolute path, which no host name can be. Shown as the path alone, and its failures said as what
// they are on a file (no such file, not a socket, permission, nobody listening) rather than as a network's.
import {statSync} from 'node:fs';
import process from 'node:process';
import {ConnectError, type SystemError} from './connect-error.js';

/** Whether `file` is a socket: false for another kind of file, undefined when it cannot be told (missing, no access). */
function isSocketFile(file: string): boolean | undefined {
	try {
		return statSync(file).isSocket();
	} catch {
		return undefined;
	}
}

/** Who may open a socket: a server's (Dovecot's LMTP socket) is often only for root or a mail group. */
const SOCKET_ACCESS_HINT = "a mail server's LMTP socket is often open only to root or to the mail system's user or group (Dovecot's, for Postfix: postfix or mail); ls -l shows whom: run as one of them (sudo -u USER), or as root";

// sun_path holds 108 bytes on Linux, 104 elsewhere, with the final NUL: a longer path is cut short (Node 20 then
// says ENOENT for the cut path, though the file is there) or refused (ENAMETOOLONG; EINVAL from the libuv of Node 24.22
// and 26.12, which no longer cuts it).
export const SOCKET_PATH_LIMIT = process.platform === 'linux' ? 107 : 103;

/** A failed connect to the socket at `file`, in words about that file. */
export function socketPathError(error: SystemError, file: string): ConnectError {
	const make = (kind: 'refused' | 'other', message: string) => new ConnectError(kind, message, {...(error.code && {code: error.code}), cause: error});
	const longest = SOCKET_PATH_LIMIT;
	if ((error.code === 'ENOENT' || error.code === 'ENAMETOOLONG' || error.code === 'EINVAL') && Buffer.byteLength(file) > longest) {
		return make('other', `path too long for a Unix socket (at most ${longest} bytes here, this one has ${Buffer.byteLength(file)}): ${file}; use a shorter path or a symlink to it`);
	}
	switch (error.code) {
		case 'ENOENT':
			return make('refused', `no socket at ${file}: there is no such file (is the server running? is that its socket's path?)`);
		case 'EACCES':
		case 'EPERM':
			return make('other', `permission denied to the socket ${file} (${error.code}): ${SOCKET_ACCESS_HINT}`);
		case 'ENOTSOCK':
			return make('other', `${file} is not a socket: give the path of the server's Unix socket`);
		case 'ECONNREFUSED':
			// Linux says ECONNREFUSED for a file that is no socket too: told apart here.
			if (isSocketFile(file) === false) return make('other', `${file} is not a socket: give the path of the server's Unix socket`);
			return make('refused', `connection refused on the socket ${file}: nothing listens there (the server is stopped, or left its socket file behind)`);
		default:
			return make('other', `connection to the socket ${file} failed: ${error.message}`);
	}
}
