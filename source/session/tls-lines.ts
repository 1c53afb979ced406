// How a TLS session is described in the log: what was negotiated, whose certificate, and loudly whether it verified.
import type {NewLogEntry} from './log.js';
import type {TlsInfo} from './types.js';
import {chainExpiryText, describeCertificate} from '../transport/tls-info.js';
import {rangeFlags, type TlsVersionRange} from '../transport/tls-versions.js';

const OLD_PROTOCOLS = new Set(['TLSv1', 'TLSv1.1']);

/** `versions`: the range the flags allowed, named beside an old protocol (in a replay, as the recording kept it). */
export function describeTls(info: TlsInfo, versions?: TlsVersionRange): NewLogEntry[] {
	const flags = versions === undefined ? '' : ` (${rangeFlags(versions)})`;
	const lines: NewLogEntry[] = [
		{kind: 'info', text: `TLS started: ${info.protocol}, ${info.cipher}`, tls: true},
		// Only with --tls-min 1.0 or 1.1 (or a --tls-max of them): said again where the session is, as the warning before connecting may be far up.
		...(OLD_PROTOCOLS.has(info.protocol) ? [{kind: 'error', text: `this session uses ${info.protocol}, which is insecure${flags}: do not send real passwords or mail over it`, tls: true} as const] : []),
		{kind: 'info', text: describeCertificate(info), tls: true},
		...(info.chainExpiry ? [{kind: 'info', text: `certificate chain: ${chainExpiryText(info.chainExpiry)}`, tls: true} as const] : []),
		{kind: 'info', text: `certificate SHA-256: ${info.fingerprint256}`, tls: true},
	];
	// With --insecure the certificate is still checked, so a verified one says so rather than leaving
	// "verification is OFF" standing beside "verified" as if they disagreed.
	if (info.dane?.match) lines.push({kind: 'info', text: `DANE: ${info.dane.host} authenticated by ${info.dane.match}`, tls: true});
	else if (info.dane) {
		// What the CAs would say is told, but it decides nothing: a DANE sender takes this TLS either way.
		const cas = info.authorized ? 'the CAs would verify it' : `the CAs would not verify it: ${info.authorizationError ?? 'not trusted'}`;
		lines.push({kind: 'info', text: `DANE: certificate not authenticated (${info.dane.host} publishes only unusable TLSA records), as DANE senders take it; ${cas}`, tls: true});
	}
	else if (info.authorized) lines.push({kind: 'info', text: info.insecure ? 'certificate verified: --insecure was not needed' : 'certificate verified', tls: true});
	else {
		const why = info.authorizationError ?? 'not trusted';
		lines.push({
			kind: 'error',
			text: info.insecure ? `certificate NOT verified (${why}); continuing because of --insecure` : `certificate NOT verified: ${why}`,
			tls: true,
		});
	}
	return lines;
}
