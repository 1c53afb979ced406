// What the UI and transcript show about a TLS session, and certificate verification results in plain words.
import {X509Certificate} from 'node:crypto';
import type {PeerCertificate, TLSSocket} from 'node:tls';
import type {TlsInfo, VerifyProblem} from '../session/types.js';

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

/** What is wrong, as far as the user can act on it. */
export function verifyProblem(code: string): VerifyProblem {
	if (untrustedChain.has(code)) return 'untrusted';
	return code === nameMismatchCode || code === 'HOSTNAME_MISMATCH' ? 'name' : 'certificate';
}

/** OpenSSL's code for a certificate that came alone and whose issuer is not trusted: the chain stopped at the leaf. */
export const leafOnlyCode = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';

/**
 * What is wrong when the server sent its certificate alone and its issuer (`issuer`, "CN=…") is not a trusted CA, and
 * what to do. Servers never send a root, so the issuer is either a private CA (a small host's own: trust it with --ca)
 * or an intermediate the server forgot to send: that order, since the first is the more common on small servers.
 * `givenCa` as for verifyHint: the CA given with --ca, which then did not issue it either.
 */
export function missingIssuerText(issuer: string, givenCa?: string): string {
	const name = issuer || 'that issuer';
	const trusted = givenCa === undefined ? 'no CA smtp-tui trusts' : `no CA smtp-tui trusts, the one given with --ca${givenCa ? ` (${givenCa})` : ''} included,`;
	const ownCa = givenCa === undefined ? `use --ca FILE with its certificate` : `--ca names the wrong CA: give --ca ${name}'s certificate instead`;
	const under = givenCa === undefined ? '' : ' under the one given';
	const meanwhile = givenCa === undefined ? `--ca FILE with ${name} and the root above it verifies` : `a --ca file that also holds ${name} verifies`;
	return (
		`${trusted} issued it (its issuer is ${issuer || 'unnamed'}): if ${name} is your own or a private CA, ${ownCa}; ` +
		`if it is an intermediate CA${under}, the server's chain is incomplete: it sent its certificate without the certificate of its issuer, and should send that too (meanwhile ${meanwhile})`
	);
}

/**
 * A verification failure (verifyReason's words) short enough for a table cell, which has no room for the hint:
 * OpenSSL's "unable to verify the first certificate" says nothing of what is wrong.
 */
export function shortVerifyReason(reason: string, issuer?: string): string {
	if (reason !== verifyReason(leafOnlyCode)) return reason;
	return issuer ? `untrusted issuer ${issuer}` : 'untrusted issuer';
}

/**
 * What the user can do about a verification failure. `givenCa`: the CA certificates given with --ca, named;
 * a chain that does not reach them is then not fixed by "use --ca". `issuer`: who issued the refused certificate,
 * named when its issuer's certificate is missing (an incomplete chain).
 */
export function verifyHint(code: string, givenCa?: string, issuer?: string): string {
	if (code === leafOnlyCode && issuer !== undefined) return `${missingIssuerText(issuer, givenCa)}; or use --insecure to skip verification`;
	// --ca holds the certificate's issuer, an intermediate: OpenSSL then wants the root above it too.
	if (code === 'UNABLE_TO_GET_ISSUER_CERT' && givenCa && issuer && givenCa.split('; ').includes(issuer)) {
		return `the CA given with --ca (${issuer}) did issue it, but is not a root CA: give --ca a file that also holds the CA above ${issuer} (its root), or use --insecure to skip verification`;
	}
	switch (verifyProblem(code)) {
		case 'untrusted':
			return givenCa === undefined
				? 'use --ca FILE to trust it, or --insecure to skip verification'
				: `the CA given with --ca${givenCa ? ` (${givenCa})` : ''} does not vouch for it: give --ca the CA that issued it, or use --insecure to skip verification`;
		case 'name':
			return 'connect by a name the certificate lists, or use --insecure to skip verification';
		default:
			return 'use --insecure to skip verification';
	}
}

/** The subjects of the CA certificates in PEM text, for a hint ("CN=Corp CA"); a count for a whole bundle; "" when none can be read. */
export function caSubjects(pem: ReadonlyArray<string | Buffer>): string {
	const blocks = pem.flatMap(text => String(text).match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []);
	if (blocks.length > 3) return `${blocks.length} certificates`;
	return blocks
		.flatMap(block => {
			try {
				return [new X509Certificate(block).subject.replaceAll('\n', ', ')];
			} catch {
				return [];
			}
		})
		.join('; ');
}

/** Why a certificate does not match the name we asked for, listing what it does name. */
export function describeNameMismatch(name: string, cert: PeerCertificate): string {
	const names = cert.subjectaltname ?? (cert.subject?.CN ? `CN=${String(cert.subject.CN)}` : 'no names');
	return `the certificate is not valid for ${name} (it names ${names})`;
}

/** Whose certificate it is, who issued it and until when, as the transcript shows every TLS session. */
export function describeCertificate(info: Pick<TlsInfo, 'subject' | 'issuer' | 'validTo'>, now = Date.now()): string {
	return `certificate: ${info.subject}, ${issuerText(info)}, ${validityText(info.validTo, now)}`;
}

/** "issued by …", or "self-signed" when it names itself as its issuer. */
export function issuerText(info: Pick<TlsInfo, 'subject' | 'issuer'>): string {
	return info.issuer && info.issuer === info.subject ? 'self-signed' : `issued by ${info.issuer}`;
}

/** "valid until …", or "expired …" for a date gone by: a certificate that ran out does not "expire" any more. */
export function validityText(validTo: string, now = Date.now(), options: {compact?: boolean} = {}): string {
	const until = Date.parse(validTo);
	// Compact, for a narrow panel: "2029-03-07" keeps the year, where OpenSSL's "Mar  7 03:58:54 2029 GMT" cut short
	// at "Mar 7" reads like a date a few months away.
	const shown = options.compact && Number.isFinite(until) ? new Date(until).toISOString().slice(0, 10) : validTo;
	return Number.isFinite(until) && until < now ? `expired ${shown}` : `valid until ${shown}`;
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
		// OpenSSL pads the day ("Mar  6 20:21:20 2029 GMT"): one space reads better in a sentence.
		validTo: (cert.valid_to ?? '').replace(/ {2,}/g, ' '),
		fingerprint256: cert.fingerprint256 ?? '',
		altNames: cert.subjectaltname,
		authorized: socket.authorized,
		authorizationError: socket.authorized || !code ? undefined : verifyReason(code, nameMismatch),
		...(!socket.authorized && code && {problem: verifyProblem(code)}),
		insecure,
	};
}
