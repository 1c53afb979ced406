// A real client (nodemailer) against the sandbox: plain, STARTTLS trusting exactly the sandbox certificate,
// and AUTH PLAIN / LOGIN / CRAM-MD5 with the demo credentials.
import nodemailer from 'nodemailer';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';

let sandbox: TestSandbox;

beforeAll(async () => {
	sandbox = await startTestSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

function transport(options: Record<string, unknown> = {}) {
	return nodemailer.createTransport({host: '127.0.0.1', port: sandbox.port, ...options});
}

const message = {
	from: 'Alice <alice@example.com>',
	to: 'bob@example.com',
	subject: 'Grüße aus dem Sandkasten',
	text: 'Hello Bob\n.leading dot\n',
};

describe('nodemailer against the sandbox', () => {
	it('delivers over plain SMTP and captures the envelope and bytes', async () => {
		const info = await transport({ignoreTLS: true}).sendMail(message);
		expect(info.response).toMatch(/^250 2\.6\.0 Ok: queued as \d+$/);
		const id = Number(/queued as (\d+)/.exec(info.response)![1]);
		const captured = sandbox.mailbox.get(id)!;
		expect(captured.from).toBe('alice@example.com');
		expect(captured.to).toEqual(['bob@example.com']);
		expect(captured.subject).toBe('Grüße aus dem Sandkasten');
		expect(captured.session.tls).toBe(false);
		expect(captured.session.auth).toBe(false);
		expect(captured.raw.toString()).toContain('\r\n.leading dot\r\n');
		expect(captured.size).toBe(captured.raw.length);
		const view = await sandbox.mailbox.parse(id);
		expect(view.text).toBe('Hello Bob\n.leading dot\n');
		// The Subject went out as RFC 2047 encoded words: shown as sent, and decoded beside.
		const subject = view.headerLines.find(header => header.key === 'subject')!;
		expect(subject.line).toMatch(/^Subject: =\?UTF-8\?/);
		expect(subject.decoded).toBe('Grüße aus dem Sandkasten');
		expect(view.headerLines.find(header => header.key === 'from')).not.toHaveProperty('decoded');
		expect(sandbox.mailbox.list().at(-1)).toEqual({
			id,
			from: 'alice@example.com',
			// The From header, which the inbox lists.
			author: {name: 'Alice', address: 'alice@example.com'},
			to: ['bob@example.com'],
			subject: 'Grüße aus dem Sandkasten',
			messageId: info.messageId,
			size: captured.size,
			receivedAt: captured.receivedAt,
			// What the filter searches too: the text as sent, its dot unstuffed.
			text: 'Hello Bob\n.leading dot\n',
			links: [],
		});
	});

	it('shows a raw UTF-8 header (an 8-bit client) as UTF-8 in the parsed view, not one character per octet', async () => {
		const raw = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: Grüße raw utf8\r\n\r\nbody\r\n';
		const info = await transport({ignoreTLS: true}).sendMail({envelope: {from: 'a@example.com', to: ['b@example.com']}, raw});
		const id = Number(/queued as (\d+)/.exec(info.response)![1]);
		const view = await sandbox.mailbox.parse(id);
		expect(view.headerLines.find(header => header.key === 'subject')).toEqual({key: 'subject', line: 'Subject: Grüße raw utf8'});
	});

	for (const method of ['PLAIN', 'LOGIN', 'CRAM-MD5']) {
		it(`delivers over STARTTLS with AUTH ${method} as demo/demo, trusting only the sandbox certificate`, async () => {
			const info = await transport({
				requireTLS: true,
				tls: {ca: sandbox.certificate.pem},
				auth: {user: 'demo', pass: 'demo', method},
			}).sendMail(message);
			const id = Number(/queued as (\d+)/.exec(info.response)![1]);
			const captured = sandbox.mailbox.get(id)!;
			expect(captured.session.tls).toMatchObject({protocol: expect.stringMatching(/^TLSv1\.[23]$/)});
			expect(captured.session.auth).toEqual({user: 'demo', method});
			await sandbox.event('auth', event => event.method === method);
		});
	}

	it('refuses a wrong password with 535 5.7.8', async () => {
		const sending = transport({requireTLS: true, tls: {ca: sandbox.certificate.pem}, auth: {user: 'demo', pass: 'wrong'}}).sendMail(message);
		await expect(sending).rejects.toMatchObject({responseCode: 535, response: expect.stringContaining('5.7.8')});
	});

	it('is not trusted by a client that does not trust its certificate', async () => {
		const sending = transport({requireTLS: true}).sendMail(message);
		await expect(sending).rejects.toThrow(/self[- ]signed/i);
	});

	it('tells subscribers about new messages and keeps list() stable between changes', async () => {
		let calls = 0;
		const unsubscribe = sandbox.mailbox.subscribe(() => calls++);
		const before = sandbox.mailbox.list();
		expect(sandbox.mailbox.list()).toBe(before);
		await transport({ignoreTLS: true}).sendMail(message);
		unsubscribe();
		await transport({ignoreTLS: true}).sendMail(message);
		expect(calls).toBe(1);
		expect(sandbox.mailbox.list()).not.toBe(before);
	});
});
