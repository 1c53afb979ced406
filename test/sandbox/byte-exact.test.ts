// Byte-exact capture: what the built `smtp-tui send` puts on the wire, un-stuffed, is exactly what lands in
// <n>.eml. A recording proxy between the two keeps the client's bytes, so the check needs no guess about
// what the composer generates (Date, Message-ID, boundaries).
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {recordingProxy, type Proxy} from '../helpers/wire-check.js';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';

/** The message part of DATA as sent (dot-stuffed, up to and with the CRLF before the final dot). */
function dataOnTheWire(wire: Buffer): Buffer {
	const command = wire.indexOf('\r\nDATA\r\n');
	expect(command, 'DATA command on the wire').toBeGreaterThan(-1);
	const start = command + '\r\nDATA\r\n'.length;
	// A stuffed message never holds CRLF.CRLF before its end: a lone "." line goes out as "..".
	const end = wire.indexOf('\r\n.\r\n', start - 2);
	expect(end, 'end of data on the wire').toBeGreaterThan(-1);
	return wire.subarray(start, end + 2);
}

/** RFC 5321 §4.5.2, the receiver's side: a line starting with a dot loses that dot. */
function unstuff(data: Buffer): Buffer {
	const lines: Buffer[] = [];
	let start = 0;
	while (start < data.length) {
		const next = data.indexOf('\r\n', start);
		const end = next === -1 ? data.length : next + 2;
		lines.push(data.subarray(data[start] === 0x2e ? start + 1 : start, end));
		start = end;
	}
	return Buffer.concat(lines);
}

/** What `send` promises for --data: CRLF, a bare CR and a bare LF each end one line; a last line gets its CRLF. */
function normaliseLineEndings(text: string): Buffer {
	const crlf = text.replace(/\r\n|\r|\n/g, '\r\n');
	return Buffer.from(crlf.endsWith('\r\n') ? crlf : `${crlf}\r\n`);
}

// CRLF text with a bare LF inside, the lines that must be stuffed (".", "..x", ".leading"), and a last line
// without a line break.
const awkwardLines = 'first line\r\n.\r\n..x\r\n.leading\r\nbare LF follows\nafter the bare LF\r\n\r\n.\r\nlast line without a break';

describe('byte-exact capture with the built smtp-tui send', () => {
	let sandbox: TestSandbox | undefined;
	let proxy: Proxy | undefined;

	beforeAll(() => {
		if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run node scripts/build.mjs (npm test builds it)`);
	});

	afterEach(async () => {
		await proxy?.close();
		await sandbox?.close();
		proxy = undefined;
		sandbox = undefined;
	});

	async function send(extra: string[]) {
		const saveDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-exact-save-'));
		sandbox = await startTestSandbox({saveDir});
		proxy = await recordingProxy(sandbox.port);
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(proxy.port), '--no-starttls', '--from', 'sender@example.test', '--to', 'rcpt@example.test', '--quiet', ...extra]);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const wire = dataOnTheWire(proxy.clientBytes());
		const [message] = sandbox.mailbox.list();
		expect(message).toBeDefined();
		const eml = readFileSync(path.join(saveDir, `${message!.id}.eml`));
		return {wire, eml, message: sandbox.mailbox.get(message!.id)!};
	}

	it('--data @FILE: the .eml is the file with its line endings normalised, and what was on the wire un-stuffed', async () => {
		const text = `From: sender@example.test\r\nTo: rcpt@example.test\r\nSubject: raw\r\n\r\n${awkwardLines}`;
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-exact-data-')), 'message.eml');
		writeFileSync(file, text);
		const {wire, eml, message} = await send(['--data', `@${file}`]);
		// The stuffing really happened on the wire...
		expect(wire.toString('latin1')).toContain('\r\n..\r\n...x\r\n..leading\r\n');
		// ...and was undone: the file is byte for byte the saved message and the one in memory.
		expect(eml.equals(unstuff(wire))).toBe(true);
		expect(eml.equals(normaliseLineEndings(text))).toBe(true);
		expect(message.raw.equals(eml)).toBe(true);
		expect(message.size).toBe(eml.length);
	});

	it('--body @FILE: the .eml is the composed message exactly as it went out, un-stuffed', async () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-exact-body-')), 'body.txt');
		writeFileSync(file, awkwardLines);
		const {wire, eml, message} = await send(['--subject', 'composed', '--body', `@${file}`]);
		expect(wire.toString('latin1')).toContain('\r\n..\r\n...x\r\n..leading\r\nbare LF follows\r\nafter the bare LF\r\n');
		expect(eml.equals(unstuff(wire))).toBe(true);
		expect(message.raw.equals(eml)).toBe(true);
		expect(message.subject).toBe('composed');
		// Every line of the saved message ends in CRLF: the bare LF of the input did not survive.
		expect(/(?<!\r)\n/.test(eml.toString('latin1'))).toBe(false);
		expect(eml.subarray(-2).toString()).toBe('\r\n');
	});
});
