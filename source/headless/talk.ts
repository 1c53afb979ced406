// `smtp-tui talk`: the dashboard's manual mode as a plain line-by-line session ("telnet with explanations"): the
// same controller sends each typed line and follows the conversation; the output is send's transcript, one
// appended line per event, with no escape codes of ours (a screen reader, scrollback, `script` logs read it).
import process from 'node:process';
import {SessionController, type ControllerTarget} from '../session/controller.js';
import {timeoutsFromSeconds} from '../session/timeouts.js';
import {routeOf} from '../transport/address-family.js';
import {hostPort} from '../transport/host-port.js';
import type {Sandbox} from '../sandbox/server.js';
import {UsageError, type CommandIO, type CommandRun} from './command.js';
import {applyProfile} from './profile-flags.js';
import {kebab} from './flags.js';
import {parseConnectionFlags} from './connection-flags.js';
import {parseProxyFlags} from './proxy-options.js';
import {unusedDnsWarning} from './dns-options.js';
import {serverResolver} from '../transport/dns-resolver.js';
import {parseSocksFlags} from './socks-options.js';
import {refuseForSandbox, sandboxAccount} from './sandbox-target.js';
import {signalExitCode, INTERRUPTS} from './interrupts.js';
import {TalkPrinter} from './talk-printer.js';
import {lineRefusal, bdatRefusal} from './talk-lines.js';
import {PipeLines, type Unsent} from './talk-pipe.js';
import {countOf} from '../smtp/digits.js';
import {TerminalLines, type LineSource} from './talk-terminal.js';
import {saidGoodbye, talkExitCode, type TalkStop} from './talk-outcome.js';
import {talkHint, talkPrompt} from './talk-hint.js';
import {TALK_LOGIN_HINT, TALK_REFUSES} from './talk-flags.js';

/** Login flags drive the automatic modes' AUTH: here the user types AUTH, so one given would do nothing. */
function refuseLoginFlags(given: Record<string, unknown>): void {
	const named = TALK_REFUSES.filter(name => typeof given[name] === 'string').map(name => `--${kebab(name)}`);
	if (named.length === 0) return;
	throw new UsageError(`${named.join(', ')}: talk logs in only as you type it`, TALK_LOGIN_HINT);
}

/** How long a first Ctrl+C that only asked counts: a second one within it quits (as in the dashboard). */
const SECOND_PRESS_MS = 3000;

export const runTalk: CommandRun = async (given, input, io) => {
	if (input.length > 0) throw new UsageError(`talk takes flags, not "${input[0]}"`, 'type the commands once connected, e.g. smtp-tui talk --host mail.example.com, then EHLO me');
	refuseLoginFlags(given);
	// The user types STARTTLS when they choose: the TLS flags apply to it whatever --starttls/--no-starttls says.
	const flags = await applyProfile(given, io.env, {tlsLater: true});
	const connection = parseConnectionFlags(flags, io.env, '--helo', {canPrompt: false, tlsLater: true});
	const proxy = parseProxyFlags(flags, connection.host);
	const socks = parseSocksFlags(flags, io.env);
	refuseForSandbox(flags, connection, proxy, socks);
	const unusedDns = (host: string) => [unusedDnsWarning(connection.dns, host)].filter(note => note !== undefined).map(note => `warning: ${note}`);
	const shared: Omit<ControllerTarget, 'host' | 'port' | 'tls'> = {
		ehloName: connection.ehloName,
		timeouts: timeoutsFromSeconds(connection.timeoutSeconds),
		...routeOf(connection),
		...(connection.lmtp && {lmtp: true}),
		...(connection.allowPlaintextAuth && {allowPlaintextAuth: true}),
	};
	if (connection.host !== undefined) {
		const target: ControllerTarget = {
			...shared,
			host: connection.host,
			port: connection.port,
			tls: connection.tls,
			...(connection.ca !== undefined && {ca: connection.ca}),
			...(connection.insecure && {insecure: true}),
			...(connection.clientCertificate && {clientCertificate: connection.clientCertificate}),
			...(connection.tlsVersions && {tlsVersions: connection.tlsVersions}),
			...(proxy && {proxy}),
			...(connection.dns && {lookup: serverResolver(connection.dns, connection.timeoutSeconds * 1000).lookup}),
			...(socks && {socks}),
		};
		return talk(io, target, {notes: unusedDns(connection.host)});
	}
	// Loaded only here: with --host talk never parses smtp-server.
	const account = sandboxAccount(connection);
	const sandbox = await (await import('../sandbox/server.js')).startSandbox({port: 0, listen: '127.0.0.1', ...account, ...(connection.lmtp && {lmtp: true})});
	const port = sandbox.listeners.find(listener => listener.kind === 'smtp')!.port;
	const login = account.password === 'demo' ? `AUTH ${account.user}/demo` : `AUTH as ${account.user}, with the password given`;
	const notes = [`no --host: talking to the built-in sandbox, started in this process at ${hostPort('127.0.0.1', port)} (STARTTLS; ${login}); it stops when talk ends`, ...unusedDns('127.0.0.1')];
	try {
		// The sandbox trusts exactly its own certificate, as in the dashboard.
		return await talk(io, {...shared, host: '127.0.0.1', port, tls: connection.tls, sandbox: true, ...(sandbox.certificate && {ca: sandbox.certificate.pem})}, {notes});
	} finally {
		await closeSandbox(sandbox);
	}
};

/** The sandbox closes after our QUIT was answered (else its 421 "shutting down" could answer it). */
async function closeSandbox(sandbox: Sandbox): Promise<void> {
	await sandbox.close().catch(() => undefined);
}

/** The session: connect, then each line read is sent and answered, until QUIT, the end of the input, or the server's close. */
async function talk(io: CommandIO, target: ControllerTarget, {notes = []}: {notes?: readonly string[]} = {}): Promise<number> {
	// The history keeps what the dashboard's does (no message lines, no secrets), judged in the order typed.
	const terminal = io.stdin.isTTY === true ? terminalLines(io, line => controller.remembers(line)) : undefined;
	// From a pipe, a message the connection's end cut off ends the script too: no "type EHLO to connect again".
	const controller = new SessionController(target, {}, {scripted: terminal === undefined});
	const printer = new TalkPrinter(controller, io.stdout);
	const pipe = terminal ? undefined : new PipeLines(io.stdin as NodeJS.ReadStream);
	const lines: LineSource = terminal ?? pipe!;
	printer.onIdleOutput(terminal, () => ending(controller));
	// The greeting's hint offers the name EHLO would give (--helo, else the default, known once connected). Once the
	// user said goodbye (QUIT answered, Ctrl+C), no "type EHLO to connect again": talk is leaving. While the connection
	// closes, none: what to do next comes under the "=== connection closed" it is about.
	const hint = () =>
		ending(controller)
			? undefined
			: talkHint(controller.getSnapshot(), {lmtp: target.lmtp === true, reconnects: terminal !== undefined && !closing && !saidGoodbye(controller.driver.log.entries), ehloName: controller.driver.ehloName()});
	/**
	 * Lines are read once the greeting came. A connection that ends while one is awaited (a 421, a drop) ends a pipe's
	 * reading; at a terminal it says how to go on, as manual mode does (a typed EHLO connects again).
	 */
	let reading = false;
	const unsubscribe = controller.subscribe(() => {
		const ended = reading && !closing && !open(controller);
		if (ended && !terminal) lines.stop();
		// A message (or a login) the close cut off: the line awaited is a command now.
		const snapshot = controller.getSnapshot();
		if (ended) terminal?.reask(talkPrompt(snapshot, target.lmtp), snapshot.authAnswer);
		printer.flush(ended && terminal ? hint() : undefined);
	});
	let stop: TalkStop | undefined;
	let closing = false;
	let askedAt = -Infinity;
	let exitNow: (code: number) => void = () => undefined;
	const leave = new Promise<number>(resolve => (exitNow = resolve));
	/** Ctrl+C: QUIT, then exit; again while it closes, at once. A half-typed line or an unfinished message: asked first. */
	const interrupt = () => {
		if (closing) return exitNow(signalExitCode('SIGINT'));
		const snapshot = controller.getSnapshot();
		const loses = terminal?.typed() ? 'the line typed is not sent (Enter sends it)' : snapshot.dataMode && snapshot.bodyLines > 0 ? 'the typed message is not finished ("." alone ends it)' : undefined;
		if (loses && Date.now() - askedAt > SECOND_PRESS_MS) {
			askedAt = Date.now();
			printer.note(`Ctrl+C again within 3 s quits; ${loses}`);
			return;
		}
		closing = true;
		stop ??= 'interrupted';
		lines.stop();
		void controller.disconnect({cause: 'user'});
	};
	const signal = (name: NodeJS.Signals) => {
		if (name === 'SIGINT' || name === 'SIGBREAK') return interrupt();
		// A closed terminal or a supervisor's stop: nobody waits for a goodbye.
		controller.driver.destroy(name === 'SIGHUP' ? 'hangup' : 'user', `${name}: the connection is dropped without QUIT`);
		exitNow(signalExitCode(name));
	};
	terminal?.onInterrupt(interrupt);
	for (const name of INTERRUPTS) process.on(name, signal);
	const conversation = async (): Promise<number> => {
		for (const note of notes) controller.info(note);
		// Enter alone opens the connection and waits for the greeting, as manual mode's first Enter does.
		await controller.sendLine('');
		printer.flush(hint());
		// No connection at all: nothing to type to (a terminal's user starts talk again, after a look at why).
		reading = open(controller);
		// A pipe's session ends with its connection; at a terminal only the user's goodbye (QUIT) ends it.
		while (reading && !closing && (open(controller) || (terminal && !saidGoodbye(controller.driver.log.entries)))) {
			// A session the server ended (a 421) is closing its connection: the prompt comes once, under "connection closed".
			await settled(controller, () => !ending(controller));
			const snapshot = controller.getSnapshot();
			// Hidden only where the server waits for an answer: after an AUTH refused before any challenge it waits for a
			// command (a line typed there that is none is still redacted in the transcript).
			const line = await lines.next(talkPrompt(snapshot, target.lmtp), snapshot.authAnswer);
			if (line === undefined || closing) break;
			const characters = lineRefusal(line);
			const refused = characters ?? (snapshot.dataMode || snapshot.authAnswer ? undefined : bdatRefusal(line));
			if (refused) {
				// "Again without them" speaks of the characters named; BDAT's words say what to do instead.
				printer.error(`not sent: ${refused}${!terminal ? '; the rest of the input is not sent either' : characters ? '; type it again without them' : ''}`);
				if (terminal) continue;
				stop = 'refused-line';
				break;
			}
			// QUIT with no connection open is leaving, not a new connection opened to say goodbye on.
			if (!open(controller) && /^\s*QUIT\s*$/i.test(line)) break;
			const before = controller.driver.log.total;
			const result = await controller.sendLine(line);
			// A refusal the log holds was printed from it; a note (an empty line not sent) is said here.
			if (result && 'note' in result && controller.driver.log.total === before) printer.note(result.note);
			// A script's line refused (too long): what follows was written to go after it, so nothing more goes.
			if (result && 'refused' in result && !terminal) {
				printer.error('the rest of the input is not sent');
				stop = 'refused-line';
				break;
			}
			printer.flush(hint());
		}
		// The connection ended before the script did (its QUIT answered, the server's close): its author is told what
		// was left out, apart from the transcript.
		const unsent = reading && !closing && !stop ? await pipe?.unsent() : undefined;
		if (unsent && unsent.lines > 0) io.stderr.write(`smtp-tui: warning: ${unsentWarning(unsent, saidGoodbye(controller.driver.log.entries))}\n`);
		if (!closing && !stop && controller.getSnapshot().dataMode) {
			stop = 'message-open';
			// The cause alone: the close's own line, next, says that nothing is delivered, and lists the lines.
			printer.error(`the ${terminal ? 'input' : 'script'} ended inside the message, before its lone "."`);
		}
		closing = true;
		// The end of the input (Ctrl+D) or a refused line: QUIT, as "quit" would (after 354 the connection is dropped).
		if (open(controller)) await controller.disconnect({cause: 'user', ...(!terminal && stop === 'message-open' && {scriptEnded: true})});
		// After QUIT's 221 (or a 421) the close follows at once, and the log says it: the transcript's last line,
		// "=== connection closed", as send's (the snapshot says closed before the log does).
		await closed(controller);
		await settled(controller, () => !closeToCome(controller));
		return talkExitCode(controller.driver.log.entries, controller.driver.state, stop);
	};
	try {
		return await Promise.race([conversation(), leave]);
	} finally {
		for (const name of INTERRUPTS) process.off(name, signal);
		controller.driver.destroy();
		printer.flush();
		unsubscribe();
		lines.stop();
		terminal?.close();
	}
}

/**
 * Lines typed at a terminal, edited by readline, its prompt and echo on stdout, or on stderr where stdout is piped
 * (`smtp-tui talk | tee session.log`: the transcript alone goes into the file). No terminal to echo on: none.
 */
function terminalLines(io: CommandIO, keeps: (line: string) => boolean): TerminalLines | undefined {
	const screen = [io.stdout, io.stderr].find(stream => (stream as {isTTY?: boolean}).isTTY === true);
	return screen ? new TerminalLines(io.stdin as NodeJS.ReadStream, screen as NodeJS.WriteStream, keeps) : undefined;
}

const open = (controller: SessionController) => {
	const {connection} = controller.getSnapshot().session;
	return (connection === 'connected' || connection === 'connecting') && controller.driver.state?.ended !== true;
};

/**
 * The session ended (a 421, QUIT's 221) and its socket is still being closed: the snapshot calls it closed already,
 * and the log's "connection closed" is still to come.
 */
const ending = (controller: SessionController) => controller.driver.state?.ended === true && controller.driver.log.entries.at(-1)?.text !== 'connection closed';

/**
 * A server that answered (QUIT's 221, a 421) has ended the session, and its connection's close is not logged yet. Not
 * for a connection never made (refused, timed out): no close comes for that.
 */
function closeToCome(controller: SessionController): boolean {
	const entries = [...controller.driver.log.entries].reverse();
	const closedAt = entries.findIndex(entry => entry.kind === 'info' && entry.text === 'connection closed');
	const receivedAt = entries.findIndex(entry => entry.kind === 'received');
	// Counted from the end: a reply logged after the last close, or no close at all.
	return controller.driver.state?.ended === true && receivedAt !== -1 && (closedAt === -1 || receivedAt < closedAt);
}

/** The connection's end, which comes once the session ended (the driver drops it then). */
async function closed(controller: SessionController): Promise<void> {
	await settled(controller, () => !['connected', 'connecting'].includes(controller.getSnapshot().session.connection));
}

/** Resolves once `done` holds, asked at each change of the controller. */
async function settled(controller: SessionController, done: () => boolean): Promise<void> {
	if (done()) return;
	await new Promise<void>(resolve => {
		const unsubscribe = controller.subscribe(() => {
			if (!done()) return;
			unsubscribe();
			resolve();
		});
	});
}

/** What a script was cut short of, and why: lines after an answered QUIT never go (QUIT ends the session). */
function unsentWarning({lines, more}: Unsent, goodbye: boolean): string {
	const counted = `${countOf(lines, 'line')}${goodbye ? ' after QUIT' : ' of the input'}${more ? ', and any that follow' : ''}`;
	return `not sent: ${counted}: ${goodbye ? "QUIT's 221 ended the session" : 'the connection ended before them'}`;
}
