// `serve --proxy`: the sandbox behind a pretend load balancer. The built CLI both ways: send --proxy claims a client
// address, and serve's log shows it; a v2 header, which smtp-server cannot read, is refused and send says why.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {once} from 'node:events';
import {createInterface, type Interface} from 'node:readline';
import type {Readable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('serve-proxy');
let child: ChildProcessByStdio<null, Readable, Readable>;
let lines: Interface;
let port: number;
const seen: Array<Record<string, unknown>> = [];

let read = 0;

/** serve's next JSON line that `done` takes (every line is kept in `seen`). */
async function readUntil(done: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
	for (;;) {
		while (read < seen.length) {
			const line = seen[read++]!;
			if (done(line)) return line;
		}
		if (child.exitCode !== null) throw new Error('serve ended');
		await once(lines, 'line');
	}
}

beforeAll(async () => {
	child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json', '--proxy', '--no-starttls'], {env: {...process.env, SMTP_TUI_STATE_DIR: await tempDir()}, stdio: ['ignore', 'pipe', 'pipe']});
	lines = createInterface({input: child.stdout});
	lines.on('line', text => seen.push(JSON.parse(text) as Record<string, unknown>));
	port = Number((await readUntil(line => line.type === 'listening')).port);
	await readUntil(line => line.type === 'ready');
});
afterAll(async () => {
	child.kill('SIGTERM');
	await once(child, 'exit');
});

const send = (...args: string[]) => runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi', '--timeout', '5', ...args]);

describe('serve --proxy', () => {
	it('says so at start, and its sessions carry the client address the v1 header claims', async () => {
		expect(seen).toContainEqual({type: 'proxy', version: 1});
		const run = await send('--proxy', '--proxy-source', '203.0.113.5', '--proxy-source-port', '40000');
		expect(run.code).toBe(0);
		expect(await readUntil(line => line.type === 'connect')).toMatchObject({remote: '203.0.113.5:40000'});
		expect(await readUntil(line => line.type === 'accepted')).toMatchObject({remote: '203.0.113.5:40000'});
	});

	it('a v2 header is refused by smtp-server ("* BAD"): send says to use version 1', async () => {
		const run = await send('--proxy-version', '2');
		expect(run.code).not.toBe(0);
		expect(run.stdout).toContain('<-  * BAD Invalid PROXY header\n');
		expect(run.stdout).toMatch(/; the server expects a PROXY header but could not read this one: it may take version 1 only \(smtp-server and smtp-tui serve --proxy do\): try --proxy-version 1\n$/);
	});

	it('--proxy-version 2 is refused at start, with the reason: smtp-server reads version 1 alone', async () => {
		const run = await runCli(['serve', '--port', '0', '--proxy-version', '2']);
		expect(run.code).toBe(1);
		expect(run.stderr).toBe(
			'smtp-tui: serve --proxy reads PROXY protocol version 1 only, not "2"\nhint: smtp-server, under the sandbox, parses the text header alone: give --proxy (version 1); test version 2 against Postfix or HAProxy\n',
		);
	});
});
