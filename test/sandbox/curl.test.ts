// curl, a third independent client: plain SMTP, and STARTTLS + AUTH trusting the kept certificate file.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';

// Installed by .ci/run (a Debian package): missing, these tests fail rather than skip unseen.
const curlPresent = spawnSync('sh', ['-c', 'command -v curl']).status === 0;

let sandbox: TestSandbox;
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-curl-')), 'message.eml');
const message = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: from curl\r\n\r\nHello\r\n.a dot line\r\nbye\r\n';

beforeAll(async () => {
	if (!curlPresent) throw new Error('curl is not installed: apt-get install curl (.ci/run installs it)');
	sandbox = await startTestSandbox();
	writeFileSync(file, message);
});

afterAll(async () => {
	await sandbox?.close();
});

/** Runs curl without blocking: the sandbox answers from this same process. */
function curl(rcpt: string, ...args: string[]): Promise<{status: number | null; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn('curl', ['-sS', `smtp://127.0.0.1:${sandbox.port}`, '--mail-from', 'a@example.com', '--mail-rcpt', rcpt, '--upload-file', file, ...args]);
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('close', status => resolve({status, stderr}));
	});
}

describe('curl against the sandbox', () => {
	it('delivers over plain SMTP; the bytes arrive un-stuffed, exactly as in the file', async () => {
		const result = await curl('b@example.com');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const captured = sandbox.mailbox.get(sandbox.mailbox.nextId - 1)!;
		expect(captured.raw.toString()).toBe(message);
		expect(captured.session.tls).toBe(false);
	});

	it('delivers over STARTTLS with AUTH, trusting the certificate file the sandbox printed', async () => {
		const result = await curl('b@example.com', '--ssl-reqd', '--cacert', sandbox.certificate.path, '--user', 'demo:demo');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const captured = sandbox.mailbox.get(sandbox.mailbox.nextId - 1)!;
		expect(captured.session.tls).not.toBe(false);
		expect(captured.session.auth).toMatchObject({user: 'demo'});
	});

	it('a client that does not trust the certificate after STARTTLS: one error event, with its alert', async () => {
		const before = sandbox.events.length;
		const result = await curl('b@example.com', '--ssl-reqd');
		expect(result.status).not.toBe(0);
		const errors = sandbox.events.slice(before).filter(event => event.type === 'error');
		// smtp-server reports the failed handshake twice; the log says it once.
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({code: expect.stringMatching(/ALERT_UNKNOWN_CA|ALERT_BAD_CERTIFICATE/)});
	});

	it('reports nobody@ as curl error 55 with the 550 reply', async () => {
		const result = await curl('nobody@example.com');
		expect(result.status).toBe(55);
		expect(result.stderr).toContain('550');
	});
});
