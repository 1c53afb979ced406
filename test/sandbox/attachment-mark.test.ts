// The `attach` mark (and has:attachment) read from every part of a message as it arrives, wherever the part begins:
// a file after a long text part is found, whatever chunks the message comes in and though only its first 64 KiB stay
// in memory; serve with a save folder and no --http (which keeps no body in memory) marks it in its .json, and serve
// --http over that folder finds it; plain serve, which nothing reads the mark of, does not look.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import nodemailer from 'nodemailer';
import {afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance} from 'vitest';
import {AttachmentScan} from '../../source/sandbox/attachment-scan.js';
import {headerScanBytes} from '../../source/sandbox/header-scan.js';
import {mostHeld} from './helpers/held-memory.js';
import {RawClient} from './helpers/raw-client.js';
import {startServe} from './helpers/serve-in-process.js';
import {waitFor} from './helpers/wait.js';

type Mail = ConstructorParameters<typeof MailComposer>[0];

const build = (mail: Mail) => new MailComposer({from: 'app@example.test', to: 'you@example.test', subject: 'x', ...mail}).compile().build();

/** Longer than the 64 KiB a message's scans read of it. */
const LONG_TEXT = 'a few words of a long report\n'.repeat((3 * headerScanBytes) / 29);
const PDF = {filename: 'report.pdf', content: '%PDF-1.4', contentType: 'application/pdf'};

/** AttachmentScan's answer for `message` pushed in chunks of `size` bytes. */
function scanned(message: Buffer, size: number): boolean {
	const scan = new AttachmentScan();
	for (let at = 0; at < message.length; at += size) scan.push(message.subarray(at, at + size));
	return scan.end();
}

const CHUNKS = [1 << 30, 64 * 1024, 16 * 1024, 1000, 7];

describe('AttachmentScan', () => {
	it.each(CHUNKS)('finds a file after a long text part, or after a long HTML body and an inline image, in chunks of %i bytes', async size => {
		expect(scanned(await build({text: LONG_TEXT, attachments: [PDF]}), size)).toBe(true);
		const newsletter = await build({text: 'Hi', html: `<p>${LONG_TEXT}<img src="cid:logo"></p>`, attachments: [{filename: 'logo.png', content: 'png', cid: 'logo'}, PDF]});
		expect(scanned(newsletter, size)).toBe(true);
	});

	it.each(CHUNKS)('finds none in a long message with only an inline image, or "attachment" only in its text, in chunks of %i bytes', async size => {
		expect(scanned(await build({text: LONG_TEXT, html: '<p><img src="cid:logo"></p>', attachments: [{filename: 'logo.png', content: 'png', cid: 'logo'}]}), size)).toBe(false);
		expect(scanned(await build({text: `${LONG_TEXT}Content-Disposition: attachment; filename=x.pdf\n`}), size)).toBe(false);
		expect(scanned(Buffer.from(`Subject: no parts\r\n\r\n${LONG_TEXT}--b\r\nContent-Type: application/pdf\r\n\r\nJVBER\r\n`), size)).toBe(false);
	});

	it('finds a message that is itself a file (application/pdf), and a part marked as nothing after nested parts', async () => {
		expect(scanned(Buffer.from('Content-Type: application/pdf\r\n\r\nJVBER\r\n'), 1000)).toBe(true);
		const nested = `Content-Type: multipart/mixed; boundary="out"\r\n\r\n--out\r\nContent-Type: multipart/alternative; boundary="in"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\n${LONG_TEXT}\r\n--in--\r\n--out\r\nContent-Type: application/pdf; name="a.pdf"\r\n\r\nJVBER\r\n--out--\r\n`;
		expect(scanned(Buffer.from(nested), 4096)).toBe(true);
	});
});

describe('AttachmentScan of a client that sends a byte at a time', () => {
	it('holds the bytes it keeps, not a Buffer object for each of them', () => {
		// Multipart, so the scan keeps the last 2 * 65 KiB until it reads their parts.
		const message = Buffer.from(`Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${LONG_TEXT}`);
		const scan = new AttachmentScan();
		// Measured just before the scan looks at what it holds, when it holds the most.
		const held = mostHeld(message.length, 32 * 1024, at => scan.push(message.subarray(at, at + 1)));
		expect(scan.end()).toBe(false);
		// About 130 KiB of message; a Buffer for each byte held was over 10 MB.
		expect(held).toBeLessThan(2 * 1024 * 1024);
	});
});

/** A multipart message whose last line is "--", shorter than its boundary: as a mailer's signature cut short ends one. */
const ENDS_SHORT = 'Content-Type: multipart/mixed; boundary="abcdef"\r\n\r\n--abcdef\r\nContent-Type: text/plain\r\n\r\nhi\r\n--\r\n';

describe('a message ending in a line shorter than its boundary', () => {
	it('is scanned, not thrown on (Buffer.compare past the end)', () => {
		expect(scanned(Buffer.from(ENDS_SHORT), 1 << 30)).toBe(false);
		expect(scanned(Buffer.from(`${ENDS_SHORT.slice(0, -4)}--ab`), 7)).toBe(false);
	});

	it('is accepted by serve, which serves on', async () => {
		const serving = await startServe({starttls: false});
		try {
			const client = await RawClient.connect(serving.port);
			await client.reply();
			for (const line of ['EHLO client.test', 'MAIL FROM:<app@example.test>', 'RCPT TO:<you@example.test>']) expect((await client.command(line)).code).toBe(250);
			expect((await client.command('DATA')).code).toBe(354);
			expect((await client.command(`${ENDS_SHORT}.`)).code).toBe(250);
			expect((await client.command('NOOP')).code).toBe(250);
			client.end();
		} finally {
			await serving.stop();
		}
	});
});

describe('serve --save-dir without --http (no body kept in memory)', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-attach-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	it('marks a file after a long text part in its .json, and serve --http over the folder finds it by has:attachment', async () => {
		const saving = await startServe({saveDir: dir, starttls: false});
		try {
			const client = nodemailer.createTransport({host: '127.0.0.1', port: saving.port, ignoreTLS: true});
			await client.sendMail({from: 'app@example.test', to: 'you@example.test', subject: 'Report', text: LONG_TEXT, attachments: [PDF]});
			await client.sendMail({from: 'app@example.test', to: 'you@example.test', subject: 'Long note', text: LONG_TEXT});
		} finally {
			await saving.stop();
		}
		expect(JSON.parse(readFileSync(path.join(dir, '1.json'), 'utf8'))).toMatchObject({subject: 'Report', attachment: true});
		expect(JSON.parse(readFileSync(path.join(dir, '2.json'), 'utf8')).attachment).toBeUndefined();
		const serving = await startServe({saveDir: dir, http: '0', starttls: false});
		try {
			const [, line, json] = await waitFor(() => /HTTP API on (http:\S+) |"url":"(http:[^"]+)"/.exec(serving.out()), 'the HTTP API line');
			const response = await fetch(`${line ?? json}/api/v1/search?query=has:attachment`);
			expect(((await response.json()) as {messages: Array<{ID: string}>}).messages.map(message => message.ID)).toEqual(['1']);
		} finally {
			await serving.stop();
		}
	});
});

describe('the attach scan, only where something reads the mark', () => {
	// Counts the scan's calls; only while these tests run (it keeps what each call was given).
	let scans: MockInstance<AttachmentScan['push']>;
	beforeEach(() => {
		scans = vi.spyOn(AttachmentScan.prototype, 'push');
	});
	afterEach(() => scans.mockRestore());

	/** Sends a report with a PDF after a long text part to `port`. */
	async function sendReport(port: number) {
		const client = nodemailer.createTransport({host: '127.0.0.1', port, ignoreTLS: true});
		await client.sendMail({from: 'app@example.test', to: 'you@example.test', subject: 'Report', text: LONG_TEXT, attachments: [PDF]});
	}

	it('does not run in plain serve (no --http, no --save-dir): nothing lists the message or keeps its record', async () => {
		const serving = await startServe({starttls: false});
		try {
			await sendReport(serving.port);
			await waitFor(() => /accepted message 1 .*"Report"/.exec(serving.out()), 'the accepted line');
		} finally {
			await serving.stop();
		}
		expect(scans).not.toHaveBeenCalled();
	});

	it('runs in serve --http, whose search finds the file', async () => {
		const serving = await startServe({http: '0', starttls: false});
		try {
			await sendReport(serving.port);
			const [, line, json] = await waitFor(() => /HTTP API on (http:\S+) |"url":"(http:[^"]+)"/.exec(serving.out()), 'the HTTP API line');
			const response = await fetch(`${line ?? json}/api/v1/search?query=has:attachment`);
			expect(((await response.json()) as {messages: Array<{Subject: string}>}).messages.map(message => message.Subject)).toEqual(['Report']);
		} finally {
			await serving.stop();
		}
		expect(scans).toHaveBeenCalled();
	});
});
