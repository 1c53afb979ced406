// `smtp-tui serve`: the sandbox in the foreground, one line per event, until Ctrl+C, SIGTERM or SIGHUP, until its
// output's reader goes away, or until the npx that started it does (exit 0).
import process from 'node:process';
import {startSandbox, type Sandbox} from '../sandbox/server.js';
import type {CommandIO, CommandRun} from './command.js';
import {escapeUnsafe, safeJson} from '../text/escape.js';
import {INTERRUPTS} from './interrupts.js';
import {untilLauncherGone, untilOrphaned} from './serve-launcher.js';
import {parseServeFlags, type ServeOptions} from './serve-options.js';
import {ServeOutput} from './serve-output.js';
import {ServeTotals} from './serve-totals.js';
import {socketStartError} from './serve-socket-options.js';
import {portTakenHint, type ServeCommand} from './serve-hints.js';
import {startHttpApi, type HttpApi} from '../sandbox/http-api.js';
import type {HttpAddress} from './http-flag.js';
import {isWildcard, ownAddresses} from './own-addresses.js';
import {hostPort} from '../transport/host-port.js';

/**
 * `tlsPort`: the --tls-port asked for, so a refusal of that port names that flag; `saveDir` and `command`: the run's
 * --save-dir and who runs it, for what a taken --port most likely means.
 */
export function describeStartError(error: NodeJS.ErrnoException & {address?: string; port?: number}, tlsPort?: number, saveDir?: string, command: ServeCommand = 'serve'): {message: string; hint?: string} {
	const onSocket = socketStartError(error);
	if (onSocket) return onSocket;
	if (error.syscall === 'listen' || error.code === 'EADDRINUSE') {
		// Port 0 (any free port) reaches here without one.
		const host = error.address === undefined ? undefined : error.address.includes(':') ? `[${error.address}]` : error.address;
		const where = host === undefined ? '' : ` on ${host}${error.port === undefined ? '' : `:${error.port}`}`;
		switch (error.code) {
			case 'EADDRINUSE':
				return {message: `cannot listen${where}: the port is already in use`, hint: tlsPort !== undefined && tlsPort !== 0 && error.port === tlsPort ? portTakenHint('--tls-port') : portTakenHint('--port', saveDir, command)};
			case 'EACCES':
				return {message: `cannot listen${where}: permission denied`, hint: 'ports below 1024 need privileges; the default is 2525'};
			case 'EADDRNOTAVAIL':
				return {message: `cannot listen${where}: that address is not on this machine`, hint: 'use 127.0.0.1, or 0.0.0.0 for every interface'};
			default:
				return {message: `cannot listen${where}: ${error.message}`};
		}
	}
	if (error.code === 'ENOTFOUND') return {message: `cannot listen: the --listen host name does not resolve (${error.message})`};
	// The --save-dir folder (or the data folder with the certificate).
	if (typeof error.path === 'string') {
		const why: Record<string, string> = {EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system', EEXIST: 'a file is in the way', ENOTDIR: 'a file is in the way', ENOENT: 'no folder can be made there'};
		return {message: `cannot write to ${error.path}: ${why[error.code ?? ''] ?? error.message}`, hint: 'that folder must be writable: the --save-dir folder, or smtp-tui\'s data folder (the certificate)'};
	}
	return {message: `cannot start the sandbox: ${error.message}`};
}

/** The sandbox, with its HTTP API when --http asked for one (closed with it). */
type ServedSandbox = Sandbox & {http?: HttpApi};

/** The sandbox started with its events logged and counted (serve's, and `inbox`'s), or why it could not start. */
export async function startLogged(options: ServeOptions, output: ServeOutput, totals: ServeTotals, command: ServeCommand = 'serve'): Promise<ServedSandbox | {message: string; hint?: string}> {
	let sandbox: Sandbox;
	try {
		sandbox = await startSandbox(options.settings, {
			onEvent(event) {
				totals.count(event);
				output.event(event);
			},
		});
	} catch (error) {
		return describeStartError(error as NodeJS.ErrnoException, options.settings.tlsPort, options.settings.saveDir, command);
	}
	return options.http ? withHttpApi(sandbox, options.http) : sandbox;
}

/** The HTTP API started beside the sandbox, or why not (the sandbox closed again: a run is both or neither). */
async function withHttpApi(sandbox: Sandbox, where: HttpAddress): Promise<ServedSandbox | {message: string; hint?: string}> {
	const {hostname} = sandbox.settings;
	// Host headers a request may give besides loopback's: how other machines reach one listening everywhere.
	const own = [hostname, ...(isWildcard(where.host) ? ownAddresses(where.host) : [])];
	try {
		const http = await startHttpApi(sandbox.mailbox, where, own);
		return {
			...sandbox,
			http,
			async close() {
				await http.close();
				await sandbox.close();
			},
		};
	} catch (error) {
		await sandbox.close();
		const {message, hint} = describeStartError(error as NodeJS.ErrnoException);
		return {message: `--http: ${message}`, ...(hint && {hint: (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `another program listens on ${hostPort(where.host, where.port)}; --http 0 picks a free port` : hint})};
	}
}

/**
 * Serves until `stop` settles. Exposed for tests, which cannot send themselves signals. `orphaned` settles when the
 * parent has gone and the output is a pipe: a line said then stops the server if nobody reads the pipe any more.
 */
export async function serve(options: ServeOptions, io: CommandIO, stop: Promise<unknown>, orphaned: Promise<void> = new Promise(() => {})): Promise<number> {
	const output = new ServeOutput(io, options.json);
	const totals = new ServeTotals();
	const sandbox = await startLogged(options, output, totals);
	if (!('listeners' in sandbox)) {
		const {message, hint} = sandbox;
		// As every usage error is written: with --json the JSON line alone (`2>&1 | jq` must not meet text), else
		// the same prefix, and a typed --save-dir path escaped.
		if (options.json) io.stdout.write(`${safeJson({type: 'error', exitCode: 1, message, ...(hint && {hint})})}\n`);
		else io.stderr.write(`smtp-tui: ${escapeUnsafe(message)}\n${hint ? `hint: ${escapeUnsafe(hint)}\n` : ''}`);
		return 1;
	}
	output.ready(sandbox, options.customPassword);
	let serving = true;
	void orphaned.then(() => serving && output.orphaned());
	// A signal needs no word of explanation; an npx that went away does, as nobody asked for the stop.
	const stopped = await stop;
	serving = false;
	if (stopped === 'launcher gone') output.warn('the npx that started this server has ended (it was killed): stopping, as for SIGTERM');
	output.stopping();
	await sandbox.close();
	output.stopped(totals);
	return 0;
}

// Each interrupt (Ctrl+C, SIGTERM, SIGHUP, Ctrl+Break on Windows) is a request to stop, answered with the same
// clean shutdown and exit 0: stopping is serve's normal end, not an interruption of work (unlike send's, which exits
// 128 + the signal). SIGHUP comes from a closed SSH session or terminal, or `kill -HUP`; unhandled, it would kill
// the process without a 421 to open sessions.

/** Resolves on the first interrupt, then stops listening for them. */
function untilSignal(): Promise<NodeJS.Signals> {
	return new Promise(resolve => {
		const onSignal = (signal: NodeJS.Signals) => {
			for (const name of INTERRUPTS) process.off(name, onSignal);
			resolve(signal);
		};
		for (const name of INTERRUPTS) process.on(name, onSignal);
	});
}

/**
 * Resolves when whoever reads the output went away (`serve | grep -m1 accepted`): a pipeline's end, as SIGPIPE
 * ends other programs there, but with the same clean stop as a signal. Node only learns of it at the next write.
 */
function untilReaderGone(stdout: NodeJS.WritableStream): Promise<'reader gone'> {
	return new Promise(resolve => {
		// Kept listening: the stop's own lines meet the same closed pipe.
		// Any failure to write counts (a full disk too): a server whose log is lost is not watched.
		stdout.on('error', () => resolve('reader gone'));
	});
}

export const runServe: CommandRun = async (flags, input, io) =>
	serve(parseServeFlags(flags, input), io, Promise.race([untilSignal(), untilReaderGone(io.stdout), untilLauncherGone(io.env)]), untilOrphaned(io.env));
