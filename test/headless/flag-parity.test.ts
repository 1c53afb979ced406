// The same kind of flag mistake gets the same answer in every command, naming the flag as it is typed.
import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {cliPath, ended, runCli} from '../helpers/run-cli.js';

describe('a flag given twice', () => {
	it.each([
		[['send', '--tls-min', '1.2', '--tls-min', '1.3'], '--tls-min', 'send'],
		[['talk', '--local-address', '127.0.0.1', '--local-address', '127.0.0.2'], '--local-address', 'talk'],
		[['check', '127.0.0.1', '--mx-hosts', '2', '--mx-hosts', '3'], '--mx-hosts', 'check'],
		[['profile', 'save', 'x', '--password-env', 'A', '--password-env', 'B'], '--password-env', 'profile'],
		[['serve', '--slow-delay', '1', '--slow-delay', '2'], '--slow-delay', 'serve'],
		[['inbox', '--max-size', '1', '--max-size', '2'], '--max-size', 'inbox'],
		[['replay', 'plain-delivery', '--transcript-format', 'md', '--transcript-format', 'json'], '--transcript-format', 'replay'],
		[['--dsn-ret', 'full', '--dsn-ret', 'hdrs'], '--dsn-ret', ''],
		[['send', '-p', '1', '-p', '2'], '-p', 'send'],
	])('%j names it as typed, not as the parser keys it', async (args, typed, command) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: the flag ${typed} can only be set once\nhint: see smtp-tui ${command ? `${command} ` : ''}--help\n`);
	});
});

describe('a short flag this command lacks, with its value attached', () => {
	const dashPort = '-p is a flag of smtp-tui inbox, profile, send, serve, talk and the dashboard (smtp-tui)';

	it.each([
		// The digits are -p's value, not flags -1, -3, -5 (which no command has), and nothing is named twice.
		[['check', '127.0.0.1', '-p41353'], '-p', `did you mean --ports? ${dashPort}`],
		// As `check --port` gets it.
		[['check', '127.0.0.1', '-p', '587'], '-p', `did you mean --ports? ${dashPort}`],
		[['check', '127.0.0.1', '-p=587'], '-p', `did you mean --ports? ${dashPort}`],
		[['check', '127.0.0.1', '-q', '-q'], '-q', '-q is a flag of smtp-tui send'],
		[['--quit-after', 'rcpt', '--quit-after', 'data'], '--quit-after', '--quit-after is a flag of smtp-tui send'],
	])('%j', async (args, typed, hint) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: unknown flag ${typed}\nhint: ${hint}\n`);
	});
});

describe('serve and inbox take what the client commands take', () => {
	it.each([
		// -p is --port, as in send, talk, profile and the dashboard.
		[['serve', '-p', 'abc'], 'smtp-tui: -p must be a whole number from 0 to 65535 (0 picks a free port), not "abc"\nhint: e.g. -p 2525, or -p 0 for a free port\n'],
		[['inbox', '-p', '70000'], 'smtp-tui: -p must be a whole number from 0 to 65535 (0 picks a free port), not "70000"\nhint: e.g. -p 2525, or -p 0 for a free port\n'],
		// An empty value: the specific error and an example, as send --port "" gets.
		[['serve', '--port', ''], 'smtp-tui: --port must be a whole number from 0 to 65535 (0 picks a free port), not ""\nhint: e.g. --port 2525, or --port 0 for a free port\n'],
		[['serve', '--hostname', ''], 'smtp-tui: --hostname must be a host name (letters, digits, dots, hyphens), not ""\nhint: e.g. --hostname lab.example.org\n'],
		[['inbox', '--user', ''], 'smtp-tui: --user is empty\nhint: give the account name, or leave --user out for the default (demo)\n'],
	])('%j', async (args, stderr) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(stderr);
	});

	it('serve -p 0 with sizes and seconds in units starts', async () => {
		const child = spawn(process.execPath, [cliPath, 'serve', '-p', '0', '--max-size', '10MB', '--banner-delay', '5s', '--greylist-delay', '1m', '--slow-delay', '0.5s', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
		const result = ended(child);
		let stdout = '';
		child.stdout.on('data', chunk => {
			stdout += chunk;
			if (stdout.includes('"type":"ready"') && child.signalCode === null && !child.killed) child.kill('SIGTERM');
		});
		const {code, signal, stderr} = await result;
		expect({code, signal, stderr}).toEqual({code: 0, signal: null, stderr: ''});
		expect(stdout).toMatch(/^\{"type":"listening","host":"127\.0\.0\.1","port":\d+/);
	});
});
