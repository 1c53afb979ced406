// The rows of `smtp-tui inbox`'s log panel: serve's warnings (listening beyond loopback, a certificate not kept or
// made again) and its certificate line and addresses (what a workshop hands out) are said once at start, so they stay
// pinned above the other lines rather than scroll away unseen (CaughtLog keeps them apart); the other lines follow
// the newest, or scroll back as the dashboard's protocol log does (log-scroll).
import type {CaughtLines} from '../headless/catcher.js';
import {isCertificateLine} from '../headless/pinned-lines.js';
import {printable, textWidth, truncateText, truncateWords, wrapText} from './components/display-text.js';
import {newEntryCount, scrolledIndicator, windowRows, type LogScroll, type LogView} from './components/log-scroll.js';
import {keyFor} from './keys/bindings.js';

/** One of serve's lines, numbered as it came (the scroll keeps its place by the number while lines come and go). */
type LogLine = {id: number; text: string};

/** `indicator`: scrolled up, the last row says what is below and how much of it is new. */
type LogPanelRows = {pinned: string[]; rows: string[]; indicator?: string};

/** A line `width` wide, going on under itself indented (a long line: the certificate's). */
const wrapped = (line: string, width: number) => wrapText(printable(line), width, Math.max(1, width - 2)).map((row, part) => (part === 0 ? row : `  ${row}`));

/** "certificate SHA-256 AB:…:EF (/path/certificate.pem)": the fingerprint and the file to hand out. */
const CERTIFICATE_PARTS = /^(certificate SHA-256 )(\S+)(?: \((.*)\))?$/;

/**
 * The certificate's line as rows to read out or copy onto a slide: the fingerprint on one row, else in two halves
 * one under the other (cut at a colon, not wherever the row ends), then the file's path on a row of its own.
 */
function certificateRows(line: string, width: number): string[] {
	const parts = CERTIFICATE_PARTS.exec(line);
	if (!parts) return wrapped(line, width);
	const [, label, fingerprint, file] = parts as unknown as [string, string, string, string | undefined];
	const bytes = fingerprint.split(':');
	const half = Math.ceil(bytes.length / 2);
	const fingerprintRows = textWidth(label + fingerprint) <= width ? [label + fingerprint] : [label + bytes.slice(0, half).join(':'), ' '.repeat(label.length) + bytes.slice(half).join(':')];
	const path = file === undefined ? [] : wrapped(`(${file})`, Math.max(1, width - 2)).map(row => `  ${row}`);
	return [...fingerprintRows, ...path].map(row => truncateText(printable(row), width));
}

/** A pinned line whole, in rows. */
const pinRows = (line: string, width: number) => (isCertificateLine(line) ? certificateRows(line, width) : wrapped(line, width));

/**
 * The pinned lines in `room` rows, in the order said: whole where they fit; else the certificate's whole (a
 * fingerprint cut is of no use) where it fits, and the warnings one row each, cut, the first kept (the address
 * warning comes first).
 */
function pinnedRows(pins: readonly string[], width: number, room: number): string[] {
	const whole = pins.flatMap(line => pinRows(line, width));
	if (whole.length <= room) return whole;
	const certificate = pins.filter(isCertificateLine).flatMap(line => pinRows(line, width)).length;
	const keepCertificate = certificate <= room;
	let oneRows = room - (keepCertificate ? certificate : 0);
	return pins.flatMap(line => {
		if (keepCertificate && isCertificateLine(line)) return pinRows(line, width);
		return oneRows-- > 0 ? [truncateText(printable(line), width)] : [];
	});
}

/** The pinned lines' rows, leaving a row for the log. */
const pinnedFor = (pins: readonly string[], width: number, rows: number) => pinnedRows(pins, width, Math.max(0, rows - 1));

/** What the scroll keys move through: the lines under the pinned ones, `rows` rows `width` wide. */
export function logPanelView({pinned, lines, total}: CaughtLines, width: number, rows: number): LogView<LogLine> {
	const first = total - lines.length + 1;
	return {
		entries: lines.map((text, index) => ({id: first + index, text})),
		total,
		height: Math.max(1, rows - pinnedFor(pinned, width, rows).length),
		rowCount: line => wrapped(line.text, width).length,
		// Scrolled too, no line shown cut at its start (see newestRows).
		wholeEntries: true,
	};
}

/**
 * The newest lines in `left` rows, whole: a line whose first rows were cut away would read as a line of its own.
 * The oldest line shown, where its rows do not all fit, is cut at its end instead, with `…` (at 80x24 with pinned
 * lines, `accepted message 2 … saved as 2.eml` takes three rows of the two left: its start, not a blank row).
 */
function newestRows(lines: readonly string[], width: number, left: number): string[] {
	const newest: string[] = [];
	for (let index = lines.length - 1; index >= 0 && newest.length < left; index--) {
		const line = wrapped(lines[index]!, width);
		if (newest.length + line.length > left) {
			const head = line.slice(0, left - newest.length);
			// The last row kept says more follows: one "…", after its last whole word (the row may be full to its edge).
			head[head.length - 1] = truncateWords(`${head.at(-1)!.trimEnd()} ${line[head.length]!.trimStart()}`, width);
			newest.unshift(...head);
			break;
		}
		newest.unshift(...line);
	}
	return newest;
}

/**
 * `rows` rows `width` wide: the pinned lines first (see pinnedRows), then the other lines: following, the newest
 * (newestRows); scrolled, from the scroll position, with the indicator of what is below.
 */
export function logPanelRows(log: CaughtLines, width: number, rows: number, scroll: LogScroll = {follow: true}): LogPanelRows {
	const pinned = pinnedFor(log.pinned, width, rows);
	if (scroll.follow) return {pinned, rows: newestRows(log.lines, width, Math.max(1, rows - pinned.length))};
	const shown = windowRows(scroll, logPanelView(log, width, rows), line => wrapped(line.text, width));
	const indicator = scrolledIndicator(shown.below, newEntryCount(scroll, log.total), `${keyFor('log.end')}: follow`);
	return {pinned, rows: shown.rows, indicator: truncateText(indicator, width)};
}

/** The rows the pinned lines take whole at `width`: the panel grows by some of them (see the inbox's geometry). */
export const pinnedRowCount = (pins: readonly string[], width: number) => pinnedRows(pins, width, Number.MAX_SAFE_INTEGER).length;
