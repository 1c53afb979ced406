// README's cron line for check, read from the README and run as cron runs it (sh -c, `smtp-tui` the built CLI): it
// prints nothing while the server answers and its certificate has time left, so cron mails nothing, and prints the
// verdict (which cron mails) when the certificate has under --cert-days left or the port does not answer.
import {spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, test} from 'vitest';
import {expiringCerts, type ExpiringCerts, type KeyAndCert} from '../helpers/certs.js';
import {cliPath} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach, closedPort} from '../transport/harness.js';

const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** The command of the README's crontab line for check: what follows its five time fields. */
function cronCommand(): string {
	const block = /\*\*From cron:\*\*[^]*?```sh\n([^]*?)```/.exec(readme)?.[1];
	const line = block?.split('\n').find(text => /^[\d*]/.test(text));
	if (line === undefined) throw new Error('no crontab line for check in README.md');
	return line.split(/\s+/).slice(5).join(' ');
}

let certs: ExpiringCerts;
let dir: string;
beforeAll(async () => {
	certs = await expiringCerts();
	dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cron-'));
	writeFileSync(path.join(dir, 'root.pem'), certs.root);
	// `smtp-tui` on PATH is the built CLI, trusting the test root (a private CA's --ca, as the README says to add).
	writeFileSync(path.join(dir, 'smtp-tui'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@" --ca "${path.join(dir, 'root.pem')}" --timeout 3\n`);
	chmodSync(path.join(dir, 'smtp-tui'), 0o755);
});
const cleanup = cleanupAfterEach();

async function server(identity: KeyAndCert): Promise<number> {
	const started = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert});
	cleanup(() => started.close());
	return started.port;
}

/**
 * The cron line's command with the README's target replaced by `target`, run by sh as cron runs it (not synchronously:
 * the servers answer from this process).
 */
async function runCron(target: string): Promise<{status: number | null; stdout: string; stderr: string}> {
	const command = cronCommand().replace('mail.example.com:25', target);
	const child = spawn('sh', ['-c', command], {env: {PATH: `${dir}:${process.env.PATH}`}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const status = await new Promise<number | null>(resolve => child.on('close', resolve));
	return {status, stdout, stderr};
}

describe("README's cron line for check", () => {
	test('a server that answers with 40 days left: nothing printed, nothing mailed', async () => {
		const port = await server(certs.in40);
		expect(cronCommand()).toContain('--cert-days 21');
		const result = await runCron(`127.0.0.1:${port}`);
		expect(result.status).toBe(0);
		expect(result.stdout + result.stderr).toBe('');
	});

	test('5 days left: the table and the verdict naming the certificate are printed, for cron to mail', async () => {
		const port = await server(certs.in5);
		const result = await runCron(`127.0.0.1:${port}`);
		expect(result.stdout).toContain(`127.0.0.1  ${port}`);
		expect(result.stdout).toContain('(5 days left, fewer than --cert-days 21)');
	});

	test('a port that does not answer: printed too', async () => {
		const port = await closedPort();
		const result = await runCron(`127.0.0.1:${port}`);
		expect(result.stdout).toContain('Every port refused the connection');
	});
});
