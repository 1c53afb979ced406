// Turns `serve` flags into sandbox settings. Every mistake becomes a UsageError that names the flag.
import {statSync} from 'node:fs';
import {ChaosSpecError, parseChaos} from '../sandbox/chaos.js';
import {sandboxDefaults, type SandboxSettings} from '../sandbox/settings.js';
import {UsageError} from './command.js';
import {FLAG_EXAMPLES} from './flag-examples.js';
import {groupDigits} from '../smtp/digits.js';
import {flagNumber, flagOctets, flagSeconds, kebab} from './flags.js';
import {refusePortIn} from './host-checks.js';
import {serveSocket} from './serve-socket-options.js';
import {parseDnsFlag} from './dns-options.js';
import {parseHttpFlag, type HttpAddress} from './http-flag.js';
import {isWildcard} from './own-addresses.js';

export type ServeOptions = {
	settings: Partial<SandboxSettings>;
	json: boolean;
	/** True when --password was given: then it is never printed. */
	customPassword: boolean;
	/** --http: where the HTTP API listens. */
	http?: HttpAddress;
};

const maxDelaySeconds = 3600;

/** The value as typed; a blank one is left to the flag's own check, which says what it must be, with an example. */
function text(flags: Record<string, unknown>, name: string): string | undefined {
	return flags[name] === undefined ? undefined : String(flags[name]);
}

/** A value with no "must be" of its own (a folder, a name): blank is said so, with what to give instead. */
function given(flags: Record<string, unknown>, name: string, hint: string): string | undefined {
	const value = text(flags, name);
	if (value?.trim() === '') throw new UsageError(`--${kebab(name)} is empty`, hint);
	return value;
}

function whole(flags: Record<string, unknown>, name: string, min: number, max: number, what: string, example: string): number | undefined {
	const value = text(flags, name);
	if (value === undefined) return undefined;
	const number = flagNumber(value);
	if (!(number >= min && number <= max)) throw new UsageError(`--${kebab(name)} must be ${what}, not "${value}"`, `e.g. --${kebab(name)} ${example}`);
	return number;
}

/** Seconds as the client's --timeout takes them: 1.5, or with a unit (5s, 1m, 1h). */
function delayMs(flags: Record<string, unknown>, name: string): number | undefined {
	const value = text(flags, name);
	if (value === undefined) return undefined;
	const number = flagSeconds(value);
	if (!(number <= maxDelaySeconds)) {
		const flag = `--${kebab(name)}`;
		throw new UsageError(`${flag} must be a number of seconds from 0 to ${maxDelaySeconds} (an hour), not "${value}"`, `e.g. ${flag} 1.5, ${flag} 5s or ${flag} 1m`);
	}
	return Math.round(number * 1000);
}

/** Bytes as send's --chunk-size takes octets: a whole number, or with k or m (KiB, MiB: 10m is 10,485,760). */
function maxSize(flags: Record<string, unknown>): number | undefined {
	const value = text(flags, 'maxSize');
	if (value === undefined) return undefined;
	const size = flagOctets(value);
	if (!(size >= 1 && size <= Number.MAX_SAFE_INTEGER)) {
		throw new UsageError(`--max-size must be a number of bytes, at least 1, not "${value}"`, `give bytes as a whole number, or with k or m (100k is 102,400 bytes; ${sandboxDefaults.maxSize / 1024 / 1024}m, the default, is ${groupDigits(sandboxDefaults.maxSize)})`);
	}
	return size;
}

/** A name or password: printable, no CR/LF/NUL that could reach the wire or the terminal. */
function plainText(flags: Record<string, unknown>, name: 'user' | 'password', what: string): string | undefined {
	const value = given(flags, name, `give the ${what}, or leave --${name} out for the default (${sandboxDefaults[name]})`);
	if (value !== undefined && /[\0-\x1f\x7f]/.test(value)) throw new UsageError(`--${kebab(name)} must not contain control characters (CR, LF, NUL, ...)`);
	return value;
}

/** --save-dir naming a file: said so, not as a write error ("a file is in the way") when the sandbox starts. */
export function refuseFile(dir: string, hint = 'give a folder (it is made if missing), e.g. --save-dir ./mail'): void {
	let isFolder = true;
	try {
		isFolder = statSync(dir).isDirectory();
	} catch {
		// Missing: made at start. Any other failure is said then, with the path it concerns.
	}
	if (!isFolder) throw new UsageError(`--save-dir ${dir} is a file, not a folder`, hint);
}

export function parseServeFlags(flags: Record<string, unknown>, input: readonly string[]): ServeOptions {
	if (input.length > 0) throw new UsageError(`serve takes no arguments, got "${input.join(' ')}"`, 'see smtp-tui serve --help');

	const port = whole(flags, 'port', 0, 65535, 'a whole number from 0 to 65535 (0 picks a free port)', `${sandboxDefaults.port}, or --port 0 for a free port`);
	const tlsPort = whole(flags, 'tlsPort', 0, 65535, 'a whole number from 0 to 65535 (0 picks a free port)', '2465, or --tls-port 0 for a free port');
	if (tlsPort !== undefined && tlsPort !== 0 && tlsPort === (port ?? 2525)) {
		throw new UsageError(`--tls-port and --port are both ${tlsPort}`, 'give the implicit-TLS listener its own port, e.g. --tls-port 2465');
	}
	const listen = text(flags, 'listen')?.trim();
	// As --host says it: DNS would answer "localhost:25" with "not found".
	if (listen !== undefined) refusePortIn(listen, '--listen', '--listen');
	if (listen !== undefined && !/^[\w.:-]+$/.test(listen)) throw new UsageError(`--listen must be an IP address or a host name, not "${listen}"`, 'e.g. --listen 127.0.0.1, or --listen 0.0.0.0 for every interface');
	const hostname = text(flags, 'hostname')?.trim();
	if (hostname !== undefined && !/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(hostname)) {
		throw new UsageError(`--hostname must be a host name (letters, digits, dots, hyphens), not "${hostname}"`, 'e.g. --hostname lab.example.org');
	}
	const user = plainText(flags, 'user', 'account name');
	const password = plainText(flags, 'password', 'password');
	if (flags.anyLogin === true && (user !== undefined || password !== undefined)) {
		throw new UsageError(`--any-login takes any user name and password: --${user === undefined ? 'password' : 'user'} would be ignored`, 'drop one: --any-login for an app with its own credentials, or --user and --password for one account');
	}

	let chaos;
	const spec = given(flags, 'chaos', `give faults as "stage:code:percent,...", e.g. --chaos ${FLAG_EXAMPLES.chaos}, or leave --chaos out`);
	if (spec !== undefined) {
		try {
			chaos = parseChaos(spec);
		} catch (error) {
			if (!(error instanceof ChaosSpecError)) throw error;
			throw new UsageError(`--chaos: ${error.message}`, `for example --chaos ${FLAG_EXAMPLES.chaos}`);
		}
	}

	const starttls = flags.starttls !== false;
	if (!starttls && flags.requireTls === true) {
		throw new UsageError('--no-starttls and --require-tls cannot be used together', '--require-tls refuses MAIL and AUTH until STARTTLS, which --no-starttls stops offering: drop one (--tls-port gives implicit TLS with either)');
	}

	const socket = serveSocket(flags);
	const http = parseHttpFlag(flags.http);
	const smtpHost = listen ?? sandboxDefaults.listen;
	const sameHost = http !== undefined && (http.host === smtpHost || isWildcard(http.host) || isWildcard(smtpHost));
	if (http !== undefined && sameHost && http.port !== 0 && http.port === (port ?? sandboxDefaults.port) && socket === undefined) {
		throw new UsageError(`--http and --port are both ${http.port}`, 'give the HTTP API its own port, e.g. --http 8025');
	}
	const saveDir = given(flags, 'saveDir', 'give a folder (it is made if missing), e.g. --save-dir ./mail, or leave --save-dir out to keep no files');
	if (saveDir !== undefined) refuseFile(saveDir);
	const saveMax = whole(flags, 'saveMax', 1, 1_000_000_000, 'a whole number, at least 1', '10000');
	if (saveMax !== undefined && saveDir === undefined) throw new UsageError('--save-max without --save-dir: no messages are saved to limit', 'add --save-dir DIR, e.g. --save-dir ./mail --save-max 10000');

	const settings: Partial<SandboxSettings> = {
		port,
		listen,
		tlsPort,
		hostname,
		user,
		password,
		starttls,
		requireTls: flags.requireTls === true,
		requireAuth: flags.requireAuth === true,
		anyLogin: flags.anyLogin === true,
		maxSize: maxSize(flags),
		maxRecipients: whole(flags, 'maxRecipients', 1, 1_000_000, 'a whole number, at least 1', `${sandboxDefaults.maxRecipients} (the default)`),
		bannerDelayMs: delayMs(flags, 'bannerDelay'),
		greylist: flags.greylist === true,
		greylistDelayMs: delayMs(flags, 'greylistDelay'),
		slowDelayMs: delayMs(flags, 'slowDelay'),
		rejectAll: flags.rejectAll === true,
		proxy: serveProxy(flags),
		chaos,
		...(flags.xclient === true && {xclient: true}),
		...(flags.lmtp === true && {lmtp: true}),
		...(socket !== undefined && {socket}),
		dns: parseDnsFlag(flags.dns),
		saveDir,
		saveMax,
		keep: whole(flags, 'keep', 1, 10_000_000, 'a whole number, at least 1', `${sandboxDefaults.keep} (the default)`),
		// serve shows no message bodies, so it keeps none in memory: a loop of big messages cannot grow it.
		// Its log needs only the summary; with --save-dir the bodies are on disk. The HTTP API serves them: kept as
		// the inbox keeps them.
		keepBytes: http === undefined ? 0 : sandboxDefaults.keepBytes,
	};
	return {settings, json: flags.json === true, customPassword: password !== undefined, ...(http && {http})};
}

/** --proxy, and --proxy-version, which says what --proxy reads: version 1, as smtp-server's useProxy does. */
function serveProxy(flags: Record<string, unknown>): boolean {
	const version = given(flags, 'proxyVersion', 'give 1 (the version --proxy reads), or leave --proxy-version out')?.trim().replace(/^v/i, '');
	if (version === undefined) return flags.proxy === true;
	if (version !== '1') {
		throw new UsageError(
			`serve --proxy reads PROXY protocol version 1 only, not ${JSON.stringify(text(flags, 'proxyVersion'))}`,
			'smtp-server, under the sandbox, parses the text header alone: give --proxy (version 1); test version 2 against Postfix or HAProxy',
		);
	}
	if (flags.proxy === false) throw new UsageError('--proxy-version with --no-proxy: there is no header to read', 'give --proxy, or leave --proxy-version out');
	return true;
}
