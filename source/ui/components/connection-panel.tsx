// The connection panel: the target and its settings (editable while focused), then what the server told us:
// banner, TLS details, advertised extensions with a one-line explanation each. As many rows as fit, by priority.
import React, {type ReactElement} from 'react';
import {Box, Text} from 'ink';
import type {SessionSnapshot} from '../../session/types.js';
import {greetsAsSandbox} from '../../sandbox/banner.js';
import {groupDigits} from '../../smtp/digits.js';
import type {TlsPolicy} from '../../smtp/types.js';
import {explainExtension as explainKeyword} from '../../smtp/codes.js';
import {certificateDate, issuerText, validityText} from '../../transport/tls-info.js';
import {describeClientCertificate, expired} from '../../transport/client-certificate.js';
import {allowsOldTls, rangeFlags, rangeWords} from '../../transport/tls-versions.js';
import {hostPort, isSocketPath} from '../../transport/host-port.js';
import {GLYPH, MARK, secondary, useTheme} from '../theme.js';
import {SECURITY_LABELS} from './connection-form.js';
import {printable, textWidth, truncateText, wrapText} from './display-text.js';
import {activeField, formValue, type FormState} from './form-state.js';
import {targetLayout, type TargetParts} from './target-line.js';
import {TextField} from './text-field.js';
import {ChoiceRow} from './choice-row.js';
import {ehloLabel, ehloPlaceholder, ehloReason} from '../ehlo-field.js';
import {untrustedWords} from '../trust-advice.js';

export type ConnectionInfo = Pick<
	SessionSnapshot,
	'target' | 'connection' | 'endpoints' | 'secure' | 'tls' | 'refusedCertificate' | 'greeting' | 'extensions' | 'authenticated'
>;

/** One-line explanation of an EHLO keyword; smtp/codes.ts's by default. */
export type ExplainExtension = (keyword: string, params: readonly string[]) => string | undefined;

type ConnectionPanelProps = {
	form: FormState;
	focused: boolean;
	width: number;
	height: number;
	info?: ConnectionInfo;
	/** Verify is off in the form (--insecure at start): said before connecting too. */
	insecure?: boolean;
	/** --dkim-key: "DKIM: d=example.com s=s1 (rsa-sha256 2048)" under the route; shorter ones after it for a narrow panel. */
	dkim?: readonly string[];
	explainExtension?: ExplainExtension;
	/** What a certificate's dates are read against (ms since the epoch; the app's minute clock); a one-off draw's own time without it. */
	now?: number;
};

/** The connection as the panel's title and the footer say it: one that never opened failed, it was never "closed". */
export type ConnectionView = SessionSnapshot['connection'] | 'failed';

export function connectionView(snapshot: Pick<SessionSnapshot, 'connection' | 'steps'>): ConnectionView {
	const failed = snapshot.steps.some(state => state.step === 'connect' && state.status === 'failed');
	return snapshot.connection === 'closed' && failed ? 'failed' : snapshot.connection;
}

// Marks read when drawn: the glyph set is chosen at start, after this module is loaded.
const STATE_LABELS: Record<ConnectionView, [keyof typeof MARK, string]> = {
	idle: ['pending', 'not connected'],
	connecting: ['active', 'connecting'],
	connected: ['done', 'connected'],
	closed: ['closed', 'closed'],
	failed: ['error', 'connect failed'],
};

/**
 * What the next connection will do, by the Security setting, where the panel shows the target: in words a student
 * reads as a setting ("auto" alone does not), then shorter where the panel is narrow (80 columns), saying the same:
 * "required" is what tells it from auto. Bare "STARTTLS" only where the address would be cut (the sandbox's badge at 80).
 */
const SECURITY_WORDS: Record<TlsPolicy, readonly [string, ...string[]]> = {
	none: ['no TLS'],
	auto: ['STARTTLS if offered', 'auto STARTTLS'],
	starttls: ['STARTTLS required', 'STARTTLS req.', 'STARTTLS'],
	tls: ['TLS'],
};

const SOCKET_WORDS = ['Unix socket, no TLS', 'socket'] as const;

/** The connection state with its marker: "✔ connected". */
export function connectionLabel(state: ConnectionView): string {
	const [mark, label] = STATE_LABELS[state];
	return `${MARK[mark]} ${label}`;
}

/**
 * The loud line about --insecure, if any. Over an open TLS session it follows that session's certificate: with --ca
 * as well, one that verified was checked after all, and "not checked" would contradict the log. Otherwise (before
 * connecting, in clear, after a session) the form's Verify (--insecure) is what the next connection does.
 */
export function insecureWarning(info: Pick<ConnectionInfo, 'connection' | 'tls'> | undefined, insecure = false): string | undefined {
	const tls = info?.tls;
	if (info?.connection === 'connected' && tls) return tls.insecure && !tls.authorized ? `${MARK.warning} INSECURE: certificate not checked (--insecure)` : undefined;
	return insecure || (tls?.insecure && !tls.authorized) ? `${MARK.warning} INSECURE: certificates will not be checked (--insecure)` : undefined;
}

function validity(tls: NonNullable<ConnectionInfo['tls']>): string {
	// --insecure skips the refusal, not the check: a certificate that verified anyway (with --ca) says so.
	if (tls.authorized) return `${MARK.done} verified${tls.insecure ? ' (--insecure was not needed)' : ''}`;
	// With --insecure too the reason is what the user came to see (a wrong name, an untrusted CA).
	return tls.insecure ? `${MARK.error} not verified (--insecure): ${tls.authorizationError ?? 'unknown reason'}` : `${MARK.error} not verified: ${tls.authorizationError ?? 'unknown reason'}`;
}

/**
 * The issuer's row under a certificate, and for one that verified though it signed itself, why (right under "✔
 * verified", a bare "self-signed" read as a contradiction): the sandbox's own, or the CA file's. The longer words where
 * they fit, else shorter ones: one row either way.
 */
function issuerRow(tls: NonNullable<ConnectionInfo['tls']>, sandbox: boolean, caFile: boolean, width: number): string {
	const issuer = issuerText(tls);
	if (!tls.authorized || issuer !== 'self-signed' || (!sandbox && !caFile)) return issuer;
	const words = sandbox ? ["self-signed: the sandbox's own certificate", "the sandbox's own (self-signed)"] : ['self-signed, trusted by the CA file', 'self-signed, in the CA file'];
	return words.find(text => textWidth(text) <= width) ?? words.at(-1)!;
}

/**
 * The extensions named on at most `rows` rows, the heading first ("Extensions (6): PIPELINING, 8BITMIME, …"), each
 * whole ("AUTH PLAIN LOGIN" is one), as many as fit; the last row then says how many more (the log has them all).
 */
export function extensionRows(heading: string, names: readonly string[], width: number, rows: number): string[] {
	const more = (count: number) => ` ${GLYPH.ellipsis} ${groupDigits(count)} more`;
	const done: string[] = [];
	let row = `${heading}:`;
	// Rows after the first are indented, as the one-a-line list is.
	const indent = ' ';
	for (let index = 0; index < names.length; index++) {
		const left = names.length - index - 1;
		const piece = ` ${names[index]}${left > 0 ? ',' : ''}`;
		const lastRow = done.length === rows - 1;
		const tail = lastRow && left > 0 ? more(left) : '';
		if (textWidth(row + piece + tail) <= width) {
			row += piece;
		} else if (row === indent) {
			// One name wider than a whole row: cut, as a long line is (before the count, one ellipsis says both).
			const cut = truncateText(row + piece, Math.max(0, width - textWidth(tail)));
			row = tail && cut.endsWith(GLYPH.ellipsis) ? cut.slice(0, -GLYPH.ellipsis.length) + tail : cut + tail;
			if (tail) return [...done, row];
		} else if (lastRow) {
			const counted = `${row.replace(/,$/, '')}${more(names.length - index)}`;
			// No name fits beside the heading, nor the count (a closed session's longer heading at 80 columns): the
			// heading counts them already, and the count cut short would end in two ellipses.
			if (index === 0 && textWidth(counted) > width) return [truncateText(`${row} ${GLYPH.ellipsis}`, width)];
			return [...done, truncateText(counted, width)];
		} else {
			done.push(row);
			row = indent;
			index--;
		}
	}
	return [...done, row];
}

/**
 * An extension's meaning in rows of the panel `width` wide, after "  NAME" (": it accepts…" on the name's row, the
 * rest on rows under it, indented past the name's two columns): one row when it fits, or when the name takes the row.
 */
function meaningRows(name: string, explanation: string, width: number): string[] {
	const rows = wrapText(`${name}: ${explanation}`, Math.max(1, width - 2), Math.max(1, width - 4));
	if (rows.length === 1 || !rows[0]!.startsWith(`${name}:`)) return [`: ${explanation}`];
	return [rows[0]!.slice(name.length).trimEnd(), ...rows.slice(1).map(row => row.trimEnd())];
}

/** Rows the extensions take, heading included, each meaning whole (see meaningRows): what a tall panel is given. */
export function extensionsWholeRows(extensions: NonNullable<ConnectionInfo['extensions']>, width: number, explain: ExplainExtension = explainKeyword): number {
	let rows = 1;
	for (const [keyword, params] of extensions.keywords) {
		const explanation = explain(keyword, params);
		rows += explanation === undefined ? 1 : meaningRows(printable([keyword, ...params].join(' ')), printable(explanation), width).length;
	}
	return rows;
}

/**
 * The way chosen at start (--lmtp, -4/-6, --local-address, --socks, --proxy), under the target: what the next
 * connection will use ("LMTP (--lmtp), IPv6 only, from 2001:db8::5, PROXY v1 header first", "via SOCKS
 * 127.0.0.1:1080"), and once connected the address and port it
 * went out from. The panel has no field for them. Undefined when nothing was chosen.
 */
export function routeLine(info: Pick<ConnectionInfo, 'target' | 'connection' | 'endpoints'> | undefined): string | undefined {
	const target = info?.target;
	if (target?.family === undefined && target?.localAddress === undefined && target?.proxy === undefined && target?.lmtp === undefined && target?.socks === undefined) return undefined;
	const protocol = target.lmtp ? ['LMTP (--lmtp)'] : [];
	const family = target.family === undefined ? [] : [`IPv${target.family} only`];
	const chosen = target.family !== undefined || target.localAddress !== undefined;
	const local = chosen && info?.connection === 'connected' && info.endpoints ? hostPort(info.endpoints.local.address, info.endpoints.local.port) : target.localAddress;
	const proxy = target.proxy === undefined ? [] : [`PROXY v${target.proxy} header first`];
	const socks = target.socks === undefined ? [] : [`via SOCKS ${target.socks}`];
	return [...protocol, ...family, ...(local === undefined ? [] : [`from ${local}`]), ...socks, ...proxy].join(', ');
}

/** Whether the session (connected) or the panel's settings (not yet) aim at the built-in sandbox. */
export function aimsAtSandbox(form: FormState, info: ConnectionInfo | undefined): boolean {
	return info?.target?.sandbox === true && stillAimed(form, info);
}

/**
 * Whether the session, open or the last one, was greeted by an smtp-tui sandbox (a room's `serve`, aimed at with
 * --host), while the panel still aims where it went.
 */
export function aimsAtServedSandbox(form: FormState, info: ConnectionInfo | undefined): boolean {
	return greetsAsSandbox(info?.greeting) && stillAimed(form, info);
}

/** The session's target is where the next connection goes: it is open, or the panel was not edited away from it. */
function stillAimed(form: FormState, info: ConnectionInfo | undefined): boolean {
	const target = info?.target;
	if (target === undefined) return false;
	if (info?.connection === 'connected' || info?.connection === 'connecting') return true;
	const loopback = (name: string) => (name === 'localhost' ? '127.0.0.1' : name);
	const host = formValue(form, 'host') || target.host;
	const port = formValue(form, 'port') || String(target.port);
	return loopback(host) === loopback(target.host) && port === String(target.port);
}

/**
 * Settings given at start that are errors, not information: an expired --cert (not offered to the sandbox), TLS 1.0
 * or 1.1 allowed (--tls-min). Each has a row of its own (the dashboard counts them), shown before information.
 */
function startAlarms(form: FormState, info: ConnectionInfo | undefined, now = Date.now()): {expiredCertificate: boolean; oldVersions: boolean; information: boolean} {
	const target = info?.target;
	const live = info?.connection === 'connected' || info?.connection === 'connecting';
	const policy = live ? target?.security : formValue(form, 'security');
	const client = aimsAtSandbox(form, info) ? undefined : target?.clientCertificate;
	const versions = policy !== 'none' ? target?.tlsVersions : undefined;
	const expiredCertificate = client !== undefined && expired(client, now);
	const oldVersions = versions !== undefined && allowsOldTls(versions);
	// The lines of the same settings that are information (the versions, a valid --cert) and the route.
	const information = (versions !== undefined && !oldVersions) || (client !== undefined && !expiredCertificate) || routeLine(info) !== undefined;
	return {expiredCertificate, oldVersions, information};
}

/**
 * An expired --cert, the word first, on one line where it fits; else the date on a row of its own, so that a narrow
 * panel shows it too rather than cutting it off.
 */
function expiredLines(client: {subject: string; validTo: string}, width: number): string[] {
	const head = `${MARK.error} client cert EXPIRED: ${printable(client.subject)}`;
	const date = certificateDate(client.validTo, true);
	const whole = `${head} (${date})`;
	return textWidth(whole) <= width ? [whole] : [head, `  on ${date}`];
}

/**
 * The rows startAlarms' lines take in a panel `width` wide (inside its border), which the dashboard keeps for them;
 * `information`: a line of information at start (the versions, a valid --cert, the route) wants a row too.
 */
export function startRows(form: FormState, info: ConnectionInfo | undefined, width: number, now = Date.now()): {alarms: number; information: boolean} {
	const {expiredCertificate, oldVersions, information} = startAlarms(form, info, now);
	const client = info?.target?.clientCertificate;
	return {alarms: (expiredCertificate && client ? expiredLines(client, width).length : 0) + (oldVersions ? 1 : 0), information};
}

/** A field's error as the focused panel shows it, after the fields. */
const formErrorText = (error: NonNullable<FormState['error']>) => `${error.notice ? MARK.warning : MARK.error} ${error.message}`;

/** A note after the fields in rows `width` wide, the rows after the first under its words: what is wrong and what to do both count. */
const noteRows = (text: string, width: number) => wrapText(printable(text), width, Math.max(1, width - 2)).map((row, index) => (index === 0 ? row : `  ${row}`));

/** A field's error in rows `width` wide. */
const errorRows = (error: NonNullable<FormState['error']>, width: number) => noteRows(formErrorText(error), width);

/** The sandbox's login, said while User or Password is edited: a presenter finds there how to show a refused one. */
const SANDBOX_LOGIN_NOTE = "the sandbox takes its own account only (demo/demo, or --user and --password's): another password shows a refused login (535)";

/**
 * The note under the fields for the one being edited: why the empty EHLO field sends what it does (ehloReason: the
 * placeholder has no room for it), or the sandbox's login.
 */
function fieldNote(form: FormState, info: ConnectionInfo | undefined): string | undefined {
	const {id} = activeField(form);
	if ((id === 'user' || id === 'password') && aimsAtSandbox(form, info)) return SANDBOX_LOGIN_NOTE;
	if (id !== 'ehlo' || formValue(form, 'ehlo') !== '') return undefined;
	return ehloReason(isSocketPath(formValue(form, 'host')));
}

/** The rows after the focused panel's fields in a panel `width` wide: a field's error, else the field's note. */
export function formErrorRows(form: FormState, width: number, info: ConnectionInfo | undefined): number {
	const note = fieldNote(form, info);
	return form.error ? errorRows(form.error, width).length : note ? noteRows(note, width).length : 0;
}

/**
 * What the target row says. Connected: where the session is and whether it is encrypted ("auto" may have gone on
 * in clear), as a setting would say it. Otherwise: what the next connection will use. A replay talks to a
 * recording: said as plainly as the sandbox is, so nobody thinks the network is used.
 */
export function targetParts(form: FormState, info: ConnectionInfo | undefined) {
	const target = info?.target;
	const live = info?.connection === 'connected' || info?.connection === 'connecting';
	const host = (live ? target?.host : formValue(form, 'host') || target?.host) ?? '';
	const port = (live ? target?.port : formValue(form, 'port') || target?.port) ?? '';
	const policy = (live ? target?.security : formValue(form, 'security')) as TlsPolicy | undefined;
	// A Unix socket (--socket) has neither port nor TLS: its path alone, "Unix socket".
	const socket = isSocketPath(String(host));
	const words = socket ? SOCKET_WORDS : info?.connection === 'connected' ? SECURITY_WORDS[info.secure ? 'tls' : 'none'] : (SECURITY_WORDS[policy ?? 'none'] ?? SECURITY_WORDS.none);
	const sandbox = aimsAtSandbox(form, info);
	const label = target?.replay ? 'REPLAY' : sandbox ? 'SANDBOX' : undefined;
	const parts: TargetParts = {host: String(host), port: socket ? '' : String(port), words, ...(label && {label})};
	return {parts, policy, sandbox, target};
}

/**
 * The refused certificate's first line: "✖ certificate not trusted: self-signed certificate", or where that is wider
 * than the panel (80 columns), "✖ not trusted: self-signed …", so the reason starts on that row, never a bare "not
 * trusted:" with the reason on a row an unfocused panel may not show.
 */
function refusedWords(reason: string | undefined, width: number): string {
	const whole = `${MARK.error} ${untrustedWords(reason)}`;
	return reason && textWidth(printable(whole)) > width ? `${MARK.error} not trusted: ${reason}` : whole;
}

export function ConnectionPanel({form, focused, width, height, info, insecure, dkim, explainExtension = explainKeyword, now = Date.now()}: ConnectionPanelProps) {
	const theme = useTheme();
	const rows: ReactElement[] = [];
	type LineStyle = {color?: string; bold?: boolean; dim?: boolean; inverse?: boolean; wrap?: boolean};
	const line = (key: string, text: string, style: LineStyle = {}) => {
		const shown = printable(text);
		const pieces = style.wrap ? wrapText(shown, width) : [truncateText(shown, width)];
		pieces.forEach((piece, index) =>
			rows.push(
				<Text key={`${key}-${index}`} {...(style.dim ? secondary(theme) : {color: style.color})} bold={style.bold} inverse={style.inverse} wrap="truncate-end">
					{piece}
				</Text>,
			),
		);
	};

	const {parts, policy, sandbox, target} = targetParts(form, info);
	const fits = targetLayout(parts, width);
	rows.push(
		<Text key="status" wrap="truncate-end">
			{fits.badge ? (
				<Text color={theme.accent} bold inverse>
					{fits.badge}
				</Text>
			) : null}
			{truncateText(fits.text, width - (fits.badge?.length ?? 0))}
		</Text>,
	);

	const route = routeLine(info);
	if (route) line('route', route, {dim: true});
	if (dkim) line('dkim', dkim.find(text => textWidth(text) <= width) ?? dkim.at(-1)!, {dim: true});

	const tls = info?.tls;
	// Next to the target, before connecting too: nobody should find out only once connected.
	const warning = insecureWarning(info, insecure);
	if (warning) line('insecure', warning, {color: theme.error, bold: true, inverse: true, wrap: true});
	// --tls-min/--tls-max and --cert at start, before connecting too: an error before information, on rows of its
	// own (an expired certificate, TLS 1.0/1.1 as loudly as --insecure).
	const versions = policy !== 'none' ? target?.tlsVersions : undefined;
	const client = sandbox ? undefined : target?.clientCertificate;
	const {expiredCertificate: gone, oldVersions: old} = startAlarms(form, info, now);
	// The flags as typed when they fit, the versions alone when not: cut, the versions would be lost, not the flags.
	const versionsLine = () => {
		const words = `${old ? `${MARK.warning} INSECURE: ` : ''}${rangeWords(versions)}`;
		const full = `${words} (${rangeFlags(versions)})`;
		line('tls-versions', textWidth(full) <= width ? full : words, old ? {color: theme.error, bold: true} : {dim: true});
	};
	const clientLine = () => {
		if (!gone) return line('client-cert', `client cert: ${describeClientCertificate(client!, now, true)}`, {dim: true});
		expiredLines(client!, width).forEach((text, index) => line(`client-cert-${index}`, text, {color: theme.error, bold: true}));
	};
	if (gone) clientLine();
	if (versions) versionsLine();
	if (client && !gone) clientLine();

	if (focused) {
		const labelWidth = Math.max(...form.fields.map(field => field.label.length));
		const socket = isSocketPath(parts.host);
		// Too few rows for every field and the error (presenter mode at 80x24 with the INSECURE line): the fields
		// scroll, so the one being edited and what is wrong with it stay in view.
		const room = Math.max(1, height - rows.length - formErrorRows(form, width, info));
		const first = Math.max(0, Math.min(form.active - room + 1, form.fields.length - room));
		for (const field of form.fields.slice(first, first + room)) {
			const isActive = field === activeField(form);
			// A Unix socket has no port: the field keeps its value for a Host that is a name again, shown when it is edited.
			if (field.id === 'port' && socket && !isActive) {
				line('port', `  ${field.label.padEnd(labelWidth)} not used (socket)`, {dim: true});
				continue;
			}
			rows.push(
				field.kind === 'choice' ? (
					<ChoiceRow key={field.id} field={field} focused={isActive} labelWidth={labelWidth} width={width} labels={SECURITY_LABELS} />
				) : (
					<TextField
						key={field.id}
						label={field.label}
						text={field.text}
						focused={isActive}
						width={width}
						labelWidth={labelWidth}
						// One * per character only while it is typed: otherwise a fixed mask, which does not tell its length.
						{...(field.kind === 'secret' && {maskFrom: 0, fixedMask: !(isActive && form.typing)})}
						invalid={form.error?.field === field.id}
						{...(field.id === 'ca' && {placeholder: 'system CAs only'})}
						{...(field.id === 'ehlo' && {label: ehloLabel(target?.lmtp), placeholder: ehloPlaceholder(info, socket)})}
					/>
				),
			);
		}
		const {error} = form;
		if (error) errorRows(error, width).forEach((row, index) => line(`error-${index}`, row, {color: error.notice ? theme.warning : theme.error, bold: true}));
		const note = error ? undefined : fieldNote(form, info);
		if (note) noteRows(note, width).forEach((row, index) => line(`field-note-${index}`, row, {dim: true}));
	} else {
		const user = formValue(form, 'user');
		if (user) line('user', `user ${user}, password ${formValue(form, 'password') ? 'set' : 'not set'}`, {dim: true});
		// The sandbox's default is its demo login: without one (--no-auth, User cleared), said as plainly.
		else if (sandbox) line('user', 'no login: no AUTH (User is empty)', {dim: true});
	}

	// TLS and the login belong to an open connection; once it closed they would read as current.
	const open = info?.connection === 'connected';
	// A refused certificate ended the last session: what it said stays in view while the user works out why, before
	// the banner, so the panel's few rows when another panel has the focus show it.
	const refused = info?.refusedCertificate;
	if (refused && !open) {
		// "Not trusted", as the log and the footer say it ("refused" is what a server says to a command).
		line('refused', refusedWords(refused.reason, width), {color: theme.error, bold: true, wrap: true});
		line('refused-cert', `cert: ${refused.subject}`);
		line('refused-issuer', issuerText(refused), {dim: true});
		const outside = Date.parse(refused.validTo) < now || (refused.validFrom !== undefined && Date.parse(refused.validFrom) > now);
		const validFrom = refused.validFrom === undefined ? {} : {validFrom: refused.validFrom};
		line('refused-validity', validityText(refused.validTo, now, {compact: true, ...validFrom}), outside ? {color: theme.error, bold: true} : {dim: true});
	}
	// What a closed connection's server said is still worth reading, but not as if it were the current one.
	if (info?.greeting) line('banner', `${info.connection === 'connected' ? '' : 'last session, '}banner: ${info.greeting.raw.join(' / ')}`);
	if (tls && open) {
		line('tls', `TLS: ${tls.protocol} ${tls.cipher}`);
		// Whether it verified first, on a line of its own: a long subject must not push it off the panel's edge.
		line('verified', `${validity(tls)}; ${validityText(tls.validTo, now, {compact: true, validFrom: tls.validFrom})}`, {color: tls.authorized ? undefined : theme.error, bold: !tls.authorized, wrap: true});
		line('cert', `cert: ${tls.subject}`);
		if (tls.issuer) line('issuer', issuerRow(tls, sandbox, formValue(form, 'ca') !== '', width), {dim: true});
	}
	if (info?.authenticated && open) line('auth', `${MARK.done} authenticated`);

	const extensions = info?.extensions ? [...info.extensions.keywords] : [];
	const room = height - rows.length;
	if (extensions.length > 0 && room > 0) {
		// Like the banner: a closed session's list is still worth reading, but not as the current server's.
		// A heading, in sentence case as every heading (the inbox's Envelope, Headers).
		const heading = `${info?.connection === 'connected' ? 'Extensions' : 'Last session, extensions'} (${groupDigits(extensions.length)})`;
		if (extensions.length < room) {
			line('extensions', `${heading}:`, {bold: true});
			// Rows the panel has beyond one an extension (a tall terminal): a meaning cut short goes on under its name.
			let spare = room - 1 - extensions.length;
			for (const [keyword, params] of extensions) {
				const explanation = explainExtension(keyword, params);
				const name = printable([keyword, ...params].join(' '));
				const meaning = explanation === undefined ? [] : meaningRows(name, printable(explanation), width);
				const more = Math.max(0, Math.min(spare, meaning.length - 1));
				spare -= more;
				// The last row shown takes what does not fit with an ellipsis; one row alone is cut as before.
				const shown = more > 0 ? [...meaning.slice(0, more), truncateText(meaning.slice(more).join(' '), width - 4)] : meaning.length > 0 ? [truncateText(`: ${printable(explanation!)}`, Math.max(0, width - 2 - name.length))] : [];
				rows.push(
					<Text key={`ext-${keyword}`} wrap="truncate-end">
						{'  '}
						{truncateText(name, width - 2)}
						{shown.length > 0 ? <Text {...secondary(theme)}>{shown[0]}</Text> : null}
					</Text>,
					...shown.slice(1).map((text, index) => (
						<Text key={`ext-${keyword}-${index}`} {...secondary(theme)} wrap="truncate-end">
							{`    ${text}`}
						</Text>
					)),
				);
			}
		} else {
			// No row for each with what it means (the focused form, TLS details and a warning take most): the names, as
			// many as fit in the rows left, then how many more; the log explains them all (x there).
			const names = extensions.map(([keyword, params]) => printable([keyword, ...params].join(' ')));
			extensionRows(heading, names, width, room).forEach((text, index) =>
				rows.push(
					<Text key={`ext-${index}`} bold={index === 0} wrap="truncate-end">
						{text}
					</Text>,
				),
			);
		}
	}

	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{rows.slice(0, height)}
		</Box>
	);
}
