// What the UI and transcript show about a TLS session, and certificate verification results in plain words.
import {X509Certificate} from 'node:crypto';
import type {DetailedPeerCertificate, PeerCertificate, TLSSocket} from 'node:tls';
import {isHostName} from './host-port.js';
import {isLoopback} from './loopback.js';
import {closeToExpiry, DAY_MS} from './certificate-expiry.js';

/** A TLS session as the connection reports it (the snapshot, the transcript and `check` show it). */
export type TlsInfo = {
	protocol: string;
	cipher: string;
	subject: string;
	issuer: string;
	validFrom: string;
	validTo: string;
	/** SHA-256 fingerprint, colon-separated hex. */
	fingerprint256: string;
	/** Subject alternative names as reported by Node, e.g. "DNS:localhost, IP Address:127.0.0.1". */
	altNames?: string;
	authorized: boolean;
	/** Why verification failed, e.g. "self-signed certificate"; absent when authorized. */
	authorizationError?: string;
	/** The same as the user can act on it (absent when authorized): no chain to a trusted CA, a name it does not list, or the certificate itself. */
	problem?: VerifyProblem;
	/** True when verification was skipped on purpose (--insecure). */
	insecure: boolean;
	/** A CA certificate of the chain that expires before this one: the first of them to expire. */
	chainExpiry?: ChainExpiry;
	/**
	 * Judged by TLSA instead of the CAs (send --dane): the host, and the record that matched, in words: "TLSA 3 1 1
	 * (the certificate's public key)"; no match: the host has only unusable records, and TLS went unauthenticated.
	 */
	dane?: {host: string; match?: string};
};

/** A certificate above the server's own in its chain (an intermediate, or the root) and when it expires. */
export type ChainExpiry = {subject: string; validTo: string; root: boolean};

/** Why a certificate did not verify, as the user can act on it: no chain to a trusted CA, a name it does not list, or the certificate itself. */
export type VerifyProblem = 'untrusted' | 'name' | 'certificate';

const nameMismatchCode = 'ERR_TLS_CERT_ALTNAME_INVALID';

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
	CA_MD_TOO_WEAK: 'CA signature digest algorithm too weak',
	EE_KEY_TOO_SMALL: 'EE certificate key too weak',
	CA_KEY_TOO_SMALL: 'CA certificate key too weak',
};

// Node names only some of OpenSSL's codes and reports the others as UNSPECIFIED (a SHA-1 signature among them):
// OpenSSL's text, which Node keeps on the socket's handle, says which one it was.
const unnamedCodes = new Map(['CA_MD_TOO_WEAK', 'EE_KEY_TOO_SMALL', 'CA_KEY_TOO_SMALL'].map(code => [reasons[code]!, code]));

/**
 * OpenSSL's verification code for the socket's certificate (or Node's host name code), undefined when it verified;
 * `text`, OpenSSL's words, when Node had no name for the code.
 */
function verifyFailure(socket: TLSSocket): {code: string; text?: string} | undefined {
	// Node types authorizationError as Error; at run time it is the code string (or null).
	const code = socket.authorizationError ? String(socket.authorizationError) : undefined;
	if (code !== 'UNSPECIFIED') return code === undefined ? undefined : {code};
	// Not public API: without it the reason would be "unspecified", which tells nobody anything.
	const handle = (socket as unknown as {_handle?: {verifyError?: () => Error | undefined}})._handle;
	let text: string | undefined;
	try {
		text = handle?.verifyError?.()?.message;
	} catch {
		text = undefined;
	}
	if (!text) return {code};
	return {code: unnamedCodes.get(text) ?? code, text};
}

// Codes where the chain does not lead to a trusted CA: trusting the right CA fixes them.
const untrustedChain = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'CERT_UNTRUSTED',
]);

/**
 * Plain words for a verification failure code; `nameMismatch` is the text for a wrong host name, `text` OpenSSL's
 * words for a code Node did not name (verifyFailure's). A certificate not valid yet says from when.
 */
export function verifyReason(code: string, nameMismatch?: string, details: {text?: string; validFrom?: string} = {}): string {
	if (code === nameMismatchCode && nameMismatch) return nameMismatch;
	// OpenSSL names the first certificate at fault: the date is the server's own only when that one is the one not valid yet.
	if (code === 'CERT_NOT_YET_VALID' && details.validFrom && Date.parse(details.validFrom) > Date.now()) return `${reasons[code]} (not valid before ${certificateDate(details.validFrom)})`;
	return reasons[code] ?? details.text ?? code.toLowerCase().replaceAll('_', ' ');
}

/** The reason, and a wrong host name too when that was not the reason already: --insecure users want to know both. */
export function verifyReasons(reason: string, nameMismatch: string | undefined): string {
	return nameMismatch && reason !== nameMismatch ? `${reason}; also, ${nameMismatch}` : reason;
}

/** What is wrong, as far as the user can act on it. */
function verifyProblem(code: string): VerifyProblem {
	if (untrustedChain.has(code)) return 'untrusted';
	return code === nameMismatchCode || code === 'HOSTNAME_MISMATCH' ? 'name' : 'certificate';
}

/** OpenSSL's code for a certificate that came alone and whose issuer is not trusted: the chain stopped at the leaf. */
export const leafOnlyCode = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';

/** A certificate's name in a sentence: quoted, since a name holds commas ("CN=QA Root CA, O=QA"). */
const quoted = (name: string) => `"${name}"`;

/**
 * A certificate's date as every screen shows it, year first: "2029-03-06 20:21:20 UTC" (the connection panel's
 * narrow "2029-03-06" is its start), not OpenSSL's "Mar  6 20:21:20 2029 GMT" in the log and ISO in the panel. One
 * that does not parse is shown as it came, with one space where OpenSSL pads the day.
 */
export function certificateDate(date: string, compact = false): string {
	const time = Date.parse(date);
	if (!Number.isFinite(time)) return date.replace(/ {2,}/g, ' ');
	const iso = new Date(time).toISOString();
	return compact ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * What is wrong when the server sent its certificate alone and its issuer (`issuer`, "CN=…") is not a trusted CA, and
 * what to do. Servers never send a root, so the issuer is either a private CA (a small host's own: trust it with --ca)
 * or an intermediate the server forgot to send: that order, since the first is the more common on small servers.
 * `givenCa` as for verifyHint: the CA given with --ca, which then did not issue it either.
 */
export function missingIssuerText(issuer: string, givenCa?: string): string {
	const name = issuer ? quoted(issuer) : 'that issuer';
	const trusted = givenCa === undefined ? 'no CA smtp-tui trusts' : `no CA smtp-tui trusts, the one given with --ca${givenCa ? ` (${givenCa})` : ''} included,`;
	const ownCa = givenCa === undefined ? `use --ca FILE with its certificate` : `--ca names the wrong CA: give --ca the certificate of ${name} instead`;
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
	const leafOnly = verifyReason(leafOnlyCode);
	// A wrong host name may follow it (verifyReasons): kept.
	if (!reason.startsWith(leafOnly)) return reason;
	return `${issuer ? `untrusted issuer ${issuer}` : 'untrusted issuer'}${reason.slice(leafOnly.length)}`;
}

/** The top of the chain the server sent, when it sent more than its own certificate. */
type ChainEnd = {subject: string; issuer: string; selfSigned: boolean};

/** What verifyHint knows of the refused certificate. */
type HintDetails = {
	/** Who issued it ("CN=…"): named when its issuer's certificate is missing (an incomplete chain). */
	issuer?: string;
	validFrom?: string;
	validTo?: string;
	chainEnd?: ChainEnd;
	/** The --ca file holds this very certificate: the server's own, not a CA's. */
	givenLeaf?: boolean;
	/** It does not list the host name connected by either (or only that): the hint then names that fix too. */
	wrongName?: WrongName;
};

/**
 * A certificate that does not list the name connected by; `listed`: one it does list, to connect by instead.
 * `socket`: the connection is to a Unix socket, whose path no certificate lists: no other name to connect by.
 */
export type WrongName = {listed?: string; socket?: boolean};

/** localhost and its subdomains (RFC 6761): names only this machine answers to. */
const localName = (name: string) => isLoopback(name) || name.toLowerCase().endsWith('.localhost');

/**
 * A name the certificate lists that a client can connect by, for "e.g. --host localhost": its first DNS name that is
 * a host name (not a wildcard), or its CN when it has no alternative names (Node then checks the CN); undefined when none. For a
 * `host` that is not loopback (a workshop's server across the room), a name that is not this machine's own, or none:
 * "--host localhost" would reach the student's own machine.
 */
export function listedHostName(cert: PeerCertificate, host = 'localhost'): string | undefined {
	if (cert.subjectaltname !== undefined) {
		const names = cert.subjectaltname
			.split(', ')
			.filter(entry => entry.startsWith('DNS:'))
			.map(entry => entry.slice('DNS:'.length))
			// A wildcard, or a name no host has (Node writes one with a control character in quotes, escaped), is no
			// name to type: a hostile certificate's would be offered as --host "a\u001b[31m.example".
			.filter(dns => isHostName(dns));
		// Only this machine's own names: none that reaches that server to offer.
		return isLoopback(host) ? names[0] : names.find(dns => !localName(dns));
	}
	const cn = cert.subject?.CN;
	return typeof cn === 'string' && isHostName(cn) ? cn : undefined;
}

/** Over a Unix socket: why no name fix helps there (--host would leave the socket for TCP). */
export const SOCKET_NO_NAME = 'a Unix socket has no host name to check the certificate against, so verification fails there whatever the certificate lists';

/** The name fix in `send`'s words; the dashboard's inPanelWords puts "--host" in the panel's words. */
const nameFix = (wrongName: WrongName) => (wrongName.socket ? SOCKET_NO_NAME : `connect by a name the certificate lists${wrongName.listed ? ` (e.g. --host ${wrongName.listed})` : ''}`);

/**
 * `hint` (for a first problem that is not the name) with the name's fix added before its "or --insecure …", which
 * would skip both: with one fix only, the next attempt is refused again, for the other.
 */
function withNameFix(hint: string, wrongName: WrongName): string {
	const at = hint.search(/[,;] or (?:use )?--insecure\b/);
	if (at <= 0) return hint;
	return `${hint.slice(0, at)}; also ${nameFix(wrongName)}; ${hint.slice(at + 2)}`;
}

/**
 * What fixes a certificate that is itself at fault (not its chain to a CA, nor its names), or undefined for other codes.
 * OpenSSL reports the first certificate of the chain at fault: the server's own, or a CA's above it when that one is fine.
 */
function certificateFix(code: string, details: Pick<HintDetails, 'validFrom' | 'validTo'>, now: number): string | undefined {
	const validFrom = details.validFrom === undefined ? Number.NaN : Date.parse(details.validFrom);
	const validTo = details.validTo === undefined ? Number.NaN : Date.parse(details.validTo);
	switch (code) {
		case 'CERT_HAS_EXPIRED':
			if (validTo > now) return `a CA certificate in the chain the server sent has expired (its own is valid until ${certificateDate(details.validTo!)}): the server must send the current certificate of its CA`;
			return `the server's certificate expired${details.validTo ? ` on ${certificateDate(details.validTo)}` : ''}: it must be renewed on the server`;
		case 'CERT_NOT_YET_VALID':
			if (validFrom <= now) return 'a CA certificate in the chain the server sent is not valid yet: check the clock of this machine; if it is right, the server must send a current chain';
			// A clock behind here, or one ahead where the certificate was made: either makes a certificate "from the future".
			return 'the clock of this machine or of the server may be wrong; check both';
		case 'CA_MD_TOO_WEAK':
			return 'it (or a CA certificate above it) is signed with a digest too weak to trust (SHA-1 or MD5): the certificate must be re-issued with a modern signature, e.g. SHA-256';
		case 'EE_KEY_TOO_SMALL':
			return 'its key is too small to trust: the certificate must be re-issued with a bigger key (RSA of 2048 bits or more, or EC)';
		case 'CA_KEY_TOO_SMALL':
			return "the key of a CA in its chain is too small to trust: the CA must be replaced by one with a bigger key (RSA of 2048 bits or more, or EC), and the server's certificate re-issued by it";
		case 'CERT_SIGNATURE_FAILURE':
			return "its signature does not match its issuer's key (a damaged certificate, or a different CA of the same name): it must be re-issued or replaced on the server";
		default:
			return undefined;
	}
}

/**
 * What fixes a certificate that is at fault itself, from its reason in verifyReason's words (what `check` keeps,
 * without the dates): undefined for other reasons.
 */
export function certificateFixFor(reason: string, now = Date.now()): string | undefined {
	const code = Object.keys(reasons).find(key => reason === reasons[key] || reason.startsWith(`${reasons[key]} (`) || reason.startsWith(`${reasons[key]};`));
	return code === undefined ? undefined : certificateFix(code, {}, now);
}

/**
 * What fixes a refused certificate, as far as the client can: decided once, by trustRemedy, and carried with the
 * refusal, so that `send`'s hint and the dashboard's log, footer and next line give the same advice in their words.
 */
export type TrustRemedy =
	/** The CA file holds the server's own certificate, which does not vouch for itself: its CA's is wanted. */
	| 'own-certificate'
	/** It came without its issuer's certificate: a private CA to trust, or an intermediate the server should send. */
	| 'missing-issuer'
	/** The CA file holds the issuing CA, an intermediate, but not the root above it. */
	| 'ca-not-root'
	/** No CA smtp-tui trusts issued it: a CA file with its CA. */
	| 'add-ca'
	/** The CA file given did not issue it: another one. */
	| 'other-ca'
	/** It is valid, for other names: connect by one of them. */
	| 'name'
	/** Not valid yet: a clock, here or where it was made, may be what is wrong. */
	| 'clock'
	/** The certificate itself is at fault (expired, weak): only the server can fix it. */
	| 'server';

/** What fixes a verification failure of `code`; `givenCa` and `details` as for verifyHint. */
export function trustRemedy(code: string, givenCa?: string, details: Pick<HintDetails, 'issuer' | 'givenLeaf'> = {}): TrustRemedy {
	const problem = verifyProblem(code);
	// OpenSSL does not take a server's certificate as a CA (unless it is self-signed).
	if (details.givenLeaf && problem === 'untrusted') return 'own-certificate';
	if (code === leafOnlyCode && details.issuer !== undefined) return 'missing-issuer';
	// --ca holds the certificate's issuer, an intermediate: OpenSSL then wants the root above it too.
	if (code === 'UNABLE_TO_GET_ISSUER_CERT' && givenCa && details.issuer && givenCa.split('; ').includes(details.issuer)) return 'ca-not-root';
	if (code === 'CERT_NOT_YET_VALID') return 'clock';
	if (problem === 'untrusted') return givenCa === undefined ? 'add-ca' : 'other-ca';
	return problem === 'name' ? 'name' : 'server';
}

/**
 * What the user can do about a verification failure, in `send`'s words (its flags). `givenCa`: the CA certificates
 * given with --ca, named; a chain that does not reach them is then not fixed by "use --ca".
 */
export function verifyHint(code: string, givenCa?: string, details: HintDetails = {}, now = Date.now()): string {
	const hint = firstProblemHint(code, givenCa, details, now);
	return details.wrongName && trustRemedy(code, givenCa, details) !== 'name' ? withNameFix(hint, details.wrongName) : hint;
}

/** verifyHint for the first problem OpenSSL reports (or the name, when that is the only one). */
function firstProblemHint(code: string, givenCa: string | undefined, details: HintDetails, now: number): string {
	const {issuer, chainEnd: end} = details;
	const skip = 'or use --insecure to skip verification';
	const named = givenCa ? ` (${givenCa})` : '';
	switch (trustRemedy(code, givenCa, details)) {
		case 'own-certificate': {
			// Above an intermediate the server sent, its root is what a --ca file must hold: naming the issuer (the
			// intermediate) would only lead to "not a root CA".
			const root = end && !end.selfSigned && issuer && end.subject === issuer ? ` (${quoted(end.issuer)}, the root above ${quoted(issuer)}, which the server sent)` : issuer ? ` (${quoted(issuer)})` : '';
			return `the file given with --ca holds the server's own certificate, and a certificate that is not self-signed does not vouch for itself: give --ca the certificate of the CA that issued it${root}, ${skip}`;
		}
		case 'missing-issuer':
			return `${missingIssuerText(issuer!, givenCa)}; ${skip}`;
		case 'ca-not-root':
			return `the CA given with --ca (${issuer}) did issue it, but is not a root CA: give --ca a file that also holds the CA above ${quoted(issuer!)} (its root), ${skip}`;
		case 'add-ca':
		case 'other-ca': {
			// The server sent a chain: the CA to trust is the one at its top, which OpenSSL's words do not name.
			if (end && (code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' || code === 'SELF_SIGNED_CERT_IN_CHAIN')) {
				const ca = end.selfSigned ? end.subject : end.issuer;
				const sent = end.selfSigned ? `the chain the server sent ends at the self-signed ${quoted(end.subject)}` : `the chain the server sent ends at ${quoted(end.subject)}, issued by ${quoted(end.issuer)}`;
				return givenCa === undefined
					? `${sent}, a CA smtp-tui does not trust: if ${quoted(ca)} is your own or a private CA, use --ca FILE with its certificate; ${skip}`
					: `${sent}; the CA given with --ca${named} does not vouch for it: give --ca the certificate of ${quoted(ca)}, ${skip}`;
			}
			return givenCa === undefined ? 'use --ca FILE to trust it, or --insecure to skip verification' : `the CA given with --ca${named} does not vouch for it: give --ca the CA that issued it, ${skip}`;
		}
		case 'name':
			return details.wrongName?.socket ? `${SOCKET_NO_NAME}: use --insecure to skip verification (TLS still encrypts)` : `${nameFix(details.wrongName ?? {})}, ${skip}`;
		default: {
			const fix = certificateFix(code, details, now);
			return fix ? `${fix}; or use --insecure to test anyway` : 'use --insecure to skip verification';
		}
	}
}

/** The certificate blocks of PEM text. */
const pemBlocks = (pem: ReadonlyArray<string | Buffer>) => pem.flatMap(text => String(text).match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []);

/** The certificates in PEM text, those that can be read. */
function certificatesIn(pem: ReadonlyArray<string | Buffer>): X509Certificate[] {
	return pemBlocks(pem).flatMap(block => {
		try {
			return [new X509Certificate(block)];
		} catch {
			return [];
		}
	});
}

/** The subjects of the CA certificates in PEM text, for a hint ("CN=Corp CA"); a count for a whole bundle; "" when none can be read. */
export function caSubjects(pem: ReadonlyArray<string | Buffer>): string {
	const blocks = pemBlocks(pem);
	if (blocks.length > 3) return `${blocks.length} certificates`;
	return certificatesIn(blocks)
		.map(certificate => certificate.subject.replaceAll('\n', ', '))
		.join('; ');
}

/** Whether PEM text (the --ca file) holds the certificate of this SHA-256 fingerprint. */
export function holdsCertificate(pem: ReadonlyArray<string | Buffer>, fingerprint256: string): boolean {
	return fingerprint256 !== '' && certificatesIn(pem).some(certificate => certificate.fingerprint256 === fingerprint256);
}

/** The top of the chain the server sent, from Node's linked certificates; undefined when it sent its own alone. */
export function chainEnd(leaf: DetailedPeerCertificate): ChainEnd | undefined {
	let top = leaf;
	const seen = new Set([leaf.fingerprint256]);
	// A root's issuerCertificate is itself.
	while (top.issuerCertificate && !seen.has(top.issuerCertificate.fingerprint256)) {
		top = top.issuerCertificate;
		seen.add(top.fingerprint256);
	}
	if (top === leaf) return undefined;
	const subject = formatName(top.subject);
	const issuer = formatName(top.issuer);
	return {subject, issuer, selfSigned: subject === issuer};
}

/**
 * The chain as Node links it, each certificate's DER, the server's own first: those the server sent, and the root
 * CA from the trust store when the server left it out (Node adds it; nothing tells the two apart).
 */
export function presentedChain(leaf: DetailedPeerCertificate): Buffer[] {
	const chain: Buffer[] = [];
	const seen = new Set<string>();
	for (let at: DetailedPeerCertificate | undefined = leaf; at?.raw && !seen.has(at.fingerprint256); at = at.issuerCertificate) {
		seen.add(at.fingerprint256);
		chain.push(at.raw);
	}
	return chain;
}

/**
 * The CA certificate of the chain (as Node links it: those the server sent, then the trusted root) that expires first,
 * when that is a day or more before the server's own: the chain stops verifying then, whatever the server's own date
 * says. (A CA made with its certificate, as a test's or a lab's, ends moments before it: no news.)
 */
export function earliestInChain(leaf: DetailedPeerCertificate): ChainExpiry | undefined {
	const end = (certificate: PeerCertificate) => Date.parse(certificate.valid_to ?? '');
	let earliest: DetailedPeerCertificate | undefined;
	const seen = new Set([leaf.fingerprint256]);
	for (let above = leaf.issuerCertificate; above && !seen.has(above.fingerprint256); above = above.issuerCertificate) {
		seen.add(above.fingerprint256);
		if (end(above) <= (earliest ? end(earliest) : end(leaf) - DAY_MS)) earliest = above;
	}
	if (!earliest) return undefined;
	const subject = formatName(earliest.subject);
	return {subject, validTo: earliest.valid_to.replace(/ {2,}/g, ' '), root: subject === formatName(earliest.issuer)};
}

/** Why a certificate does not match the name we asked for, listing what it does name. */
export function describeNameMismatch(name: string, cert: PeerCertificate): string {
	const names = cert.subjectaltname ?? (cert.subject?.CN ? `CN=${String(cert.subject.CN)}` : 'no names');
	return `the certificate is not valid for ${name} (it names ${names})`;
}

/** Whose certificate it is, who issued it and until when (or from when), as the transcript shows every TLS session. */
export function describeCertificate(info: Pick<TlsInfo, 'subject' | 'issuer' | 'validTo'> & {validFrom?: string}, now = Date.now()): string {
	return `certificate: ${info.subject}, ${issuerText(info)}, ${validityText(info.validTo, now, {...(info.validFrom !== undefined && {validFrom: info.validFrom})})}`;
}

/**
 * The chain's certificate that expires before the server's own (earliestInChain's), in words: the day the chain, and
 * so the server's certificate, stops verifying, whatever the server's own date says.
 */
export function chainExpiryText(chain: ChainExpiry, now = Date.now()): string {
	const what = `${chain.root ? 'the root CA' : 'the intermediate CA'} ${quoted(chain.subject)}`;
	if (Date.parse(chain.validTo) < now) return `${what} expired ${certificateDate(chain.validTo)}`;
	const close = closeToExpiry(chain.validTo, now);
	return `${what} expires ${certificateDate(chain.validTo)}${close === undefined ? '' : ` (${close})`}, before the server's own certificate`;
}

/** "issued by …", or "self-signed" when it names itself as its issuer. */
export function issuerText(info: Pick<TlsInfo, 'subject' | 'issuer'>): string {
	return info.issuer && info.issuer === info.subject ? 'self-signed' : `issued by ${info.issuer}`;
}

/**
 * "valid until …", or "expired …" for a date gone by: a certificate that ran out does not "expire" any more. With
 * `validFrom` still to come, "not valid before …": its end date would hide why it fails.
 */
export function validityText(validTo: string, now = Date.now(), options: {compact?: boolean; validFrom?: string} = {}): string {
	// Compact, for a narrow panel: the date alone, "2029-03-07", the year kept.
	const shown = (date: string) => certificateDate(date, options.compact);
	const from = options.validFrom === undefined ? Number.NaN : Date.parse(options.validFrom);
	if (from > now) return `not valid before ${shown(options.validFrom!)}`;
	const until = Date.parse(validTo);
	if (Number.isFinite(until) && until < now) return `expired ${shown(validTo)}`;
	// Close to its end, how close: a renewal that is failing shows before the certificate runs out.
	const close = closeToExpiry(validTo, now);
	return `valid until ${shown(validTo)}${close === undefined ? '' : `, ${close}`}`;
}

function formatName(name: PeerCertificate['subject'] | undefined): string {
	if (!name) return '';
	return Object.entries(name)
		.map(([key, value]) => `${key}=${[value].flat().join('+')}`)
		.join(', ');
}

/**
 * Why the socket's certificate did not verify (undefined when it did): OpenSSL's code, and `reason`, the first
 * problem in words (a wrong host name besides it is verifyReasons' to add). Read once: the handle is asked again
 * for each call.
 */
export function verificationOf(socket: TLSSocket, nameMismatch?: string): {code: string; reason: string} | undefined {
	const failure = socket.authorized ? undefined : verifyFailure(socket);
	if (!failure) return undefined;
	const validFrom = socket.getPeerCertificate().valid_from;
	return {code: failure.code, reason: verifyReason(failure.code, nameMismatch, {...(failure.text !== undefined && {text: failure.text}), ...(validFrom && {validFrom})})};
}

export function tlsInfoOf(socket: TLSSocket, insecure: boolean, nameMismatch?: string, verification = verificationOf(socket, nameMismatch)): TlsInfo {
	const cert = socket.getPeerCertificate(true);
	const chainExpiry = earliestInChain(cert);
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
		authorizationError: verification && verifyReasons(verification.reason, nameMismatch),
		...(verification && {problem: verifyProblem(verification.code)}),
		insecure,
		...(chainExpiry && {chainExpiry}),
	};
}
