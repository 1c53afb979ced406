// Turns `send` flags into validated options. Every mistake becomes a UsageError that names the flag.
import {parseDsnFlags, type DsnSettings} from './dsn-options.js';
import type {XclientAttribute} from '../smtp/xclient.js';
import {xclientFromFlags} from './xclient-options.js';
import {lstatSync, readFileSync, readlinkSync, realpathSync, statSync, type BigIntStats} from 'node:fs';
import path from 'node:path';
import {domainToASCII} from 'node:url';
import {namesLhlo, QUIT_AFTER, quitAfterStep, type QuitAfter} from '../smtp/quit-after.js';
import {encodeCommand} from '../smtp/commands.js';
import {SmtpInputError, type TlsPolicy} from '../smtp/types.js';
import {parseAuthFlag} from './auth-flag.js';
import {splitAddressList, splitList, unquotePath} from '../message/lists.js';
import {isHostName, unbracketed} from '../transport/host-port.js';
import {UsageError} from './command.js';
import {defaultSender} from './default-sender.js';
import {flagNumber, flagSeconds} from './flags.js';
import type {TranscriptFormat} from './transcript.js';
import {describeFileError} from '../text/file-errors.js';
import {controlIn, controlReason} from '../text/control-characters.js';
import {escapeUnsafe} from '../text/escape.js';
import {configDir, shellWord} from '../message/profiles.js';
import {stateDir} from '../message/drafts.js';
import {unlessNoHome} from '../message/user-folders.js';
import {defaultCertificateDir} from '../sandbox/settings.js';
import type {ClientCertificate} from '../transport/client-certificate.js';
import {readClientCertificate} from './client-certificate-file.js';
import {parseTlsVersions} from './tls-version-flags.js';
import {refuseTlsFlagsWithoutTls} from './tls-flag-rules.js';
import type {TlsVersionRange} from '../transport/tls-versions.js';
import {parseRouteFlags, type RouteSettings} from './route-options.js';
import {parseProxyFlags} from './proxy-options.js';
import {parseSocksFlags} from './socks-options.js';
import type {SocksSettings} from '../transport/socks-connect.js';
import {transcriptOnStdout} from './transcript-stdout.js';
import type {ProxySettings} from '../transport/proxy-header.js';
import {bdatSetting} from './bdat-options.js';
import {attachFileText, parseAttachFlag, refuseSharedCids} from './attach-flag.js';
import type {AttachmentFile} from '../message/compose.js';
import {hidePassword} from '../text/url-password.js';
import {isStandardInput, readPasswordFile, refuseTerminalInput} from './password-file.js';
import {parseDnsFlag} from './dns-options.js';
import {parseDaneFlag} from './dane-flag.js';
import {parseDkimFlags, type DkimSettings} from './dkim-flags.js';
import type {DnsServer} from '../transport/dns-resolver.js';

const TRANSCRIPT_FORMATS = ['text', 'md', 'json'] as const;

export type ConnectionSettings = {
	host?: string;
	port: number;
	tls: TlsPolicy;
	insecure: boolean;
	ca?: string;
	/** --cert and --key, read and checked. */
	clientCertificate?: ClientCertificate;
	/** --tls-min and --tls-max. */
	tlsVersions?: TlsVersionRange;
	/** --helo; without it, the host name when it has a dot, else this end's address literal (smtp/ehlo-name.ts). */
	ehloName?: string;
	user?: string;
	password?: string;
	mechanism?: string;
	allowPlaintextAuth: boolean;
	timeoutSeconds: number;
	mx: boolean;
	/** --dns: the DNS server that MX records and addresses come from, instead of the system's resolver. */
	dns?: DnsServer;
	/** --lmtp: speak LMTP (RFC 2033). */
	lmtp: boolean;
	/** --socket PATH, made absolute: the Unix socket connected to, which is then the host (see isSocketPath). */
	socket?: string;
} & RouteSettings;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** A flag's values: none, one, or those of a repeated flag. */
const valuesOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The addresses of a repeatable flag whose values may also be lists. */
const addressItems = (value: unknown): string[] => splitAddressList(String(value));
const list = (value: unknown): string[] => valuesOf(value).flatMap(item => addressItems(item));

const MIN_TIMEOUT_SECONDS = 0.1;
const MAX_TIMEOUT_SECONDS = 86_400;

const isNullSender = (from: string | undefined) => from?.trim() === '<>';

/**
 * EHLO takes an ASCII domain (RFC 5321 §4.1.2; even SMTPUTF8 keeps it in A-labels): an internationalised name is
 * given as punycode, as addresses' domains are. What is no domain name at all is left for the EHLO check to refuse.
 */
function asciiDomain(name: string, flag: string, hint: string): string {
	if (/^[\x00-\x7f]*$/.test(name)) return name;
	const ascii = domainToASCII(name);
	if (ascii === '') throw new UsageError(`${flag}: "${name}" is not a domain name`, hint);
	return ascii;
}

/**
 * Node decodes argv (and the environment) as UTF-8: U+FFFD in a value stands for a byte that was not UTF-8 (a
 * Latin-1 shell or script), already lost: sent, U+FFFD would go in its place. Refused, as --from is; a password
 * or a body is not quoted (`quote: false`).
 */
export function refuseNotUtf8(value: string | undefined, label: string, {quote = true, hint}: {quote?: boolean; hint?: string | undefined} = {}): void {
	if (!value?.includes('\uFFFD')) return;
	throw new UsageError(`${label}${quote ? ` "${value}"` : ''} contains a byte that is not UTF-8 (U+FFFD stands in for it)`, hint ?? NOT_UTF8_HINT);
}

/** A password goes on an AUTH line: no line break or NUL, and no byte already lost to another encoding. Never quoted. */
export function checkPassword(password: string | undefined, label: string): void {
	if (/[\r\n\0]/.test(password ?? '')) throw new UsageError(`${label} must not contain a line break (CR, LF) or NUL`);
	refuseNotUtf8(password, label, {quote: false});
}

const NOT_UTF8_HINT = 'the shell or script gave it in another encoding (Latin-1?): give it in UTF-8 (e.g. convert with iconv -f latin1 -t utf-8)';

const HOST_HINT = 'give a name such as smtp.example.com, an IPv4 address, or an IPv6 address such as ::1';

/** `host:port` or `[v6]:port` as one value: the host (without brackets) and the port. */
export function hostAndPort(text: string): {host: string; port: string} | undefined {
	const withPort = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(text);
	return withPort ? {host: withPort[1] ?? withPort[2]!, port: withPort[3]!} : undefined;
}

/**
 * host:port as one value: a common slip, which DNS would only answer with "not found". `flag`: the flag that takes
 * the host (--host, serve's --listen), for the hint; `hint` replaces it (a profile's field is no flag to retype).
 */
export function refusePortIn(text: string, label: string, flag: string, hint?: string): void {
	const parts = hostAndPort(text);
	if (parts) throw new UsageError(`${label} "${text}" has a port in it`, hint ?? `give the port apart: ${flag} ${parts.host} --port ${parts.port}`);
}

/** `smtp://host:587` pasted from a mail client's settings or a URL: the scheme, the host and the port, if any. */
export function urlParts(text: string): {scheme: string; host: string; port?: string} | undefined {
	// A login before the host (`me:secret@`) runs to the last @: a user name may hold one of its own.
	const url = /^([a-z][a-z\d+.-]*):\/\/(?:[^/?#]*@)?([^/?#]*)/i.exec(text);
	if (!url?.[2]) return undefined;
	const parts = hostAndPort(url[2]);
	return {scheme: url[1]!.toLowerCase(), host: parts?.host ?? unbracketed(url[2]), ...(parts && {port: parts.port})};
}

/** smtps:// (and submissions://, RFC 8314) is TLS from the first byte, on 465. */
export const isTlsScheme = (scheme: string) => scheme === 'smtps' || scheme === 'submissions';

/**
 * A host as given, trimmed, checked: a typo is bad input (exit 1), not a DNS failure (exit 2), nor a profile to
 * save. `label` names where it came from (`--host`, or a profile's field); `hint`, when it is not a flag to retype.
 */
export function checkHost(host: string, label = '--host', hint?: string): string {
	refuseNotUtf8(host, label, {hint});
	const url = urlParts(host);
	if (url) {
		const tls = isTlsScheme(url.scheme);
		const flags = `--host ${url.host}${url.port ? ` --port ${url.port}` : ''}${tls ? ' --tls' : ''}`;
		const means = url.port ? '' : tls ? ` (${url.scheme}:// means TLS from the first byte, port 465)` : url.scheme === 'smtp' ? ' (smtp:// means port 25)' : '';
		throw new UsageError(`${label} "${hidePassword(host)}" has a scheme (${url.scheme}://) in it`, hint ?? `give the host alone: ${flags}${means}`);
	}
	refusePortIn(host, label, '--host', hint);
	if (!isHostName(host)) throw new UsageError(`${label} "${hidePassword(host)}" is not a host name or address`, hint ?? HOST_HINT);
	return host;
}

/**
 * The EHLO name to send: punycode for an internationalised one, checked as the EHLO command would be. `label`:
 * the flag (send: --helo; check: --ehlo) or the profile's field, for its errors; `hint` as for checkHost.
 */
export function checkEhloName(name: string, label: string, hint?: string): string {
	refuseNotUtf8(name, label, {hint});
	const ascii = asciiDomain(name, label, hint ?? "give this machine's name, e.g. client.example.test");
	try {
		encodeCommand({verb: 'EHLO', domain: ascii});
	} catch (error) {
		// The engine's sentences end with a full stop; usage errors do not.
		if (error instanceof SmtpInputError) throw new UsageError(`${label}: ${error.message.replace(/\.$/, '')}`, hint);
		throw error;
	}
	return ascii;
}

/**
 * The CA certificate file's text (PEM). `label` names where the path came from (`--ca`, or a profile's field);
 * `hint`, for a profile, says how to mend it.
 */
export function readCaFile(file: string, label = '--ca', hint?: string): string {
	let ca: string;
	try {
		ca = readFileSync(file, 'utf8');
	} catch (error) {
		throw new UsageError(`${label}: cannot read ${file}: ${describeFileError(error, file)}`, hint);
	}
	if (ca.includes('-----BEGIN CERTIFICATE-----')) return ca;
	// A key or a request beside the certificate is the usual mix-up: name what the file is.
	const kind = /-----BEGIN ([A-Z ]+)-----/.exec(ca)?.[1];
	const other = kind === undefined ? undefined : PEM_KINDS[kind];
	throw new UsageError(
		`${label}: ${file} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----")${other ? `; it holds ${other}` : ''}`,
		hint ?? (other ? "give --ca the CA's certificate (a .crt or .pem file with BEGIN CERTIFICATE), not a key or a request" : `a DER certificate converts with: openssl x509 -inform der -in ${file} -out ca.pem`),
	);
}

/** --cert and --key: read and checked before anything connects; undefined when neither is given. */
function clientCertificateFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): ClientCertificate | undefined {
	const cert = str(flags.cert);
	const key = str(flags.key);
	// --no-cert (cert: false) offers none, a profile's included.
	for (const [name, value] of [['cert', cert], ['key', key]] as const) {
		if (value?.trim() === '') throw new UsageError(`--${name} is empty`, `give the ${name === 'cert' ? 'client certificate' : 'private key'} file (PEM), or leave --${name} out`);
	}
	if (key !== undefined && cert === undefined) throw new UsageError('--key given without --cert', 'give the client certificate too: --cert FILE');
	if (cert === undefined) return undefined;
	return readClientCertificate(cert, key, env);
}

/** The --cert and --key files, which an output must not overwrite. */
export function certificateInputs(flags: Record<string, unknown>): FlagPath[] {
	return (['cert', 'key'] as const).flatMap(name => (typeof flags[name] === 'string' ? [{flag: `--${name}`, file: flags[name]}] : []));
}

/**
 * `canPrompt`: a missing password would be asked for (a terminal, not used by the message); by default it is.
 * `tlsLater`: the user may start TLS after --no-starttls (a STARTTLS typed in talk or the dashboard, the panel's
 * Security), so the TLS flags are kept for it.
 */
export type ConnectionOptions = {canPrompt?: boolean; tlsLater?: boolean};

export function parseConnectionFlags(given: Record<string, unknown>, env: NodeJS.ProcessEnv, heloFlag = '--helo', {canPrompt = true, tlsLater = false}: ConnectionOptions = {}): ConnectionSettings {
	const socket = socketFlag(given);
	// host:port in one value, as swaks takes --server and `check` its target: split, unless --port is given too.
	const joined = typeof given.host === 'string' ? hostAndPort(given.host.trim()) : undefined;
	if (joined && given.port !== undefined && Number(String(given.port).trim()) !== Number(joined.port)) {
		throw new UsageError(`--host "${String(given.host).trim()}" has a port in it, and --port ${String(given.port)} is given too`, `give the port once: --host ${joined.host} --port ${joined.port}, or --host ${joined.host} --port ${String(given.port)}`);
	}
	const flags = joined ? {...given, host: joined.host, port: joined.port} : given;
	if (flags.tls === true && flags.starttls === true) {
		throw new UsageError('--tls and --starttls cannot be used together', '--tls is TLS from the first byte (port 465); --starttls upgrades a plain connection (port 587 or 25)');
	}
	if (flags.tls === true && flags.starttls === false) {
		throw new UsageError('--tls and --no-starttls cannot be used together', '--tls is TLS from the first byte; --no-starttls means no TLS at all');
	}
	const tls: TlsPolicy = flags.tls === true ? 'tls' : flags.starttls === true ? 'starttls' : flags.starttls === false ? 'none' : 'auto';
	// Said loudly in the transcript and the result ("insecure": true), --insecure would claim a TLS session there is
	// not; a --ca or --tls-min given for nothing is a mistake to say, not to ignore.
	// (Beside --insecure, --ca still acts: the certificate is judged against it, and "--insecure was not needed" said.)
	if (tls === 'none' && !tlsLater) refuseTlsFlagsWithoutTls(flags);
	// LMTP's own port is 24 (RFC 2033 leaves it open; Dovecot's and Cyrus's listeners and swaks use it).
	const port = flags.port === undefined ? (tls === 'tls' ? 465 : flags.lmtp === true ? 24 : 25) : flagNumber(flags.port);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new UsageError(`--port must be a whole number from 1 to 65535, not "${String(flags.port)}"`, 'the usual ones: 25 (MX), 587 (submission with STARTTLS), 465 (with --tls)');
	}
	const timeoutSeconds = flags.timeout === undefined ? 30 : flagSeconds(flags.timeout);
	// A day at most: Node's timers overflow past ~24.8 days and would fire at once. A tenth of a second at least:
	// less is no time for a server to answer in, and the errors would say "within 0 s".
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < MIN_TIMEOUT_SECONDS || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
		throw new UsageError(`--timeout must be a number of seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} (a day), not "${String(flags.timeout)}"`, 'e.g. --timeout 60, --timeout 2.5 or --timeout 5m');
	}

	const caPath = str(flags.ca);
	if (caPath?.trim() === '') throw new UsageError('--ca is empty', 'give the CA certificate file (PEM), or leave --ca out');
	const ca = caPath === undefined ? undefined : readCaFile(caPath);
	const clientCertificate = clientCertificateFlags(flags, env);
	const tlsVersions = parseTlsVersions(flags);

	// CR, LF or NUL in these would end an SMTP line early: refuse them here, before anything is sent.
	const lineBreak = /[\r\n\0]/;
	for (const name of ['user', 'auth'] as const) {
		if (lineBreak.test(str(flags[name]) ?? '')) throw new UsageError(`--${name} must not contain a line break (CR, LF) or NUL`);
	}
	const hostFlag = str(flags.host);
	const host = hostFlag === undefined ? undefined : checkHost(hostFlag.trim());
	const route = parseRouteFlags(flags, host);
	const user = str(flags.user);
	refuseNotUtf8(user, '--user');
	const passwordFile = str(flags.passwordFile);
	if (passwordFile !== undefined && str(flags.password) !== undefined) {
		throw new UsageError('--password and --password-file both give the password', 'give one of them: --password-file keeps it out of the process list');
	}
	const typed = passwordFile === undefined ? str(flags.password) : readPasswordFile(passwordFile);
	const label = passwordFile === undefined ? '--password' : '--password-file';
	// An empty SMTP_PASSWORD is as good as none: the prompt (or the missing-password error) follows.
	const password = typed ?? (user === undefined ? undefined : env.SMTP_PASSWORD || undefined);
	// SMTP_PASSWORD is checked only when it is used: an unrelated one in the environment is not our business.
	checkPassword(password, typed === undefined ? 'SMTP_PASSWORD' : label);
	if (password !== undefined && user === undefined) throw new UsageError(`${label} given without --user`, 'add --user NAME');
	if (user === '') throw new UsageError('--user is empty', 'give the account name, or leave --user out to send without AUTH');
	if (password === '') {
		throw new UsageError(
			'--password is empty',
			canPrompt ? 'give the password, or leave it out to be asked for it' : 'give the password, or leave --password out and set SMTP_PASSWORD (there is no prompt without a terminal)',
		);
	}
	const mechanism = parseAuthFlag(str(flags.auth), {user, typedPassword: typed, passwordFlag: label, clientCertificate: clientCertificate !== undefined});

	if (str(flags.helo)?.trim() === '') throw new UsageError(`${heloFlag} is empty`, `give this machine's name, e.g. client.example.test, or leave ${heloFlag} out for its host name`);
	// Without --helo the driver picks a name a strict server takes, once connected (smtp/ehlo-name.ts).
	const helo = str(flags.helo);
	const ehloName = helo === undefined ? undefined : checkEhloName(helo, heloFlag);
	const dns = parseDnsFlag(flags.dns);

	return {
		...(host !== undefined && {host: unbracketed(host)}),
		port,
		tls,
		insecure: flags.insecure === true,
		...(ca !== undefined && {ca}),
		...(clientCertificate && {clientCertificate}),
		...(tlsVersions && {tlsVersions}),
		...(ehloName !== undefined && {ehloName}),
		...(user !== undefined && {user}),
		// EXTERNAL sends none: an SMTP_PASSWORD in the environment stays unused.
		...(password !== undefined && mechanism !== 'EXTERNAL' && {password}),
		...(mechanism !== undefined && {mechanism}),
		allowPlaintextAuth: flags.allowPlaintextAuth === true,
		timeoutSeconds,
		mx: flags.mx === true,
		...(dns && {dns}),
		lmtp: flags.lmtp === true,
		...(socket !== undefined && {socket, host: socket, tls: 'none' as const}),
		...route,
	};
}

/** A recording is played back by `smtp-tui replay`, which plays SMTP over TCP only: it would replay this one wrong. */
export function refuseUnreplayable(connection: Pick<ConnectionSettings, 'lmtp' | 'socket'>, record: unknown, keeper = '--transcript FILE'): void {
	const notReplayable = [connection.lmtp && '--lmtp', connection.socket !== undefined && '--socket'].filter(Boolean);
	if (record !== undefined && notReplayable.length > 0) {
		throw new UsageError(`--record cannot be used with ${notReplayable.join(' or ')}: smtp-tui replay plays SMTP sessions over TCP only`, `leave --record out; ${keeper} keeps the whole session as text, Markdown or JSON`);
	}
}

/** What --socket leaves no room for: a host to reach, and TLS, which a Unix socket on this machine does not need. */
const NOT_WITH_SOCKET = [
	['host', '--host'],
	['port', '--port'],
	['tls', '--tls'],
	['starttls', '--starttls'],
	['mx', '--mx'],
	['dns', '--dns'],
	['ca', '--ca'],
	['insecure', '--insecure'],
	['cert', '--cert'],
	['key', '--key'],
	['tlsMin', '--tls-min'],
	['tlsMax', '--tls-max'],
	['ipv4', '-4'],
	['ipv6', '-6'],
	['localAddress', '--local-address'],
] as const;

/** The flags given that a Unix socket leaves no room for, as typed (--no-starttls, --no-ipv4 and the like are none). */
export const socketClashes = (flags: Record<string, unknown>): string[] => NOT_WITH_SOCKET.filter(([name]) => flags[name] !== undefined && flags[name] !== false).map(([, flag]) => flag);

/**
 * --socket PATH, made absolute (the path is the host from then on: it begins with "/"); undefined without it. The
 * flags that name another way to the server are refused, all of them named. A file there that is no socket is
 * bad input; a missing one is left to the connection, whose error says so (a server that is not running).
 */
function socketFlag(flags: Record<string, unknown>): string | undefined {
	const given = flags.socket;
	if (given === undefined) return undefined;
	const file = String(given).trim();
	if (file === '') throw new UsageError('--socket is empty', "give the path of the server's Unix socket, e.g. --socket /var/run/dovecot/lmtp");
	const clashing = socketClashes(flags);
	// --no-starttls says what --socket does anyway.
	if (clashing.length > 0) {
		throw new UsageError(
			`--socket cannot be used with ${clashing.join(', ')}: it connects to a Unix socket on this machine, with no host, port or TLS`,
			`leave ${clashing.join(', ')} out, or leave --socket out to connect to a host`,
		);
	}
	const absolute = path.resolve(file);
	const info = statOf(absolute);
	if (info && !info.isSocket()) {
		const kind = info.isDirectory() ? 'a folder' : info.isFile() ? 'a regular file' : 'a device or a pipe';
		throw new UsageError(`--socket ${file} is ${kind}, not a socket`, "give the path of the server's Unix socket (ls -l shows an s first: srw-rw----)");
	}
	return absolute;
}

export type BodyFlag = {kind: 'text'; text: string} | {kind: 'file'; path: string} | {kind: 'stdin'};

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

/** `\n` in --body TEXT is a line break and `\\` one backslash (so `\\n` stays `\n`); any other backslash is kept. */
const unescapeBody = (text: string) => text.replace(/\\([\\n])/g, (_escape, char: string) => (char === 'n' ? '\n' : '\\'));

/** --body's or --html's value (`flag`), given. */
function bodyFlag(value: string, flag: '--body' | '--html'): BodyFlag {
	if (value === '-' || value === '@/dev/stdin') return {kind: 'stdin'};
	// `@@`: a text that starts with a literal @ (`--body '@@team: deploy at 5'`), not a file.
	if (value.startsWith('@@')) return {kind: 'text', text: unescapeBody(value.slice(1))};
	if (value === '@') throw new UsageError(`${flag} @ names no file`, `give a file name after @ (or @@ for ${flag === '--body' ? 'a body' : 'HTML'} that starts with @)`);
	if (value.startsWith('@')) return {kind: 'file', path: value.slice(1)};
	return {kind: 'text', text: unescapeBody(value)};
}

/**
 * `--body body.txt` naming an existing file: swaks reads the file, smtp-tui sends the text. Said, and sent as
 * given: a one-word body may be meant (`--body ok`, with a file named ok about). Likewise `--html page.html`.
 */
function bodyFileNote(value: string | undefined, body: BodyFlag | {kind: 'from-html'} | undefined, flag: '--body' | '--html'): string[] {
	if (body?.kind !== 'text' || value === undefined || !/^\S+$/.test(value) || !statOf(value)?.isFile()) return [];
	return [`warning: ${flag} ${value} is sent as the text "${value}"; to send the file's contents: ${flag} ${shellWord(`@${value}`)}`];
}

/**
 * --body and --html. Without --body, the text part is made from the HTML (said in the transcript); `--body ''` with
 * --html is no text part. Only one of them can read standard input.
 */
function bodyFlags(flags: Record<string, unknown>): {body: SendSettings['body']; html?: BodyFlag; notes: string[]} {
	const [bodyValue, htmlValue] = [str(flags.body), str(flags.html)];
	if (htmlValue === undefined) return {body: bodyValue === undefined ? {kind: 'text', text: DEFAULT_BODY} : bodyFlag(bodyValue, '--body'), notes: []};
	if (htmlValue.trim() === '') throw new UsageError('--html is empty', "give the HTML, a file (--html @page.html), or leave --html out; --body '' with --html sends the HTML alone");
	const html = bodyFlag(htmlValue, '--html');
	if (bodyValue === undefined) return {body: {kind: 'from-html'}, html, notes: [FROM_HTML_NOTE]};
	const body = bodyFlag(bodyValue, '--body');
	if (body.kind === 'stdin' && html.kind === 'stdin') throw new UsageError('--body and --html both read standard input, which holds one of them', 'give the other as a file: e.g. --body - --html @page.html');
	return {body, html, notes: []};
}

const DEFAULT_BODY = 'This is a test message sent by smtp-tui.\n';
const FROM_HTML_NOTE = "note: the text/plain part is made from the HTML (links as [address]); --body gives your own, --body '' sends the HTML alone";

/**
 * `--attach @blob.bin`, swaks' newer syntax: --attach takes the file itself. Said when only the name without the @
 * exists; the composer would say only "no such file".
 */
function refuseAtAttach(files: readonly string[]): void {
	for (const file of files) {
		if (!file.startsWith('@') || statOf(file) || !statOf(file.slice(1))) continue;
		throw new UsageError(`--attach ${file}: no such file`, `drop the @: --attach ${shellWord(file.slice(1))} (--attach takes the file name itself)`);
	}
}

/** --transcript-format (send and the dashboard): text, the default, md or json, in any case (as --quit-after). */
export function parseTranscriptFormat(value: unknown): TranscriptFormat {
	const format = value === undefined ? 'text' : String(value).trim().toLowerCase();
	if (!(TRANSCRIPT_FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`--transcript-format must be one of ${TRANSCRIPT_FORMATS.join(', ')}, not "${String(value)}"`);
	}
	return format as TranscriptFormat;
}

/** md for `.md`, json for `.json` and `.jsonl`; undefined (text) for anything else. */
export function formatOfExtension(file: string | undefined): TranscriptFormat | undefined {
	const extension = file === undefined ? '' : path.extname(file).toLowerCase();
	return extension === '.md' ? 'md' : extension === '.json' || extension === '.jsonl' ? 'json' : undefined;
}

/** A value given empty (an unset shell variable): refused, never read as "none" (mail without its attachment). */
function refuseEmptyValues(flags: Record<string, unknown>): void {
	for (const name of ['to', 'cc', 'bcc', 'attach', 'header', 'transcript', 'record'] as const) {
		const values = valuesOf(flags[name]);
		if (values.some(value => String(value).trim() === '')) throw new UsageError(`--${name} is empty`, `give a value, or leave --${name} out`);
	}
	// An empty Subject header would be left out without a word: $SUBJECT unset is a mistake, not "no subject".
	if (str(flags.subject)?.trim() === '') throw new UsageError('--subject is empty', 'give a subject, or leave --subject out for the default ("test <date>")');
}

/**
 * `-` is standard input for --body and --data, but an output named so would make a file called "-": refused,
 * saying where the output goes instead (send's transcript is on standard output already; the dashboard's screen
 * is there). Shared by send and the dashboard.
 */
export function refuseDashOutputs(flags: Record<string, unknown>): void {
	const file = 'a file named "-" is ./-';
	if (flags.transcript === '-') {
		throw new UsageError('--transcript -: the transcript is on standard output already', `leave --transcript out (--json prints it as JSON lines there), add --transcript-format md to print the Markdown there instead, or give a file name to keep a copy (${file})`);
	}
	if (flags.record === '-') throw new UsageError('--record -: a recording goes to a file, for "smtp-tui replay FILE" to play', `give a file name, e.g. --record session.jsonl (${file})`);
}

/**
 * The texts that go into the message as typed. The addresses are the composer's to refuse (it names them); a
 * body read from a file or a pipe is checked as it is read.
 */
function refuseNotUtf8Texts(flags: Record<string, unknown>, body: SendSettings['body'], html: BodyFlag | undefined): void {
	refuseNotUtf8(str(flags.subject), '--subject');
	for (const header of valuesOf(flags.header)) refuseNotUtf8(String(header), '--header');
	if (body.kind === 'text') refuseNotUtf8(body.text, '--body', {quote: false});
	if (html?.kind === 'text') refuseNotUtf8(html.text, '--html', {quote: false});
}

/**
 * --subject and --header go into the message's header: a CR or LF (anywhere: trimming would hide one at an end)
 * could add a header, and ESC, BEL, DEL or a C1 control would be RFC 2047-encoded only to reach the reader's
 * terminal decoded. Refused as typed, naming the flag and the character; the dashboard's fields drop them.
 */
function refuseHeaderControls(flags: Record<string, unknown>): void {
	const subject = str(flags.subject);
	const texts = [...(subject === undefined ? [] : [{flag: '--subject', value: subject}]), ...valuesOf(flags.header).map(header => ({flag: '--header', value: String(header)}))];
	for (const {flag, value} of texts) {
		const control = controlIn(value);
		if (control) {
			const oneEach = control.lineBreak && flag === '--header' ? '; give each header its own --header' : '';
			throw new UsageError(`${flag} contains ${control.what}: "${escapeUnsafe(value, {keepTab: true})}"`, `remove it: ${controlReason(control.lineBreak)}${oneEach}`);
		}
	}
}

/** The addresses in `a@x.test b@x.test`, when there are several (and no display name, which may hold an @). */
function runTogether(item: string): string[] | undefined {
	if (/["<>()]/.test(item)) return undefined;
	const addresses = item.split(/\s+/).filter(word => /^[^@]+@[^@]+$/.test(word));
	return addresses.length > 1 ? addresses : undefined;
}

/**
 * `a@x.test b@x.test`: addresses missing a comma. Said here, quoting what was typed: the address parser reads it
 * as one mailbox named after the second address, and its error would quote that reordering. The hint is the whole
 * value, mended.
 */
function refuseRunTogether(field: string, values: readonly unknown[]): void {
	for (const value of values) {
		const items = addressItems(value);
		const found = items.find(item => runTogether(item));
		if (found === undefined) continue;
		const count = runTogether(found)!.length > 2 ? 'several' : 'two';
		const mended = items.flatMap(item => runTogether(item) ?? [item]).join(',');
		throw new UsageError(`${field} address ${JSON.stringify(found)} looks like ${count} addresses; separate addresses with commas`, `e.g. --${field.toLowerCase()} ${shellWord(mended)}`);
	}
}

/**
 * `--attach 'a.txt, b.txt'`: the dashboard's Attach field takes a comma list, --attach one file (whose name may
 * hold a comma). Said when no such file exists; the composer would say only that.
 */
function refuseAttachList(values: readonly unknown[]): void {
	for (const value of values) {
		// The file's part only: an option's value may hold a comma (;name=Receipt, March.pdf), which lists nothing.
		const {file: typed, options} = attachFileText(String(value));
		// A quoted name keeps its comma, as in the dashboard.
		const parts = splitList(typed);
		if (parts.length < 2) continue;
		// Trimmed only before options, as parseAttachFlag reads it: a name may end in a space.
		const file = unquotePath(options === '' ? typed : typed.trim());
		try {
			statSync(file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') continue;
			// The options were given to the last file of the list.
			const flags = parts.map((part, at) => `--attach ${shellWord(at === parts.length - 1 ? `${part}${options}` : part)}`);
			throw new UsageError(`--attach ${JSON.stringify(file)}: no such file`, `one file per --attach: ${flags.join(' ')}`);
		}
	}
}

/** What a PEM file given as --ca holds instead of a certificate: the usual mix-ups, with their article. */
const PEM_KINDS: Readonly<Record<string, string>> = {
	'PRIVATE KEY': 'a private key',
	'RSA PRIVATE KEY': 'an RSA private key',
	'EC PRIVATE KEY': 'an EC private key',
	'ENCRYPTED PRIVATE KEY': 'an encrypted private key',
	'CERTIFICATE REQUEST': 'a certificate request',
	'NEW CERTIFICATE REQUEST': 'a certificate request',
	'PUBLIC KEY': 'a public key',
};

/** A Bcc header would show the hidden recipients to every recipient: --bcc puts them in the envelope only. */
function refuseBccHeader(headers: readonly string[]): void {
	if (headers.some(header => /^\s*bcc\s*:/i.test(header))) {
		throw new UsageError('a Bcc header would show the hidden recipients', 'give them with --bcc, which puts them only in the envelope');
	}
}

/** A path named by a flag, for the messages: `--body` and the path as typed. */
export type FlagPath = {flag: string; file: string};

/** The file's status, links followed; undefined when there is none (missing, a dangling link, a folder not searchable). */
function statOf(file: string): BigIntStats | undefined {
	try {
		return statSync(file, {bigint: true});
	} catch {
		return undefined;
	}
}

/**
 * A symlink on the way to `file` made by someone other than you or root (in /tmp, a shared folder): it leads where
 * they chose, to one of your files or to a new one of theirs (a dangling link), as Linux's fs.protected_symlinks
 * refuses. Every link is checked: the last one, one in a chain behind your own, one for a folder on the path. Root's
 * own links (/dev/stdout) are followed.
 */
export function plantedLink(file: string, uid: bigint): boolean {
	const absolute = path.resolve(file);
	let pending = absolute.split(path.sep).filter(Boolean);
	let current = path.parse(absolute).root;
	for (let hops = 0; pending.length > 0; ) {
		const next = path.join(current, pending.shift()!);
		let link;
		try {
			link = lstatSync(next, {bigint: true});
		} catch {
			// Not there yet: what is left is made by us, under a folder checked up to here.
			return false;
		}
		if (!link.isSymbolicLink()) {
			current = next;
			continue;
		}
		if (link.uid !== uid && link.uid !== 0n) return true;
		// A loop: opening it fails on its own (ELOOP).
		if (++hops > 40) return false;
		const target = readlinkSync(next);
		if (path.isAbsolute(target)) current = path.parse(target).root;
		pending = [...target.split(path.sep).filter(Boolean), ...pending];
	}
	return false;
}

/** Device and inode of an existing regular file: the same for hard links, symlinks, `./x` and `x`. */
const inode = (file: string) => {
	const info = statOf(file);
	return info?.isFile() ? `${info.dev}:${info.ino}` : undefined;
};

/** Where a file that does not exist yet will be made: absolute, with links in its folder (and a dangling link) followed. */
export function plannedPath(file: string, hops = 0): string {
	const absolute = path.resolve(file);
	try {
		if (hops < 40 && lstatSync(absolute).isSymbolicLink()) return plannedPath(path.resolve(path.dirname(absolute), readlinkSync(absolute)), hops + 1);
	} catch {
		// Nothing there (the usual case): the path is made as it is.
	}
	try {
		return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
	} catch {
		return absolute;
	}
}

/**
 * What an output will write into. Undefined for what exists but is not a regular file: /dev/null may take every
 * output, and a folder is refused when it is opened.
 */
function outputIdentity(file: string): string | undefined {
	return statOf(file) ? inode(file) : plannedPath(file);
}

/** `--body precious.txt`, or `--body ./precious.txt` when the other flag spelt it otherwise. */
const alsoThe = (output: FlagPath, other: FlagPath) => `${output.flag} ${output.file} is also the ${other.flag} file${other.file === output.file ? '' : ` ${other.file}`}`;

/**
 * The files smtp-tui itself keeps (profiles, the draft, the sandbox's certificate): never an output, whatever the command. A recording
 * written over profiles.json lost every profile.
 */
export function ownFiles(env: NodeJS.ProcessEnv): FlagPath[] {
	// Without a home folder (and no SMTP_TUI_*_DIR) smtp-tui keeps no file there: none to protect.
	const inFolder = (folder: () => string, files: Array<[flag: string, name: string]>): FlagPath[] => {
		const dir = unlessNoHome(folder);
		return dir === undefined ? [] : files.map(([flag, name]) => ({flag, file: path.join(dir, name)}));
	};
	return [
		...inFolder(() => configDir(env), [['profiles', 'profiles.json']]),
		...inFolder(() => stateDir(env), [
			['draft', 'draft.json'],
			['draft lock', 'draft.json.lock'],
		]),
		// The sandbox's kept certificate: overwritten, the next start makes another, and every client that trusts it
		// (a workshop's slides, students' --ca) is refused.
		...inFolder(() => defaultCertificateDir(env), [
			['sandbox certificate', 'certificate.pem'],
			['sandbox private key', 'private-key.pem'],
		]),
	];
}

/**
 * Outputs are emptied when opened, before the message is read: one that is also an input would send an empty or
 * broken message and lose the file; two outputs on one file would interleave. Refused before anything is written.
 */
export function refuseSharedFiles(outputs: readonly FlagPath[], inputs: readonly FlagPath[]): void {
	for (const [index, output] of outputs.entries()) {
		const writes = outputIdentity(output.file);
		if (writes === undefined) continue;
		const input = inputs.find(candidate => inode(candidate.file) === writes);
		const instead = `write the ${output.flag === '--record' ? 'recording' : 'transcript'} to another file`;
		// Emptied and rewritten in place, another user's file would keep their permissions (world-readable, say)
		// while holding your addresses and mail; through a symlink too, which statOf follows.
		const owner = statOf(output.file)?.uid;
		if (owner !== undefined && process.getuid && owner !== BigInt(process.getuid())) {
			throw new UsageError(`${output.flag} ${output.file} belongs to another user: it would be overwritten, and keep their permissions`, instead);
		}
		if (process.getuid && plantedLink(output.file, BigInt(process.getuid()))) {
			throw new UsageError(`${output.flag} ${output.file} goes through a link another user made: writing through it would overwrite, or make, a file where they chose`, instead);
		}
		if (input && !input.flag.startsWith('--')) throw new UsageError(`${output.flag} ${output.file} is smtp-tui's ${input.flag} file: it would be overwritten`, instead);
		if (input) {
			// --ca, --cert and --key are read already, but would still be lost.
			const when = ['--ca', '--cert', '--key'].includes(input.flag) ? '' : ' before it is read';
			throw new UsageError(`${alsoThe(output, input)}: it would be overwritten${when}`, instead);
		}
		const other = outputs.slice(0, index).find(candidate => outputIdentity(candidate.file) === writes);
		if (other) throw new UsageError(`${alsoThe(output, other)}: both would write into it`, 'give each its own file');
	}
}

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
