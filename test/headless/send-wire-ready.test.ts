// `send --data -` (and a pipe given as @FILE) reads the message into a private copy that nothing else can write; one
// the check finds wire-ready (CRLF line ends only, no line starting with a dot, none over 998 octets) goes as its
// bytes are, the DATA encoder skipped. Whichever way it goes, the server receives what the encoder would send, and
// the transcript, --json and BDAT say the same as for the same bytes given by name (which always take the encoder).
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {encodeData} from '../../source/smtp/data-encoder.js';
import {bdatMessage, bdatServer, newBdatSeen} from '../helpers/bdat-server.js';
import {startRawServer, takeOneMessage} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('send-wire-ready');

const FLAGS = {host: '127.0.0.1', starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test'};

/** A megabyte and more of CRLF lines, so the message goes in several chunks. */
const LINES = `${'w'.repeat(78)}\r\n`.repeat(15_000);

const MESSAGES = {
	'wire-ready, ending in CRLF': `Subject: ready\r\n\r\n${LINES}the end\r\n`,
	'wire-ready, its last line without a line break': `Subject: open\r\n\r\n${LINES}no line break`,
	'one bare LF': `Subject: lf\r\n\r\n${LINES}bare\nLF\r\n`,
	'one bare CR': `Subject: cr\r\n\r\n${LINES}bare\rCR\r\n`,
	'a line starting with a dot': `Subject: dot\r\n\r\n${LINES}.dot\r\n`,
	'a lone dot line': `Subject: smuggled\r\n\r\nhi\r\n.\r\nMAIL FROM:<evil@example.test>\r\n`,
};

/** Sends `content` through stdin or as a named file to a raw server; what came after 354, and the transcript. */
async function sendBy(way: 'stdin' | 'file', content: string, extra: Record<string, unknown> = {}) {
	let data: Promise<Buffer> | undefined;
	const server = await startRawServer(async peer => {
		data = takeOneMessage(peer);
		await data;
	});
	try {
		const file = path.join(await tempDir(), 'message.eml');
		writeFileSync(file, content);
		const flags = {...FLAGS, port: String(server.port), data: way === 'stdin' ? '-' : `@${file}`, ...extra};
		const {code, out} = await runInProcess(runSend, flags, [], {input: way === 'stdin' ? [Buffer.from(content)] : []});
		// The ports differ from run to run.
		return {code, out: out.replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'), wire: await data!};
	} finally {
		await server.close();
	}
}

describe('send --data -: a wire-ready message goes as its bytes are', () => {
	it.each(Object.entries(MESSAGES))('%s: the server receives what the encoder sends, and the transcript is the same as for a named file', async (_name, content) => {
		const stdin = await sendBy('stdin', content);
		const named = await sendBy('file', content);
		expect(stdin.code).toBe(0);
		expect(stdin.wire.equals(encodeData(content))).toBe(true);
		expect(named.wire.equals(stdin.wire)).toBe(true);
		expect(stdin.out).toBe(named.out);
	});

	it('wire-ready: byte for byte the input, then the end', async () => {
		const ready = MESSAGES['wire-ready, ending in CRLF'];
		expect((await sendBy('stdin', ready)).wire.toString('latin1')).toBe(`${ready}.\r\n`);
		const open = MESSAGES['wire-ready, its last line without a line break'];
		expect((await sendBy('stdin', open)).wire.toString('latin1')).toBe(`${open}\r\n.\r\n`);
	});

	it('--json: the same message event as for a named file', async () => {
		const content = MESSAGES['wire-ready, ending in CRLF'];
		const message = (out: string) =>
			out
				.trim()
				.split('\n')
				.map(line => JSON.parse(line) as {kind?: string; time?: number})
				.filter(event => event.kind === 'data')
				.map(({time: _time, ...event}) => event);
		const stdin = message((await sendBy('stdin', content, {json: true})).out);
		expect(stdin).toEqual(message((await sendBy('file', content, {json: true})).out));
		expect(stdin).toEqual([expect.objectContaining({data: expect.objectContaining({lines: 15_003, stored: content.length, bytes: content.length + 3})})]);
	});

	it('a real smtp-server stores the input unchanged', async () => {
		const server = await startSmtpServer({hideSTARTTLS: true});
		try {
			const content = MESSAGES['wire-ready, ending in CRLF'];
			const {code} = await runInProcess(runSend, {...FLAGS, port: String(server.port), data: '-'}, [], {input: [Buffer.from(content)]});
			expect(code).toBe(0);
			expect(server.messages).toHaveLength(1);
			expect(server.messages[0]!.raw.toString('latin1')).toBe(content);
		} finally {
			await server.close();
		}
	});

	it('inside STARTTLS: a real smtp-server stores the input unchanged', async () => {
		const server = await startSmtpServer();
		try {
			const content = MESSAGES['wire-ready, ending in CRLF'];
			const {code} = await runInProcess(runSend, {...FLAGS, starttls: true, insecure: true, port: String(server.port), data: '-'}, [], {input: [Buffer.from(content)]});
			expect(code).toBe(0);
			expect(server.messages[0]).toMatchObject({secure: true});
			expect(server.messages[0]!.raw.toString('latin1')).toBe(content);
		} finally {
			await server.close();
		}
	});

	it('--bdat: the chunks hold the input unchanged', async () => {
		const seen = newBdatSeen();
		const server = await startRawServer(bdatServer({}, seen));
		try {
			const content = MESSAGES['wire-ready, ending in CRLF'];
			const {code} = await runInProcess(runSend, {...FLAGS, port: String(server.port), data: '-', bdat: true, chunkSize: '300000'}, [], {input: [Buffer.from(content)]});
			expect(code).toBe(0);
			expect(seen.chunks.length).toBeGreaterThan(1);
			expect(bdatMessage(seen).toString('latin1')).toBe(content);
		} finally {
			await server.close();
		}
	});

	it('a line over 998 octets: refused before connecting, as from a named file', async () => {
		let connected = false;
		const server = await startRawServer(async () => {
			connected = true;
		});
		try {
			const sending = runInProcess(runSend, {...FLAGS, port: String(server.port), data: '-'}, [], {input: [Buffer.from(`Subject: long\r\n\r\n${'x'.repeat(999)}\r\n`)]});
			await expect(sending).rejects.toThrow('the message on standard input: line 3 is longer than 998 octets');
			expect(connected).toBe(false);
		} finally {
			await server.close();
		}
	});
});
