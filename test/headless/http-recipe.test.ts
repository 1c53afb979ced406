// README's recipe that follows the reset link through serve's HTTP API (In CI and scripts), read from the README and
// run as written under GitHub's shell (bash -e -o pipefail) against a real serve --http --json, whose log is the
// recipe's sandbox.jsonl, `npm test` an app that sends its reset mail, and a page of the app's that records what was
// asked of it.
import {spawn} from 'node:child_process';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {cliPath, ended} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {appPage} from '../helpers/app-page.js';
import {startServe} from '../sandbox/helpers/serve-in-process.js';
import {waitFor} from '../sandbox/helpers/wait.js';

const tempDir = useTempDirs('http-recipe');
const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

function recipe(): string {
	const script = /\*\*The same over the \[HTTP API\][^]*?```sh\n([^]*?)```/.exec(readme)?.[1];
	if (script === undefined) throw new Error('no HTTP API recipe in README.md');
	return script;
}


/** The recipe, after an earlier test's reset mail; `npm test` sends `mail` (a text with the app's links) or nothing. */
async function follow(mail: string | undefined, page: {base: string}, timeout = '30') {
	const dir = await tempDir();
	const served = await startServe({http: '0', json: true, starttls: false});
	try {
		await waitFor(() => served.out().includes('"type":"ready"'), 'the ready line');
		writeFileSync(path.join(dir, 'sandbox.jsonl'), served.out());
		const sendMail = (text: string) => `"${process.execPath}" "${cliPath}" send --host 127.0.0.1 --port "$SMTP_PORT" --no-starttls --from app@example.test --to anna@example.test --subject "Reset your password" --body "${text}" --quiet`;
		const stale = await ended(spawn('sh', ['-c', sendMail(`${page.base}/reset/stale`)], {env: {...process.env, SMTP_PORT: String(served.port)}, stdio: ['ignore', 'pipe', 'pipe']}));
		expect(stale.code, stale.stderr).toBe(0);
		writeFileSync(path.join(dir, 'npm'), `#!/bin/sh\n${mail === undefined ? 'true' : sendMail(mail)}\n`);
		chmodSync(path.join(dir, 'npm'), 0o755);
		const script = recipe().replace('timeout=30', `timeout=${timeout}`);
		return await ended(spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], {cwd: dir, env: {...process.env, PATH: `${dir}:${process.env.PATH}`, port: String(served.port), NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']}));
	} finally {
		await served.stop();
	}
}

describe("README's recipe that follows the reset link through the HTTP API", () => {
	it("curls the new mail's reset link, not the earlier test's", async () => {
		const page = await appPage();
		const run = await follow(`Reset it at ${page.base}/reset/t0k3n?user=42 or read ${page.base}/help`, page);
		page.close();
		expect(run.code, run.stderr).toBe(0);
		expect(page.requests).toEqual(['/reset/t0k3n?user=42']);
	});

	it('fails the step at the timeout, the JSON saying why, and curls nothing', async () => {
		const page = await appPage();
		const run = await follow(undefined, page, '0');
		page.close();
		expect(run.code).toBe(1);
		expect(JSON.parse(run.stdout)).toMatchObject({status: 404, message: 'no message matching "/reset/" after message 1 came in 0 s'});
		expect(page.requests).toEqual([]);
	});
});
