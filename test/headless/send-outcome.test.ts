// How `send` says the way a session ended, against real loopback servers (in-process): a QUIT refused after the
// message was queued keeps the queued reply, and every transcript file ends with the summary and the exit code.
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {greetAndEhlo, greetUpToData, startRawServer, type RawServer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('send-outcome');

/** Takes the message (250 with a queue id), then answers QUIT with 500. */
let refusesQuit: RawServer;
/** Accepts MAIL and RCPT, then answers QUIT with 500: nothing was queued. */
let refusesQuitEarly: RawServer;
beforeAll(async () => {
	refusesQuit = await startRawServer(async peer => {
		await greetUpToData(peer);
		await peer.readData();
		peer.write('250 2.0.0 queued as ABC\r\n');
		await peer.readLine();
		peer.write('500 5.5.1 what\r\n');
	});
	refusesQuitEarly = await startRawServer(async peer => {
		await greetAndEhlo(peer);
		for (let line = await peer.readLine(); ; line = await peer.readLine()) peer.write(line === 'QUIT' ? '500 5.5.1 what\r\n' : '250 ok\r\n');
	});
});
afterAll(async () => {
	await refusesQuit.close();
	await refusesQuitEarly.close();
});

const send = (server: RawServer, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1)!;

const QUEUED_BEFORE = 'failed (quit): QUIT refused: 500 5.5.1 what; the connection is closed from this side; the message was queued before it (250 2.0.0 queued as ABC): do not send it again';

describe('send: QUIT refused after the message was queued', () => {
	it('--json: exit 27 as documented, and the result keeps "queued" and says not to send it again', async () => {
		const {code, out} = await send(refusesQuit, {json: true});
		expect(code).toBe(27);
		expect(JSON.parse(lastLine(out))).toEqual({
			type: 'result',
			ok: false,
			exitCode: 27,
			stage: 'quit',
			message: QUEUED_BEFORE,
			queued: '250 2.0.0 queued as ABC',
			queueId: 'ABC',
			// The reply that failed the session is QUIT's, not the message's.
			reply: {code: 500, enhanced: '5.5.1', text: 'what', temporary: false},
			messageId: expect.stringMatching(/^<[\w-]+@example\.test>$/),
			tls: 'none',
			remote: {address: '127.0.0.1', port: expect.any(Number)},
			local: {address: '127.0.0.1', port: expect.any(Number)},
			recipients: [{address: 'a@example.test', accepted: true, code: 250, enhanced: null, text: 'ok'}],
		});
	});

	it('text: the summary says the message was queued before it', async () => {
		const {code, out} = await send(refusesQuit);
		expect(code).toBe(27);
		expect(lastLine(out)).toBe(`*** ${QUEUED_BEFORE}`);
	});

	it('with --quit-after nothing was queued, and the summary does not claim it', async () => {
		const {code, out} = await send(refusesQuitEarly, {quitAfter: 'rcpt', json: true});
		expect(code).toBe(27);
		const result = JSON.parse(lastLine(out)) as Record<string, unknown>;
		expect(result).toMatchObject({ok: false, exitCode: 27, stage: 'quit'});
		expect(result.queued).toBeUndefined();
		expect(result.message).not.toContain('queued');
	});
});

describe('send: the message taken, and the session ended in the same breath', () => {
	it('a 250 and a 421 read in one go: exit 0, queued (a script retrying "temporary" would send it twice)', async () => {
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			peer.write('250 OK id=1abc-2\r\n421 4.3.2 closing now\r\n');
			peer.destroy();
		});
		try {
			const {code, out} = await send(server, {json: true});
			expect(code).toBe(0);
			const result = JSON.parse(lastLine(out)) as Record<string, unknown>;
			expect(result).toMatchObject({ok: true, exitCode: 0, queueId: '1abc-2'});
			expect(result.message).toBe('queued: 250 OK id=1abc-2; then the server closed the session on its own, between commands: 421 4.3.2 closing now');
		} finally {
			await server.close();
		}
	});
});

describe('send: a 250 before the message was complete', () => {
	it('is out of step (exit 26), not a queued message, and the sending stops', async () => {
		// The server stops reading after the first line of the body, so the 20 MB cannot all be gone when it answers.
		let received = 0;
		const early = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readLine();
			peer.socket.pause();
			received = peer.received.reduce((sum, chunk) => sum + chunk.length, 0);
			peer.write('250 2.0.0 queued early\r\n');
		});
		try {
			const file = path.join(await tempDir(), 'big.txt');
			writeFileSync(file, `${'x'.repeat(76)}\n`.repeat(270_000));
			const {code, out} = await send(early, {body: `@${file}`, json: true});
			expect(code).toBe(26);
			const result = JSON.parse(lastLine(out)) as Record<string, unknown>;
			expect(result).toMatchObject({ok: false, exitCode: 26, stage: 'final-dot'});
			expect(result.message).toContain('before the message was complete');
			// The reply itself is explained as what it is, not as the message accepted.
			expect(out).toContain('out of step: the message was still being sent');
			expect(out).not.toContain('took responsibility for the message');
			expect(result.queued).toBeUndefined();
			expect(received).toBeGreaterThan(0);
		} finally {
			await early.close();
		}
	});
});

describe('send --transcript: the file ends with the outcome', () => {
	it('text: the summary line and the exit code, as the terminal ends', async () => {
		const file = path.join(await tempDir(), 'session.txt');
		const {code, out} = await send(refusesQuit, {transcript: file});
		expect(code).toBe(27);
		const text = readFileSync(file, 'utf8');
		expect(text.endsWith(`=== connection closed\n*** ${QUEUED_BEFORE}\n=== exit code 27\n`)).toBe(true);
		expect(lastLine(out)).toBe(`*** ${QUEUED_BEFORE}`);
	});

	it('md: a Result section with the same lines', async () => {
		const file = path.join(await tempDir(), 'session.md');
		await send(refusesQuit, {transcript: file});
		expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`\\n## \\d+\\. Result\\n\\n\`\`\`text\\n\\*\\*\\* failed \\(quit\\): .*do not send it again\\n=== exit code 27\\n\`\`\`\\n$`));
	});

	it('json (--transcript-format JSON, in any case): the last object is the --json result line', async () => {
		const file = path.join(await tempDir(), 'session.log');
		const {out} = await send(refusesQuit, {transcript: file, transcriptFormat: 'JSON', json: true});
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		expect(JSON.parse(lines[0]!)).toMatchObject({kind: 'info', step: 'connect'});
		expect(lines.at(-1)).toBe(lastLine(out));
		expect(JSON.parse(lines.at(-1)!)).toMatchObject({type: 'result', ok: false, exitCode: 27, queued: '250 2.0.0 queued as ABC'});
	});

	it('a success ends with === and exit code 0', async () => {
		const server = await startSmtpServer({hideSTARTTLS: true});
		try {
			const file = path.join(await tempDir(), 'ok.txt');
			const {code} = await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', transcript: file});
			expect(code).toBe(0);
			expect(readFileSync(file, 'utf8')).toMatch(/\n=== connection closed\n=== queued: 250 OK: message queued\n=== exit code 0\n$/);
		} finally {
			await server.close();
		}
	});
});
