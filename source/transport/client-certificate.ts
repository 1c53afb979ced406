// The certificate smtp-tui offers when a server asks for one (--cert, --key), and what a server's refusal of it means.
import {certificateDate} from './tls-info.js';

/** A client certificate read and checked (see headless/client-certificate-file.ts): PEM texts and what the user sees of it. */
export type ClientCertificate = {
	/** The certificate, and any chain after it (PEM). */
	cert: string;
	/** The private key (PEM), as read: never written anywhere. */
	key: string;
	/** Decrypts an encrypted key (from SMTP_KEY_PASSPHRASE). */
	passphrase?: string;
	/** The certificate's subject on one line, e.g. "CN=relay-client, O=Example". */
	subject: string;
	/** Its notAfter as OpenSSL gives it ("Mar  6 04:23:03 2029 GMT"). */
	validTo: string;
};

/**
 * The certificate's subject and expiry in a line, the date year first as a server certificate's:
 * "CN=client, O=Example (expires 2029-03-06 04:23:03 UTC)"; `compact`, the date alone, for the connection panel.
 */
export function describeClientCertificate(certificate: Pick<ClientCertificate, 'subject' | 'validTo'>, now = Date.now(), compact = false): string {
	return `${certificate.subject} (${expired(certificate, now) ? 'EXPIRED' : 'expires'} ${certificateDate(certificate.validTo, compact)})`;
}

export function expired(certificate: Pick<ClientCertificate, 'validTo'>, now = Date.now()): boolean {
	const end = Date.parse(certificate.validTo);
	return !Number.isNaN(end) && end < now;
}

/** The certificate as a session names it when a server refuses it: its subject, and its notAfter once that is past. */
export function offeredCertificate(certificate: Pick<ClientCertificate, 'subject' | 'validTo'>, now = Date.now()): {subject: string; expiredOn?: string} {
	return {subject: certificate.subject, ...(expired(certificate, now) && {expiredOn: certificateDate(certificate.validTo)})};
}

/** What a server's alert says about the client certificate it got, and what to do; by alert number (RFC 8446 §6.2). */
const REFUSALS: Readonly<Record<number, string>> = {
	42: 'it found the certificate bad (its signature, or a key usage not for clients): use a certificate made for client authentication (extendedKeyUsage clientAuth)',
	43: 'it does not take that kind of certificate (its key type or usage): ask its admin what it accepts',
	44: 'the certificate has been revoked: get a new one from its issuer',
	45: 'the certificate has expired (or is not valid yet): renew it',
	46: 'it could not check the certificate (an unknown issuer, or an incomplete chain): put the intermediate certificates after it in the --cert file, or use one from a CA the server trusts',
	48: 'it does not trust the CA that issued it: use a certificate from a CA the server trusts (ask its admin which), or have the server trust its issuer',
	116: 'it did not get the certificate (it asked for one from another CA?): check that the server trusts the issuer of the --cert certificate',
};

/** Words for an alert refusing the client certificate that was offered; undefined for an alert about something else. */
export function clientCertificateRefusal(alert: {number: number; description: string}): string | undefined {
	const why = REFUSALS[alert.number];
	return why === undefined ? undefined : `the server refused the client certificate (TLS alert ${alert.number}: ${alert.description}): ${why}`;
}

/** For a server that cut the connection off where it would judge the certificate: many refuse one without an alert. */
export const mayHaveRefused = (certificate: Pick<ClientCertificate, 'subject'>) =>
	`it may have refused the client certificate (${certificate.subject}): check that it trusts the certificate's issuer and that the certificate is valid`;
