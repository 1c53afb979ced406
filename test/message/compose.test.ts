import {isAscii} from 'node:buffer';
import {randomBytes} from 'node:crypto';
import {mkdir, open, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {Readable} from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import {simpleParser, type AddressObject} from 'mailparser';
import MimeNode from 'nodemailer/lib/mime-node';
import {beforeAll, describe, expect, it, vi} from 'vitest';
import {composeMessage, rawMessage, type ComposedMessage} from '../../source/message/compose.js';
import {parseHeaderArgument} from '../../source/message/header-checks.js';
import {baseMessage} from './message-input.js';
import {splitAddressList} from '../../source/message/lists.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('compose');
let dir: string;
beforeAll(async () => {
	dir = await tempDir();
});

const base = baseMessage;

async function bytesOf(message: ComposedMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of message.stream()) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

const headerBlock = (bytes: Buffer) => bytes.toString('latin1').split('\r\n\r\n')[0]!;
const addresses = (field: AddressObject | AddressObject[] | undefined) => [field ?? []].flat().flatMap(object => object.value.map(value => value.address));
const BARE_LINE_BREAK = /\r(?!\n)|(?<!\r)\n/;

async function refusal(input: Promise<unknown> | (() => unknown)): Promise<SmtpInputError> {
	try {
		await (typeof input === 'function' ? input() : input);
	} catch (error) {
		expect(error).toBeInstanceOf(SmtpInputError);
		return error as SmtpInputError;
	}
	throw new Error('expected an SmtpInputError, but nothing was thrown');
}

describe('composeMessage', () => {
	it("makes the Message-ID from the sender's domain, in punycode when it is internationalised", async () => {
		const messageId = async (from: string) => /^Message-ID: (.*)$/im.exec(headerBlock(await bytesOf(await composeMessage(base({from})))))?.[1];
		expect(await messageId('sender@example.com')).toMatch(/^<[\w-]+@example\.com>$/);
		expect(await messageId('müller@bücher.example')).toMatch(/^<[\w-]+@xn--bcher-kva\.example>$/);
	});

	it('builds a message mailparser reads back: addresses, RFC 2047 subject, attachments, Bcc only in the envelope', async () => {
		const binary = randomBytes(50_000);
		const text = Buffer.from('line one\nline two\r\nline three\n');
		await writeFile(path.join(dir, 'photo.bin'), binary);
		await writeFile(path.join(dir, 'notes.txt'), text);
		const message = await composeMessage(
			base({
				from: 'Jöhn Dœ <john@example.com>',
				to: ['ann@example.org, "Smith, Bob" <bob@example.org>'],
				cc: ['carol@example.net'],
				bcc: ['hidden@example.com', 'ann@example.org'],
				subject: 'Grüße aus Köln',
				body: {kind: 'text', text: 'Hallo Welt,\nschöne Grüße.\n'},
				headers: [{name: 'X-Workshop', value: 'step 3'}],
				attachments: [path.join(dir, 'photo.bin'), path.join(dir, 'notes.txt')],
			}),
		);
		expect(message.envelope).toEqual({
			from: 'john@example.com',
			to: ['ann@example.org', 'bob@example.org', 'carol@example.net', 'hidden@example.com'],
		});

		const bytes = await bytesOf(message);
		const headers = headerBlock(bytes);
		expect(headers).not.toMatch(/^bcc:/im);
		expect(bytes.includes('hidden@example.com')).toBe(false);
		expect(headers).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
		expect(headers).toMatch(/^X-Workshop: step 3$/m);
		expect(bytes.toString('latin1')).not.toMatch(BARE_LINE_BREAK);

		const parsed = await simpleParser(bytes);
		expect(parsed.from?.value).toEqual([{name: 'Jöhn Dœ', address: 'john@example.com'}]);
		expect(addresses(parsed.to)).toEqual(['ann@example.org', 'bob@example.org']);
		expect(addresses(parsed.cc)).toEqual(['carol@example.net']);
		expect(parsed.bcc).toBeUndefined();
		expect(parsed.subject).toBe('Grüße aus Köln');
		expect(parsed.text).toBe('Hallo Welt,\nschöne Grüße.\n');
		expect(parsed.headers.get('x-workshop')).toBe('step 3');
		expect(parsed.attachments.map(a => a.filename)).toEqual(['photo.bin', 'notes.txt']);
		expect(parsed.attachments[0]!.content.equals(binary)).toBe(true);
		// Attachments are base64: their bytes, bare LF included, come back exactly.
		expect(parsed.attachments[1]!.content.equals(text)).toBe(true);
	});

	it('labels a UTF-8 text attachment so, and leaves ASCII, Latin-1 and non-text files as their names type them', async () => {
		const files = {
			'café.txt': Buffer.from('Grüße aus Köln, 日本\n'),
			'plain.txt': Buffer.from('only ascii\n'),
			'latin1.csv': Buffer.from('caf\xe9;1\n', 'latin1'),
			'data.json': Buffer.from('{"name": "Jöhn"}\n'),
		};
		for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(dir, name), bytes);
		const message = await composeMessage(base({attachments: Object.keys(files).map(name => path.join(dir, name))}));
		const parsed = await simpleParser(await bytesOf(message));
		const charset = (a: (typeof parsed.attachments)[number]) => (a.headers.get('content-type') as {params: Record<string, string>}).params.charset;
		expect(parsed.attachments.map(a => [a.filename, a.contentType, charset(a)])).toEqual([
			['café.txt', 'text/plain', 'utf-8'],
			['plain.txt', 'text/plain', undefined],
			['latin1.csv', 'text/csv', undefined],
			['data.json', 'application/json', undefined],
		]);
		// The label only names the bytes: they go unchanged.
		expect(parsed.attachments.map(a => a.content)).toEqual(Object.values(files));
	});

	it('names an attachment whose file name is decomposed (NFD, as macOS writes names) in its composed form (NFC)', async () => {
		const names = ['보고서.txt', 'Résumé.pdf'];
		for (const name of names) await writeFile(path.join(dir, name.normalize('NFD')), 'x\n');
		const message = await composeMessage(base({attachments: [path.join(dir, names[0]!.normalize('NFD')), {path: path.join(dir, names[1]!.normalize('NFD')), filename: 'CV Zoë.pdf'.normalize('NFD')}]}));
		const parsed = await simpleParser(await bytesOf(message));
		expect(parsed.attachments.map(a => a.filename)).toEqual(['보고서.txt', 'CV Zoë.pdf']);
	});

	it('estimates the size from above and within a few octets; every stream() sends the same bytes', async () => {
		await writeFile(path.join(dir, 'body.txt'), `Grüße\nbare\rcr\n${'x'.repeat(300)}\n`);
		await writeFile(path.join(dir, 'data.bin'), randomBytes(123_457));
		const message = await composeMessage(base({body: {kind: 'file', path: path.join(dir, 'body.txt')}, attachments: [path.join(dir, 'data.bin')]}));
		const first = await bytesOf(message);
		const second = await bytesOf(message);
		expect(second.equals(first)).toBe(true);
		expect(message.estimatedSize).toBeGreaterThanOrEqual(first.length);
		expect(message.estimatedSize! - first.length).toBeLessThan(16);
		expect(first.toString('latin1')).not.toMatch(BARE_LINE_BREAK);
		expect((await simpleParser(first)).text).toBe(`Grüße\nbare\ncr\n${'x'.repeat(300)}\n`);
	});

	it('leaves out a byte order mark at the start of a body file or stdin, so an ASCII body still goes 7bit', async () => {
		const bom = Buffer.from([0xef, 0xbb, 0xbf]);
		const file = path.join(dir, 'bom-body.txt');
		await writeFile(file, Buffer.concat([bom, Buffer.from('saved on Windows\n')]));
		for (const body of [{kind: 'file', path: file} as const, {kind: 'stdin', stream: Readable.from([bom, Buffer.from('saved on Windows\n')])} as const]) {
			const message = await composeMessage(base({body}));
			const bytes = await bytesOf(message);
			expect(bytes.includes(bom)).toBe(false);
			expect(bytes.toString()).toMatch(/^Content-Transfer-Encoding: 7bit\r\n[\s\S]*\r\n\r\nsaved on Windows\r\n$/);
			expect(message.estimatedSize).toBeGreaterThanOrEqual(bytes.length);
			expect(message.notes).toEqual([`note: ${body.kind === 'file' ? `body file ${file}` : 'the body on standard input'} begins with a UTF-8 byte order mark (EF BB BF, which some Windows editors write): it is left out, as it would be an invisible character at the start of the text`]);
		}
	});

	it('reads a body from stdin once and can stream it again', async () => {
		const message = await composeMessage(base({body: {kind: 'stdin', stream: Readable.from([Buffer.from('from a '), Buffer.from('pipe\n')])}}));
		const first = await bytesOf(message);
		expect((await bytesOf(message)).equals(first)).toBe(true);
		expect((await simpleParser(first)).text).toBe('from a pipe\n');
		expect(message.estimatedSize).toBeGreaterThanOrEqual(first.length);
	});

	it('sends a typed body 7bit while every line is at most 998 octets, else quoted-printable; any line break, any line', async () => {
		const encoding = async (text: string) => /^Content-Transfer-Encoding: (.*)$/im.exec(headerBlock(await bytesOf(await composeMessage(base({body: {kind: 'text', text}})))))?.[1];
		for (const lineBreak of ['\r\n', '\n', '\r']) {
			for (const at of [0, 1, 2]) {
				const lines = ['short', 'b'.repeat(997), 'c'];
				lines[at] = 'a'.repeat(998);
				expect(await encoding(lines.join(lineBreak))).toBe('7bit');
				lines[at] = 'a'.repeat(999);
				expect(await encoding(lines.join(lineBreak))).toBe('quoted-printable');
			}
			// The last line without a line break counts too, and a line break ends a line without being part of it.
			expect(await encoding(`${'a'.repeat(998)}${lineBreak}`)).toBe('7bit');
		}
		const bytes = await bytesOf(await composeMessage(base({body: {kind: 'text', text: `${'a'.repeat(998)}\n${'b'.repeat(998)}\r`}})));
		expect(bytes.toString('latin1').split('\r\n\r\n')[1]).toBe(`${'a'.repeat(998)}\r\n${'b'.repeat(998)}\r\n`);
	});

	it('composes a 4 MB body of 990-octet lines as 7bit, its lines checked in one pass', async () => {
		// A regex that counted 999 characters from every position took 8 s for this; the pass takes milliseconds.
		const text = `${'y'.repeat(990)}\n`.repeat(4200);
		const message = await composeMessage(base({body: {kind: 'text', text}}));
		const bytes = await bytesOf(message);
		expect(headerBlock(bytes)).toContain('Content-Transfer-Encoding: 7bit');
		expect(bytes.length).toBe(message.estimatedSize);
	});

	it('builds a typed message without attachments once: each stream() sends the bytes compose made', async () => {
		const builds = vi.spyOn(MimeNode.prototype, 'createReadStream');
		try {
			const message = await composeMessage(base({body: {kind: 'text', text: `Grüße\n${'long line '.repeat(200)}\n`}}));
			const first = await bytesOf(message);
			expect((await bytesOf(message)).equals(first)).toBe(true);
			expect(builds).toHaveBeenCalledTimes(1);
			expect(first.length).toBe(message.estimatedSize);
			expect((await simpleParser(first)).text).toBe(`Grüße\n${'long line '.repeat(200)}\n`);
		} finally {
			builds.mockRestore();
		}
	});

	it('keeps an empty body as an empty text part', async () => {
		const parsed = await simpleParser(await bytesOf(await composeMessage(base({body: {kind: 'text', text: ''}}))));
		expect(parsed.text ?? '').toBe('');
		expect(parsed.headers.get('content-type')).toMatchObject({value: 'text/plain'});
	});

	it('folds long subjects under 998 octets per line, even one long word', async () => {
		for (const subject of ['word '.repeat(600).trim(), `x${'A'.repeat(1500)}`, `Ü${'é'.repeat(800)}`]) {
			const bytes = await bytesOf(await composeMessage(base({subject})));
			for (const line of headerBlock(bytes).split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
			expect((await simpleParser(bytes)).subject).toBe(subject);
		}
	});

	it('encodes a subject (RFC 2047) only when it has a run of 900 non-blank characters, which plain text cannot fold', async () => {
		// The field unfolded: its value as one line.
		const subject = async (text: string) => /^Subject:(.*)$/im.exec(headerBlock(await bytesOf(await composeMessage(base({subject: text})))).replace(/\r\n(?=[ \t])/g, ''))![1]!.trim();
		expect(await subject(`${'a'.repeat(899)} b\t${'c'.repeat(899)}`)).toBe(`${'a'.repeat(899)} b\t${'c'.repeat(899)}`);
		expect(await subject(`b ${'a'.repeat(900)}`)).toMatch(/^=\?UTF-8\?Q\?/);
	});

	it('refuses a custom header whose word cannot be folded, naming it', async () => {
		const error = await refusal(composeMessage(base({headers: [{name: 'X-Token', value: 'T'.repeat(1200)}]})));
		expect(error.field).toBe('header X-Token');
	});

	it('says eightBit exactly when the bytes hold 8-bit octets', async () => {
		const encoded = await composeMessage(base({subject: 'Ärger', body: {kind: 'text', text: 'naïve café\n'}}));
		expect(encoded.eightBit).toBe(false);
		expect(isAscii(await bytesOf(encoded))).toBe(true);

		const utf8Address = await composeMessage(base({to: ['jürgen@example.org']}));
		expect(utf8Address.eightBit).toBe(true);
		// Raw UTF-8 can only be in its headers (an address): SMTPUTF8 is what they need.
		expect(utf8Address.utf8Headers).toBe(true);
		expect(encoded).not.toHaveProperty('utf8Headers');
		expect(isAscii(await bytesOf(utf8Address))).toBe(false);
	});

	it('writes header names as typed, where MailComposer would re-case them', async () => {
		const headers = [{name: 'X-MixedCase', value: 'a'}, {name: 'x-lower-case', value: 'b'}, {name: 'X-MS-Exchange-Organization-SCL', value: '-1'}];
		const block = headerBlock(await bytesOf(await composeMessage(base({headers}))));
		const lines = block.split('\r\n');
		for (const {name, value} of headers) expect(lines).toContain(`${name}: ${value}`);
		// The composed ones keep their usual form.
		expect(block).toMatch(/^MIME-Version: 1\.0\r$/m);
	});

	it('takes a group in a header that replaces the composed one, written as typed: the empty one of a Bcc-only message too', async () => {
		const empty = headerBlock(await bytesOf(await composeMessage(base({headers: [{name: 'To', value: 'Undisclosed recipients:;'}]}))));
		expect(empty.split('\r\n')).toContain('To: Undisclosed recipients:;');
		const team = await simpleParser(await bytesOf(await composeMessage(base({headers: [{name: 'Cc', value: 'Team: a@example.org, b@example.org;'}]}))));
		expect(team.headers.get('cc')).toMatchObject({text: expect.stringContaining('Team')});
		// Its members are still checked; the envelope still follows the To field.
		const error = await refusal(composeMessage(base({headers: [{name: 'To', value: 'Team: a@example.org, nobody;'}]})));
		expect(error.message).toMatch(/^header To "nobody" is not an address/);
	});

	it.each(['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID'])('a custom %s header replaces the composed one: the message has it once, with the value given', async name => {
		const value = {From: 'Team <team@example.org>', To: 'list@example.org', Cc: 'copy@example.org', Subject: 'Custom', Date: 'Mon, 1 Jan 2024 00:00:00 +0000', 'Message-ID': '<custom@example.org>'}[name]!;
		const lines = headerBlock(await bytesOf(await composeMessage(base({cc: ['cc@example.org'], headers: [{name, value}]})))).split('\r\n');
		expect(lines.filter(line => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))).toEqual([`${name}: ${value}`]);
	});

	it.each(['Sender', 'Reply-To', 'Date', 'Message-ID', 'In-Reply-To', 'References'])('refuses a second %s header (RFC 5322 §3.6 allows one)', async name => {
		const value = {Sender: 'a@example.org', 'Reply-To': 'a@example.org', Date: 'Mon, 1 Jan 2024 00:00:00 +0000', 'Message-ID': '<a@example.org>', 'In-Reply-To': '<a@example.org>', References: '<a@example.org>'}[name]!;
		const error = await refusal(composeMessage(base({headers: [{name, value}, {name, value}]})));
		expect(error.field).toBe(`header ${name}`);
		expect(error.message).toBe(`${name} may appear only once in a message`);
	});

	it('lets a custom header replace the composed one, but not the envelope', async () => {
		const message = await composeMessage(
			base({subject: 'ignored', headers: [{name: 'Subject', value: 'Custom'}, {name: 'To', value: 'Team <team@example.org>'}]}),
		);
		const bytes = await bytesOf(message);
		expect(headerBlock(bytes).match(/^Subject:/gim)).toHaveLength(1);
		const parsed = await simpleParser(bytes);
		expect(parsed.subject).toBe('Custom');
		expect(addresses(parsed.to)).toEqual(['team@example.org']);
		expect(message.envelope.to).toEqual(['rcpt@example.org']);
	});

	it.each([
		['From', base({from: 'a@example.com\r\nBcc: x@evil.example'}), 'From address'],
		['To', base({to: ['a@example.org\nRCPT TO:<x@evil.example>']}), 'To address'],
		['Cc', base({cc: ['c@example.org\r']}), 'Cc address'],
		['Bcc', base({bcc: ['b@example.org\0']}), 'Bcc address'],
		['Subject', base({subject: 'hi\r\nBcc: x@evil.example'}), 'header Subject'],
		['extra header value', base({headers: [{name: 'X-A', value: 'v\nX-B: injected'}]}), 'header X-A'],
		['extra header name', base({headers: [{name: 'X-A\r\nX-B', value: 'v'}]}), 'header X-A\r\nX-B'],
		['attachment name', base({attachments: ['evil\r\nContent-Type: text/html.txt']}), 'attachment file name'],
		['Message-ID', base({messageId: '<a@b>\r\nX: y'}), 'header Message-ID'],
	])('refuses CR, LF or NUL in %s, naming the field', async (_name, input, field) => {
		const error = await refusal(composeMessage(input));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(/carriage return|line feed|NUL/);
	});

	it('names which of CR, LF and NUL it found', async () => {
		expect((await refusal(composeMessage(base({bcc: ['b@example.org\0']})))).message).toMatch(/^Bcc address contains a NUL byte; /);
		expect((await refusal(composeMessage(base({subject: 'a\rb'})))).message).toMatch(/^header Subject contains a carriage return \(CR\); /);
		expect((await refusal(composeMessage(base({subject: 'a\nb'})))).message).toMatch(/^header Subject contains a line feed \(LF\); /);
	});

	it.each([
		['Subject', base({subject: 'hi\x1b]0;T\x07'}), 'header Subject', '(ESC, \\x1b)'],
		['Subject', base({subject: 'del\x7f'}), 'header Subject', '(DEL, \\x7f)'],
		['extra header value', base({headers: [{name: 'X-A', value: 'next\u0085line'}]}), 'header X-A', '(NEL, \\x85)'],
	])('refuses ESC, DEL and C1 controls in %s, which RFC 2047 would carry to the reader', async (_name, input, field, character) => {
		const error = await refusal(composeMessage(input));
		expect(error.field).toBe(field);
		expect(error.message).toBe(`${field} contains a control character ${character}; it is refused because the recipient's mail program would decode it back into a terminal escape`);
	});

	it('keeps a tab in the Subject', async () => {
		const message = await composeMessage(base({subject: 'a\tb'}));
		expect((await simpleParser(await bytesOf(message))).subject).toBe('a\tb');
	});

	it.each([
		[base({to: ['bob']}), 'To address', '"bob"'],
		[base({cc: ['alice@']}), 'Cc address', 'alice@'],
		[base({to: ['@example.org']}), 'To address', 'nothing before the @'],
		[base({to: ['a@b@example.org']}), 'To address', '"a@b@example.org" has more than one @'],
		// Pasted from a word processor: the quotes would be part of the domain.
		[base({to: ['\u201Cfriend@example.test\u201D']}), 'To address', 'has typographic quotes (\u201C), as a word processor writes them: remove them'],
		[base({from: '\u2018me@example.test\u2019'}), 'From address', 'has typographic quotes'],
		[base({to: ['friend@example.test.']}), 'To address', 'ends with a dot ("example.test."): remove it'],
		[base({cc: ['friend@example..test']}), 'Cc address', 'has an empty part in its domain'],
		[base({to: ['one@example.org two@example.org']}), 'To address', 'commas'],
		[base({to: ['a b@example.org']}), 'To address', '"a b@example.org" has a space in it'],
		[base({from: 'a b@example.org'}), 'From address', 'has a space in it'],
		// The parser would join these into zz@d.test: a different mailbox than the one typed.
		[base({to: ['zz @d.test']}), 'To address', '"zz @d.test" has a space in an address; an address is one word ("zz@d.test" without it?)'],
		[base({cc: ['zz\t@d.test']}), 'Cc address', 'has a space in an address'],
		[base({bcc: ['zz@\u00A0d.test']}), 'Bcc address', 'has a space in an address'],
		[base({to: ['Ann <ann @d.test>']}), 'To address', 'has a space in an address'],
		// Two addresses missing a comma: quoted as typed, not as the parser reorders them ("c@d.test <b@d.test>").
		[base({to: ['b@d.test c@d.test']}), 'To address', '"b@d.test c@d.test" looks like two addresses; separate addresses with commas'],
		[base({to: ['b@d.test c@d.test e@d.test']}), 'To address', 'looks like several addresses; separate addresses with commas'],
		// Control characters the parser would drop (a\x01b becomes ab) or quote: another mailbox than typed.
		[base({to: ['a\u0001b@x.test']}), 'To address', 'contains a control character (U+0001)'],
		[base({from: 'm\u001Be@example.test'}), 'From address', '(U+001B)'],
		[base({cc: ['a\u007Fb@x.test']}), 'Cc address', '(U+007F)'],
		[base({bcc: ['a@x\u0085.test']}), 'Bcc address', '"a@x\\u0085.test" contains a control character (U+0085)'],
		[base({to: ['a\uFFFDb@x.test']}), 'To address', 'contains a byte that is not UTF-8 (U+FFFD stands in for it)'],
		// A group flattened keeps only its members: the address typed first would be dropped without a word.
		[base({to: ['friend@example.test x: <evil@x.test>']}), 'To address', '"friend@example.test x: <evil@x.test>" reads as a group (a name, a colon, then addresses), whose name "friend@example.test x" would be dropped'],
		[base({from: 'Me: <evil@x.test>'}), 'From address', 'reads as a group'],
		[base({to: ['undisclosed-recipients:;']}), 'To address', 'reads as a group'],
		// A line separator is no space: refused and shown escaped, not raw (it would break the line it is shown on).
		[base({from: 'x@y.test\u2028RCPT TO:<evil@x.test>'}), 'From address', '"x@y.test\\u2028RCPT TO:<evil@x.test>" contains a line separator (U+2028)'],
		// Invisible and bidi characters: a mailbox that cannot be seen as shown (or trimmed away at the end).
		[base({to: ['a\u202Eb@example.test']}), 'To address', '"a\\u202eb@example.test" contains an invisible or bidi character (U+202E)'],
		[base({cc: ['ab\u200B@example.test']}), 'Cc address', 'contains an invisible or bidi character (U+200B)'],
		[base({to: ['ab@example.test\u200B']}), 'To address', '(U+200B)'],
		[base({from: 'Ann \u202Egnp.exe <ann@example.test>'}), 'From address', 'has U+202E (RIGHT-TO-LEFT OVERRIDE) in the display name'],
		[base({to: ['<>']}), 'To address', 'empty'],
		[base({from: ''}), 'From address', 'empty'],
		[base({from: 'a@example.com, b@example.com'}), 'From address', 'one address'],
		[base({to: [], cc: [], bcc: []}), 'To address', 'no recipient'],
		[base({headers: [{name: 'Reply-To', value: 'nobody'}]}), 'header Reply-To', 'nobody'],
		// Every header that holds addresses is checked as the address fields are.
		[base({headers: [{name: 'Sender', value: 'nobody'}]}), 'header Sender', 'nobody'],
		[base({headers: [{name: 'Cc', value: 'a b@example.org'}]}), 'header Cc', 'has a space in it'],
	])('refuses an unusable address (%#)', async (input, field, text) => {
		const error = await refusal(composeMessage(input));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});

	it.each([
		// The message names the way that works, in the dashboard's composer (a field) and on the command line (a flag).
		['Bcc', 'x@example.org', 'give them in the Bcc field, which goes only into the envelope'],
		['Content-Type', 'text/html', "MIME structure); it cannot be set by hand: for HTML, send the body as HTML (smtp-tui send --html; the composer's Body as); for your own MIME, send a ready-made message with smtp-tui send --data @FILE"],
		['MIME-Version', '1.0', 'smtp-tui send --data @FILE'],
		['Content-Transfer-Encoding', '8bit', 'is written by the composer (MIME structure)'],
	])('refuses a %s header', async (name, value, text) => {
		const error = await refusal(composeMessage(base({headers: [{name, value}]})));
		expect(error.field).toBe(`header ${name}`);
		expect(error.message).toContain(text);
	});

	it('keeps the direction marks of a display name (LRM, RLM), as names copied from contacts carry them', async () => {
		const composed = await composeMessage(base({from: 'محمد\u200F <m@example.test>', to: ['"שרה\u200F" <s@example.test>'], cc: ['\u200EMüller <mu@example.test>']}));
		expect(composed.envelope).toEqual({from: 'm@example.test', to: ['s@example.test', 'mu@example.test']});
		const parsed = await simpleParser(await bytesOf(composed));
		expect(parsed.from?.value[0]?.name).toBe('محمد\u200F');
	});

	it.each([
		// In the display name: refused for what it does there, by the character's name; the mail would go to the right place.
		['Ann \u202Egnp.exe <ann@example.test>', '"Ann \\u202egnp.exe <ann@example.test>" has U+202E (RIGHT-TO-LEFT OVERRIDE) in the display name: it can make the name read differently from what it is; remove it'],
		['"Ann\u2066" <ann@example.test>', 'has U+2066 (LEFT-TO-RIGHT ISOLATE) in the display name: it can make the name read differently'],
		['A\u200Bnn <ann@example.test>', 'has U+200B (ZERO WIDTH SPACE) in the display name: it is invisible'],
		// In the mailbox, a mark is refused as before: it would be dropped, and the mail go elsewhere.
		['Ann <an\u200Fn@example.test>', 'contains an invisible or bidi character (U+200F); it would be dropped or changed, and the mail would go to another address'],
		['an\u200En@example.test', 'contains an invisible or bidi character (U+200E)'],
	])('says where a bidi or invisible character is, and why it is refused there (%#)', async (from, text) => {
		const error = await refusal(composeMessage(base({from})));
		expect(error.field).toBe('From address');
		expect(error.message).toContain(text);
	});

	it('refuses a joiner or a hidden format character that disguises the address itself, keeping joiners between letters that join', async () => {
		const refused = async (from: string) => (await refusal(composeMessage(base({from})))).message;
		for (const [from, code] of [
			['e\u200c@example.test', 'U+200C'],
			['\u200de@example.test', 'U+200D'],
			['Eve <e\u200c@example.test>', 'U+200C'],
			['e\u{E0041}@example.test', 'U+E0041'],
			['e\u180e@example.test', 'U+180E'],
			['é\u200cé@example.test', 'U+200C'],
			['а\u200dдмин@example.test', 'U+200D'],
			['س\u200c\u200cس@example.test', 'U+200C'],
		]) {
			expect(await refused(from!), from).not.toMatch(/[\u200c\u200d]/);
			expect(await refused(from!), from).toMatch(new RegExp(`contains an invisible or bidi character \\(${code!.replace('+', '\\+')}\\); it would be dropped or changed`));
		}
		expect(await refused('Eve\u{E0041} <e@example.test>')).toContain('has U+E0041 in the display name: it is invisible');
		// A mark in a name of a list that Outlook separates with semicolons is still in a name.
		await expect(composeMessage(base({to: ['Ann\u200f <a@x.test>; b@y.test']}))).resolves.toBeDefined();
		// Persian: a ZWNJ between two letters of the word, in the mailbox and in the name; a flag of tags in a name.
		for (const from of ['علی\u200cرضا@example.test', 'علی\u200cرضا <ali@example.test>', 'Ali 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} <ali@example.test>']) {
			await expect(composeMessage(base({from})), from).resolves.toBeDefined();
		}
	});

	it('takes a quoted local part: as the same mailbox when it needs no quotes, kept quoted when it does', async () => {
		const envelopeTo = async (to: string) => (await composeMessage(base({to: [to]}))).envelope.to;
		expect(await envelopeTo('"friend"@example.test')).toEqual(['friend@example.test']);
		expect(await envelopeTo('Ann <"friend"@example.test>')).toEqual(['"friend"@example.test']);
		expect(await envelopeTo('"john doe"@example.test')).toEqual(['"john doe"@example.test']);
		// A real space beside the @ is still one, said without JSON's escaped quotes.
		const error = await refusal(composeMessage(base({to: ['"zz" @example.test']})));
		expect(error.message).toBe(`To address '"zz" @example.test' has a space in an address; an address is one word ("zz@example.test" without it?)`);
		// Quotes around only some of the local part, or text the parser drops: refused, never sent to the part it kept.
		for (const [to, parsed] of [
			['a"b"@example.test', 'b@example.test'],
			['"a"."b"@example.test', 'b@example.test'],
			['" zz"@example.test', 'zz@example.test'],
		]) {
			expect((await refusal(composeMessage(base({to: [to!]})))).message, to).toBe(`To address '${to}' would go to "${parsed}", not as written: quotes go around the whole part before the @, with no space at their ends, as in "john doe"@example.com`);
		}
		// A space between <> is one, whatever the name before it: the parser kept the last word only (end@, example.co).
		for (const [to, joined] of [
			['Ann <fri end@x.test>', 'friend@x.test'],
			['"Ann" <friend@example.co m>', 'friend@example.com'],
			['"Ann" <friend@x .test>', 'friend@x.test'],
		]) {
			expect((await refusal(composeMessage(base({to: [to!]})))).message, to).toMatch(new RegExp(`has a space in an address; an address is one word \\("${joined!.replace(/\./g, '\\.')}" without it\\?\\)$`));
		}
		expect((await composeMessage(base({to: ['Ann < friend@x.test >', '"Smith, Ann" <"friend"@x.test>']}))).envelope.to).toEqual(['friend@x.test', '"friend"@x.test']);
		// Something glued to an address is no space, and said so; a comment right after it is a comment.
		expect((await refusal(composeMessage(base({to: ['a@exa"mple.org']})))).message).toBe(`To address 'a@exa"mple.org' would go to "a@exa", not as written: an address is one word, with nothing glued to it`);
		expect((await composeMessage(base({to: ['a@b.test(Ann)']}))).envelope.to).toEqual(['a@b.test']);
	});

	it('takes a comment before or after an address alone, and refuses a word beside it that the parser would take for the name', async () => {
		// RFC 5322 §3.4: an addr-spec with CFWS around it; a comment is named, but no word.
		for (const to of ['a@x.test (Ann)', 'Ann <a@x.test> (work)', '(Ann)a@x.test', '(Ann) a@x.test', 'a@x.test (Ann) (Bob)']) {
			expect((await composeMessage(base({to: [to]}))).envelope.to, to).toEqual(['a@x.test']);
		}
		const beside = 'outside its comment, beside the address; a display name goes before the address in <>, e.g. Ann <ann@example.com>';
		for (const [to, word] of [
			['a@x.test(Ann)x', 'x'],
			['a@x.test(Ann) x', 'x'],
			['a@x.test (Ann)Lee', 'Lee'],
			['x(Ann)a@x.test', 'x'],
			['a@x.test (Ann (the) Lee)x', 'x'],
		]) {
			expect((await refusal(composeMessage(base({to: [to!]})))).message, to).toBe(`To address "${to}" has "${word}" ${beside}`);
		}
	});

	it('takes the forms mail programs copy (Outlook\'s self-named contact, a comment with a comma, a missing >) and says what to do with a link or a name split at its comma', async () => {
		const sent = async (field: string) => (await composeMessage(base({to: splitAddressList(field)}))).envelope.to;
		expect(await sent("'ann@x.com' <ann@x.com>")).toEqual(['ann@x.com']);
		expect(await sent('Ann Lee (Sales, EU) <ann@x.com>; ann@y.com (Lee, Ann)')).toEqual(['ann@x.com', 'ann@y.com']);
		expect(await sent('Ann Lee <ann@x.com')).toEqual(['ann@x.com']);
		const refused = async (field: string) => (await refusal(composeMessage(base({to: splitAddressList(field)})))).message;
		expect(await refused('Lee, Ann <ann@x.com>')).toBe('To address "Lee" is not an address (no @domain): give the whole address, e.g. Lee@example.com; a display name with a comma goes in quotes: "Lee, Ann" <ann@example.com>');
		for (const link of ['mailto:ann@x.com', 'Ann Lee <mailto:ann@x.com>', 'MAILTO:ann@x.com?subject=hi']) expect(await refused(link), link).toMatch(/has a mailto: prefix, as a link writes it: give the address alone \(ann@x\.com\)$/i);
		expect(await refused('"Ann Lee <ann@x.com>"')).toBe(`To address '"Ann Lee <ann@x.com>"' is all in quotes, which makes it a name without an address: remove the outer quotes`);
	});

	it('names the full-width ＠ of an input method and gives the address with the ASCII @, not a second @domain', async () => {
		const why = 'has ＠ (U+FF20 FULLWIDTH COMMERCIAL AT, as an input method types it) where an address needs the ASCII @: give a@example.test';
		expect((await refusal(composeMessage(base({from: 'a＠example.test'})))).message).toBe(`From address "a＠example.test" ${why}`);
		expect((await refusal(composeMessage(base({to: splitAddressList('Ann <a＠example．test>')})))).message).toBe(`To address "Ann <a＠example．test>" ${why}`);
	});

	it('names the small ﹫ (U+FE6B) as the look-alike it is too', async () => {
		expect((await refusal(composeMessage(base({to: ['a\ufe6bexample.test']})))).message).toBe('To address "a\ufe6bexample.test" has \ufe6b (U+FE6B SMALL COMMERCIAL AT, as an input method types it) where an address needs the ASCII @: give a@example.test');
	});

	it('asks a bare name for its domain, and names the comma only where the input had one', async () => {
		const whole = 'is not an address (no @domain): give the whole address, e.g. bob@example.com';
		expect((await refusal(composeMessage(base({from: 'bob'})))).message).toBe(`From address "bob" ${whole}`);
		for (const field of ['to', 'cc', 'bcc'] as const) {
			const label = `${field === 'to' ? 'To' : field === 'cc' ? 'Cc' : 'Bcc'} address`;
			expect((await refusal(composeMessage(base({[field]: splitAddressList('bob')})))).message, field).toBe(`${label} "bob" ${whole}`);
			expect((await refusal(composeMessage(base({[field]: splitAddressList('ann@x.com, bob')})))).message, field).toMatch(/e\.g\. bob@example\.com; a display name with a comma goes in quotes/);
		}
		expect((await refusal(composeMessage(base({from: 'Ann Lee'})))).message).toBe('From address "Ann Lee" is not an address (no @domain): give the whole address, e.g. Ann <ann@example.com>');
	});

	it('says once when an internationalised domain goes as punycode, and refuses a domain with no ASCII form or a hyphen at a label end', async () => {
		const composed = await composeMessage(base({to: ['taro@日本.jp', 'x@ＡＢＣ.jp'], bcc: ['taro@日本.jp', 'jörg@bücher.de']}));
		expect(composed.envelope.to).toEqual(['taro@xn--wgv71a.jp', 'x@abc.jp', 'jörg@bücher.de']);
		expect(composed.notes).toEqual(['note: taro@日本.jp goes as taro@xn--wgv71a.jp (IDNA: DNS names are ASCII)', 'note: x@ＡＢＣ.jp goes as x@abc.jp (IDNA: DNS names are ASCII)']);
		expect((await composeMessage(base())).notes).toBeUndefined();
		const refused = async (to: string) => (await refusal(composeMessage(base({to: [to]})))).message;
		expect(await refused('a@xn--zz.de')).toBe('To address "a@xn--zz.de" has an internationalised domain (xn--zz.de) that has no ASCII form (IDNA): an xn-- label that is no valid punycode, or a character DNS names cannot hold');
		expect(await refused('a@-bücher.de')).toBe('To address "a@-bücher.de" has a domain label (-bücher) that starts with a hyphen, which DNS names do not allow');
		expect(await refused('a@example-.test')).toContain('has a domain label (example-) that ends with a hyphen');
	});

	it('sends an address typed decomposed (NFD, as macOS pastes it) composed, in the envelope and the headers, and says so; its name as typed', async () => {
		const nfd = (text: string) => text.normalize('NFD');
		const composedMessage = await composeMessage(base({from: nfd('José <josé@bücher.example>'), to: [nfd('zoë@example.test'), nfd('Zoë <zoe@example.test>')], bcc: [nfd('한국@example.test')]}));
		expect(composedMessage.envelope).toEqual({from: 'josé@bücher.example', to: ['zoë@example.test', 'zoe@example.test', '한국@example.test']});
		const headers = headerBlock(await bytesOf(composedMessage));
		expect(Buffer.from(headers, 'latin1').toString()).toContain('<josé@bücher.example>');
		// A display name is text to read: as typed (its accent apart), as a CJK compatibility ideograph NFC would change.
		expect(Buffer.from(headers, 'latin1').toString()).toContain('To: zoë@example.test, =?UTF-8?Q?Zoe=CC=88?= <zoe@example.test>');
		expect((await composeMessage(base({to: ['\uF900 <\uF900@example.test>']}))).envelope.to).toEqual(['\uF900@example.test']);
		const note = (address: string) => `note: ${address} was typed decomposed (NFD: é as e and an accent, as macOS pastes text) and goes composed (NFC, RFC 6532 §3.1): a server compares an address byte for byte`;
		// Only where the part before the @ changed: a name or a domain (IDNA's note) is no mailbox of its own.
		expect(composedMessage.notes).toEqual([note('josé@bücher.example'), note('zoë@example.test'), note('한국@example.test')]);
		expect((await composeMessage(base({to: [nfd('Zoë <"zoe"@bücher.example>')]}))).notes).toEqual(['note: "zoe"@bücher.example goes as "zoe"@xn--bcher-kva.example (IDNA: DNS names are ASCII)']);
	});

	it('writes a Reply-To (or another address header) typed decomposed composed too, and says so', async () => {
		const composedMessage = await composeMessage(base({headers: [{name: 'Reply-To', value: 'Zoë <zoë@example.test>'.normalize('NFD')}]}));
		expect(Buffer.from(headerBlock(await bytesOf(composedMessage)), 'latin1').toString()).toContain('Reply-To: =?UTF-8?Q?Zoe=CC=88?= <zoë@example.test>');
		expect(composedMessage.notes).toEqual(['note: zoë@example.test was typed decomposed (NFD: é as e and an accent, as macOS pastes text) and goes composed (NFC, RFC 6532 §3.1): a server compares an address byte for byte']);
	});

	it('warns, without refusing, of a recipient whose domain has no dot, which only a server that knows the name delivers', async () => {
		const composed = await composeMessage(base({from: 'me@laptop', to: ['friend@example', 'root@localhost'], cc: ['a@[127.0.0.1]', 'b@example.test']}));
		expect(composed.envelope.to).toEqual(['friend@example', 'root@localhost', 'a@[127.0.0.1]', 'b@example.test']);
		expect(composed.notes).toEqual(['warning: friend@example has a domain without a dot (example): it goes as typed, but only a server that knows that name itself can deliver it']);
	});

	it('names the header addresses that make a header UTF-8 (non-ASCII before the @), From, To, Cc and Reply-To', async () => {
		const composed = await composeMessage(base({from: 'jörg@example.test', cc: ['Ann <ann@bücher.example>'], headers: [{name: 'Reply-To', value: 'Jürgen <jürgen@bücher.de>'}]}));
		expect(composed).toMatchObject({utf8Headers: true, utf8Addresses: ['From: jörg@example.test', 'Reply-To: jürgen@bücher.de']});
		expect((await composeMessage(base({cc: ['ann@bücher.example']}))).utf8Addresses).toBeUndefined();
	});

	it('keeps the joiners of a display name (a family emoji, a Persian name): they hold characters together', async () => {
		const composed = await composeMessage(base({to: ['Family 👨\u200D👩\u200D👧 <fam@example.test>', 'می\u200Cخواهم <m@example.test>']}));
		expect(composed.envelope.to).toEqual(['fam@example.test', 'm@example.test']);
	});

	it('refuses a header with no value, which would be dropped without a word', async () => {
		const error = await refusal(composeMessage(base({headers: [{name: 'X-Empty', value: ' '}]})));
		expect(error).toMatchObject({field: 'header X-Empty', message: 'header X-Empty has no value; give one, or leave the header out'});
	});

	it('refuses a single-instance header given twice', async () => {
		const error = await refusal(composeMessage(base({headers: [{name: 'Subject', value: 'a'}, {name: 'subject', value: 'b'}]})));
		expect(error.field).toBe('header subject');
	});

	it('names a missing or unreadable attachment or body file', async () => {
		const missing = path.join(dir, 'missing.pdf');
		const attachment = await refusal(composeMessage(base({attachments: [missing]})));
		expect(attachment.field).toBe('attachment');
		expect(attachment.message).toContain(`${missing}: no such file`);
		await mkdir(path.join(dir, 'folder'), {recursive: true});
		expect((await refusal(composeMessage(base({attachments: [path.join(dir, 'folder')]})))).message).toContain('folder is a folder: give files, one by one');
		const body = await refusal(composeMessage(base({body: {kind: 'file', path: missing}})));
		expect(body.field).toBe('body file');
	});

	it('says a UTF-16 or UTF-32 body or message file is text to convert, not a binary file', async () => {
		const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello, world\r\n', 'utf16le')]);
		const cases: Array<[string, Buffer, string]> = [
			['notepad.txt', utf16le, 'is UTF-16 text (it begins with the byte order mark FF FE, as Windows Notepad saves "Unicode"); the body is sent as UTF-8 text: convert it to UTF-8 first (e.g. iconv -f utf-16 -t utf-8 DIR/notepad.txt > out.txt)'],
			['big.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Hello', 'utf16le').swap16()]), 'is UTF-16 text (it begins with the byte order mark FE FF)'],
			['no-bom.txt', Buffer.from('Hello, world\n', 'utf16le'), 'is UTF-16 text (little-endian, without a byte order mark); the body is sent as UTF-8 text: convert it to UTF-8 first (e.g. iconv -f utf-16le -t utf-8'],
			['wide.txt', Buffer.from([0xff, 0xfe, 0, 0, 0x48, 0, 0, 0]), 'is UTF-32 text (it begins with the byte order mark FF FE 00 00)'],
		];
		for (const [name, bytes, text] of cases) {
			const file = path.join(dir, name);
			await writeFile(file, bytes);
			const error = await refusal(composeMessage(base({body: {kind: 'file', path: file}})));
			expect(error.field).toBe('body file');
			expect(error.message).toContain(`body file ${file} ${text.replace('DIR', dir)}`);
		}
		const eml = path.join(dir, 'utf16.eml');
		await writeFile(eml, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Subject: hi\r\n\r\nhi\r\n', 'utf16le')]));
		expect((await refusal(rawMessage({kind: 'file', path: eml}))).message).toBe(
			`message file ${eml} is UTF-16 text (it begins with the byte order mark FF FE, as Windows Notepad saves "Unicode"); a message goes as ASCII or UTF-8: convert it to UTF-8 first (e.g. iconv -f utf-16 -t utf-8 ${eml} > out.eml)`,
		);
		const piped = await refusal(composeMessage(base({body: {kind: 'stdin', stream: Readable.from([utf16le])}})));
		expect(piped.message).toContain('the body on standard input is UTF-16 text (it begins with the byte order mark FF FE');
		expect(piped.message).toContain('iconv -f utf-16 -t utf-8 FILE > out.txt');
	});

	it('refuses a body file that is not UTF-8 text (it is labelled UTF-8), pointing to --attach', async () => {
		const cases: Array<[string, Buffer, RegExp]> = [
			['latin1.txt', Buffer.from('caf\xe9\n', 'latin1'), /is not valid UTF-8; the body is sent as UTF-8 text: convert it to UTF-8 first \(e\.g\. iconv -f latin1 -t utf-8 \S*latin1\.txt > out\.txt\), or send it with --attach$/],
			['binary.bin', Buffer.from([0x41, 0x00, 0x42]), /holds NUL bytes \(a binary file\); .*--attach/],
			['cut.txt', Buffer.from('caf\xc3', 'latin1'), /ends in the middle of a UTF-8 character/],
		];
		for (const [name, bytes, message] of cases) {
			const file = path.join(dir, name);
			await writeFile(file, bytes);
			const error = await refusal(composeMessage(base({body: {kind: 'file', path: file}})));
			expect(error.field).toBe('body file');
			expect(error.message).toMatch(message);
		}
		// Valid UTF-8 split anywhere by the reads is fine.
		const file = path.join(dir, 'utf8.txt');
		await writeFile(file, 'Grüße 日本 🎉\n'.repeat(20_000));
		await composeMessage(base({body: {kind: 'file', path: file}}));
	});

	it('streams a 30 MB attachment from disk without holding it in memory', async () => {
		const file = path.join(dir, 'big.bin');
		const size = 30 * 1024 * 1024;
		const handle = await open(file, 'w');
		const block = randomBytes(1024 * 1024);
		for (let written = 0; written < size; written += block.length) await handle.write(block);
		await handle.close();

		v8.setFlagsFromString('--expose-gc');
		const gc = vm.runInNewContext('gc') as () => void;
		const live = () => {
			const usage = process.memoryUsage();
			return usage.heapUsed + usage.arrayBuffers;
		};
		gc();
		const rssBefore = process.memoryUsage().rss;
		const liveBefore = live();
		let rssPeak = rssBefore;
		let livePeak = liveBefore;
		let total = 0;
		let sinceCheck = 0;
		const message = await composeMessage(base({attachments: [file]}));
		for await (const chunk of message.stream()) {
			total += chunk.length;
			sinceCheck += chunk.length;
			if (sinceCheck >= 2 * 1024 * 1024) {
				sinceCheck = 0;
				gc();
				rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
				livePeak = Math.max(livePeak, live());
			}
		}
		expect(total).toBeGreaterThan(size * 1.3);
		// Reading the file whole would need its 30 MB plus its 40 MB of base64 at once.
		expect(rssPeak - rssBefore).toBeLessThan(size * 0.75);
		expect(livePeak - liveBefore).toBeLessThan(8 * 1024 * 1024);
	});
});

describe('parseHeaderArgument', () => {
	it('splits "Name: value" at the first colon and trims', () => {
		expect(parseHeaderArgument('X-Mailer-Test:  a: b ')).toEqual({name: 'X-Mailer-Test', value: 'a: b'});
		expect(parseHeaderArgument('X-Empty:')).toEqual({name: 'X-Empty', value: ''});
	});

	it.each([
		['No colon here', 'header', 'no colon'],
		['Bad Name: x', 'header Bad Name', 'without spaces'],
		['Ünï: x', 'header Ünï', 'printable ASCII'],
		['X-A: b\r\nBcc: evil@example.com', 'header X-A', 'carriage return'],
		['X-A: b\0', 'header X-A', 'NUL'],
		// At an end, where trimming would drop it without a word.
		['X-A: b\r\n', 'header X-A', 'carriage return'],
		['\r\nX-B: c', 'header X-B', 'carriage return'],
		['X-A:\n b', 'header X-A', 'line feed'],
		['X-A: \x1b]0;T\x07', 'header X-A', 'a control character (ESC, \\x1b)'],
		['X-A: \u009b2J', 'header X-A', 'a control character (CSI, \\x9b)'],
	])('refuses %j', async (text, field, message) => {
		const error = await refusal(() => parseHeaderArgument(text));
		expect(error.field).toBe(field);
		expect(error.message).toContain(message);
	});
});

describe('rawMessage', () => {
	it('sends the file as is; its size counts the CR each bare LF gets on the wire', async () => {
		const content = 'From: a@example.com\nTo: b@example.org\nSubject: raw\n\nbody with bare LF\n.starts with a dot\n';
		const file = path.join(dir, 'raw.eml');
		await writeFile(file, content);
		const message = await rawMessage({kind: 'file', path: file});
		expect(message.envelope).toEqual({from: '', to: []});
		expect((await bytesOf(message)).toString()).toBe(content);
		// 6 lines end in a bare LF: 6 CRs more go out, as the encoder writes CRLF; the stuffed dot is not counted.
		expect(message.estimatedSize).toBe(content.length + 6);
		expect(message.eightBit).toBe(false);
	});

	it('declares exactly what the server stores: bare CRs and a missing final line end count too', async () => {
		const file = path.join(dir, 'bare-cr.eml');
		const content = 'Subject: cr\r\rone\rtwo\r\nthree\r\n.';
		await writeFile(file, content);
		const message = await rawMessage({kind: 'file', path: file});
		// What the DATA encoder sends before its final dot, dot-stuffing left out as RFC 1870 counts.
		const wire = 'Subject: cr\r\n\r\none\r\ntwo\r\nthree\r\n.\r\n';
		expect(message.estimatedSize).toBe(Buffer.byteLength(wire));
	});

	it('detects 8-bit bytes', async () => {
		const file = path.join(dir, 'eight.eml');
		await writeFile(file, 'Subject: x\r\n\r\nGrüße');
		const message = await rawMessage({kind: 'file', path: file});
		expect(message.eightBit).toBe(true);
	});

	it('refuses a line over 998 octets before connecting, naming the line', async () => {
		const file = path.join(dir, 'long.eml');
		await writeFile(file, `Subject: x\r\n\r\nok\r\n${'a'.repeat(999)}\r\n`);
		const error = await refusal(rawMessage({kind: 'file', path: file}));
		expect(error.field).toBe('message line 4');
		expect(error.message).toContain('line 4');
		expect(error.message).toContain(file);

		await writeFile(file, `Subject: x\r\n\r\n${'a'.repeat(998)}\r\n`);
		expect((await rawMessage({kind: 'file', path: file})).estimatedSize).toBe(1014);
	});

	it('checks a file read in pieces as one: a CRLF split between reads, a long line split between them, LF-only lines', async () => {
		const read = 1024 * 1024;
		const head = 'Subject: x\r\n\r\n';
		// 100-octet lines up to just before the first read's end, then a line whose CR is that read's last byte.
		const lines = Math.floor((read - 1 - head.length) / 100);
		const filler = `${'a'.repeat(98)}\r\n`.repeat(lines);
		const split = `${head}${filler}${'b'.repeat(read - 1 - head.length - filler.length)}\r\n${'c'.repeat(998)}\r\n`;
		const file = path.join(dir, 'pieces.eml');
		await writeFile(file, split);
		expect((await rawMessage({kind: 'file', path: file})).estimatedSize).toBe(split.length);
		// The same with bare LFs: each becomes CRLF on the wire, and SIZE= counts it.
		const unix = split.replaceAll('\r\n', '\n');
		await writeFile(file, unix);
		expect((await rawMessage({kind: 'file', path: file})).estimatedSize).toBe(split.length);
		// A 999-octet line that starts in the first read and ends in the second is named.
		const long = `${head}${filler}${'d'.repeat(999)}\r\nend\r\n`;
		await writeFile(file, long);
		expect((await refusal(rawMessage({kind: 'file', path: file}))).field).toBe(`message line ${lines + 3}`);
	});

	it('reads a message from stdin, checks it and can stream it again', async () => {
		const content = Buffer.from(`Subject: x\r\n\r\n${'b'.repeat(1000)}\r\n`);
		const error = await refusal(rawMessage({kind: 'stdin', stream: Readable.from([content.subarray(0, 500), content.subarray(500)])}));
		expect(error.field).toBe('message line 3');
		expect(error.message).toContain('standard input');

		const good = Buffer.from('Subject: y\r\n\r\nhello\r\n');
		const message = await rawMessage({kind: 'stdin', stream: Readable.from([good])});
		expect((await bytesOf(message)).equals(good)).toBe(true);
		expect((await bytesOf(message)).equals(good)).toBe(true);
	});

	it('refuses an empty message and a binary one (NUL bytes) before connecting', async () => {
		const empty = path.join(dir, 'empty.eml');
		await writeFile(empty, '');
		expect(await refusal(rawMessage({kind: 'file', path: empty}))).toMatchObject({field: 'message', message: `message file ${empty} is empty`});
		expect((await refusal(rawMessage({kind: 'stdin', stream: Readable.from([])}))).message).toBe('the message on standard input is empty');
		const binary = path.join(dir, 'binary.dat');
		// The NUL comes after a megabyte of text: the whole file is checked, not only its start.
		await writeFile(binary, Buffer.concat([Buffer.from(`Subject: x\r\n\r\n${'text line\r\n'.repeat(100_000)}`), Buffer.from([0x61, 0x00, 0x0d, 0x0a])]));
		expect((await refusal(rawMessage({kind: 'file', path: binary}))).message).toMatch(/holds NUL bytes: it is binary.*--attach/);
	});

	it('tells 8-bit bytes in the body from those of UTF-8 headers, so that both can be said', async () => {
		const file = path.join(dir, 'both.eml');
		await writeFile(file, 'Subject: Grüße\r\n\r\nGrüße\r\n');
		expect(await rawMessage({kind: 'file', path: file})).toMatchObject({eightBit: true, utf8Headers: true, eightBitBody: true});
		await writeFile(file, 'Subject: Grüße\r\n\r\nhello\r\n');
		expect((await rawMessage({kind: 'file', path: file})).eightBitBody).toBeUndefined();
	});

	it('leaves out a UTF-8 byte order mark at the start: the first header stays a header, and ASCII stays 7-bit', async () => {
		const content = 'From: a@example.com\r\nSubject: bom\r\n\r\nbody\r\n';
		const bom = Buffer.from([0xef, 0xbb, 0xbf]);
		const file = path.join(dir, 'bom.eml');
		await writeFile(file, Buffer.concat([bom, Buffer.from(content)]));
		const message = await rawMessage({kind: 'file', path: file});
		expect((await bytesOf(message)).toString('latin1')).toBe(content);
		expect(message).toMatchObject({eightBit: false, estimatedSize: content.length});
		expect(message.notes).toEqual([`note: message file ${file} begins with a UTF-8 byte order mark (EF BB BF, which some Windows editors write): it is left out, as a server would take the first header line after it for body text`]);
		expect(message.utf8Headers).toBeUndefined();
		// From standard input too; a mark later in the file is the user's text, sent as is.
		const later = Buffer.concat([Buffer.from(content), bom]);
		const piped = await rawMessage({kind: 'stdin', stream: Readable.from([bom, later])});
		expect((await bytesOf(piped)).equals(later)).toBe(true);
		expect(piped.notes).toHaveLength(1);
		// A file that is nothing but the mark is empty.
		await writeFile(file, bom);
		expect((await refusal(rawMessage({kind: 'file', path: file}))).message).toBe(`message file ${file} is empty`);
	});

	it('names a missing message file', async () => {
		const error = await refusal(rawMessage({kind: 'file', path: path.join(dir, 'nope.eml')}));
		expect(error.field).toBe('message file');
		expect(error.message).toContain('no such file');
	});
});

describe('composeMessage: what reaches the wire, from mutation testing', () => {
	it('sends a UTF-8 body file quoted-printable: the message stays 7-bit', async () => {
		const file = path.join(dir, 'utf8-body.txt');
		await writeFile(file, 'Grüße aus Köln\n');
		const message = await composeMessage(base({body: {kind: 'file', path: file}}));
		const bytes = await bytesOf(message);
		expect(headerBlock(bytes)).toMatch(/^Content-Transfer-Encoding: quoted-printable$/m);
		expect(isAscii(bytes)).toBe(true);
		expect(message.eightBit).toBe(false);
		expect((await simpleParser(bytes)).text).toBe('Grüße aus Köln\n');
		// Nothing to say about a plain UTF-8 file (no byte order mark left out).
		expect(message.notes).toBeUndefined();
	});

	it('declares a 7-bit body file at its size or a little over, never under, with or without a last line end', async () => {
		for (const [name, text] of [['ended.txt', 'one\ntwo\n'], ['unended.txt', 'one\ntwo']] as const) {
			const file = path.join(dir, name);
			await writeFile(file, text);
			const message = await composeMessage(base({body: {kind: 'file', path: file}}));
			const bytes = await bytesOf(message);
			expect(message.estimatedSize, name).toBeGreaterThanOrEqual(bytes.length);
			expect(message.estimatedSize! - bytes.length, name).toBeLessThan(16);
		}
	});

	it('declares a typed body with an attachment as a size, not NaN, and adds no notes', async () => {
		const file = path.join(dir, 'small.bin');
		await writeFile(file, randomBytes(1000));
		const message = await composeMessage(base({attachments: [file]}));
		const bytes = await bytesOf(message);
		expect(message.estimatedSize).toBeGreaterThanOrEqual(bytes.length);
		expect(message.estimatedSize! - bytes.length).toBeLessThan(64);
		expect(message.notes).toBeUndefined();
	});

	it('names a body file cut in the middle of a UTF-8 character, and what to do', async () => {
		const file = path.join(dir, 'cut.txt');
		await writeFile(file, Buffer.from([0x61, 0xc3]));
		const error = await refusal(composeMessage(base({body: {kind: 'file', path: file}})));
		expect(error.message).toBe(`body file ${file} ends in the middle of a UTF-8 character; the body is sent as UTF-8 text: convert it first, or send it with --attach`);
	});

	it('uses the Date and the Message-ID seed given, so two builds are the same bytes', async () => {
		const date = new Date('2001-02-03T04:05:06Z');
		const block = headerBlock(await bytesOf(await composeMessage(base({date, messageIdSeed: 'fixed-seed'}))));
		expect(block).toMatch(/^Date: Sat, 03 Feb 2001 04:05:06 \+0000$/m);
		expect(block).toMatch(/^Message-ID: <fixed-seed@example\.com>$/m);
	});

	it('warns of no dotless domain for an IPv6 address literal', async () => {
		const message = await composeMessage(base({to: ['a@[IPv6:2001:db8::1]']}));
		expect(message.notes ?? []).toEqual([]);
	});

	it('names the header a word too long to fold is in, when it is folded onto a line of its own', async () => {
		const headers = [{name: 'X-Before', value: 'a b'}, {name: 'X-Long', value: `short ${'x'.repeat(1000)}`}];
		const error = await refusal(composeMessage(base({headers})));
		expect(error.field).toBe('header X-Long');
		expect(error.message).toBe('header X-Long has a word too long to fold into lines of 998 octets (RFC 5322 §2.1.1); break it up with spaces');
	});

	it('a custom Subject header replaces a subject too long to fold as plain text, too: one Subject', async () => {
		const block = headerBlock(await bytesOf(await composeMessage(base({subject: 'x'.repeat(1000), headers: [{name: 'Subject', value: 'Custom'}]}))));
		expect(block.split('\r\n').filter(line => /^subject:/i.test(line))).toEqual(['Subject: Custom']);
	});

	it('refuses an empty HTML part in the HTML field', async () => {
		const error = await refusal(composeMessage(base({html: {kind: 'text', text: ' '}})));
		expect(error.field).toBe('HTML');
	});
});


describe('address and header checks (from mutation testing)', () => {
	const refusedFrom = async (from: string) => (await refusal(composeMessage(base({from})))).message;

	it('names a From address as typed, without the blanks around it, whatever the refusal', async () => {
		expect(await refusedFrom('  a\u0001b@x.test  ')).toMatch(/^From address "a\\u0001b@x\.test" contains a control character \(U\+0001\)/);
		for (const [typed, why] of [
			['mailto:ann@x.com', 'has a mailto: prefix'],
			['"Ann Lee <ann@x.com>"', 'is all in quotes'],
			['Team: a@x.test;', 'reads as a group'],
			['a"b"@x.test', 'would go to "b@x.test", not as written: quotes go around'],
			['a@x.test(Ann', 'would go to "a@x.test", not as written: an address is one word'],
			['Ann <fri end@x.test>', 'has a space in an address'],
			['a@b c@d.test', 'looks like two addresses'],
			['a b@x.test', 'has a space in it'],
			['bob', 'is not an address (no @domain)'],
		]) {
			const words = await refusedFrom(`  ${typed}  `);
			expect(words, typed).toContain(`From address ${typed.includes('"') ? `'${typed}'` : `"${typed}"`} ${why}`);
		}
	});

	it('says what is wrong with the parts of an address, in words of their own', async () => {
		expect(await refusedFrom('Ann <bob>')).toBe('From address "Ann <bob>" has no @domain');
		expect(await refusedFrom('a@')).toBe('From address "a@" has nothing after the @');
		expect(await refusedFrom('a@.x.test')).toBe('From address "a@.x.test" has an empty part in its domain (".x.test"): a dot at the start, or two in a row');
		// A backslash is shown escaped, as JSON writes it.
		expect(await refusedFrom('a\\b@x.test')).toBe(String.raw`From address "a\\b@x.test" has a local part ("a\\b") with characters that need quoting`);
		expect(await refusedFrom('a@x.te\\st')).toBe(String.raw`From address "a@x.te\\st" has an invalid domain ("x.te\\st")`);
		expect(await refusedFrom('"a>b"@x.test')).toBe(`From address '"a>b"@x.test' has a > in the address, which would go as a space`);
		// A < in quotes opens no address: what is shown is what was typed, with no > added to close it.
		expect(await refusedFrom('"a<b"@x.test')).toBe(`From address '"a<b"@x.test' has a < in the address, which would go as a space`);
		expect((await refusal(composeMessage(base({to: ['"a<b"@x.test']})))).message).toBe(`To address '"a<b"@x.test' has a < in the address, which would go as a space`);
		// Nor does one in a comment: the comment is the name.
		expect((await composeMessage(base({to: ['a@x.test (<b)']}))).envelope.to).toEqual(['a@x.test']);
		// A tab pasted into a quoted local part: the one control character that gets this far.
		expect(await refusedFrom('"a\tb"@x.test')).toBe(String.raw`From address '"a\x09b"@x.test' has a control character in the address, which would go as a space`);
		expect(await refusedFrom('Ann mailto:ann@x.com')).toBe('From address "Ann mailto:ann@x.com" has a mailto: prefix, as a link writes it: give the address alone (ann@x.com)');
	});

	it('an address found inside a quoted string is no address of its own: "\\ ""@x.test is not sent to ""@x.test', async () => {
		expect(await refusedFrom(String.raw`"\ ""@x.test`)).toBe(
			String.raw`From address '"\ ""@x.test' would go to '""@x.test', not as written: quotes go around the whole part before the @, with no space at their ends, as in "john doe"@example.com`,
		);
	});

	it('takes an address literal in brackets, whole and alone, and nothing else in brackets', async () => {
		await composeMessage(base({from: 'a@[10.20.30.40]'}));
		expect(await refusedFrom('a@x[1.2.3.4]')).toBe('From address "a@x[1.2.3.4]" has an invalid domain ("x[1.2.3.4]")');
		expect(await refusedFrom('a@[1.2.3.4]x')).toBe('From address "a@[1.2.3.4]x" has an invalid domain ("[1.2.3.4]x")');
	});

	it('takes a local part of 64 octets and an address of 254, and refuses one octet more', async () => {
		await composeMessage(base({from: `${'x'.repeat(64)}@x.test`}));
		expect(await refusedFrom(`${'x'.repeat(65)}@x.test`)).toContain('has a local part over 64 octets');
		// "a@", labels of 61, 62, 62 and 62 octets with their 3 dots, and ".t": 254.
		const domain = (last: string) => `${['b'.repeat(61), 'c'.repeat(62), 'd'.repeat(62), 'e'.repeat(62)].join('.')}.${last}`;
		await composeMessage(base({from: `a@${domain('t')}`}));
		expect(await refusedFrom(`a@${domain('tt')}`)).toContain('is longer than 254 octets');
	});

	it('checks the members of a group in a To header given with --header', async () => {
		await composeMessage(base({headers: [{name: 'To', value: 'Team: a@x.test;'}]}));
		const error = await refusal(composeMessage(base({headers: [{name: 'To', value: 'Team: a@x.test, bob;'}]})));
		expect(error.message).toMatch(/^header To "bob" is not an address \(no @domain\)/);
	});

	it('--header: blanks around the name go, and an empty name is named as such, not as a missing colon', () => {
		expect(parseHeaderArgument('X-A : b')).toEqual({name: 'X-A', value: 'b'});
		expect(() => parseHeaderArgument(': b')).toThrow('header name "" is not allowed: use printable ASCII letters, digits and punctuation, without spaces or ":"');
	});
});
