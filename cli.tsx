#!/usr/bin/env node
// Entry point: parse flags, pick a mode, own the terminal contract. Nothing else lives here.
import process from 'node:process';
import meow from 'meow';
import {Cancelled, UsageError, type CommandRun, type FlagSpecs} from './source/headless/command.js';
import {escapeUnsafe, safeJson} from './source/text/escape.js';
import {asTyped, closest, findContradiction, findMissingValue, findSwitchValue, findUnknownFlags, flagsIn, missingValueHint, normalizeArgv, parserMessage, wordIndex} from './source/headless/flags.js';
import {unknownFlagHint} from './source/headless/unknown-flag-hint.js';
import {serverWordsHint} from './source/headless/server-words-hint.js';
import {checkFlags, checkHelp, checkSummary} from './source/headless/check-flags.js';
import {sendFlags, sendHelp, sendSummary} from './source/headless/send-flags.js';
import {profileCmdFlags, profileHelp, profileSummary} from './source/headless/profile-cmd-flags.js';
import {serveFlags, serveHelp, serveSummary} from './source/headless/serve-flags.js';
import {inboxFlags, inboxHelp, inboxSummary, refuseWaitOnly, wantsWait} from './source/headless/inbox-flags.js';
import {TALK_REFUSES, talkFlags, talkHelp, talkSummary} from './source/headless/talk-flags.js';
import {DASHBOARD_REFUSES, dashboardFlags, dashboardUsage, replayFlags, replayHelp, replaySummary} from './source/ui/dashboard-flags.js';
import {withLoadEnvironment} from './source/ui/load-environment.js';
import {processTitle} from './source/headless/process-title.js';
import {secretSlip, withoutPasswordValues} from './source/headless/secret-slips.js';
import {swaksProxyValue, swaksQuitAfter} from './source/headless/swaks-flags.js';
import {fitHelp} from './source/text/fit-help.js';
import {reportThrownStdioWrites} from './source/sync-write-errors.js';
import {asciiStandIns, forTerminal, writesAscii} from './source/headless/terminal-ascii.js';

type CommandEntry = {
	summary: string;
	help: string;
	flags: FlagSpecs;
	/** Flags it knows but refuses (talk's login flags): never named as this command's in another's "unknown flag". */
	refuses?: readonly string[];
	/** Loaded only when the command runs, so --help and other commands stay fast. */
	load: () => Promise<CommandRun>;
};

/** The dashboard and what it loads (Ink, chalk, yoga), with the environment they read as they load set for it. */
async function loadDashboard(): Promise<typeof import('./source/ui/run-dashboard.js')> {
	return withLoadEnvironment(async () => import('./source/ui/run-dashboard.js'));
}

/** inbox's screen, or with --wait its saved messages for a script (no screen, no Ink). */
const runInboxMode: CommandRun = async (flags, input, io) => {
	if (wantsWait(flags)) return (await import('./source/headless/inbox-wait.js')).runInboxWait(flags, input, io);
	refuseWaitOnly(flags);
	return (await withLoadEnvironment(async () => import('./source/ui/run-inbox.js'))).runInbox(flags, input, io);
};

// Subcommands register here: light flag specs are imported eagerly, the run function lazily.
const commands: Record<string, CommandEntry> = {
	check: {summary: checkSummary, help: checkHelp, flags: checkFlags, load: async () => (await import('./source/headless/check.js')).runCheck},
	// serve's flags and checks; its screen is Ink's, loaded as the dashboard is.
	inbox: {summary: inboxSummary, help: inboxHelp, flags: inboxFlags, load: async () => runInboxMode},
	profile: {summary: profileSummary, help: profileHelp, flags: profileCmdFlags, load: async () => (await import('./source/headless/profile.js')).runProfile},
	replay: {summary: replaySummary, help: replayHelp, flags: replayFlags, load: async () => (await loadDashboard()).runReplay},
	send: {summary: sendSummary, help: sendHelp, flags: sendFlags, load: async () => (await import('./source/headless/send.js')).runSend},
	serve: {summary: serveSummary, help: serveHelp, flags: serveFlags, load: async () => (await import('./source/headless/serve.js')).runServe},
	talk: {summary: talkSummary, help: talkHelp, flags: talkFlags, refuses: TALK_REFUSES, load: async () => (await import('./source/headless/talk.js')).runTalk},
};

// Read top to bottom (a screen reader reads it so): what smtp-tui is, its commands one per line, then the
// dashboard's many flags.
const mainHelp = `
  smtp-tui: talk SMTP to a mail server, each command and reply explained in plain words.

  Usage
    $ smtp-tui [flags]               the full-screen dashboard (its flags follow the commands)
    $ smtp-tui COMMAND [flags]       one of the commands

  Commands
${Object.entries(commands)
	.map(([name, entry]) => `    ${name.padEnd(10)}${entry.summary}`)
	.join('\n')}

  Run "smtp-tui COMMAND --help" (or "smtp-tui help COMMAND") for the flags of each command,
  and "smtp-tui --version" (or "smtp-tui version") for the version.
${dashboardUsage}`;

/** Help piped to a file or a pager is wrapped as on a terminal of this width (COLUMNS, where set, says otherwise). */
const PIPED_HELP_COLUMNS = 80;

/** `help [COMMAND]` and `version`, as git and npm take them: the words for --help and --version. */
function helpWords(argv: readonly string[]): readonly string[] {
	if (argv[0] === 'version') return ['--version', ...argv.slice(1)];
	// `send help`, the other order a newcomer tries: send's help, not a message to no one or a host named help.
	if (argv.length === 2 && argv[1] === 'help' && Object.hasOwn(commands, argv[0]!)) return [argv[0]!, '--help'];
	if (argv[0] !== 'help') return argv;
	const topic = argv[1];
	// `help send`: send's help; an unknown command after help is said to be one, as it would be without help.
	return topic !== undefined && !topic.startsWith('-') && topic !== 'help' && topic !== 'version' ? [topic, ...argv.slice(2), '--help'] : ['--help', ...argv.slice(1)];
}

/** Every command's flags: which of them take a value, whichever command they belong to. */
const everyFlag: FlagSpecs = Object.assign({}, ...Object.values(commands).map(entry => entry.flags), dashboardFlags);

/**
 * `smtp-tui -s HOST send ...`: a command after flags is still the command, moved first (the dashboard takes no word,
 * so it cannot be meant otherwise), as `smtp-tui -h send` asks about send. A flag's value is no command, whichever
 * command's flag it is: `--subject check send` is send.
 */
function commandFirst(argv: readonly string[]): readonly string[] {
	if (!argv[0]?.startsWith('-')) return argv;
	const index = wordIndex(argv, everyFlag, word => Object.hasOwn(commands, word));
	return index === -1 ? argv : [argv[index]!, ...argv.slice(0, index), ...argv.slice(index + 1)];
}

/**
 * With --json, a script reads stdout: a usage error is also one JSON line there, so `jq` sees why it stopped. send
 * and check give it the shape of send's result line (one filter reads both), serve that of its start errors.
 */
let jsonError: ((message: string, hint?: string) => object) | undefined;
/** check --nagios: a usage error is the plugin's UNKNOWN. */
let nagiosError = false;

/** The one place usage errors are written. They echo what was typed, which may hold control characters: escaped. */
function fail(message: string, hint?: string): never {
	// A monitoring plugin's UNKNOWN (3), in its one line on stdout: exit 1 would read as WARNING there.
	if (nagiosError) {
		process.stdout.write(`SMTP UNKNOWN - ${escapeUnsafe(message).replaceAll('|', '/')}${hint ? `; ${escapeUnsafe(hint).replaceAll('|', '/')}` : ''}\n`);
		process.exit(3);
	}
	// With --json the JSON line is the whole answer, as for a failed session: `2>&1 | jq` must not meet text.
	// JSON keeps the text as typed: safeJson writes every one of those characters as a \u escape.
	if (jsonError) process.stdout.write(`${safeJson(jsonError(message, hint))}\n`);
	else forTerminal(process.stderr, process.env).write(`smtp-tui: ${escapeUnsafe(message)}\n${hint ? `hint: ${escapeUnsafe(hint)}\n` : ''}`);
	process.exit(1);
}

/** `flags`: argv before a lone "--", without flag values (flagsIn). */
function jsonErrorFor(command: string | undefined, flags: readonly string[]): typeof jsonError {
	const json = flags.some(arg => arg === '--json' || arg.startsWith('--json='));
	if (!json || !['send', 'check', 'serve', 'inbox'].includes(command ?? '')) return undefined;
	return (message, hint) =>
		command === 'serve' || command === 'inbox'
			? {type: 'error', exitCode: 1, message, ...(hint && {hint})}
			: {type: 'result', ok: false, exitCode: 1, stage: 'options', message, ...(hint && {hint}), ...(command === 'send' && {recipients: []})};
}

// `smtp-tui send ... | head -1`: the reader went away, which is not our error. The session carries on (stopping
// it half-way would leave a message unsent and still say 0, or one sent and say 1); only the rest of its output is
// lost. (`serve` stops.) Any other failure to write to a file (a full disk, `> /dev/full`) is the same, said once
// in one line, not with a stack trace. A terminal's errors are a hangup (EIO), which the dashboard's terminal guard
// and SIGHUP handle.
let outputLost = false;
reportThrownStdioWrites();
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || process.stdout.isTTY || outputLost) return;
	outputLost = true;
	process.stderr.write(`smtp-tui: cannot write the output: ${error.code ?? error.message}${error.code === 'ENOSPC' ? ' (no space left on the device)' : ''}; the rest of it is lost\n`);
});

async function main(): Promise<void> {
	const argv = commandFirst(helpWords(process.argv.slice(2)));
	const name = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
	const entry = name === undefined ? undefined : commands[name];
	if (name !== undefined && entry === undefined) {
		// A typo gets the closest command, as a mistyped flag gets the closest flag.
		const suggestion = closest(name, [...Object.keys(commands), 'help', 'version'], text => text.toLowerCase());
		const list = `commands are: ${Object.keys(commands).join(', ')}`;
		fail(`unknown command "${name}"`, serverWordsHint(argv) ?? (suggestion ? `did you mean "${suggestion}"? ${list}` : `${list}; see smtp-tui --help`));
	}

	const specs = entry?.flags ?? dashboardFlags;
	const rest = entry ? argv.slice(1) : argv;
	// The flags alone: `--subject -h` is a subject, not a help request.
	const flagsOnly = flagsIn(rest, specs);
	jsonError = jsonErrorFor(name, flagsOnly);
	nagiosError = name === 'check' && flagsOnly.includes('--nagios');
	const slip = secretSlip(rest, specs, name);
	if (slip) fail(slip.message, slip.hint);
	// --help or -h anywhere (not only alone, as meow has it) but as a flag's value: the help, and nothing is run.
	// Adding --help to a command just typed must never send the mail or start the server.
	// -h inside a cluster of boolean short flags (-qh) asks for help too.
	const booleanLetters = new Set(Object.values(specs).flatMap(spec => (spec.type === 'boolean' && spec.shortFlag ? [spec.shortFlag] : [])));
	const helpCluster = (arg: string) => /^-[a-zA-Z]{2,}$/.test(arg) && arg.includes('h') && [...arg.slice(1)].every(letter => letter === 'h' || booleanLetters.has(letter));
	if (flagsOnly.some(arg => arg === '--help' || arg === '-h' || arg.startsWith('--help=') || helpCluster(arg))) {
		// At a terminal that is not UTF-8, its marks in ASCII as the commands' lines (forTerminal), and fitted with them in.
		const stdout = forTerminal(process.stdout, process.env);
		const written = (entry?.help ?? mainHelp).replace(/^\n*/, '\n').trimEnd();
		const help = writesAscii(stdout) ? asciiStandIns(written) : written;
		// On a terminal narrower than the help's lines, each entry is wrapped under its own column, not at the edge.
		// Not a terminal (less, a file): 80 columns, or the COLUMNS the shell exports.
		const columns = process.stdout.isTTY ? process.stdout.columns - 1 : Number(process.env.COLUMNS) || PIPED_HELP_COLUMNS;
		stdout.write(`${columns > 0 && columns < 119 ? fitHelp(help, columns) : help}\n\n`);
		process.exit(0);
	}

	// A password flag this command has not (swaks' --auth-password) is named, the password after it is not.
	const shownArgv = withoutPasswordValues(rest, specs);
	const unknown = findUnknownFlags(shownArgv, specs);
	if (unknown.length > 0) {
		// A flag of another command (`smtp-tui --to ...` for send) says so; a typo gets the closest flag; swaks' names
		// (--auth-user, -4) get smtp-tui's flag, or why there is none, rather than a guess at a typo.
		const owners = [
			...Object.entries(commands).map(([command, {flags, refuses}]) => ({label: `smtp-tui ${command}`, flags, refuses})),
			{label: 'the dashboard (smtp-tui)', flags: dashboardFlags, refuses: DASHBOARD_REFUSES},
		];
		const hint = unknownFlagHint(unknown, {command: name, specs, argv: shownArgv, owners});
		fail(`unknown flag ${unknown.join(', ')}`, hint);
	}

	const missing = findMissingValue(rest, specs);
	if (missing !== undefined) {
		fail(`${missing} needs a value`, missingValueHint(missing, specs, entry?.help ?? mainHelp, name));
	}

	const switchValue = findSwitchValue(rest, specs);
	if (switchValue !== undefined) fail(switchValue.message, swaksQuitAfter(rest) ?? switchValue.hint);

	const both = findContradiction(rest, specs);
	if (both !== undefined) fail(`--${both} and --no-${both} contradict each other`, 'give one of them');

	let cli;
	try {
		cli = meow(entry?.help ?? mainHelp, {
			importMeta: import.meta,
			argv: normalizeArgv(rest, specs),
			flags: specs as never,
			allowUnknownFlags: true,
			booleanDefault: undefined,
		});
	} catch (error) {
		// meow's own checks, e.g. "The flag --port can only be set once."
		fail(parserMessage(error, rest, specs), `see smtp-tui ${name ?? ''} --help`.replace('  ', ' '));
	}

	process.title = processTitle(process.argv.slice(2));

	// --version anywhere (but as a flag's value), like --help: it names the version and runs nothing.
	if (flagsOnly.some(arg => arg === '--version' || arg.startsWith('--version='))) cli!.showVersion();
	if (name === 'send' && cli!.input.length > 0) {
		// A word without a flag is a mistake (an unquoted value, a forgotten --host): it is never dropped silently.
		const word = cli!.input[0]!;
		fail(`unexpected argument "${word}"`, swaksQuitAfter(rest) ?? swaksProxyValue(rest) ?? 'quote a value with spaces (--subject "Hello world"); the server goes after --host');
	}
	// The dashboard (no command) is loaded lazily too: --help and the headless commands never pay for Ink.
	const run = entry ? await entry.load() : (await loadDashboard()).runDashboard;
	// A command that prints lines (not a screen) writes its marks in ASCII at a terminal that is not UTF-8 (see
	// forTerminal); --json's stdout stays as written.
	const printsLines = entry !== undefined && !(name === 'inbox' && !wantsWait(cli!.flags)) && !(name === 'replay' && (cli!.flags as Record<string, unknown>).print !== true);
	try {
		const code = await run(cli.flags as Record<string, unknown>, cli.input, {
			stdout: printsLines && (cli!.flags as Record<string, unknown>).json !== true ? forTerminal(process.stdout, process.env) : process.stdout,
			stderr: printsLines ? forTerminal(process.stderr, process.env) : process.stderr,
			stdin: process.stdin,
			env: process.env,
		});
		// The dashboard has finished its cleanup (or given up on it after a few seconds): nothing it left open, such
		// as the sandbox still serving another client's session, may keep it running with the terminal given back.
		// talk's session is over: a pipe still open behind its input (`(cat script; sleep 60) | ...`) is not waited for.
		if (!entry || name === 'replay' || (name === 'inbox' && !wantsWait(cli.flags)) || name === 'talk') process.exit(code);
		process.exitCode = code;
	} catch (error) {
		if (error instanceof UsageError) fail(asTyped(error.message, rest, specs), error.hint && asTyped(error.hint, rest, specs));
		if (error instanceof Cancelled) {
			process.stderr.write(`smtp-tui: ${error.message}\n`);
			process.exit(130);
		}
		throw error;
	}
}

await main();
