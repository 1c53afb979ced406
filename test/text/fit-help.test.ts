// --help on a terminal narrower than its lines: each entry is wrapped again under its own description column, so
// an 80-column SSH session does not get lines broken at its edge into the flag column.
import {describe, expect, test} from 'vitest';
import {fitHelp} from '../../source/text/fit-help.js';
import {cliPath, ptySessions} from '../helpers/pty.js';
import {runCli} from '../helpers/run-cli.js';

const commands = ['', 'send', 'serve', 'inbox', 'check', 'replay', 'profile', 'talk'];
const argsOf = (command: string) => [...(command ? [command] : []), '--help'];
// As written: COLUMNS this wide is never wrapped.
const helps = await Promise.all(commands.map(async command => (await runCli(argsOf(command), {env: {COLUMNS: '1000'}})).stdout));
const widest = (text: string) => Math.max(...text.split('\n').map(line => line.length));
const indentOf = (line: string) => line.length - line.trimStart().length;

/** The words a reader sees: a short quoted marker (`" -> "`, `"<-  "`) is one word, its spaces in it. */
const words = (text: string) =>
	text
		.replace(/(?<!\S)"[^"\n]{1,6}"/g, quoted => quoted.replaceAll(' ', '\u0000'))
		.split(/[ \n]+/)
		.filter(Boolean);

/** Where the text after a line's first run of two or more spaces begins. */
const gapEnd = (line: string) => {
	const gap = /\S {2,}(?=\S)/.exec(line.trimStart());
	return gap ? indentOf(line) + gap.index + gap[0].length : undefined;
};

/**
 * Lines of a fitted help indented where nothing puts them. A line deeper than the one that starts its entry is,
 * under a flag, an example or a table's row: its description at its column (after a gap of two or more spaces,
 * or of one for a flag whose name fills its column; a table's where `written` aligns on it), an example's command
 * going on past its `$ `, or the description (or an example's comment) under it, 4 deeper; the lines under one
 * entry never step back out but to its indentation. Under a heading or a paragraph's line, a deeper line is the
 * start of an entry as written (`    --host ...` under `  Connection`), never a piece of the paragraph.
 */
function strays(fitted: string, written: string): string[] {
	const writtenLines = written.split('\n').filter(line => line.trim() !== '');
	const aligned = (column: number) => writtenLines.some(line => indentOf(line) === column) || writtenLines.filter(line => gapEnd(line) === column).length > 1;
	const begins = (line: string) => writtenLines.some(other => indentOf(other) === indentOf(line) && (other.startsWith(line) || line.startsWith(other)));
	const found: string[] = [];
	let start: string | undefined;
	let previous = '';
	for (const line of fitted.split('\n')) {
		const indent = indentOf(line);
		if (line.trim() === '') {
			start = undefined;
			continue;
		}
		// A line at or out of the entry's indentation starts the next; so does the next row of a table (` ->  sent`).
		if (start === undefined || indent <= indentOf(start) || (gapEnd(line) !== undefined && gapEnd(line) === gapEnd(start))) {
			start = previous = line;
			continue;
		}
		const text = start.trimStart();
		const item = text.startsWith('-') || text.startsWith('$ ');
		const column = gapEnd(start);
		// (A table's row whose description went under it: as written, its name is followed by its table's gap.)
		const row = item || (column !== undefined && aligned(column)) || writtenLines.some(other => other.startsWith(`${start}  `) && aligned(gapEnd(other)!));
		if (!row) {
			if (begins(line)) start = previous = line;
			else found.push(line);
			continue;
		}
		const gap = start[indent - 1] === ' ' && /\S/.test(start[indent] ?? '') && (start[indent - 2] === ' ' ? item || aligned(indent) : text.startsWith('-') && aligned(indent));
		const placed = gap || indent === indentOf(start) + 4 || (text.startsWith('$ ') && indent === indentOf(start) + 2);
		if (!placed || indent < indentOf(previous)) found.push(line);
		previous = line;
	}
	return found;
}

/** Every line fits `width` (but a single word longer than it), no word is lost, cut or moved, no line is a stray. */
function expectFitted(fitted: string, written: string, width: number): void {
	expect(fitted.split('\n').filter(line => line.length > width && line.trim().includes(' '))).toEqual([]);
	expect(words(fitted)).toEqual(words(written));
	expect(strays(fitted, written)).toEqual([]);
}

describe('fitHelp', () => {
	test('the help texts are wider than 80 columns (else these tests prove nothing)', () => {
		expect(Math.max(...helps.map(widest))).toBeGreaterThan(100);
	});

	test.each([99, 79, 60, 50])('at %i columns every line of every help fits, no word is lost, cut or moved, no line strays', width => {
		for (const help of helps) expectFitted(fitHelp(help, width), help, width);
	});

	test('a paragraph is wrapped as one, a run of spaces inside it no column, a marker in quotes not cut', () => {
		const help = ['  Connects, then prints every reply in plain words, for a screen reader and "script" logs. The markers are those', '  of smtp-tui send: " -> " sent, "<-  " received, "<** " refused (4xx, 5xx), " ~> " and "<~ " inside', '  TLS.'].join('\n');
		expect(fitHelp(help, 60).split('\n')).toEqual([
			'  Connects, then prints every reply in plain words, for a',
			'  screen reader and "script" logs. The markers are those of',
			'  smtp-tui send: " -> " sent, "<-  " received, "<** "',
			'  refused (4xx, 5xx), " ~> " and "<~ " inside TLS.',
		]);
	});

	test.each([
		[
			'a flag whose name passes the column wraps under its own; the lines under it go on there too',
			['    --tls                  implicit TLS', '    --starttls, --no-starttls  taken as the dashboard takes them (a profile may set them), but here', '                           TLS starts only when you type STARTTLS'],
			['    --starttls, --no-starttls  taken as the dashboard takes them (a', '                               profile may set them), but here TLS', '                               starts only when you type STARTTLS'],
		],
		[
			'a flag that fills its column but for one space takes the column its description goes on in, not the row before\'s',
			['    -4, --ipv4 / -6, --ipv6 / --local-address ADDR   as for smtp-tui send', '    --allow-plaintext-auth no error line for an AUTH typed without TLS to a host that is not loopback', '                           (--user, --password and --auth are refused)'],
			['    --allow-plaintext-auth no error line for an AUTH typed without TLS', '                           to a host that is not loopback (--user,', '                           --password and --auth are refused)'],
		],
	])('%s', (_title, help, last) => {
		expect(fitHelp(help.join('\n'), 70).split('\n').slice(-3)).toEqual(last);
	});

	test('a flag on a line of its own keeps its description under it, wrapped there', () => {
		const help = ['    --tls                  implicit TLS', '    --starttls, --no-starttls', '                           taken as the dashboard takes them (a profile may set them)'].join('\n');
		expect(fitHelp(help, 60).split('\n').slice(1)).toEqual(['    --starttls, --no-starttls', '                           taken as the dashboard takes them', '                           (a profile may set them)']);
	});

	test('a table\'s rows are rows, not the lines under the row before (a marker that starts with a space)', () => {
		const help = ['  Transcript markers', '    ===  information', '     ->  sent', '    <**  a 4xx or 5xx reply, each of its lines, inside TLS too (<~*)'].join('\n');
		expect(fitHelp(help, 40).split('\n')).toEqual(['  Transcript markers', '    ===  information', '     ->  sent', '    <**  a 4xx or 5xx reply, each of its', '         lines, inside TLS too (<~*)']);
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
		expect(fitHelp(check, 85).split('\n').slice(-2)).toEqual(['    $ smtp-tui check smtp.example.com --ports 587,465 is my provider\'s submission', `${' '.repeat(54)}server reachable?`]);
		// In more than two lines there, it goes under the command.
		expect(fitHelp(check, 80).split('\n').slice(2)).toEqual(['    $ smtp-tui check smtp.example.com --ports 587,465', '        is my provider\'s submission server reachable?']);
	});

	test('wide enough for every line: the help as written', () => {
		for (const help of helps) expect(fitHelp(help, widest(help))).toBe(help);
	});
});

describe('every command\'s --help', () => {
	test.each([
		['piped', undefined, 80],
		['piped with COLUMNS=60', '60', 60],
		['piped with COLUMNS=50', '50', 50],
	])('%s: fits, no word lost, cut or moved, no line strays', async (_how, columns, width) => {
		const printed = await Promise.all(commands.map(async command => (await runCli(argsOf(command), {env: {COLUMNS: columns}})).stdout));
		printed.forEach((help, index) => expectFitted(help, helps[index]!, width));
	});

	test('profile\'s subcommands print profile\'s help', async () => {
		for (const subcommand of ['list', 'show', 'save', 'delete']) expect((await runCli(['profile', subcommand, '--help'])).stdout).toBe((await runCli(['profile', '--help'])).stdout);
	});
});

describe('--help on a terminal', () => {
	const open = ptySessions();

	test.each([60, 100])('on a %i-column terminal, every help fitted to it', async columns => {
		const script = commands.map(command => `"${process.execPath}" "${cliPath}" ${argsOf(command).join(' ')}; echo "end $?"`).join('; ');
		const session = open({file: '/bin/sh', args: ['-c', `${script}; sleep 30`], cols: columns, rows: 200, env: {COLUMNS: undefined}});
		await session.waitFor(() => session.raw.split('end 0\r\n').length > commands.length, 30_000, 'every help and its exit code');
		const shown = session.raw.split('end 0\r\n').slice(0, commands.length);
		shown.forEach((help, index) => {
			expect(help.replaceAll('\r\n', '\n').trimEnd()).toBe(fitHelp(helps[index]!.trimEnd(), columns - 1));
			expectFitted(help.replaceAll('\r\n', '\n'), helps[index]!, columns - 1);
		});
	});

	test('send --help on an 80-column terminal, fitted to it', async () => {
		// Through a shell that says when the help has ended: node-pty can drop a child's last output as it exits.
		const session = open({file: '/bin/sh', args: ['-c', `"${process.execPath}" "${cliPath}" send --help; echo "exit $?"; sleep 30`], cols: 80, rows: 200});
		await session.waitFor(() => session.raw.includes('exit 0\r\n'), 20_000, 'the help and its exit code');
		const lines = session.raw.slice(0, session.raw.lastIndexOf('exit 0')).split('\r\n');
		expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(79);
		expect(lines.join('\n').trimEnd()).toBe(fitHelp(helps[1]!.trimEnd(), 79));
		expect(widest(helps[1]!)).toBeGreaterThan(100);
	});
});
