// serve --socket PATH: the Unix socket file the sandbox listens on. A file left there by a sandbox that was killed
// (nothing listens on it any more) is removed so the start can bind; anything else there is never touched: a
// socket a server listens on is that server's, and a regular file, folder or link is the user's.
import {lstat, unlink} from 'node:fs/promises';
import net from 'node:net';

/** Why the socket path cannot be listened on, with what to do: serve prints both as a usage error does. */
export class SocketPathError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** Whether something accepts connections on the socket `file`: true, false (refused: left behind), or the error. */
function listenedOn(file: string): Promise<boolean | NodeJS.ErrnoException> {
	return new Promise(resolve => {
		const probe = net.connect(file);
		probe.once('connect', () => {
			probe.destroy();
			resolve(true);
		});
		probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? false : error));
	});
}

/** Makes `file` free to listen on: nothing there, or a socket nobody listens on (removed). Else a SocketPathError. */
export async function clearStaleSocket(file: string): Promise<void> {
	let info;
	try {
		info = await lstat(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw error;
	}
	if (!info.isSocket()) {
		const kind = info.isDirectory() ? 'a folder' : info.isSymbolicLink() ? 'a symbolic link' : info.isFile() ? 'a regular file' : 'a device or a pipe';
		throw new SocketPathError(`cannot listen on ${file}: it is ${kind}, not a socket (left as it is)`, 'give --socket a path where nothing is yet, or that a sandbox listened on before');
	}
	const listened = await listenedOn(file);
	if (listened === true) throw new SocketPathError(`cannot listen on ${file}: a server is listening on that socket`, 'another sandbox (or a mail server) may be running there: stop it, or give --socket another path');
	if (listened !== false) throw new SocketPathError(`cannot listen on ${file}: cannot tell whether a server listens on it (${listened.code ?? listened.message})`, 'give --socket a path in a folder you own');
	await unlink(file);
}
