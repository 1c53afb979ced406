// What `ps` and `pgrep -f` show: the command line, a password flag hidden.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {processTitle} from '../../source/headless/process-title.js';
import {cliNode, cliPath} from '../helpers/run-cli.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

describe('processTitle', () => {
	test('is the command line, with the value of --password hidden in either form', () => {
		expect(processTitle(['serve', '--port', '2525'])).toBe('smtp-tui serve --port 2525');
		expect(processTitle(['send', '--user', 'me', '--password', 's3cret!', '--to', 'a@b.test'])).toBe('smtp-tui send --user me --password *** --to a@b.test');
		expect(processTitle(['--password=s3cret!', '--host', 'mx.test'])).toBe('smtp-tui --password=*** --host mx.test');
		// Not a secret: the name of the variable that holds it.
		expect(processTitle(['profile', 'save', 'w', '--password-env', 'WORK_PW'])).toBe('smtp-tui profile save w --password-env WORK_PW');
		expect(processTitle([])).toBe('smtp-tui');
	});

	test("hides the value of a misspelt password flag, and of swaks' and check_smtp's, which the run refuses, but shows a while", () => {
		expect(processTitle(['send', '--pasword', 'hunter2', '--to', 'a@b.test'])).toBe('smtp-tui send --pasword *** --to a@b.test');
		expect(processTitle(['--passwd=hunter2', '--Password', 'hunter2', '--pass', 'hunter2', '--pw', 'hunter2'])).toBe('smtp-tui --passwd=*** --Password *** --pass *** --pw ***');
		expect(processTitle(['send', '--auth-password', 'hunter2', '-ap', 'hunter2', '--authpass', 'hunter2', '-P', 'hunter2'])).toBe('smtp-tui send --auth-password *** -ap *** --authpass *** -P ***');
		expect(processTitle(['--token', 'hunter2', '--secret=hunter2', '--passwort', 'hunter2'])).toBe('smtp-tui --token *** --secret=*** --passwort ***');
		// Not secrets: a file's path, a variable's name, a switch, a port.
		expect(processTitle(['profile', 'save', 'w', '--password-file', '/run/pw', '--save-password', 'x', '-p', '587'])).toBe('smtp-tui profile save w --password-file /run/pw --save-password x -p 587');
	});

	test('hides the password of a login pasted before a host, which check takes as a mail address and runs on', () => {
		expect(processTitle(['check', 'me:hunter2@mail.example.com'])).toBe('smtp-tui check me:***@mail.example.com');
		expect(processTitle(['send', '--host', 'smtp://me:hunter2@127.0.0.1:587'])).toBe('smtp-tui send --host smtp://me:***@127.0.0.1:587');
		expect(processTitle(['send', '--to', 'you@example.com'])).toBe('smtp-tui send --to you@example.com');
	});

	test("hides the password of curl's -u user:password, in each form --user takes", () => {
		expect(processTitle(['send', '-u', 'me@example.com:hunter2', '--to', 'a@b.test'])).toBe('smtp-tui send -u me@example.com:*** --to a@b.test');
		expect(processTitle(['--user', 'me:hunter2'])).toBe('smtp-tui --user me:***');
		expect(processTitle(['--user=me:hunter2', '-ume:hunter2'])).toBe('smtp-tui --user=me:*** -ume:***');
		expect(processTitle(['send', '--user', 'me@example.com', '-q'])).toBe('smtp-tui send --user me@example.com -q');
	});
});

/**
 * What ps reads of `bin args...` (the built CLI by default) once it first writes to stdout (serve: listening, so its
 * flags were read and the title set).
 */
async function runningTitle(args: string[], bin = cliPath): Promise<string> {
	const child = spawn(cliNode, [bin, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	cleanup(() => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});
	await once(child.stdout!, 'data');
	const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
	child.kill('SIGTERM');
	await once(child, 'exit');
	return cmdline;
}

describe('the built CLI', () => {
	test('a running serve shows its command line in /proc (what ps and pgrep -f read), its password hidden', async () => {
		expect(await runningTitle(['serve', '--port', '0', '--user', 'u', '--password', 'hunter2hunter2'])).toBe('smtp-tui serve --port 0 --user u --password ***');
	});
});

describe.runIf(process.platform === 'linux')('the bin, before the CLI has loaded', () => {
	test('hides the password first thing: the bin stands in front of a CLI that takes its time to load, and ps reads ***', async () => {
		// The bin as built, with its chunks, in front of a main.js that says it is there and then waits (the ~1 MB CLI
		// takes a while to load on a busy machine, all the while --password would show in /proc).
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-bin-'));
		cleanup(() => rmSync(dir, {recursive: true, force: true}));
		copyFileSync(cliPath, path.join(dir, 'cli.js'));
		// An ES module as in the package (Node before 20.19 does not guess it from the syntax).
		writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}\n');
		symlinkSync(path.join(path.dirname(cliPath), 'chunks'), path.join(dir, 'chunks'));
		// `send` has a build of its own (dist/send/main.js), every other command main.js: both stand in here.
		const slowCli = "process.stdout.write('main loaded\\n');\nsetInterval(() => {}, 1000);\n";
		writeFileSync(path.join(dir, 'main.js'), slowCli);
		mkdirSync(path.join(dir, 'send'));
		writeFileSync(path.join(dir, 'send', 'main.js'), slowCli);
		expect(await runningTitle(['send', '--user', 'me', '--password', 'hunter2hunter2'], path.join(dir, 'cli.js'))).toBe('smtp-tui send --user me --password ***');
		// Misspelt, the flag is refused once the CLI has loaded: until then its password shows no more than a right one.
		expect(await runningTitle(['send', '--user', 'me', '--pasword', 'hunter2hunter2'], path.join(dir, 'cli.js'))).toBe('smtp-tui send --user me --pasword ***');
	});
});
