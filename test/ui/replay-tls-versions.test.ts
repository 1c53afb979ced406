// The built dashboard with --tls-max 1.1 --record against the sandbox (which refuses TLS 1.1 with alert 80), then
// `smtp-tui replay` of that file: the replay's presenter line gives the live run's next step, naming --tls-max, and
// its connection panel the versions the session allowed; neither offers plain text.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, tempDir, untilKeysWork, type PtySession} from '../helpers/pty.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';

const open = ptySessions();
const startSandbox = sandboxPerTest();

/** The presenter's next-step rows, from "next:" to the row before the panels. */
function nextRows(screen: string): string {
	const lines = screen.split('\n');
	const start = lines.findIndex(line => line.startsWith('next: '));
	const end = lines.findIndex((line, index) => index > start && line.startsWith('┌'));
	return lines.slice(start, end).join(' ');
}

const NEXT = 'next: the server most likely refused TLS 1.1, all that --tls-max 1.1 allows: start smtp-tui again with a higher --tls-max (or without)';

/** Ctrl+S, then the screen once its next step names the flag. */
async function failedHandshake(session: PtySession): Promise<string> {
	session.press(KEY.ctrl('s'));
	return session.waitForText('next: the server most likely refused TLS 1.1');
}

describe('a dashboard recording of a handshake broken off over --tls-max, replayed', () => {
	test('the replay shows the live next step and the allowed versions; no plain-text way in either', async () => {
		const sandbox = await startSandbox();
		const file = path.join(tempDir(), 'tls-max.jsonl');
		const live = open({args: ['--host', '127.0.0.1', '--port', String(sandbox.port), '--ca', sandbox.certificate.path, '--tls-max', '1.1', '--presenter', '--record', file]});
		await untilKeysWork(live);
		const liveScreen = await failedHandshake(live);
		expect(nextRows(liveScreen)).toBe(NEXT);
		live.press(KEY.ctrl('c'));
		await live.waitForExit();
		expect(existsSync(file)).toBe(true);

		const replay = open({args: ['replay', file, '--instant', '--mode', 'auto', '--presenter']});
		await untilKeysWork(replay);
		// Before it plays, the panel says what the recorded session allowed, as the live one did.
		expect(replay.screenText()).toContain('! INSECURE: TLS 1.1 only (--tls-max 1.1)');
		const replayScreen = await failedHandshake(replay);
		expect(nextRows(replayScreen)).toBe(nextRows(liveScreen));
		for (const screen of [liveScreen, replayScreen]) expect(screen).not.toMatch(/security none|without TLS|--no-starttls/);
	});
});
