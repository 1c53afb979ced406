// What `smtp-tui check` prints: the MX list, the results table and the verdict as text, or JSON lines.
import {seconds} from '../transport/connect-error.js';
import {routeWords} from '../transport/address-family.js';
import type {ProbeResult} from './check-probe.js';
import {shortVerifyReason} from '../transport/tls-info.js';
import type {CheckPlan, CheckReport, CheckRow, MxEntry} from './check.js';
import {mxWarnings} from '../transport/mx.js';
import {handshakeTail, listOf, rejectedPort, shown} from './check-verdict.js';
import {safeJson} from '../text/escape.js';
import {CLOSE_DAYS, daysLeftText} from '../transport/certificate-expiry.js';
import {soonestEnd} from './check-expiry.js';
import {hanging, wrapWords} from '../text/wrap-words.js';
import {columnsOf, padColumns} from '../text/columns.js';
import {formatMtaSts} from './check-mta-sts.js';
import {formatDane} from './check-dane.js';
import {formatDmarc} from './check-dmarc.js';
import {formatSpf} from './check-spf.js';
import {formatSender} from './check-sender.js';
import {asciiStandIns, writesAscii} from './terminal-ascii.js';

/** A status in the table's words (--json's codes are for scripts). */
export const STATUS_LABELS: Readonly<Record<CheckRow['status'], string>> = {
	open: 'open',
	refused: 'refused',
	filtered: 'filtered',
	silent: 'silent',
	'greeting-unfinished': 'greeting unfinished',
	'closed-before-banner': 'closed before banner',
	'refused-service': 'service refused',
	'tls-ok': 'TLS ok',
	'tls-failed': 'TLS failed',
	'dns-failed': 'DNS failed',
	unreachable: 'unreachable',
	error: 'error',
	interrupted: 'interrupted',
};

function mxLine(entry: MxEntry): string {
	const addresses = entry.addresses.length > 0 ? entry.addresses.join(', ') : '(no address)';
	return `  ${String(entry.priority).padStart(5)}  ${entry.exchange}  ${addresses}${entry.probed ? '' : '  (not probed, see --mx-hosts)'}`;
}

/** The MX hosts found (or the implicit fallback), and what is about to be probed; on a terminal, wrapped at spaces to its width. */
export function formatPlan(report: CheckPlan, layout: TableLayout = {whole: true}): string {
	const lines: string[] = [];
	const {mx} = report;
	if (mx?.hosts[0]?.implicit) {
		const addresses = mx.hosts[0].addresses.join(', ') || 'no address';
		lines.push(`No MX record for ${mx.domain}: its own address receives mail (RFC 5321 §5.1): ${addresses}`);
	} else if (mx) {
		lines.push(`MX for ${mx.domain} (preference, host, addresses):`, ...mx.hosts.map(mxLine));
		lines.push(...mxWarnings(mx.domain, mx.hosts).map(warning => `Warning: ${warning}.`));
	}
	const hosts = report.hosts.length === 1 ? report.hosts[0] : `${report.hosts.length} hosts`;
	const ports = report.ports.length === 1 ? `port ${report.ports[0]}` : `ports ${listOf(report.ports)}`;
	const proxy = report.proxy === undefined ? '' : `, each with a PROXY v${report.proxy} header first`;
	const socks = report.socks === undefined ? '' : ` through the SOCKS proxy ${report.socks}`;
	lines.push(`Probing ${ports} on ${hosts}${routeWords(report.route ?? {})}${socks}${proxy} (timeout ${seconds(report.timeoutMs)}${report.greetingTimeoutMs === undefined ? '' : `, ${seconds(report.greetingTimeoutMs)} for the banner`})...`);
	const text = asShown(lines.join('\n'), layout);
	return `${layout.whole ? text : hanging(text, layout.columns ?? DEFAULT_COLUMNS)}\n`;
}

function hostCell(result: CheckRow): string {
	return result.address && result.address !== result.host ? `${result.host} (${result.address})` : result.host;
}

/** How much of a server's text a cell shows: on a terminal all but runaway text, whole for a file or a pipe. */
/** `keepControls`: server text as received, for the dashboard's log, which escapes it as it does every reply (ESC as ^[). */
type Cut = {detail: number; subject: number; keepControls?: true};
/** A terminal: the table where it fits whole, else a line per probe, wrapped; only runaway server text is cut. */
const TERMINAL: Cut = {detail: 200, subject: 80};
const WHOLE: Cut = {detail: 2000, subject: 2000};
const LOG_LINE: Cut = {...WHOLE, keepControls: true};

/**
 * An "unreachable" the verdict calls a firewall's reject (another port of the host answers): said so in the row too,
 * with the error's code ("rejected: an ICMP "unreachable" for this port (EHOSTUNREACH)") and any other address's failure.
 */
function rejectedDetail(error: string): string {
	const [first = '', ...others] = error.split('; ');
	const code = /\((E[A-Z]+)\)/.exec(first)?.[1];
	return ['rejected: an ICMP "unreachable" for this port' + (code === undefined ? '' : ` (${code})`), ...others].join('; ');
}

/** The words for an "unreachable" that `all` the rows of the check show to be a firewall's reject of this port, if it is one. */
function rejectedWords(result: CheckRow, all: readonly CheckRow[]): string | undefined {
	return result.status === 'unreachable' && result.error !== undefined && rejectedPort(result, all.filter(isResult)) ? rejectedDetail(result.error) : undefined;
}

/** `all`: every row of the check, which decides whether an "unreachable" is a firewall's reject of this port. */
function detailCell(result: CheckRow, cut: Cut, all: readonly CheckRow[]): string {
	if (result.banner) return shown(`${result.banner.code} ${result.banner.text}`, cut.detail, cut.keepControls);
	return shown(rejectedWords(result, all) ?? result.error ?? result.tls?.error ?? '', cut.detail, cut.keepControls);
}

const isResult = (row: CheckRow): row is ProbeResult => row.status !== 'interrupted';

/** Until the banner, or, for a connection closed (or reset) before it, until the close. */
function timeOf(result: CheckRow): number | undefined {
	return result.timeToBannerMs ?? result.timeToCloseMs;
}

/** A TLS session's protocol and certificate: verified, or what is wrong in smtp-tui's words, not OpenSSL's. */
function sessionCell(tls: NonNullable<CheckRow['tls']>, cut: Cut): string {
	const subject = shown(tls.subject ?? '', cut.subject, cut.keepControls);
	if (tls.authorized) return `${tls.protocol}, verified (${subject})${endCell(tls, cut)}`;
	// The verdict below explains it.
	return `${tls.protocol}, NOT verified: ${shown(shortVerifyReason(tls.error ?? '', tls.issuer), cut.detail, cut.keepControls)}${endCell(tls, cut)}`;
}

/**
 * How close the certificate is to the end of its validity, or of its chain's, when it is close (an expired one's reason
 * says so already): ", 9 days left", ", intermediate CA CN=R3: 9 days left".
 */
function endCell(tls: NonNullable<CheckRow['tls']>, cut: Cut): string {
	const end = soonestEnd(tls);
	if (end === undefined || end.daysLeft < 0 || end.daysLeft >= CLOSE_DAYS) return '';
	const left = daysLeftText(end.daysLeft);
	return end.chain ? `, ${end.chain.root ? 'root' : 'intermediate'} CA ${shown(end.chain.subject, cut.subject, cut.keepControls)}: ${left}` : `, ${left}`;
}

/** What came of STARTTLS (check goes on with it): the session as implicit TLS shows it, or where it stopped. */
function starttlsCell(tls: NonNullable<CheckRow['tls']>, cut: Cut): string {
	if (tls.protocol !== undefined) return `STARTTLS, ${sessionCell(tls, cut)}${tls.clientCertificate === undefined ? '' : '; client certificate demanded'}`;
	const handshake = handshakeTail(tls.error ?? '');
	if (handshake !== undefined) return `STARTTLS, handshake ${shown(handshake, cut.detail, cut.keepControls)}`;
	// "STARTTLS refused: 454 …", "no reply to STARTTLS within 8 s", an injection: each names STARTTLS.
	return shown(tls.error ?? '', cut.detail, cut.keepControls);
}

function tlsCell(result: CheckRow, cut: Cut): string {
	const {tls} = result;
	if (result.starttls === true && tls) return starttlsCell(tls, cut);
	if (tls?.protocol !== undefined) return sessionCell(tls, cut);
	if (tls) return 'handshake failed';
	if (result.starttls === true) return 'STARTTLS offered';
	if (result.starttls === false) return 'no STARTTLS';
	if (result.ehloProblem !== undefined) return shown(result.ehloProblem, cut.detail, cut.keepControls);
	return '';
}

/**
 * Where the table goes: a terminal's width to fit (and the verdict wrapped at spaces to it), or whole text for a
 * file or a pipe (the verdict on one line, for grep).
 */
type TableLayout = {whole?: boolean; columns?: number; ascii?: true};

/** The layout for `stdout`: a terminal's width when it has one, whole text when it is not a terminal. */
export function tableLayout(stdout: NodeJS.WritableStream): TableLayout {
	const {isTTY, columns} = stdout as {isTTY?: boolean; columns?: number};
	if (isTTY !== true) return {whole: true};
	const ascii = writesAscii(stdout) ? {ascii: true as const} : {};
	return typeof columns === 'number' && columns > 0 ? {columns, ...ascii} : ascii;
}

/** `text` as the terminal will show it: measured, cut and wrapped so, or a '…' written as '...' overflows the row. */
const asShown = (text: string, layout: TableLayout) => (layout.ascii ? asciiStandIns(text) : text);

/** A terminal that does not say how wide it is: the usual width. */
const DEFAULT_COLUMNS = 80;


const GAP = 2;


/**
 * The results as an aligned table, one row per probe, fitted to `columns` when given (a terminal). A terminal too
 * narrow for the table's cells, whole, gets a line per probe instead (see probeLines): a cell cut short would hide
 * the words that matter ("NOT verified"), and a row wider than the terminal is broken by it mid-word.
 */
export function formatTable(results: readonly CheckRow[], options: TableLayout = {}): string {
	const table = tableOf(results, options);
	return table ?? probeLines(results, options);
}

/** On a terminal: "HOST port N STATUS in T ms: DETAIL; TLS", each probe wrapped at spaces to `columns`, under itself. */
function probeLines(results: readonly CheckRow[], layout: TableLayout): string {
	return results.map(result => `${hanging(asShown(`${hostCell(result)} ${probeText(result, results, TERMINAL)}`, layout), layout.columns ?? DEFAULT_COLUMNS)}\n`).join('');
}

/** The aligned table, or undefined on a terminal narrower than its cells need, whole. */
function tableOf(results: readonly CheckRow[], options: TableLayout): string | undefined {
	const cut = options.whole ? WHOLE : TERMINAL;
	const header = ['HOST', 'PORT', 'STATUS', 'TIME', 'BANNER / DETAIL', 'TLS'];
	const rows = results.map(result => [
		hostCell(result),
		String(result.port),
		STATUS_LABELS[result.status],
		timeOf(result) === undefined ? '' : `${timeOf(result)} ms`,
		detailCell(result, cut, results),
		tlsCell(result, cut),
	].map(cell => asShown(cell, options)));
	// In columns, not characters: a banner in CJK or with an emoji pushed the TLS column out of line, past the width.
	const natural = header.map((title, column) => Math.max(title.length, ...rows.map(row => columnsOf(row[column]!))));
	const width = natural.reduce((sum, column) => sum + column, 0) + GAP * (natural.length - 1);
	if (!options.whole && width > (options.columns ?? DEFAULT_COLUMNS)) return undefined;
	return [header, ...rows].map(row => `${row.map((cell, column) => padColumns(cell, natural[column]!)).join(' '.repeat(GAP)).trimEnd()}\n`).join('');
}

/**
 * One probe as one line, for a panel too narrow for the table (the dashboard's log, which wraps it): "port 25
 * refused: connection refused ... | TLS ...". `all`: every result of the check (see detailCell).
 */
export function formatProbeLine(result: ProbeResult, all: readonly ProbeResult[] = [result]): string {
	return probeText(result, all, LOG_LINE);
}

function probeText(result: CheckRow, all: readonly CheckRow[], cut: Cut): string {
	const time = timeOf(result) === undefined ? '' : ` in ${timeOf(result)} ms`;
	const detail = detailCell(result, cut, all);
	const tls = tlsCell(result, cut);
	return `port ${result.port} ${STATUS_LABELS[result.status]}${time}${detail ? `: ${detail}` : ''}${tls ? `; ${tls}` : ''}`;
}

/**
 * Text mode after the probes: table, blank line, verdict. `whole`: server text uncut and the verdict on one line
 * (output to a file or pipe); on a terminal, the verdict is wrapped at spaces to its width.
 */
export function formatReport(report: CheckReport, options: TableLayout = {}): string {
	const table = report.rows.length > 0 ? `${formatTable(report.rows, options)}\n` : '';
	// A blank line between the blocks: four of them (MTA-STS, DANE, SPF, DMARC) read as one wall of text otherwise.
	const block = [report.mtaSts && formatMtaSts(report.mtaSts), report.dane && formatDane(report.dane), report.spf && formatSpf(report.spf), report.dmarc && formatDmarc(report.dmarc), report.sender && formatSender(report.sender)].filter(Boolean).join('\n');
	const blocks = block && `${options.whole ? block.trimEnd() : hanging(asShown(block.trimEnd(), options), options.columns ?? DEFAULT_COLUMNS)}\n\n`;
	const verdict = options.whole ? report.verdict : wrapWords(asShown(report.verdict, options), options.columns ?? DEFAULT_COLUMNS);
	return `${table}${blocks}${verdict}\n`;
}

/**
 * One --json line for one probe (a result, or one that was interrupted), judged with `all` the rows known: `detail`,
 * the table's words, for a port a firewall rejects, where `error` keeps the system's. What the verdict reads as data
 * (`tlsFailure`, `otherFamilyOnly`) is smtp-tui's own, not part of the documented line.
 */
function formatJsonProbe(row: CheckRow, all: readonly CheckRow[] = [row]): string {
	const detail = rejectedWords(row, all);
	const {tlsFailure: _tls, otherFamilyOnly: _family, socksFailed: _socks, socksReport: _report, certificates: _certificates, outgoingAddress: _outgoing, ...shown} = row as ProbeResult;
	return `${safeJson({type: 'probe', ...shown, ...(detail !== undefined && {detail})})}\n`;
}

/**
 * --json's probe lines as the probes finish, in plan order (hosts, then ports): an unreachable port is held until
 * every port of its host has finished, since only they tell a firewall's reject of that port from no route.
 * `results` calls come in plan order; what is still held when the check ends goes out with the verdict.
 */
export class JsonProbeLines {
	readonly #write: (line: string) => void;
	readonly #seen: CheckRow[] = [];
	#held = 0;
	/** How many lines went out. */
	printed = 0;

	constructor(write: (line: string) => void) {
		this.#write = write;
	}

	result(row: CheckRow): void {
		this.#seen.push(row);
		this.#held++;
		while (this.#held > 0) {
			const next = this.#seen[this.printed]!;
			// Judged once a later row is of another host: every port of this one is in.
			if (next.status === 'unreachable' && this.#seen.at(-1)!.host === next.host) break;
			this.#write(formatJsonProbe(next, this.#seen));
			this.printed++;
			this.#held--;
		}
	}
}

/**
 * JSON mode: one line per probe, in plan order (hosts, then ports), then one with the verdict (and the MX list
 * when there was one; `interrupted` with the signal's name when one cut the check short). `printed`: how many
 * probe lines went out already, as the probes finished.
 */
export function formatJson(report: CheckReport, printed = 0): string {
	const lines = report.rows.slice(printed).map(row => formatJsonProbe(row, report.rows));
	// `ok` as send's result line has it: a script tests one field for either command.
	const verdict = {
		type: 'verdict',
		target: report.target,
		...(report.mx && {mx: report.mx}),
		...(report.mtaSts && {mtaSts: report.mtaSts}),
		...(report.dane && {dane: report.dane}),
		...(report.dmarc && {dmarc: report.dmarc}),
		...(report.spf && {spf: report.spf}),
		...(report.sender && {sender: report.sender}),
		verdict: report.verdict,
		...(report.interrupted && {interrupted: report.interrupted}),
		ok: report.exitCode === 0,
		exitCode: report.exitCode,
	};
	return `${lines.join('')}${safeJson(verdict)}\n`;
}
