// smtp-tui inbox's mailbox (readTextsLater): a message is kept, and its 250 sent, before its text and links are read;
// they are read once the server is quiet, after a longest wait under a steady stream of mail, or at once when asked.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {Mailbox, type CapturedSession} from '../../source/sandbox/mailbox.js';

const session: CapturedSession = {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false};
const html = '<p>Confirm your address with <a href="https://app.test/confirm?token=abc123">this link</a>.</p>';
const message = (subject: string) => Buffer.from(`Subject: ${subject}\r\nContent-Type: text/html\r\n\r\n${html}\r\n`);

async function lateMailbox(keep = 10) {
	const mailbox = await Mailbox.open({limits: {keep, keepBytes: 1 << 20}});
	mailbox.readTextsLater();
	const accept = (subject: string) => mailbox.accept({envelope: {mailFrom: {address: 'app@app.test', params: {}}, rcptTo: [{address: 'user@example.test', params: {}}]}, session, raw: message(subject), receivedAt: 0});
	return {mailbox, accept};
}

const read = {text: 'Confirm your address with this link [https://app.test/confirm?token=abc123].', links: ['https://app.test/confirm?token=abc123']};

afterEach(() => {
	vi.useRealTimers();
});

describe('texts read after the 250', () => {
	it('keeps a message before its text is read, and reads it when asked, as it is read at arrival', async () => {
		const {mailbox, accept} = await lateMailbox();
		const record = await accept('Welcome');
		expect(record.text).toBeUndefined();
		expect(mailbox.list().map(summary => [summary.subject, summary.text])).toEqual([['Welcome', undefined]]);
		await mailbox.readTexts();
		expect(mailbox.list()[0]).toMatchObject(read);
		expect(mailbox.record(record.id)).toMatchObject(read);
		// The same as a mailbox that reads it before the 250.
		const atArrival = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		const before = await atArrival.accept({envelope: record.envelope, session, raw: message('Welcome'), receivedAt: 0});
		expect({text: before.text, links: before.links}).toEqual({text: mailbox.list()[0]!.text, links: mailbox.list()[0]!.links});
	});

	it('reads them by itself once no mail has come for a moment, and tells the listeners', async () => {
		const {mailbox, accept} = await lateMailbox();
		let changes = 0;
		mailbox.subscribe(() => changes++);
		await accept('one');
		await accept('two');
		expect(changes).toBe(2);
		await vi.waitFor(() => expect(mailbox.list().map(summary => summary.text)).toEqual([read.text, read.text]), {timeout: 5000});
		expect(changes).toBe(4);
	});

	it('reads them under a steady stream of mail too, the oldest once it has waited a second', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'Date']});
		const {mailbox, accept} = await lateMailbox(100);
		// A message every 50 ms: never the quiet moment it waits for.
		for (let n = 1; n <= 19; n++) {
			await accept(`message ${n}`);
			await vi.advanceTimersByTimeAsync(50);
		}
		expect(mailbox.list().every(summary => summary.text === undefined)).toBe(true);
		await accept('message 20');
		await vi.advanceTimersByTimeAsync(50);
		vi.useRealTimers();
		await vi.waitFor(() => expect(mailbox.list().every(summary => summary.text === read.text)).toBe(true), {timeout: 5000});
	});

	it('does not read the text of a message let go before it was read', async () => {
		const {mailbox, accept} = await lateMailbox(1);
		await accept('first');
		await accept('second');
		let changes = 0;
		mailbox.subscribe(() => changes++);
		await mailbox.readTexts();
		expect(mailbox.list().map(summary => [summary.subject, summary.text])).toEqual([['second', read.text]]);
		expect(changes).toBe(1);
	});

	it('reads at arrival with a save folder, whose .json keeps the text', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'smtp-tui-late-texts-'));
		try {
			const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}, saveDir: dir});
			mailbox.readTextsLater();
			const record = await mailbox.accept({envelope: {mailFrom: {address: 'app@app.test', params: {}}, rcptTo: [{address: 'user@example.test', params: {}}]}, session, raw: message('saved'), receivedAt: 0});
			expect(record).toMatchObject(read);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
});
