// The dashboard with --lmtp: what the log says at start (the panel has no field for the protocol), and --socket,
// which the dashboard does not take yet (its connection panel has no way to show or edit a Unix socket's path).
import {UsageError} from '../headless/command.js';
import type {ConnectionSettings} from '../headless/send-options.js';

/** The log's note at start with --lmtp: what changes from SMTP, and, against the sandbox, that it speaks LMTP too. */
export function lmtpNote(connection: Pick<ConnectionSettings, 'lmtp'>, sandbox = false): string[] {
	if (!connection.lmtp) return [];
	const server = sandbox ? 'the sandbox speaks LMTP too (as smtp-tui serve --lmtp: full@ and big@ are refused after the message, each for itself); ' : '';
	return [`LMTP (--lmtp, RFC 2033): ${server}LHLO instead of EHLO, and after the message one reply per recipient accepted at RCPT, each that recipient's delivery`];
}

/** --socket: not in the dashboard yet, said precisely; `send` speaks to a socket (with SMTP or LMTP). */
export function refuseSocket(connection: Pick<ConnectionSettings, 'socket' | 'lmtp'>): void {
	if (connection.socket === undefined) return;
	const example = `smtp-tui send${connection.lmtp ? ' --lmtp' : ''} --socket ${connection.socket} --from you@example.org --to user@example.org`;
	throw new UsageError(
		'--socket is for "smtp-tui send": the dashboard connects over TCP only (its connection panel has no field for a Unix socket\'s path)',
		`to step through LMTP here, give the server's TCP listener (--lmtp --host HOST --port 24), or leave --host out for the sandbox; for the socket: ${example}`,
	);
}
