// What `ps` and `pgrep -f` show: the command line, a password flag hidden.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {processTitle} from '../../source/headless/process-title.js';
import {cliPath} from '../helpers/run-cli.js';
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

	test('hides the password of a login pasted before a host, which check takes as a mail address and runs on', () => {
		expect(processTitle(['check', 'me:hunter2@mail.example.com'])).toBe('smtp-tui check me:***@mail.example.com');
		expect(processTitle(['send', '--host', 'smtp://me:hunter2@127.0.0.1:587'])).toBe('smtp-tui send --host smtp://me:***@127.0.0.1:587');
		expect(processTitle(['send', '--to', 'you@example.com'])).toBe('smtp-tui send --to you@example.com');
	});
});

describe('the built CLI', () => {
	test('a running serve shows its command line in /proc (what ps and pgrep -f read), its password hidden', async () => {
		const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--user', 'u', '--password', 'hunter2hunter2'], {stdio: ['ignore', 'pipe', 'pipe']});
		cleanup(() => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		});
		// Its first line: listening, so the flags were read and the title set.
		await once(child.stdout!, 'data');
		const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
		expect(cmdline).toBe('smtp-tui serve --port 0 --user u --password ***');
		child.kill('SIGTERM');
		await once(child, 'exit');
	});
});
