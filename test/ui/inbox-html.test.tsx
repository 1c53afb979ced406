// HTML mail in the sandbox inbox, as applications send it to a mail catcher: the html view shows the HTML part's
// source, the text view of an HTML-only message says its text was made from the HTML, and inline images are named.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import {describe, expect, it} from 'vitest';
import {KEYS} from './app-harness.js';
import {sandboxApp, type TestApp} from './wired-app.js';

type Mail = ConstructorParameters<typeof MailComposer>[0];

const build = (mail: Mail) => new MailComposer({from: 'app@example.test', to: 'you@example.test', ...mail}).compile().build();

/** Sends `raw` over SMTP to the app's sandbox (dot-stuffed), as an application would. */
async function deliver(app: TestApp, raw: Buffer): Promise<void> {
	const client = await app.sandbox!.client();
	client.write('MAIL FROM:<app@example.test>\r\nRCPT TO:<you@example.test>\r\nDATA\r\n');
	for (let reply = 0; reply < 3; reply++) await client.reply();
	client.write(Buffer.concat([Buffer.from(raw.toString('latin1').replace(/^\./gm, '..'), 'latin1'), Buffer.from('.\r\n')]));
	expect((await client.reply()).code).toBe(250);
	await client.command('QUIT');
}

/** The focused inbox panel's rows (double border) below its title, its views line first. */
const inboxRows = (frame: string) => frame.split('\n').flatMap(line => /║ (.*?) *║$/.exec(line)?.[1] ?? []).slice(1);

/** The app with `raw` in its sandbox, opened from the inbox (Tab Tab Enter), at the headers view. */
async function opened(raw: Buffer, size: {columns: number; rows: number}) {
	const app = await sandboxApp({size});
	await deliver(app, raw);
	await app.frame(f => f.includes('Inbox (1)'));
	await app.press(KEYS.tab, KEYS.tab);
	await app.frame(f => f.includes('[Inbox (1)]'));
	await app.press(KEYS.enter);
	await app.frame(f => f.includes('[headers]') && f.includes('From: app@example.test'));
	return app;
}

const LONG_LINK = 'https://example.test/confirm?token=0123456789abcdefghijklmnopqrstuvwxyz0123456789';

const welcome = {
	subject: 'Welcome',
	html: `<p>Please <a href="${LONG_LINK}">confirm</a> your address.</p>\n<p>Thanks</p>`,
};

describe('HTML mail in the inbox', () => {
	it('lists an html view for a message with an HTML part, showing its source wrapped at the width behind »', async () => {
		const app = await opened(await build({...welcome, text: 'Please confirm your address.'}), {columns: 100, rows: 30});
		expect(inboxRows(app.instance.lastFrame()!)[0]).toMatch(/^\[headers\] +text +html +raw +↓ \d+ more/);
		await app.press(KEYS.right);
		// A multipart/alternative message: its own text part, with nothing said about the HTML.
		const text = inboxRows(await app.frame(f => f.includes('[text]')));
		expect(text[1]).toBe('Please confirm your address.');
		expect(text.join('\n')).not.toContain('text/plain part');
		await app.press(KEYS.right);
		const rows = inboxRows(await app.frame(f => f.includes('[html]')));
		expect(rows[0]).toMatch(/^ headers +text +\[html\] +raw/);
		// The source as sent, the long line cut at the panel's width and going on behind the mark.
		const end = rows.indexOf('<p>Thanks</p>');
		const parts = rows.slice(1, end);
		expect(parts.length).toBeGreaterThan(1);
		expect(parts.slice(1).every(row => row.startsWith('»'))).toBe(true);
		expect(parts.map((row, index) => (index === 0 ? row : row.slice(1))).join('')).toBe(`<p>Please <a href="${LONG_LINK}">confirm</a> your address.</p>`);
		await app.press(KEYS.right);
		await app.frame(f => f.includes('[raw]'));
		await app.press(KEYS.left, KEYS.left);
		await app.frame(f => f.includes('[text]'));
	});

	it('says the text of an HTML-only message was made from its HTML, links as [url], and names inline images', async () => {
		const raw = await build({
			subject: 'Receipt',
			html: '<img src="cid:logo@example.test" alt="Acme"><h2>Receipt</h2><table><tr><th>Item</th><th>Price</th></tr><tr><td>Widget</td><td>$5</td></tr></table><p><a href="https://example.test/r/1">View online</a></p>',
			attachments: [
				{filename: 'logo.png', content: Buffer.from('PNG'), cid: 'logo@example.test'},
				{filename: 'receipt.pdf', content: Buffer.from('%PDF')},
			],
		});
		// Wide enough for an attachment's line whole (the text view wraps it at spaces).
		const app = await opened(raw, {columns: 120, rows: 30});
		await app.press(KEYS.right);
		const top = inboxRows(await app.frame(f => f.includes('[text]')));
		const note = top.slice(1, top.indexOf(''));
		expect(note.join(' ')).toBe('no text in a text/plain part: this text is made from the HTML part (links as [url])');
		// Rows and cells apart, the link's address beside its words, the image by its alt text and cid.
		await app.press(KEYS.end);
		const rows = [...top, ...inboxRows(await app.frame(f => f.includes('Attachments (2):')))];
		const shown = ['Acme [cid:logo@example.test]', 'Item  Price', 'Widget  $5', 'View online [https://example.test/r/1]'];
		const attachments = ['  logo.png  image/png  3 B  inline (cid:logo@example.test)', '  receipt.pdf  application/pdf  4 B'];
		for (const row of [...shown, ...attachments]) expect(rows).toContain(row);
	});

	it('says which cid: images the HTML shows that no part has, which inline image it never shows, and an invitation\'s method', async () => {
		const raw = await build({
			subject: 'Reset',
			// Two misses, one %-encoded as a cid URL may be (RFC 2392), one in CSS; logo@example.test is there.
			html: '<img src="cid:LOGO@example.test"><img src="cid:banner%40example.test"><td style="background: url(cid:bg)">',
			attachments: [
				{filename: 'logo.png', content: Buffer.from('PNG'), cid: 'logo@example.test'},
				{filename: 'spare.png', content: Buffer.from('PNG'), cid: 'spare'},
				{filename: 'invite.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar; method=REQUEST'},
				{filename: 'event.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar'},
			],
		});
		const app = await opened(raw, {columns: 150, rows: 30});
		await app.press(KEYS.right);
		await app.frame(f => f.includes('[text]'));
		await app.press(KEYS.end);
		const rows = inboxRows(await app.frame(f => f.includes('Attachments (4):')));
		const from = rows.indexOf('Attachments (4):');
		expect(rows.slice(from, from + 5)).toEqual([
			'Attachments (4):',
			'  logo.png  image/png  3 B  inline (cid:logo@example.test)',
			'  spare.png  image/png  3 B  inline (cid:spare, which the HTML does not show)',
			'  invite.ics  text/calendar; method=REQUEST  32 B',
			// One without a method is a calendar to import: mail programs offer no Accept/Decline for it.
			'  event.ics  text/calendar (no method: no Accept/Decline)  32 B',
		]);
		// Said as prose, wrapped at spaces in the panel's width.
		expect(rows.slice(from + 5).join(' ').trim()).toBe(
			'! a broken image: the HTML shows cid:banner@example.test, and no part has that Content-ID ! a broken image: the HTML shows cid:bg, and no part has that Content-ID',
		);
	});

	it('says of an image the HTML shows that its part is marked as an attachment (Python\'s add_related with a filename)', async () => {
		const raw = await build({subject: 'Logo', html: '<img src="cid:logo@example.test">', attachments: [{filename: 'logo.png', content: Buffer.from('PNG'), cid: 'logo@example.test', contentDisposition: 'attachment'}]});
		const app = await opened(raw, {columns: 150, rows: 30});
		await app.press(KEYS.right);
		const rows = inboxRows(await app.frame(f => f.includes('Attachments (1):')));
		// The line wraps behind a » mark in the panel's width.
		expect(rows.join('\n')).toContain('  logo.png  image/png  3 B  inline (cid:logo@example.test, but marked as an\n»attachment: mail programs may list it as a file too)');
	});

	it('says under the headers what mail programs would make of a List-Unsubscribe written wrong', async () => {
		const raw = await build({subject: 'News', text: 'Hi', headers: {'List-Unsubscribe': 'https://acme.example/u', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'}});
		const app = await opened(raw, {columns: 150, rows: 40});
		await app.press(KEYS.end);
		const rows = inboxRows(await app.frame(f => f.includes('(RFC 8058)')));
		const from = rows.findIndex(row => row.startsWith('! '));
		expect(rows[from - 1]).toBe('');
		expect(rows.slice(from).join(' ').replace(/ +/g, ' ').trim()).toBe(
			'! List-Unsubscribe has "https://acme.example/u" outside <>: each address goes in angle brackets, as <https://…>, <mailto:…> (RFC 2369), or mail programs show no unsubscribe link ! List-Unsubscribe-Post, but List-Unsubscribe has no <https:…> address, which one-click unsubscribe POSTs to (RFC 8058)',
		);
	});

	it('keeps headers, text and raw for a message without HTML, as before', async () => {
		const app = await opened(await build({subject: 'Plain', text: 'Just text'}), {columns: 80, rows: 24});
		expect(inboxRows(app.instance.lastFrame()!)[0]).toMatch(/^\[headers\] +text +raw +↓ \d+ more/);
		await app.press(KEYS.right);
		const text = inboxRows(await app.frame(f => f.includes('[text]')));
		expect(text[1]).toBe('Just text');
		await app.press(KEYS.right);
		await app.frame(f => f.includes('[raw]'));
		await app.press(KEYS.right);
		await app.frame(f => f.includes('[headers]'));
	});

	it('shows a byte that is not UTF-8 in the HTML part as \\xHH, as the raw view does', async () => {
		const raw = Buffer.from('From: app@example.test\r\nSubject: Latin\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>caf\xe9</p>\r\n', 'latin1');
		const app = await opened(raw, {columns: 100, rows: 30});
		await app.press(KEYS.right, KEYS.right);
		const rows = inboxRows(await app.frame(f => f.includes('[html]')));
		expect(rows[1]).toBe('<p>caf\\xe9</p>');
	});

	it('reads the HTML part in the charset it declares', async () => {
		const raw = Buffer.from('From: app@example.test\r\nSubject: Latin\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>caf=E9</p>\r\n', 'latin1');
		const app = await opened(raw, {columns: 100, rows: 30});
		await app.press(KEYS.right);
		await app.frame(f => f.includes('[text]') && f.includes('café'));
		await app.press(KEYS.right);
		const rows = inboxRows(await app.frame(f => f.includes('[html]')));
		expect(rows[1]).toBe('<p>café</p>');
	});
});
