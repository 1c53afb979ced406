// How `send --body` goes on the wire, against a real loopback server: ASCII text in lines SMTP allows is sent as it
// is (7bit), from a file as from the command line; anything else quoted-printable. SIZE= stays on the high side.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {simpleParser} from 'mailparser';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-body-encoding-'));
let server: TestSmtpServer;
beforeAll(async () => {
	// SIZE advertised, so that MAIL declares one to compare with what arrived.
	server = await startSmtpServer({hideSTARTTLS: true, size: 10_000_000});
});
afterAll(async () => {
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const file = (name: string, content: string) => {
	const where = path.join(dir, name);
	writeFileSync(where, content);
	return where;
};

/** Sends `body` (a --body value) and returns what the server received, the SIZE= declared, and the exit code. */
async function sent(body: string) {
	const before = server.messages.length;
	const {code, out} = await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), from: 'me@example.test', to: ['you@example.test'], helo: 'client.test', body});
	expect(code, out).toBe(0);
	expect(server.messages.length).toBe(before + 1);
	const raw = server.messages.at(-1)!.raw;
	const [head = '', ...rest] = raw.toString('latin1').split('\r\n\r\n');
	return {raw, head, content: rest.join('\r\n\r\n'), declared: Number(/^ -> MAIL FROM:<me@example\.test> SIZE=(\d+)$/m.exec(out)?.[1])};
}

/** Asserts that `text`, sent from a file, went quoted-printable and reads back the same; SIZE= not short. */
async function quotedPrintable(name: string, text: string): Promise<void> {
	const {raw, head, declared} = await sent(`@${file(name, text)}`);
	expect(head).toMatch(/^Content-Transfer-Encoding: quoted-printable$/m);
	expect((await simpleParser(raw)).text).toBe(text);
	expect(declared).toBeGreaterThanOrEqual(raw.length);
}

describe('send --body @FILE: the encoding is chosen from the file', () => {
	it('a small ASCII file goes 7bit with CRLF lines, where one that is not ASCII still goes quoted-printable', async () => {
		const {head, content} = await sent(`@${file('small.txt', 'hello\nworld\n')}`);
		expect(head).toMatch(/^Content-Transfer-Encoding: 7bit$/m);
		expect(content).toBe('hello\r\nworld\r\n');
		await quotedPrintable('utf8.txt', 'Grüße aus Köln\n');
	});

	it('ASCII lines of 100 and 998 octets arrive whole, not soft-wrapped, where one of 999 goes quoted-printable; SIZE= is never short', async () => {
		const text = `${'a'.repeat(100)}\n${'b'.repeat(998)}\nlast line without an end`;
		const {raw, head, content, declared} = await sent(`@${file('long-lines.txt', text)}`);
		expect(head).toMatch(/^Content-Transfer-Encoding: 7bit$/m);
		expect(content).toBe(`${text.replaceAll('\n', '\r\n')}\r\n`);
		expect(declared).toBeGreaterThanOrEqual(raw.length);
		expect(declared - raw.length).toBeLessThanOrEqual(2);
		await quotedPrintable('overlong.txt', `${'c'.repeat(999)}\n`);
	});

	it('the same text given on the command line goes the same way', async () => {
		const {head, content} = await sent(`${'a'.repeat(100)}\\nhello`);
		expect(head).toMatch(/^Content-Transfer-Encoding: 7bit$/m);
		expect(content).toBe(`${'a'.repeat(100)}\r\nhello\r\n`);
	});
});
