// Two runs of the built CLI given one --record FILE at once (two CI jobs in one workspace, two panes): the file
// ends up one whole recording, the first's, and the other run says so, instead of both interleaving.
import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {cleanupTemp, tempDir} from '../helpers/pty.js';
import {startRawServer, takeOneMessage, type RawPeer, type RawServer} from '../helpers/raw-server.js';
import {cliNode, cliPath, ended, runCli} from '../helpers/run-cli.js';

let server: RawServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
	cleanupTemp();
});

describe('two runs recording to one file', () => {
	test('the second, started while the first records, records nothing and says so; the first\'s stays whole', async () => {
		let heldAtMail!: () => void;
		const firstAtMail = new Promise<void>(resolve => (heldAtMail = resolve));
		let release!: () => void;
		const released = new Promise<void>(resolve => (release = resolve));
		let connections = 0;
		// The first client is held before its MAIL is answered, until the second has sent its message and gone.
		server = await startRawServer(async (peer: RawPeer) => {
			const first = ++connections === 1;
			await takeOneMessage(peer, async command => {
				if (!first || !command.startsWith('MAIL')) return;
				heldAtMail();
				await released;
			});
		});
		const dir = tempDir();
		const file = path.join(dir, 'session.jsonl');
		const env = {SMTP_TUI_STATE_DIR: dir, SMTP_TUI_CONFIG_DIR: dir};
		const send = (to: string) => ['send', '--host', '127.0.0.1', '--port', String(server!.port), '--no-starttls', '--from', 'ci@example.test', '--to', to, '--record', file];
		const firstChild = spawn(cliNode, [cliPath, ...send('first@example.test')], {env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']});
		const firstPid = firstChild.pid;
		const first = ended(firstChild);
		await firstAtMail;
		const second = await runCli(send('second@example.test'), {env});
		expect(second.code).toBe(0);
		release();
		const firstResult = await first;

		// Both messages went: the recording is a copy, and the session goes on without it.
		expect(firstResult.code).toBe(0);
		// Said in the transcript, where the session's lines go: by the second, which ended first (it could not
		// have seen the first write over its lines after it ended).
		expect(second.stdout).toContain(`=== warning: --record: cannot write ${file}: another run records to it (pid ${firstPid}), as ${file}.lock says: delete that if no run does; the recording stops here, and the file is left to the other run (give each run a --record file of its own), the session goes on`);
		expect(firstResult.stdout).not.toContain('--record');
		// The file is the first run's recording, whole: every line JSON, and it plays to its end; its lock is gone.
		const text = readFileSync(file, 'utf8');
		expect(text).not.toContain('\0');
		for (const line of text.trimEnd().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
		expect(text).toContain('first@example.test');
		expect(text).not.toContain('second@example.test');
		expect(existsSync(`${file}.lock`)).toBe(false);
		const played = await runCli(['replay', '--print', file], {env});
		expect(played.stderr).toBe('');
		expect(played.code).toBe(0);
		expect(played.stdout).toContain('250 queued');
	});
});
