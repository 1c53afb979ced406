// send's --dane, checked against the flags that would undo it: DANE for SMTP is STARTTLS (RFC 7672 §1.3), with the
// server authenticated by its TLSA records, under a host name.
import {isIP} from 'node:net';
import {UsageError} from './command.js';
import type {ConnectionSettings} from './connection-flags.js';

/** Whether --dane was given; refuses it beside --insecure, --tls, --no-starttls, --socket and an IP address --host. */
export function parseDaneFlag(flags: Record<string, unknown>, connection: ConnectionSettings): boolean {
	if (flags.dane !== true) return false;
	if (connection.socket !== undefined) throw new UsageError('--dane cannot be used with --socket', 'a Unix socket on this machine has no TLSA records and no TLS: leave --dane out');
	if (connection.insecure) throw new UsageError('--dane and --insecure cannot be used together', '--dane authenticates each host by its TLSA records, --insecure authenticates nothing: leave one of them out');
	if (connection.tls === 'tls') throw new UsageError('--dane and --tls cannot be used together', 'DANE for SMTP is STARTTLS on a plain port (RFC 7672): leave --tls out');
	if (connection.tls === 'none') throw new UsageError('--dane and --no-starttls (or a profile without TLS) cannot be used together', 'a host with TLSA records is delivered to with STARTTLS only: leave --no-starttls out');
	if (!connection.mx && connection.host !== undefined && isIP(connection.host)) {
		throw new UsageError(`--dane with --host ${connection.host}: an IP address has no TLSA records (they are published under a host name)`, 'give the server by its name (--host mx.example.org), or --mx to deliver to the MX hosts of the recipient');
	}
	return true;
}
