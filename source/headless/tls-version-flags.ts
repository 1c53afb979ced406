// --tls-min and --tls-max (send, check, the dashboard): TLS versions as people write them, checked.
import {TLS_VERSIONS, type TlsVersion, type TlsVersionRange} from '../transport/tls-versions.js';
import {UsageError} from './command.js';

/** `1.2`, `1`, `TLSv1.2`, `tlsv1_2` (swaks' spelling), `TLS 1.2`: the version, or undefined for anything else. */
function versionOf(text: string): TlsVersion | undefined {
	const bare = text.trim().toLowerCase().replace(/^tls\s*v?/, '').replace('_', '.');
	const version = bare === '1' ? '1.0' : bare;
	return (TLS_VERSIONS as readonly string[]).includes(version) ? (version as TlsVersion) : undefined;
}

function parseVersion(value: unknown, flag: string): TlsVersion | undefined {
	if (value === undefined) return undefined;
	const text = String(value);
	const version = versionOf(text);
	if (version !== undefined) return version;
	if (/^\s*ssl/i.test(text)) throw new UsageError(`${flag} ${text}: SSL is not supported (Node's OpenSSL has no SSL 2 or 3)`, `the oldest version here is TLS 1.0: ${flag} 1.0`);
	throw new UsageError(`${flag} must be ${TLS_VERSIONS.slice(0, -1).join(', ')} or ${TLS_VERSIONS.at(-1)}, not "${text}"`, `e.g. ${flag} 1.2`);
}

/** The range asked for, checked; undefined when neither flag is given. */
export function parseTlsVersions(flags: Record<string, unknown>): TlsVersionRange | undefined {
	const min = parseVersion(flags.tlsMin, '--tls-min');
	const max = parseVersion(flags.tlsMax, '--tls-max');
	if (min === undefined && max === undefined) return undefined;
	if (min !== undefined && max !== undefined && TLS_VERSIONS.indexOf(min) > TLS_VERSIONS.indexOf(max)) {
		throw new UsageError(`--tls-min ${min} is newer than --tls-max ${max}: no version is left`, `give --tls-min ${max}, or --tls-max ${min}; the same version in both allows that one only`);
	}
	// Kept as typed (a --tls-max 1.1 alone too, whose minimum minOf makes 1.1), so the wording names the flags given.
	return {...(min !== undefined && {min}), ...(max !== undefined && {max})};
}
