// README's "A transcript", run as written against a fresh sandbox (its port made this run's): the command it was
// captured with prints the block line for line, but for the ports, the Message-ID and the Date; and the same session
// with STARTTLS, AUTH and the sandbox's certificate, as the README says it, prints the lines of the second block in
// order, the certificate's dates and fingerprint aside. And the Markdown handout of "Transcripts", from its command:
// the start and the end the README shows.
import {spawn} from 'node:child_process';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, test} from 'vitest';
import {cliPath, ended} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';

const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
const section = /### A transcript\n([^]*?)\n### /.exec(readme)?.[1] ?? '';

/** The command the transcript was captured with, and the flags the TLS session gives in place of `--no-starttls`. */
function commands(): {plain: string; tls: string} {
	const plain = /Captured against the sandbox \(`(smtp-tui send [^`]*)`\)/.exec(section)?.[1];
	const flags = /The same session with `([^`]*)` in place of `--no-starttls`/.exec(section)?.[1];
	if (plain === undefined || flags === undefined) throw new Error('no command for "A transcript" in README.md');
	return {plain, tls: plain.replace('--no-starttls', flags)};
}

const blocks = (): string[] => [...section.matchAll(/```text\n([^]*?)```/g)].map(block => block[1]!);

const tempDir = useTempDirs('readme-transcript');
let sandbox: TestSandbox | undefined;
afterEach(() => sandbox?.close());

/** `command`, with the README's port and certificate made this sandbox's, run by sh with `smtp-tui` the built CLI. */
async function run(command: string, started: TestSandbox) {
	const dir = await tempDir();
	writeFileSync(path.join(dir, 'smtp-tui'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
	chmodSync(path.join(dir, 'smtp-tui'), 0o755);
	const here = command.replace('--port 2525', `--port ${started.port}`).replace('~/.local/share/smtp-tui/sandbox/certificate.pem', started.certificate.path);
	const result = await ended(spawn('sh', ['-c', here], {cwd: dir, env: {PATH: `${dir}:${process.env.PATH}`, NO_COLOR: '1'}}));
	return {...result, dir};
}

/** What varies from run to run. */
const normalized = (text: string): string =>
	text
		.replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:PORT')
		.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME')
		.replace(/Message-ID: <[^>]*>/, 'Message-ID: <ID>')
		.replace(/Date: .*/, 'Date: DATE')
		.replace(/valid until [\d-]+ [\d:]+ UTC/, 'valid until DATE')
		.replace(/SHA-256: [\dA-F:]+/, 'SHA-256: FINGERPRINT');

/** Each line of the README's `excerpt` but blanks and `...` is in `printed`, in the same order. */
function expectInOrder(printed: string, excerpt: string) {
	const lines = normalized(printed).split('\n');
	let at = 0;
	for (const line of normalized(excerpt).split('\n').filter(text => text !== '' && text !== '...')) {
		const found = lines.indexOf(line, at);
		expect(found, `"${line}" after line ${at}`).toBeGreaterThanOrEqual(at);
		at = found + 1;
	}
}

describe("README's transcript", () => {
	test('the command it was captured with prints it, line for line', async () => {
		sandbox = await startTestSandbox();
		const result = await run(commands().plain, sandbox);
		expect(result.code, result.stderr).toBe(0);
		expect(normalized(result.stdout)).toBe(normalized(blocks()[0]!));
	});

	test('with STARTTLS, the login and the certificate: the second block, in order', async () => {
		sandbox = await startTestSandbox();
		const result = await run(commands().tls, sandbox);
		expect(result.code, result.stderr).toBe(0);
		expectInOrder(result.stdout, blocks()[1]!);
	});

	test('the Markdown handout of "Transcripts": its start and its end, from the command above it', async () => {
		const transcripts = /\n## Transcripts\n([^]*?)\n## Profiles\n/.exec(readme)?.[1] ?? '';
		const command = /```sh\n(smtp-tui send [^]*?)\n```/.exec(transcripts)?.[1]?.replace(/\\\n\s*/g, '');
		const handout = /````markdown\n([^]*?)````/.exec(transcripts)?.[1];
		if (command === undefined || handout === undefined) throw new Error('no Markdown example in "Transcripts" of README.md');
		sandbox = await startTestSandbox();
		const result = await run(command, sandbox);
		expect(result.code, result.stderr).toBe(0);
		expectInOrder(readFileSync(path.join(result.dir, 'session.md'), 'utf8'), handout);
	});
});
