// A handshake refused (an alert, or the connection closed) after the user's own --tls-min/--tls-max left out
// versions Node allows: those flags are then the likely cause, more than the server or TLS itself. Servers seldom
// say protocol_version for it: one that refuses TLS 1.0/1.1 may fail over the SHA-1/MD5 signatures the old versions
// bring (alert 80 internal error, 40 handshake failure, 71 insufficient security) or just close the connection.
import {allowedOnly, allowsOnlyOldTls, narrowingFlags, versionsListed, widenings, type TlsVersionRange} from './tls-versions.js';

/**
 * How the server broke off the handshake: an alert it sent (and whether its certificate came before), or the
 * connection closed (and whether a client certificate was offered: OpenSSL has let go of the server's by then).
 */
type Refusal = {alert: {number: number; description: string}; serverCertificateSeen: boolean} | {closed: true; clientCertificateOffered: boolean};

/** The alert a server without any of the versions allowed sends when it finds no cipher suite in common. */
const HANDSHAKE_FAILURE_ALERT = 40;

/**
 * Whether the user's flags are the likely cause. With only TLS 1.0/1.1 allowed, any alert or close. Otherwise (a
 * --tls-min 1.3, a --tls-max 1.2) only what a server that speaks none of those versions does: a handshake_failure
 * before its certificate (its cipher suites are not TLS 1.3's, say), or a close. An alert 40 after its certificate,
 * or a close after a client certificate was offered, is more likely about a client certificate.
 */
function blamesVersions(range: TlsVersionRange | undefined, refusal: Refusal): boolean {
	if (narrowingFlags(range).length === 0) return false;
	if (allowsOnlyOldTls(range)) return true;
	if ('closed' in refusal) return !refusal.clientCertificateOffered;
	return !refusal.serverCertificateSeen && refusal.alert.number === HANDSHAKE_FAILURE_ALERT;
}

/**
 * Words naming the user's flags first, and which way to move them; undefined when those flags are not the likely
 * cause (the caller words the failure as it would without them). Never a plain-text way: the flags are the fix.
 */
export function versionRefusal(range: TlsVersionRange | undefined, refusal: Refusal): string | undefined {
	if (!blamesVersions(range, refusal)) return undefined;
	const what = 'closed' in refusal ? 'closed the connection during the handshake' : `refused the handshake (TLS alert ${refusal.alert.number}: ${refusal.alert.description})`;
	const why = allowsOnlyOldTls(range)
		? 'most servers now refuse TLS 1.0 and 1.1, or the weak signatures (SHA-1, MD5) they need'
		: `a server that offers none of ${versionsListed(range)} may answer so`;
	return `${allowedOnly(range)}, which is most likely why the server ${what}: ${why}; ${widenings(range)}`;
}
