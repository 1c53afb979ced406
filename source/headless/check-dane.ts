// `check DOMAIN`'s DANE (RFC 7672): each probed MX host's TLSA records (_25._tcp.HOST), asked with the DNSSEC bit of
// the --dns server or the system's first one, whether that server validated them (AD), and whether the certificate
// its STARTTLS presented matches them. Senders that use DANE (Postfix, Exim, Microsoft 365) defer mail to a host
// whose certificate matches none of its records, silently, until mail queues.
import {DNS_TYPES, decodeTlsa, rcodeName, type DnsAnswer, type TlsaRecord} from '../transport/dns-wire.js';
import dns from 'node:dns';
import {DnsQueryError, queryDns} from '../transport/dns-query.js';
import {seconds} from '../transport/connect-error.js';
import {dnsServerText, type DnsServer} from '../transport/dns-resolver.js';
import {X509Certificate} from 'node:crypto';
import {daneMatch, spkiSha256, tlsaFields, unusableReason} from '../transport/tlsa-match.js';
import {defaultCas} from '../transport/tls-handshake.js';
import {holdsCertificate} from '../transport/tls-info.js';
import type {ProbeResult} from './check-probe.js';
import {shown} from './check-verdict.js';
import {tlsaBases} from '../transport/tlsa-base.js';

/** One MX host's TLSA lookup. */
export type DaneHostFound = {
	host: string;
	/** The TLSA names asked, in order: the CNAME-expanded MX host's first when its address lookup was validated (RFC 7672 §2.2.2). */
	asked: string[];
	/** The name whose records were found (or, with none, the MX host's own): where a record is published. */
	name: string;
	records: TlsaRecord[];
	/** The server set AD on the TLSA answer: it validated it with DNSSEC. */
	validated: boolean;
	/** Why the lookup failed (not: found none). */
	error?: string;
};

export type DaneFound = {
	domain: string;
	/** The server asked, in words: "1.1.1.1:53 (--dns)". */
	server: string;
	/** The MX answer was DNSSEC-validated (undefined: that query failed). */
	mxValidated?: boolean;
	hosts: DaneHostFound[];
};

export type DaneProblem = {severity: 'refused' | 'warning'; text: string};

export type DaneHostReport = DaneHostFound & {
	/** The record that matched ("3 1 1") and how, when one did. */
	match?: string;
	/** The record to publish for the certificate port 25 presented. */
	publish?: string;
	/** The block's line for this host. */
	line: string;
};

export type DaneReport = Omit<DaneFound, 'hosts'> & {hosts: DaneHostReport[]; problems: DaneProblem[]};

const tlsaName = (host: string) => `_25._tcp.${host}`;

/** A failure in words: a query that timed out, against --timeout, which its queries share. */
function failure(name: string, error: unknown, timeoutMs: number): string {
	if (error instanceof DnsQueryError && error.code === dns.TIMEOUT) return `the TLSA lookup of ${name} got no answer within ${seconds(timeoutMs)}`;
	return `the TLSA lookup of ${name} failed (${error instanceof Error ? error.message : String(error)})`;
}

/** The host's queries are asked one after another, all of them within `timeoutMs` (--timeout). */
async function lookupHost(host: string, server: DnsServer, timeoutMs: number): Promise<DaneHostFound> {
	const deadline = Date.now() + timeoutMs;
	const left = () => Math.max(1, deadline - Date.now());
	// The address lookup says whether the MX host is an alias, and whether that chain is validated.
	const address = await queryDns(server, host, DNS_TYPES.A, left()).catch(() => undefined);
	const bases = tlsaBases(host, address);
	const asked: string[] = [];
	for (const base of bases) {
		const name = tlsaName(base);
		asked.push(name);
		let answer: DnsAnswer;
		let records: TlsaRecord[];
		try {
			answer = await queryDns(server, name, DNS_TYPES.TLSA, left());
			records = answer.answers.filter(record => record.type === DNS_TYPES.TLSA).map(record => decodeTlsa(record.data));
		} catch (error) {
			return {host, asked, name, records: [], validated: false, error: failure(name, error, timeoutMs)};
		}
		if (answer.rcode !== 0 && answer.rcode !== 3) {
			const rcode = rcodeName(answer.rcode);
			const meaning = answer.rcode === 2 ? ': a DNSSEC failure looks like this, and DANE senders defer mail while it lasts' : '';
			return {host, asked, name, records: [], validated: false, error: `the TLSA lookup of ${name} failed (${rcode})${meaning}`};
		}
		if (records.length > 0) return {host, asked, name, records, validated: answer.authenticated};
	}
	return {host, asked, name: tlsaName(host), records: [], validated: false};
}

/** Looks up each MX host's TLSA records, and whether the domain's MX answer is validated, from `server`. */
export async function lookupDane(domain: string, hosts: readonly string[], server: {server: DnsServer; chosen: boolean}, timeoutMs: number): Promise<DaneFound> {
	const mx = queryDns(server.server, domain, DNS_TYPES.MX, timeoutMs).then(
		answer => answer.authenticated,
		() => undefined,
	);
	const found = await Promise.all(hosts.map(host => lookupHost(host, server.server, timeoutMs)));
	const mxValidated = await mx;
	const words = `${dnsServerText(server.server)} (${server.chosen ? '--dns' : "the system's first DNS server, /etc/resolv.conf"})`;
	return {domain, server: words, ...(mxValidated !== undefined && {mxValidated}), hosts: found};
}

/** "3 1 1 4b5c…": a record as the block lists it, its data cut to a glance; "(unusable for SMTP)" after one senders skip. */
const recordText = (record: TlsaRecord) => `${tlsaFields(record)} ${record.data.length > 16 ? `${record.data.slice(0, 16)}…` : record.data}${unusableReason(record) === undefined ? '' : ' (unusable for SMTP)'}`;

/** The STARTTLS met on `port` of `host`: its chain, or why there is none to match. */
function presented(host: string, port: number | undefined, results: readonly ProbeResult[]): {certificates: Buffer[]} | {missing: string; refused?: true} {
	const result = results.find(probe => probe.host === host && probe.port === port);
	if (!result) return {missing: port === undefined ? 'STARTTLS not probed (no plain port in --ports)' : `port ${port} not probed`};
	if (result.status !== 'open') return {missing: `port ${port} did not answer from here (${result.status})`};
	if (result.starttls === false) return {missing: `it does not offer STARTTLS on port ${port}`, refused: true};
	if (result.certificates?.length) return {certificates: result.certificates};
	if (result.tls) return {missing: `its STARTTLS on port ${port} failed (${shown(result.tls.error ?? '', 200)})`, refused: true};
	return {missing: 'STARTTLS was not tried (--no-starttls)'};
}

/**
 * Said of a DANE-TA match on the chain's root when this machine trusts that root (`ca`: --ca's PEM besides): Node
 * then adds it to the chain when the server left it out, so whether the server sent it, as DANE senders need
 * (RFC 7672 §3.1.2), cannot be told.
 */
function unsentRootNote(chain: readonly Buffer[], anchor: number | undefined, ca: string | Buffer | undefined): string {
	if (anchor === undefined || anchor !== chain.length - 1 || anchor === 0) return '';
	const root = new X509Certificate(chain[anchor]!);
	if (root.subject !== root.issuer || !holdsCertificate([...defaultCas(), ...(ca === undefined ? [] : [ca])], root.fingerprint256)) return '';
	return ' (this machine trusts that root CA, so check cannot tell whether the server sends it in its chain, as DANE senders need: RFC 7672 §3.1.2)';
}

/** One host, judged: its line, and its problems. */
function judgeHost(found: DaneHostFound, domain: DaneFound, results: readonly ProbeResult[], port: number | undefined, ca: string | Buffer | undefined): {host: DaneHostReport; problems: DaneProblem[]} {
	const {host, records, validated} = found;
	const met = presented(host, port, results);
	const certificates = 'certificates' in met ? met.certificates : undefined;
	const base = found.name.replace(/^_25\._tcp\./, '');
	const publish = certificates && `${found.name}. IN TLSA 3 1 1 ${spkiSha256(certificates[0]!)}`;
	const report = (line: string, extra: Partial<DaneHostReport> = {}) => ({...found, ...(publish && {publish}), line: `${host}: ${line}`, ...extra});
	if (found.error) return {host: report(found.error), problems: [{severity: 'warning', text: `DANE of ${host} not known: ${shown(found.error, 300)}.`}]};
	if (records.length === 0) return {host: report(`no TLSA record (${found.asked.join(', then ')}): DANE not used`), problems: []};
	const listed = `${records.length === 1 ? 'TLSA' : `${records.length} TLSA records`} ${records.map(recordText).join(', ')} at ${found.name}${validated ? ', DNSSEC-validated' : ', NOT DNSSEC-validated'}`;
	const notValidated: DaneProblem[] = validated
		? domain.mxValidated === false
			? [{severity: 'warning', text: `DANE: the MX records of ${domain.domain} were not DNSSEC-validated by ${domain.server}: DANE senders use TLSA records only for MX hosts found through a validated MX lookup (RFC 7672 §2.2.1), so they ignore ${host}'s.`}]
			: []
		: [{severity: 'warning', text: `DANE: the TLSA answer for ${host} was not DNSSEC-validated by ${domain.server}; DANE senders only use validated records; use a validating resolver (--dns 1.1.1.1).`}];
	// Only validated records are used by senders: anything else is what they would do once the records are.
	const severity = notValidated.length === 0 ? 'refused' : 'warning';
	const usable = records.filter(record => unusableReason(record) === undefined);
	if (usable.length === 0) {
		const reasons = [...new Set(records.map(record => unusableReason(record)!))].join('; ');
		const text = `DANE: ${host} has no TLSA record usable for SMTP (${reasons}): DANE senders deliver to it with TLS they do not authenticate. Publish a DANE-EE record for its key: ${publish ?? `${found.name}. IN TLSA 3 1 1 <SHA-256 of its public key>`}.`;
		return {host: report(`${listed}; none usable for SMTP`), problems: [...notValidated, {severity: 'warning', text}]};
	}
	if (!('certificates' in met)) {
		const problems: DaneProblem[] = 'refused' in met ? [{severity, text: `DANE: ${host} has TLSA records, but ${met.missing}: senders that use DANE (Postfix, Exim, Microsoft 365) will not deliver to it.`}] : [];
		return {host: report(`${listed}; not matched: ${met.missing}`), problems: [...notValidated, ...problems]};
	}
	const match = daneMatch(usable, met.certificates, [...new Set([host.toLowerCase(), base])], Date.now());
	if (match.matched) {
		// What changes the record: a CA's certificate (2 x x), the server's certificate, renewed even with the same key (3 0 x), or its key (3 1 x).
		const next = match.record.usage === 2 ? 'CA certificate' : match.record.selector === 0 ? 'certificate (a renewal changes it, even with the same key)' : 'key';
		const rollover = usable.length === 1 ? `; publish a ${tlsaFields(match.record)} record for the next ${next} before changing it` : '';
		const how = `${match.how}${unsentRootNote(met.certificates, match.anchor, ca)}`;
		return {host: report(`${listed}; DANE: ${tlsaFields(match.record)} ${how}${rollover}`, {match: `${tlsaFields(match.record)} ${how}`}), problems: notValidated};
	}
	const why = match.why === undefined ? '' : ` (${shown(match.why, 300)})`;
	const text = `DANE: no TLSA record matches the certificate ${host} presents${why}: senders that use DANE (Postfix, Exim, Microsoft 365) will not deliver to it. The record for its current certificate: ${publish}.`;
	return {host: report(`${listed}; NO record matches the certificate`), problems: [...notValidated, {severity, text}]};
}

/**
 * Every probed MX host judged against the STARTTLS its `port` (25, or the first plain port of --ports) presented;
 * `ca`: --ca's PEM, which the probes trusted too.
 */
export function judgeDane(found: DaneFound, results: readonly ProbeResult[], port: number | undefined, ca?: string | Buffer): DaneReport {
	const judged = found.hosts.map(host => judgeHost(host, found, results, port, ca));
	const problems = judged.flatMap(entry => entry.problems).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'refused' ? -1 : 1));
	return {...found, hosts: judged.map(entry => entry.host), problems};
}

/** The block printed after the table: one line per MX host, or one for all when none has TLSA records. */
export function formatDane(report: DaneReport): string {
	const published = report.hosts.filter(host => host.records.length > 0 || host.error);
	if (published.length === 0) {
		// A signed MX lookup: DANE is within reach, and the records to publish are said.
		const ready = report.mxValidated ? report.hosts.flatMap(host => (host.publish ? [`  to use DANE, publish: ${host.publish}`] : [])) : [];
		return `${[`DANE: no TLSA records for the MX hosts of ${report.domain} (asked ${report.server}): DANE not used`, ...ready].join('\n')}\n`;
	}
	const lines = report.hosts.flatMap(host => [`  ${host.line}`, ...(host.publish && !host.match && host.records.length > 0 ? [`    for the current certificate: ${host.publish}`] : [])]);
	return `${[`DANE for ${report.domain} (asked ${report.server}):`, ...lines].join('\n')}\n`;
}
