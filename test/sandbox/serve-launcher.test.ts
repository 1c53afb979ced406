// `serve` started by npx, where a script's `kill $!` ends npm (and the shell it ran serve in) but not the server:
// the server notices that its parent went and stops by itself; started any other way it keeps serving when its
// parent goes (setsid, nohup). And README's CI recipe, run as written: the pid of the `ready` line stops the server
// where `$!` is not its process. The built CLI (dist/cli.js) under real shells.
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {RawClient} from './helpers/raw-client.js';
import {waitFor} from './helpers/wait.js';

const tempDir = useTempDirs('serve-launcher');
const started: number[] = [];
afterEach(() => {
	for (const pid of started.splice(0)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone, as it should be.
		}
	}
});

type Line = {type: string; pid?: number; port?: number; message?: string};
// Empty until the shell has made the file.
const linesOf = (file: string): Line[] =>
	(existsSync(file) ? readFileSync(file, 'utf8') : '')
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as Line);

/**
 * `serve --port 0 --json` in the background of a shell that waits for it, as npm's shell does; resolves once it is
 * ready, with the shell to kill, the server's pid from its `ready` line, its port and its output.
 */
async function serveUnderShell(env: NodeJS.ProcessEnv) {
	const dir = await tempDir();
	const out = path.join(dir, 'serve.jsonl');
	const shell = spawn('sh', ['-c', '"$0" "$1" serve --port 0 --json > "$2" 2>&1 & wait', process.execPath, cliPath, out], {
		env: {...process.env, SMTP_TUI_STATE_DIR: dir, npm_lifecycle_event: '', npm_lifecycle_script: '', ...env},
		stdio: 'ignore',
	});
	started.push(shell.pid!);
	const ready = await waitFor(() => linesOf(out).find(line => line.type === 'ready'), 'the ready line', 15_000);
	started.push(ready.pid!);
	const port = linesOf(out).find(line => line.type === 'listening')!.port!;
	return {shell, pid: ready.pid!, port, lines: () => linesOf(out)};
}

describe('serve whose launcher goes away', () => {
	it('started by npx, stops cleanly once its parent has gone; started otherwise, keeps serving', async () => {
		const [npx, plain] = await Promise.all([serveUnderShell({npm_lifecycle_event: 'npx', npm_lifecycle_script: "'smtp-tui' serve --port 0 --json"}), serveUnderShell({})]);
		npx.shell.kill('SIGKILL');
		plain.shell.kill('SIGKILL');
		await waitFor(() => npx.lines().some(line => line.type === 'stopped'), 'the npx server to stop', 10_000);
		expect(npx.lines().map(line => line.type).slice(-3)).toEqual(['warning', 'stopping', 'stopped']);
		expect(npx.lines().at(-3)!.message).toBe('the npx that started this server has ended (it was killed): stopping, as for SIGTERM');

		// The other one, orphaned the same way (setsid, nohup, a shell that exited), still answers.
		const client = await RawClient.connect(plain.port);
		expect((await client.reply()).code).toBe(220);
		client.end();
		process.kill(plain.pid, 'SIGTERM');
		await waitFor(() => plain.lines().some(line => line.type === 'stopped'), 'the other server to stop');
		expect(plain.lines().some(line => line.type === 'warning')).toBe(false);
	});
});

/** Whether a process of that pid still runs (a zombie, left for a container's init to reap, counts as gone). */
function running(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], {encoding: 'utf8'}).stdout.trim();
	return stat !== '' && !stat.startsWith('Z');
}

describe('serve whose output is a pipe, orphaned', () => {
	it('stops once the harness that read its output is killed (a socket pair, as Node spawns it), text or JSON', async () => {
		const dir = await tempDir();
		// The harness: starts serve with its output on a pipe, passes the lines on, and is then killed with SIGKILL.
		const harness = `const {spawn} = require('node:child_process'); const serve = spawn(process.execPath, [${JSON.stringify(cliPath)}, 'serve', '--port', '0', ...process.argv.slice(1)], {stdio: ['ignore', 'pipe', 'inherit']}); serve.stdout.pipe(process.stdout);`;
		const pids = await Promise.all([[], ['--json']].map(async flags => {
			const child = spawn(process.execPath, ['-e', harness, '--', ...flags], {env: {...process.env, SMTP_TUI_STATE_DIR: dir, npm_lifecycle_event: '', npm_lifecycle_script: ''}, stdio: ['ignore', 'pipe', 'ignore']});
			started.push(child.pid!);
			let output = '';
			child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
			// `ready: pid N` as text, `"type":"ready","pid":N` as JSON.
			const pid = Number((await waitFor(() => /ready\D*(\d+)/.exec(output), 'the ready line', 15_000))[1]);
			started.push(pid);
			child.kill('SIGKILL');
			return pid;
		}));
		for (const pid of pids) await waitFor(() => !running(pid), `serve ${pid} to stop`, 10_000);
	});

	it('serves on, saying why, while another process still reads the pipe', async () => {
		const dir = await tempDir();
		const out = path.join(dir, 'serve.jsonl');
		// The shell of a pipeline ends; cat, the pipe's reader, goes on.
		const shell = spawn('sh', ['-c', '"$0" "$1" serve --port 0 --json | cat > "$2"', process.execPath, cliPath, out], {env: {...process.env, SMTP_TUI_STATE_DIR: dir, npm_lifecycle_event: '', npm_lifecycle_script: ''}, stdio: 'ignore'});
		started.push(shell.pid!);
		const ready = await waitFor(() => linesOf(out).find(line => line.type === 'ready'), 'the ready line', 15_000);
		started.push(ready.pid!);
		shell.kill('SIGKILL');
		const warning = await waitFor(() => linesOf(out).find(line => line.type === 'warning'), 'the warning', 10_000);
		expect(warning.message).toBe(`the process that started this server has ended: serving on while this output is read (kill ${ready.pid} stops it)`);
		const client = await RawClient.connect(linesOf(out).find(line => line.type === 'listening')!.port!);
		expect((await client.reply()).code).toBe(220);
		client.end();
		process.kill(ready.pid!, 'SIGTERM');
		await waitFor(() => linesOf(out).some(line => line.type === 'stopped'), 'the server to stop');
	});
});

const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** README's recipe (serve: in a test suite or CI), with `npx smtp-tui` and the test command to fill in. */
function recipe(): string {
	const script = /### serve: in a test suite or CI\n[^]*?```sh\n([^]*?)```/.exec(readme)?.[1];
	if (script === undefined) throw new Error('no recipe in "serve: in a test suite or CI" of README.md');
	return script;
}

describe("README's CI recipe", () => {
	it('starts the server, gives its port and pid, and the pid stops it where $! would not', async () => {
		const dir = await tempDir();
		// As npx, a launcher that is not the server's own process: `kill $!` would end it and leave the server.
		const launcher = path.join(dir, 'smtp-tui');
		writeFileSync(launcher, `#!/bin/sh\n"${process.execPath}" "${cliPath}" "$@"\n`);
		chmodSync(launcher, 0o755);
		// The tests first end $! (the launcher), which leaves the server running: its pid still answers, and a send goes.
		const tests = 'kill $!; wait $! 2>/dev/null || true; kill -0 "$pid"; smtp-tui send --host 127.0.0.1 --port "$port" --no-starttls --from me@example.test --to you@example.test --quiet';
		const script = `set -e\n${recipe().replace('npx smtp-tui', 'smtp-tui').replace('SMTP_PORT=$port npm test', tests)}echo "stopped $pid"\n`;
		const run = spawnSync('bash', ['-c', script], {cwd: dir, env: {...process.env, PATH: `${dir}:${process.env.PATH}`, SMTP_TUI_STATE_DIR: dir}, encoding: 'utf8', timeout: 30_000});
		expect(run.status, run.stderr).toBe(0);
		const lines = linesOf(path.join(dir, 'sandbox.jsonl'));
		const ready = lines.find(line => line.type === 'ready')!;
		expect(run.stdout).toContain(`stopped ${ready.pid}`);
		expect(lines.map(line => line.type)).toEqual(expect.arrayContaining(['accepted', 'stopping', 'stopped']));
	});
});
