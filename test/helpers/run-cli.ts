// Runs the built CLI (dist/cli.js) as a child process, as users do. `npm test` builds it first.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import type {Readable, Writable} from 'node:stream';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const cliPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

/**
 * The Node that runs the built CLI: the test runner's own, or the one SMTP_TUI_TEST_NODE names (a path), to try the CLI
 * on another version, such as the oldest that engines admits, which vitest itself cannot run on.
 */
export const cliNode = process.env.SMTP_TUI_TEST_NODE || process.execPath;

export type CliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

export function runCli(args: string[], options: {input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string} = {}): Promise<CliResult> {
	const child = spawn(cliNode, [cliPath, ...args], {
		env: {...process.env, NO_COLOR: '1', ...options.env},
		cwd: options.cwd,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	child.stdin.end(options.input);
	return ended(child);
}

/** What a child with piped output wrote, once it has ended. */
export function ended(child: ChildProcessByStdio<Writable | null, Readable, Readable>): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
}
