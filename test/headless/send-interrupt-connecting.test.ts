// `send` interrupted before the connection is made (a host that drops the SYN, a port that never answers the TLS
// handshake): it stops the attempt and exits at once with its interrupt code, saying how far the attempt got. --timeout is long on purpose: an
// attempt left to run to it would outlast the test.
import {describe, expect, it, vi} from 'vitest';
import {startRawServer} from '../helpers/raw-server.js';
import {cleanupAfterEach, stalledListener} from '../transport/harness.js';
import {sendChild} from './send-child.js';

const cleanup = cleanupAfterEach();

const send = (port: number, extra: string[] = []) => sendChild(port, extra, cleanup);

/** `send` to a host that drops the SYN, sent `signal` once it says it is connecting. */
async function interruptedWhileSynUnanswered(signal: NodeJS.Signals) {
	const stalled = await stalledListener();
	cleanup(stalled.stop);
	const run = send(stalled.port);
	await vi.waitFor(() => expect(run.output.stdout).toMatch(/^=== connecting to 127\.0\.0\.1:\d+/m), {timeout: 10_000});
	run.child.kill(signal);
	return run;
}

/** `send --tls` to a server that accepts the connection and says nothing, sent `signal` once it is connected. */
async function interruptedInHandshake(signal: NodeJS.Signals, extra: string[]) {
	const silent = await startRawServer(async peer => peer.closed());
	cleanup(() => silent.close());
	const run = send(silent.port, extra);
	await vi.waitFor(() => expect(silent.peers).toHaveLength(1), {timeout: 10_000});
	run.child.kill(signal);
	return {silent, run};
}

describe('send interrupted while connecting', () => {
	it('Ctrl+C while the SYN goes unanswered: the attempt is stopped, no timeout follows, exit 130', async () => {
		const run = await interruptedWhileSynUnanswered('SIGINT');
		expect(await run.exited).toBe(130);
		expect(run.output.stdout).toContain('=== interrupted (Ctrl+C): the connection attempt is stopped');
		expect(run.output.stdout).toMatch(/^\*\*\* interrupted \(Ctrl\+C\): the message was not sent$/m);
		expect(run.output.stdout).not.toMatch(/no answer|within/);
	});

	it('SIGTERM while an implicit-TLS handshake stalls (--tls): stopped at once, exit 143, the --json result says interrupted', async () => {
		const {run} = await interruptedInHandshake('SIGTERM', ['--tls', '--json']);
		expect(await run.exited).toBe(143);
		expect(JSON.parse(run.output.stdout.trim().split('\n').at(-1)!)).toMatchObject({type: 'result', ok: false, exitCode: 143, stage: 'interrupted', message: 'interrupted (SIGTERM): the message was not sent'});
		expect(run.output.stderr).toBe('');
	});

	it('Ctrl+C during the implicit-TLS handshake says the TCP connection was made (a firewall would not have let it)', async () => {
		const {silent, run} = await interruptedInHandshake('SIGINT', ['--tls', '--insecure']);
		expect(await run.exited).toBe(130);
		expect(run.output.stdout).toContain(`=== stopped by the user during the TLS handshake: connected to 127.0.0.1:${silent.port}, but the handshake had not finished`);
		expect(run.output.stdout).not.toContain('no connection was made');
	});

	it('SIGHUP (the terminal closed) is no stop of the user\'s, and the log says so', async () => {
		const run = await interruptedWhileSynUnanswered('SIGHUP');
		expect(await run.exited).toBe(129);
		expect(run.output.stdout).toContain('=== stopped as the terminal closed (SIGHUP) while connecting: no connection was made');
		expect(run.output.stdout).not.toContain('by the user');
	});
});
