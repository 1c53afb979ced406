// What the UI and transcript show about a TLS session, and certificate verification results in plain words.
import type {PeerCertificate, TLSSocket} from 'node:tls';
import type {TlsInfo} from '../session/types.js';

export const nameMismatchCode = 'ERR_TLS_CERT_ALTNAME_INVALID';

// With rejectUnauthorized off, Node reports only OpenSSL's code; these are OpenSSL's own texts for the
// codes a mail server realistically causes, so both paths (refused and --insecure) read the same.
const reasons: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
	SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
	UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
	CERT_UNTRUSTED: 'certificate not trusted',
	CERT_HAS_EXPIRED: 'certificate has expired',
	CERT_NOT_YET_VALID: 'certificate is not yet valid',
	CERT_REVOKED: 'certificate revoked',
	CERT_SIGNATURE_FAILURE: 'certificate signature failure',
	INVALID_PURPOSE: 'unsupported certificate purpose',
	HOSTNAME_MISMATCH: 'hostname mismatch',
};

// Codes where the chain does not lead to a trusted CA: trusting the right CA fixes them.
const untrustedChain = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'CERT_UNTRUSTED',
]);

/** Plain words for a verification failure code; `nameMismatch` is the text for a wrong host name. */
export function verifyReason(code: string, nameMismatch?: string): string {
	if (code === nameMismatchCode && nameMismatch) return nameMismatch;
	return reasons[code] ?? code.toLowerCase().replaceAll('_', ' ');
}

/** What the user can do about a verification failure. */
export function verifyHint(code: string): string {
	if (untrustedChain.has(code)) return 'use --ca FILE to trust it, or --insecure to skip verification';
	if (code === nameMismatchCode || code === 'HOSTNAME_MISMATCH') {
		return 'connect by a name the certificate lists, or use --insecure to skip verification';
	}
	return 'use --insecure to skip verification';
}

/** Why a certificate does not match the name we asked for, listing what it does name. */
export function describeNameMismatch(name: string, cert: PeerCertificate): string {
	const names = cert.subjectaltname ?? (cert.subject?.CN ? `CN=${String(cert.subject.CN)}` : 'no names');
	return `the certificate is not valid for ${name} (it names ${names})`;
}

function formatName(name: PeerCertificate['subject'] | undefined): string {
	if (!name) return '';
	return Object.entries(name)
		.map(([key, value]) => `${key}=${[value].flat().join('+')}`)
		.join(', ');
}

export function tlsInfoOf(socket: TLSSocket, insecure: boolean, nameMismatch?: string): TlsInfo {
	const cert = socket.getPeerCertificate();
	// Node types this as Error, but it is the verification code string (or null) at run time.
	const code = socket.authorizationError ? String(socket.authorizationError) : undefined;
	return {
		protocol: socket.getProtocol() ?? '',
		cipher: socket.getCipher().name,
		subject: formatName(cert.subject),
		issuer: formatName(cert.issuer),
		validFrom: cert.valid_from ?? '',
		validTo: cert.valid_to ?? '',
		fingerprint256: cert.fingerprint256 ?? '',
		altNames: cert.subjectaltname,
		authorized: socket.authorized,
		authorizationError: socket.authorized || !code ? undefined : verifyReason(code, nameMismatch),
		insecure,
	};
}
