// The built CLI run as another user: what a user meets in a folder root left behind, or as a user id with no passwd
// entry. Tests run as root here, and setpriv (util-linux) drops a child to that uid with a clean environment. Not
// root, or no setpriv: the tests that need it fail, saying why, rather than pass without having run.
import {spawn, spawnSync} from 'node:child_process';
import {beforeAll, expect} from 'vitest';
import {KEY, type PtySession} from './pty.js';
import {cliPath, ended, type CliResult} from './run-cli.js';

/** The user id with no passwd entry, and `nobody`, who has one (a home named in a fix such as `sudo chown -R nobody:`). */
export const NO_ACCOUNT = 4242;
export const NOBODY = 65534;

/** For a describe block whose tests run children as other users. */
export function needsRoot(): void {
	beforeAll(() => {
		if (process.getuid?.() !== 0) throw new Error('these tests run the CLI as other users (setpriv), which only root can: run them as root');
		if (spawnSync('setpriv', ['--version']).status !== 0) throw new Error('these tests need setpriv (util-linux) to run the CLI as other users');
	});
}

/** The command line that runs the CLI with `args` as `uid`, with only PATH and `env` in its environment. */
export function asUser(uid: number, args: string[], env: Record<string, string> = {}): [string, string[]] {
	const variables = Object.entries({PATH: process.env.PATH ?? '/usr/bin:/bin', ...env}).map(([name, value]) => `${name}=${value}`);
	return ['setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'env', '-i', ...variables, process.execPath, cliPath, ...args]];
}

/** Runs the CLI as `uid` to the end. */
export function runCliAs(uid: number, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
	const [file, argv] = asUser(uid, args, {NO_COLOR: '1', ...env});
	return ended(spawn(file, argv, {stdio: ['ignore', 'pipe', 'pipe']}));
}

export type ServeChild = {port: number; stdout: () => string; stderr: () => string; stop: () => void};

/** `smtp-tui serve --port 0` started by `[file, args]` (asUser's, or node's), once it says it is ready. */
export async function startServe([file, args]: [string, string[]], env: NodeJS.ProcessEnv = process.env): Promise<ServeChild> {
	const serve = spawn(file, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	serve.stderr.on('data', chunk => (stderr += chunk));
	const port = await new Promise<number>((resolve, reject) => {
		serve.stdout.on('data', chunk => {
			stdout += chunk;
			const listening = /listening on 127\.0\.0\.1:(\d+)/.exec(stdout);
			if (listening && stdout.includes('ready:')) resolve(Number(listening[1]));
		});
		serve.on('close', () => reject(new Error(`serve ended before it was ready: ${stdout}${stderr}`)));
	});
	return {port, stdout: () => stdout, stderr: () => stderr, stop: () => serve.kill()};
}

/** A pseudo-terminal session's program (ptySessions' file and args): the dashboard as `uid`, on a UTF-8 xterm. */
export function sessionAs(uid: number, args: string[] = [], env: Record<string, string> = {}): {file: string; args: string[]} {
	const [file, argv] = asUser(uid, args, {TERM: 'xterm-256color', LC_ALL: 'C.UTF-8', ...env});
	return {file, args: argv};
}

/** An edit in the dashboard of `session` (an x after From), then Ctrl+C: it asks first, saying what is `lost`; the second quits. */
export async function editThenQuit(session: PtySession, lost: string): Promise<void> {
	session.press('x');
	await session.waitForText(/From +you@example\.testx/);
	session.press(KEY.ctrl('c'));
	await session.waitForText(`Ctrl+C again within 3 s quits; edits here are lost: ${lost}`);
	session.press(KEY.ctrl('c'));
	expect(await session.waitForExit()).toMatchObject({code: 0});
}
