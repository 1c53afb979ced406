// DANE for SMTP (RFC 7672, RFC 7671): whether a server's certificate chain matches its TLSA records. Only DANE-TA(2)
// and DANE-EE(3) are usable for SMTP (RFC 7672 §3.1.3); DANE-EE matches the server's own certificate and nothing else
// (no name, no expiry: RFC 7672 §3.1.1), DANE-TA a CA certificate of the chain the server's is then checked under.
import {createHash, X509Certificate} from 'node:crypto';
import type {TlsaRecord} from './dns-wire.js';

/** A record as a zone file and people write its fields: "3 1 1". */
export const tlsaFields = ({usage, selector, matchingType}: TlsaRecord) => `${usage} ${selector} ${matchingType}`;

/** Why a record is of no use to an SMTP sender, or undefined when it is usable. */
export function unusableReason(record: TlsaRecord): string | undefined {
	if (record.usage === 0 || record.usage === 1) return `usage ${record.usage} (PKIX-${record.usage === 0 ? 'TA' : 'EE'}) is unusable for SMTP (RFC 7672 §3.1.3)`;
	if (record.usage !== 2 && record.usage !== 3) return `usage ${record.usage} is not defined`;
	if (record.selector !== 0 && record.selector !== 1) return `selector ${record.selector} is not defined`;
	if (record.matchingType > 2) return `matching type ${record.matchingType} is not defined`;
	if (record.matchingType !== 0 && record.data.length !== (record.matchingType === 1 ? 64 : 128)) return `its data is not a SHA-${record.matchingType === 1 ? 256 : 512} digest (${record.data.length / 2} bytes)`;
	return undefined;
}

/** The bytes selector 0 (the whole certificate) or 1 (its SubjectPublicKeyInfo) picks, in DER. */
const selected = (certificate: X509Certificate, selector: number): Buffer => (selector === 0 ? certificate.raw : certificate.publicKey.export({type: 'spki', format: 'der'}));

/** Matching type 0 (the bytes themselves), 1 (SHA-256) or 2 (SHA-512), in hex. */
const digest = (bytes: Buffer, matchingType: number): string => (matchingType === 0 ? bytes.toString('hex') : createHash(matchingType === 1 ? 'sha256' : 'sha512').update(bytes).digest('hex'));

const matchesCertificate = (record: TlsaRecord, certificate: X509Certificate) => digest(selected(certificate, record.selector), record.matchingType) === record.data.toLowerCase();

/** The SHA-256 of the certificate's SubjectPublicKeyInfo: a "3 1 1" record's data. */
export const spkiSha256 = (der: Buffer): string => digest(selected(new X509Certificate(der), 1), 1);

type DaneMatch =
	/** `record` authenticates the server: how, in words; `anchor`, for DANE-TA, the chain's certificate it matched. */
	| {matched: true; record: TlsaRecord; how: string; anchor?: number}
	/** None does; `why` says of a DANE-TA record that matched a CA whose chain or names then failed. */
	| {matched: false; why?: string};

/** What a record of this selector matched of `certificate` ("the certificate", "the CA CN=R3"): it, or its public key. */
const part = (selector: number, certificate: string) => (selector === 1 ? `${certificate}'s public key` : certificate);

/**
 * Whether the chain below `top` (chain[0] up to it) holds: each certificate issued and signed by the next, each
 * valid at `now` (neither expired nor not valid yet), and the server's own valid for one of `names` (RFC 7672 §3.2.3: the MX host, or the TLSA base).
 */
function chainProblem(chain: readonly X509Certificate[], top: number, names: readonly string[], now: number): string | undefined {
	for (let at = 0; at < top; at++) {
		const [certificate, issuer] = [chain[at]!, chain[at + 1]!];
		if (!certificate.checkIssued(issuer) || !certificate.verify(issuer.publicKey)) return `the chain is broken at ${certificate.subject.replaceAll('\n', ', ')}`;
		const which = at === 0 ? "the server's certificate" : `the CA certificate ${certificate.subject.replaceAll('\n', ', ')}`;
		if (Date.parse(certificate.validTo) < now) return `${which} has expired`;
		// Issued for later (a clock behind, or a certificate put in place before its time): senders refuse it as expired.
		if (Date.parse(certificate.validFrom) > now) return `${which} is not valid until ${new Date(certificate.validFrom).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
	}
	if (!names.some(name => chain[0]!.checkHost(name) !== undefined)) return `the certificate is not valid for ${names.join(' or ')}`;
	return undefined;
}

/** Whether any usable record of `records` matches the chain (DER, the server's own first), as RFC 7672 §3.1 says. */
export function daneMatch(records: readonly TlsaRecord[], der: readonly Buffer[], names: readonly string[], now = Date.now()): DaneMatch {
	const chain = der.map(bytes => new X509Certificate(bytes));
	const usable = records.filter(record => unusableReason(record) === undefined);
	let why: string | undefined;
	// DANE-EE first: it is what a sender tries first too, and needs nothing else to hold.
	for (const record of [...usable].sort((a, b) => b.usage - a.usage)) {
		if (record.usage === 3) {
			if (chain[0] && matchesCertificate(record, chain[0])) return {matched: true, record, how: `matches ${part(record.selector, 'the certificate')}`};
			continue;
		}
		const top = chain.findIndex(certificate => matchesCertificate(record, certificate));
		if (top < 0) continue;
		const ca = `CA ${chain[top]!.subject.replaceAll('\n', ', ')}`;
		const problem = chainProblem(chain, top, names, now);
		if (problem === undefined) return {matched: true, record, how: `matches ${part(record.selector, `the ${ca}`)}, which the certificate chains up to`, anchor: top};
		why ??= `${tlsaFields(record)} matches the ${ca}, but ${problem}`;
	}
	return {matched: false, ...(why !== undefined && {why})};
}
