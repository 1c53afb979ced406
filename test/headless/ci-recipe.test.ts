// README's GitHub Actions step, read from the README and run as written under GitHub's shell (bash -e -o pipefail):
// `npx smtp-tui` is the built CLI, `npm test` an app that sends its welcome mail to $SMTP_PORT. The step must pass
// when the mail comes, and fail (exit 2, from inbox --wait) when it does not. Its recipe that follows the link in the
// app's mail is run as written too, against a real serve and a page of the app's that records what was asked of it.
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import nodemailer from 'nodemailer';
import {describe, expect, it} from 'vitest';
import {cliPath, ended} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {appPage} from '../helpers/app-page.js';
import {startServe} from '../sandbox/helpers/serve-in-process.js';

const tempDir = useTempDirs('ci-recipe');
const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** The `run: |` script of the README's GitHub Actions step, unindented. */
function githubStep(): string {
	const block = /\*\*A GitHub Actions step\*\*[^]*?```yaml\n([^]*?)```/.exec(readme)?.[1];
	if (block === undefined) throw new Error('no GitHub Actions step in README.md');
	const lines = block.split('\n');
	const body = lines.slice(lines.findIndex(line => line.trim() === 'run: |') + 1).filter(line => line.trim() !== '');
	const indent = /^ */.exec(body[0]!)![0].length;
	return `${body.map(line => line.slice(indent)).join('\n')}\n`;
}

/**
 * A folder with `npx` (running the built CLI, or `npx` as given) and `npm` (whose `test` sends `subject`, or
 * nothing) first in PATH.
 */
function runStep(dir: string, subject: string | undefined, npx = `[ "$1" = smtp-tui ] && shift\nexec "${process.execPath}" "${cliPath}" "$@"`) {
	const tool = (name: string, script: string) => {
		writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`);
		chmodSync(path.join(dir, name), 0o755);
	};
	tool('npx', npx);
	const send = `"${process.execPath}" "${cliPath}" send --host 127.0.0.1 --port "$SMTP_PORT" --no-starttls --from app@example.test --to you@example.test --subject "${subject}" --quiet`;
	tool('npm', subject === undefined ? 'true' : send);
	const script = githubStep().replace('--timeout 30', '--timeout 1');
	return spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], {
		cwd: dir,
		env: {...process.env, PATH: `${dir}:${process.env.PATH}`, SMTP_TUI_STATE_DIR: dir, NO_COLOR: '1'},
		encoding: 'utf8',
		timeout: 60_000,
	});
}

/** The server the step started has stopped (its `stopped` line), whatever became of the step. */
function serverStopped(dir: string): boolean {
	const lines = readFileSync(path.join(dir, 'sandbox.jsonl'), 'utf8').trimEnd().split('\n');
	return lines.some(line => line.startsWith('{') && (JSON.parse(line) as {type: string}).type === 'stopped');
}

/** Stops the server a failed step left running, by the pid of its `ready` line, as the runner would with the job. */
async function stopServer(dir: string): Promise<void> {
	const pid = (JSON.parse(readFileSync(path.join(dir, 'sandbox.jsonl'), 'utf8').split('\n').find(line => line.includes('"ready"'))!) as {pid: number}).pid;
	process.kill(pid, 'SIGTERM');
	await expect.poll(() => serverStopped(dir), {timeout: 10_000}).toBe(true);
}

describe("README's GitHub Actions step", () => {
	it('passes when the app sends its mail, reading it from inbox --wait, and stops the server', async () => {
		const dir = await tempDir();
		const run = runStep(dir, 'Welcome');
		expect(run.status, run.stderr).toBe(0);
		const message = JSON.parse(readFileSync(path.join(dir, 'mail.jsonl'), 'utf8')) as Record<string, unknown>;
		expect(message).toMatchObject({type: 'message', id: 1, subject: 'Welcome', to: ['you@example.test']});
		// `kill "$pid"` returns at once: the server's stop is waited for, not timed.
		await expect.poll(() => serverStopped(dir), {timeout: 10_000}).toBe(true);
	});

	it('fails when the app sent nothing: inbox --wait exits 2, saying why in its JSON', async () => {
		const dir = await tempDir();
		const run = runStep(dir, undefined);
		expect(run.status).toBe(2);
		// With --json the reason is a JSON line: tee shows it in the job's log, and pipefail passes on its exit code.
		const reason = {type: 'error', exitCode: 2, message: `0 messages in ${path.join(dir, 'mail')} after 1 s, waiting for 1`};
		expect(JSON.parse(run.stdout)).toMatchObject(reason);
		expect(JSON.parse(readFileSync(path.join(dir, 'mail.jsonl'), 'utf8'))).toMatchObject(reason);
		// The step failed before its kill: on GitHub the runner ends the server with the job; here the test does.
		await stopServer(dir);
	});

	it("fails when the app sent nothing, though an earlier run's mail is still in the folder", async () => {
		const dir = await tempDir();
		expect(runStep(dir, 'Welcome').status).toBe(0);
		await expect.poll(() => serverStopped(dir), {timeout: 10_000}).toBe(true);
		// The same workspace again (a self-hosted runner, the step run again by hand): the old Welcome must not count.
		const again = runStep(dir, undefined);
		expect(again.status).toBe(2);
		expect(JSON.parse(again.stdout)).toMatchObject({type: 'error', exitCode: 2, message: `0 messages in ${path.join(dir, 'mail')} after 1 s, waiting for 1`});
		await stopServer(dir);
	});

	it("empties the folder and the server's log of an earlier run before starting the server", () => {
		// The `until grep` loop runs while the background job's `>` may not have emptied sandbox.jsonl yet: an earlier
		// run's file would give it that run's ready line, then no pid or the old port (a flaky exit 1 seen in CI).
		const lines = githubStep().split('\n');
		const start = lines.findIndex(line => line.includes('> sandbox.jsonl'));
		const removal = lines.findIndex(line => /^rm -rf\b/.test(line) && line.split(/\s+/).includes('sandbox.jsonl') && line.split(/\s+/).includes('mail'));
		expect(removal).toBeGreaterThanOrEqual(0);
		expect(removal).toBeLessThan(start);
	});

	it('fails at once, with what npx said, when npx cannot run the server (not installed, say)', async () => {
		const dir = await tempDir();
		const run = runStep(dir, 'Welcome', 'echo "npm error 404 Not Found - GET https://registry.npmjs.org/smtp-tui" >&2\nexit 1');
		expect(run.status).toBe(1);
		expect(run.stdout).toBe('npm error 404 Not Found - GET https://registry.npmjs.org/smtp-tui\n');
	});

	it("passes over npm's warnings in the server's file (its stderr goes there too)", async () => {
		const dir = await tempDir();
		const run = runStep(dir, 'Welcome', `echo "npm warn exec The following package was not found and will be installed: smtp-tui" >&2\n[ "$1" = smtp-tui ] && shift\nexec "${process.execPath}" "${cliPath}" "$@"`);
		expect(run.status, run.stderr).toBe(0);
		await expect.poll(() => serverStopped(dir), {timeout: 10_000}).toBe(true);
	});
});

/** README's recipe that follows the link in the app's mail, and its one-time code command. */
function linkRecipe(): {script: string; code: string} {
	const script = /\*\*Following the link in the app's mail\*\*[^]*?```sh\n([^]*?)```/.exec(readme)?.[1];
	const code = /A one-time code is in `text`: `([^`]+)`/.exec(readme)?.[1];
	if (script === undefined || code === undefined) throw new Error("no recipe following the app's link in README.md");
	return {script, code};
}

describe("README's recipe that follows the link in the app's mail", () => {
	/** The recipe under GitHub's shell, after a serve saving to ./mail got what `send` sent. */
	async function follow(send: (port: number) => Promise<unknown>, timeout = '30') {
		const dir = await tempDir();
		const served = await startServe({saveDir: path.join(dir, 'mail'), starttls: false});
		await send(served.port);
		writeFileSync(path.join(dir, 'npx'), `#!/bin/sh\n[ "$1" = smtp-tui ] && shift\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
		chmodSync(path.join(dir, 'npx'), 0o755);
		const {script, code} = linkRecipe();
		// Not spawnSync: the app's page, in this process, answers curl meanwhile.
		const bash = (text: string) => ended(spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', text], {cwd: dir, env: {...process.env, PATH: `${dir}:${process.env.PATH}`, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']}));
		const run = await bash(script.replace('--timeout 30', `--timeout ${timeout}`));
		await served.stop();
		return {run, code: await bash(code)};
	}

	it('curls the reset link of an HTML mail, whole though quoted-printable broke it, &amp; read as &, and gets its code', async () => {
		const page = await appPage();
		const token = 'f3a9'.repeat(30);
		const {run, code} = await follow(port => {
			const app = nodemailer.createTransport({host: '127.0.0.1', port, secure: false, ignoreTLS: true});
			return app
				.sendMail({from: 'app@example.test', to: 'anna@example.test', subject: 'Welcome', text: `Start at ${page.base}/start`})
				.then(() =>
					app.sendMail({
						from: 'app@example.test',
						to: 'anna@example.test',
						subject: 'Reset your password',
						text: `Your code is 482913.\n${page.base}/help`,
						html: `<p>Your code is 482913.</p><a href="${page.base}/reset/${token}?user=42&amp;via=mail">Reset it</a> <a href="${page.base}/help">Help</a>`,
						textEncoding: 'quoted-printable',
					}),
				);
		});
		page.close();
		expect(run.code, run.stderr).toBe(0);
		expect(page.requests).toEqual([`/reset/${token}?user=42&via=mail`]);
		expect(code).toMatchObject({code: 0, stdout: '482913\n'});
	});

	it('fails the step when no mail with a reset link came, and curls nothing', async () => {
		const page = await appPage();
		const {run} = await follow(port => nodemailer.createTransport({host: '127.0.0.1', port, secure: false, ignoreTLS: true}).sendMail({from: 'app@example.test', to: 'anna@example.test', subject: 'Welcome', text: `Start at ${page.base}/start`}), '1');
		page.close();
		expect(run.code).toBe(2);
		expect(JSON.parse(run.stdout)).toMatchObject({type: 'error', exitCode: 2, message: expect.stringMatching(/^0 messages matching "\/reset\/" \(of 1\)/)});
		expect(page.requests).toEqual([]);
	});
});
