// Runs `serve` in a child process: bundles serve-entry.ts once (dependencies stay in node_modules).
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, renameSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {waitFor} from './wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundle = path.join(root, 'node_modules/.cache/smtp-tui-tests/serve-entry.mjs');
let built: Promise<unknown> | undefined;
const running = new Set<ChildProcess>();

/**
 * Bundles serve-entry.ts beside node_modules (its dependencies stay there). Written whole under another name, then
 * renamed: the test files of another worker may be starting the bundle while this one writes it.
 */
async function bundleServeEntry(): Promise<void> {
	const {outputFiles} = await build({
		entryPoints: [path.join(root, 'test/sandbox/helpers/serve-entry.ts')],
		outfile: bundle,
		write: false,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		logLevel: 'warning',
	});
	const partial = `${bundle}.${process.pid}`;
	mkdirSync(path.dirname(bundle), {recursive: true});
	writeFileSync(partial, outputFiles[0]!.contents);
	renameSync(partial, bundle);
}

/** Kills whatever a failed test left running. */
export function killLeftovers(): void {
	for (const child of running) child.kill('SIGKILL');
	running.clear();
}

export type ServeProcess = {
	child: ChildProcess;
	port: number;
	stdout(): string;
	stderr(): string;
	exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
};

/**
 * `maxFileBytes`: no file the server writes grows beyond it (POSIX `ulimit -f`, in 512-byte blocks): a write past
 * it fails with EFBIG, as one on a full disk fails with ENOSPC.
 */
export async function spawnServe(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, {maxFileBytes}: {maxFileBytes?: number} = {}): Promise<ServeProcess> {
	built ??= bundleServeEntry();
	await built;
	// The certificate goes to a throw-away data folder, not the user's.
	const xdg = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-serve-xdg-'));
	const command = [process.execPath, bundle, JSON.stringify({port: '0', ...flags})];
	if (maxFileBytes !== undefined) command.unshift('sh', '-c', `ulimit -f ${Math.ceil(maxFileBytes / 512)} && exec "$0" "$@"`);
	const child = spawn(command[0]!, command.slice(1), {
		env: {...process.env, XDG_DATA_HOME: xdg, NO_COLOR: '1', ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	child.on('exit', () => running.delete(child));
	let out = '';
	let err = '';
	child.stdout!.on('data', chunk => (out += chunk));
	child.stderr!.on('data', chunk => (err += chunk));
	// 'close', not 'exit': the exit can be seen before the last of the output is read from the pipes.
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => child.on('close', (code, signal) => resolve({code, signal})));
	const match = await waitFor(() => /^listening on [\d.]+:(\d+)/m.exec(out) ?? (child.exitCode !== null ? new Error(err) : undefined), 'serve to listen', 15_000);
	if (match instanceof Error) throw match;
	return {child, port: Number(match[1]), stdout: () => out, stderr: () => err, exited};
}
