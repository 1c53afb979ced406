// `send` interrupted before the connection is made (a host that drops the SYN, a port that never answers the TLS
// handshake): it stops the attempt and exits at once with its interrupt code. --timeout is long on purpose: an
// attempt left to run to it would outlast the test.
import {describe, expect, it, vi} from 'vitest';
import {startRawServer} from '../helpers/raw-server.js';
import {cleanupAfterEach, stalledListener} from '../transport/harness.js';
import {sendChild} from './send-child.js';

const cleanup = cleanupAfterEach();

const send = (port: number, extra: string[] = []) => sendChild(port, extra, cleanup);

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
