// `send --dane`: each host's TLS as a DANE sender (Postfix's `smtp_tls_security_level = dane`, Exim, Microsoft 365)
// decides it (RFC 7672 §2.2): the MX answer and the host's address validated with DNSSEC, then the host's TLSA
// records, asked with the DO bit of the --dns server or the system's first one, as `check` asks them.
import dns from 'node:dns';
import {DNS_TYPES, decodeTlsa, rcodeName, type DnsAnswer, type TlsaRecord} from '../transport/dns-wire.js';
import {DnsQueryError, queryDns, systemDnsServer} from '../transport/dns-query.js';
import {dnsServerText, type DnsServer} from '../transport/dns-resolver.js';
import {seconds} from '../transport/connect-error.js';
import type {DaneTrust} from '../transport/dane-trust.js';
import {tlsaFields, unusableReason} from '../transport/tlsa-match.js';
import {tlsaBases} from '../transport/tlsa-base.js';
import {shown} from './check-verdict.js';
import type {SmtpDriver} from '../session/driver.js';
import type {LogEntry, RunResult} from '../session/types.js';
import type {SendSettings} from './send-options.js';

/** What became of DANE for one host tried, as the --json result's `dane` lists it. */
export type DaneHostResult = {
	host: string;
	/** The TLSA name whose records were found (or whose lookup failed), or else the last asked, the host's own: _25._tcp.HOST (the port connected to). */
	tlsa: string;
	/** The host is an alias (its CNAME chain validated): its final name, whose TLSA records are asked first (RFC 7672 §2.2.2). */
	expanded?: string;
	/**
	 * authenticated: TLS by its records; unauthenticated: TLS required, not authenticated (only unusable records);
	 * failed: either did not happen; passed-over: not tried (a lookup that failed); not-applied and none: TLS as without --dane.
	 */
	status: 'authenticated' | 'unauthenticated' | 'failed' | 'passed-over' | 'not-applied' | 'none';
	/** The records found, as zone files write them ("3 1 1 4b5c…"), when any were. */
	records?: string[];
	/** The TLSA answer had the AD flag (left out when none came). */
	validated?: boolean;
	/** What authenticated the host: "TLSA 3 1 1 (the certificate's public key)". */
	match?: string;
	/** Why DANE did not apply, or the host was passed over or failed. */
	reason?: string;
};

/**
 * For one host: TLS judged by TLSA (`trust`; `servername`, the SNI: the TLSA base, when not the host's own name),
 * passed over, or TLS as without --dane; `text`, the transcript's line.
 */
type DaneDecision =
	| {kind: 'required'; trust: DaneTrust; servername?: string; result: DaneHostResult; text: string}
	| {kind: 'passed-over' | 'opportunistic'; result: DaneHostResult; text: string};

/** Where the lookups go: the server, in the transcript's words, and --timeout for each. */
type DaneLookups = {server: DnsServer; chosen: boolean; timeoutMs: number};

const serverWords = (lookups: DaneLookups) => `${dnsServerText(lookups.server)} (${lookups.chosen ? '--dns' : "the system's first DNS server"})`;

/** A failed query in words: one that timed out against --timeout. */
function failure(error: unknown, timeoutMs: number): string {
	if (error instanceof DnsQueryError && error.code === dns.TIMEOUT) return `no answer within ${seconds(timeoutMs)}`;
	return error instanceof Error ? error.message : String(error);
}

/**
 * `name`'s MX records (RFC 7672 §2.2.1) or address (§2.2.2), the answer that leads to the host, asked with the DNSSEC
 * bit: the answer when it came validated, or why DANE cannot apply.
 */
async function validatedAnswer(name: string, type: 'MX' | 'A', lookups: DaneLookups): Promise<{answer: DnsAnswer} | {why: string}> {
	const what = type === 'MX' ? `the MX records of ${name}` : `the address of ${name}`;
	try {
		const answer = await queryDns(lookups.server, name, DNS_TYPES[type], lookups.timeoutMs);
		if (answer.authenticated && answer.rcode === 0) return {answer};
		return {why: `${what} ${type === 'MX' ? 'were' : 'was'} not DNSSEC-validated by ${serverWords(lookups)}, and DANE senders use TLSA records only for hosts found through validated lookups (RFC 7672 §2.2)`};
	} catch (error) {
		return {why: `${what} could not be looked up with the DNSSEC bit at ${serverWords(lookups)} (${shown(failure(error, lookups.timeoutMs), 200)})`};
	}
}

/** A host name as names compare: lower case, no final dot. */
const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** "3 1 1 4b5c…": a record with its data cut to a glance. */
const recordText = (record: TlsaRecord) => `${tlsaFields(record)} ${record.data.length > 16 ? `${record.data.slice(0, 16)}…` : record.data}`;

/** The first of `bases` (and its TLSA name) with TLSA records, or the last asked, with none; or the lookup that failed, and why. */
async function tlsaOf(bases: readonly string[], port: number, lookups: DaneLookups): Promise<{base: string; tlsa: string; records: TlsaRecord[]; validated: boolean; failed?: string}> {
	let found = {base: '', tlsa: '', records: [] as TlsaRecord[], validated: false};
	for (const base of bases) {
		const tlsa = `_${port}._tcp.${base}`;
		found = {base, tlsa, records: [], validated: false};
		try {
			const answer = await queryDns(lookups.server, tlsa, DNS_TYPES.TLSA, lookups.timeoutMs);
			if (answer.rcode !== 0 && answer.rcode !== 3) return {...found, failed: `the TLSA lookup of ${tlsa} failed (${rcodeName(answer.rcode)})`};
			found = {...found, records: answer.answers.filter(record => record.type === DNS_TYPES.TLSA).map(record => decodeTlsa(record.data)), validated: answer.authenticated};
		} catch (error) {
			return {...found, failed: `the TLSA lookup of ${tlsa} failed (${shown(failure(error, lookups.timeoutMs), 200)})`};
		}
		if (found.records.length > 0) break;
	}
	return found;
}

/** `host`'s TLSA records at _PORT._tcp.HOST (its address validated first; an alias's target first), and what a DANE sender does with them. */
async function daneFor(host: string, port: number, lookups: DaneLookups): Promise<DaneDecision> {
	const own = host.toLowerCase();
	const without = 'delivering to it as without --dane';
	const address = await validatedAnswer(host, 'A', lookups);
	if ('why' in address) return {kind: 'opportunistic', result: {host, tlsa: `_${port}._tcp.${own}`, status: 'not-applied', reason: address.why}, text: `DANE does not apply to ${host}: ${address.why}; ${without}`};
	const bases = tlsaBases(own, address.answer);
	const alias = bases.length > 1 ? {expanded: bases[0]!} : {};
	const {base, tlsa, records, validated, failed} = await tlsaOf(bases, port, lookups);
	if (failed !== undefined) {
		// RFC 7672 §2.2: with a validated MX, a TLSA lookup that fails is no "no records": the sender must not fall back.
		const text = `DANE: ${failed}: ${host} is passed over, as DANE senders do (they defer mail rather than deliver without knowing its records, RFC 7672 §2.2)`;
		return {kind: 'passed-over', result: {host, tlsa, ...alias, status: 'passed-over', reason: failed}, text};
	}
	if (records.length === 0) {
		return {kind: 'opportunistic', result: {host, tlsa, ...alias, status: 'none', validated}, text: `DANE: no TLSA record at ${bases.map(name => `_${port}._tcp.${name}`).join(', then ')}: ${without}`};
	}
	const found = {host, tlsa, ...alias, records: records.map(recordText), validated};
	const listed = `${records.map(recordText).join(', ')} at ${tlsa}`;
	if (!validated) {
		const reason = `its TLSA records were not DNSSEC-validated by ${serverWords(lookups)}, and DANE senders ignore records that are not`;
		return {kind: 'opportunistic', result: {...found, status: 'not-applied', reason}, text: `DANE does not apply to ${host}: ${listed}, but ${reason}; ${without}`};
	}
	const usable = records.filter(record => unusableReason(record) === undefined);
	const required = {kind: 'required' as const, trust: {host, records: usable, name: tlsa, names: bases}, ...(base !== own && {servername: base})};
	if (usable.length === 0) {
		// RFC 7672 §2.2: records that exist but cannot be used still tell the sender that the host does TLS.
		const reasons = [...new Set(records.map(record => `${tlsaFields(record)}: ${unusableReason(record)!}`))].join('; ');
		const reason = `it publishes only TLSA records unusable for SMTP (${reasons}): TLS required, the certificate not authenticated`;
		return {...required, result: {...found, status: 'unauthenticated', reason}, text: `DANE: ${host} publishes only unusable TLSA records (${reasons}) at ${tlsa}, DNSSEC-validated: STARTTLS required, the certificate not authenticated, as DANE senders do (RFC 7672 §2.2)`};
	}
	return {...required, result: {...found, status: 'authenticated'}, text: `DANE for ${host}: ${listed}, DNSSEC-validated: STARTTLS required, the certificate authenticated by these records instead of the CAs`};
}

type Note = (entry: Pick<LogEntry, 'kind' | 'text'>) => void;

/**
 * --dane for a route: where its lookups go, and why DANE does not apply to any of its hosts (`off`), said once;
 * `mx`: the domain and the hosts its validated MX answer names (the route's hosts came from another lookup).
 */
type DaneRoute = {lookups: DaneLookups; off?: string; mx?: {domain: string; hosts: string[]; records: string[]}};

/** `mxOf`: the domain whose MX records named the hosts (none: --host, or a domain without MX, its own address). */
export async function daneRoute(settings: Pick<SendSettings, 'dns' | 'timeoutSeconds'>, mxOf: string | undefined, note: Note): Promise<DaneRoute | undefined> {
	const server = settings.dns ?? systemDnsServer();
	const timeoutMs = settings.timeoutSeconds * 1000;
	if (server === undefined) {
		note({kind: 'error', text: 'DANE does not apply: this machine names no DNS server (/etc/resolv.conf) to ask for TLSA records; give --dns SERVER'});
		return undefined;
	}
	const lookups = {server, chosen: settings.dns !== undefined, timeoutMs};
	if (mxOf === undefined) return {lookups};
	const mx = await validatedAnswer(mxOf, 'MX', lookups);
	if ('why' in mx) {
		note({kind: 'info', text: `DANE does not apply: ${mx.why}; delivering as without --dane`});
		return {lookups, off: mx.why};
	}
	const found = mx.answer.answers.filter(record => record.type === DNS_TYPES.MX && record.target !== undefined);
	const hosts = found.map(record => bare(record.target!));
	return {lookups, mx: {domain: mxOf, hosts, records: found.map((record, index) => `${record.data.readUInt16BE(0)} ${hosts[index]}`)}};
}

/** What a DANE sender does with `host`, said in the transcript. */
export async function daneOf(host: string, port: number, route: DaneRoute, note: Note): Promise<DaneDecision> {
	// Said once for the route, by daneRoute.
	if (route.off !== undefined) return {kind: 'opportunistic', result: {host, tlsa: `_${port}._tcp.${host.toLowerCase()}`, status: 'not-applied', reason: route.off}, text: `DANE does not apply: ${route.off}`};
	// RFC 7672 §2.2.1: the TLSA records count for the hosts the validated MX answer names, not for one another
	// answer gave (the records changed between the lookups, or another server answered the first).
	const {mx} = route;
	const named = mx === undefined || mx.hosts.includes(bare(host));
	const decision = named ? await daneFor(host, port, route.lookups) : notNamed(host, port, mx!);
	note({kind: 'info', text: decision.text});
	return decision;
}

function notNamed(host: string, port: number, mx: NonNullable<DaneRoute['mx']>): DaneDecision {
	const reason = `the DNSSEC-validated MX records of ${mx.domain} (${shown(mx.records.join(', '), 300) || 'none'}) do not name it`;
	return {kind: 'opportunistic', result: {host, tlsa: `_${port}._tcp.${host.toLowerCase()}`, status: 'not-applied', reason}, text: `DANE does not apply to ${host}: ${reason}; delivering to it as without --dane`};
}

/**
 * After a session with a host DANE required TLS of: authenticated (the record that matched), TLS that DANE could not
 * authenticate (only unusable records: `certificate.verified` says what the CAs said), or why neither happened.
 */
export function daneOutcome(driver: SmtpDriver, result: RunResult): Partial<DaneHostResult> {
	const tls = driver.getSnapshot().tls;
	if (tls?.dane?.match) return {status: 'authenticated', match: tls.dane.match};
	// A host whose records did not match has no TLS here: its handshake was refused.
	if (tls) return {status: 'unauthenticated'};
	return {status: 'failed', reason: result.ok ? 'no TLS' : result.message};
}
