// An opened message's attachments can be got at: `s` saves the message and its attachments into a new folder under
// the current one, files 0600 in a 0700 folder, safe names, nothing replaced; a forwarded message (message/rfc822)
// is listed as an attachment and saved as a .eml, not printed into the body text. In `smtp-tui inbox` and the
// dashboard's inbox alike, with real mail sent over SMTP and the files checked on disk.
import {chownSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {messageFolderName} from '../../source/sandbox/attachment-files.js';
import {NOBODY, needsRoot} from '../helpers/as-user.js';
import type {Mailbox} from '../../source/sandbox/mailbox.js';
import {KEYS} from './app-harness.js';
import {startInbox} from './inbox-screen.js';
import {sandboxApp} from './wired-app.js';

const PDF = Buffer.from('%PDF-1.4\n% a generated invoice\n%%EOF\n');

/** A message an app forwards, with what attachments it can carry. */
async function receipt() {
	const inner = await new MailComposer({from: 'x@example.test', to: 'y@example.test', subject: 'inner', text: 'inner body'}).compile().build();
	return {
		from: 'shop@example.test',
		to: 'you@example.test',
		subject: 'Your invoice',
		text: 'See attached.',
		attachments: [
			{filename: 'invoice.pdf', content: PDF},
			// Without a name, as a mail library attaches one: named by its Subject, as mail programs show it.
			{content: inner, contentType: 'message/rfc822'},
			// The sender's text: it must not reach out of the folder, hide itself, or drive the terminal.
			{filename: '../../.bashrc', content: 'echo owned'},
			{filename: 'invoice\u202Efdp.exe', content: 'MZ'},
			{filename: 'Rechnung März.csv', content: 'a,b'},
			{filename: 'Rechnung März.csv', content: 'c,d'},
		],
	};
}

let cwd: string;
const home = process.cwd();
beforeEach(() => {
	cwd = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-save-'));
	process.chdir(cwd);
});
afterEach(() => process.chdir(home));

const mode = (file: string) => statSync(file).mode & 0o777;
/** Message 1's folder: its number and its arrival, so that a later run's message 1 never reads as the same one. */
const folderOf = (mailbox: Mailbox) => messageFolderName(1, new Date(mailbox.get(1)!.receivedAt));

describe('inbox: attachments', () => {
	it('lists a forwarded message as an attachment, not in the text; s saves the message and its attachments', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.sendMail(await receipt());
		await inbox.frame(f => f.includes('Your invoice'));
		await inbox.press(KEYS.enter);
		expect(await inbox.frame(f => f.includes('[headers]'))).toContain('s save');
		await inbox.press(KEYS.right, KEYS.end);
		const text = await inbox.frame(f => f.includes('[text]') && f.includes('Attachments (6):'));
		expect(text).toMatch(/ inner\.eml {2}message\/rfc822 {2}\d+ B/);
		expect(text).not.toContain('inner body');

		await inbox.press('s');
		const folder = folderOf(inbox.catcher.sandbox.mailbox);
		expect(folder).toMatch(/^message-1-\d{8}-\d{6}$/);
		await inbox.frame(f => f.includes(`saved 7 files in ./smtp-tui-attachments/${folder}/`));
		const dir = path.join(cwd, 'smtp-tui-attachments', folder);
		expect(readdirSync(dir).sort()).toEqual(['Rechnung März-2.csv', 'Rechnung März.csv', 'bashrc', 'inner.eml', 'invoice.pdf', 'invoice_fdp.exe', 'message-1.eml']);
		// Nothing written outside the folder.
		expect(readdirSync(path.join(cwd, 'smtp-tui-attachments'))).toEqual([folder]);
		expect(readdirSync(cwd)).toEqual(['smtp-tui-attachments']);
		expect(readFileSync(path.join(dir, 'invoice.pdf'))).toEqual(PDF);
		expect(readFileSync(path.join(dir, 'inner.eml'), 'utf8')).toContain('inner body');
		expect(readFileSync(path.join(dir, 'Rechnung März-2.csv'), 'utf8')).toBe('c,d');
		// The message byte for byte, as received.
		expect(readFileSync(path.join(dir, 'message-1.eml'))).toEqual(await inbox.catcher.sandbox.mailbox.read(1));
		expect(mode(dir)).toBe(0o700);
		expect(readdirSync(dir).map(name => mode(path.join(dir, name)))).toEqual(Array(7).fill(0o600));

		// Saved again: a new folder, the first one left as it was.
		await inbox.press('s');
		await inbox.frame(f => f.includes(`saved 7 files in ./smtp-tui-attachments/${folder}-2/`));
		expect(readdirSync(path.join(cwd, 'smtp-tui-attachments')).sort()).toEqual([folder, `${folder}-2`]);
	});

	it('says in one line why nothing was saved, and saves a message with no attachments alone', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.send('Plain');
		await inbox.frame(f => f.includes('1 message'));
		// Only while a message is open: in the list s is no key.
		await inbox.press('s');
		await inbox.frame(f => f.includes('typing does nothing here'));
		writeFileSync(path.join(cwd, 'smtp-tui-attachments'), 'a file in the way');
		await inbox.press(KEYS.enter, 's');
		await inbox.frame(f => f.includes('message 1 not saved: ./smtp-tui-attachments: a file of that name is in the way: move it'));
		expect(readFileSync(path.join(cwd, 'smtp-tui-attachments'), 'utf8')).toBe('a file in the way');
		process.chdir(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-save-')));
		await inbox.press('s');
		await inbox.frame(f => f.includes(`no attachments; saved the message in ./smtp-tui-attachments/${folderOf(inbox.catcher.sandbox.mailbox)}/`));
	});

	it('saves from the dashboard\'s inbox too, and says so in the log', async () => {
		const app = await sandboxApp({size: {columns: 100, rows: 30}});
		const client = await app.sandbox.client();
		for (const line of ['MAIL FROM:<shop@example.test>', 'RCPT TO:<you@example.test>', 'DATA']) await client.command(line);
		const raw = await new MailComposer(await receipt()).compile().build();
		client.write(Buffer.concat([raw, Buffer.from('.\r\n')]));
		expect((await client.reply()).code).toBe(250);
		await client.command('QUIT');
		await app.frame(f => f.includes('Inbox (1)'));
		await app.press(KEYS.tab, KEYS.tab);
		await app.frame(f => f.includes('[Inbox (1)]'));
		await app.press(KEYS.enter);
		await app.frame(f => f.includes('[headers]') && f.includes('s save'));
		await app.press('s');
		const folder = folderOf(app.sandbox.mailbox);
		await app.frame(f => f.includes(`saved 7 files in ./smtp-tui-attachments/${folder}/`));
		expect(readFileSync(path.join(cwd, 'smtp-tui-attachments', folder, 'invoice.pdf'))).toEqual(PDF);
		expect(app.controller.getSnapshot().session.log.some(entry => entry.text.includes(`saved 7 files in ./smtp-tui-attachments/${folder}/`))).toBe(true);
	});
});

describe('inbox: a ./smtp-tui-attachments another user made', () => {
	// Planted in a shared folder (/tmp) before the save, it would let them swap the message's new folder for a link
	// between its mkdir and the writes, and have the sender's attachments (an authorized_keys) made where they chose.
	needsRoot();

	it('is refused, a folder of theirs or a link they made, and nothing is written into it', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.sendMail(await receipt());
		await inbox.frame(f => f.includes('Your invoice'));
		await inbox.press(KEYS.enter);
		await inbox.frame(f => f.includes('[headers]'));
		const planted = path.join(cwd, 'smtp-tui-attachments');
		mkdirSync(planted, {mode: 0o777});
		chownSync(planted, NOBODY, NOBODY);
		await inbox.press('s');
		await inbox.frame(f => f.includes(`message 1 not saved: ./smtp-tui-attachments belongs to another user (uid ${NOBODY})`));
		expect(readdirSync(planted)).toEqual([]);

		process.chdir(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-save-')));
		const theirs = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-theirs-'));
		const link = path.join(process.cwd(), 'smtp-tui-attachments');
		symlinkSync(theirs, link);
		lchownSync(link, NOBODY, NOBODY);
		await inbox.press('s');
		await inbox.frame(f => f.includes(`message 1 not saved: ./smtp-tui-attachments is a link another user made (uid ${NOBODY})`));
		expect(readdirSync(theirs)).toEqual([]);
	});
});
