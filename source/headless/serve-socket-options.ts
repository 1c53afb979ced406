// serve --lmtp and --socket PATH: the sandbox speaking LMTP, and listening on a Unix socket instead of TCP. What a
// socket leaves no room for (a port, an address, TLS) is refused, each flag named, as send --socket does.
import path from 'node:path';
import {SocketPathError} from '../sandbox/socket-file.js';
import {SOCKET_PATH_LIMIT} from '../transport/unix-socket.js';
import {UsageError} from './command.js';

/** Flags that name a TCP listener or its TLS: meaningless on a Unix socket, which is on this machine alone. */
const NOT_WITH_SOCKET = [
	['port', '--port'],
	['listen', '--listen'],
	['tlsPort', '--tls-port'],
	['requireTls', '--require-tls'],
	['starttls', '--starttls'],
] as const;

/** --socket PATH, made absolute; undefined without it. */
export function serveSocket(flags: Record<string, unknown>): string | undefined {
	if (flags.socket === undefined) return undefined;
	const file = String(flags.socket).trim();
	if (file === '') throw new UsageError('--socket is empty', 'give the path of the socket to listen on, e.g. --socket ./lmtp.sock');
	// --no-starttls says what a socket does anyway.
	const clashing = NOT_WITH_SOCKET.filter(([name]) => flags[name] !== undefined && flags[name] !== false).map(([, flag]) => flag);
	if (clashing.length > 0) {
		throw new UsageError(
			`--socket cannot be used with ${clashing.join(', ')}: the sandbox then listens on a Unix socket on this machine, with no port, address or TLS (no STARTTLS is offered there)`,
			`leave ${clashing.join(', ')} out, or leave --socket out to listen on TCP`,
		);
	}
	const absolute = path.resolve(file);
	if (Buffer.byteLength(absolute) > SOCKET_PATH_LIMIT) {
		throw new UsageError(`--socket ${file} is too long for a Unix socket (at most ${SOCKET_PATH_LIMIT} bytes here, this one has ${Buffer.byteLength(absolute)} as an absolute path)`, 'give a shorter path, e.g. in /tmp or the current folder');
	}
	return absolute;
}

/** A start that failed on the --socket path, in words about that file; undefined for any other failure. */
export function socketStartError(error: NodeJS.ErrnoException & {address?: string}): {message: string; hint?: string} | undefined {
	if (error instanceof SocketPathError) return {message: error.message, hint: error.hint};
	// Node names a Unix socket's path as the address of a failed listen (a TCP address has no slash).
	if (error.syscall !== 'listen' || !error.address?.includes('/')) return undefined;
	const folder = path.dirname(error.address);
	if (error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'ENOENT') {
		return {message: `cannot listen on ${error.address}: cannot make a socket there (${error.code})`, hint: `the folder ${folder} must exist and be writable by this user`};
	}
	return {message: `cannot listen on ${error.address}: ${error.message}`};
}
