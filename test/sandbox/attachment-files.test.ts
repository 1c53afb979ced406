// saveMessageFiles on a real temp folder: an attachment without a name is named by its type, a forwarded message
// by its Subject as a .eml; an existing folder or file is never written into or over.
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {messageFolderName, saveMessageFiles} from '../../source/sandbox/attachment-files.js';

const raw = Buffer.from(
	[
		'From: app@example.test',
		'Subject: nameless parts',
		'Content-Type: multipart/mixed; boundary="b"',
		'',
		'--b',
		'Content-Type: text/plain',
		'',
		'see the parts',
		'--b',
		'Content-Type: application/pdf',
		'Content-Disposition: attachment',
		'',
		'%PDF-1.4',
		'--b',
		'Content-Type: message/rfc822',
		'',
		'Subject: =?UTF-8?Q?Q3/Q4_r=C3=A9sultats:_final?=',
		'',
		'inner body',
		'--b',
		'Content-Type: message/rfc822',
		'',
		'From: someone@example.test',
		'',
		'no subject',
		'--b',
		'Content-Type: text/csv',
		'Content-Disposition: attachment; filename="../"',
		'',
		'a,b',
		'--b--',
		'',
	].join('\r\n'),
);

// Local time, as the folder name is: 6 December 2026, 09:27:30.
const arrival = new Date(2026, 11, 6, 9, 27, 30);

describe('saveMessageFiles', () => {
	it('names the folder by the message\'s number and its arrival: a later run\'s message 7 is another folder', () => {
		expect(messageFolderName(7, arrival)).toBe('message-7-20261206-092730');
		expect(messageFolderName(7, new Date(2026, 11, 6, 9, 27, 31))).not.toBe(messageFolderName(7, arrival));
	});

	it('names an attachment without a usable name by its type, and a forwarded message by its Subject as a .eml', async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-parts-'));
		const saved = await saveMessageFiles(raw, 7, base, arrival);
		expect(saved.dir).toBe(path.join(base, 'smtp-tui-attachments', 'message-7-20261206-092730'));
		// The Subject decoded, its slash and colon made safe; without a Subject, forwarded.eml.
		expect(saved.files).toEqual(['message-7.eml', 'attachment-1.pdf', 'Q3_Q4 résultats_ final.eml', 'forwarded.eml', 'attachment-4.csv']);
		expect(readFileSync(path.join(saved.dir, 'Q3_Q4 résultats_ final.eml'), 'utf8')).toContain('inner body');
		expect(readFileSync(path.join(saved.dir, 'forwarded.eml'), 'utf8')).toContain('no subject');
		expect(readFileSync(path.join(saved.dir, 'message-7.eml'))).toEqual(raw);
	});

	it('names an internationalised forwarded message (message/global, RFC 6532) by its Subject in UTF-8, as a message/rfc822 one', async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-parts-'));
		const global = Buffer.from(
			['From: app@example.test', 'Subject: forwards', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'two forwards', '--b', 'Content-Type: message/global', '', 'From: jürgen@bücher.example', 'Subject: Grüße aus Zürich', '', 'inner body', '--b', 'Content-Type: message/global', '', 'From: jürgen@bücher.example', '', 'no subject', '--b--', ''].join('\r\n'),
		);
		const saved = await saveMessageFiles(global, 8, base, arrival);
		expect(saved.files).toEqual(['message-8.eml', 'Grüße aus Zürich.eml', 'forwarded.eml']);
		expect(readFileSync(path.join(saved.dir, 'Grüße aus Zürich.eml'), 'utf8')).toContain('inner body');
	});

	it('saves the HTML as a page to open in a browser, its cid: images in it, beside the message', async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-parts-'));
		const html = Buffer.from(
			[
				'From: app@example.test',
				'Subject: =?UTF-8?Q?R=C3=A9initialiser?=',
				'Content-Type: multipart/related; boundary="r"',
				'',
				'--r',
				'Content-Type: text/html; charset=iso-8859-1',
				'',
				'<p>R\xe9initialiser <img src="cid:logo"></p>',
				'--r',
				'Content-Type: image/png',
				'Content-ID: <logo>',
				'Content-Disposition: inline; filename=logo.png',
				'Content-Transfer-Encoding: base64',
				'',
				'UE5H',
				'--r--',
				'',
			].join('\r\n'),
			'latin1',
		);
		const saved = await saveMessageFiles(html, 8, base, arrival);
		expect(saved.files).toEqual(['message-8.eml', 'message-8.html', 'logo.png']);
		const page = readFileSync(path.join(saved.dir, 'message-8.html'), 'utf8');
		expect(page).toMatch(/^<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="script-src 'none';/);
		expect(page).toContain('<p>Réinitialiser <img src="data:image/png;base64,UE5H"></p>');
		// A message without HTML gets no page.
		expect((await saveMessageFiles(raw, 9, base, arrival)).files).not.toContain('message-9.html');
	});

	it('takes the next folder name when one is there, as a folder or a file', async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-parts-'));
		const parent = path.join(base, 'smtp-tui-attachments');
		mkdirSync(path.join(parent, 'message-7-20261206-092730'), {recursive: true});
		writeFileSync(path.join(parent, 'message-7-20261206-092730-2'), 'mine');
		const saved = await saveMessageFiles(raw, 7, base, arrival);
		expect(path.basename(saved.dir)).toBe('message-7-20261206-092730-3');
		expect(readdirSync(path.join(parent, 'message-7-20261206-092730'))).toEqual([]);
		expect(readFileSync(path.join(parent, 'message-7-20261206-092730-2'), 'utf8')).toBe('mine');
	});
});
