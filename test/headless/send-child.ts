// `send` as a child process, for tests that interrupt it: its output as it comes, and its exit. --timeout is long
// on purpose: a stop that waited for a timeout would outlast the test.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {cliPath} from '../helpers/run-cli.js';

/** `send` to 127.0.0.1:PORT; `cleanup` registers the kill that never leaves it running behind a failed test. */
export function sendChild(port: number, extra: string[], cleanup: (cleanup: () => unknown) => void) {
	const child = spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', String(port), '--to', 'a@example.test', '--timeout', '600', ...extra], {stdio: ['ignore', 'pipe', 'pipe']});
	const output = {stdout: '', stderr: ''};
	child.stdout.on('data', chunk => (output.stdout += chunk));
	child.stderr.on('data', chunk => (output.stderr += chunk));
	// 'close', not 'exit': the exit can be seen before the last of the output is read from the pipes.
	const exited = once(child, 'close').then(([code]) => code as number);
	cleanup(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
	return {child, output, exited};
}
