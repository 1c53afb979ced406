// A message's text and links as a test script gets them (inbox --wait --json) and the filter searches them: messages
// composed by nodemailer as apps send them (HTML only, with a text alternative, quoted-printable, base64), and by
// hand where nodemailer writes no such thing (windows-1252, an HTML attachment).
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import {describe, expect, it} from 'vitest';
import {messageText, TEXT_SOURCE_BYTES} from '../../source/sandbox/message-text.js';

const build = (mail: Mail.Options) => new MailComposer({from: 'app@example.test', to: 'you@example.test', subject: 'S', ...mail}).compile().build();
const crlf = (text: string) => Buffer.from(text.replaceAll('\n', '\r\n'));
/** A reset link as apps make them: long, with a token and a query of several parameters. */
const RESET = `https://app.example.test/account/password/reset/${'a1b2c3d4'.repeat(12)}?utm_source=mail&utm_campaign=reset`;

describe('messageText', () => {
	it('reads an HTML-only mail: its text made from the HTML, its links\' targets with &amp; read as &, not its images', async () => {
		const html = `<p>Hi Anna,</p><p>Your code is <b>482913</b>.</p>
			<a href="https://app.example.test/reset?u=42&amp;t=x%20y"><img src="https://cdn.example.test/button.png" alt="Reset"></a>
			<img src="https://track.example.test/open.gif?u=42" alt="">
			<a href="mailto:help@example.test">help</a> <a href="https://app.example.test/reset?u=42&amp;t=x%20y">again</a>
			<p>Or paste https://app.example.test/help into your browser.</p>`;
		const {text, links} = await messageText(await build({html}));
		expect(text).toContain('Your code is 482913.');
		expect(links).toEqual(['https://app.example.test/reset?u=42&t=x%20y', 'https://app.example.test/help']);
	});

	it('gives a multipart/alternative mail\'s text part as its text, and the links of both parts, each once, in order', async () => {
		const raw = await build({
			text: `Reset your password: ${RESET}\nQuestions? See https://app.example.test/faq.`,
			html: `<p><a href="${RESET.replaceAll('&', '&amp;')}">Reset your password</a></p><p><a href="https://app.example.test/privacy">Privacy</a></p>`,
		});
		const {text, links} = await messageText(raw);
		expect(text).toBe(`Reset your password: ${RESET}\nQuestions? See https://app.example.test/faq.`);
		expect(links).toEqual([RESET, 'https://app.example.test/faq', 'https://app.example.test/privacy']);
	});

	it('joins a long link that quoted-printable breaks over lines (soft line breaks inside it), in text and in HTML', async () => {
		const raw = await build({text: `Reset: ${RESET}\n`, html: `<a href="${RESET}">Reset</a>`, textEncoding: 'quoted-printable'});
		// As sent, the link is cut by "=" line ends: what a grep of the .eml misses.
		expect(raw.toString()).not.toContain(RESET);
		expect(raw.toString()).toMatch(/reset\/[a-d0-9]+=\r\n/);
		expect(await messageText(raw)).toEqual({text: `Reset: ${RESET}\n`, links: [RESET]});
	});

	it('decodes base64 parts', async () => {
		const raw = await build({html: `<p>Ihr Code: 7731 — <a href="${RESET}">zurücksetzen</a></p>`, textEncoding: 'base64'});
		expect(raw.toString()).not.toContain('7731');
		expect(await messageText(raw)).toEqual({text: `Ihr Code: 7731 — zurücksetzen [${RESET}]`, links: [RESET]});
	});

	it('reads a part in its charset (windows-1252 and iso-8859-1 as mail readers do), and not an attached text or HTML file', async () => {
		const raw = crlf(`From: app@example.test
Subject: Rechnung
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

=80 12 f=FCr =93Gr=FC=DFe=94: https://shop.example.test/rechnung/7
--b
Content-Type: text/html; charset=utf-8
Content-Disposition: attachment; filename="page.html"

<a href="https://attached.example.test/">not a link of this mail</a>
--b
Content-Type: text/plain
Content-Disposition: attachment; filename="notes.txt"

https://notes.example.test/
--b--
`);
		expect(await messageText(raw)).toEqual({text: '€ 12 für “Grüße”: https://shop.example.test/rechnung/7', links: ['https://shop.example.test/rechnung/7']});
	});

	it("makes the text from the HTML when the text alternative is blank, as mail programs show the HTML then", async () => {
		const alternative = (plain: string) =>
			crlf(`Subject: S
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

${plain}
--b
Content-Type: text/html; charset=utf-8

<p>Your code is <b>482913</b>: <a href="https://app.example.test/confirm">confirm</a></p>
--b--
`);
		expect(await messageText(alternative(' \n\t'))).toEqual({text: 'Your code is 482913: confirm [https://app.example.test/confirm]', links: ['https://app.example.test/confirm']});
		// One with words in it is the text, as before.
		expect((await messageText(alternative('Code: 482913'))).text).toBe('Code: 482913');
	});

	it('takes an address out of the sentence around it, and keeps brackets that belong to it', async () => {
		const text = 'See https://a.example.test/x. Or (https://b.example.test/y), <https://c.example.test/z>, "https://d.example.test/q?a=1;b=2" and https://en.example.test/wiki/Mail_(protocol)!';
		expect((await messageText(await build({text}))).links).toEqual([
			'https://a.example.test/x',
			'https://b.example.test/y',
			'https://c.example.test/z',
			'https://d.example.test/q?a=1;b=2',
			'https://en.example.test/wiki/Mail_(protocol)',
		]);
		// A sender's 60,000 brackets: one pass over them (each bracket once looked at, not the address again per bracket).
		expect((await messageText(await build({text: `https://a.example.test/(x)${')'.repeat(60_000)}.`}))).links).toEqual(['https://a.example.test/(x)']);
	});

	it('reads a link\'s target as a browser follows it (line breaks a template left in it dropped), and no control character as part of an address', async () => {
		const html = '<a href=" https://app.example.test/confirm?token=abc\n  def&amp;u=1 ">Confirm</a>';
		const text = 'Go to https://app.example.test/x\u001b[31m now';
		expect((await messageText(await build({html}))).links).toEqual(['https://app.example.test/confirm?token=abc  def&u=1']);
		expect((await messageText(await build({text}))).links).toEqual(['https://app.example.test/x']);
	});

	it('finds among many links which address in the text is only the start of a link shown as [url], and which is in the words', async () => {
		// Each target has a blank: in the text html-to-text makes, "[https://a.example.test/7?q=a b]" holds an address cut there.
		const targets = Array.from({length: 300}, (_, n) => `https://a.example.test/${n}?q=a b`);
		const html = `${targets.map((target, n) => `<a href="${target}">${n}</a>`).join(' ')}<p>Or paste https://words.example.test/7 into a browser.</p>`;
		expect((await messageText(await build({html}))).links).toEqual([...targets, 'https://words.example.test/7']);
	});

	it(`reads the message's first ${TEXT_SOURCE_BYTES / 1024} KiB only: a link past them is not found`, async () => {
		const filler = 'words of a long newsletter, as plain 7-bit lines\n';
		const near = await build({text: `${filler.repeat(Math.floor((TEXT_SOURCE_BYTES - 2048) / filler.length))}https://near.example.test/\n`});
		const far = await build({text: `${filler.repeat(Math.ceil(TEXT_SOURCE_BYTES / filler.length))}https://far.example.test/\n`});
		expect((await messageText(near)).links).toEqual(['https://near.example.test/']);
		const read = await messageText(far);
		expect(read.links).toEqual([]);
		expect(read.text.length).toBeLessThan(TEXT_SOURCE_BYTES);
		expect(read.text.length).toBeGreaterThan(TEXT_SOURCE_BYTES - 2048);
	});

	it('leaves out an address that runs to where the message is cut: the part read of a reset link is no link to follow', async () => {
		const reset = `https://app.example.test/reset/${'T'.repeat(300)}`;
		// The reset link starts 100 bytes before the cut, in a text part (the message whole, or its first bytes and size).
		const textUpTo = (part: Buffer) => 'x'.repeat(TEXT_SOURCE_BYTES - part.length - 100);
		const plainHead = crlf('Subject: S\nContent-Type: text/plain\n\nhttps://first.example.test/ ');
		const plain = Buffer.concat([plainHead, Buffer.from(`${textUpTo(plainHead)} ${reset} end\r\n`)]);
		expect((await messageText(plain)).links).toEqual(['https://first.example.test/']);
		expect((await messageText(plain.subarray(0, TEXT_SOURCE_BYTES), plain.length)).links).toEqual(['https://first.example.test/']);
		// The text part before the cut HTML is whole: its last link is kept, the HTML's address in its words is not.
		const htmlHead = crlf(`Subject: S
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain

Reset: https://whole.example.test/r
--b
Content-Type: text/html

<p><a href="https://target.example.test/">Reset</a> or paste `);
		const html = Buffer.concat([htmlHead, Buffer.from(`${textUpTo(htmlHead)} ${reset}</p>\r\n--b--\r\n`)]);
		expect((await messageText(html)).links).toEqual(['https://whole.example.test/r', 'https://target.example.test/']);
		// Not cut, the same link is found.
		expect((await messageText(crlf(`Subject: S\n\n${reset}`))).links).toEqual([reset]);
	});

	it('has no text and no links for a message without a body', async () => {
		expect(await messageText(crlf('Subject: empty\n\n'))).toEqual({text: '', links: []});
	});
});
