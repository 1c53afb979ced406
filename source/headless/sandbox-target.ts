// The built-in sandbox as the target of a command given no --host (the dashboard, `talk`): the connection flags that
// cannot reach it are refused, each saying what to give instead, and the account it takes.
import {familyOf} from '../transport/address-family.js';
import {UsageError} from './command.js';
import type {ConnectionSettings} from './connection-flags.js';

/** The built-in sandbox's account: demo/demo, or the --user and --password given. */
export function sandboxAccount(connection: Pick<ConnectionSettings, 'user' | 'password'>): {user: string; password: string} {
	return {user: connection.user ?? 'demo', password: connection.password ?? 'demo'};
}

/**
 * Without --host: what only another server can take. The sandbox picks its own port, speaks STARTTLS (no implicit
 * TLS), listens on 127.0.0.1 and expects no PROXY header.
 */
export function refuseForSandbox(flags: Record<string, unknown>, connection: ConnectionSettings, proxy: unknown, socks?: unknown): void {
	if (connection.host !== undefined) return;
	if (flags.port !== undefined) throw new UsageError('--port needs --host', 'the built-in sandbox listens on a free port of its own; give --host to talk to another server');
	if (connection.tls === 'tls') throw new UsageError('--tls needs --host', 'the built-in sandbox speaks STARTTLS; give --host for a server with implicit TLS (port 465)');
	if (connection.family === 6) throw new UsageError('-6 needs --host', 'the built-in sandbox listens on 127.0.0.1 (IPv4); give --host for a server to reach over IPv6');
	if (connection.localAddress !== undefined && familyOf(connection.localAddress) === 6) {
		throw new UsageError(`--local-address ${connection.localAddress} (IPv6) needs --host`, "the built-in sandbox listens on 127.0.0.1 (IPv4): give an IPv4 local address (127.0.0.2 works: all of 127.0.0.0/8 is this machine's), or --host");
	}
	if (socks) throw new UsageError('--socks needs --host', 'the built-in sandbox runs in this process, with no proxy between; give --host for the server to reach through the proxy');
	if (proxy) throw new UsageError('--proxy needs --host', 'the built-in sandbox expects no PROXY header; give --host for a server behind a load balancer, or try it with smtp-tui serve --proxy and --host 127.0.0.1 --port PORT');
}
