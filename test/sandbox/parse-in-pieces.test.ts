// A big text part's text made a piece at a time: the same parse as mailparser's whole (text, headers, attachments),
// for every transfer encoding and charset, and with no piece of it decoded in one call.
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {simpleParser, type ParsedMail} from 'mailparser';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {parseInPieces} from '../../source/sandbox/parse-in-pieces.js';
import {PIECE} from '../../source/sandbox/in-pieces.js';

const OPTIONS = {ignoreEmbedded: true, skipTextToHtml: true, skipTextLinks: true} as const;
/** Bigger than the part mailparser is left to decode whole. */
const BIG = 3 * 1024 * 1024;

/** Lines of `line` up to `bytes`, ended by CRLF. */
const lines = (line: string, bytes = BIG) => `${line}\r\n`.repeat(Math.ceil(bytes / Buffer.byteLength(`${line}\r\n`)));

/** Base64 in 76-column lines, as mail programs write it. */
const base64 = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

/** Quoted-printable of `text` (UTF-8): every byte above 0x7e and '=' encoded, lines cut at 76 with soft breaks. */
function quotedPrintable(text: string): string {
	return text
		.split('\r\n')
		.map(line => {
			const encoded = [...Buffer.from(line)].map(byte => (byte > 0x7e || byte === 0x3d ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte))).join('');
			return encoded.replace(/(.{72}[^=]{0,2})(?=.)/g, '$1=\r\n');
		})
		.join('\r\n');
}

const headers = (type: string, encoding?: string) => `Content-Type: ${type}\r\n${encoding ? `Content-Transfer-Encoding: ${encoding}\r\n` : ''}`;

function message(body: Buffer | string, type = 'text/plain; charset=utf-8', encoding?: string): Buffer {
	return Buffer.concat([Buffer.from(`From: a@example.test\r\nTo: b@example.test\r\nSubject: big\r\n${headers(type, encoding)}\r\n`), Buffer.from(body)]);
}

function multipart(...parts: Array<[string, Buffer | string]>): Buffer {
	return Buffer.concat([
		Buffer.from('From: a@example.test\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\nintro\r\n'),
		...parts.flatMap(([head, body]) => [Buffer.from(`--b0\r\n${head}\r\n`), Buffer.from(body), Buffer.from('\r\n')]),
		Buffer.from('--b0--\r\n'),
	]);
}

/** What the inbox reads of a parse. */
const view = (parsed: ParsedMail) => ({
	text: parsed.text,
	headerLines: parsed.headerLines,
	attachments: parsed.attachments.map(({filename, contentType, size, checksum, cid, contentDisposition}) => ({filename, contentType, size, checksum, cid, contentDisposition})),
});

async function expectSameParse(raw: Buffer) {
	const whole = view(await simpleParser(raw, OPTIONS));
	const inPieces = view(await parseInPieces(raw, OPTIONS));
	// Not toEqual on megabytes of text: a difference is found and shown where it is.
	expect(inPieces.text?.length).toBe(whole.text?.length);
	const differs = [...(whole.text ?? '')].findIndex((char, index) => char !== inPieces.text![index]);
	expect(differs === -1 ? '' : inPieces.text!.slice(differs - 40, differs + 40)).toBe(differs === -1 ? '' : whole.text!.slice(differs - 40, differs + 40));
	expect({...inPieces, text: undefined}).toEqual({...whole, text: undefined});
	return inPieces.text;
}

const prose = 'Größe: 10 €, naïve café — “quoted” 😀 and plain words to the end of the line';

describe('parseInPieces: the text of a big part, made a piece at a time, is mailparser\'s', () => {
	it('8bit UTF-8, its characters and CRLFs falling across pieces wherever they do', async () => {
		// Lines of three lengths: a piece's end meets every byte of a four-byte character and each of CR and LF.
		for (const pad of ['', 'x', 'xy']) expect(await expectSameParse(message(lines(`${pad}${prose}`), 'text/plain; charset=utf-8', '8bit'))).toContain('😀');
	});

	it('bytes that are not UTF-8 in a UTF-8 part (U+FFFD as mailparser shows them), and a lone CR', async () => {
		const bad = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9, 0xff, 0xe2, 0x82]), Buffer.from(' end\r mid\r\n')]);
		const body = Buffer.concat(Array.from({length: Math.ceil(BIG / bad.length)}, () => bad));
		expect(await expectSameParse(message(body))).toContain('\uFFFD');
	});

	it('quoted-printable with soft line breaks, and base64 (CRLFs and characters split across its lines)', async () => {
		expect(await expectSameParse(message(quotedPrintable(lines(prose)), 'text/plain; charset=utf-8', 'quoted-printable'))).toContain('€');
		expect(await expectSameParse(message(base64(Buffer.from(lines(prose))), 'text/plain; charset=utf-8', 'base64'))).toContain('😀');
		// Short lines: some decoded piece ends between a CR and its LF.
		expect(await expectSameParse(message(base64(Buffer.from(lines('ab'))), 'text/plain; charset=utf-8', 'base64'))).not.toContain('\r');
	});

	it('windows-1252 and iso-8859-1, 8bit and base64; ISO-2022-JP; an unknown charset', async () => {
		const latin = Buffer.from(lines('caf\u00e9 \u0080 \u0093quoted\u0094 \u0081 end'), 'latin1');
		expect(await expectSameParse(message(latin, 'text/plain; charset=windows-1252'))).toContain('€');
		expect(await expectSameParse(message(base64(latin), 'text/plain; charset=iso-8859-1', 'base64'))).toContain('café');
		expect(await expectSameParse(message(lines('\u001b$B$3$s$K$A$O\u001b(B abc'), 'text/plain; charset=iso-2022-jp', '7bit'))).toContain('こんにちは');
		await expectSameParse(message(lines(prose), 'text/plain; charset=x-unknown-charset'));
	});

	it('format=flowed (delsp too), a part of no text (left out, as mailparser leaves it), and UTF-16 (left to mailparser)', async () => {
		expect(await expectSameParse(message(lines('a flowed line that goes on '), 'text/plain; charset=utf-8; format=flowed'))).not.toContain('\n');
		await expectSameParse(message(lines('a flowed line that goes on '), 'text/plain; charset=utf-8; format=flowed; delsp=yes'));
		const utf16 = Buffer.from(lines('utf-16 text é'), 'utf16le');
		expect(await expectSameParse(message(base64(utf16), 'text/plain; charset=utf-16le', 'base64'))).toContain('é');
		const nothing = base64(Buffer.alloc(0)) + '!!!!\r\n'.repeat(BIG / 6);
		expect(await expectSameParse(message(nothing, 'text/plain', 'base64'))).toBeUndefined();
		expect(await expectSameParse(multipart([headers('text/plain'), 'first'], [headers('text/plain', 'base64'), nothing], [headers('text/plain'), 'last']))).toBe('first\nlast');
	});

	it('a big part among others: text parts before and after, HTML, an attachment (its size and checksum kept)', async () => {
		const raw = multipart(
			[headers('text/plain; charset=utf-8'), 'a short first part'],
			[headers('text/plain; charset=utf-8', 'quoted-printable'), quotedPrintable(lines(prose))],
			[headers('text/html; charset=utf-8'), '<p>html</p>'],
			[`${headers('application/octet-stream', 'base64')}Content-Disposition: attachment; filename="a.bin"\r\n`, base64(Buffer.alloc(BIG, 7))],
			[`${headers('text/plain')}Content-Disposition: attachment; filename="big.txt"\r\n`, lines(prose)],
			[headers('text/plain; charset=utf-8'), 'a short last part'],
		);
		const text = await expectSameParse(raw);
		expect(text!.startsWith('a short first part\nGröße')).toBe(true);
		expect(text!.endsWith('\na short last part')).toBe(true);
	});

	it('the messages kept beside the tests (earlier versions\' saved mail) parse as mailparser parses them', async () => {
		const folder = path.join(import.meta.dirname, '../fixtures/earlier-versions/2026-11-28/mail');
		const files = readdirSync(folder).filter(name => name.endsWith('.eml'));
		expect(files.length).toBeGreaterThan(0);
		for (const name of files) await expectSameParse(readFileSync(path.join(folder, name)));
	});
});

describe('parseInPieces: the source of a big HTML part, where mailparser only copies it, is mailparser\'s', () => {
	/** As the inbox and the HTTP API parse a message whose text is made from its HTML. */
	const COPIED = {...OPTIONS, skipHtmlToText: true, keepCidLinks: true} as const;
	const html = (text: string) => `<html><body>${text.replaceAll('\r\n', '<br>\r\n')}</body></html>`;

	async function expectSameHtml(raw: Buffer) {
		const [whole, inPieces] = [await simpleParser(raw, COPIED), await parseInPieces(raw, COPIED)];
		expect(inPieces.html === whole.html).toBe(true);
		expect({...view(inPieces), html: undefined}).toEqual({...view(whole), html: undefined});
		return inPieces.html as string;
	}

	it('8bit, quoted-printable and base64 UTF-8; windows-1252; beside a short text part; two of them', async () => {
		expect(await expectSameHtml(message(html(lines(prose)), 'text/html; charset=utf-8', '8bit'))).toContain('😀');
		expect(await expectSameHtml(message(quotedPrintable(html(lines(prose))), 'text/html; charset=utf-8', 'quoted-printable'))).toContain('€');
		expect(await expectSameHtml(message(base64(Buffer.from(html(lines(prose)))), 'text/html; charset=utf-8', 'base64'))).toContain('Größe');
		expect(await expectSameHtml(message(Buffer.from(html(lines('caf\u00e9 \u0080 end')), 'latin1'), 'text/html; charset=windows-1252'))).toContain('€');
		const big: [string, string] = [headers('text/html; charset=utf-8'), html(lines(prose))];
		expect(await expectSameHtml(multipart([headers('text/plain'), 'short'], big))).toContain('<br>');
		expect((await expectSameHtml(multipart(big, [headers('text/html'), '<p>between</p>'], big))).split('<p>between</p>')).toHaveLength(2);
	});

	it('left to mailparser where it makes the HTML into text, or its images inline', async () => {
		const raw = message(html(lines(prose)), 'text/html; charset=utf-8');
		for (const options of [{...OPTIONS, keepCidLinks: true}, {...OPTIONS, skipHtmlToText: true}]) expect((await parseInPieces(raw, options)).html).toBe((await simpleParser(raw, options)).html);
	});
});

describe('parseInPieces: no part of a big text decoded in one call', () => {
	afterEach(() => vi.restoreAllMocks());

	it('turns no more than a piece of bytes into text at once, and no whole part is joined into one buffer (text, and HTML)', async () => {
		const raw = message(lines(prose, 8 * 1024 * 1024), 'text/plain; charset=utf-8', '8bit');
		const htmlRaw = message(lines(`<p>${prose}</p>`, 8 * 1024 * 1024), 'text/html; charset=utf-8', '8bit');
		const longest = {text: 0, joined: 0};
		const toString = Buffer.prototype.toString;
		vi.spyOn(Buffer.prototype, 'toString').mockImplementation(function (this: Buffer, encoding?: unknown, start?: unknown, end?: unknown) {
			longest.text = Math.max(longest.text, this.length);
			return toString.call(this, encoding as BufferEncoding, start as number, end as number);
		});
		const concat = Buffer.concat;
		vi.spyOn(Buffer, 'concat').mockImplementation((list, length) => {
			const joined = concat(list, length);
			longest.joined = Math.max(longest.joined, joined.length);
			return joined;
		});
		const parsed = await parseInPieces(raw, OPTIONS);
		expect(parsed.text!.length).toBeGreaterThan(6_000_000);
		// An HTML part's source, where mailparser only copies it.
		const html = await parseInPieces(htmlRaw, {...OPTIONS, skipHtmlToText: true, keepCidLinks: true});
		expect((html.html as string).length).toBeGreaterThan(6_000_000);
		expect(longest.text).toBeLessThanOrEqual(PIECE);
		expect(longest.joined).toBeLessThanOrEqual(2 * PIECE);
	});

	it('lets the event loop go between pieces (a timer fires while the text is made), and stops once aborted', async () => {
		const raw = message(lines(prose, 8 * 1024 * 1024), 'text/plain; charset=utf-8', '8bit');
		let fired = 0;
		const ticker = setInterval(() => fired++, 0);
		await parseInPieces(raw, OPTIONS);
		clearInterval(ticker);
		expect(fired).toBeGreaterThan(2);
		const parsing = new AbortController();
		const parse = parseInPieces(raw, OPTIONS, parsing.signal);
		setImmediate(() => parsing.abort());
		await expect(parse).rejects.toThrow(/abort/i);
	});
});
