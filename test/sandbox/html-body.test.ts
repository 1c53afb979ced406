// What the inbox reads from an HTML message's body (Mailbox.parse): which parts it has, the HTML source as sent,
// and the text made from the HTML where there is no text/plain part.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import {describe, expect, it, vi} from 'vitest';
import {Mailbox} from '../../source/sandbox/mailbox.js';
import {htmlAsText} from '../../source/sandbox/html-text.js';

type Mail = ConstructorParameters<typeof MailComposer>[0];

/** `raw` through a real mailbox, parsed as the inbox parses it. */
async function parsed(raw: Buffer, keepBytes = 1 << 20) {
	const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes}});
	const session = {id: 1, remote: '127.0.0.1', helo: 'app.test', listener: 'smtp' as const, tls: false as const, auth: false as const};
	const {id} = await mailbox.accept({envelope: {mailFrom: {address: 'app@example.test', params: {}}, rcptTo: [{address: 'you@example.test', params: {}}]}, session, raw, receivedAt: 0});
	return mailbox.parse(id);
}

const composed = async (mail: Mail) => parsed(await new MailComposer({from: 'app@example.test', to: 'you@example.test', subject: 'S', ...mail}).compile().build());

describe('an HTML message parsed for the inbox', () => {
	it('makes the text of an HTML-only message from its HTML, and says so; a multipart/alternative one keeps its text part', async () => {
		const only = await composed({html: '<p>Hi <b>Ann</b></p>'});
		expect(only).toMatchObject({text: 'Hi Ann', textFromHtml: true});
		expect(only.html).toContain('<p>Hi <b>Ann</b></p>');
		const both = await composed({html: '<p>Hi <b>Ann</b></p>', text: 'Hello Ann (plain)'});
		expect(both).toMatchObject({text: 'Hello Ann (plain)', html: '<p>Hi <b>Ann</b></p>'});
		expect(both.textFromHtml).toBeUndefined();
		// An app's blank text alternative: the text made from the HTML, as mail programs show the HTML then.
		expect(await composed({html: '<p>Hi <b>Ann</b></p>', text: ' \n'})).toMatchObject({text: 'Hi Ann', textFromHtml: true});
	});

	it('counts a text/plain attachment as no text part, and a part with no Content-Type as one (RFC 2045)', async () => {
		const attached = await composed({html: '<p>See the log</p>', attachments: [{filename: 'log.txt', content: 'line one', contentType: 'text/plain'}]});
		expect(attached).toMatchObject({text: 'See the log', textFromHtml: true});
		const body = ['--b', '', 'Plain words', '--b', 'Content-Type: text/html', '', '<p>HTML words</p>', '--b--', ''];
		const typed = await parsed(Buffer.from(['Subject: typed', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b"', '', ...body].join('\r\n')));
		expect(typed).toMatchObject({text: 'Plain words', html: '<p>HTML words</p>'});
		expect(typed.textFromHtml).toBeUndefined();
	});

	it('decodes a base64 HTML part, showing a byte that is not UTF-8 as \\xHH (mailparser gives U+FFFD)', async () => {
		const part = Buffer.from('<p>caf\xe9</p>', 'latin1').toString('base64');
		const raw = ['Subject: base64', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', part, ''].join('\r\n');
		expect((await parsed(Buffer.from(raw))).html).toBe('<p>caf\\xe9</p>');
	});

	for (const charset of ['windows-1252', 'iso-8859-1', 'latin1']) {
		it(`reads a ${charset} body as windows-1252 (€, curly quotes), in the html view and in the text views`, async () => {
			// € “hi” é in windows-1252: Node's TextDecoder gives C1 controls for 0x80-0x9F.
			const bytes = (html: boolean) => Buffer.concat([Buffer.from(html ? '<p>' : ''), Buffer.from([0x80, 0x20, 0x93, 0x68, 0x69, 0x94, 0x20, 0xe9]), Buffer.from(html ? '</p>' : '')]);
			const part = (type: string, html: boolean) => Buffer.concat([Buffer.from(`Content-Type: ${type}; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), bytes(html), Buffer.from('\r\n')]);
			const only = await parsed(Buffer.concat([Buffer.from('Subject: only\r\nMIME-Version: 1.0\r\n'), part('text/html', true)]));
			expect(only).toMatchObject({text: '€ “hi” é', textFromHtml: true});
			expect(only.html?.trim()).toBe('<p>€ “hi” é</p>');
			const alternative = Buffer.concat([
				Buffer.from('Subject: both\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'),
				part('text/plain', false),
				Buffer.from('--b\r\n'),
				part('text/html', true),
				Buffer.from('--b--\r\n'),
			]);
			// The text part is mailparser's (iconv-lite's windows-1252, which reads iso-8859-1 alike).
			const both = await parsed(alternative);
			expect([both.html?.trim(), both.text.trim()]).toEqual(['<p>€ “hi” é</p>', '€ “hi” é']);
		});
	}

	it('names an inline image by its Content-ID, and an attachment without', async () => {
		const view = await composed({html: '<img src="cid:logo@x.test">', attachments: [{filename: 'logo.png', content: Buffer.from('PNG'), cid: 'logo@x.test'}, {filename: 'a.pdf', content: 'x'}]});
		expect(view.attachments).toEqual([
			{filename: 'logo.png', contentType: 'image/png', size: 3, cid: 'logo@x.test'},
			{filename: 'a.pdf', contentType: 'application/pdf', size: 1},
		]);
		// multipart/related as Outlook writes it: a Content-ID, no Content-Disposition.
		const image = ['--b', 'Content-Type: text/html', '', '<img src="cid:a@b.test">', '--b', 'Content-Type: image/png; name="x.png"', 'Content-ID: <a@b.test>', 'Content-Transfer-Encoding: base64', '', 'UE5H', '--b--', ''];
		const related = await parsed(Buffer.from(['Subject: related', 'MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="b"', '', ...image].join('\r\n')));
		expect(related.attachments).toEqual([{filename: 'x.png', contentType: 'image/png', size: 3, cid: 'a@b.test'}]);
		// As Python's add_related(..., filename=) writes it: marked as an attachment, yet shown by the HTML; a file
		// with a Content-ID that the HTML does not show (as the mail gem writes every attachment) stays a file.
		const marked = (cid: string) => ['--b', 'Content-Type: text/html', '', '<img src="cid:a@b.test">', '--b', 'Content-Type: image/png', 'Content-Disposition: attachment; filename="x.png"', `Content-ID: <${cid}>`, 'Content-Transfer-Encoding: base64', '', 'UE5H', '--b--', ''];
		const python = await parsed(Buffer.from(['Subject: python', 'MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="b"', '', ...marked('a@b.test')].join('\r\n')));
		expect(python.attachments).toEqual([{filename: 'x.png', contentType: 'image/png', size: 3, cid: 'a@b.test', attached: true}]);
		const file = await parsed(Buffer.from(['Subject: file', 'MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="b"', '', ...marked('c@b.test')].join('\r\n')));
		expect(file.attachments).toEqual([{filename: 'x.png', contentType: 'image/png', size: 3}]);
	});

	it('cuts an HTML part over 16 MiB before html-to-text would (which writes its warning to the terminal), and says so', async () => {
		// Past html-to-text's limit (1 << 24 characters) inside a comment, cheap to convert: the cut falls in it.
		const html = `<p>Hello Ann</p><!--${'x'.repeat((1 << 24) + 2 * 1024 * 1024)}--><p>After the cut</p>`;
		const warn = vi.spyOn(console, 'warn');
		try {
			const view = await parsed(Buffer.from(`Subject: big\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}`), 64 << 20);
			expect(view).toMatchObject({text: 'Hello Ann\n\n[… the rest of the HTML, 2 MiB, not shown as text]', textFromHtml: true});
			// The html view has it all.
			expect(view.html).toContain('<p>After the cut</p>');
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
		}
	}, 60_000);
});

describe('the text made from HTML', () => {
	it('is not wrapped at 80 columns (the view wraps), and a link that is its own text is given once', async () => {
		const sentence = 'This paragraph is long enough to go past eighty columns, where mailparser would break it.';
		expect(await htmlAsText(`<p>${sentence}</p><p><a href="https://example.test/a">https://example.test/a</a></p>`)).toBe(`${sentence}\n\nhttps://example.test/a`);
	});

	it('keeps a heading in its own letters (html-to-text would write it in capitals)', async () => {
		expect(await htmlAsText('<h1>Willkommen, Jürgen</h1><h3>Your code</h3><p>is 493817</p>')).toBe('Willkommen, Jürgen\n\nYour code\n\nis 493817');
	});

	it('puts a table row on a line with its cells apart, and a layout table adds no runs of blank lines', async () => {
		const html = '<table><tr><td><table><tr><th>Plan</th><th>Price</th></tr><tr><td>Starter</td><td>$5</td></tr></table></td></tr><tr><td></td></tr><tr><td><p>Bye</p></td></tr></table>';
		expect(await htmlAsText(html)).toBe('Plan  Price\nStarter  $5\n\nBye');
	});
});
