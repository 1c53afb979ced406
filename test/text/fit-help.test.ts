// --help on a terminal narrower than its lines: each entry is wrapped again under its own description column, so
// an 80-column SSH session does not get lines broken at its edge into the flag column.
import {describe, expect, test} from 'vitest';
import {fitHelp} from '../../source/text/fit-help.js';
import {cliPath, ptySessions} from '../helpers/pty.js';
import {runCli} from '../helpers/run-cli.js';

const commands = ['', 'send', 'serve', 'inbox', 'check', 'replay', 'profile'];
const helps = await Promise.all(commands.map(async command => (await runCli([...(command ? [command] : []), '--help'], {env: {COLUMNS: '1000'}})).stdout));
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const widest = (text: string) => Math.max(...text.split('\n').map(line => line.length));

describe('fitHelp', () => {
	test('the help texts are wider than 80 columns (else these tests prove nothing)', () => {
		expect(Math.max(...helps.map(widest))).toBeGreaterThan(100);
	});

	test.each([79, 60])('at %i columns every line of every help fits, and no word is lost or moved', width => {
		for (const help of helps) {
			const fitted = fitHelp(help, width);
			expect(widest(fitted)).toBeLessThanOrEqual(width);
			expect(words(fitted)).toEqual(words(help));
		}
	});

	test('a description wrapped goes on under its own column; entries that fit keep their lines', () => {
		const help = ['  Connection', '    --port, -p N           port (default 25)', '    --timeout SECONDS      per-step timeout (default 30; 0.1 to 86400, or 30s,', '                           5m, 1h); the wait after the final dot is at least 60'].join('\n');
		expect(fitHelp(help, 60).split('\n')).toEqual([
			'  Connection',
			'    --port, -p N           port (default 25)',
			'    --timeout SECONDS      per-step timeout (default 30; 0.1',
			'                           to 86400, or 30s, 5m, 1h); the',
			'                           wait after the final dot is at',
			'                           least 60',
		]);
	});

	test('a flag name that fills its column but for one space takes the column of the entries around it', () => {
		const help = ['    --no-auth              never log in', '    --allow-plaintext-auth allow a login without TLS (any mechanism) to a host that is not loopback'].join('\n');
		expect(fitHelp(help, 70).split('\n').slice(1)).toEqual(['    --allow-plaintext-auth allow a login without TLS (any mechanism)', '                           to a host that is not loopback']);
	});

	test('too narrow for the description column: the flag on its own line, its description under it', () => {
		const help = '    --proxy-source-port N  its port (0 to 65535; default: this connection\'s local port)';
		expect(fitHelp(help, 40).split('\n')).toEqual(['    --proxy-source-port N', '        its port (0 to 65535; default:', '        this connection\'s local port)']);
	});

	test('a paragraph of prose is wrapped as one, not line by line', () => {
		const help = ['  Exit codes', '    0 ok, 1 bad options, 24 no recipient accepted (or some refused, at RCPT', '    or after the message), 25 DATA (--bdat: a chunk before', '    the last), 26 after the final dot'].join('\n');
		expect(fitHelp(help, 60).split('\n')).toEqual(['  Exit codes', '    0 ok, 1 bad options, 24 no recipient accepted (or some', '    refused, at RCPT or after the message), 25 DATA (--bdat:', '    a chunk before the last), 26 after the final dot']);
	});

	test('a command example goes on under its command, past the $', () => {
		expect(fitHelp('    $ smtp-tui replay plain-delivery | starttls-auth | greylist-retry', 50).split('\n')).toEqual(['    $ smtp-tui replay plain-delivery |', '      starttls-auth | greylist-retry']);
	});

	test.each([79, 60])('at %i columns an example\'s command takes no word of its comment or description (it is pasted)', width => {
		for (const help of helps) {
			const lines = fitHelp(help, width).split('\n');
			lines.forEach((line, index) => {
				if (!/^ *\$ smtp-tui/.test(line)) return;
				// The command and the lines that go on under it, past the $.
				const indent = line.indexOf('$') + 2;
				const command = [line, ...lines.slice(index + 1).filter((_, after) => lines.slice(index + 1, index + 2 + after).every(next => next.length - next.trimStart().length === indent))];
				// Past a gap of two spaces is a description's column.
				expect(command.map(part => part.trimStart().replace(/ {2,}.*/, '')).join(' ')).not.toMatch(/ \(| is my | can I /);
			});
		}
	});

	test('a comment in parentheses under an example stays under it; a description that fills its column stays in it', () => {
		const serve = ['    $ smtp-tui serve --no-starttls --any-login --save-dir ./mail', '      (a mail catcher for an app)'].join('\n');
		expect(fitHelp(serve, 60).split('\n')).toEqual(['    $ smtp-tui serve --no-starttls --any-login --save-dir', '      ./mail', '      (a mail catcher for an app)']);
		const check = ['    $ smtp-tui check gmail.com                        can I reach Gmail\'s MX on port 25?', '    $ smtp-tui check smtp.example.com --ports 587,465 is my provider\'s submission server reachable?'].join('\n');
		expect(fitHelp(check, 80).split('\n').slice(2)).toEqual(['    $ smtp-tui check smtp.example.com --ports 587,465 is my provider\'s', `${' '.repeat(54)}submission server`, `${' '.repeat(54)}reachable?`]);
	});

	test('wide enough for every line: the help as written', () => {
		for (const help of helps) expect(fitHelp(help, widest(help))).toBe(help);
	});
});

describe('smtp-tui send --help', () => {
	const open = ptySessions();

	test('on an 80-column terminal, fitted to it; piped, as written (grep and less see its lines whole)', async () => {
		// Through a shell that says when the help has ended: node-pty can drop a child's last output as it exits.
		const session = open({file: '/bin/sh', args: ['-c', `"${process.execPath}" "${cliPath}" send --help; echo "exit $?"; sleep 30`], cols: 80, rows: 200});
		await session.waitFor(() => session.raw.includes('exit 0\r\n'), 20_000, 'the help and its exit code');
		const lines = session.raw.slice(0, session.raw.lastIndexOf('exit 0')).split('\r\n');
		expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(79);
		expect(lines.join('\n').trimEnd()).toBe(fitHelp(helps[1]!.trimEnd(), 79));
		expect(widest(helps[1]!)).toBeGreaterThan(100);
	});
});
