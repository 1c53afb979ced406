// A message whose recipients asked NOTIFY=SUCCESS (RFC 3461) gets the report a real MTA would mail back to its
// envelope sender: a multipart/report (RFC 3464, RFC 6522) kept as the sandbox's next message, from the null sender.
// None for a report itself (<>), NOTIFY=NEVER or a NOTIFY without SUCCESS.
import {mkdtemp, readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {simpleParser, type Attachment} from 'mailparser';
import {describe, expect, it} from 'vitest';
import {describeEvent} from '../../source/headless/serve-output.js';
import {successReport} from '../../source/sandbox/delivery-report.js';
import {sandboxPerTest, type TestSandbox} from './helpers/sandbox.js';

const start = sandboxPerTest();

/** Sends one message over a raw session (commands as given), expects 250 for each and for the message; its id. */
async function deliver(sandbox: TestSandbox, mail: string, rcpts: string[], message = 'Subject: Hello\r\nMessage-ID: <m1@example.test>\r\n\r\nHi.\r\n'): Promise<number> {
	const client = await sandbox.client();
	for (const line of [mail, ...rcpts]) expect((await client.command(line)).code, line).toBe(250);
	expect((await client.command('DATA')).code).toBe(354);
	client.write(`${message}.\r\n`);
	const reply = await client.reply();
	expect(reply.code).toBe(250);
	await client.command('QUIT');
	return Number(/queued as (\d+)/.exec(reply.text)![1]);
}

/** The text of a part mailparser gives as an attachment. */
const text = (part: Attachment | undefined) => part?.content.toString('utf8') ?? '';

/** The body parts of a multipart message, each with its Content-Type and body (CRLF kept), split at `boundary`. */
function bodyParts(raw: Buffer, boundary: string): Array<{type: string; body: string}> {
	const sections = raw.toString('utf8').split(`\r\n--${boundary}`);
	// The preamble before the first, the closing "--" after the last.
	return sections.slice(1, -1).map(section => {
		const [head, ...body] = section.split('\r\n\r\n');
		return {type: /^Content-Type: (.*)$/m.exec(head!)![1]!.trim(), body: `${body.join('\r\n\r\n')}\r\n`};
	});
}

/** RFC 3461 §4: xtext's +XX back to the byte. */
const unXtext = (value: string) => value.replace(/\+([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** Header fields of one block of a message/delivery-status part. */
const fields = (block: string) => Object.fromEntries(block.split('\r\n').filter(Boolean).map(line => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));

describe('the sandbox answers NOTIFY=SUCCESS with a delivery status notification', () => {
	it('keeps a multipart/report from MAILER-DAEMON to the envelope sender, for the recipients that asked', async () => {
		const sandbox = await start();
		const id = await deliver(sandbox, 'MAIL FROM:<me@example.test> RET=FULL ENVID=run+2042+2B1', [
			'RCPT TO:<a+tag@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Btag@example.test',
			'RCPT TO:<b@example.test> NOTIFY=FAILURE ORCPT=rfc822;b@example.test',
			'RCPT TO:<c@example.test> NOTIFY=success',
		]);
		const event = await sandbox.event('report');
		expect(event).toMatchObject({type: 'report', id: id + 1, message: id, to: 'me@example.test', recipients: ['a+tag@example.test', 'c@example.test']});
		expect(describeEvent(event)).toBe(`delivery report on message ${id} kept as message ${id + 1}: from <> to <me@example.test>, a+tag@example.test, c@example.test delivered (NOTIFY=SUCCESS)`);

		const report = sandbox.mailbox.get(id + 1)!;
		expect(report.envelope).toEqual({mailFrom: {address: '', params: {}}, rcptTo: [{address: 'me@example.test', params: {}}]});
		expect(report).toMatchObject({from: '', to: ['me@example.test'], subject: 'Successful Mail Delivery Report', session: {generated: true}});
		// Every line ends in CRLF, as a message on the wire does.
		expect(report.raw.toString('latin1')).not.toMatch(/[^\r]\n/);

		const parsed = await simpleParser(report.raw);
		expect(parsed.from?.value).toEqual([{address: 'MAILER-DAEMON@smtp-tui.localhost', name: 'Mail Delivery System'}]);
		expect(parsed.headers.get('to')).toMatchObject({value: [{address: 'me@example.test', name: ''}]});
		expect(parsed.headers.get('content-type')).toMatchObject({value: 'multipart/report', params: {'report-type': 'delivery-status'}});
		expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
		expect(parsed.text).toContain('<a+tag@example.test>: delivered');
		expect(parsed.text).not.toContain('b@example.test');
		// mailparser reads message/delivery-status as text, after the notice (the inbox's text view shows both).
		expect(parsed.text).toContain('\nAction: delivered\nStatus: 2.0.0\n');
		expect(parsed.attachments.map(part => part.contentType)).toEqual(['text/rfc822-headers']);
		const parts = bodyParts(report.raw, (parsed.headers.get('content-type') as {params: {boundary: string}}).params.boundary);
		expect(parts.map(part => part.type)).toEqual(['text/plain; charset=utf-8', 'message/delivery-status', 'text/rfc822-headers']);

		const [perMessage, ...perRecipient] = parts[1]!.body.trimEnd().split('\r\n\r\n').map(fields);
		expect(perMessage).toEqual({'Reporting-MTA': 'dns; smtp-tui.localhost', 'Original-Envelope-Id': 'run+2042+2B1', 'Arrival-Date': expect.stringMatching(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/)});
		expect(unXtext(perMessage!['Original-Envelope-Id']!)).toBe('run 42+1');
		expect(perRecipient).toEqual([
			{'Original-Recipient': 'rfc822;a+2Btag@example.test', 'Final-Recipient': 'rfc822;a+tag@example.test', Action: 'delivered', Status: '2.0.0'},
			{'Final-Recipient': 'rfc822;c@example.test', Action: 'delivered', Status: '2.0.0'},
		]);
		expect(unXtext(perRecipient[0]!['Original-Recipient']!)).toBe('rfc822;a+tag@example.test');
		// RET=FULL asks for the whole message in a failure report only (RFC 3461 §4.3): this one returns the headers.
		expect(text(parsed.attachments[0])).toBe('Subject: Hello\r\nMessage-ID: <m1@example.test>\r\n');
	});

	it('sends none for a message from the null sender, for NOTIFY=NEVER, for FAILURE and DELAY only, or without NOTIFY', async () => {
		const sandbox = await start();
		await deliver(sandbox, 'MAIL FROM:<>', ['RCPT TO:<a@example.test> NOTIFY=SUCCESS']);
		await deliver(sandbox, 'MAIL FROM:<me@example.test>', ['RCPT TO:<a@example.test> NOTIFY=NEVER']);
		await deliver(sandbox, 'MAIL FROM:<me@example.test>', ['RCPT TO:<a@example.test> NOTIFY=FAILURE,DELAY']);
		await deliver(sandbox, 'MAIL FROM:<me@example.test> RET=HDRS', ['RCPT TO:<a@example.test>']);
		expect(sandbox.mailbox.list().map(message => message.id)).toEqual([1, 2, 3, 4]);
		expect(sandbox.events.filter(event => event.type === 'report')).toEqual([]);
	});

	it('a message without headers gets a report with an empty headers part', async () => {
		const sandbox = await start();
		const id = await deliver(sandbox, 'MAIL FROM:<me@example.test>', ['RCPT TO:<a@example.test> NOTIFY=SUCCESS'], '\r\nbody only\r\n');
		const parsed = await simpleParser(sandbox.mailbox.get(id + 1)!.raw);
		expect(parsed.attachments.map(part => [part.contentType, part.size])).toEqual([['text/rfc822-headers', 0]]);
	});

	it('with a save folder: saved as the next .eml and .json, said with its path', async () => {
		const saveDir = await mkdtemp(path.join(os.tmpdir(), 'smtp-tui-report-'));
		const sandbox = await start({saveDir});
		const id = await deliver(sandbox, 'MAIL FROM:<me@example.test>', ['RCPT TO:<a@example.test> NOTIFY=SUCCESS']);
		const event = await sandbox.event('report');
		expect(event).toMatchObject({id: id + 1, message: id, path: path.join(saveDir, `${id + 1}.eml`)});
		const saved = JSON.parse(await readFile(path.join(saveDir, `${id + 1}.json`), 'utf8')) as {from: string; envelope: unknown; session: {generated?: boolean}};
		expect(saved).toMatchObject({from: '', envelope: {mailFrom: {address: ''}, rcptTo: [{address: 'me@example.test'}]}, session: {generated: true}});
		expect((await simpleParser(await readFile(path.join(saveDir, `${id + 1}.eml`)))).subject).toBe('Successful Mail Delivery Report');
	});

	it('counts as a message for --keep: the newest are kept', async () => {
		const sandbox = await start({keep: 3});
		for (let n = 0; n < 2; n++) await deliver(sandbox, 'MAIL FROM:<me@example.test>', ['RCPT TO:<a@example.test> NOTIFY=SUCCESS']);
		expect(sandbox.mailbox.list().map(message => [message.id, message.subject])).toEqual([
			[2, 'Successful Mail Delivery Report'],
			[3, 'Hello'],
			[4, 'Successful Mail Delivery Report'],
		]);
	});
});

describe('successReport: SMTPUTF8', () => {
	it('names a non-ASCII recipient as utf-8 in utf-8-addr-xtext, and returns UTF-8 headers as message/global-headers', () => {
		const report = successReport(
			{
				id: 5,
				from: 'zoë@example.test',
				to: ['jöe@example.test'],
				subject: 'Grüße',
				size: 30,
				receivedAt: 0,
				envelope: {mailFrom: {address: 'zoë@example.test', params: {SMTPUTF8: true}}, rcptTo: [{address: 'jöe@example.test', params: {NOTIFY: 'SUCCESS'}}]},
				session: {id: 1, remote: '127.0.0.1:1', helo: 'x', listener: 'smtp', tls: false, auth: false},
			},
			Buffer.from('Subject: Grüße\r\n\r\nhi\r\n'),
			'sandbox.test',
		)!;
		const raw = report.raw.toString('utf8');
		expect(raw).toContain('\r\nFinal-Recipient: utf-8;j\\x{F6}e@example.test\r\n');
		expect(raw).toContain('\r\nContent-Type: message/global-headers\r\n\r\nSubject: Grüße\r\n');
		expect(report.envelope.rcptTo).toEqual([{address: 'zoë@example.test', params: {}}]);
	});
});
