// `send --bdat` (RFC 3030) through the built CLI: against a raw BDAT server on 127.0.0.1 (smtp-server has no
// CHUNKING), a message in several chunks arrives exactly, counted and not dot-stuffed; a refused chunk stops the rest;
// a connection dropped mid-chunk says how much went; against smtp-server, which does not offer CHUNKING, DATA goes
// with a warning. And the flags' own errors.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {bdatMessage, bdatServer, newBdatSeen, type BdatScript, type BdatSeen} from '../helpers/bdat-server.js';
import {startRawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';

const ENVELOPE = ['--no-starttls', '--helo', 'client.test', '--from', 'me@example.test', '--to', 'a@example.test'];

/** A ready message with a lone "." line, a ".." line, bare LF line ends and multi-byte UTF-8: 4 lines. */
const MESSAGE = 'Subject: chunks\n\n.\n..\nhéllo wörld, € ok\n';
const ON_THE_WIRE = MESSAGE.replaceAll('\n', '\r\n');

function messageFile(content = MESSAGE): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-bdat-'));
	const file = path.join(dir, 'message.eml');
	writeFileSync(file, content);
	return file;
}

/** Three megabytes: a chunk of the default size is still being written when a server drops the connection. */
const LARGE = `Subject: large\n\n${`${'y'.repeat(70)}\n`.repeat(45_000)}`;

async function send(script: BdatScript, extra: string[], seen: BdatSeen = newBdatSeen(), content = MESSAGE) {
	const server = await startRawServer(bdatServer(script, seen));
	try {
		const timeout = extra.includes('--timeout') ? [] : ['--timeout', '5'];
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), ...ENVELOPE, ...timeout, '--data', `@${messageFile(content)}`, '--bdat', ...extra]);
		expect(server.scriptErrors).toEqual([]);
		return {result, seen};
	} finally {
		await server.close();
	}
}

describe('send --bdat', () => {
	it('the message goes in chunks of --chunk-size, the last marked LAST: exact octets, CRLF line ends, no dot-stuffing, no final dot', async () => {
		const {result, seen} = await send({}, ['--chunk-size', '20']);
		expect(result.code).toBe(0);
		const octets = Buffer.byteLength(ON_THE_WIRE);
		expect(seen.chunks.map(chunk => chunk.line)).toEqual(['BDAT 20', 'BDAT 20', `BDAT ${octets - 40} LAST`]);
		expect(bdatMessage(seen).toString('utf8')).toBe(ON_THE_WIRE);
		expect(seen.commands.some(line => line === 'DATA')).toBe(false);
		const lines = result.stdout.split('\n');
		expect(lines).toContain(' -> BDAT 20');
		expect(lines).toContain('<-  250 2.0.0 Ok: 20 bytes');
		expect(lines).toContain(` -> ... chunk 3 (LAST): ${octets - 40} octets, 1 line end, sent as they are (no dot-stuffing, no final "."); the message: 5 lines, ${octets} octets in 3 chunks`);
		expect(result.stdout).toContain('=== queued: 250 Ok:');
	});

	it('with the default chunk size the message is one BDAT LAST, its first lines shown as DATA\'s are', async () => {
		const {result, seen} = await send({}, []);
		expect(result.code).toBe(0);
		expect(seen.chunks.map(chunk => chunk.line)).toEqual([`BDAT ${Buffer.byteLength(ON_THE_WIRE)} LAST`]);
		const lines = result.stdout.split('\n');
		const start = lines.indexOf(` -> BDAT ${Buffer.byteLength(ON_THE_WIRE)} LAST`);
		expect(lines.slice(start + 1, start + 6)).toEqual([' -> Subject: chunks', ' -> ', ' -> .', ' -> ..', ' -> héllo wörld, € ok']);
	});

	it('with --pipeline: MAIL and RCPT go in one write, then the chunks, each after the reply to the one before', async () => {
		const {result, seen} = await send({}, ['--pipeline', '--chunk-size', '20']);
		expect(result.code).toBe(0);
		expect(seen.commands.slice(0, 3)).toEqual([expect.stringMatching(/^MAIL FROM:<me@example.test>/), 'RCPT TO:<a@example.test>', 'BDAT 20']);
		expect(result.stdout).toContain('=== the 2 lines above went in one write (pipelining, RFC 2920)');
	});

	it('a chunk refused mid-way: no more chunks go, exit 25 with how much the server had taken', async () => {
		const {result, seen} = await send({refuse: {chunk: 2, reply: '552 5.3.4 Message size exceeds fixed limit'}}, ['--chunk-size', '20']);
		expect(result.code).toBe(25);
		expect(seen.chunks.map(chunk => chunk.line)).toEqual(['BDAT 20', 'BDAT 20']);
		expect(seen.commands.at(-1)).toBe('QUIT');
		expect(result.stdout).toContain('*** BDAT was refused at chunk 2, after 1 chunk of 20 octets accepted: 552 5.3.4 Message size exceeds fixed limit; the rest of the message was not sent');
	});

	it('a chunk refused while it is still being written: that chunk is finished (its octets are counted, never read as commands), no more go', async () => {
		const {result, seen} = await send({refuseMidChunk: {chunk: 1, reply: '552 5.3.4 Message size exceeds fixed limit'}}, ['--chunk-size', '1m'], newBdatSeen(), LARGE);
		expect(result.code).toBe(25);
		expect(seen.chunks.map(chunk => [chunk.line, chunk.bytes.length])).toEqual([['BDAT 1048576', 1_048_576]]);
		expect(seen.commands.at(-1)).toBe('QUIT');
		expect(result.stdout).toContain('*** BDAT was refused at the first chunk: 552 5.3.4 Message size exceeds fixed limit; the rest of the message was not sent');
	});

	it('the LAST chunk refused: exit 26, as a message refused after its final dot', async () => {
		const {result} = await send({last: '554 5.7.1 rejected by content filter'}, []);
		expect(result.code).toBe(26);
		expect(result.stdout).toContain('the server did not accept the message: 554 5.7.1 rejected by content filter');
	});

	it('the connection dropped in the middle of a chunk: exit 6, saying how much had gone and that nothing was delivered', async () => {
		const {result} = await send({dropInChunk: 2}, ['--chunk-size', '20']);
		expect(result.code).toBe(6);
		expect(result.stdout).toContain('the connection closed while waiting for the reply to "BDAT 20": the server had accepted 1 chunk of 20 octets, and 40 octets had been handed to the network in all; without BDAT LAST nothing is delivered');
	});

	it('dropped in the first chunk: no chunk had been accepted, said once, whatever the socket reports first (its close or a failed write)', async () => {
		const {result} = await send({dropInChunk: 1}, [], newBdatSeen(), LARGE);
		expect(result.code).toBe(6);
		const failures = result.stdout.split('\n').filter(line => line.startsWith('*** '));
		expect(failures).toHaveLength(2);
		expect(failures[0]).toMatch(/^\*\*\* the connection closed while waiting for the reply to "BDAT 1048576": no chunk had been accepted yet, and [\d,]+ octets had been handed to the network in all; without BDAT LAST nothing is delivered$/);
		expect(failures[1]).toBe(`*** failed (closed): ${failures[0]!.slice(4)}`);
	});

	it('dropped after BDAT LAST went whole: only "it may have been accepted", never "nothing is delivered"', async () => {
		const {result, seen} = await send({dropInChunk: 3}, ['--chunk-size', '20']);
		expect(result.code).toBe(6);
		expect(seen.commands.at(-1)).toMatch(/^BDAT \d+ LAST$/);
		expect(result.stdout).not.toContain('nothing is delivered');
		expect(result.stdout).toMatch(/^\*\*\* failed \(closed\): the connection closed while waiting for the reply to "BDAT \d+ LAST"; the whole message was sent, but no reply to it came: it may have been accepted; check before sending it again$/m);
	});

	it('--json: the BDAT lines and each chunk are events of their own', async () => {
		const {result} = await send({}, ['--chunk-size', '20', '--json']);
		expect(result.code).toBe(0);
		const entries = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {type?: string; kind?: string; text?: string; data?: {bytes: number}});
		expect(entries.filter(entry => entry.kind === 'sent' && entry.text?.startsWith('BDAT')).map(entry => entry.text)).toEqual(['BDAT 20', 'BDAT 20', expect.stringMatching(/^BDAT \d+ LAST$/)]);
		expect(entries.filter(entry => entry.kind === 'data').map(entry => entry.data?.bytes)).toEqual([20, 20, Buffer.byteLength(ON_THE_WIRE) - 40]);
		// The LAST chunk's reply is the message's: its queue id is the result's.
		expect(entries.at(-1)).toMatchObject({type: 'result', ok: true, queueId: 'B0DA7'});
	});

	it('a Markdown transcript has the chunks, the LAST one too, under a heading of their own; the reply to LAST under the answer\'s', async () => {
		const transcript = path.join(path.dirname(messageFile()), 'transcript.md');
		const {result} = await send({}, ['--chunk-size', '20', '--transcript', transcript, '--transcript-format', 'md']);
		expect(result.code).toBe(0);
		const markdown = readFileSync(transcript, 'utf8');
		const message = markdown.indexOf('. The message as BDAT chunks: counted octets, no lone "."');
		const answer = markdown.indexOf(". The server's answer to the message");
		expect(message).toBeGreaterThan(0);
		expect(markdown.indexOf(' -> BDAT 20\n')).toBeGreaterThan(message);
		expect(markdown.indexOf(` -> BDAT ${Buffer.byteLength(ON_THE_WIRE) - 40} LAST`)).toBeLessThan(answer);
		expect(markdown.indexOf('queued as B0DA7')).toBeGreaterThan(answer);
	});

	it('a server without CHUNKING (smtp-server): a warning, and the message goes by DATA', async () => {
		const server = await startSmtpServer({disabledCommands: ['STARTTLS', 'AUTH']});
		try {
			const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), ...ENVELOPE, '--data', `@${messageFile()}`, '--bdat']);
			expect(result.code).toBe(0);
			expect(result.stdout).toContain('=== warning: BDAT was asked for (--bdat), but the server does not advertise CHUNKING (RFC 3030): the message goes by DATA');
			expect(result.stdout).toContain(' -> DATA');
			expect(server.messages[0]?.raw.toString('utf8')).toBe(ON_THE_WIRE);
		} finally {
			await server.close();
		}
	});

	it.each([
		[['--chunk-size', '64k'], '--chunk-size 64k is given without --bdat: DATA has no chunks'],
		[['--bdat', '--chunk-size', '0'], '--chunk-size 0 is out of range'],
		[['--bdat', '--chunk-size', '65m'], '--chunk-size 65m is out of range'],
		[['--bdat', '--chunk-size', 'big'], '--chunk-size big is not a size'],
		[['--bdat', '--lmtp'], '--bdat is not supported with --lmtp'],
		[['--bdat', '--record', 'session.jsonl'], '--record is not supported with --bdat yet: its replay could not play the chunks'],
	])('refuses %j before connecting (exit 1)', async (flags, message) => {
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', '1', '--from', 'me@example.test', '--to', 'a@example.test', ...flags]);
		expect(result.code).toBe(1);
		expect(result.stderr.split('\n')[0]).toBe(`smtp-tui: ${message}`);
		expect(result.stderr).toMatch(/^hint: /m);
	});
});
