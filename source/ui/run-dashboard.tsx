// The bare `smtp-tui` command and `smtp-tui replay`: open the dashboard full screen (against the sandbox, a real
// server, or a recording) and leave the terminal clean on every way out.
import {xclientWords} from '../text/xclient-meaning.js';
import type {XclientAttribute} from '../smtp/xclient.js';
import {xclientFromFlags} from '../headless/xclient-options.js';
import {noDemoLoginAfterXclient} from './sandbox-xclient-login.js';
import React from 'react';
import os from 'node:os';
import process from 'node:process';
import {render} from 'ink';
import {FrameWriter} from './frame-writer.js';
import {UsageError, type CommandRun} from '../headless/command.js';
import {findLesson, lessonList} from '../lesson/lessons.js';
import {deliveryNotes, parseDsnFlags} from '../headless/dsn-options.js';
import {flagChoice} from '../headless/flags.js';
import {applyProfile, withheldCertificate, withheldPassword} from '../headless/profile-flags.js';
import {loginFlags} from '../headless/login-flags.js';
import {privateFileWarnings} from '../headless/private-file.js';
import {refuseTerminalInput} from '../headless/password-file.js';
import {startRecording} from '../headless/record.js';
import {replayPrints, replayTranscript} from '../headless/replay-print.js';
import {signalExitCode} from '../headless/interrupts.js';
import {certificateInputs, parseConnectionFlags, refuseUnreplayable} from '../headless/connection-flags.js';
import {ownFiles, refuseDashOutputs, refuseSharedFiles} from '../headless/output-clashes.js';
import {parseTranscriptFormat} from '../headless/transcript-format.js';
import {lmtpNote} from './dashboard-lmtp.js';
import {DraftStore, type DraftClaim} from '../message/drafts.js';
import {routeOf} from '../transport/address-family.js';
import {serverResolver} from '../transport/dns-resolver.js';
import {systemResolverWithin} from '../transport/mx.js';
import {refuseForSandbox, sandboxAccount} from '../headless/sandbox-target.js';
import {parseProxyFlags} from '../headless/proxy-options.js';
import {parseSocksFlags} from '../headless/socks-options.js';
import type {Sandbox} from '../sandbox/server.js';
import {SessionController} from '../session/controller.js';
import {timeoutsFromSeconds} from '../session/timeouts.js';
import {parseRecording, recordedTarget, RecordingError, type Recording} from '../session/recording.js';
import {ReplayConnection} from '../session/replay-connection.js';
import {recordedMessage} from '../session/replay.js';
import type {StopCause} from '../session/user-stop.js';
import {App} from './app.js';
import {draftLoadNotice, draftNotices} from './draft-notices.js';
import {targetFor, type PanelTarget, type TargetDefaults} from './panel-target.js';
import type {ComposerDraft} from './components/composer-form.js';
import type {ConnectionSettings} from './components/connection-form.js';
import {MODES, type Mode} from './keys/bindings.js';
import {terminalMarksPastes} from './keys/router.js';
import {EXAMPLES, readableDate, readRecordingFile} from './examples.js';
import {printable, truncateText} from './components/display-text.js';
import {composerFromDraft} from './outgoing.js';
import {exitNote} from './result-status.js';
import {exitSummary} from './exit-summary.js';
import {hanging} from '../text/wrap-words.js';
import {exitTranscriptOf, writeExitTranscript, type ExitTranscript} from './exit-transcript.js';
import {fitSampleBody, SAMPLE_DRAFT, sampleFor} from './sample.js';
import {enterFullScreen} from './terminal.js';
import {consoleToLog} from './console-to-log.js';
import {createTheme, selectGlyphs, ThemeContext} from './theme.js';
import {glyphSetWanted} from '../text/glyph-set.js';
import {backgroundFlag} from './background-flag.js';
import {bdatNote, bdatSetting} from '../headless/bdat-options.js';
import {parseDkimFlags} from '../headless/dkim-flags.js';
import {serverWordsHint} from '../headless/server-words-hint.js';

/** What the recording sent, in the composer (Ctrl+S plays the recording; the composer only shows it). */
function replayDraft(recording: Recording): ComposerDraft {
	const {from, to, subject, body} = recordedMessage(recording);
	return {from, to: to.join(', '), subject, body};
}

type DashboardOptions = {
	flags: Record<string, unknown>;
	env: NodeJS.ProcessEnv;
	/** The panel's first settings, with the --ca file read already (`ca`). */
	settings: PanelTarget;
	defaults: TargetDefaults;
	/** Started after the first frame: the window shows before smtp-server is loaded. */
	startSandbox?: () => Promise<Sandbox>;
	replay?: {recording: Recording; file: string};
	/** --transcript FILE: written when the dashboard closes. */
	transcript?: ExitTranscript;
	notes: string[];
};

/** Where a command that cannot have the dashboard goes instead: `send`, or, for a recording, `replay --print`. */
const ELSEWHERE = {
	dashboard: {pipes: 'for scripts and pipes use "smtp-tui send" (see smtp-tui send --help)', dumb: 'use "smtp-tui send" here (see smtp-tui send --help), or run the dashboard in a terminal emulator'},
	replay: {pipes: 'leave out --no-print: "smtp-tui replay --print FILE" prints the recording as a transcript', dumb: 'use "smtp-tui replay --print FILE" here: it prints the recording as a transcript; or run it in a terminal emulator'},
} as const;

/** A terminal the full-screen dashboard can draw on, else a UsageError pointing to `smtp-tui send` (or replay --print). */
export function requireTerminal(env: NodeJS.ProcessEnv, stdin: {isTTY?: boolean} = process.stdin, stdout: {isTTY?: boolean} = process.stdout, command: keyof typeof ELSEWHERE = 'dashboard'): void {
	if (!stdin.isTTY || !stdout.isTTY) throw new UsageError('the dashboard needs a terminal (stdin and stdout must be a TTY)', ELSEWHERE[command].pipes);
	// A dumb terminal (Emacs' shell, some serial consoles and CI logs) cannot move the cursor: the full-screen
	// frame would arrive as a stream of escape sequences.
	if (env.TERM === 'dumb') throw new UsageError('the dashboard needs a terminal that can draw a full screen, and TERM is "dumb"', ELSEWHERE[command].dumb);
}

function modeFlag(flags: Record<string, unknown>, fallback: Mode): Mode {
	if (flags.mode === undefined) return fallback;
	const mode = flagChoice(flags.mode, MODES);
	if (mode === undefined) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, not "${String(flags.mode)}"`);
	return mode;
}

/**
 * --lesson: the lesson it names (an index into LESSONS). The lessons count on the sandbox (its recipes, its demo
 * login, its inbox), and type in manual mode: another server, or another mode, is refused.
 */
function lessonFlag(flags: Record<string, unknown>, host: string | undefined): number | undefined {
	if (flags.lesson === undefined) return undefined;
	const lesson = findLesson(String(flags.lesson));
	if (lesson === undefined) throw new UsageError(`--lesson ${JSON.stringify(String(flags.lesson))} is no lesson`, `give its number or name: ${lessonList()}`);
	if (host !== undefined) throw new UsageError('--lesson runs against the built-in sandbox, not --host', 'leave --host out: each lesson starts its own sandbox on this machine (no smtp-tui serve needed), for its test addresses (nobody@, grey@) and its demo login; against another server, use --mode manual');
	if (flags.mode !== undefined && modeFlag(flags, 'manual') !== 'manual') throw new UsageError('--lesson types in manual mode', 'leave --mode out');
	return lesson;
}

/** Flag mistakes are reported before anything else, terminal or not. */
function checkDisplayFlags(flags: Record<string, unknown>): void {
	modeFlag(flags, 'auto');
	parseTranscriptFormat(flags.transcriptFormat);
	backgroundFlag(flags);
}

/**
 * The panel's settings for the built-in sandbox: STARTTLS and its account (see sandboxAccount), unless
 * --no-starttls or --no-auth (`noAuth`: no user) says otherwise. The port is filled in once the sandbox listens (on
 * a free loopback port).
 */
export function sandboxSettings(connection: ReturnType<typeof parseConnectionFlags>, noAuth = false): ConnectionSettings {
	return {
		host: '127.0.0.1',
		port: 0,
		security: connection.tls === 'none' ? 'none' : 'starttls',
		...(noAuth ? {user: '', password: ''} : sandboxAccount(connection)),
		ehlo: connection.ehloName ?? '',
	};
}

/**
 * The log's warning at start when --password was typed (not filled in from a profile): smtp-tui hides its own
 * argv, but npm's and a shell's processes in front of it show it to every user of the machine, as `send` warns.
 * A --password-file or a key file that other users can read is said too (`filled`: with the profile's key).
 */
export function passwordWarning(given: Record<string, unknown>, filled = given): string[] {
	const files = privateFileWarnings(given, filled).map(warning => `warning: ${warning}`);
	if (typeof given.password !== 'string') return files;
	return ['warning: --password shows in the process list (npx, sh); use SMTP_PASSWORD, or type it in the panel', ...files];
}

/** The log's note at start with --pipeline: the panel has no field for it, so the log says it is on. */
function pipelineNote(flags: Record<string, unknown>): string[] {
	return flags.pipeline === true ? ['pipelining on (--pipeline): MAIL, RCPT and DATA go in one write to a server that advertises PIPELINING (RFC 2920)'] : [];
}

/**
 * The log's note at start under INK_SCREEN_READER=true, which other Ink programs read: Ink's screen-reader output
 * would run the panels together into lines longer than the screen, so the dashboard draws its frame, and points to talk.
 */
function screenReaderNote(env: NodeJS.ProcessEnv): string[] {
	return env.INK_SCREEN_READER === 'true' ? ['for a screen reader: smtp-tui talk, the session as plain lines (INK_SCREEN_READER is set)'] : [];
}

/** The log's note at start with --xclient-*: the panel has no field for them, so the log says what each connection pretends. */
export function xclientNote(xclient: XclientAttribute[][] | undefined): string[] {
	if (!xclient) return [];
	const attributes = xclientWords(xclient.flat().map(({name, value}) => [name, value] as const));
	return [`XCLIENT on (--xclient flags): after EHLO each connection asks the server to treat it as ${attributes} (Postfix's XCLIENT; the server must offer it)`];
}

/** The bare `smtp-tui`: the sandbox (or --host) in the dashboard. */
export const runDashboard: CommandRun = async (given, input, io) => {
	if (input.length > 0) throw new UsageError(`unknown command "${input[0]}"`, serverWordsHint(input) ?? 'see smtp-tui --help');
	// The panel's Security, and a STARTTLS typed in manual mode, can start TLS later: the TLS flags fill the panel
	// whatever --no-starttls says.
	const later = {tlsLater: true};
	const flags = await applyProfile(given, io.env, later);
	if (flags.record === '') throw new UsageError('--record is empty', 'give a file name, or leave --record out');
	const transcript = exitTranscriptOf(flags);
	refuseDashOutputs(flags);
	// The recording replaces the file once the session starts: never the CA file it trusts, nor smtp-tui's own files.
	// So does the transcript (--transcript), when the dashboard closes.
	const outputs = [...(typeof flags.record === 'string' ? [{flag: '--record', file: flags.record}] : []), ...(typeof flags.transcript === 'string' ? [{flag: '--transcript', file: flags.transcript}] : [])];
	const dkimKey = typeof flags.dkimKey === 'string' ? [{flag: '--dkim-key', file: flags.dkimKey}] : [];
	refuseSharedFiles(outputs, [...(typeof flags.ca === 'string' ? [{flag: '--ca', file: flags.ca}] : []), ...certificateInputs(flags), ...dkimKey, ...ownFiles(io.env)]);
	const noAuth = flags.auth === false;
	// The dashboard's keys come from the terminal: a password read from it first would be echoed.
	refuseTerminalInput(given.passwordFile, process.stdin.isTTY === true, 'leave --password-file out, and type the password in the connection panel, where it is masked');
	const connection = parseConnectionFlags(loginFlags(given, flags), io.env, '--helo', later);
	refuseUnreplayable(connection, flags.record, 'Ctrl+O');
	if (connection.mx) {
		throw new UsageError('--mx is for "smtp-tui send"', "in the dashboard, press Ctrl+L in the connection panel: it looks up the first recipient's MX and targets it");
	}
	const delivery = parseDsnFlags(flags, connection);
	const proxy = parseProxyFlags(flags, connection.host);
	// Ctrl+L looks MX records up here, which is what --dns is for beside --socks.
	const socks = parseSocksFlags(flags, io.env, true);
	// The built-in sandbox: its own port, STARTTLS, 127.0.0.1, no PROXY header, no SOCKS proxy; the other flags apply.
	refuseForSandbox(flags, connection, proxy, socks);
	checkDisplayFlags(flags);
	lessonFlag(flags, connection.host);
	const xclient = xclientFromFlags(flags);
	const dkim = parseDkimFlags(flags, io.env);
	requireTerminal(io.env);
	const defaults: TargetDefaults = {
		...(connection.mechanism !== undefined && {mechanism: connection.mechanism}),
		...(connection.allowPlaintextAuth && {allowPlaintextAuth: true}),
		...(connection.clientCertificate && {clientCertificate: connection.clientCertificate}),
		...(withheldCertificate(flags) !== undefined && {withheldCertificate: withheldCertificate(flags)}),
		...(connection.tlsVersions && {tlsVersions: connection.tlsVersions}),
		...(flags.pipeline === true && {pipeline: true}),
		...delivery,
		...(xclient && {xclient}),
		...bdatSetting(flags),
		timeouts: timeoutsFromSeconds(connection.timeoutSeconds),
		...(flags.timeout !== undefined && {checkTimeoutMs: connection.timeoutSeconds * 1000}),
		...routeOf(connection),
		...(proxy && {proxy}),
		...(socks && {socks}),
		...(connection.lmtp && {lmtp: true}),
		resolver: connection.dns ? serverResolver(connection.dns, connection.timeoutSeconds * 1000) : systemResolverWithin(connection.timeoutSeconds * 1000),
		...(dkim && {dkim: {settings: dkim, dns: {...(connection.dns && {server: connection.dns}), timeoutMs: connection.timeoutSeconds * 1000}}}),
	};
	// Said at start: a key under 2048 bits signs, with a warning.
	const dkimNotes = dkim?.warning === undefined ? [] : [dkim.warning];
	// --ca and --insecure fill the panel's CA file and Verify, which the next connections read (the file as given, or
	// the profile's; already checked above). The sandbox shows none of its own: it trusts its certificate regardless.
	const trust: Pick<PanelTarget, 'caFile' | 'ca' | 'insecure'> = {
		...(typeof flags.ca === 'string' && {caFile: flags.ca}),
		...(connection.ca !== undefined && {ca: connection.ca}),
		...(connection.insecure && {insecure: true}),
	};
	if (connection.host !== undefined) {
		const settings: PanelTarget = {
			host: connection.host,
			port: connection.port,
			security: connection.tls,
			user: connection.user ?? '',
			password: connection.password ?? '',
			ehlo: connection.ehloName ?? '',
			...trust,
		};
		const why = settings.user !== '' && settings.password === '' ? withheldPassword(flags) : undefined;
		return openDashboard({flags, env: io.env, settings, defaults, ...(transcript && {transcript}), notes: [...passwordWarning(given, flags), ...lmtpNote(connection), ...pipelineNote(flags), ...deliveryNotes(delivery), ...xclientNote(xclient), ...bdatNote(flags), ...dkimNotes, ...(why ? [`${why}: type the password in the connection panel`] : [])]});
	}
	// No demo login the sandbox would refuse every run (see sandbox-xclient-login.ts).
	const noDemoLogin = noDemoLoginAfterXclient(connection, noAuth, xclient);
	return openDashboard({
		flags,
		env: io.env,
		...(transcript && {transcript}),
		settings: {...sandboxSettings(connection, noAuth || noDemoLogin !== undefined), ...trust},
		defaults,
		// Loaded only here: with --host (or replay) the dashboard never parses smtp-server.
		// With --xclient-* flags the sandbox offers XCLIENT (to loopback clients only), so they can be tried here.
		startSandbox: async () => (await import('../sandbox/server.js')).startSandbox({port: 0, listen: '127.0.0.1', ...sandboxAccount(connection), ...(xclient && {xclient: true}), ...(connection.lmtp && {lmtp: true}), dns: connection.dns}),
		notes: [...passwordWarning(given, flags), ...lmtpNote(connection, true), ...pipelineNote(flags), ...deliveryNotes(delivery), ...xclientNote(xclient), ...(noDemoLogin === undefined ? [] : [noDemoLogin]), ...bdatNote(flags, true), ...dkimNotes],
	});
};

/**
 * The log's first lines in a replay: what plays, from when, against what; then what Ctrl+S does. Short, in two
 * lines: 80 columns leave the log under 30, and a collapsed log shows three rows of each line. A third warns of a
 * recording that ends early.
 */
export function replayNotes(label: string, recording: Recording): string[] {
	const [first, ...warning] = replayHeading(label, recording);
	return [first!, 'Ctrl+S plays it, with no network; the composer only shows the recorded message', ...warning];
}

/** What plays, from when, against what, and a warning for a recording that ends early: the dashboard's and --print's first lines. */
function replayHeading(label: string, recording: Recording): string[] {
	const {host, port, startedAt} = recording.meta;
	return [
		`replaying ${truncateText(printable(label), 28)}, recorded ${readableDate(startedAt)} against ${host}:${port}`,
		...(recording.cutShort === undefined ? [] : [`warning: the recording ends early: its last line (${recording.cutShort}) is cut short (a full disk?); it plays up to there`]),
	];
}

/** `smtp-tui replay FILE`: a recording played in the dashboard, with no network. */
export const runReplay: CommandRun = async (flags, input, io) => {
	const name = input[0];
	if (name === undefined) throw new UsageError('missing FILE: the recording to play', `make one with --record FILE, or play a bundled example: ${EXAMPLES.join(', ')}`);
	if (input.length > 1) throw new UsageError(`one recording at a time, not ${input.length}`);
	const {file, text, label} = await readRecordingFile(name);
	let recording: Recording;
	try {
		recording = parseRecording(text, file);
	} catch (error) {
		if (error instanceof RecordingError) throw new UsageError(error.message);
		throw error;
	}
	checkDisplayFlags({mode: 'step', ...flags});
	// Read by a screen reader, piped, or where no dashboard can be drawn: the recording as send's transcript.
	if (replayPrints(flags, io.stdin, io.stdout as {isTTY?: boolean})) {
		const transcript = await replayTranscript(recording, parseTranscriptFormat(flags.transcriptFormat), replayHeading(label, recording));
		await new Promise(resolve => io.stdout.write(transcript, resolve));
		return 0;
	}
	requireTerminal(io.env, process.stdin, process.stdout, 'replay');
	const {host, port, tls, tlsVersions} = recordedTarget(recording.meta);
	return openDashboard({
		flags: {mode: 'step', ...flags},
		env: io.env,
		settings: {host, port, security: tls, user: '', password: '', ehlo: ''},
		// The recorded --tls-min/--tls-max: the advice after a handshake they broke names them, as the live run's did.
		defaults: {open: ReplayConnection.opener(recording.events, {instant: flags.instant === true}), replay: true, ...(tlsVersions && {tlsVersions})},
		replay: {recording, file},
		notes: replayNotes(label, recording),
	});
};

/** The log's line at start with --record FILE: where the session goes, and that no secret does. */
function recordingNote(file: string): string {
	return `recording this session to ${file} (secrets redacted)`;
}

/**
 * The log's warning at start when another dashboard keeps the draft: what was restored, and that edits here are not
 * saved until that one quits (this one then takes the draft over: see DraftStore.claim).
 */
export function draftKeptElsewhere(claim: Extract<DraftClaim, {owner: false}>, restored: boolean): string {
	const who = claim.pid === undefined ? 'another smtp-tui' : `another smtp-tui (pid ${claim.pid}${claim.host === undefined ? '' : ` on ${claim.host}`})`;
	// Another machine's process cannot be looked up from here: the user may know it is gone sooner than the lock's age says.
	const left = claim.lock === undefined ? '' : `; it is taken over once untouched for 30 minutes; if no smtp-tui runs on ${claim.host}, delete ${claim.lock} and start this one again`;
	return `${who} keeps the saved draft: ${restored ? 'restored here, but ' : ''}edits here are not saved until that one quits${left}`;
}

/**
 * How long QUIT may wait for the server's reply once the terminal has hung up (nobody is there to see it) or a
 * signal asked us to go (the terminal is already restored: a wait would only leave it echoing what is typed).
 */
const HANGUP_QUIT_WAIT_MS = 500;

/** Left on the main screen after a replay: it sent nothing, and the same recording prints as a transcript. */
const REPLAY_SUMMARY = 'smtp-tui: replay ended, nothing was sent; "smtp-tui replay --print FILE" prints a recording as a transcript\n';

async function openDashboard(options: DashboardOptions): Promise<number> {
	const {flags, env, settings, replay} = options;
	// Once, before the first frame: a terminal whose locale is not UTF-8 gets ASCII glyphs (tmux would show "_"), the Linux console ASCII marks.
	selectGlyphs(glyphSetWanted(env));
	let sandbox: Promise<Sandbox> | undefined;
	const startSandbox = options.startSandbox && (() => (sandbox = options.startSandbox!()));
	const lesson = lessonFlag(flags, undefined);
	const mode = lesson === undefined ? modeFlag(flags, 'auto') : 'manual';
	const format = parseTranscriptFormat(flags.transcriptFormat);
	// Written from the first recorded byte on, and its header names the target as it is then: the sandbox's port is
	// known only once it listens. A dashboard quit before connecting leaves an existing file as it was.
	const record =
		typeof flags.record === 'string'
			? startRecording(
					flags.record,
					() => recordedTarget(controller.driver.options),
					line => controller.info(line),
				)
			: undefined;
	const controller = new SessionController(targetFor(settings, options.defaults), record ? {onWire: record.record} : {});
	// The recording's clock starts when the first connection opens, not when the dashboard did.
	if (record) controller.subscribe(() => controller.getSnapshot().session.connection === 'connecting' && record.connecting());
	// A draft that cannot be written (full disk, read-only folder) is said in the log, not lost in silence.
	const drafts = new DraftStore({env, ...draftNotices(line => controller.info(line))});
	// One dashboard keeps the draft: a second one (another terminal, a tmux window) restores it but does not write
	// it while the first runs, so neither overwrites the other's edits. A lock that cannot be made (read-only folder) changes nothing:
	// the save then fails and says so.
	// Both before the first frame, and neither waits for the other.
	const [claim, saved] = replay
		? [undefined, undefined]
		: await Promise.all([
				drafts.claim().catch(() => undefined),
				drafts.load().catch((error: unknown) => {
					controller.info(draftLoadNotice(error));
					return undefined;
				}),
			]);
	for (const note of [...screenReaderNote(env), ...options.notes]) controller.info(note);
	// Said on screen, not only on the command line: a presenter checks before the class that the session is kept.
	if (typeof flags.record === 'string') controller.info(recordingNote(flags.record));
	// --fresh: the sample, as Ctrl+F twice gives it; the app then discards the saved draft, as it does for the sample.
	const restored = flags.fresh === true ? undefined : saved;
	if (claim?.owner === false) controller.info(`warning: ${draftKeptElsewhere(claim, restored !== undefined)}`);
	else if (restored) controller.info('restored the draft from the last run');
	// A draft this run may not write (a newer smtp-tui's) is not discarded either, and the sample's edits are not saved:
	// said at start, as without --fresh, not first at the quit question.
	else if (saved) {
		const fresh = 'started from the sample message (--fresh)';
		const off = drafts.notSaved;
		controller.info(off === undefined ? (claim?.owner ? `${fresh}: the last run's draft is discarded` : fresh) : `warning: ${fresh}; edits here are not saved: ${off}`);
	}
	// What of the restored draft could not be used (fields of another shape, a newer smtp-tui's file): said once.
	if (restored && drafts.loadNotice) controller.info(drafts.loadNotice);
	// Nothing may write over the full-screen frame: what a library prints goes to the protocol log instead.
	const consoleBack = consoleToLog(line => controller.info(line));

	return await new Promise<number>(resolve => {
		let finished = false;
		// After a hangup or a signal nobody waits for the session: QUIT still goes out, but the connection is not kept
		// for a slow reply (or the one to a command still pending before it).
		let dropTimer: NodeJS.Timeout | undefined;
		const hangUp = () => {
			dropTimer ??= setTimeout(() => controller.driver.destroy(), HANGUP_QUIT_WAIT_MS).unref();
		};
		// How far a lesson begun got, as the dashboard quit (see lessonLeft).
		let lessonLine: string | undefined;
		/** `cause`: a hang-up (SIGHUP, the terminal gone) ends the session in its own words, not as the user's stop. */
		const finish = (code: number, cause: StopCause = 'user') => {
			if (finished) return;
			finished = true;
			if (guard.hungUp()) hangUp();
			ink.unmount();
			try {
				process.stdin.setRawMode(false);
			} catch {
				// A terminal that hung up refuses it (the guard takes that for the hangup): nothing to set back.
			}
			guard.restore();
			// The screen given back, a library's words are the terminal's again; a terminal that hung up gets none.
			if (!guard.hungUp()) consoleBack();
			// Our signal listeners stay until the cleanup is over: without them, a SIGTERM/SIGHUP would be
			// re-raised by Ink's exit hook and kill the process before the draft is written and QUIT is sent.
			let ended = false;
			const end = () => {
				if (ended) return;
				ended = true;
				clearTimeout(timer);
				clearTimeout(dropTimer);
				guard.dispose();
				// On the restored terminal, after the session's end is known (or its close gave up waiting): what became of
				// the messages, for whoever could not review the screen before it went. Nothing to a terminal that is gone.
				// The transcript is written after a hangup too: it may be all that is left of the session.
				const written = options.transcript && writeExitTranscript(controller.driver, options.transcript);
				if (!guard.hungUp() && cause !== 'hangup') {
					const columns = process.stdout.columns || 80;
					process.stdout.write(replay ? REPLAY_SUMMARY : exitSummary(controller.driver.log.entries, controller.getSnapshot().session, columns));
					if (lessonLine) process.stdout.write(`${hanging(`smtp-tui: ${lessonLine}`, columns, '    ')}\n`);
					if (written) (written.failed ? process.stderr : process.stdout).write(written.line);
					// Said in the log already, maybe as the quit saved the draft, when no one could read it any more.
					if (drafts.keptAside) process.stdout.write(`smtp-tui: the draft the other smtp-tui left is kept as ${drafts.keptAside}; this one's is the saved draft\n`);
				}
				const note = replay || guard.hungUp() ? undefined : exitNote(controller.getSnapshot().session);
				if (note) process.stderr.write(note);
				resolve(code);
			};
			// Whatever is still pending (a draft write, the sandbox closing) gets a moment, never forever.
			const timer = setTimeout(end, 3000);
			// The sandbox closes after our QUIT is answered: closing both at once, its 421 "shutting down" could answer the
			// QUIT, and a recording of the session would end in a failure.
			const closed = controller.close(cause).catch(() => undefined);
			void Promise.allSettled([drafts.flush().finally(() => drafts.release()), closed.then(() => sandbox?.then(started => started.close()))]).then(end);
		};
		let writeThroughInk: ((data: string) => void) | undefined;
		// Raw mode at once: keys typed before Ink's first frame must reach the app, not the terminal (Ctrl+S would
		// freeze the output, Ctrl+C would interrupt).
		process.stdin.setRawMode(true);
		const guard = enterFullScreen(process.stdout, {
			// SIGTERM/SIGHUP/SIGINT and the other signals that would end it (see terminal.ts): leave now, with the draft
			// saved, and exit 128 + the signal's number as a shell would, so a supervisor or wrapper can tell an
			// interrupted session from a quit.
			onSignal: signal => {
				hangUp();
				finish(signalExitCode(signal), signal === 'SIGHUP' ? 'hangup' : 'user');
			},
			// The terminal hung up (an SSH drop): as SIGHUP, with nothing more written to it.
			onHangup: () => {
				hangUp();
				finish(128 + os.constants.signals.SIGHUP, 'hangup');
			},
			// Back from a stop: an empty write through Ink, after which it draws the whole frame again.
			onResume: () => writeThroughInk?.(''),
			onCrash: error => {
				// A crash after a hangup is not reported: there is no terminal left to show it.
				if (!guard.hungUp()) process.stderr.write(`smtp-tui crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
				finish(70);
			},
		});
		const sample = startSandbox ? SAMPLE_DRAFT : sampleFor(settings.host, options.defaults.socks !== undefined);
		const theme = createTheme(process.env, {presenter: flags.presenter === true, background: backgroundFlag(flags)});
		const ink = render(
			<FrameWriter
				onWriter={write => {
					writeThroughInk = write;
				}}
			>
				<ThemeContext.Provider value={theme}>
					<App
						controller={controller}
						init={{
							connection: startSandbox ? {...settings, port: undefined} : settings,
							draft: replay ? replayDraft(replay.recording) : restored ? fitSampleBody(composerFromDraft(restored), sample) : sample,
							mode,
							presenter: flags.presenter === true,
							timestamps: flags.presenter !== true,
						}}
						defaults={options.defaults}
						{...(options.defaults.resolver && {resolver: options.defaults.resolver})}
						{...(startSandbox && {startSandbox})}
						{...(replay ? {replay: replay.recording} : {drafts, sample})}
						transcript={{format, dir: process.cwd()}}
						pastesMarked={terminalMarksPastes(process.env)}
						{...(lesson !== undefined && {lesson})}
						onExit={(code, lesson) => {
							lessonLine = lesson;
							finish(code);
						}}
					/>
				</ThemeContext.Provider>
			</FrameWriter>,
			// Only the rows that changed are written (scripts/ink-patch.mjs mends Ink's count of them): a key costs a
			// few hundred bytes instead of the whole frame, which a slow SSH link shows as lag. The frame whatever
			// INK_SCREEN_READER says (see screenReaderNote).
			{exitOnCtrlC: false, patchConsole: false, incrementalRendering: true, isScreenReaderEnabled: false},
		);
	});
}
