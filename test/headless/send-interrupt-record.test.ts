// `send --record` interrupted mid-session (Ctrl+C, SIGTERM): the recording ends with the client's drop, in the words
// the transcript said it, so that its replay plays the user's stop, not a server that closed ("not sent" for a
// message that went, a ✖ STARTTLS).
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {parseRecording} from '../../source/session/recording.js';
import {replayNext} from '../../source/session/replay.js';
import {neverAnswerTheMessage, stallStartTls, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {replayOf} from '../session/replay-harness.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {sendChild} from './send-child.js';

const cleanup = cleanupAfterEach();
const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-interrupt-record-'));

/** `send --record` to a server running `script`, interrupted by `signal` once `ready` holds of what the server got and send printed. */
async function interrupted(script: (peer: RawPeer) => Promise<void>, signal: NodeJS.Signals, ready: (received: string, stdout: string) => boolean, extra: string[] = []) {
	const server = await startRawServer(script);
	cleanup(() => server.close());
	const file = path.join(dir, `${signal}-${server.port}.jsonl`);
	const run = sendChild(server.port, ['--record', file, ...extra], cleanup);
	await vi.waitFor(() => expect(ready(server.peers[0]?.received.map(String).join('') ?? '', run.output.stdout)).toBe(true), {timeout: 10_000, interval: 10});
	run.child.kill(signal);
	const code = await run.exited;
	return {code, stdout: run.output.stdout, recording: parseRecording(readFileSync(file, 'utf8'), file)};
}

/**
 * `send` ended with `code`, and its recording with the drop it logged as `line`; played through the driver as
 * `smtp-tui replay` plays it, it is that stop: no failure, no error. Returns the replay's rail.
 */
async function playsAsTheStop(run: Awaited<ReturnType<typeof interrupted>>, code: number, line: string): Promise<Record<string, string>> {
	expect(run.code).toBe(code);
	expect(run.stdout).toContain(line);
	expect(run.recording.events.at(-1)).toEqual({type: 'dropped', t: expect.any(Number), message: line});
	const {driver, server} = replayOf(run.recording);
	cleanup(() => driver.destroy());
	const progress = await replayNext(driver, server);
	expect(progress).toMatchObject({outcome: 'played'});
	expect(progress.failure).toBeUndefined();
	const log = driver.log.entries.map(entry => `${entry.kind} ${entry.text}`);
	expect(log.filter(text => text.startsWith('error'))).toEqual([]);
	expect(log).toContain(`info ${line}`);
	return Object.fromEntries(driver.getSnapshot().steps.map(state => [state.step, state.status]));
}

describe('send --record interrupted mid-session', () => {
	it('Ctrl+C after the whole message went, with no reply to it: the replay plays the stop, not "not sent"', async () => {
		const run = await interrupted(neverAnswerTheMessage, 'SIGINT', received => received.includes('\r\n.\r\n'));
		expect(run.stdout).toContain('interrupted (Ctrl+C): the whole message was sent, but no reply to it came');
		const rail = await playsAsTheStop(run, 130, 'interrupted (Ctrl+C): the connection is dropped without QUIT');
		expect(rail).toMatchObject({message: 'done'});
		expect(rail.queued).not.toBe('failed');
	});

	it('SIGTERM during a STARTTLS handshake: the replay plays the stop there, not a failed STARTTLS', async () => {
		const run = await interrupted(stallStartTls, 'SIGTERM', (_received, stdout) => stdout.includes('220 go ahead'), ['--insecure']);
		expect(await playsAsTheStop(run, 143, 'interrupted (SIGTERM): the connection is dropped without QUIT')).toMatchObject({starttls: 'skipped'});
	});
});
