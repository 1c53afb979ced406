// "--x needs a value" gives an example (`e.g. --x 1.2`): for every command and every flag that takes a value, the
// example is run, and the command must not refuse that value (it may fail for another reason: no server there).
// The hint is worked out in-process, as cli.tsx does it, for every flag; the CLI gives it for one flag of each command.
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import type {FlagSpecs} from '../../source/headless/command.js';
import {checkFlags, checkHelp} from '../../source/headless/check-flags.js';
import {FLAG_EXAMPLES} from '../../source/headless/flag-examples.js';
import {kebab, missingValueHint} from '../../source/headless/flags.js';
import {inboxFlags, inboxHelp} from '../../source/headless/inbox-flags.js';
import {profileCmdFlags, profileHelp} from '../../source/headless/profile-cmd-flags.js';
import {sendFlags, sendHelp} from '../../source/headless/send-flags.js';
import {serveFlags, serveHelp} from '../../source/headless/serve-flags.js';
import {talkFlags, talkHelp} from '../../source/headless/talk-flags.js';
import {dashboardFlags, dashboardUsage, replayFlags, replayHelp} from '../../source/ui/dashboard-flags.js';
import {clientCerts, testCerts} from '../helpers/certs.js';
import {cliPath, ended, runCli, type CliResult} from '../helpers/run-cli.js';

/** A loopback port nothing listens on (it was free a moment ago): a connection there is refused at once. */
const CLOSED = '1';
const server = ['--host', '127.0.0.1', '--port', CLOSED];

type Command = {
	name: string;
	/** As cli.tsx names it (undefined: the dashboard), and the help whose example commands it reads. */
	command: string | undefined;
	help: string;
	/** The words before the flags, and flags that get the command past its other checks (left out where tested). */
	words: string[];
	specs: FlagSpecs;
	context: string[];
};

const commands: Command[] = [
	{name: 'send', command: 'send', help: sendHelp, words: ['send'], specs: sendFlags, context: [...server, '--to', 'you@example.test', '--timeout', '5']},
	{name: 'talk', command: 'talk', help: talkHelp, words: ['talk'], specs: talkFlags, context: [...server, '--timeout', '5']},
	{name: 'check', command: 'check', help: checkHelp, words: ['check', '127.0.0.1'], specs: checkFlags, context: ['--ports', CLOSED, '--timeout', '5']},
	{name: 'profile', command: 'profile', help: profileHelp, words: ['profile', 'save', 'example'], specs: profileCmdFlags, context: ['--host', '127.0.0.1']},
	// serve starts (it is stopped once ready); inbox and the dashboard check their flags before the terminal.
	{name: 'serve', command: 'serve', help: serveHelp, words: ['serve'], specs: serveFlags, context: ['--port', '0']},
	{name: 'inbox', command: 'inbox', help: inboxHelp, words: ['inbox'], specs: inboxFlags, context: []},
	{name: 'the dashboard', command: undefined, help: dashboardUsage, words: [], specs: dashboardFlags, context: server},
	{name: 'replay', command: 'replay', help: replayHelp, words: ['replay', 'plain-delivery'], specs: replayFlags, context: []},
];

/** What a flag's value needs beside it (--key its --cert), and flags of the context it cannot go with. */
const needs: Record<string, {add?: string[]; drop?: string[]}> = {
	'--cert': {add: ['--key', 'client.key']},
	'--key': {add: ['--cert', 'client.pem']},
	'--user': {add: ['--password', 'secret']},
	'--password': {add: ['--user', 'me']},
	'--password-file': {add: ['--user', 'me']},
	'--auth': {add: ['--user', 'me', '--password', 'secret']},
	'--chunk-size': {add: ['--bdat']},
	'--transcript-format': {add: ['--transcript', 'session.txt']},
	'--socket': {drop: ['--host', '--port']},
	'--mx-hosts': {add: ['--mx']},
};

/** argv as flags, each with its value (a flag followed by another flag, or nothing, is a switch). */
function pairs(argv: readonly string[]): string[][] {
	const grouped: string[][] = [];
	for (let index = 0; index < argv.length; index++) {
		const value = argv[index + 1];
		grouped.push(value !== undefined && !value.startsWith('--') ? [argv[index]!, argv[++index]!] : [argv[index]!]);
	}
	return grouped;
}

/** The context without the tested flag (and what it cannot go with), with what it needs that this command has. */
function contextFor(command: Command, flag: string): string[] {
	const has = (name: string) => Object.keys(command.specs).some(key => `--${kebab(key)}` === name);
	const drop = new Set([flag, ...(needs[flag]?.drop ?? [])]);
	const added = pairs(needs[flag]?.add ?? []).filter(([name]) => has(name!));
	for (const [name] of added) drop.add(name!);
	return [...pairs(command.context).filter(([name]) => !drop.has(name!)), ...added].flat();
}

/** Every placeholder of the helps' flag lists (VALUE, FULL|HDRS, ADDR): never an example. */
const placeholders = new Set([
	'VALUE',
	...[sendHelp, talkHelp, checkHelp, profileHelp, serveHelp, inboxHelp, dashboardUsage, replayHelp].flatMap(help => [...help.matchAll(/^ +--[\w-]+(?:, -\w)? ([A-Z][A-Z|]*),?(?= )/gm)].map(match => match[1]!)),
]);

let cwd: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
	// The files the examples name, in the folder they run in; the profile `work`; a certificate of serve's own.
	cwd = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-examples-'));
	const config = path.join(cwd, '.config');
	mkdirSync(config);
	writeFileSync(path.join(config, 'profiles.json'), JSON.stringify({version: 1, profiles: [{name: 'work', host: '127.0.0.1', port: Number(CLOSED), security: 'none'}]}));
	const [{ca}, {client}] = await Promise.all([testCerts(), clientCerts()]);
	const files: Record<string, string> = {
		'sandbox.pem': ca,
		'client.pem': client.cert,
		'client.key': client.key,
		'message.txt': 'Hello\n',
		'smtp-password.txt': 'secret\n',
		'page.html': '<p>Hello</p>\n',
		'message.eml': 'From: me@example.test\r\nTo: you@example.test\r\nSubject: Hello\r\n\r\nHello\r\n',
		'report.pdf': '%PDF-1.4\n',
	};
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(cwd, name), text);
	env = {SMTP_TUI_CONFIG_DIR: config, SMTP_TUI_STATE_DIR: path.join(cwd, '.state'), SMTP_TUI_DRAFT_DIR: path.join(cwd, '.drafts')};
});

/** Runs the CLI; serve is stopped once it says it is ready (or has failed). */
async function run(args: string[]): Promise<CliResult> {
	if (args[0] !== 'serve') return runCli(args, {cwd, env});
	const child = spawn(process.execPath, [cliPath, ...args], {cwd, env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']});
	const result = ended(child);
	let stdout = '';
	child.stdout.on('data', chunk => {
		stdout += chunk;
		if (/^ready: pid/m.test(stdout) && !child.killed) child.kill('SIGTERM');
	});
	return result;
}

/** The words of an example as the shell passes them: `--subject "Hello"` is --subject and Hello. */
const shellWords = (example: string) => example.match(/"[^"]*"|\S+/g)!.map(word => word.replace(/^"(.*)"$/, '$1'));

const cases = commands.flatMap(command =>
	Object.entries(command.specs)
		// A flag whose hint is not an example (--password: the safer ways) is tested below.
		.filter(([, spec]) => spec.type !== 'boolean' && spec.missingHint === undefined)
		.map(([key]) => [command.name, `--${kebab(key)}`, command] as const),
);

describe('"needs a value"', () => {
	it.each(commands.map(command => [command.name, command] as const))('%s: the CLI gives the hint worked out here', async (_name, command) => {
		const [key] = Object.entries(command.specs).find(([, spec]) => spec.type !== 'boolean')!;
		const flag = `--${kebab(key)}`;
		const missing = await run([...command.words, flag]);
		expect(missing).toMatchObject({code: 1, stderr: `smtp-tui: ${flag} needs a value\nhint: ${missingValueHint(flag, command.specs, command.help, command.command)}\n`});
	});
});

describe.concurrent('the example of "needs a value"', () => {
	it.each(cases)('%s %s: a value the command takes', async (_name, flag, command) => {
		const hint = missingValueHint(flag, command.specs, command.help, command.command);
		// What the flag needs comes first (--host before --port), as flags of this command.
		expect(hint).toMatch(new RegExp(`^e\\.g\\. (?:--[\\w-]+ \\S+ )*${flag} \\S`));
		const words = shellWords(hint.slice('e.g. '.length));
		const value = words[words.indexOf(flag) + 1];
		expect(words.filter(word => word.startsWith('--')).every(name => Object.keys(command.specs).some(key => `--${kebab(key)}` === name))).toBe(true);
		// An example, not a placeholder (VALUE, FULL|HDRS) or a list cut at its comma (ADDR,).
		expect(placeholders.has(value!) || value!.endsWith(','), value).toBe(false);

		const result = await run([...command.words, ...contextFor(command, flag), flag, value!]);
		const error = /^smtp-tui: (.*)$/m.exec(result.stderr)?.[1] ?? '';
		// A refused value is named: the flag and what it must be, or the value quoted (cannot read X, "X" is not ...).
		const refused = result.code === 1 && (error.includes(value!) || new RegExp(`^${flag}\\b.*\\b(must|needs a value|is empty)\\b`).test(error));
		expect(refused, `${[...command.words, flag, value].join(' ')}: ${result.stderr}`).toBe(false);
	});
});

describe('an example the command then refuses for want of another flag', () => {
	it.each([['the dashboard', []], ['talk', ['talk']], ['send', ['send']]] as const)('%s --port: the example gives --host too, not a --port that "needs --host"', async (_name, words) => {
		const missing = await run([...words, '--port']);
		expect(missing.stderr).toMatch(/^smtp-tui: --port needs a value\nhint: e\.g\. --host \S+ --port \d+\n$/);
		if (words.length === 0 || words[0] === 'talk') expect(missing.stderr).toContain('e.g. --host mail.example.org --port 587');
	});
});

describe('--password with no value', () => {
	it.each([
		['send', ['send'], 'leave it out to be asked for it (masked, on a terminal), or use SMTP_PASSWORD or --password-file FILE'],
		['the dashboard', [], 'leave it out and type it in the panel (masked), or use SMTP_PASSWORD or --password-file FILE'],
		// talk refuses it, with a value or without: what to do instead, no example.
		['talk', ['talk'], 'talk logs in only as you type it: type "AUTH LOGIN" (or "AUTH PLAIN") once connected and answer each 334 at the hidden prompt; smtp-tui send and the dashboard take --user'],
		// The sandbox's own password, no secret of the user's: an example serves.
		['serve', ['serve'], 'e.g. --password secret'],
	] as const)('%s: the safer ways, not a password on the command line', async (_name, words, hint) => {
		expect(await run([...words, '--password'])).toMatchObject({code: 1, stderr: `smtp-tui: --password needs a value\nhint: ${hint}\n`});
	});

	it('talk: each login flag it refuses says so without a value too', async () => {
		for (const flag of ['--user', '--password-file', '--auth']) expect((await run(['talk', flag])).stderr).toMatch(new RegExp(`^smtp-tui: ${flag} needs a value\nhint: talk logs in only as you type it: `));
	});
});

describe('FLAG_EXAMPLES', () => {
	it('names only flags that take a value in some command', () => {
		const valueKeys = new Set(commands.flatMap(command => Object.entries(command.specs).flatMap(([key, spec]) => (spec.type === 'boolean' ? [] : [key]))));
		expect(Object.keys(FLAG_EXAMPLES).filter(key => !valueKeys.has(key))).toEqual([]);
	});
});

describe("serve's --chaos example", () => {
	it('is the table\'s, in its help, its "needs a value", and the hints of an empty or wrong spec (the table\'s runs above)', async () => {
		const {parseServeFlags} = await import('../../source/headless/serve-options.js');
		const example = `--chaos ${FLAG_EXAMPLES.chaos}`;
		expect(serveHelp).toContain(`e.g. ${FLAG_EXAMPLES.chaos};`);
		expect(serveHelp).toContain(`$ smtp-tui serve --require-tls --require-auth ${example}\n`);
		expect(missingValueHint('--chaos', serveFlags, serveHelp, 'serve')).toBe(`e.g. ${example}`);
		expect(() => parseServeFlags({chaos: ' '}, [])).toThrow(expect.objectContaining({hint: `give faults as "stage:code:percent,...", e.g. ${example}, or leave --chaos out`}));
		expect(() => parseServeFlags({chaos: 'rcpt:451'}, [])).toThrow(expect.objectContaining({hint: `for example ${example}`}));
	});
});
