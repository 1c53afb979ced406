// `check DOMAIN`'s MTA-STS (RFC 8461) and TLS reporting (RFC 8460): the domain's _mta-sts and _smtp._tls records,
// its policy (fetched as senders fetch it, or a draft given with --mta-sts-policy), and whether senders that honour
// the policy will deliver to each MX host: in the policy's mx patterns, with STARTTLS and a certificate valid for it.
import {readFile} from 'node:fs/promises';
import {mxMatches, parseStsPolicy, parseStsRecord, parseTlsRptRecord, type StsPolicy, type StsRecord, type TlsRptRecord} from '../smtp/mta-sts.js';
import {httpsGet} from '../transport/https-get.js';
import {ConnectError} from '../transport/connect-error.js';
import type {Resolver} from '../transport/mx.js';
import type {ServerResolver} from '../transport/dns-resolver.js';
import type {SocksSettings} from '../transport/socks-connect.js';
import type {RouteSettings} from './route-options.js';
import {routeOf} from '../transport/address-family.js';
import {txtRecords} from '../transport/txt-records.js';
import {describeFileError} from '../text/file-errors.js';
import {UsageError} from './command.js';
import type {ProbeResult} from './check-probe.js';
import {shown} from './check-verdict.js';
import {shortVerifyReason} from '../transport/tls-info.js';

/** --mta-sts-policy: a draft policy to check instead of the published one, at an https:// URL or in a file. */
export type PolicySource = {url: URL} | {file: string};

/** The most of a policy's answer read (RFC 8461 §3.3 suggests 64 KiB). */
const POLICY_LIMIT = 64 * 1024;

/** How far a problem goes: `refused`, senders that honour the policy refuse to deliver to an MX host; `warning`, not yet. */
export type MtaStsProblem = {severity: 'refused' | 'warning'; text: string};

export type MtaStsFound = {
	domain: string;
	/** The _mta-sts TXT record, when one starts with v=STSv1. */
	record?: StsRecord;
	/** Where the policy came from: the well-known URL, or --mta-sts-policy's URL or file. */
	source?: string;
	policy?: StsPolicy;
	/** Why the lookup of the _mta-sts record failed (not: found none). */
	recordError?: string;
	/** Why no policy could be fetched. */
	error?: string;
	/** The _smtp._tls TXT record, when one starts with v=TLSRPTv1. */
	tlsRpt?: TlsRptRecord;
	/** Why that lookup failed (not: found none). */
	tlsRptError?: string;
};

export type MtaStsReport = MtaStsFound & {
	/** One line per MX host: in the policy or not, and what its STARTTLS on port 25 showed. */
	hosts: string[];
	problems: MtaStsProblem[];
};

export type MtaStsOptions = RouteSettings & {
	timeoutMs: number;
	ca?: string;
	socks?: SocksSettings;
	/** --mta-sts-policy: its URL, or its file with the text read from it. */
	policy?: {url: URL} | {file: string; text: string};
};

/** --mta-sts-policy's value: an https:// URL, or a file; http:// is refused, as senders fetch over HTTPS only. */
export function policySource(text: string): PolicySource {
	if (/^https:\/\//i.test(text)) {
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			throw new UsageError(`--mta-sts-policy "${text}" is not a URL`, 'e.g. --mta-sts-policy https://mta-sts.example.com/.well-known/mta-sts.txt, or a file');
		}
		// Its password would be printed with the URL (the block, --json), and no sender logs in to fetch a policy.
		if (url.username !== '' || url.password !== '') throw new UsageError('--mta-sts-policy: the URL has a user name or password, and senders fetch a policy without one (RFC 8461 §3.3)', 'leave "user:password@" out of the URL');
		return {url};
	}
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new UsageError(`--mta-sts-policy "${text}": senders fetch a policy over HTTPS only (RFC 8461 §3.3)`, 'give an https:// URL, or a file');
	return {file: text};
}

/** The draft policy's file, read before any probe: a wrong path is the user's mistake (exit 1), said at once. */
export async function readPolicyFile(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		throw new UsageError(`--mta-sts-policy ${file}: ${describeFileError(error, file)}`, 'give the policy file (mta-sts.txt), or its https:// URL');
	}
}

/** The policy's text from `url`, as a sender fetches it: a 200, no redirect, text/plain. */
async function fetchPolicy(url: URL, resolver: Resolver, options: MtaStsOptions): Promise<string> {
	const lookup = (resolver as Partial<ServerResolver>).lookup;
	const response = await httpsGet(url, {
		limit: POLICY_LIMIT,
		timeoutMs: options.timeoutMs,
		...(options.ca !== undefined && {ca: options.ca}),
		// Through a SOCKS proxy the proxy finds the address, as for the probes.
		...(options.socks ? {socks: options.socks} : {...routeOf(options), ...(lookup && {lookup})}),
	});
	if (response.status >= 300 && response.status < 400) {
		throw new Error(`it answered ${response.status} ${shown(response.reason)}, a redirect${response.headers.has('location') ? ` to ${shown(response.headers.get('location')!)}` : ''}: senders do not follow redirects (RFC 8461 §3.3); serve the policy at this URL`);
	}
	if (response.status !== 200) throw new Error(`it answered ${response.status} ${shown(response.reason)}, not 200`);
	const type = response.headers.get('content-type') ?? '';
	if (!/^text\/plain\s*(;|$)/i.test(type)) throw new Error(`it is served as ${type === '' ? 'no Content-Type' : `Content-Type ${shown(type)}`}, not text/plain as RFC 8461 §3.2 requires`);
	return response.body;
}

/**
 * Why the fetch failed, in words for the policy: a certificate's reason without the transport's advice, which is
 * for send (--insecure has no place here: senders never skip the check).
 */
function fetchFailure(error: unknown, url: URL): string {
	const reason = error instanceof ConnectError ? error.certificate?.reason : undefined;
	if (reason !== undefined) return `its HTTPS certificate does not verify for ${url.hostname}: ${reason}`;
	return error instanceof Error ? error.message : String(error);
}

/** Looks up the records and gets the policy (from the well-known URL when published, or --mta-sts-policy's). */
export async function lookupMtaSts(domain: string, resolver: Resolver, options: MtaStsOptions): Promise<MtaStsFound> {
	const [sts, rpt] = await Promise.all([txtRecords(resolver, `_mta-sts.${domain}`), txtRecords(resolver, `_smtp._tls.${domain}`)]);
	const found: MtaStsFound = {domain};
	if (Array.isArray(rpt)) {
		const tlsRpt = parseTlsRptRecord(rpt);
		if (tlsRpt) found.tlsRpt = tlsRpt;
	} else {
		found.tlsRptError = rpt.error;
	}
	if (!Array.isArray(sts)) found.recordError = sts.error;
	else {
		const record = parseStsRecord(sts);
		if (record) found.record = record;
	}
	const given = options.policy;
	// A record that is not valid is no policy to senders (RFC 8461 §3.1): they fetch none, and neither does this.
	if ((!found.record || found.record.error !== undefined) && !given) return found;
	if (given && 'file' in given) {
		found.source = given.file;
		found.policy = parseStsPolicy(given.text);
		return found;
	}
	const url = given?.url ?? new URL(`https://mta-sts.${domain}/.well-known/mta-sts.txt`);
	found.source = url.href;
	try {
		found.policy = parseStsPolicy(await fetchPolicy(url, resolver, options));
	} catch (error) {
		found.error = fetchFailure(error, url);
	}
	return found;
}

/** What a sender that honours MTA-STS meets on `port` (25, where mail is delivered) of `host`, or why it is not known from here. */
function starttlsOf(host: string, port: number | undefined, results: readonly ProbeResult[]): {ok: true} | {ok: false; why: string} | {unknown: string} {
	const result = results.find(probe => probe.host === host && probe.port === port);
	if (!result) return {unknown: port === undefined ? 'STARTTLS not probed (no plain port in --ports)' : `not probed on port ${port}`};
	if (result.status !== 'open') return {unknown: `port ${port} did not answer from here (${result.status})`};
	if (result.starttls === false) return {ok: false, why: `does not offer STARTTLS on port ${port}`};
	if (result.tls?.authorized === true) return {ok: true};
	const reason = result.tls?.error ? ` (${shown(shortVerifyReason(result.tls.error, result.tls.issuer), 200)})` : '';
	if (result.tls?.protocol !== undefined) return {ok: false, why: `has a STARTTLS certificate on port ${port} that does not verify for it${reason}`};
	if (result.tls) return {ok: false, why: `fails STARTTLS on port ${port}${reason}`};
	return {unknown: 'STARTTLS was not tried (--no-starttls)'};
}

/** `mx: example.com` for the MX host mx1.example.com, the commonest slip: the pattern that was meant. */
function parentHint(patterns: readonly string[], host: string): string {
	const name = host.toLowerCase().replace(/\.$/, '');
	const parent = patterns.find(pattern => !pattern.startsWith('*.') && name.endsWith(`.${pattern}`) && !name.slice(0, -pattern.length - 1).includes('.'));
	return parent === undefined ? '' : ` ("mx: ${parent}" allows ${parent} alone; "mx: *.${parent}" allows ${name})`;
}

/**
 * What the policy means for each MX host, and every problem, most serious first. `port`: where STARTTLS is judged,
 * 25 (or the first plain port of --ports when it leaves 25 out: a server under test on another port).
 */
export function judgeMtaSts(found: MtaStsFound, mxHosts: readonly string[], results: readonly ProbeResult[], port: number | undefined): MtaStsReport {
	const problems: MtaStsProblem[] = [];
	const hosts: string[] = [];
	const {record, policy, source} = found;
	if (found.recordError) problems.push({severity: 'warning', text: `MTA-STS of ${found.domain} not known: ${shown(found.recordError, 200)}.`});
	if (record?.error) problems.push({severity: 'warning', text: `The _mta-sts.${found.domain} TXT record is not valid (${shown(record.error, 200)}): senders take that as no MTA-STS policy at all.`});
	if (found.error) {
		// Published, a failed fetch is what senders meet; a draft's (--mta-sts-policy) is only this one URL's.
		const meaning = record && !record.error ? ` Senders without a cached copy deliver as if there were no policy; those with one keep using it until its max_age runs out.` : '';
		problems.push({severity: 'warning', text: `The MTA-STS policy of ${found.domain} could not be fetched from ${source}: ${shown(found.error, 300)}.${meaning}`});
	}
	if (policy && policy.errors.length > 0) {
		problems.push({severity: 'warning', text: `The MTA-STS policy (${source}) is not valid, so senders ignore it: ${policy.errors.map(error => shown(error, 200)).join('; ')}.`});
	}
	if (policy && policy.errors.length === 0 && policy.emptyLines.length > 0) {
		const lines = policy.emptyLines;
		problems.push({severity: 'warning', text: `The MTA-STS policy (${source}) has ${lines.length === 1 ? 'an empty line' : 'empty lines'} (line ${lines.join(', ')}), which RFC 8461's syntax does not allow: some senders skip ${lines.length === 1 ? 'it' : 'them'}, a strict one ignores the whole policy. Remove ${lines.length === 1 ? 'it' : 'them'}; the policy is judged below as the lenient senders read it.`});
	}
	const mode = policy?.errors.length === 0 ? policy.mode : undefined;
	if (mode === 'enforce' || mode === 'testing') {
		for (const host of mxHosts) {
			const listed = policy!.mx.some(pattern => mxMatches(pattern, host));
			const tls = starttlsOf(host, port, results);
			hosts.push(`${host}: ${listed ? 'in the policy' : 'NOT in the policy'}; ${'ok' in tls ? (tls.ok ? `STARTTLS certificate verified on port ${port}` : shown(tls.why, 200)) : tls.unknown}`);
			const why = !listed ? `is not in the policy${parentHint(policy!.mx, host)}` : 'ok' in tls && !tls.ok ? `${tls.why}` : undefined;
			if (why === undefined) continue;
			problems.push(
				mode === 'enforce'
					? {severity: 'refused', text: `MTA-STS enforce: ${host} ${why} — senders that honour MTA-STS will refuse to deliver to it.`}
					: {severity: 'warning', text: `MTA-STS testing: ${host} ${why} — senders only report it now (TLS-RPT), but will refuse to deliver to it once the mode is enforce.`},
			);
		}
	}
	if (found.tlsRpt?.error) problems.push({severity: 'warning', text: `The TLS-RPT record _smtp._tls.${found.domain} is not valid (${shown(found.tlsRpt.error, 200)}): senders send no TLS reports.`});
	problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'refused' ? -1 : 1));
	return {...found, hosts, problems};
}

/** The block printed after the table: the record, the policy, each MX host, and TLS-RPT; "no MTA-STS policy" quietly. */
export function formatMtaSts(report: MtaStsReport): string {
	const {record, policy, domain} = report;
	const lines: string[] = [];
	// A failed lookup is not "no record": the domain may well have a policy, which senders that got the record apply.
	const unknown = report.recordError === undefined ? undefined : `not known (${shown(report.recordError, 200)})`;
	if (!record && !policy) lines.push(unknown ? `MTA-STS for ${domain}: ${unknown}` : `MTA-STS: no policy for ${domain} (no _mta-sts TXT record)`);
	else {
		const published = record ? (record.id === undefined ? `_mta-sts record not valid: ${shown(record.text)}` : `_mta-sts id ${shown(record.id)}`) : unknown ? `_mta-sts record ${unknown}` : `not published (no _mta-sts TXT record)`;
		const fields = policy ? `${policy.mode ?? 'no mode'}, max_age ${policy.maxAge ?? '?'}, mx ${policy.mx.join(', ') || '(none)'}` : 'policy not fetched';
		lines.push(`MTA-STS for ${domain}: ${fields}; ${published}${report.source ? ` (${shown(report.source, 200)})` : ''}`);
		lines.push(...report.hosts.map(host => `  ${host}`));
		if (policy?.mode === 'none' && policy.errors.length === 0) lines.push('  mode none: senders apply no policy (the way to withdraw one)');
	}
	const rpt = report.tlsRpt;
	lines.push(rpt ? `TLS-RPT: ${rpt.error ? `not valid: ${shown(rpt.error, 200)}` : `reports to ${rpt.rua.map(uri => shown(uri)).join(', ')}`}` : `TLS-RPT: ${report.tlsRptError ? `not known (${shown(report.tlsRptError, 200)})` : `no _smtp._tls record (no sender reports TLS failures to ${domain})`}`);
	return `${lines.join('\n')}\n`;
}

/** check's exit code when an enforce policy makes senders refuse an MX host, while a port answers. */
export const MTA_STS_REFUSED_EXIT = 4;
