// Turns `send` flags into validated options. Every mistake becomes a UsageError that names the flag.
import {parseDsnFlags, type DsnSettings} from './dsn-options.js';
import type {XclientAttribute} from '../smtp/xclient.js';
import {xclientFromFlags} from './xclient-options.js';
import {statSync} from 'node:fs';
import {namesLhlo, QUIT_AFTER, quitAfterStep, type QuitAfter} from '../smtp/quit-after.js';
import {UsageError} from './command.js';
import {defaultSender} from './default-sender.js';
import type {TranscriptFormat} from './transcript.js';
import {parseProxyFlags} from './proxy-options.js';
import {parseSocksFlags} from './socks-options.js';
import type {SocksSettings} from '../transport/socks-connect.js';
import {transcriptOnStdout} from './transcript-stdout.js';
import type {ProxySettings} from '../transport/proxy-header.js';
import {bdatSetting} from './bdat-options.js';
import {parseAttachFlag, refuseSharedCids} from './attach-flag.js';
import type {AttachmentFile} from '../message/compose.js';
import {isStandardInput, refuseTerminalInput} from './password-file.js';
import {parseDaneFlag} from './dane-flag.js';
import {parseDkimFlags, type DkimSettings} from './dkim-flags.js';
import {certificateInputs, parseConnectionFlags, refuseUnreplayable, type ConnectionSettings} from './connection-flags.js';
import {addressItems, str, valuesOf} from './flag-values.js';
import {bodyFileNote, bodyFlags, type BodyFlag} from './body-flags.js';
import {refuseAtAttach, refuseEmptyValues, refuseNotUtf8Texts, refuseHeaderControls, refuseRunTogether, refuseAttachList, refuseBccHeader} from './message-flag-checks.js';
import {parseTranscriptFormat, formatOfExtension} from './transcript-format.js';
import {refuseDashOutputs, ownFiles, refuseSharedFiles} from './output-clashes.js';

const list = (value: unknown): string[] => valuesOf(value).flatMap(item => addressItems(item));

const isNullSender = (from: string | undefined) => from?.trim() === '<>';

export type SendSettings = ConnectionSettings & {
	/** --proxy: the PROXY header sent first. */
	proxy?: ProxySettings;
	/** --socks: the SOCKS5 proxy connected through. */
	socks?: SocksSettings;
	/** --dane: each host's TLS as a DANE sender decides it (send-dane.ts). */
	dane: boolean;
	from: string;
	to: string[];
	cc: string[];
	bcc: string[];
	subject: string;
	/** `from-html`: --html without --body, the text part made from the HTML. */
	body: BodyFlag | {kind: 'from-html'};
	/** --html: the HTML part of a multipart/alternative message. */
	html?: BodyFlag;
	headers: string[];
	attachments: AttachmentFile[];
	data?: {kind: 'file'; path: string} | {kind: 'stdin'};
	quitAfter?: QuitAfter;
	transcript?: string;
	/** --transcript - with --transcript-format md or json: printed on standard output at the end, the live text left out. */
	transcriptOnStdout?: true;
	/** --record FILE: the wire, for replay. */
	record?: string;
	transcriptFormat: TranscriptFormat;
	json: boolean;
	quiet: boolean;
	allowPartial: boolean;
	/** Send a message over the server's SIZE anyway: MAIL leaves SIZE= out, as swaks sends it. */
	ignoreSize: boolean;
	/** --pipeline: MAIL, the RCPTs and DATA in one write when the server advertises PIPELINING (RFC 2920). */
	pipeline: boolean;
	/** --dsn-* and --require-tls: what MAIL and RCPT ask of the delivery (RFC 3461, RFC 8689). */
	delivery: DsnSettings;
	/** --xclient*: Postfix's XCLIENT attributes, one list per command (xclient-options.ts). */
	xclient?: XclientAttribute[][];
	/** --bdat: the message as BDAT chunks of --chunk-size octets where the server advertises CHUNKING (RFC 3030). */
	bdat?: {chunkSize: number};
	/** --dkim-*: the message is signed before it goes (dkim-flags.ts). */
	dkim?: DkimSettings;
	/** Said in the transcript before connecting: what was given may not be what was meant. */
	notes: string[];
};

/** Whether `name` is a file there now (not a folder): a bare --data name that swaks would have read. */
function isFile(name: string): boolean {
	try {
		return statSync(name).isFile();
	} catch {
		return false;
	}
}

/** `terminal`: standard input is a terminal, where a missing password is asked for; by default it is. */
export function parseSendFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, {terminal = true}: {terminal?: boolean} = {}): SendSettings {
	// Before the emptiness check, which trims: `--header $'\r\n'` holds a line break, not nothing.
	refuseHeaderControls(flags);
	refuseEmptyValues(flags);
	const toStdout = transcriptOnStdout(flags);
	refuseDashOutputs(toStdout ? {...flags, transcript: undefined} : flags);
	// The prompt reads standard input: not while the message comes from there.
	const readsStdin = [flags.body, flags.html, flags.data].some(value => value === '-' || value === '@/dev/stdin');
	// Read first, the password file would take the message with it.
	if (readsStdin && isStandardInput(flags.passwordFile)) {
		throw new UsageError(`--password-file ${String(flags.passwordFile)} and the message both read standard input`, 'give the message in a file (--body @FILE), or the password with SMTP_PASSWORD');
	}
	refuseTerminalInput(flags.passwordFile, terminal, 'leave --password-file out: at a terminal you are asked for the password, masked');
	const connection = parseConnectionFlags(flags, env, '--helo', {canPrompt: terminal && !readsStdin});
	const to = list(flags.to);
	const cc = list(flags.cc);
	const bcc = list(flags.bcc);
	refuseRunTogether('To', valuesOf(flags.to));
	refuseRunTogether('Cc', valuesOf(flags.cc));
	refuseRunTogether('Bcc', valuesOf(flags.bcc));
	const given = str(flags.quitAfter);
	const quitAfter = given === undefined ? undefined : quitAfterStep(given);
	if (to.length + cc.length + bcc.length === 0 && !(quitAfter && ['connect', 'greeting', 'first-ehlo', 'ehlo', 'tls', 'xclient', 'auth'].includes(quitAfter))) {
		throw new UsageError('no recipient: give --to ADDRESS (or --cc/--bcc)', 'e.g. smtp-tui send --host 127.0.0.1 --port 2525 --to friend@example.test');
	}
	if (quitAfter !== undefined && !(QUIT_AFTER as readonly string[]).includes(quitAfter)) {
		throw new UsageError(`--quit-after must be one of ${QUIT_AFTER.join(', ')}, not "${quitAfter}"`);
	}
	// Taken as ehlo without --lmtp, a runbook's LMTP check would silently test SMTP: the missing --lmtp is said.
	if (given !== undefined && namesLhlo(given) && !connection.lmtp) {
		throw new UsageError(`--quit-after ${given.trim()} names LMTP's greeting (LHLO), but this session speaks SMTP`, `add --lmtp to speak LMTP, or write --quit-after ${quitAfter} for SMTP's EHLO`);
	}
	// A check that passes for a step that never ran would tell a CI job something false.
	// The step to stop at instead, by its name in this session (LMTP greets with LHLO).
	const greeting = connection.lmtp ? 'lhlo' : 'ehlo';
	if (quitAfter === 'tls' && connection.socket !== undefined) {
		throw new UsageError('--quit-after tls with --socket: a Unix socket has no TLS, so there is no TLS step to stop after', `stop after ${greeting}`);
	}
	if (quitAfter === 'tls' && connection.tls === 'none') {
		throw new UsageError('--quit-after tls with no TLS (--no-starttls, or a profile without it): there is no TLS step to stop after', `drop --no-starttls (or use --starttls to require TLS), or stop after ${greeting}`);
	}
	const xclient = xclientFromFlags(flags);
	if (quitAfter === 'xclient' && !xclient) throw new UsageError('--quit-after xclient without an --xclient flag: there is no XCLIENT step to stop after', `give --xclient-addr IP (or another --xclient flag), or stop after ${greeting}`);
	if (quitAfter === 'auth' && connection.user === undefined && connection.mechanism !== 'EXTERNAL') {
		// Without TLS (--no-starttls) there is no tls step either: that one is refused too.
		const earlier = connection.tls === 'none' ? greeting : 'tls';
		if (flags.auth === false) throw new UsageError('--quit-after auth with --no-auth: --no-auth leaves no AUTH step to stop after', `drop --no-auth to log in, or stop after ${earlier}`);
		throw new UsageError('--quit-after auth without --user: there is no AUTH step to stop after', `give --user (and a password), or stop after ${earlier}`);
	}
	refuseUnreplayable(connection, flags.record);
	if (flags.transcriptFormat !== undefined && flags.transcript === undefined) {
		throw new UsageError('--transcript-format needs --transcript FILE', 'e.g. --transcript session.md --transcript-format md');
	}
	// Without --transcript-format, the file's own extension says what it holds: `--transcript session.md` is Markdown.
	const transcriptFormat = parseTranscriptFormat(flags.transcriptFormat ?? formatOfExtension(str(flags.transcript)));
	const dataFlag = str(flags.data);
	let data: SendSettings['data'];
	if (dataFlag !== undefined) {
		// @/dev/stdin is standard input too (opening it fails when stdin is a socket, as under some supervisors).
		if (dataFlag === '-' || dataFlag === '@/dev/stdin') data = {kind: 'stdin'};
		else if (dataFlag.startsWith('@')) data = {kind: 'file', path: dataFlag.slice(1)};
		// swaks (deprecated there) reads a bare name as a file: where one is there, its @ form is the fix.
		else throw new UsageError(`--data takes @FILE or - (standard input), not "${dataFlag}"`, isFile(dataFlag) ? `to send that file, --data @${dataFlag}` : `e.g. --data @message.eml, or --data - to read standard input`);
	}
	// --data is sent as is: flags that build a message would be dropped without a word.
	const building = (['subject', 'header', 'attach', 'body', 'html'] as const).filter(name => valuesOf(flags[name]).length > 0);
	if (dataFlag !== undefined && building.length > 0) {
		throw new UsageError(`--data sends ${data?.kind === 'stdin' ? 'standard input' : 'the file'} as it is: ${building.map(name => `--${name}`).join(', ')} would be ignored`, 'put those headers, the body and attachments into the message file, or leave --data out to build the message');
	}
	const {body, html, notes: htmlNotes} = bodyFlags(flags);
	refuseNotUtf8Texts(flags, body, html);
	if (!connection.host && !connection.mx && (to[0] ?? cc[0] ?? bcc[0]) === undefined) {
		throw new UsageError('no --host and no recipient to look up an MX for', "give --host HOST, or a recipient (--to) whose domain's MX takes the mail");
	}
	if (str(flags.from)?.trim() === '') {
		// An unset shell variable ($SENDER) must not turn into a bounce-looking null sender.
		throw new UsageError('--from is empty', "give the sender's address, or --from '<>' for the null sender (as bounces use)");
	}
	const headers = Array.isArray(flags.header) ? flags.header.map(String) : [];
	refuseBccHeader(headers);
	if (str(flags.subject) !== undefined && headers.some(header => /^\s*subject\s*:/i.test(header))) {
		throw new UsageError('Subject is given twice: --subject and --header "Subject: ..."', 'give one of them');
	}
	const proxy = parseProxyFlags(flags, connection.host);
	const dkim = parseDkimFlags(flags, env);
	// The DKIM key check looks up a name too: --dns has that to do beside --socks.
	const socks = parseSocksFlags(flags, env, connection.mx || connection.host === undefined || dkim?.check === true);
	const settings: SendSettings = {
		...connection,
		...(proxy && {proxy}),
		...(socks && {socks}),
		dane: parseDaneFlag(flags, connection),
		mx: connection.mx || connection.host === undefined,
		// `--from '<>'`: the null sender, as bounces use; the From header then names MAILER-DAEMON.
		from: isNullSender(str(flags.from)) ? '' : (str(flags.from) ?? defaultSender()),
		to,
		cc,
		bcc,
		subject: str(flags.subject) ?? `test ${new Date().toUTCString()}`,
		body,
		...(html && {html}),
		// Header values may contain commas: no list splitting here.
		headers,
		// One path per --attach, commas included (a file may be named "q3,final.pdf"); repeat the flag for more.
		attachments: valuesOf(flags.attach).map(item => parseAttachFlag(String(item))),
		...(data && {data}),
		...(quitAfter && {quitAfter: quitAfter as QuitAfter}),
		...(toStdout ? {transcriptOnStdout: true} : str(flags.transcript) !== undefined && {transcript: str(flags.transcript)!}),
		...(str(flags.record) !== undefined && {record: str(flags.record)!}),
		transcriptFormat,
		json: flags.json === true,
		// The transcript on standard output takes the place of the live lines: a failure is said on stderr, as with -q.
		quiet: flags.quiet === true || toStdout,
		allowPartial: flags.allowPartial === true,
		ignoreSize: flags.ignoreSize === true,
		pipeline: flags.pipeline === true,
		delivery: parseDsnFlags(flags, connection),
		...(xclient && {xclient}),
		...bdatSetting(flags),
		...(dkim && {dkim}),
		notes: [...bodyFileNote(str(flags.body), body, '--body'), ...bodyFileNote(str(flags.html), html, '--html'), ...htmlNotes, ...(dkim?.warning === undefined ? [] : [dkim.warning])],
	};
	refuseAttachList(valuesOf(flags.attach));
	refuseAtAttach(settings.attachments.map(file => file.path));
	refuseSharedCids(settings.attachments, html !== undefined);
	const ca = str(flags.ca);
	refuseSharedFiles(
		[
			...(settings.transcript === undefined ? [] : [{flag: '--transcript', file: settings.transcript}]),
			...(settings.record === undefined ? [] : [{flag: '--record', file: settings.record}]),
		],
		[
			...(settings.body.kind === 'file' ? [{flag: '--body', file: settings.body.path}] : []),
			...(settings.html?.kind === 'file' ? [{flag: '--html', file: settings.html.path}] : []),
			...(settings.data?.kind === 'file' ? [{flag: '--data', file: settings.data.path}] : []),
			...settings.attachments.map(file => ({flag: '--attach', file: file.path})),
			...(ca === undefined ? [] : [{flag: '--ca', file: ca}]),
			...certificateInputs(flags),
			...(dkim ? [{flag: '--dkim-key', file: String(flags.dkimKey)}] : []),
			...ownFiles(env),
		],
	);
	return settings;
}
