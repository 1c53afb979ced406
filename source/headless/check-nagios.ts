// `check --nagios`: the monitoring-plugins output (Nagios, Icinga, Naemon, Checkmk, Zabbix's plugin items), so a
// check runs as a service check with no wrapper: a status line with performance data, the verdict as long output,
// and the plugin's exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
import {endpoint} from '../transport/connect-error.js';
import {daysLeftText} from '../transport/certificate-expiry.js';
import type {CheckReport} from './check.js';
import type {ProbeResult} from './check-probe.js';
import type {CheckSettings} from './check-options.js';
import {expiresWithin, soonestEnd} from './check-expiry.js';
import {STATUS_LABELS} from './check-output.js';
import {answered, shown} from './check-verdict.js';
import {senderWarnings} from './check-sender.js';

const NAGIOS_STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
type NagiosState = (typeof NAGIOS_STATES)[number];

/** What decides the state besides the probes' statuses: --cert-days, --warn-after, --critical-after, --allow-unverified. */
type NagiosRules = Pick<CheckSettings, 'certDays' | 'warnAfterMs' | 'criticalAfterMs' | 'allowUnverified'>;

/**
 * What went wrong with STARTTLS on a port that answers, where send stops (exit 29): a certificate that does not
 * verify (the session came), or no TLS session at all. A refusal (454) is not here: send goes on unencrypted then.
 */
function starttlsProblem({status, tls}: ProbeResult): 'certificate' | 'failed' | undefined {
	if (status !== 'open' || tls === undefined || tls.authorized || tls.refused !== undefined) return undefined;
	return tls.protocol === undefined ? 'failed' : 'certificate';
}

/** The threshold a probe's time to its banner went over, the critical one first. */
function slowerThan(result: ProbeResult, rules: NagiosRules): {state: 'CRITICAL' | 'WARNING'; flag: string; ms: number} | undefined {
	const time = result.timeToBannerMs;
	if (time === undefined) return undefined;
	if (rules.criticalAfterMs !== undefined && time > rules.criticalAfterMs) return {state: 'CRITICAL', flag: '--critical-after', ms: rules.criticalAfterMs};
	if (rules.warnAfterMs !== undefined && time > rules.warnAfterMs) return {state: 'WARNING', flag: '--warn-after', ms: rules.warnAfterMs};
	return undefined;
}

/**
 * A monitor names the ports it expects up: any probe that does not answer, a certificate that has expired or does
 * not verify (unless --allow-unverified), a STARTTLS that fails, or a banner slower than --critical-after is
 * CRITICAL; a certificate with fewer than --cert-days left or a banner slower than --warn-after is a WARNING; a check
 * cut short by a signal is UNKNOWN.
 */
export function nagiosState(report: CheckReport, rules: NagiosRules): NagiosState {
	if (report.interrupted) return 'UNKNOWN';
	const {results} = report;
	if (results.length === 0 || !results.every(answered)) return 'CRITICAL';
	if (results.some(result => (soonestEnd(result.tls)?.daysLeft ?? 0) < 0)) return 'CRITICAL';
	if (results.some(result => notAccepted(starttlsProblem(result), rules))) return 'CRITICAL';
	// MTA-STS, DANE: an MX host senders refuse is mail lost; any other problem of theirs or of TLS-RPT, a warning, as
	// is every SPF and DMARC problem (a permerror fails SPF, not delivery: DKIM may still carry the mail), and this
	// machine's address without forward-confirmed reverse DNS or on a blocklist.
	const problems = [...(report.mtaSts?.problems ?? []), ...(report.dane?.problems ?? []), ...spfProblems(report), ...(report.dmarc?.problems ?? []), ...senderWarnings(report.sender)];
	if (problems.some(problem => problem.severity === 'refused')) return 'CRITICAL';
	const slow = results.map(result => slowerThan(result, rules)?.state);
	if (slow.includes('CRITICAL')) return 'CRITICAL';
	return problems.length > 0 || slow.includes('WARNING') || results.some(result => expiresWithin(result, rules.certDays)) ? 'WARNING' : 'OK';
}

/** No SPF record at all is said in the block but changes no state, as no DMARC record: existing monitors stay green. */
const spfProblems = (report: CheckReport) => (report.spf?.status === 'none' ? [] : (report.spf?.problems ?? []));

const notAccepted = (problem: ReturnType<typeof starttlsProblem>, rules: NagiosRules) => problem === 'failed' || (problem === 'certificate' && !rules.allowUnverified);

/**
 * One probe in the status line: "mx.example.com:25 open in 0.110 s, certificate 5 days left", with what else made
 * the state: "certificate NOT verified", "STARTTLS failed", "over --warn-after 5 s".
 */
function probeSummary(result: ProbeResult, rules: NagiosRules): string {
	const time = result.timeToBannerMs === undefined ? '' : ` in ${seconds(result.timeToBannerMs)} s`;
	const end = expiresWithin(result, rules.certDays) ? soonestEnd(result.tls) : undefined;
	const whose = end?.chain ? `its ${end.chain.root ? 'root' : 'intermediate'} CA` : 'certificate';
	const expired = end !== undefined && end.daysLeft < 0;
	const certificate = end === undefined ? '' : `, ${whose} ${expired ? 'EXPIRED' : daysLeftText(end.daysLeft)}`;
	// An expired certificate does not verify either: said once.
	const problem = starttlsProblem(result);
	const starttls = problem === 'failed' ? ', STARTTLS failed' : problem === 'certificate' && !expired ? ', certificate NOT verified' : '';
	const slow = slowerThan(result, rules);
	const threshold = slow === undefined ? '' : `, over ${slow.flag} ${thresholdSeconds(slow.ms)} s`;
	return `${endpoint(result.host, result.port)} ${STATUS_LABELS[result.status]}${time}${threshold}${certificate}${starttls}`;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
/** A threshold in seconds as given: "5", "2.5". */
const thresholdSeconds = (ms: number) => String(ms / 1000);

/**
 * Performance data, one label per probe ("time_25", or "time_mx1.example.com_25" for several hosts): the time to the
 * banner in seconds, with --warn-after and --critical-after as its warning and critical thresholds, and the
 * certificate's days left with --cert-days as the warning range ("14:", below 14) and "0:" as the critical one
 * (expired). Labels keep only characters a plugin label may hold.
 */
function perfData(report: CheckReport, rules: NagiosRules): string {
	const several = new Set(report.results.map(result => result.host)).size > 1;
	const label = (what: string, result: ProbeResult) => `${what}_${several ? `${result.host}_` : ''}${result.port}`.replace(/[^\w.:-]/g, '_');
	const threshold = (ms: number | undefined) => (ms === undefined ? '' : thresholdSeconds(ms));
	return report.results
		.flatMap(result => {
			const end = soonestEnd(result.tls);
			return [
				...(result.timeToBannerMs === undefined ? [] : [`${label('time', result)}=${seconds(result.timeToBannerMs)}s;${threshold(rules.warnAfterMs)};${threshold(rules.criticalAfterMs)};0`]),
				...(end === undefined ? [] : [`${label('cert_days', result)}=${end.daysLeft};${rules.certDays > 0 ? `${rules.certDays}:` : ''};0:;`]),
			];
		})
		.join(' ');
}

/** ", MTA-STS: 1 problem (senders will refuse an MX host)": a block's problems in the status line, when it has any. */
function problemsSummary(what: string, problems: ReadonlyArray<{severity: string}>): string {
	if (problems.length === 0) return '';
	return `, ${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}${problems.some(problem => problem.severity === 'refused') ? ' (senders will refuse an MX host)' : ''}`;
}

/** The plugin's output: "SMTP WARNING - summary | perfdata", then the verdict on the lines after it. */
export function formatNagios(report: CheckReport, rules: NagiosRules): string {
	const state = nagiosState(report, rules);
	const blocks = `${problemsSummary('MTA-STS', report.mtaSts?.problems ?? [])}${problemsSummary('DANE', report.dane?.problems ?? [])}${problemsSummary('SPF', spfProblems(report))}${problemsSummary('DMARC', report.dmarc?.problems ?? [])}${problemsSummary('sender', senderWarnings(report.sender))}`;
	const summary = report.results.length === 0 ? report.verdict : `${report.results.map(result => probeSummary(result, rules)).join(', ')}${blocks}`;
	const perf = perfData(report, rules);
	// A "|" in the text would start the performance data: the verdict quotes server text.
	const safe = (text: string) => text.replaceAll('|', '/');
	// The status line counts SPF's warnings and DMARC's and the sender's problems, which the verdict leaves to their blocks: named here.
	const unsaid = [...spfProblems(report).filter(problem => problem.severity === 'warning'), ...(report.dmarc?.problems ?? []), ...senderWarnings(report.sender)].map(problem => `${safe(shown(problem.text, 600))}\n`);
	return `SMTP ${state} - ${safe(summary)}${perf ? ` | ${perf}` : ''}\n${report.results.length === 0 ? '' : `${safe(report.verdict)}\n${unsaid.join('')}`}`;
}

/** The plugin's exit code for its state. */
export const nagiosExitCode = (state: NagiosState): number => NAGIOS_STATES.indexOf(state);
