// A big message read for the inbox a piece at a time: the same text as read whole, and a parse given up on stops.
import {describe, expect, it, vi} from 'vitest';
import {lineText} from '../../source/smtp/reply-parser.js';
import {lineTextInPieces} from '../../source/sandbox/in-pieces.js';
import {Mailbox} from '../../source/sandbox/mailbox.js';

describe('lineTextInPieces', () => {
	it('reads bytes as lineText does whole: UTF-8, bytes that are not, and lines longer than a piece', async () => {
		const mixed = Buffer.concat([Buffer.from('é€😀 plain\n'), Buffer.from([0xff, 0xe2, 0x82, 0x0a, 0xc3]), Buffer.from('a line\r\n')]);
		const long = Buffer.from('x'.repeat(300 * 1024));
		for (const lead of [0, 1, 3]) {
			const bytes = Buffer.concat([Buffer.from('é'.repeat(lead)), ...Array.from({length: 13_000}, () => mixed), long, mixed]);
			expect(bytes.length).toBeGreaterThan(2 * 256 * 1024);
			expect(await lineTextInPieces(bytes)).toBe(lineText(bytes));
		}
	});

	it('reads a part\'s chunks as lineText reads them joined, wherever the chunks end (inside a character, a bad byte)', async () => {
		const mixed = Buffer.concat([Buffer.from('é€😀 plain\n'), Buffer.from([0xff, 0xe2, 0x82, 0x80, 0x80, 0x80, 0x80, 0xc3]), Buffer.from('a line\r\n€€')]);
		const bytes = Buffer.concat(Array.from({length: 30_000}, () => mixed));
		// Chunks of every length from 1 to 29 bytes in turn, then a few bigger than a piece.
		const chunks: Buffer[] = [];
		for (let at = 0, size = 1; at < bytes.length; size = size >= 29 ? 1 : size + 1) {
			const length = at > bytes.length / 2 ? 300_000 + size : size;
			chunks.push(bytes.subarray(at, at + length));
			at += length;
		}
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
		expect(await lineTextInPieces(chunks)).toBe(lineText(bytes));
	});
});

describe('Mailbox.parse', () => {
	it('stops once its signal is aborted, and reads the header section alone at once', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 10 << 20}});
		const body = 'a line of text\r\n'.repeat(200_000);
		const session = {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false} as const;
		const raw = Buffer.from(`Subject: =?UTF-8?Q?caf=C3=A9?=\r\nX-Long: one\r\n two\r\n\r\n${body}`);
		const {id} = await mailbox.accept({envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]}, session, raw, receivedAt: 0});
		expect(await mailbox.headerLines(id)).toEqual([
			{key: 'subject', line: 'Subject: =?UTF-8?Q?caf=C3=A9?=', decoded: 'café'},
			{key: 'x-long', line: 'X-Long: one\r\n two'},
		]);
		const parsing = new AbortController();
		const parse = mailbox.parse(id, parsing.signal);
		parsing.abort();
		await expect(parse).rejects.toThrow(/abort/i);
		// Given up on before it began (Esc while the headers were read): its body is not read, saved or not.
		const before = new AbortController();
		before.abort();
		const readBody = vi.spyOn(mailbox, 'read');
		await expect(mailbox.parse(id, before.signal)).rejects.toThrow(/abort/i);
		expect(readBody).not.toHaveBeenCalled();
		readBody.mockRestore();
		const whole = await mailbox.parse(id);
		expect(whole.text.length).toBe(body.replaceAll('\r\n', '\n').length);
		expect(whole.headerLines).toEqual(await mailbox.headerLines(id));
	});
});
