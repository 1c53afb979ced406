// The TLS versions a handshake may use (--tls-min, --tls-max): Node's default is TLS 1.2 to 1.3. OpenSSL 3 refuses
// TLS 1.0 and 1.1 at its default security level, so that is lowered only when the user asked for one of them.
import type {SecureVersion} from 'node:tls';

export const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** The versions asked for; a bound left out is Node's default (1.2 at least, 1.3 at most). */
export type TlsVersionRange = {min?: TlsVersion; max?: TlsVersion};

const DEFAULT_MIN: TlsVersion = '1.2';
const DEFAULT_MAX: TlsVersion = '1.3';

const SECURE_VERSIONS: Readonly<Record<TlsVersion, SecureVersion>> = {'1.0': 'TLSv1', '1.1': 'TLSv1.1', '1.2': 'TLSv1.2', '1.3': 'TLSv1.3'};

const rank = (version: TlsVersion) => TLS_VERSIONS.indexOf(version);

export const minOf = (range: TlsVersionRange | undefined): TlsVersion => range?.min ?? DEFAULT_MIN;
export const maxOf = (range: TlsVersionRange | undefined): TlsVersion => range?.max ?? DEFAULT_MAX;

/** TLS 1.0 or 1.1 may be used: insecure, and said so loudly. */
export const allowsOldTls = (range: TlsVersionRange | undefined) => rank(minOf(range)) < rank(DEFAULT_MIN);

/** "TLS 1.2 to 1.3", "TLS 1.2 only". */
export function rangeWords(range: TlsVersionRange | undefined): string {
	const min = minOf(range);
	const max = maxOf(range);
	return min === max ? `TLS ${min} only` : `TLS ${min} to ${max}`;
}

/**
 * Node's options for the range. OpenSSL 3's default security level (1) refuses TLS 1.0 and 1.1 outright, and the
 * SHA-1 signatures they need: level 0 is what lets them through, asked for only with them.
 */
export function versionOptions(range: TlsVersionRange | undefined): {minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string} {
	if (range === undefined) return {};
	return {
		...(range.min !== undefined && {minVersion: SECURE_VERSIONS[range.min]}),
		...(range.max !== undefined && {maxVersion: SECURE_VERSIONS[range.max]}),
		...(allowsOldTls(range) && {ciphers: 'DEFAULT:@SECLEVEL=0'}),
	};
}

/**
 * No version in common (the server's protocol_version alert, or its choice of one outside the range): which
 * versions were allowed, and which flag allows the others. The server does not say which it speaks.
 */
export function noCommonVersion(range: TlsVersionRange | undefined): string {
	const min = minOf(range);
	const older = range?.min === undefined ? 'if it speaks only TLS 1.0 or 1.1, --tls-min 1.0 allows them (insecure)' : `if it speaks only an older one, lower --tls-min (1.0 at the lowest; below 1.2 is insecure)`;
	const ways = [...(min !== '1.0' ? [older] : []), ...(maxOf(range) !== '1.3' ? ['if it speaks only a newer one, raise --tls-max (or leave it out)'] : [])];
	return `no TLS version in common: smtp-tui allowed ${rangeWords(range)}, and the server speaks none of them${ways.length > 0 ? `; ${ways.join('; ')}` : ''}`;
}
