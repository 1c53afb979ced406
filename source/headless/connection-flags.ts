// The flags that say where and how to connect and log in (send, talk, check, profiles, the dashboard), validated:
// every mistake becomes a UsageError that names the flag.
import type {TlsPolicy} from '../smtp/types.js';
import {parseAuthFlag} from './auth-flag.js';
import {unbracketed} from '../transport/host-port.js';
import {UsageError} from './command.js';
import {flagNumber, flagSeconds} from './flags.js';
import type {ClientCertificate} from '../transport/client-certificate.js';
import {readClientCertificate} from './client-certificate-file.js';
import {parseTlsVersions} from './tls-version-flags.js';
import {refuseTlsFlagsWithoutTls} from './tls-flag-rules.js';
import type {TlsVersionRange} from '../transport/tls-versions.js';
import {parseRouteFlags, type RouteSettings} from './route-options.js';
import {readPasswordFile} from './password-file.js';
import {parseDnsFlag} from './dns-options.js';
import type {DnsServer} from '../transport/dns-resolver.js';
import {str} from './flag-values.js';
import {refuseNotUtf8} from './not-utf8.js';
import {hostAndPort, checkHost, checkEhloName} from './host-checks.js';
import {readCaFile} from './ca-file.js';
import {socketFlag} from './socket-flag.js';
import type {FlagPath} from './output-clashes.js';

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

const MIN_TIMEOUT_SECONDS = 0.1;

const MAX_TIMEOUT_SECONDS = 86_400;

/** A password goes on an AUTH line: no line break or NUL, and no byte already lost to another encoding. Never quoted. */
export function checkPassword(password: string | undefined, label: string): void {
	if (/[\r\n\0]/.test(password ?? '')) throw new UsageError(`${label} must not contain a line break (CR, LF) or NUL`);
	refuseNotUtf8(password, label, {quote: false});
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
