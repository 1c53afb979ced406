// The same kind of flag mistake gets the same answer in every command, naming the flag as it is typed.
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

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
	const dashPort = '-p is a flag of smtp-tui profile, send, talk and the dashboard (smtp-tui)';

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
