// The TLS versions a handshake may use (--tls-min, --tls-max): Node's default is TLS 1.2 to 1.3. OpenSSL 3 refuses
// TLS 1.0 and 1.1 at its default security level, so that is lowered only when the user asked for one of them.
import type {SecureVersion} from 'node:tls';

export const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * The versions asked for, as typed: a bound left out is Node's default (1.2 at least, 1.3 at most), but for a
 * --tls-max below 1.2 alone, whose minimum is that version. Kept as typed so the wording names the flags given.
 */
export type TlsVersionRange = {min?: TlsVersion; max?: TlsVersion};

const DEFAULT_MIN: TlsVersion = '1.2';
const DEFAULT_MAX: TlsVersion = '1.3';

const SECURE_VERSIONS: Readonly<Record<TlsVersion, SecureVersion>> = {'1.0': 'TLSv1', '1.1': 'TLSv1.1', '1.2': 'TLSv1.2', '1.3': 'TLSv1.3'};

const rank = (version: TlsVersion) => TLS_VERSIONS.indexOf(version);

// --tls-max 1.1 alone would leave 1.2 to 1.1: its minimum is itself.
const minOf = (range: TlsVersionRange | undefined): TlsVersion =>
	range?.min ?? (range?.max !== undefined && rank(range.max) < rank(DEFAULT_MIN) ? range.max : DEFAULT_MIN);
const maxOf = (range: TlsVersionRange | undefined): TlsVersion => range?.max ?? DEFAULT_MAX;

/** TLS 1.0 or 1.1 may be used: insecure, and said so loudly. */
export const allowsOldTls = (range: TlsVersionRange | undefined) => rank(minOf(range)) < rank(DEFAULT_MIN);

/** Only TLS 1.0 or 1.1 may be used (a --tls-max below 1.2): what most servers of today refuse. */
export const allowsOnlyOldTls = (range: TlsVersionRange | undefined) => rank(maxOf(range)) < rank(DEFAULT_MIN);

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
		...((range.min !== undefined || allowsOldTls(range)) && {minVersion: SECURE_VERSIONS[minOf(range)]}),
		...(range.max !== undefined && {maxVersion: SECURE_VERSIONS[range.max]}),
		...(allowsOldTls(range) && {ciphers: 'DEFAULT:@SECLEVEL=0'}),
	};
}

/** OpenSSL's codes for a handshake with no version in common (the server's alert, or its choice outside the range). */
export const NO_COMMON_VERSION_CODES: ReadonlySet<string> = new Set(['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE']);

/** The flags as typed: "--tls-min 1.3", "--tls-max 1.1", "--tls-min 1.0 --tls-max 1.0". */
export function rangeFlags(range: TlsVersionRange | undefined): string {
	return [range?.min !== undefined && `--tls-min ${range.min}`, range?.max !== undefined && `--tls-max ${range.max}`].filter(Boolean).join(' ');
}

/** The flags that left out versions Node allows by default: a --tls-min above 1.2, a --tls-max below 1.3. */
export function narrowingFlags(range: TlsVersionRange | undefined): Array<'--tls-min' | '--tls-max'> {
	const min = range?.min !== undefined && rank(range.min) > rank(DEFAULT_MIN);
	const max = rank(maxOf(range)) < rank(DEFAULT_MAX);
	return [...(min ? ['--tls-min' as const] : []), ...(max ? ['--tls-max' as const] : [])];
}

/** "you allowed only TLS 1.3 (--tls-min 1.3)": the range and the flags that made it. */
export const allowedOnly = (range: TlsVersionRange | undefined) => `you allowed only ${rangeWords(range).replace(/ only$/, '')} (${rangeFlags(range)})`;

/** Which way to move each flag that left out versions: "lower --tls-min (or leave it out)". */
export const widenings = (range: TlsVersionRange | undefined) =>
	narrowingFlags(range)
		.map(flag => `${flag === '--tls-min' ? 'lower' : 'raise'} ${flag} (or leave it out)`)
		.join(', or ');

/** The user's own flags left out versions: then they are the thing to change, not the server. */
export const narrowedByUser = (range: TlsVersionRange | undefined) => narrowingFlags(range).length > 0;

/** The versions allowed, listed: "TLS 1.3", "TLS 1.0 or 1.1". */
export function versionsListed(range: TlsVersionRange | undefined): string {
	const versions = TLS_VERSIONS.slice(rank(minOf(range)), rank(maxOf(range)) + 1);
	return `TLS ${versions.length === 1 ? versions[0] : `${versions.slice(0, -1).join(', ')} or ${versions.at(-1)}`}`;
}

/**
 * No version in common (the server's protocol_version alert, or its choice of one outside the range): which
 * versions were allowed, and which flag allows the others. The server does not say which it speaks. When the
 * user's flags left out versions, those flags are the cause to name, never the server (nor TLS itself).
 */
export function noCommonVersion(range: TlsVersionRange | undefined): string {
	const min = minOf(range);
	const oldest = 'if it speaks only TLS 1.0 or 1.1, --tls-min 1.0 allows them (insecure)';
	const narrowed = narrowingFlags(range);
	if (narrowed.length > 0) {
		const older = min === DEFAULT_MIN ? `; ${oldest}` : '';
		return `no TLS version in common: the server offers none of ${versionsListed(range)}; ${allowedOnly(range)}: ${widenings(range)}${older}`;
	}
	const older = range?.min === undefined ? oldest : `if it speaks only an older one, lower --tls-min (1.0 at the lowest; below 1.2 is insecure)`;
	const ways = min !== '1.0' ? [older] : [];
	return `no TLS version in common: smtp-tui allowed ${rangeWords(range)}, and the server speaks none of them${ways.length > 0 ? `; ${ways.join('; ')}` : ''}`;
}
