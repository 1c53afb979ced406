// `smtp-tui replay` with no dashboard: piped, with --print, or where the dashboard cannot draw (TERM=dumb, a pane too
// small), the recording is a transcript in send's format (or the hint says how to get one), for a screen reader or
// a script.
import {describe, expect, test} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {cliPath, ptySessions} from '../helpers/pty.js';

const open = ptySessions();

describe('replay printed as a transcript', () => {
	test('with stdout piped, it prints the whole recording in send\'s markers, each reply explained, secrets redacted, and exits 0', async () => {
		const result = await runCli(['replay', 'starttls-auth']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const lines = result.stdout.split('\n');
		expect(lines[0]).toMatch(/^=== replaying starttls-auth, recorded .* against localhost:2525$/);
		expect(lines).toContain('<-  220 smtp-tui.localhost ESMTP smtp-tui sandbox');
		expect(lines).toContain('    # 220: greeting: the server is ready');
		expect(lines).toContain(' -> STARTTLS');
		expect(lines).toContain(' ~> AUTH PLAIN [redacted]');
		expect(lines).toContain('<~  250 2.6.0 Ok: queued as 2');
		expect(lines.at(-2)).toBe('=== end of the recording');
		// Nothing of the dashboard: no escape sequence, no Ctrl+S.
		expect(result.stdout).not.toMatch(/\u001B|Ctrl\+S/);
	});

	test('--print on a terminal prints there, on the main screen, rather than opening the dashboard', async () => {
		const session = open({args: ['replay', 'rejected-recipient', '--print'], cols: 60, rows: 20});
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.bufferType()).toBe('normal');
		expect(session.raw).toContain('=== end of the recording');
		expect(session.raw).toMatch(/<\*\* {1,2}5\d\d /);
	});

	test('--transcript-format md prints the workshop handout', async () => {
		const result = await runCli(['replay', 'plain-delivery', '--transcript-format', 'md']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^# SMTP session with localhost:2525\n/);
		expect(result.stdout).toContain('## 2. Greeting: the server speaks first');
	});

	test('--no-print with no terminal refuses, and says how to print it', async () => {
		const result = await runCli(['replay', 'plain-delivery', '--no-print']);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toContain('hint: leave out --no-print: "smtp-tui replay --print FILE" prints the recording as a transcript');
	});

	test('TERM=dumb refuses the dashboard with a hint that names replay --print, not send', async () => {
		// Through env(1): node-pty sets TERM to its terminal's name, over the environment given.
		const session = open({file: 'env', args: ['TERM=dumb', process.execPath, cliPath, 'replay', 'plain-delivery']});
		expect(await session.waitForExit()).toMatchObject({code: 1});
		const said = session.raw.replace(/\r?\n/g, ' ');
		expect(said).toContain('TERM is "dumb"');
		expect(said).toContain('use "smtp-tui replay --print FILE" here');
		expect(said).not.toContain('smtp-tui send');
	});

	test('a terminal too small for the dashboard names replay --print', async () => {
		const session = open({args: ['replay', 'plain-delivery'], cols: 60, rows: 20});
		const screen = await session.waitForText('Terminal too small');
		expect(screen.replace(/\s+/g, ' ')).toContain('"smtp-tui replay --print FILE"');
	});
});
