// What `smtp-tui check` prints: the MX list, the results table and the verdict as text, or JSON lines.
import {seconds} from '../transport/connect-error.js';
import type {ProbeResult, ProbeStatus} from '../transport/probe.js';
import {shortVerifyReason} from '../transport/tls-info.js';
import type {CheckPlan, CheckReport, MxEntry} from './check.js';
import {listOf, shown} from './check-verdict.js';
import {safeJson} from './escape.js';

const LABELS: Record<ProbeStatus, string> = {
	open: 'open',
	refused: 'refused',
	filtered: 'filtered',
	silent: 'silent',
	'closed-before-banner': 'closed before banner',
	'refused-service': 'service refused',
	'tls-ok': 'TLS ok',
	'tls-failed': 'TLS failed',
	'dns-failed': 'DNS failed',
	unreachable: 'unreachable',
	error: 'error',
};

function mxLine(entry: MxEntry): string {
	const addresses = entry.addresses.length > 0 ? entry.addresses.join(', ') : '(no address)';
	return `  ${String(entry.priority).padStart(5)}  ${entry.exchange}  ${addresses}${entry.probed ? '' : '  (not probed, see --mx-hosts)'}`;
}

/** The MX hosts found (or the implicit fallback), and what is about to be probed. */
export function formatPlan(report: CheckPlan): string {
	const lines: string[] = [];
	const {mx} = report;
	if (mx?.hosts[0]?.implicit) {
		const addresses = mx.hosts[0].addresses.join(', ') || 'no address';
		lines.push(`No MX record for ${mx.domain}: its own address receives mail (RFC 5321 §5.1): ${addresses}`);
	} else if (mx) {
		lines.push(`MX for ${mx.domain} (preference, host, addresses):`, ...mx.hosts.map(mxLine));
	}
	const hosts = report.hosts.length === 1 ? report.hosts[0] : `${report.hosts.length} hosts`;
	const ports = report.ports.length === 1 ? `port ${report.ports[0]}` : `ports ${listOf(report.ports)}`;
	lines.push(`Probing ${ports} on ${hosts} (timeout ${seconds(report.timeoutMs)})...`);
	return `${lines.join('\n')}\n`;
}

function hostCell(result: ProbeResult): string {
	return result.address && result.address !== result.host ? `${result.host} (${result.address})` : result.host;
}

/** How much of a server's text a cell shows: cut to fit a terminal, whole for a file or a pipe. */
type Cut = {detail: number; subject: number};
const FIT: Cut = {detail: 60, subject: 40};
const WHOLE: Cut = {detail: 2000, subject: 2000};

function detailCell(result: ProbeResult, cut: Cut): string {
	if (result.banner) return shown(`${result.banner.code} ${result.banner.text}`, cut.detail);
	return shown(result.error ?? result.tls?.error ?? '', cut.detail);
}

function tlsCell(result: ProbeResult, cut: Cut): string {
	const {tls} = result;
	if (tls?.protocol !== undefined) {
		const subject = shown(tls.subject ?? '', cut.subject);
		if (tls.authorized) return `${tls.protocol}, verified (${subject})`;
		// The verdict below explains it; the cell names what is wrong in smtp-tui's words, not OpenSSL's.
		return `${tls.protocol}, NOT verified: ${shown(shortVerifyReason(tls.error ?? '', tls.issuer), cut.detail)}`;
	}
	if (tls) return 'handshake failed';
	if (result.starttls === true) return 'STARTTLS offered';
	if (result.starttls === false) return 'no STARTTLS';
	if (result.ehloProblem !== undefined) return shown(result.ehloProblem, cut.detail);
	return '';
}

/** Where the table goes: a terminal's width to fit, or whole text for a file or a pipe. */
export type TableLayout = {whole?: boolean; columns?: number};

/** The layout for `stdout`: a terminal's width when it has one, whole text when it is not a terminal. */
export function tableLayout(stdout: NodeJS.WritableStream): TableLayout {
	const {isTTY, columns} = stdout as {isTTY?: boolean; columns?: number};
	if (isTTY !== true) return {whole: true};
	return typeof columns === 'number' && columns > 0 ? {columns} : {};
}

const GAP = 2;
// Columns of free text (banner or error, TLS) that may shrink to fit a terminal, and how far: the TLS
// column keeps its fixed phrases ("handshake failed", "STARTTLS offered") whole.
const SHRINKABLE: ReadonlyMap<number, number> = new Map([
	[4, 20],
	[5, 16],
]);

function cutTo(cell: string, width: number): string {
	return cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
}

/** Narrows the free-text columns, the widest first, until the row fits `columns` or each is at its minimum. */
function fitWidths(widths: number[], columns: number): number[] {
	const fitted = [...widths];
	let excess = fitted.reduce((sum, width) => sum + width, 0) + GAP * (fitted.length - 1) - columns;
	while (excess > 0) {
		const [widest] = [...SHRINKABLE].filter(([column, min]) => fitted[column]! > min).sort(([a], [b]) => fitted[b]! - fitted[a]!);
		if (widest === undefined) break;
		fitted[widest[0]]!--;
		excess--;
	}
	return fitted;
}

/** The results as an aligned table, one row per probe, fitted to `columns` when given (a terminal). */
export function formatTable(results: readonly ProbeResult[], options: TableLayout = {}): string {
	const cut = options.whole ? WHOLE : FIT;
	const header = ['HOST', 'PORT', 'STATUS', 'TIME', 'BANNER / DETAIL', 'TLS'];
	const rows = results.map(result => [
		hostCell(result),
		String(result.port),
		LABELS[result.status],
		result.timeToBannerMs === undefined ? '' : `${result.timeToBannerMs} ms`,
		detailCell(result, cut),
		tlsCell(result, cut),
	]);
	const natural = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
	const widths = options.whole || options.columns === undefined ? natural : fitWidths(natural, options.columns);
	return [header, ...rows].map(row => `${row.map((cell, column) => cutTo(cell, widths[column]!).padEnd(widths[column]!)).join(' '.repeat(GAP)).trimEnd()}\n`).join('');
}

/**
 * One probe as one line, for a panel too narrow for the table (the dashboard's log, which wraps it): "port 25
 * refused: connection refused ... | TLS ...".
 */
export function formatProbeLine(result: ProbeResult): string {
	const time = result.timeToBannerMs === undefined ? '' : ` in ${result.timeToBannerMs} ms`;
	const detail = detailCell(result, WHOLE);
	const tls = tlsCell(result, WHOLE);
	return `port ${result.port} ${LABELS[result.status]}${time}${detail ? `: ${detail}` : ''}${tls ? `; ${tls}` : ''}`;
}

/** Text mode after the probes: table, blank line, verdict. `whole`: server text uncut (output to a file or pipe). */
export function formatReport(report: CheckReport, options: TableLayout = {}): string {
	const table = report.results.length > 0 ? `${formatTable(report.results, options)}\n` : '';
	return `${table}${report.verdict}\n`;
}

/** JSON mode: one line per probe, then one with the verdict (and the MX list when there was one). */
export function formatJson(report: CheckReport): string {
	const lines = report.results.map(result => ({type: 'probe', ...result}));
	// `ok` as send's result line has it: a script tests one field for either command.
	const verdict = {type: 'verdict', target: report.target, ...(report.mx && {mx: report.mx}), verdict: report.verdict, ok: report.exitCode === 0, exitCode: report.exitCode};
	return [...lines, verdict].map(line => `${safeJson(line)}\n`).join('');
}
