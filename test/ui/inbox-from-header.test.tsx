// The inbox lists who a message says it is from, its From header, as a mail reader does: an app's bounce return
// path (VERP, Rails' return_path, SES) is in the envelope, which the headers view shows; a message with no From
// header (typed by hand) is listed by its envelope sender.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {rowMiddle} from '../../source/ui/components/inbox.js';
import {KEYS} from './app-harness.js';
import {running, startInbox} from './inbox-screen.js';

const bounce = 'bounces+u42=example.test@mail.myapp.test';
const ticket = {envelope: {from: bounce, to: ['you@example.test']}, from: '"Acme Support" <support@myapp.test>', to: 'you@example.test', subject: 'Ticket #77 updated', text: 'Your ticket was updated.'};

describe('inbox: the From header, not the envelope sender', () => {
	it('lists the From header with its display name, the name alone where the row is short; the envelope stays in the headers view', async () => {
		const wide = await startInbox({anyLogin: true});
		await wide.sendMail(ticket);
		const frame = await wide.frame(f => f.includes('1 message') && f.includes('Ticket #77'));
		expect(frame).toMatch(/\d\d:\d\d:\d\d Ticket #77 updated · Acme Support <support@myapp\.test> → you@example\.test/);
		// The log says MAIL FROM as it came; the row does not.
		expect(frame).not.toMatch(/· bounces/);
		await wide.press(KEYS.enter);
		const headers = await wide.frame(f => f.includes('[headers]'));
		expect(headers).toContain(`MAIL FROM:<${bounce}>`);
		expect(headers).toContain('! differs from the From: header');

		const narrow = await startInbox({anyLogin: true}, {columns: 60, rows: 16});
		await narrow.sendMail(ticket);
		const short = await narrow.frame(f => f.includes('Ticket #77'));
		expect(short).toMatch(/Ticket #77 updated · Acme Support(?! <)/);
		expect(short).not.toMatch(/· bounces/);
	});

	it('decodes an encoded display name; a message with no From header is listed by its envelope sender', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.sendMail({...ticket, from: '"Zoë Ünïcode" <zoe@myapp.test>', subject: 'Encoded'});
		await inbox.sendMail({envelope: {from: 'typed@example.test', to: ['you@example.test']}, raw: 'Subject: Typed by hand\r\n\r\nno From header\r\n'});
		const frame = await inbox.frame(f => f.includes('2 messages'));
		expect(frame).toContain('Encoded · Zoë Ünïcode <zoe@myapp.test>');
		expect(frame).not.toContain('=?UTF-8?');
		expect(frame).toContain('Typed by hand · typed@example.test');
	});

	it('keeps the From header in --save-dir\'s .json, so a restart lists the message alike', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-author-'));
		const first = await startInbox({saveDir: dir, anyLogin: true});
		await first.sendMail(ticket);
		await first.frame(f => f.includes('1 message'));
		await running.splice(0).reverse().reduce((done, stop) => done.then(stop), Promise.resolve());
		expect(JSON.parse(readFileSync(path.join(dir, '1.json'), 'utf8'))).toMatchObject({from: bounce, author: {name: 'Acme Support', address: 'support@myapp.test'}});

		const again = await startInbox({saveDir: dir, anyLogin: true});
		expect(await again.frame(f => f.includes('Ticket #77'))).toContain('Ticket #77 updated · Acme Support <support@myapp.test>');
	});

	it('gives the recipients their room before the From address, and cuts the display name last', () => {
		const item = {subject: 'Ticket #77 updated', from: bounce, author: {name: 'Acme Support', address: 'support@myapp.test'}, to: ['you@example.test']};
		expect(rowMiddle(item, 80)).toBe('Ticket #77 updated · Acme Support <support@myapp.test> → you@example.test');
		expect(rowMiddle(item, 60)).toBe('Ticket #77 updated · Acme Support → you@example.test');
		expect(rowMiddle(item, 33)).toBe('Ticket #77 updated · Acme Support');
		expect(rowMiddle(item, 28)).toBe('Ticket #77 updat… · Acme Su…');
		// No display name: the address, as before; the null sender with no From header, as mail programs name it.
		expect(rowMiddle({...item, author: {address: 'support@myapp.test'}}, 80)).toBe('Ticket #77 updated · support@myapp.test → you@example.test');
		expect(rowMiddle({...item, from: '', author: undefined}, 80)).toBe('Ticket #77 updated · MAILER-DAEMON <> → you@example.test');
	});
});
