// --socket PATH: a Unix socket on this machine instead of a host, which leaves no room for a host, a port or TLS.
import path from 'node:path';
import {UsageError} from './command.js';
import {statOf} from './file-status.js';

/** What --socket leaves no room for: a host to reach, and TLS, which a Unix socket on this machine does not need. */
const NOT_WITH_SOCKET = [
	['host', '--host'],
	['port', '--port'],
	['tls', '--tls'],
	['starttls', '--starttls'],
	['mx', '--mx'],
	['dns', '--dns'],
	['ca', '--ca'],
	['insecure', '--insecure'],
	['cert', '--cert'],
	['key', '--key'],
	['tlsMin', '--tls-min'],
	['tlsMax', '--tls-max'],
	['ipv4', '-4'],
	['ipv6', '-6'],
	['localAddress', '--local-address'],
] as const;

/** The flags given that a Unix socket leaves no room for, as typed (--no-starttls, --no-ipv4 and the like are none). */
export const socketClashes = (flags: Record<string, unknown>): string[] => NOT_WITH_SOCKET.filter(([name]) => flags[name] !== undefined && flags[name] !== false).map(([, flag]) => flag);

/**
 * --socket PATH, made absolute (the path is the host from then on: it begins with "/"); undefined without it. The
 * flags that name another way to the server are refused, all of them named. A file there that is no socket is
 * bad input; a missing one is left to the connection, whose error says so (a server that is not running).
 */
export function socketFlag(flags: Record<string, unknown>): string | undefined {
	const given = flags.socket;
	if (given === undefined) return undefined;
	const file = String(given).trim();
	if (file === '') throw new UsageError('--socket is empty', "give the path of the server's Unix socket, e.g. --socket /var/run/dovecot/lmtp");
	const clashing = socketClashes(flags);
	// --no-starttls says what --socket does anyway.
	if (clashing.length > 0) {
		throw new UsageError(
			`--socket cannot be used with ${clashing.join(', ')}: it connects to a Unix socket on this machine, with no host, port or TLS`,
			`leave ${clashing.join(', ')} out, or leave --socket out to connect to a host`,
		);
	}
	const absolute = path.resolve(file);
	const info = statOf(absolute);
	if (info && !info.isSocket()) {
		const kind = info.isDirectory() ? 'a folder' : info.isFile() ? 'a regular file' : 'a device or a pipe';
		throw new UsageError(`--socket ${file} is ${kind}, not a socket`, "give the path of the server's Unix socket (ls -l shows an s first: srw-rw----)");
	}
	return absolute;
}
