// Turns socket errors into one error type with a kind the driver can map to exit codes and a message
// that says what happened in plain words, naming the host and port.
import {isIPv6} from 'node:net';

export type ConnectErrorKind = 'dns' | 'refused' | 'timeout' | 'unreachable' | 'tls' | 'closed' | 'other';

/** What a refused certificate said of itself. */
export type RefusedCertificate = {subject: string; issuer: string; validTo: string; fingerprint256?: string};

export class ConnectError extends Error {
	override readonly name = 'ConnectError';
	readonly kind: ConnectErrorKind;
	/** The errno (ECONNREFUSED, ...) or TLS code (DEPTH_ZERO_SELF_SIGNED_CERT, ...) behind the failure. */
	readonly code?: string;
	/** A certificate that was refused: what it said, for a recording to keep (the message words it too). */
	readonly certificate?: RefusedCertificate;

	constructor(kind: ConnectErrorKind, message: string, options: {code?: string; cause?: unknown; certificate?: RefusedCertificate} = {}) {
		super(message, {cause: options.cause});
		this.kind = kind;
		this.code = options.code;
		if (options.certificate) this.certificate = options.certificate;
	}
}

/** "host:port", with brackets around IPv6 literals so the port stays readable. */
export function endpoint(host: string, port: number): string {
	return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

export function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(2))} s`;
}

type SystemError = Error & {code?: string; address?: string; errors?: Array<{code?: string}>};

/** Classifies an error from a plain TCP socket (while connecting or later). */
export function socketError(error: SystemError, host: string, port: number): ConnectError {
	// Node's happy-eyeballs connect reports an AggregateError whose first member carries the errno.
	const code = error.code ?? error.errors?.[0]?.code;
	const at = endpoint(host, port);
	// Name the resolved address too when it differs from what the user typed.
	const via = error.address && error.address !== host ? ` at ${error.address}` : '';
	const make = (kind: ConnectErrorKind, message: string) => new ConnectError(kind, message, {code, cause: error});
	switch (code) {
		case 'ENOTFOUND':
		case 'EAI_NONAME':
		case 'EAI_NODATA':
			return make('dns', `cannot find host ${host}: the name does not resolve (${code})`);
		case 'EAI_AGAIN':
			return make('dns', `cannot look up ${host} right now: the DNS server did not answer (EAI_AGAIN)`);
		case 'ECONNREFUSED':
			return make('refused', `connection refused by ${at}${via} (nothing listens there)`);
		case 'ETIMEDOUT':
			return make('timeout', `no answer from ${at}${via} (a firewall may be dropping packets)`);
		case 'ENETUNREACH':
		case 'ENETDOWN':
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
