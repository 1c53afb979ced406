// An HTML body: multipart/alternative (text/plain first, text/html last), the text part given, made from the HTML,
// or left out; inside multipart/mixed with attachments; an HTML file streamed and checked as a body file is.
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {Readable} from 'node:stream';
import {simpleParser} from 'mailparser';
import {beforeAll, describe, expect, it} from 'vitest';
import {composeMessage, type ComposedMessage} from '../../source/message/compose.js';
import {TEXT_FROM_HTML_LIMIT} from '../../source/message/html-text.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {baseMessage} from './message-input.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('compose-html');
let dir: string;
beforeAll(async () => {
	dir = await tempDir();
});

async function bytesOf(message: ComposedMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of message.stream()) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

/** The Content-Type lines of the message's parts, in order (the top one first). */
const contentTypes = (bytes: Buffer) => [...bytes.toString('latin1').matchAll(/^Content-Type: ([^;\r]+)(?:; charset=([\w-]+))?/gm)].map(([, type, charset]) => (charset ? `${type}; ${charset}` : type));

async function refusal(input: Promise<unknown>): Promise<SmtpInputError> {
	const error = await input.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(SmtpInputError);
	return error as SmtpInputError;
}

const HTML = '<html><body><h1>Grüße</h1><p>Read <a href="https://example.com/docs?a=1&amp;b=2">the docs</a> or <a href="https://example.com/">https://example.com/</a>.</p><img src="https://t.example.com/p.gif"></body></html>\n';

describe('composeMessage with HTML', () => {
	it('puts the text part first and the HTML last, both UTF-8, and mailparser reads both back', async () => {
		const bytes = await bytesOf(await composeMessage(baseMessage({body: {kind: 'text', text: 'Grüße, plain\n'}, html: {kind: 'text', text: HTML}})));
		expect(contentTypes(bytes)).toEqual(['multipart/alternative', 'text/plain; utf-8', 'text/html; utf-8']);
		const parsed = await simpleParser(bytes);
		expect(parsed.text).toBe('Grüße, plain\n');
		expect(parsed.html).toBe(HTML);
	});

	it('makes the text part from the HTML: each link with its address (once where the words are the address), no image addresses', async () => {
		const bytes = await bytesOf(await composeMessage(baseMessage({body: {kind: 'from-html'}, html: {kind: 'text', text: HTML}})));
		expect(contentTypes(bytes)).toEqual(['multipart/alternative', 'text/plain; utf-8', 'text/html; utf-8']);
		const parsed = await simpleParser(bytes);
		expect(parsed.text).toContain('GRÜSSE');
		expect(parsed.text).toContain('Read the docs [https://example.com/docs?a=1&b=2] or https://example.com/.');
		expect(parsed.text).not.toContain('p.gif');
		expect(parsed.html).toBe(HTML);
	});

	it("sends the HTML alone for an empty text: one text/html part, no multipart", async () => {
		const bytes = await bytesOf(await composeMessage(baseMessage({body: {kind: 'text', text: ''}, html: {kind: 'text', text: '<p>only</p>'}})));
		expect(contentTypes(bytes)).toEqual(['text/html; utf-8']);
		const parsed = await simpleParser(bytes);
		expect(parsed.html).toBe('<p>only</p>\n');
		expect(parsed.text).toBe('only');
	});

	it('nests the alternatives in multipart/mixed before the attachments', async () => {
		const file = path.join(dir, 'report.csv');
		await writeFile(file, 'a,b\n1,2\n');
		const bytes = await bytesOf(await composeMessage(baseMessage({body: {kind: 'from-html'}, html: {kind: 'text', text: '<p>see the report</p>'}, attachments: [file]})));
		expect(contentTypes(bytes)).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain; utf-8', 'text/html; utf-8', 'text/csv']);
		const parsed = await simpleParser(bytes);
		expect(parsed.text).toBe('see the report');
		expect(parsed.attachments.map(attachment => attachment.filename)).toEqual(['report.csv']);
	});

	it('sends short ASCII HTML as it is (7bit), and a line over 998 octets quoted-printable, every line within 998', async () => {
		const short = await bytesOf(await composeMessage(baseMessage({html: {kind: 'text', text: '<p>hi</p>\n'}})));
		expect(short.toString('latin1')).toMatch(/Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n<p>hi<\/p>\r\n/);
		const long = `<p>${'word '.repeat(400)}</p>\n`;
		for (const html of [{kind: 'text' as const, text: long}, {kind: 'file' as const, path: path.join(dir, 'long.html')}]) {
			await writeFile(path.join(dir, 'long.html'), long);
			const message = await composeMessage(baseMessage({html}));
			const bytes = await bytesOf(message);
			expect(bytes.toString('latin1')).toMatch(/Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n/);
			expect(Math.max(...bytes.toString('latin1').split('\r\n').map(line => line.length))).toBeLessThanOrEqual(998);
			expect((await simpleParser(bytes)).html).toBe(long);
			expect(message.estimatedSize).toBeGreaterThanOrEqual(bytes.length);
		}
	});

	it('gives the exact size of typed text and HTML, and the same bytes on every stream', async () => {
		const message = await composeMessage(baseMessage({body: {kind: 'from-html'}, html: {kind: 'text', text: HTML}}));
		const bytes = await bytesOf(message);
		expect(message.sizeExact).toBe(true);
		expect(message.estimatedSize).toBe(bytes.length);
		expect(await bytesOf(message)).toEqual(bytes);
	});

	it('streams an HTML file (or standard input), making the text part from what it read', async () => {
		const file = path.join(dir, 'page.html');
		await writeFile(file, HTML);
		for (const html of [{kind: 'file' as const, path: file}, {kind: 'stdin' as const, stream: Readable.from([Buffer.from(HTML)])}]) {
			const message = await composeMessage(baseMessage({body: {kind: 'from-html'}, html}));
			const bytes = await bytesOf(message);
			expect(message.sizeExact).toBeUndefined();
			expect(message.estimatedSize).toBeGreaterThanOrEqual(bytes.length);
			const parsed = await simpleParser(bytes);
			expect(parsed.html).toBe(HTML);
			expect(parsed.text).toContain('the docs [https://example.com/docs?a=1&b=2]');
		}
	});

	it('makes the same text part from an HTML file as from the same HTML typed, read in many chunks', async () => {
		const file = path.join(dir, 'long.html');
		// Over one read chunk: the text is put together from the pieces the file was read in.
		const html = `<p>hello</p>\n${'<p>more words here</p>\n'.repeat(20_000)}`;
		await writeFile(file, html);
		const text = async (source: {kind: 'text'; text: string} | {kind: 'file'; path: string}) => (await simpleParser(await bytesOf(await composeMessage(baseMessage({body: {kind: 'from-html'}, html: source}))))).text;
		expect(await text({kind: 'file', path: file})).toBe(await text({kind: 'text', text: html}));
	});

	it('refuses an HTML file that is not UTF-8 as a body file is, naming the HTML file', async () => {
		const file = path.join(dir, 'latin1.html');
		await writeFile(file, Buffer.from('<p>caf\xe9</p>\n', 'latin1'));
		const error = await refusal(composeMessage(baseMessage({html: {kind: 'file', path: file}})));
		expect(error.message).toMatch(/^HTML file \S*latin1\.html is not valid UTF-8; the HTML is sent as UTF-8: convert it to UTF-8 first \(e\.g\. iconv -f latin1 -t utf-8 \S*latin1\.html > out\.html\), or send it with --attach$/);
		expect(error.field).toBe('HTML file');
		const missing = await refusal(composeMessage(baseMessage({html: {kind: 'file', path: path.join(dir, 'nope.html')}})));
		expect(missing.message).toMatch(/^HTML file \S*nope\.html: no such file/);
	});

	it('refuses to make the text part from HTML over the limit, but sends such HTML with a text part given', async () => {
		const file = path.join(dir, 'huge.html');
		await writeFile(file, `<p>${'x'.repeat(TEXT_FROM_HTML_LIMIT)}</p>`);
		const error = await refusal(composeMessage(baseMessage({body: {kind: 'from-html'}, html: {kind: 'file', path: file}})));
		expect(error.message).toBe(`HTML file ${file} is over 4 MiB, too large to make the text part from: give the text part with --body @FILE, or --body '' to send the HTML alone`);
		const given = await composeMessage(baseMessage({body: {kind: 'text', text: 'see the HTML'}, html: {kind: 'file', path: file}}));
		expect(given.estimatedSize).toBeGreaterThan(TEXT_FROM_HTML_LIMIT);
	});

	it('refuses typed HTML over the limit too (a paste into the dashboard), rather than stall converting it', async () => {
		const error = await refusal(composeMessage(baseMessage({body: {kind: 'from-html'}, html: {kind: 'text', text: `<p>${'x'.repeat(TEXT_FROM_HTML_LIMIT)}</p>`}})));
		expect(error.message).toBe('the HTML is over 4 MiB, too large to make the text part from: send it with smtp-tui send --html @FILE, giving the text part with --body @FILE');
		expect(error.field).toBe('HTML');
	});

	it('refuses empty HTML', async () => {
		const error = await refusal(composeMessage(baseMessage({body: {kind: 'from-html'}, html: {kind: 'text', text: ' \n'}})));
		expect(error.message).toBe('the HTML is empty; give the HTML, or send the body as plain text');
	});
});

describe('composeMessage: the images the HTML shows by Content-ID', () => {
	const broken = (cid: string) => `warning: the HTML shows cid:${cid}, and no attachment has that Content-ID: its reader sees a broken image (smtp-tui send --attach 'FILE;cid=${cid}' attaches it)`;

	it('warns of a cid: no attachment has, and of an inline file the HTML does not show; none when they match', async () => {
		const logo = path.join(dir, 'logo.png');
		await writeFile(logo, 'PNG');
		const html = '<img src="cid:logo"><img src="cid:banner">';
		const message = await composeMessage(baseMessage({html: {kind: 'text', text: html}, attachments: [{path: logo, cid: 'LOGO'}, {path: logo, cid: 'spare', filename: 'spare.png'}]}));
		expect(message.notes).toEqual([broken('banner'), 'warning: spare.png (cid:spare) is not shown by the HTML: mail programs list it as an attachment']);
		const matched = await composeMessage(baseMessage({html: {kind: 'text', text: html}, attachments: [{path: logo, cid: 'logo'}, {path: logo, cid: 'banner'}]}));
		expect(matched.notes).toBeUndefined();
		// A plain-text body is no HTML: its cid: is only words.
		expect((await composeMessage(baseMessage({body: {kind: 'text', text: '<img src="cid:x">'}}))).notes).toBeUndefined();
	});

	it('finds them in an HTML file read in pieces, one cut between two reads too, with --body given or made from it', async () => {
		// The first image's address is cut by the end of the first 256 KiB read: "cid:stra" | "ddling".
		const filler = 'x'.repeat(256 * 1024 - 21);
		const file = path.join(dir, 'big.html');
		await writeFile(file, `<p>${filler}<img src="cid:straddling"></p><img src="cid:end">`);
		for (const body of [{kind: 'text', text: 'hi'} as const, {kind: 'from-html'} as const]) {
			const message = await composeMessage(baseMessage({body, html: {kind: 'file', path: file}}));
			expect(message.notes?.filter(note => note.startsWith('warning'))).toEqual([broken('straddling'), broken('end')]);
		}
	});
});
