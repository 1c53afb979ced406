// `serve --json` that cannot start: the JSON error line alone (hint included), nothing on stderr, exit 1, so that
// `smtp-tui serve --json 2>&1 | jq` reads JSON only. Runs the built CLI against real ports and folders.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('serve-json');
let taken: net.Server;
let takenPort: number;
/** A fresh data folder per run: the certificate is made there, never in the real one. */
let stateDir: string;

beforeAll(async () => {
	taken = net.createServer();
	await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
	takenPort = (taken.address() as net.AddressInfo).port;
	stateDir = await tempDir();
});
afterAll(async () => {
	await new Promise<void>(resolve => taken.close(() => resolve()));
});

const serve = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['serve', ...args], {env: {SMTP_TUI_STATE_DIR: stateDir, ...env}});

/** The one JSON line of a failed start; nothing else anywhere. */
async function failedStart(args: string[], env?: NodeJS.ProcessEnv) {
	const result = await serve([...args, '--json'], env);
	expect(result.code).toBe(1);
	expect(result.stderr).toBe('');
	const lines = result.stdout.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	return JSON.parse(lines[0]!) as {type: string; exitCode: number; message: string; hint?: string};
}

describe('serve --json: a failed start is one JSON line, with its hint as a field', () => {
	it('the port is taken', async () => {
		expect(await failedStart(['--port', String(takenPort)])).toEqual({
			type: 'error',
			exitCode: 1,
			message: `cannot listen on 127.0.0.1:${takenPort}: the port is already in use`,
			hint: 'another sandbox may be running there; --port 0 picks a free port',
		});
		// Without --json: the text and the hint on stderr, nothing on stdout.
		const text = await serve(['--port', String(takenPort)]);
		expect(text.code).toBe(1);
		expect(text.stdout).toBe('');
		expect(text.stderr).toBe(`smtp-tui: cannot listen on 127.0.0.1:${takenPort}: the port is already in use\nhint: another sandbox may be running there; --port 0 picks a free port\n`);
	});

	it('--save-dir cannot be made (a file is in the way)', async () => {
		const file = path.join(await tempDir(), 'file');
		writeFileSync(file, '');
		expect(await failedStart(['--port', '0', '--save-dir', path.join(file, 'mail')])).toMatchObject({message: `cannot write to ${file}: a file is in the way`, hint: expect.stringMatching(/must be writable/)});
	});

	it('--listen on an address that is not on this machine', async () => {
		// TEST-NET-1 (RFC 5737): never assigned to a host.
		expect(await failedStart(['--port', '0', '--listen', '192.0.2.55'])).toMatchObject({message: 'cannot listen on 192.0.2.55: that address is not on this machine', hint: 'use 127.0.0.1, or 0.0.0.0 for every interface'});
	});

});

describe('serve --json: a data folder that cannot be written', () => {
	it('starts all the same, its certificate for this run only: said in the certificate line and a warning, no file named', async () => {
		const file = path.join(await tempDir(), 'state');
		writeFileSync(file, '');
		const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json'], {env: {...process.env, SMTP_TUI_STATE_DIR: file}, stdio: ['ignore', 'pipe', 'pipe']});
		const lines: Array<Record<string, unknown>> = [];
		for await (const line of createInterface({input: child.stdout!})) {
			lines.push(JSON.parse(line) as Record<string, unknown>);
			if (lines.at(-1)!.type === 'auth') break;
		}
		child.kill('SIGTERM');
		await once(child, 'exit');
		const certificate = lines.find(line => line.type === 'certificate');
		expect(certificate).toMatchObject({fingerprint256: expect.stringMatching(/^[0-9A-F:]+$/), notKept: expect.stringMatching(/^ENOTDIR/)});
		expect(certificate).not.toHaveProperty('path');
		expect(lines).toContainEqual({type: 'warning', message: expect.stringMatching(/^the certificate could not be kept \(ENOTDIR.*there is no file to give clients as --ca/)});
	});
});
