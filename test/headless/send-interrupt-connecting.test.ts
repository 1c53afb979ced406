// `send` interrupted before the connection is made (a host that drops the SYN, a port that never answers the TLS
// handshake): it stops the attempt and exits at once with its interrupt code. --timeout is long on purpose: an
// attempt left to run to it would outlast the test.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {describe, expect, it, vi} from 'vitest';
import {startRawServer} from '../helpers/raw-server.js';
import {cliPath} from '../helpers/run-cli.js';
import {cleanupAfterEach, stalledListener} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

/** `send` to 127.0.0.1:PORT, its output as it comes, and its exit. */
function send(port: number, extra: string[] = []) {
	const child = spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', String(port), '--to', 'a@example.test', '--timeout', '600', ...extra], {stdio: ['ignore', 'pipe', 'pipe']});
	const output = {stdout: '', stderr: ''};
	child.stdout.on('data', chunk => (output.stdout += chunk));
	child.stderr.on('data', chunk => (output.stderr += chunk));
	const exited = once(child, 'exit').then(([code]) => code as number);
	// Never left running behind a failed test for the whole --timeout.
	cleanup(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
	return {child, output, exited};
}

describe('send interrupted while connecting', () => {
	it('Ctrl+C while the SYN goes unanswered: the attempt is stopped, no timeout follows, exit 130', async () => {
		const stalled = await stalledListener();
		cleanup(stalled.stop);
		const run = send(stalled.port);
		await vi.waitFor(() => expect(run.output.stdout).toMatch(/^=== connecting to 127\.0\.0\.1:\d+/m), {timeout: 10_000});
		run.child.kill('SIGINT');
		expect(await run.exited).toBe(130);
		expect(run.output.stdout).toContain('=== interrupted (Ctrl+C): the connection attempt is stopped');
		expect(run.output.stdout).toMatch(/^\*\*\* interrupted \(Ctrl\+C\): the message was not sent$/m);
		expect(run.output.stdout).not.toMatch(/no answer|within/);
	});

	it('SIGTERM while an implicit-TLS handshake stalls (--tls): stopped at once, exit 143, the --json result says interrupted', async () => {
		const silent = await startRawServer(async peer => peer.closed());
		cleanup(() => silent.close());
		const run = send(silent.port, ['--tls', '--json']);
		await vi.waitFor(() => expect(silent.peers).toHaveLength(1), {timeout: 10_000});
		run.child.kill('SIGTERM');
		expect(await run.exited).toBe(143);
		expect(JSON.parse(run.output.stdout.trim().split('\n').at(-1)!)).toMatchObject({type: 'result', ok: false, exitCode: 143, stage: 'interrupted', message: 'interrupted (SIGTERM): the message was not sent'});
		expect(run.output.stderr).toBe('');
	});
});
