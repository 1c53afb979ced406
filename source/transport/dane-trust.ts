// A TLS server authenticated as a DANE sender does (RFC 7672 §3): by its TLSA records instead of the CAs. DANE-EE
// (3 x x) matches the server's own certificate with no name or date check; DANE-TA (2 x x) a certificate of its
// chain, under which the server's must hold and be valid for the host's name. A host whose validated records are all
// unusable gets TLS all the same, not authenticated (RFC 7672 §2.2: the sender must not fall back to plain text).
import type {TLSSocket} from 'node:tls';
import type {TlsaRecord} from './dns-wire.js';
import {ConnectError} from './connect-error.js';
import {daneMatch, tlsaFields} from './tlsa-match.js';
import {describeCertificate, presentedChain, type TlsInfo} from './tls-info.js';

/**
 * The usable TLSA records of `host` (validated), and where they were found (`name`), for the words; `names`, those a
 * DANE-TA chain's certificate may be for (RFC 7672 §3.2.2: the TLSA base, and the MX host). No records: the host
 * published only unusable ones, and TLS is required without authenticating it.
 */
export type DaneTrust = {host: string; records: TlsaRecord[]; name: string; names: string[]};

/**
 * The session as authenticated by `trust` (`info`, with `dane` set and verified), or the refusal that ends it: no
 * record matches the chain `socket` presented. `webPki`: the session as the CAs judged it, for its words (and, with
 * no usable records, as it stands: `dane` set without a match).
 */
export function daneVerdict(trust: DaneTrust, socket: TLSSocket, webPki: TlsInfo): {info: TlsInfo} | {refusal: ConnectError} {
	const {host} = trust;
	if (trust.records.length === 0) return {info: {...webPki, dane: {host}}};
	const chain = presentedChain(socket.getPeerCertificate(true));
	const match = chain.length === 0 ? {matched: false as const, why: 'the server sent no certificate'} : daneMatch(trust.records, chain, trust.names);
	if (match.matched) {
		const {authorizationError: _, problem: __, ...rest} = webPki;
		return {info: {...rest, authorized: true, dane: {host, match: `TLSA ${tlsaFields(match.record)} (${match.how.replace(/^matches /, '')})`}}};
	}
	const records = trust.records.map(tlsaFields).join(', ');
	const why = match.why === undefined ? '' : `: ${match.why}`;
	const text = `DANE: no TLSA record of ${host} (${records} at ${trust.name}) matches the certificate it presents${why}; ${describeCertificate(webPki)}; SHA-256 ${webPki.fingerprint256}`;
	return {refusal: new ConnectError('tls', text, {code: 'DANE_NO_MATCH', tlsFailure: 'certificate'})};
}
