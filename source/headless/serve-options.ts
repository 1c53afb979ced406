// Turns `serve` flags into sandbox settings. Every mistake becomes a UsageError that names the flag.
import {statSync} from 'node:fs';
import {ChaosSpecError, parseChaos} from '../sandbox/chaos.js';
import {sandboxDefaults, type SandboxSettings} from '../sandbox/settings.js';
import {UsageError} from './command.js';
import {flagNumber, kebab} from './flags.js';
import {refusePortIn} from './send-options.js';
import {serveSocket} from './serve-socket-options.js';

export type ServeOptions = {
	settings: Partial<SandboxSettings>;
	json: boolean;
	/** True when --password was given: then it is never printed. */
	customPassword: boolean;
};

const maxDelaySeconds = 3600;

function text(flags: Record<string, unknown>, name: string): string | undefined {
	const value = flags[name];
	if (value === undefined) return undefined;
	const string = String(value);
	if (string.trim() === '') throw new UsageError(`--${kebab(name)} needs a value`);
	return string;
}

function whole(flags: Record<string, unknown>, name: string, min: number, max: number, what: string, example: string): number | undefined {
	const value = text(flags, name);
	if (value === undefined) return undefined;
	const number = flagNumber(value);
	if (!(number >= min && number <= max)) throw new UsageError(`--${kebab(name)} must be ${what}, not "${value}"`, `e.g. --${kebab(name)} ${example}`);
	return number;
}

function delayMs(flags: Record<string, unknown>, name: string): number | undefined {
	const value = text(flags, name);
	if (value === undefined) return undefined;
	const number = flagNumber(value, {decimals: true});
	if (!(number <= maxDelaySeconds)) throw new UsageError(`--${kebab(name)} must be a number of seconds from 0 to ${maxDelaySeconds}, not "${value}"`, `e.g. --${kebab(name)} 1.5`);
	return Math.round(number * 1000);
}

/** A name or password: printable, no CR/LF/NUL that could reach the wire or the terminal. */
function plainText(flags: Record<string, unknown>, name: string): string | undefined {
	const value = text(flags, name);
	if (value !== undefined && /[\0-\x1f\x7f]/.test(value)) throw new UsageError(`--${kebab(name)} must not contain control characters (CR, LF, NUL, ...)`);
	return value;
}

/** --save-dir naming a file: said so, not as a write error ("a file is in the way") when the sandbox starts. */
function refuseFile(dir: string): void {
	let isFolder = true;
	try {
		isFolder = statSync(dir).isDirectory();
	} catch {
		// Missing: made at start. Any other failure is said then, with the path it concerns.
	}
	if (!isFolder) throw new UsageError(`--save-dir ${dir} is a file, not a folder`, 'give a folder (it is made if missing), e.g. --save-dir ./mail');
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
	const user = plainText(flags, 'user');
	const password = plainText(flags, 'password');
	if (flags.anyLogin === true && (user !== undefined || password !== undefined)) {
		throw new UsageError(`--any-login takes any user name and password: --${user === undefined ? 'password' : 'user'} would be ignored`, 'drop one: --any-login for an app with its own credentials, or --user and --password for one account');
	}

	let chaos;
	const spec = text(flags, 'chaos');
	if (spec !== undefined) {
		try {
			chaos = parseChaos(spec);
		} catch (error) {
			if (!(error instanceof ChaosSpecError)) throw error;
			throw new UsageError(`--chaos: ${error.message}`, 'for example --chaos "rcpt:451:30,data:drop:5"');
		}
	}

	const starttls = flags.starttls !== false;
	if (!starttls && flags.requireTls === true) {
		throw new UsageError('--no-starttls and --require-tls cannot be used together', '--require-tls refuses MAIL and AUTH until STARTTLS, which --no-starttls stops offering: drop one (--tls-port gives implicit TLS with either)');
	}

	const socket = serveSocket(flags);
	const saveDir = text(flags, 'saveDir');
	if (saveDir !== undefined) refuseFile(saveDir);

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
		maxSize: whole(flags, 'maxSize', 1, Number.MAX_SAFE_INTEGER, 'a number of bytes, at least 1 (e.g. 10485760 for 10 MiB)', `${sandboxDefaults.maxSize} (the default)`),
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
		saveDir,
		keep: whole(flags, 'keep', 1, 10_000_000, 'a whole number, at least 1', `${sandboxDefaults.keep} (the default)`),
		// serve shows no message bodies, so it keeps none in memory: a loop of big messages cannot grow it.
		// Its log needs only the summary; with --save-dir the bodies are on disk.
		keepBytes: 0,
	};
	return {settings, json: flags.json === true, customPassword: password !== undefined};
}

/** --proxy, and --proxy-version, which says what --proxy reads: version 1, as smtp-server's useProxy does. */
function serveProxy(flags: Record<string, unknown>): boolean {
	const version = text(flags, 'proxyVersion')?.trim().replace(/^v/i, '');
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
