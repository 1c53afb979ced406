// `send --dsn-notify/--dsn-ret/--dsn-envid` (RFC 3461) and `--require-tls` (RFC 8689) through the built CLI against
// smtp-server on 127.0.0.1, which offers DSN (unless hideDSN) and REQUIRETLS inside TLS: what it received, the
// warning where DSN is not offered, and REQUIRETLS refused before MAIL where it cannot go.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SMTPServerOptions} from 'smtp-server';
import {testCerts} from '../helpers/certs.js';
import {startRawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';

type Envelope = {dsn?: {ret?: string | null; envid?: string | null}; requireTLS?: boolean; rcptTo: Array<{address: string; dsn?: {notify?: string[]; orcpt?: string}}>};

let dir: string;
let ca: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-tui-dsn-'));
	ca = path.join(dir, 'ca.pem');
	await writeFile(ca, (await testCerts()).ca);
});
afterAll(async () => rm(dir, {recursive: true, force: true}));

/** Sends to a fresh smtp-server with `options`; `envelopes`: each accepted message's envelope as the server read it. */
async function send(flags: string[], options: Partial<SMTPServerOptions> = {}) {
	const envelopes: Envelope[] = [];
	const server = await startSmtpServer({
		// smtp-server hides both unless told otherwise.
		hideDSN: false,
		hideREQUIRETLS: false,
		...options,
		onData(stream, session, callback) {
			stream.resume();
			// Read once the message is in: MAIL's and every RCPT's parameters by then.
			stream.on('end', () => {
				envelopes.push(structuredClone(session.envelope) as unknown as Envelope);
				callback();
			});
		},
	});
	try {
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--ca', ca, '--helo', 'client.test', '--from', 'me@example.test', '--timeout', '10', ...flags]);
		return {...result, envelopes};
	} finally {
		await server.close();
	}
}

describe('send --dsn-*', () => {
	it('to a server that offers DSN: RET, ENVID, NOTIFY and ORCPT arrive, decoded as sent', async () => {
		const result = await send(['--to', 'a+b@example.test', '--to', 'c@example.test', '--dsn-notify', 'success,Failure', '--dsn-ret', 'hdrs', '--dsn-envid', 'run 42+=x']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(' ~> MAIL FROM:<me@example.test> RET=HDRS ENVID=run+2042+2B+3Dx');
		expect(result.stdout).toContain(' ~> RCPT TO:<a+b@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bb@example.test');
		const [envelope] = result.envelopes;
		expect(envelope?.dsn).toMatchObject({ret: 'HDRS', envid: 'run 42+=x'});
		expect(envelope?.rcptTo.map(rcpt => rcpt.dsn)).toEqual([
			{notify: ['SUCCESS', 'FAILURE'], orcpt: 'rfc822;a+b@example.test'},
			{notify: ['SUCCESS', 'FAILURE'], orcpt: 'rfc822;c@example.test'},
		]);
	});

	it('to a server without DSN (hideDSN): a warning in the transcript and --json, and the message still goes without them', async () => {
		const text = await send(['--to', 'a@example.test', '--dsn-notify', 'never'], {hideDSN: true});
		expect(text.code).toBe(0);
		expect(text.envelopes).toHaveLength(1);
		expect(text.stdout).toContain('=== warning: the server does not offer DSN (RFC 3461): sending without NOTIFY=NEVER, ORCPT; no delivery status notification was asked for');
		expect(text.stdout).toContain(' ~> RCPT TO:<a@example.test>\n');
		const json = await send(['--to', 'a@example.test', '--dsn-ret', 'full', '--json'], {hideDSN: true});
		expect(json.code).toBe(0);
		const entries = json.stdout.trim().split('\n').map(line => JSON.parse(line) as {kind?: string; text?: string});
		expect(entries.filter(entry => entry.text?.includes('does not offer DSN')).map(entry => entry.text)).toEqual(['warning: the server does not offer DSN (RFC 3461): sending without RET=FULL; no delivery status notification was asked for']);
	});
});

describe('send --dsn-* to a server that only knows HELO', () => {
	it('the warning says why, and the message goes with a plain MAIL and RCPT', async () => {
		const lines: string[] = [];
		const server = await startRawServer(async peer => {
			peer.write('220 old.test ESMTP\r\n');
			for (const reply of ['502 5.5.2 EHLO?', '250 old.test', '250 ok', '250 ok', '354 go']) {
				lines.push(await peer.readLine());
				peer.write(`${reply}\r\n`);
			}
			await peer.readData();
			peer.write('250 queued\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		try {
			const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--helo', 'client.test', '--from', 'me@example.test', '--to', 'a@example.test', '--dsn-notify', 'failure', '--timeout', '5']);
			expect(result.code).toBe(0);
			expect(lines.slice(2)).toEqual(['MAIL FROM:<me@example.test>', 'RCPT TO:<a@example.test>', 'DATA']);
			expect(result.stdout).toContain('=== warning: the server only knows HELO, so it offers no DSN (RFC 3461): sending without NOTIFY=FAILURE, ORCPT; no delivery status notification was asked for');
		} finally {
			await server.close();
		}
	});
});

describe('send --require-tls', () => {
	it('after STARTTLS, to a server offering REQUIRETLS: MAIL carries it and the server marks the message', async () => {
		const result = await send(['--to', 'a@example.test', '--require-tls']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(' ~> MAIL FROM:<me@example.test> REQUIRETLS');
		expect(result.envelopes[0]?.requireTLS).toBe(true);
	});

	it('REQUIRETLS not offered inside TLS: exit 29 before MAIL, and no message', async () => {
		const result = await send(['--to', 'a@example.test', '--require-tls'], {hideREQUIRETLS: true});
		expect(result.code).toBe(29);
		expect(result.envelopes).toEqual([]);
		expect(result.stdout).not.toContain('MAIL FROM');
		expect(result.stdout).toContain('*** failed (tls): the server does not offer REQUIRETLS after STARTTLS: the message was not sent (RFC 8689 forbids sending it without)\n');
	});

	it('no STARTTLS offered: TLS is required, so exit 29 and no message, with no advice to go in clear', async () => {
		const result = await send(['--to', 'a@example.test', '--require-tls'], {hideSTARTTLS: true});
		expect(result.code).toBe(29);
		expect(result.envelopes).toEqual([]);
		expect(result.stdout).toContain('TLS is required (REQUIRETLS, RFC 8689), so the session stops before AUTH and MAIL');
		expect(result.stdout).not.toContain('--no-starttls would');
	});
});

describe('flag errors', () => {
	it.each([
		[['--dsn-notify', 'NEVER,delay'], 'smtp-tui: --dsn-notify NEVER,delay: NEVER asks for no notification at all, so it cannot go with DELAY (RFC 3461 §4.1)\nhint: give NEVER alone, or leave it out'],
		[['--dsn-notify', 'success,sucess'], 'smtp-tui: --dsn-notify: "SUCESS" is no DSN condition\nhint: give NEVER, or any of SUCCESS, FAILURE, DELAY separated by commas, e.g. --dsn-notify SUCCESS,FAILURE'],
		[['--dsn-notify', ''], 'smtp-tui: --dsn-notify is empty'],
		[['--dsn-ret', 'headers'], 'smtp-tui: --dsn-ret must be FULL or HDRS, not "headers"'],
		[['--dsn-envid', 'x'.repeat(101)], `smtp-tui: --dsn-envid "${'x'.repeat(101)}": it is 101 characters long: RFC 3461 allows at most 100`],
		[['--dsn-envid', 'a\r\nRSET'], 'smtp-tui: --dsn-envid "a\\r\\nRSET": it has U+000D at position 2: an ENVID is printable ASCII only (RFC 3461 §4.4)'],
		[['--require-tls', '--insecure'], "smtp-tui: --require-tls with --insecure: REQUIRETLS needs the server's certificate verified, on this hop too (RFC 8689 §4.2.1)\nhint: trust the server's CA with --ca FILE instead of --insecure"],
		[['--require-tls', '--no-starttls'], 'smtp-tui: --require-tls with --no-starttls (or a profile without TLS): a REQUIRETLS message goes only over TLS (RFC 8689), so it could never be sent'],
	])('%j is refused before connecting (exit 1)', async (flags, error) => {
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', '9', '--to', 'a@example.test', ...flags]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(error);
		expect(result.stdout).toBe('');
	});
});
