// What `send` ends with: the --json result object (also the last line of a json transcript file).
import type {DkimResult} from './dkim-send.js';
import {waitingHelps} from '../smtp/codes.js';
import type {RecipientResult, Reply, TlsPolicy} from '../smtp/types.js';
import {quoteReply} from '../smtp/session-texts.js';
import type {Transaction} from '../smtp/session-types.js';
import type {Endpoint, Endpoints, RunResult, TlsInfo} from '../session/types.js';
import type {RefusedCertificate} from '../transport/connect-error.js';
import {queueIdOf} from '../smtp/queue-id.js';
import {deliveredAfterData, deliveryOf, type Delivery} from '../smtp/lmtp.js';
import {expired, type ClientCertificate} from '../transport/client-certificate.js';
import {chainExpiryFields, expiryFields, isoDate, type ChainExpiryFields} from '../transport/certificate-expiry.js';

/** `stage` of a result cut short by Ctrl+C, SIGTERM or SIGHUP, whatever step it was at. */
export const INTERRUPTED_STAGE = 'interrupted';

/** A reply's text on one line, without its codes. */
const wordsOf = (reply: Reply) => reply.lines.join(' ');

/**
 * The server's certificate as the result gives it, whenever a TLS handshake showed one: verified, refused (exit 29)
 * or not checked (--insecure). Dates in ISO 8601 (OpenSSL's "Mar  6 04:23:03 2029 GMT" would need parsing in every
 * script); `reason` only when not verified; `protocol` and `cipher` only when the TLS session was established.
 */
type ResultCertificate = {
	subject: string;
	issuer: string;
	validFrom?: string;
	validTo?: string;
	/** Whole days until validTo, negative once it has passed. */
	daysLeft?: number;
	/** A CA certificate of the chain that expires before this one (the first to), as this one's end is given. */
	chainExpiry?: ChainExpiryFields;
	fingerprint256?: string;
	verified: boolean;
	reason?: string;
	protocol?: string;
	cipher?: string;
};

/** Subject, issuer and the dates that parse: what an accepted and a refused certificate both give. */
function named(certificate: {subject: string; issuer: string; validFrom?: string | undefined; validTo?: string | undefined}, now: number) {
	const validFrom = isoDate(certificate.validFrom);
	return {subject: certificate.subject, issuer: certificate.issuer, ...(validFrom && {validFrom}), ...(certificate.validTo !== undefined && expiryFields(certificate.validTo, now))};
}

/**
 * The certificate of the session's TLS handshake (a session's snapshot: `tls` once established, `refusedCertificate`
 * when verification refused it); undefined when no TLS happened or the handshake got no certificate.
 */
export function certificateOf(session: {tls?: TlsInfo | undefined; refusedCertificate?: RefusedCertificate | undefined}, now = Date.now()): ResultCertificate | undefined {
	const {tls, refusedCertificate: refused} = session;
	if (tls) {
		// Node reports an empty certificate when the server sent none: no fingerprint.
		if (tls.fingerprint256 === '') return undefined;
		return {
			...named(tls, now),
			...(tls.chainExpiry && {chainExpiry: chainExpiryFields(tls.chainExpiry, now)}),
			fingerprint256: tls.fingerprint256,
			verified: tls.authorized,
			// The transcript's words when Node gave no reason ("certificate NOT verified: not trusted").
			...(!tls.authorized && {reason: tls.authorizationError ?? 'not trusted'}),
			...(tls.protocol && {protocol: tls.protocol}),
			...(tls.cipher && {cipher: tls.cipher}),
		};
	}
	if (!refused) return undefined;
	// The handshake was abandoned at the certificate: no session, so no protocol or cipher.
	return {
		...named(refused, now),
		...(refused.fingerprint256 && {fingerprint256: refused.fingerprint256}),
		verified: false,
		reason: refused.reason ?? 'not trusted',
	};
}

/**
 * How the session was protected: TLS from the first byte (`--tls`), TLS after STARTTLS, or nothing encrypted (no
 * STARTTLS offered or it was refused, --no-starttls, or the session ended before a handshake completed). Said on
 * every session's result, since an opportunistic session that went in clear is otherwise only an info line.
 */
type TlsUse = 'implicit' | 'starttls' | 'none';

/** The session's `secure` flag (a TLS session was established) and the TLS policy it ran with. */
export const tlsUseOf = (secure: boolean, policy: TlsPolicy): TlsUse => (!secure ? 'none' : policy === 'tls' ? 'implicit' : 'starttls');

/**
 * A server reply as data, for a script to act on without reading prose: `temporary` is true where the same send
 * later can succeed (a 4xx but 432 and 452 4.5.3, whose remedy is no wait), false otherwise.
 */
type ResultReply = {code: number; enhanced: string | null; text: string; temporary: boolean};

const replyData = (reply: Reply, final = false): ResultReply => ({code: reply.code, enhanced: reply.enhanced ?? null, text: wordsOf(reply), temporary: !final && waitingHelps(reply)});

/**
 * The server's reply that ended a failed session: the one the engine failed on (a 421, a refused login, QUIT), else
 * the refusal of the transaction's step that failed, which the engine words without keeping it (MAIL, DATA, the
 * message; at RCPT, where every recipient was refused, a permanent refusal if there is one). Undefined when no reply ended it (a timeout, a
 * local refusal, an interrupt).
 */
export function failingReply(result: RunResult, transaction: Transaction | undefined): Reply | undefined {
	if (result.ok) return undefined;
	if (result.reply) return result.reply;
	const refusal = (reply: Reply | undefined) => (reply && reply.code >= 400 ? reply : undefined);
	switch (result.stage) {
		case 'mail':
			return refusal(transaction?.mailReply);
		case 'rcpt':
			return worstRefusal(transaction?.recipients ?? []);
		case 'data':
			return refusal(transaction?.dataReply);
		case 'final-dot': {
			// LMTP: every recipient refused the message with a reply of its own.
			const delivered = deliveredAfterData(transaction?.recipients ?? []);
			return delivered.length > 0 ? worstRefusal(delivered) : refusal(transaction?.reply);
		}
		default:
			return undefined;
	}
}

/**
 * Every recipient was refused: one that no wait helps, if any, so that `temporary` never sends a script to retry a
 * message one recipient will always refuse.
 */
function worstRefusal(recipients: readonly RecipientResult[]): Reply | undefined {
	const refusals = recipients.map(recipient => recipient.reply).filter(reply => reply !== undefined && reply.code >= 400) as Reply[];
	return refusals.find(reply => !waitingHelps(reply)) ?? refusals.at(-1);
}

/**
 * What the result adds when it applies: the server's reply to the message, the reply that failed the session, the
 * message's Message-ID, TLS, --insecure, and the server's certificate.
 */
type ResultExtras = {
	queued?: Reply | undefined;
	failedReply?: Reply | undefined;
	/** No wait helps that reply, whatever its code says (a 421 that turned the PROXY header away). */
	failedReplyFinal?: boolean;
	messageId?: string | undefined;
	tls?: TlsUse;
	insecure?: boolean;
	certificate?: ResultCertificate | undefined;
	clientCertificate?: ClientCertificate | undefined;
	endpoints?: Endpoints | undefined;
	/** --socks: the proxy the connection went through, as host:port. */
	socks?: string | undefined;
	dkim?: DkimResult | undefined;
};

/** The client certificate offered (--cert), as the result gives it: never the key. */
type ResultClientCertificate = {subject: string; validTo?: string; expired: boolean};

type SendResult = {
	type: 'result';
	ok: boolean;
	exitCode: number;
	stage?: string;
	message: string;
	queued?: string;
	queueId?: string;
	reply?: ResultReply;
	messageId?: string;
	tls?: TlsUse;
	insecure?: true;
	certificate?: ResultCertificate;
	clientCertificate?: ResultClientCertificate;
	/**
	 * `delivery`, in LMTP only, for a recipient accepted at RCPT: what its own reply after the message did (then
	 * `accepted`, `code` and `text` are that reply's), or `unanswered` when the session ended before it came.
	 */
	/** The last connection's server address and port, and the local ones it went out from. */
	remote?: Endpoint;
	local?: Endpoint;
	/** The SOCKS proxy connected through (--socks), as host:port: `remote` is then absent, the proxy alone knows it. */
	socks?: string;
	/** --dkim-key: what the signature says (d=, s=, algorithm, key size, headers) and what DNS has for the key. */
	dkim?: DkimResult;
	recipients: Array<{address: string; accepted: boolean | null; code: number | null; enhanced: string | null; text: string | null; delivery?: Delivery | 'unanswered'}>;
};

/** The result a script reads: `--json`'s last line, and the last object of a json transcript. */
export function resultObject(
	exitCode: number,
	stage: string | undefined,
	message: string,
	recipients: readonly RecipientResult[],
	{queued, failedReply, failedReplyFinal, messageId, tls, insecure, certificate, clientCertificate: client, endpoints, socks, dkim}: ResultExtras = {},
): SendResult {
	const each = recipients.map(r => ({
		address: r.address,
		accepted: r.accepted ?? null,
		code: r.reply?.code ?? null,
		enhanced: r.reply?.enhanced ?? null,
		text: r.reply ? wordsOf(r.reply) : null,
		...(r.rcptReply && {delivery: r.reply ? deliveryOf(r.reply) : ('unanswered' as const)}),
	}));
	const queueId = queued && queueIdOf(queued);
	return {
		type: 'result',
		ok: exitCode === 0,
		exitCode,
		...(stage && {stage}),
		message,
		// Whenever the server took the message: also when a recipient was refused, or QUIT was.
		...(queued && {queued: quoteReply(queued)}),
		// Only when the reply names it in a form known to be one.
		...(queueId && {queueId}),
		// The server's reply that ended the session, for a script to tell a retry (4xx) from a refusal (5xx).
		...(failedReply && {reply: replyData(failedReply, failedReplyFinal)}),
		// What the server's logs and the recipient's mailbox know the message by.
		...(messageId && {messageId}),
		// Left out only where no session ran (a bad option, an interrupt before connecting).
		...(tls && {tls}),
		// A script that keeps only this line must still see that the server's certificate was not checked.
		...(insecure && {insecure: true as const}),
		// For scripts that watch expiry (`jq .certificate.validTo`), and that see a refused or unchecked one.
		...(certificate && {certificate}),
		// What was offered if the server asked: a script sees an expired one without parsing the transcript.
		...(client && {clientCertificate: {subject: client.subject, ...(isoDate(client.validTo) && {validTo: isoDate(client.validTo)}), expired: expired(client)}}),
		// Which of the server's addresses, and which of ours (-4/-6, --local-address): what SPF and PTR are judged on.
		...(endpoints && {remote: endpoints.remote, local: endpoints.local}),
		...(socks !== undefined && {socks}),
		...(dkim && {dkim}),
		recipients: each,
	};
}
