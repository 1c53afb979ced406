// `check --nagios`: the monitoring-plugins output (Nagios, Icinga, Naemon, Checkmk, Zabbix's plugin items), so a
// check runs as a service check with no wrapper: a status line with performance data, the verdict as long output,
// and the plugin's exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
import {endpoint} from '../transport/connect-error.js';
import {daysLeftText} from '../transport/certificate-expiry.js';
import type {CheckReport} from './check.js';
import type {ProbeResult} from './check-probe.js';
import {expiresWithin, soonestEnd} from './check-expiry.js';
import {STATUS_LABELS} from './check-output.js';
import {answered} from './check-verdict.js';

const NAGIOS_STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
export type NagiosState = (typeof NAGIOS_STATES)[number];

/**
 * A monitor names the ports it expects up: any probe that does not answer, or a certificate that has expired, is
 * CRITICAL; one with fewer than --cert-days left is a WARNING; a check cut short by a signal is UNKNOWN.
 */
export function nagiosState(report: CheckReport, certDays: number): NagiosState {
	if (report.interrupted) return 'UNKNOWN';
	if (report.results.length === 0 || !report.results.every(answered)) return 'CRITICAL';
	if (report.results.some(result => (soonestEnd(result.tls)?.daysLeft ?? 0) < 0)) return 'CRITICAL';
	// MTA-STS: an MX host senders refuse is mail lost; any other problem of the policy or of TLS-RPT, a warning.
	const problems = report.mtaSts?.problems ?? [];
	if (problems.some(problem => problem.severity === 'refused')) return 'CRITICAL';
	return problems.length > 0 || report.results.some(result => expiresWithin(result, certDays)) ? 'WARNING' : 'OK';
}

/** One probe in the status line: "mx.example.com:25 open in 0.110 s, certificate 5 days left". */
function probeSummary(result: ProbeResult, certDays: number): string {
	const time = result.timeToBannerMs === undefined ? '' : ` in ${seconds(result.timeToBannerMs)} s`;
	const end = expiresWithin(result, certDays) ? soonestEnd(result.tls) : undefined;
	const whose = end?.chain ? `its ${end.chain.root ? 'root' : 'intermediate'} CA` : 'certificate';
	const certificate = end === undefined ? '' : `, ${whose} ${end.daysLeft < 0 ? 'EXPIRED' : daysLeftText(end.daysLeft)}`;
	return `${endpoint(result.host, result.port)} ${STATUS_LABELS[result.status]}${time}${certificate}`;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * Performance data, one label per probe ("time_25", or "time_mx1.example.com_25" for several hosts): the time to the
 * banner in seconds, and the certificate's days left with --cert-days as the warning range ("14:", below 14) and
 * "0:" as the critical one (expired). Labels keep only characters a plugin label may hold.
 */
function perfData(report: CheckReport, certDays: number): string {
	const several = new Set(report.results.map(result => result.host)).size > 1;
	const label = (what: string, result: ProbeResult) => `${what}_${several ? `${result.host}_` : ''}${result.port}`.replace(/[^\w.:-]/g, '_');
	return report.results
		.flatMap(result => {
			const end = soonestEnd(result.tls);
			return [
				...(result.timeToBannerMs === undefined ? [] : [`${label('time', result)}=${seconds(result.timeToBannerMs)}s;;;0`]),
				...(end === undefined ? [] : [`${label('cert_days', result)}=${end.daysLeft};${certDays > 0 ? `${certDays}:` : ''};0:;`]),
			];
		})
		.join(' ');
}

/** The plugin's output: "SMTP WARNING - summary | perfdata", then the verdict on the lines after it. */
export function formatNagios(report: CheckReport, certDays: number): string {
	const state = nagiosState(report, certDays);
	const problems = report.mtaSts?.problems ?? [];
	const mtaSts = problems.length === 0 ? '' : `, MTA-STS: ${problems.length} problem${problems.length === 1 ? '' : 's'}${problems.some(problem => problem.severity === 'refused') ? ' (senders will refuse an MX host)' : ''}`;
	const summary = report.results.length === 0 ? report.verdict : `${report.results.map(result => probeSummary(result, certDays)).join(', ')}${mtaSts}`;
	const perf = perfData(report, certDays);
	// A "|" in the text would start the performance data: the verdict quotes server text.
	const safe = (text: string) => text.replaceAll('|', '/');
	return `SMTP ${state} - ${safe(summary)}${perf ? ` | ${perf}` : ''}\n${report.results.length === 0 ? '' : `${safe(report.verdict)}\n`}`;
}

/** The plugin's exit code for its state. */
export const nagiosExitCode = (state: NagiosState): number => NAGIOS_STATES.indexOf(state);
