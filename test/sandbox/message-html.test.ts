// Whether a message has an HTML body, read at arrival from its headers and its parts' headers (never the bodies), for
// the inbox list's `html` mark: as applications build their mail (nodemailer's composer), and by hand.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import {describe, expect, it} from 'vitest';
import {bodyMarks, PARTS_SCANNED} from '../../source/sandbox/message-html.js';

const hasHtmlBody = (header: Buffer) => bodyMarks(header).html;
const hasAttachment = (header: Buffer) => bodyMarks(header).attachment;

type Mail = ConstructorParameters<typeof MailComposer>[0];

const build = (mail: Mail) => new MailComposer({from: 'app@example.test', to: 'you@example.test', subject: 'x', ...mail}).compile().build();

describe('hasHtmlBody', () => {
	it('is true for HTML alone, HTML with its text alternative, and HTML beside attachments', async () => {
		expect(hasHtmlBody(await build({html: '<p>Hi</p>'}))).toBe(true);
		expect(hasHtmlBody(await build({text: 'Hi', html: '<p>Hi</p>'}))).toBe(true);
		// multipart/mixed around multipart/alternative (a nested boundary), and a related inline image.
		const withFile = await build({text: 'Hi', html: '<p>Hi <img src="cid:logo"></p>', attachments: [{filename: 'a.pdf', content: 'pdf'}, {filename: 'logo.png', content: 'png', cid: 'logo'}]});
		expect(String(withFile)).toMatch(/multipart\/mixed[\s\S]*multipart\/alternative/);
		expect(hasHtmlBody(withFile)).toBe(true);
	});

	it('is false for text alone, an HTML file attached to a text message, no Content-Type, or "text/html" only in a body', async () => {
		expect(hasHtmlBody(await build({text: 'Hi'}))).toBe(false);
		expect(hasHtmlBody(await build({text: 'See the file', attachments: [{filename: 'page.html', content: '<p>x</p>', contentType: 'text/html'}]}))).toBe(false);
		expect(hasHtmlBody(Buffer.from('Subject: typed by hand\r\n\r\nhello\r\n'))).toBe(false);
		expect(hasHtmlBody(Buffer.from('Subject: x\r\n\r\nContent-Type: text/html\r\n'))).toBe(false);
	});

	it('looks for the parts in the first PARTS_SCANNED bytes only: an HTML part after a longer text alternative is not seen', async () => {
		expect(hasHtmlBody(await build({text: 'a'.repeat(PARTS_SCANNED / 2), html: '<p>Hi</p>'}))).toBe(true);
		expect(hasHtmlBody(await build({text: 'a '.repeat(PARTS_SCANNED), html: '<p>Hi</p>'}))).toBe(false);
	});

	it('reads the header and its parameters in any case, quoted or not, folded', () => {
		expect(hasHtmlBody(Buffer.from('content-type: TEXT/HTML; charset=utf-8\r\n\r\n<p>x</p>\r\n'))).toBe(true);
		const parts = (type: string) => `Content-Type: multipart/alternative;\r\n\tBoundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1\r\n${type}\r\n\r\ny\r\n--b1--\r\n`;
		expect(hasHtmlBody(Buffer.from(parts('Content-Type: text/html; charset="utf-8"')))).toBe(true);
		expect(hasHtmlBody(Buffer.from(parts('Content-Type: text/calendar')))).toBe(false);
	});
});

describe('hasAttachment', () => {
	it("is true for a file attached as applications attach one, after an HTML body and its inline image, and for a PDF marked as nothing", async () => {
		expect(hasAttachment(await build({text: 'Your invoice', attachments: [{filename: 'invoice.pdf', content: '%PDF-1.4'}]}))).toBe(true);
		const newsletter = await build({text: 'Hi', html: '<p>Hi <img src="cid:logo"></p>', attachments: [{filename: 'logo.png', content: 'png', cid: 'logo'}, {filename: 'terms.pdf', content: 'pdf'}]});
		expect(hasAttachment(newsletter)).toBe(true);
		const unmarked = 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee the file\r\n--b\r\nContent-Type: application/pdf; name="a.pdf"\r\n\r\nJVBER\r\n--b--\r\n';
		expect(hasAttachment(Buffer.from(unmarked))).toBe(true);
	});

	it('is false for text, HTML with only an inline image, an S/MIME signature, a message encrypted (PGP/MIME, S/MIME), or "attachment" only in a body', async () => {
		expect(hasAttachment(await build({text: 'Hi'}))).toBe(false);
		expect(hasAttachment(await build({text: 'Hi', html: '<p>Hi <img src="cid:logo"></p>', attachments: [{filename: 'logo.png', content: 'png', cid: 'logo'}]}))).toBe(false);
		const signed = 'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=s\r\n\r\n--s\r\nContent-Type: text/plain\r\n\r\nHi\r\n--s\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Disposition: attachment; filename=smime.p7s\r\n\r\nMIIB\r\n--s--\r\n';
		expect(hasAttachment(Buffer.from(signed))).toBe(false);
		// Encrypted: the message itself, as Thunderbird (PGP/MIME) and S/MIME mailers send it.
		const pgp = 'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=e\r\n\r\n--e\r\nContent-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n--e\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\nContent-Disposition: inline; filename="encrypted.asc"\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n--e--\r\n';
		expect(hasAttachment(Buffer.from(pgp))).toBe(false);
		const smime = 'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Disposition: attachment; filename=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\nMIAG\r\n';
		expect(hasAttachment(Buffer.from(smime))).toBe(false);
		expect(hasAttachment(Buffer.from('Subject: x\r\n\r\nContent-Disposition: attachment\r\n'))).toBe(false);
	});
});
