// What the sandbox reports while it serves: plain data, for `serve` to print and the dashboard to show.
import {hostPort} from '../transport/host-port.js';
import type {DkimResult, DmarcCheck} from './mailbox-types.js';
import type {ClientSpf} from '../spf/client.js';

export type ListenerKind = 'smtp' | 'smtps';

/** A limit of the sandbox's settings, by the name of serve's flag that sets it: maxSize, maxRecipients. */
export type RefusalLimit = 'max-size' | 'max-recipients';

export type SandboxEvent = {
	/** Session number, counting from 1 per sandbox; 0 for events of no session (a listener error). */
	session: number;
	/** Milliseconds since the epoch. */
	time: number;
	/** The client's address and port, e.g. "127.0.0.1:51234" or "[::1]:51234"; empty when unknown. */
	remote: string;
} & (
	| {type: 'connect'; listener: ListenerKind}
	| {type: 'tls'; protocol: string; cipher: string}
	/** The name a client gave with EHLO or HELO (LHLO under serve --lmtp), reported when it first differs from the last one given. */
	| {type: 'helo'; command: 'EHLO' | 'HELO' | 'LHLO'; name: string}
	| {type: 'auth'; user: string; method: string}
	/** XCLIENT accepted (serve --xclient): the attributes the client now speaks as, by Postfix's names, values decoded. */
	| {type: 'xclient'; attributes: Record<string, string>}
	| {type: 'envelope'; stage: 'mail' | 'rcpt'; address: string; params: Record<string, string | true>}
	/**
	 * `subject`: decoded, '' when there is none. `from` and `to`: the envelope, as the client sent it.
	 * `messageId`: the Message-ID header as written, when there is one. `path`: the saved `.eml`, with a save folder.
	 * `bcc`: the Bcc header as written, when the message still has one that names anyone (scanBcc).
	 */
	| {type: 'accepted'; id: number; size: number; subject: string; from: string; to: string[]; messageId?: string; path?: string; bcc?: string}
	/** Message `id`'s DKIM signatures, checked after it was accepted (only a signed message has this event), top first. */
	| {type: 'dkim'; id: number; signatures: DkimResult[]}
	/** Message `id`'s SPF, checked after it was accepted (a sandbox with --dns, a client with an address). */
	| {type: 'spf'; id: number; spf: ClientSpf}
	/** Message `id`'s DMARC, after its SPF and DKIM (a sandbox with --dns). */
	| {type: 'dmarc'; id: number; dmarc: DmarcCheck}
	/**
	 * The sandbox kept a delivery report (NOTIFY=SUCCESS, RFC 3461) on message `message` as message `id`, from the null
	 * sender to `to` (the original's envelope sender); `recipients`: those it reports delivered. `path`: its `.eml`.
	 */
	| {type: 'report'; id: number; message: number; to: string; recipients: string[]; path?: string}
	/**
	 * Any reply of 400 or more; `stage` is the command it answers (lower case), or "connect" (the greeting),
	 * "early" (a line sent before the greeting), "line-too-long", "unknown" (a line that is no command),
	 * "message" (after DATA's 354), "idle" or "shutdown" (the server's own 421s).
	 */
	/**
	 * `line`: the refused MAIL or RCPT command as received. `login`: a refused AUTH's user name and mechanism (never
	 * the password). `limit`: the setting whose limit refused it (a message over maxSize, a recipient over maxRecipients).
	 * `recipient`: under LMTP, the recipient a reply after the message is for (one reply each). `implicitTls`: the
	 * "early" line was the start of a TLS handshake (see the disconnect's).
	 */
	| {type: 'refused'; stage: string; code: number; text: string; line?: string; login?: {user: string; method: string}; limit?: RefusalLimit; recipient?: string; implicitTls?: true}
	/** The connection was closed on purpose without a reply (drop@, chaos drop). */
	| {type: 'dropped'; stage: string; reason: string}
	/**
	 * `duringTls`: the client left while a STARTTLS handshake was under way (it may not trust the certificate).
	 * `duringData`: it left in the middle of a message (after DATA's 354, before the final dot): nothing was kept.
	 * `authNotOffered`: AUTH was not offered (the client is not on loopback, the session not in TLS) and the session
	 * ended before any MAIL was taken, as a client set up to log in does. `implicitTls`: the client began with a TLS
	 * handshake, as on an implicit-TLS port (465), where this one speaks SMTP first. `noStarttls`: it left (without
	 * QUIT) right after the EHLO reply, which offered no STARTTLS (--no-starttls), as an app requiring it does.
	 */
	| {type: 'disconnect'; duringTls?: true; duringData?: true; authNotOffered?: true; implicitTls?: true; noStarttls?: true}
	| {type: 'error'; message: string; code?: string}
	/**
	 * A handshake on the implicit-TLS port failed before any session began; `remote` is the address only.
	 * `received`: bytes the client had sent (0: it never began TLS, or spoke at all).
	 */
	| {type: 'tls-failed'; message: string; code?: string; received?: number}
);

export function formatRemote(address: string, port: number): string {
	return address ? hostPort(address, port) : '';
}
