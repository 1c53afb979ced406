// `send --quit-after STEP` cut short by a signal before its stop was reached is interrupted, exactly as without
// --quit-after: exit 128 + the signal and "interrupted (…)", never exit 0 and "every recipient was accepted" for a
// recipient the server never answered. Real child processes of dist/cli.js against a raw server that never answers.
import {describe, expect, it, vi} from 'vitest';
import {greetAndEhlo, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {sendChild} from './send-child.js';

const cleanup = cleanupAfterEach();

/** Greets, accepts MAIL, and never answers RCPT. */
async function neverAnswerRcpt(peer: RawPeer): Promise<void> {
	await greetAndEhlo(peer, []);
	await peer.readLine();
	peer.write('250 ok\r\n');
	await peer.readLine();
	await peer.closed();
}

/** Greets never. */
async function neverGreet(peer: RawPeer): Promise<void> {
	await peer.closed();
}

/** `send --no-starttls` with `extra` to a server running `script`, sent `signal` once `ready` holds of what the server got. */
async function interrupted(script: (peer: RawPeer) => Promise<void>, signal: NodeJS.Signals, ready: (received: string) => boolean, extra: string[]) {
	const server = await startRawServer(script);
	cleanup(() => server.close());
	const run = sendChild(server.port, ['--no-starttls', ...extra], cleanup);
	await vi.waitFor(() => expect(ready(server.peers[0]?.received.map(String).join('') ?? '')).toBe(true), {timeout: 10_000, interval: 10});
	run.child.kill(signal);
	return {code: await run.exited, stdout: run.output.stdout};
}

const atRcpt = (received: string) => received.includes('RCPT TO:');

describe('send --quit-after interrupted before its stop', () => {
	it.each([
		['SIGTERM', 143, 'SIGTERM'],
		['SIGINT', 130, 'Ctrl+C'],
		['SIGHUP', 129, 'SIGHUP'],
	] as const)('--quit-after rcpt, %s while RCPT awaits its reply: exit %i and "interrupted", as without --quit-after', async (signal, code, name) => {
		const plain = await interrupted(neverAnswerRcpt, signal, atRcpt, []);
		const run = await interrupted(neverAnswerRcpt, signal, atRcpt, ['--quit-after', 'rcpt']);
		expect(plain.code).toBe(code);
		expect(run.code, run.stdout).toBe(code);
		expect(run.stdout).toContain(`*** interrupted (${name}): the message was not sent`);
		expect(run.stdout).not.toContain('every recipient was accepted');
		expect(run.stdout).not.toContain('stopped after');
		const said = (stdout: string) => stdout.split('\n').filter(line => line.includes('interrupted') || line.includes('stopped'));
		expect(said(run.stdout)).toEqual(said(plain.stdout));
	});

	it('--json: the result line says interrupted, ok false, exit 143', async () => {
		const run = await interrupted(neverAnswerRcpt, 'SIGTERM', atRcpt, ['--quit-after', 'rcpt', '--json']);
		expect(run.code).toBe(143);
		const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
		expect(result).toMatchObject({type: 'result', ok: false, exitCode: 143, message: 'interrupted (SIGTERM): the message was not sent'});
	});

	it('--quit-after greeting, SIGTERM while the greeting is awaited: exit 143, interrupted', async () => {
		const server = await startRawServer(neverGreet);
		cleanup(() => server.close());
		const run = sendChild(server.port, ['--no-starttls', '--quit-after', 'greeting'], cleanup);
		await vi.waitFor(() => expect(server.peers.length).toBe(1), {timeout: 10_000, interval: 10});
		// Connected (the child says so) before the signal: a stop while the greeting is awaited, not while connecting.
		await vi.waitFor(() => expect(run.output.stdout).toContain('connected'), {timeout: 10_000, interval: 10});
		run.child.kill('SIGTERM');
		expect(await run.exited).toBe(143);
		expect(run.output.stdout).toContain('*** interrupted (SIGTERM): the message was not sent');
	});

	it('reached before the signal, the stop stands: QUIT answered, exit 0 as before', async () => {
		const server = await startRawServer(async peer => {
			await greetAndEhlo(peer, []);
			for (const reply of ['250 ok', '250 ok', '221 bye']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			peer.end();
		});
		cleanup(() => server.close());
		const run = sendChild(server.port, ['--no-starttls', '--quit-after', 'rcpt'], cleanup);
		expect(await run.exited).toBe(0);
		expect(run.output.stdout).toContain('=== stopped after RCPT (--quit-after): nothing was sent; every recipient was accepted');
	});
});
