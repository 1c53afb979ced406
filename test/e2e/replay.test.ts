// Record a dashboard session against the sandbox (--record), then replay the file with no server: the replayed
// screen shows the same step rail and the same protocol lines as the recorded one.
import {copyFileSync, existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {describe, expect, test} from 'vitest';
import {exampleFile} from '../../source/ui/examples.js';
import {receivedTexts} from '../helpers/recorded.js';
import {cliPath, confirmStep, KEY, ptySessions, tempDir, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();
const ready = untilKeysWork;

/** The protocol lines the log panel shows: sent and received, without the panel border and the latency. */
function protocolLines(screen: string): string[] {
	return screen
		.split('\n')
		.map(line => /│ ([→←] .*?)\s*│\s*$/.exec(line)?.[1]?.replace(/ \(\d+ ms(?:, recorded)?\)$/, ''))
		.filter((line): line is string => line !== undefined);
}

const rail = (screen: string) => screen.split('\n')[0]!.trim();

describe('record, then replay in the dashboard', () => {
	test('the replayed screen shows the steps and replies of the recording', async () => {
		const file = path.join(tempDir(), 'session.jsonl');
		// Presenter mode: no timestamps, so the two screens can be compared line for line.
		const recording = open({args: ['--presenter', '--record', file]});
		await ready(recording, 'AUTO');
		recording.press(KEY.ctrl('s'));
		// The inbox counts the message before the client reads the 250: wait for the rail too.
		const recorded = await recording.waitFor(screen => /Inbox \(1\)/.test(screen) && /✔ queued/.test(screen), 10_000, 'queued');
		recording.press(KEY.ctrl('c'));
		expect(await recording.waitForExit()).toMatchObject({code: 0});
		const text = readFileSync(file, 'utf8');
		expect(text).toContain('AUTH PLAIN [redacted]');
		expect(text).not.toContain(Buffer.from('\0demo\0demo').toString('base64'));
		// The header names the sandbox's real port, known only once it listened.
		const meta = JSON.parse(text.split('\n')[0]!) as {type: string; host: string; port: number};
		expect(meta).toMatchObject({type: 'meta', host: '127.0.0.1'});
		expect(meta.port).toBeGreaterThan(0);
		expect(recorded).toContain(`127.0.0.1:${meta.port}`);

		const replay = open({args: ['replay', file, '--presenter', '--instant']});
		await ready(replay, 'STEP');
		replay.press(KEY.ctrl('s'));
		// Enter through every recorded command until the one the recorded session ended with: QUIT.
		for (;;) {
			const screen = await replay.waitForText(/about to send: /);
			if (/about to send: QUIT/.test(screen)) break;
			const before = protocolLines(screen).join('\n');
			await confirmStep(replay);
			await replay.waitFor(now => protocolLines(now).join('\n') !== before && /about to send: /.test(now), 10_000, 'the next step');
		}
		const replayed = await replay.waitFor(screen => /✔ queued/.test(screen) && /about to send: QUIT/.test(screen), 10_000, 'queued');
		// The same steps; the replay waits at QUIT, which its rail marks as the current step.
		expect(rail(replayed)).toBe(rail(recorded).replace('○ QUIT', '▸ QUIT'));
		const lines = protocolLines(recorded);
		expect(lines.length).toBeGreaterThan(5);
		// The replay has no inbox panel, so its log may show a few rows more: the recorded lines end it.
		const shown = protocolLines(replayed);
		expect(shown.length).toBeGreaterThanOrEqual(lines.length);
		expect(shown.slice(-lines.length)).toEqual(lines);
	});

	test('a dashboard started again with --record and quit before connecting leaves the earlier recording as it was', async () => {
		/** As the presenter did the next morning: the same command again, from the shell's history, and Ctrl+C. */
		const quitBeforeConnecting = async (file: string) => {
			const session = open({args: ['--record', file]});
			await session.waitForText('recording this session to');
			await ready(session, 'AUTO');
			session.press(KEY.ctrl('c'));
			expect(await session.waitForExit()).toMatchObject({code: 0});
		};
		const file = path.join(tempDir(), 'demo.jsonl');
		copyFileSync(exampleFile('plain-delivery')!, file);
		await quitBeforeConnecting(file);
		expect(readFileSync(file, 'utf8')).toBe(readFileSync(exampleFile('plain-delivery')!, 'utf8'));
		// Nor is a file made for a session that never began.
		const never = path.join(tempDir(), 'never.jsonl');
		await quitBeforeConnecting(never);
		expect(existsSync(never)).toBe(false);
	});

	test('SIGHUP (an SSH drop) while connected: the recording ends with QUIT answered 221, not the sandbox closing first', async () => {
		const file = path.join(tempDir(), 'dropped.jsonl');
		const session = open({args: ['--record', file]});
		await ready(session, 'AUTO');
		session.press(KEY.ctrl('s'));
		await session.waitFor(screen => /Inbox \(1\)/.test(screen) && /✔ queued/.test(screen), 10_000, 'queued');
		session.kill('SIGHUP');
		expect(await session.waitForExit()).toMatchObject({code: 129});
		const received = receivedTexts(file);
		// The reply texts only: a timestamp may well be 421 ms.
		expect(received.at(-1)).toMatch(/^221 /);
		expect(received.join('')).not.toMatch(/(^|\n)421[ -]/);
	});

	test('a bundled example plays by name, and a file that is not a recording is refused with exit 1', async () => {
		const example = open({args: ['replay', 'greylist-retry', '--mode', 'auto', '--instant']});
		await ready(example, 'AUTO');
		example.press(KEY.ctrl('s'));
		await example.waitForText(/end of the recording/);
		expect(example.screenText()).toMatch(/✔ QUIT/);

		// Manual mode cannot talk to a recording: a typed line would get whatever reply came next in the file.
		const manual = open({args: ['replay', 'plain-delivery', '--mode', 'manual', '--instant']});
		await ready(manual, 'MANUAL');
		manual.press('NOOP', KEY.enter);
		await manual.waitForText(/a replay takes no typed lines/);
		expect(manual.screenText()).toMatch(/a line typed by hand was not sent/);
		// Not lost: the line is back in the command line.
		await manual.waitForText(/C: NOOP/);
		expect(manual.screenText()).not.toMatch(/→ NOOP/);

		const wrong = spawnSync(process.execPath, [cliPath, 'replay', cliPath], {encoding: 'utf8', timeout: 10_000});
		expect(wrong.status).toBe(1);
		expect(wrong.stderr).toMatch(/not a JSON object|not an smtp-tui recording/);
	});
});
