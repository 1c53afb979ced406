// Files `send` creates hold addresses and message text: private (0600) like --record files; a file the user
// made keeps its mode.
import {chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-modes-'));
const mode = (file: string) => statSync(file).mode & 0o777;
let server: TestSmtpServer;

beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
});

const send = (transcript: string) =>
	runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--to', 'a@example.test', '-q', '--transcript', transcript]);

describe.runIf(process.platform !== 'win32')('file modes', () => {
	it('creates a --transcript file 0600, like --record files', async () => {
		const file = path.join(dir, 'new.txt');
		const result = await send(file);
		expect(result.code, result.stderr).toBe(0);
		expect(readFileSync(file, 'utf8')).toMatch(/^ -> RCPT TO:<a@example\.test>$/m);
		expect(mode(file)).toBe(0o600);
	});

	it('leaves the mode of a --transcript file the user made', async () => {
		const file = path.join(dir, 'shared.txt');
		writeFileSync(file, 'PREVIOUS CONTENTS');
		chmodSync(file, 0o644);
		expect((await send(file)).code).toBe(0);
		expect(readFileSync(file, 'utf8')).not.toContain('PREVIOUS CONTENTS');
		expect(mode(file)).toBe(0o644);
	});
});
