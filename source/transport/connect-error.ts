// Turns socket errors into one error type with a kind the driver can map to exit codes and a message
// that says what happened in plain words, naming the host and port.
import {isIPv6} from 'node:net';
import type {TrustRemedy, WrongName} from './tls-info.js';
import {isSocketPath} from './host-port.js';
import {isLoopback} from './loopback.js';
import {clientCertificateRefusal} from './client-certificate.js';
import {familyName, familyOf, localAddresses} from './address-family.js';

export type ConnectErrorKind = 'dns' | 'refused' | 'timeout' | 'unreachable' | 'tls' | 'closed' | 'other';

/**
 * What broke TLS (the handshake, or the session right after it), made where the failure is: advice is chosen by it,
 * never by the message's words, which are for people and may be reworded at any time.
 */
export type TlsFailure =
	/** No TLS version in common: the server's protocol_version alert, or its choice of one outside the range. */
	| 'no-common-version'
	/** The server's handshake_failure alert, or no shared cipher: it speaks TLS, with nothing in common. */
	| 'no-cipher'
	/** Another alert from the server: it speaks TLS. */
	| 'alert'
	/** What came back is not TLS (plain SMTP on the port, most likely). */
	| 'not-tls'
	/** The connection was closed (or reset) during the handshake. */
	| 'closed'
	/** The handshake did not finish in time. */
	| 'timeout'
	/** The server's certificate was refused (`certificate` says why). */
	| 'certificate'
	| 'other';

/** The server demanded a client certificate and got none (none was offered), or refused the one offered (--cert). */
export type ClientCertificateFailure = 'demanded' | 'refused';

/** What a refused certificate said of itself, and what fixes it (absent in recordings made before it was kept). */
export type RefusedCertificate = {
	subject: string;
	issuer: string;
	validFrom?: string;
	validTo: string;
	fingerprint256?: string;
	reason?: string;
	remedy?: TrustRemedy;
	/** The host name connected by is not one it lists (besides the remedy's problem, or as it): the advice names both fixes. */
	wrongName?: WrongName;
};

export class ConnectError extends Error {
	override readonly name = 'ConnectError';
	readonly kind: ConnectErrorKind;
	/** The errno (ECONNREFUSED, ...) or TLS code (DEPTH_ZERO_SELF_SIGNED_CERT, ...) behind the failure. */
	readonly code?: string;
	/** A certificate that was refused: what it said, for a recording to keep (the message words it too). */
	readonly certificate?: RefusedCertificate;
	/** The server demands a client certificate, or refused the one offered (--cert). */
	readonly clientCertificate?: ClientCertificateFailure;
	/** The user's --tls-min/--tls-max are the likely cause (they left out versions): the message names them. */
	readonly versions?: true;
	/** What broke TLS, for kind 'tls'. */
	readonly tlsFailure?: TlsFailure;
	/** Kind 'dns': the name resolves, but in the other address family only (-4, -6, --local-address). */
	readonly otherFamilyOnly?: true;
	/** Through a SOCKS proxy (--socks): which hop failed, the proxy itself or the target as the proxy saw it. */
	readonly socks?: 'proxy' | 'target';
	/** The address the failed attempt went to, when the system said (a name's, resolved): is it this machine? */
	readonly address?: string;

	constructor(
		kind: ConnectErrorKind,
		message: string,
		options: {code?: string; cause?: unknown; certificate?: RefusedCertificate; clientCertificate?: ClientCertificateFailure; versions?: boolean; tlsFailure?: TlsFailure; otherFamilyOnly?: boolean; socks?: 'proxy' | 'target'; address?: string} = {},
	) {
		super(message, {cause: options.cause});
		this.kind = kind;
		this.code = options.code;
		if (options.certificate) this.certificate = options.certificate;
		if (options.clientCertificate) this.clientCertificate = options.clientCertificate;
		if (options.versions) this.versions = true;
		if (options.tlsFailure) this.tlsFailure = options.tlsFailure;
		if (options.otherFamilyOnly) this.otherFamilyOnly = true;
		if (options.socks) this.socks = options.socks;
		if (options.address !== undefined) this.address = options.address;
	}
}

/** "host:port", with brackets around IPv6 literals so the port stays readable; a Unix socket's path alone. */
export function endpoint(host: string, port: number): string {
	if (isSocketPath(host)) return host;
	return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

export function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(2))} s`;
}

/** `dnsServer`: a failed lookup's, when the user chose the server (--dns, as `host:port`; dns-resolver.ts). */
export type SystemError = Error & {code?: string; address?: string; syscall?: string; reason?: string; errors?: SystemError[]; dnsServer?: string};

/** The alert a TLS server sends when it wants a client certificate and got none (TLS 1.3, RFC 8446 §6.2). */
const CERTIFICATE_REQUIRED_ALERT = 116;

// OpenSSL's error line: "<thread>:error:<hex code>:<library>:<function>:<reason>:<source file>:<line>:<data>", where
// the data of a received alert is "SSL alert number N".
const opensslLine = /[0-9A-F]+:error:[0-9A-F]+:[^:\n]*:[^:\n]*:([^:\n]+):[^:\n]*:\d+:([^\n]*)/;

/**
 * What an OpenSSL error says, without its source file and hex codes: its reason and, for an alert the server sent, the
 * alert's number and name; undefined for an error that is not OpenSSL's.
 */
export function opensslError(error: SystemError): {reason: string; alert?: {number: number; description: string}} | undefined {
	const line = opensslLine.exec(error.message);
	if (!line && !error.code?.startsWith('ERR_SSL_')) return undefined;
	const reason = (error.reason ?? line?.[1] ?? error.code!.slice('ERR_SSL_'.length).toLowerCase().replaceAll('_', ' ')).trim();
	const number = /SSL alert number (\d+)/.exec(line?.[2] ?? error.message)?.[1];
	if (number === undefined) return {reason};
	// OpenSSL names a received alert "sslv3 alert …", "tlsv1 alert …" or "tlsv13 alert …" after the version that defined
	// it; OpenSSL 3.2 and newer (Node 24.22 and 26.12 bundle 3.5) say "ssl/tls alert …" where 3.0 said "sslv3 alert …".
	return {reason, alert: {number: Number(number), description: reason.replace(/^(?:sslv3|ssl\/tls|tlsv1|tlsv13) alert /, '')}};
}

/**
 * An alert about the client certificate in plain words and as data: the one offered refused (`offered`: --cert was
 * given), or one demanded (certificate_required; `likely` for an alert that does not say so outright, as OpenSSL's
 * handshake_failure after the server's certificate); undefined for an alert about something else.
 */
export function clientCertificateAlert(alert: {number: number; description: string}, offered: boolean, likely = false): {text: string; failure: ClientCertificateFailure} | undefined {
	const refusal = offered ? clientCertificateRefusal(alert) : undefined;
	if (refusal !== undefined) return {text: refusal, failure: 'refused'};
	if (alert.number === CERTIFICATE_REQUIRED_ALERT) return {text: clientCertificateText(alert), failure: 'demanded'};
	return likely && !offered ? {text: clientCertificateText(alert, true), failure: 'demanded'} : undefined;
}

/**
 * An OpenSSL error in plain words: its reason, and the number of a TLS alert the server sent ("the server sent an
 * alert (TLS alert 42: bad certificate)"), never OpenSSL's raw line; undefined for an error that is not OpenSSL's.
 * `offered`: a client certificate was offered (--cert), which an alert about a certificate is then about.
 */
export function opensslText(error: SystemError, offered = false): string | undefined {
	const openssl = opensslError(error);
	if (!openssl) return undefined;
	const {reason, alert} = openssl;
	if (alert === undefined) return reason;
	const sent = `the server sent an alert (TLS alert ${alert.number}: ${alert.description})`;
	return clientCertificateAlert(alert, offered)?.text ?? (alert.number === INTERNAL_ERROR_ALERT ? `${sent}: ${SERVER_SIDE}` : sent);
}

/**
 * internal_error (RFC 8446 §6.2): the server failed on its own side, as OpenSMTPD 6.8.0p2 on Debian 12 does at every
 * handshake (seen live: "EVP lib" in its log, with an RSA or an ECDSA key). No flag of this client mends it.
 */
const INTERNAL_ERROR_ALERT = 80;
const SERVER_SIDE = "a fault on the server's side (its key, its certificate or its TLS library: its log says which), not one this client can mend";

/** What to give when a server wants a client certificate and none was offered (check, which takes no --cert, rewords it). */
export const OFFER_ONE = 'none was offered: give one with --cert FILE (and --key FILE, unless the key is in that file)';

/** The server wants a client certificate; `likely`: the alert (40, 42) does not say so outright. */
function clientCertificateText(alert: {number: number; description: string}, likely = false): string {
	const tag = `(TLS alert ${alert.number}: ${alert.description})`;
	return likely
		? `the server refused the handshake after sending its certificate, most likely because it demands a client certificate ${tag}; ${OFFER_ONE}`
		: `the server demands a client certificate ${tag}; ${OFFER_ONE}`;
}

/**
 * Classifies an error from a socket (while connecting or later). One from TLS, on an established connection, is
 * kind 'tls': an alert the server sent after the handshake, as a TLS 1.3 server does when it wants a client certificate
 * or refuses the one offered (`offered`: --cert was given).
 */
export function socketError(error: SystemError, host: string, port: number, offered = false): ConnectError {
	// A name with several addresses, each tried in turn and each failed: Node reports them all in an AggregateError.
	if (error.errors && error.errors.length > 0) return attemptsError(error.errors, host, port, error);
	const code = error.code;
	const at = endpoint(host, port);
	const tls = opensslText(error, offered);
	if (tls !== undefined) {
		// In TLS 1.3 the client is done with the handshake before the server has checked the client's certificate (or its absence).
		const alert = opensslError(error)?.alert;
		const client = alert && clientCertificateAlert(alert, offered);
		const during = client ? `TLS handshake with ${at}` : `the TLS session with ${at}`;
		return new ConnectError('tls', `${during} failed: ${tls}`, {code, cause: error, ...(client && {clientCertificate: client.failure}), tlsFailure: alert ? 'alert' : 'other'});
	}
	if (error.syscall === 'bind') return bindError(error, at);
	// Name the resolved address too when it differs from what the user typed.
	const via = error.address && error.address !== host ? ` at ${error.address}` : '';
	const make = (kind: ConnectErrorKind, message: string) => new ConnectError(kind, message, {code, cause: error, ...(error.address !== undefined && {address: error.address})});
	// The server chosen with --dns is named: it, not this machine's DNS settings, is the one to check.
	const chosen = error.dnsServer === undefined ? undefined : `the DNS server ${error.dnsServer} (--dns)`;
	switch (code) {
		case 'ENOTFOUND':
		case 'EAI_NONAME':
		case 'EAI_NODATA':
			return make('dns', `cannot find host ${host}: ${chosen ? `${chosen} has no address for it` : 'the name does not resolve'} (${code})`);
		case 'EAI_AGAIN':
			return make('dns', `cannot look up ${host} right now: ${chosen ?? 'the DNS server'} did not answer (EAI_AGAIN)`);
		case 'ECONNREFUSED':
			return make('refused', `connection refused by ${at}${via} (nothing listens there)`);
		case 'ETIMEDOUT':
			return make('timeout', `no answer from ${at}${via} (a firewall may be dropping packets)`);
		case 'ENETUNREACH':
		case 'ENETDOWN':
			// No network at all can mean loopback too (a bare network namespace): then even the built-in sandbox is out of reach.
			if (isLoopback(error.address ?? host)) return make('unreachable', `cannot reach ${at}${via}: this machine's loopback interface is down (${code}); bring it up (on Linux: sudo ip link set lo up)`);
			return make('unreachable', `cannot reach ${at}${via}: no route to that network (${code})`);
		case 'EHOSTUNREACH':
		case 'EHOSTDOWN':
			return make('unreachable', `cannot reach ${at}${via}: the host is unreachable (${code})`);
		case 'EADDRNOTAVAIL':
			return make('unreachable', `cannot reach ${at}${via}: that address is not usable from this machine (${code})`);
		case 'ECONNRESET':
		case 'ECONNABORTED':
			return make('closed', `the connection to ${at} was reset by the other side (${code})`);
		case 'EPIPE':
			return make('closed', `the connection to ${at} was closed by the other side (EPIPE)`);
		default:
			return make('other', `connection to ${at} failed: ${error.message}`);
	}
}

/** The local address (--local-address) could not be bound: it is not this machine's, or not of the server's family. */
function bindError(error: SystemError, at: string): ConnectError {
	const local = error.address ?? 'the local address';
	const family = error.address === undefined ? undefined : familyOf(error.address);
	const make = (message: string) => new ConnectError('other', message, {code: error.code, cause: error});
	if (error.code === 'EADDRNOTAVAIL') {
		const own = family === undefined ? [] : localAddresses(family);
		const mine = own.length > 0 ? `: give one of its ${familyName(family!)} addresses (${own.join(', ')})` : ': give one of its addresses (ip address lists them)';
		return make(`${local} is not an address of this machine (EADDRNOTAVAIL)${mine}`);
	}
	if (error.code === 'EINVAL') return make(`cannot connect to ${at} from ${local}: the local address is not of the server's address family (EINVAL)`);
	return make(`cannot use the local address ${local} to connect to ${at}: ${error.code ?? error.message}`);
}

/**
 * What a failed attempt tells of the host, most first: a refusal proves the host is there and answers (nothing
 * listens on the port), an unreachable network says where the trouble is, and silence says least, since a
 * firewall, a slow link or an address that is simply dead all look the same.
 */
const TELLING: readonly ConnectErrorKind[] = ['refused', 'unreachable', 'timeout'];

const telling = (kind: ConnectErrorKind) => (TELLING.includes(kind) ? TELLING.indexOf(kind) : TELLING.length);

/** How the other attempts are said after the one that names the host: "no answer at fd77::2". */
const ATTEMPT_WORDS: Partial<Record<ConnectErrorKind, string>> = {refused: 'refused', unreachable: 'unreachable', timeout: 'no answer'};

/**
 * A connect to a name with several addresses failed at each (Node tries them in turn): the most telling failure
 * names the host and its address, the others follow (`connection refused by mail.test:25 at 10.77.0.2 (nothing
 * listens there); no answer at fd77::2`). Judged by the first, an IPv6 address that drops packets made a port that
 * refused on IPv4 look filtered.
 */
export function attemptsError(attempts: readonly SystemError[], host: string, port: number, cause?: unknown): ConnectError {
	const failures = attempts.map(attempt => ({attempt, error: socketError(attempt, host, port)}));
	const best = failures.reduce((chosen, failure) => (telling(failure.error.kind) < telling(chosen.error.kind) ? failure : chosen));
	const others = failures.filter(failure => failure !== best).map(({attempt, error}) => `${ATTEMPT_WORDS[error.kind] ?? `failed (${error.code ?? error.kind})`} at ${attempt.address ?? 'another address'}`);
	const message = [best.error.message, ...others].join('; ');
	return new ConnectError(best.error.kind, message, {code: best.error.code, cause: cause ?? best.attempt, ...(best.error.address !== undefined && {address: best.error.address})});
}
