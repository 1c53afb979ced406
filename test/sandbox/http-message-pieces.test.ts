// The HTTP API's message read a piece at a time, as the inbox reads it: the same JSON as mailparser's whole parse and
// one JSON.stringify give (text, HTML, parts and their checksums, the list's snippet), for the kept test messages and
// big generated ones; and serve's event loop let go while a big one is read and sent.
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {Parser} from 'htmlparser2';
import {simpleParser} from 'mailparser';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {startHttpApi, type HttpApi} from '../../source/sandbox/http-api.js';
import {Mailbox} from '../../source/sandbox/mailbox.js';
import {safeJson} from '../../source/text/escape.js';

const apis: HttpApi[] = [];
afterEach(async () => {
	await Promise.all(apis.splice(0).map(api => api.close()));
});

const session = {id: 1, remote: '127.0.0.1:50000', helo: 'test.example', listener: 'smtp' as const, tls: false as const, auth: false as const};

/** An API on a mailbox holding `raws`, as message 1, 2, … */
async function serving(...raws: Buffer[]) {
	const mailbox = await Mailbox.open({limits: {keep: 100, keepBytes: 1 << 30}});
	for (const raw of raws) await mailbox.accept({envelope: {mailFrom: {address: 'app@example.test', params: {}}, rcptTo: [{address: 'anna@example.test', params: {}}]}, session, raw, receivedAt: 0});
	const api = await startHttpApi(mailbox, {host: '127.0.0.1', port: 0}, []);
	apis.push(api);
	return `http://127.0.0.1:${api.port}`;
}

const hash = (algorithm: string, content: Buffer) => createHash(algorithm).update(content).digest('hex');

/** What the API said of a message before it was read in pieces: from mailparser's parse of it whole. */
async function wholeParse(raw: Buffer) {
	const parsed = await simpleParser(raw, {ignoreEmbedded: true, keepCidLinks: true});
	const part = (found: (typeof parsed.attachments)[number]) => ({
		PartID: found.partId ?? '1',
		ContentType: found.contentType,
		Size: found.size,
		Checksums: {MD5: hash('md5', found.content), SHA1: hash('sha1', found.content), SHA256: hash('sha256', found.content)},
	});
	return {
		html: typeof parsed.html === 'string' ? parsed.html : '',
		text: parsed.text ?? '',
		inline: parsed.attachments.filter(found => found.related).map(part),
		attachments: parsed.attachments.filter(found => !found.related).map(part),
	};
}

/** The answer to `path`: its bytes, which must be one JSON.stringify's (safeJson) of what they hold. */
async function answer(base: string, path: string) {
	const response = await fetch(base + path);
	expect(response.status).toBe(200);
	const text = await response.text();
	const body = JSON.parse(text);
	// Not toBe on megabytes: where they first differ is shown.
	const whole = `${safeJson(body)}\n`;
	const differs = [...whole].findIndex((char, index) => char !== text[index]);
	expect(differs === -1 ? '' : text.slice(differs - 40, differs + 40)).toBe(differs === -1 ? '' : whole.slice(differs - 40, differs + 40));
	expect(text.length).toBe(whole.length);
	expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
	return body;
}

async function expectSameJson(raw: Buffer) {
	const base = await serving(raw);
	const message = await answer(base, '/api/v1/message/1');
	const whole = await wholeParse(raw);
	// A message with HTML has the inbox's text (see bodyText), made from the same parts either way.
	if (!whole.html) expect(message.Text === whole.text).toBe(true);
	expect(message.HTML === whole.html).toBe(true);
	const parts = (list: Array<Record<string, unknown>>) => list.map(({PartID, ContentType, Size, Checksums}) => ({PartID, ContentType, Size, Checksums}));
	expect(parts(message.Inline)).toEqual(whole.inline);
	expect(parts(message.Attachments)).toEqual(whole.attachments);
	const [summary] = (await answer(base, '/api/v1/messages')).messages;
	expect(summary.Snippet).toBe(message.Text.replace(/\s+/g, ' ').trim().slice(0, 250));
	return message;
}

/** Lines of `line` up to `bytes`, ended by CRLF. */
const lines = (line: string, bytes: number) => `${line}\r\n`.repeat(Math.ceil(bytes / Buffer.byteLength(`${line}\r\n`)));
const MEGABYTES = 3 * 1024 * 1024;
/** Characters JSON escapes, or safeJson does (C1, bidi, a tag), a flag of tags and an emoji, across pieces. */
const prose = 'Größe: 10 € "quoted" \\ back\tslash \u0085 \u202e \u{e0041} 🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} 😀 end';

const message = (type: string, body: string) => Buffer.from(`From: App <app@example.test>\r\nTo: anna@example.test\r\nSubject: big\r\nContent-Type: ${type}\r\n\r\n${body}`);

function mixed(...parts: Array<[string, string]>): Buffer {
	const body = parts.map(([head, content]) => `--b0\r\n${head}\r\n\r\n${content}\r\n`).join('');
	return message('multipart/mixed; boundary="b0"', `${body}--b0--\r\n`);
}

describe('HTTP API: a message read in pieces answers as it did read whole', () => {
	it('the messages kept beside the tests (earlier versions\' saved mail)', async () => {
		const folder = path.join(import.meta.dirname, '../fixtures/earlier-versions/2026-11-28/mail');
		const files = readdirSync(folder).filter(name => name.endsWith('.eml'));
		expect(files.length).toBeGreaterThan(0);
		for (const name of files) await expectSameJson(readFileSync(path.join(folder, name)));
	});

	it('a big text part, its characters across pieces; its snippet from a text that starts with blanks', async () => {
		for (const pad of ['', 'x', 'xy']) {
			const {Text} = await expectSameJson(message('text/plain; charset=utf-8', lines(`${pad}${prose}`, MEGABYTES)));
			expect(Text).toContain('😀');
		}
		await expectSameJson(message('text/plain; charset=utf-8', `${' \r\n\t'.repeat(300)}${lines('a  b\t\tc', MEGABYTES)}`));
		// No ASCII for long runs: cut between characters.
		await expectSameJson(message('text/plain; charset=utf-8', '日本語のテキスト😀'.repeat(MEGABYTES / 30)));
	});

	it('a big attachment (its checksums), and a big text part beside HTML, not an alternative (in mailparser\'s HTML too)', async () => {
		const file = Buffer.alloc(MEGABYTES, 'attachment bytes ');
		await expectSameJson(mixed(['Content-Type: text/plain', 'hi'], ['Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.bin"\r\nContent-Transfer-Encoding: base64', file.toString('base64')]));
		const {HTML} = await expectSameJson(mixed(['Content-Type: text/plain; charset=utf-8', lines(prose, MEGABYTES)], ['Content-Type: text/html', '<p>Hello</p>']));
		expect(HTML).toContain('Gr&ouml;&szlig;e');
	});
});

describe('HTTP API: a big text part beside HTML (multipart/mixed), in mailparser\'s HTML too, made in pieces', () => {
	const html = ['Content-Type: text/html', '<p>Hello</p>'] as const;

	it('its characters escaped, its links made links, its paragraphs and line breaks; blanks at its ends', async () => {
		const paragraph = `${lines(`${prose} see https://example.test/a?b=1&c=2 or www.example.org, mail@example.test  `, MEGABYTES / 4)}\r\n`;
		const {HTML} = await expectSameJson(mixed(['Content-Type: text/plain; charset=utf-8', ` \r\n\r\n${paragraph.repeat(4)}\r\n \r\n`], [...html]));
		expect(HTML).toContain('<a href="https://example.test/a?b=1&c=2">');
		expect(HTML).toContain('</p><p>');
	});

	it('mailparser\'s budget for finding links (768 Mi of work for a message) spent as in the whole parse', async () => {
		// Long words with a dot cost the most to look for links in: the budget runs out a few dozen lines in.
		const text = lines(`${'x'.repeat(4000)}.test https://late.example.test/`, MEGABYTES);
		const {HTML} = await expectSameJson(mixed(['Content-Type: text/plain; charset=utf-8', text], [...html]));
		expect(HTML).toContain('<a href="https://late.example.test/">');
		// The last line's address is no link: the budget was spent.
		expect(HTML.endsWith(' https://late.example.test/</p><br/>\n<p>Hello</p>')).toBe(true);
	});
});

describe('HTTP API: serve\'s event loop let go while a big message is read', () => {
	afterEach(() => vi.restoreAllMocks());

	it('no step works on the whole of a big message in one call (its JSON, its snippet, its checksums, its text\'s HTML); a timer fires meanwhile', async () => {
		const size = 8 * 1024 * 1024;
		const base = await serving(
			mixed(['Content-Type: text/plain; charset=utf-8', lines(prose, size)], ['Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.bin"', lines('file', size)], ['Content-Type: text/html', '<p>Hello</p>']),
		);
		const longest = {json: 0, replaced: 0, hashed: 0};
		const stringify = JSON.stringify;
		vi.spyOn(JSON, 'stringify').mockImplementation((...args: Parameters<typeof JSON.stringify>) => {
			const json = stringify(...args);
			longest.json = Math.max(longest.json, json?.length ?? 0);
			return json;
		});
		const replace = String.prototype.replace;
		vi.spyOn(String.prototype, 'replace').mockImplementation(function (this: string, ...args: Parameters<typeof replace>) {
			longest.replaced = Math.max(longest.replaced, this.length);
			return replace.apply(this, args);
		});
		const hash: {update(data: Buffer): unknown} = Object.getPrototypeOf(createHash('md5'));
		const update = hash.update;
		vi.spyOn(hash, 'update').mockImplementation(function (this: unknown, data: Buffer) {
			longest.hashed = Math.max(longest.hashed, data.length);
			return update.call(this, data);
		});
		let fired = 0;
		const ticker = setInterval(() => fired++, 0);
		// fetch resolves with the answer's headers, written once its body is made.
		const response = await fetch(`${base}/api/v1/message/1`);
		clearInterval(ticker);
		vi.restoreAllMocks();
		expect(response.status).toBe(200);
		const {Text, HTML} = await response.json();
		expect(Text).toContain('😀');
		expect(HTML).toContain('&#x1F600;');
		expect(fired).toBeGreaterThan(2);
		expect(longest.json).toBeLessThan(size / 4);
		expect(longest.replaced).toBeLessThan(size / 4);
		expect(longest.hashed).toBeLessThan(size / 4);
	});
});

describe('HTTP API: an HTML part over html-to-text\'s limit (16 MiB)', () => {
	afterEach(() => vi.restoreAllMocks());

	it('is made into text up to the limit, with a line saying what is left out; nothing written to serve\'s stderr', async () => {
		const warn = vi.spyOn(console, 'warn');
		// The cut falls in a comment, cheap to convert.
		const html = `<p>Hello Ann</p><!--${'x'.repeat((1 << 24) + 2 * 1024 * 1024)}--><p>After the cut</p>`;
		const base = await serving(Buffer.from(`Subject: big\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}`));
		const {messages} = await (await fetch(`${base}/api/v1/messages`)).json();
		expect(messages).toHaveLength(1);
		const {Text, HTML} = await (await fetch(`${base}/api/v1/message/1`)).json();
		expect(Text).toBe('Hello Ann\n\n[… the rest of the HTML, 2 MiB, not shown as text]');
		expect(HTML).toContain('<p>After the cut</p>');
		expect(warn).not.toHaveBeenCalled();
	}, 60_000);
});

describe('HTTP API: an HTML-only message\'s HTML made into text once', () => {
	afterEach(() => vi.restoreAllMocks());

	it('listed, then fetched: its HTML parsed (htmlparser2, under html-to-text) once, for the text the inbox shows', async () => {
		const html = '<h1>Welcome, Anna</h1><table><tr><td>Item</td><td>Price</td></tr></table><p>Your code: <b>123456</b></p>';
		const base = await serving(message('text/html; charset=utf-8', html));
		const parsedHtml: string[] = [];
		const end = Parser.prototype.end;
		vi.spyOn(Parser.prototype, 'end').mockImplementation(function (this: Parser, chunk?: string) {
			if (chunk?.includes('Welcome, Anna')) parsedHtml.push(chunk);
			return end.call(this, chunk);
		});
		const [summary] = (await answer(base, '/api/v1/messages')).messages;
		const {Text} = await answer(base, '/api/v1/message/1');
		expect(Text).toBe('Welcome, Anna\n\nItem  Price\n\nYour code: 123456');
		expect(summary.Snippet).toBe('Welcome, Anna Item Price Your code: 123456');
		expect(parsedHtml).toHaveLength(1);
	});
});
