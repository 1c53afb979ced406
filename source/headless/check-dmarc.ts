// `check DOMAIN`'s DMARC (RFC 7489, RFC 9989): the policy receivers apply to mail From the domain, found at its
// `_dmarc` name or inherited from its organizational domain, put in words, with each mistake of the record and
// each report address at another domain that has not agreed to take the reports.
import {effectivePolicy, SOFTER, type DmarcPolicy, type DmarcRecord} from '../smtp/dmarc-record.js';
import {discoverDmarc, externalReports, type DmarcDiscovery, type ReportAuthorization} from '../transport/dmarc-lookup.js';
import type {Resolver} from '../transport/mx.js';
import {shown} from './check-verdict.js';

/** As the other blocks' problems; DMARC's only warn (it is about mail from the domain, not delivery to it). */
export type DmarcProblem = {severity: 'warning'; text: string};

export type DmarcReport = Omit<DmarcDiscovery, 'problems'> & {
	/** The policy receivers apply (p=, or none for a record with only rua=); absent without a record they read. */
	policy?: DmarcPolicy;
	/** rua=/ruf= addresses at other domains, and whether each has authorized the reports. */
	reports: ReportAuthorization[];
	/** The block's lines, after its first. */
	lines: string[];
	/** What a monitor warns of (--nagios WARNING): a record receivers ignore in part or whole, reports lost, a failed lookup. */
	problems: DmarcProblem[];
};

/** What receivers do with mail that fails DMARC, in words. */
const MEANING: Record<DmarcPolicy, string> = {
	none: 'monitoring only — receivers deliver failing mail as usual',
	quarantine: 'receivers put failing mail in quarantine (the spam folder)',
	reject: 'receivers refuse failing mail',
};


/** The domain's DMARC record (its own, or its organizational domain's) and the authorization of external report addresses. */
export async function lookupDmarc(domain: string, resolver: Resolver): Promise<DmarcReport> {
	const found = await discoverDmarc(domain, resolver);
	const reports = found.record ? await externalReports(found.record, found.at!, found.orgDomain, resolver) : [];
	return judgeDmarc(found, reports);
}

/** The tags after p=: subdomains, alignment, pct= and t=, one line each where they say something. */
function tagLines(record: DmarcRecord, policy: DmarcPolicy): string[] {
	const lines: string[] = [];
	const sub = [`sp=${record.sp ?? policy}${record.sp ? '' : ' (as p=)'}`, ...(record.np ? [`np=${record.np} for those that do not exist`] : [])];
	lines.push(`  subdomains: ${sub.join('; ')}`);
	lines.push(`  alignment: DKIM ${record.adkim === 's' ? 'strict' : 'relaxed'}, SPF ${record.aspf === 's' ? 'strict' : 'relaxed'}`);
	if (record.pct < 100 && policy !== 'none') lines.push(`  pct=${record.pct}: only ${record.pct}% of failing mail gets ${policy}, the rest ${SOFTER[policy]} (RFC 9989 receivers ignore pct= and apply ${record.testing ? SOFTER[policy] : policy} to all)`);
	if (record.testing && policy !== 'none') lines.push(`  t=y: test mode — receivers apply ${SOFTER[policy]} instead of ${policy}`);
	return lines;
}

/** rua=: where aggregate reports go, or that nobody gets them; ruf= when given. */
function reportLines(record: DmarcRecord, domain: string): string[] {
	const rua = record.rua.length > 0 ? `  aggregate reports (rua) to ${record.rua.map(uri => shown(uri)).join(', ')}` : `  no rua=: nobody sends you aggregate reports, so you cannot see who sends mail as ${domain}; add rua=mailto:dmarc-reports@${domain}`;
	return [rua, ...(record.ruf.length > 0 ? [`  failure reports (ruf) to ${record.ruf.map(uri => shown(uri)).join(', ')}`] : [])];
}

/** An external report address not authorized, in words with what to publish. */
function unauthorized(report: ReportAuthorization, policyDomain: string): string {
	// The domain is the record's text: shown, not obeyed, as every text from DNS.
	const domain = shown(report.domain, 200);
	if (report.error !== undefined) return `DMARC: whether ${domain} takes the reports of ${policyDomain} (${shown(report.uri)}) is not known: ${shown(report.error, 200)}.`;
	return `DMARC: receivers send no reports to ${shown(report.uri)}: ${domain} has not authorized reports for ${policyDomain} (RFC 7489 §7.1). Its owner publishes a TXT record "v=DMARC1" at ${shown(report.name, 300)}; or send the reports to an address at ${policyDomain}.`;
}

/** The report: the lines of the block and the problems, from what discovery found. */
export function judgeDmarc(found: DmarcDiscovery, reports: ReportAuthorization[]): DmarcReport {
	const {domain, record, at} = found;
	const texts = found.problems.map(problem => `DMARC: ${shown(problem, 300)}.`);
	const lines: string[] = [];
	if (found.error !== undefined) texts.push(`DMARC of ${domain} not known: ${shown(found.error, 200)}.`);
	const policy = record && effectivePolicy(record);
	if (record) {
		const valid = policy !== undefined;
		if (record.errors.length > 0) {
			const consequence = valid ? 'receivers ignore what is wrong' : 'receivers ignore the whole record, so no policy applies';
			texts.push(`DMARC: the record at _dmarc.${at} is not valid (${record.errors.map(error => shown(error, 200)).join('; ')}): ${consequence}.`);
		}
		if (valid) {
			lines.push(`  ${record.p ? `p=${policy}` : 'no valid p=, read as none'}: ${MEANING[policy]}`, ...tagLines(record, policy));
			if (at !== domain) lines.push(`  ${domain} is a subdomain: ${record.sp ? `sp=${record.sp}` : `p=${policy}`} of ${at} applies to it`);
		}
		lines.push(...reportLines(record, at!), ...record.notes.map(note => `  note: ${shown(note, 200)}`));
		texts.push(...reports.filter(report => !report.authorized).map(report => unauthorized(report, at!)));
	}
	return {...found, ...(policy && {policy}), reports, lines, problems: texts.map(text => ({severity: 'warning', text}))};
}

/** The block's first line: the record and where it was found, or that there is none. */
function headline(report: DmarcReport): string {
	const {domain, record, at} = report;
	if (!record) {
		if (report.error !== undefined) return `DMARC for ${domain}: not known (${shown(report.error, 200)})`;
		return `DMARC: no record for ${domain} (no _dmarc TXT record at it or a parent domain): receivers apply no policy, and Gmail and Yahoo require a DMARC record of bulk senders; p=none is enough for them: publish "v=DMARC1; p=none; rua=mailto:dmarc-reports@${report.orgDomain}" at _dmarc.${report.orgDomain}`;
	}
	const where = at === domain ? `at _dmarc.${at}` : `at _dmarc.${at}, inherited from the organizational domain: none at _dmarc.${domain}`;
	return `DMARC for ${domain}: ${shown(record.text, 300)} (${where})`;
}

/** The block printed after the table: the record, what its policy means, reports, and each problem. */
export function formatDmarc(report: DmarcReport): string {
	// A failed lookup is the headline already.
	const problems = report.problems.filter(problem => report.record || report.error === undefined || !problem.text.startsWith(`DMARC of ${report.domain} not known:`));
	return `${[headline(report), ...report.lines, ...problems.map(problem => `  ${problem.text}`)].join('\n')}\n`;
}
