// The dashboard with --lmtp: what the log says at start (the panel has no field for the protocol).
import type {ConnectionSettings} from '../headless/connection-flags.js';

/** The log's note at start with --lmtp: what changes from SMTP, and, against the sandbox, that it speaks LMTP too. */
export function lmtpNote(connection: Pick<ConnectionSettings, 'lmtp'>, sandbox = false): string[] {
	if (!connection.lmtp) return [];
	const server = sandbox ? 'the sandbox speaks LMTP too (as smtp-tui serve --lmtp: full@ and big@ are refused after the message, each for itself); ' : '';
	return [`LMTP (--lmtp, RFC 2033): ${server}LHLO instead of EHLO, and after the message one reply per recipient accepted at RCPT, each that recipient's delivery`];
}
