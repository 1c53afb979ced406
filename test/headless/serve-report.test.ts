// `serve` with a send that asks NOTIFY=SUCCESS: the sandbox's delivery report is a message like any other, saved
// with --save-dir, and its `report` event (JSON) or log line says it was generated for which message.
// Runs the built CLI for both sides, against a real port and folder.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {waitFor} from '../sandbox/helpers/wait.js';

const tempDir = useTempDirs('serve-report');

describe('serve: the delivery report for NOTIFY=SUCCESS', () => {
	it('--json: a report event naming the message it reports on, and the report saved as the next message', async () => {
		const [stateDir, saveDir] = [await tempDir(), await tempDir()];
		const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json', '--save-dir', saveDir], {env: {...process.env, SMTP_TUI_STATE_DIR: stateDir}, stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		const lines = () => out.split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, unknown>);
		try {
			const {port} = (await waitFor(() => lines().find(line => line['type'] === 'listening'), 'the listening line', 15_000)) as {port: number};
			const sent = await runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--dsn-notify', 'SUCCESS', '--dsn-envid', 'run 42']);
			expect(sent.code, sent.stdout).toBe(0);
			const report = await waitFor(() => lines().find(line => line['type'] === 'report'), 'the report event');
			expect(report).toEqual({type: 'report', session: 1, time: expect.any(String), remote: expect.stringMatching(/^127\.0\.0\.1:\d+$/), id: 2, message: 1, to: 'me@example.test', recipients: ['you@example.test'], path: path.join(saveDir, '2.eml')});
			expect(existsSync(path.join(saveDir, '2.json'))).toBe(true);
		} finally {
			child.kill('SIGTERM');
			await once(child, 'close');
		}
		// The stop line counts the client's message; the report is the sandbox's own.
		expect(lines().at(-1)).toMatchObject({type: 'stopped', messages: 1});
	});

	it('serve --help says it', async () => {
		const help = await runCli(['serve', '--help']);
		// Wrapped at 80 columns when piped: the words, not the lines.
		expect(help.stdout.replace(/\s+/g, ' ')).toContain('A recipient with NOTIFY=SUCCESS (DSN) gets a delivery report: kept as the next message, from <> to the sender');
	});
});
