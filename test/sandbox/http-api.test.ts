// serve --http: the caught mail read over real HTTP (Node's fetch on 127.0.0.1) after real clients (nodemailer)
// sent it to serve, run in process: Mailpit's shapes, the long-poll wait, delete, and the refusals.
import {createHash, randomBytes} from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import nodemailer from 'nodemailer';
import {afterEach, describe, expect, it} from 'vitest';
import {RawClient} from './helpers/raw-client.js';
import {startServe} from './helpers/serve-in-process.js';
import {waitFor} from './helpers/wait.js';

type Served = Awaited<ReturnType<typeof startServe>> & {api: string; smtpPort: number};
let running: Served[] = [];

afterEach(async () => {
	await Promise.all(running.map(served => served.stop()));
	running = [];
});

async function start(flags: Record<string, unknown> = {}): Promise<Served> {
	const served = await startServe({http: '0', starttls: false, ...flags});
	const [, line, json] = await waitFor(() => /HTTP API on (http:\S+) |"url":"(http:[^"]+)"/.exec(served.out()), 'the HTTP API line');
	const result = {...served, api: (line ?? json)!, smtpPort: served.port};
	running.push(result);
	return result;
}

function send(served: Served, message: Record<string, unknown>) {
	return nodemailer.createTransport({host: '127.0.0.1', port: served.smtpPort, ignoreTLS: true}).sendMail({from: 'App <app@example.test>', to: 'anna@example.test', ...message});
}

async function getJson(served: Served, path: string, init?: RequestInit) {
	const response = await fetch(served.api + path, init);
	return {status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any>};
}

/** A request with a Host header of its own (fetch sets its own): node:http on the same port. */
function withHost(served: Served, host: string, path = '/api/v1/messages', method = 'GET'): Promise<{status: number; headers: http.IncomingHttpHeaders; body: string}> {
	return new Promise((resolve, reject) => {
		const request = http.request(served.api + path, {method, headers: {host}}, response => {
			let body = '';
			response.on('data', chunk => (body += chunk));
			response.on('end', () => resolve({status: response.statusCode!, headers: response.headers, body}));
		});
		request.on('error', reject);
		request.end();
	});
}

/** Bytes written to the API's port as they are (a client fetch would %-encode), and its whole answer. */
async function rawRequest(served: Served, bytes: string): Promise<string> {
	const socket = net.connect(Number(new URL(served.api).port), '127.0.0.1');
	socket.end(Buffer.from(bytes));
	let reply = '';
	for await (const chunk of socket) reply += String(chunk);
	return reply;
}

/**
 * A wait request, known to be read by the API when this resolves: written out, then a request on another connection
 * answered (the server reads sockets in the order their data came). `settled()`: whether it has been answered.
 */
async function openWait(served: Served, path: string) {
	let written!: () => void;
	const flushed = new Promise<void>(resolve => (written = resolve));
	let settled = false;
	const answer = new Promise<{status: number; body: Record<string, any>}>((resolve, reject) => {
		const request = http.get(served.api + path, response => {
			let body = '';
			response.on('data', chunk => (body += chunk));
			response.on('end', () => {
				settled = true;
				resolve({status: response.statusCode!, body: JSON.parse(body) as Record<string, any>});
			});
		});
		request.on('finish', written);
		request.on('error', reject);
	});
	await flushed;
	await fetch(`${served.api}/api/v1/messages`);
	return {answer, settled: () => settled};
}

describe('serve --http: reading the caught mail', () => {
	it('lists newest first in Mailpit\'s shape, with pages', async () => {
		const served = await start();
		await send(served, {subject: 'First', text: 'one'});
		await send(served, {subject: 'Second', to: 'bob@example.test', cc: 'carol@example.test', bcc: 'dave@example.test', text: 'two\n\n  lines'});
		const {status, headers, body} = await getJson(served, '/api/v1/messages');
		expect(status).toBe(200);
		expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(headers.get('access-control-allow-origin')).toBeNull();
		expect(body).toMatchObject({total: 2, count: 2, start: 0, messages_count: 2});
		expect(body.messages.map((message: {ID: string}) => message.ID)).toEqual(['2', '1']);
		expect(body.messages[0]).toMatchObject({
			ID: '2',
			MessageID: expect.not.stringMatching(/[<>]/),
			From: {Name: 'App', Address: 'app@example.test'},
			To: [{Name: '', Address: 'bob@example.test'}],
			Cc: [{Name: '', Address: 'carol@example.test'}],
			// The envelope recipient no header names.
			Bcc: [{Name: '', Address: 'dave@example.test'}],
			Subject: 'Second',
			Created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			Attachments: 0,
			Snippet: 'two lines',
		});
		const page = await getJson(served, '/api/v1/messages?start=1&limit=1');
		expect(page.body).toMatchObject({total: 2, count: 1, start: 1});
		expect(page.body.messages[0].Subject).toBe('First');
		expect((await getJson(served, '/api/v1/messages?limit=ten')).body).toEqual({status: 400, message: 'limit must be a whole number from 0 to 10,000, not "ten"'});
	});

	it('a message: its text, HTML, links and envelope; its attachment byte for byte; its source and headers', async () => {
		const served = await start();
		const bytes = randomBytes(5000);
		await send(served, {
			subject: 'Reset your password',
			text: 'Reset it at https://app.test/reset?token=abc123 today.',
			html: '<p><a href="https://app.test/reset?token=abc123">Reset</a></p>',
			attachments: [{filename: 'report.bin', content: bytes, contentType: 'application/octet-stream'}],
		});
		const {body} = await getJson(served, '/api/v1/message/1');
		expect(body).toMatchObject({
			ID: '1',
			Subject: 'Reset your password',
			Text: expect.stringContaining('https://app.test/reset?token=abc123'),
			HTML: '<p><a href="https://app.test/reset?token=abc123">Reset</a></p>',
			Envelope: {From: 'app@example.test', To: ['anna@example.test']},
			Links: ['https://app.test/reset?token=abc123'],
			Auth: {Checking: false, DKIM: [], SPF: null, DMARC: null},
			Inline: [],
		});
		expect(body.Attachments).toHaveLength(1);
		const [attachment] = body.Attachments as Array<{PartID: string; FileName: string; ContentType: string; Size: number}>;
		expect(attachment).toMatchObject({FileName: 'report.bin', ContentType: 'application/octet-stream', Size: 5000});
		// latest is the same message.
		expect((await getJson(served, '/api/v1/message/latest')).body).toEqual(body);

		const part = await fetch(`${served.api}/api/v1/message/1/part/${attachment!.PartID}`);
		expect(part.status).toBe(200);
		expect(part.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''report.bin");
		expect(Buffer.from(await part.arrayBuffer()).equals(bytes)).toBe(true);
		expect((await getJson(served, '/api/v1/message/1/part/9')).body).toMatchObject({status: 404, message: `message 1 has no part 9: its parts are ${attachment!.PartID}`});

		const raw = await fetch(`${served.api}/api/v1/message/1/raw`);
		const source = Buffer.from(await raw.arrayBuffer());
		expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(source.length).toBe(body.Size);
		expect(source.toString()).toMatch(/^(?:[\s\S]*\r\n)?Subject: Reset your password\r\n/);
		expect(source.toString()).toContain(bytes.toString('base64').slice(0, 76));

		const headers = await getJson(served, '/api/v1/message/1/headers');
		expect(headers.body).toMatchObject({Subject: ['Reset your password'], From: ['App <app@example.test>'], 'Message-Id': [`<${body.MessageID}>`]});
	});

	it('a forwarded message (message/rfc822) without a name is named by its Subject as a .eml, as mail programs do', async () => {
		const served = await start();
		const forwarded = (subject: string) => Buffer.from(`From: x@example.test\r\n${subject}Content-Type: text/plain\r\n\r\nthe original\r\n`);
		await send(served, {
			subject: 'Fwd: two',
			text: 'see below',
			attachments: [
				{content: forwarded('Subject: =?UTF-8?Q?Re:_Q3/Q4_r=C3=A9sultats?=\r\n'), contentType: 'message/rfc822'},
				{content: forwarded(''), contentType: 'message/rfc822'},
			],
		});
		const {body} = await getJson(served, '/api/v1/message/1');
		const attachments = body.Attachments as Array<{PartID: string; FileName: string; ContentType: string}>;
		expect(attachments.map(({FileName, ContentType}) => `${FileName} ${ContentType}`)).toEqual(['Re_ Q3_Q4 résultats.eml message/rfc822', 'forwarded.eml message/rfc822']);
		// Its download is named alike.
		const part = await fetch(`${served.api}/api/v1/message/1/part/${attachments[0]!.PartID}`);
		expect(part.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''Re_%20Q3_Q4%20r%C3%A9sultats.eml");
		expect(await part.text()).toContain('the original');
	});

	it('an HTML-only message: its Text as inbox --wait gives it, a one-time code beside its words (mailparser wraps at 80 columns)', async () => {
		const served = await start();
		const sentence = 'Thanks for signing up with Example Shop! To confirm your address, please enter your code is 493817 in the app.';
		await send(served, {subject: 'Confirm', html: `<h2>Welcome, Anna</h2><p>${sentence}</p><table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>5 €</td></tr></table>`});
		// Listed first, as a test polling the list does: the list's parse makes no Text, and leaves none behind.
		expect((await getJson(served, '/api/v1/messages')).body.messages).toHaveLength(1);
		const {body} = await getJson(served, '/api/v1/message/1');
		expect(body.Text).toBe(`Welcome, Anna\n\n${sentence}\n\nPlan  Price\nPro  5 €`);
	});

	it('the fields Mailpit\'s client libraries read: each part\'s Checksums, ListUnsubscribe, the list\'s messages_unread', async () => {
		const served = await start();
		const bytes = randomBytes(3000);
		await send(served, {
			subject: 'Newsletter',
			text: 'news',
			headers: {'List-Unsubscribe': '<https://app.test/unsubscribe?u=1> (web),\r\n <mailto:leave@app.test>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'},
			attachments: [{filename: 'report.bin', content: bytes, contentType: 'application/octet-stream'}],
		});
		await send(served, {subject: 'Plain', text: 'plain'});
		const {body: list} = await getJson(served, '/api/v1/messages');
		expect(list).toMatchObject({messages_unread: 0, unread: 0});
		const {body} = await getJson(served, '/api/v1/message/1');
		const digest = (algorithm: string) => createHash(algorithm).update(bytes).digest('hex');
		expect(body.Attachments[0].Checksums).toEqual({MD5: digest('md5'), SHA1: digest('sha1'), SHA256: digest('sha256')});
		expect(body.ListUnsubscribe).toEqual({
			Header: '<https://app.test/unsubscribe?u=1> (web), <mailto:leave@app.test>',
			Links: ['https://app.test/unsubscribe?u=1', 'mailto:leave@app.test'],
			Errors: '',
			HeaderPost: 'List-Unsubscribe=One-Click',
		});
		expect((await getJson(served, '/api/v1/message/2')).body.ListUnsubscribe).toEqual({Header: '', Links: [], Errors: '', HeaderPost: ''});
	});

	it('an HTML attachment is served as a download, never as a page of this origin', async () => {
		const served = await start();
		await send(served, {text: 'see attached', attachments: [{filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html'}]});
		const {body} = await getJson(served, '/api/v1/message/1');
		const part = await fetch(`${served.api}/api/v1/message/1/part/${body.Attachments[0].PartID}`);
		expect(part.headers.get('content-type')).toBe('application/octet-stream');
		expect(part.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''page.html");
		expect(part.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('an attachment whose type no header can carry (a sender\'s control character, a euro sign) is a download, not a 500', async () => {
		const served = await start();
		await send(served, {text: 'see attached', attachments: [{filename: 'a.bin', content: 'zz', contentType: 'application/x\u20ac\u0001'}]});
		const {body} = await getJson(served, '/api/v1/message/1');
		const part = await fetch(`${served.api}/api/v1/message/1/part/${body.Attachments[0].PartID}`);
		expect(part.status).toBe(200);
		expect(part.headers.get('content-type')).toBe('application/octet-stream');
		expect(part.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''a.bin");
		expect(await part.text()).toBe('zz');
	});

	it("JSON escapes a message's C1 and bidi controls too (JSON.stringify leaves them raw for curl to print to a terminal)", async () => {
		const served = await start();
		await send(served, {subject: 'Invoice \u009b31m\u202egpj.exe', text: 'hello'});
		const response = await fetch(`${served.api}/api/v1/messages`);
		const text = await response.text();
		expect(text).not.toMatch(/[\u0080-\u009f\u202e]/);
		expect(text).toContain('Invoice \\u009b31m\\u202egpj.exe');
		expect(JSON.parse(text).messages[0].Subject).toBe('Invoice \u009b31m\u202egpj.exe');
	});

	it("JSON escapes every format character (Unicode's Cf) in the list, the message and its headers; raw keeps the bytes as received, as plain text never sniffed", async () => {
		const served = await start();
		// A header with raw UTF-8 (SMTPUTF8's way) and a body in 8 bits: an ESC, a deprecated format character, a tag.
		const hostile = 'x\u001b[2J\u206a\u{e0041}\u0600y';
		await send(served, {envelope: {from: 'app@example.test', to: ['anna@example.test']}, raw: `From: app@example.test\r\nTo: anna@example.test\r\nSubject: ${hostile}\r\nX-Note: ${hostile}\r\n\r\n${hostile}\r\n`});
		for (const path of ['/api/v1/messages', '/api/v1/message/1', '/api/v1/message/1/headers']) {
			const text = await (await fetch(`${served.api}${path}`)).text();
			expect(text, path).not.toMatch(/[\u0000-\u0009\u000b-\u001f\p{Cf}]/u);
			expect(text, path).toContain('x\\u001b[2J\\u206a\\udb40\\udc41\\u0600y');
		}
		expect((await getJson(served, '/api/v1/message/1/headers')).body['X-Note']).toEqual([hostile]);
		const raw = await fetch(`${served.api}/api/v1/message/1/raw`);
		expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
		expect(raw.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
		// Byte for byte, for a test to compare or verify a DKIM signature over: escaping is the reader's (curl -o, less).
		expect(await raw.text()).toContain(`X-Note: ${hostile}\r\n\r\n${hostile}\r\n`);
	});

	it('an XML attachment of any +xml type (a browser runs its XHTML scripts) is a download too, and no part may run script', async () => {
		const served = await start();
		const page = '<feed xmlns="http://www.w3.org/2005/Atom"><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></feed>';
		await send(served, {text: 'see attached', attachments: [{filename: 'feed.atom', content: page, contentType: 'application/atom+xml'}]});
		const {body} = await getJson(served, '/api/v1/message/1');
		const part = await fetch(`${served.api}/api/v1/message/1/part/${body.Attachments[0].PartID}`);
		expect(part.headers.get('content-type')).toBe('application/octet-stream');
		expect(part.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''feed.atom");
		expect(part.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
	});

	it('search: words and phrases as the filter finds them, to:, subject:, - to exclude; the rest of Mailpit\'s syntax refused by name', async () => {
		const served = await start();
		await send(served, {subject: 'Welcome aboard', to: 'anna@example.test', text: 'hello'});
		await send(served, {subject: 'Reset your password', to: 'bob@example.test', text: 'click https://app.test/r'});
		const ids = async (query: string) => (await getJson(served, `/api/v1/search?query=${encodeURIComponent(query)}`)).body.messages.map((message: {ID: string}) => message.ID);
		expect(await ids('reset')).toEqual(['2']);
		expect(await ids('"your password"')).toEqual(['2']);
		expect(await ids('to:anna@example.test')).toEqual(['1']);
		expect(await ids('subject:"Welcome aboard"')).toEqual(['1']);
		expect(await ids('subject:hello')).toEqual([]);
		expect(await ids('-subject:welcome')).toEqual(['2']);
		expect(await ids('https://app.test/r')).toEqual(['2']);
		expect(await ids('addressed:bob@example.test')).toEqual(['2']);
		expect(await ids('!hello')).toEqual(['2']);
		const [reset] = (await getJson(served, '/api/v1/search?query=reset')).body.messages;
		expect(await ids(`message-id:${reset.MessageID}`)).toEqual(['2']);
		expect(await ids('example.test')).toEqual(['2', '1']);
		const refused = await getJson(served, '/api/v1/search?query=is:unread');
		expect(refused.status).toBe(400);
		expect(refused.body.message).toBe('search: is: is not understood here (the sandbox keeps no read status or tags)');
		expect((await getJson(served, '/api/v1/search')).status).toBe(400);
	});

	it('search: an internationalised domain sent in either form is found by either (to:, from:, addressed:, a word), in any case', async () => {
		const served = await start();
		// As curl and nodemailer send it (punycode), and as an SMTPUTF8 client may (Unicode).
		await send(served, {subject: 'Sent as punycode', from: 'shop@bücher.example', to: 'anna@bücher.example'});
		const client = await RawClient.connect(served.smtpPort);
		await client.reply();
		await client.command('EHLO client.test');
		await client.command('MAIL FROM:<shop@例え.テスト> SMTPUTF8');
		await client.command('RCPT TO:<bob@Bücher.Example>');
		await client.command('DATA');
		expect((await client.command('Subject: Sent in Unicode\r\n\r\nx\r\n.')).code).toBe(250);
		client.end();
		const ids = async (query: string) => (await getJson(served, `/api/v1/search?query=${encodeURIComponent(query)}`)).body.messages.map((message: {ID: string}) => message.ID);
		expect(await ids('to:anna@bücher.example')).toEqual(['1']);
		expect(await ids('to:ANNA@XN--BCHER-KVA.EXAMPLE')).toEqual(['1']);
		expect(await ids('to:bob@xn--bcher-kva.example')).toEqual(['2']);
		expect(await ids('to:bob@BÜCHER.example')).toEqual(['2']);
		expect(await ids('to:@xn--bcher-kva.example')).toEqual(['2', '1']);
		expect(await ids('to:bücher.example')).toEqual(['2', '1']);
		expect(await ids('from:shop@xn--bcher-kva.example')).toEqual(['1']);
		expect(await ids('from:xn--r8jz45g.xn--zckzah')).toEqual(['2']);
		expect(await ids('addressed:例え.テスト')).toEqual(['2']);
		expect(await ids('xn--r8jz45g')).toEqual(['2']);
		expect(await ids('to:anna@xn--bcher-kva.test')).toEqual([]);
	});

	it('search: has:attachment finds a PDF attached, not an inline image; -has:attachment the others; has:inline refused', async () => {
		const served = await start();
		const pdf = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
		await send(served, {subject: 'Your invoice', text: 'attached', attachments: [{filename: 'invoice.pdf', content: pdf, contentType: 'application/pdf'}]});
		await send(served, {subject: 'Plain note', text: 'nothing attached'});
		const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
		await send(served, {subject: 'Newsletter', html: '<p><img src="cid:logo@app.test" alt="logo"></p>', attachments: [{filename: 'logo.png', content: png, contentType: 'image/png', cid: 'logo@app.test'}]});
		const found = async (query: string) => (await getJson(served, `/api/v1/search?query=${encodeURIComponent(query)}`)).body.messages.map((message: {ID: string; Attachments: number}) => `${message.ID}:${message.Attachments}`);
		// Each listed with the Attachments count it is found by: the PDF's message alone has one.
		expect(await found('has:attachment')).toEqual(['1:1']);
		expect(await found('HAS:Attachments')).toEqual(['1:1']);
		expect(await found('-has:attachment')).toEqual(['3:0', '2:0']);
		expect(await found('!has:attachment subject:newsletter')).toEqual(['3:0']);
		expect(await found('has:attachment invoice')).toEqual(['1:1']);
		expect(await found('has:attachment note')).toEqual([]);
		// The long-poll's query= and the delete by search read it alike.
		expect((await getJson(served, '/api/smtp-tui/wait?query=has:attachment&timeout=0')).body.ID).toBe('1');
		expect((await fetch(`${served.api}/api/v1/search?query=-has:attachment`, {method: 'DELETE'})).status).toBe(200);
		expect((await getJson(served, '/api/v1/messages')).body.messages.map((message: {ID: string}) => message.ID)).toEqual(['1']);
		const refused = await getJson(served, '/api/v1/search?query=has:inline');
		expect(refused).toMatchObject({status: 400, body: {message: 'search: has:inline is not understood here (the sandbox knows which messages have a file attached, not their inline images)', hint: expect.stringContaining('has:attachment') as string}});
	});

	it('wait: answers when a matching message arrives during the wait, and with 404 at its timeout', async () => {
		const served = await start();
		await send(served, {subject: 'Old reset', text: 'old'});
		// Open before the mail is sent: it comes while the request waits.
		const waiting = await openWait(served, '/api/smtp-tui/wait?match=reset&after=1&timeout=20');
		await send(served, {subject: 'Another mail', text: 'not this one'});
		expect(waiting.settled()).toBe(false);
		await send(served, {subject: 'New reset', text: 'https://app.test/reset?t=new'});
		const {status, body} = await waiting.answer;
		expect(status).toBe(200);
		expect(body).toMatchObject({ID: '3', Subject: 'New reset', Links: ['https://app.test/reset?t=new']});
		// A message there already answers at once.
		expect((await getJson(served, '/api/smtp-tui/wait?match=old')).body.ID).toBe('1');
		const none = await getJson(served, '/api/smtp-tui/wait?match=nothing-like-this&timeout=0');
		expect(none).toMatchObject({status: 404, body: {message: 'no message matching "nothing-like-this" came in 0 s'}});
		expect((await getJson(served, '/api/smtp-tui/wait?timeout=601')).status).toBe(400);
		// A plus address not %-encoded came as a space: the 404 says so.
		expect(await getJson(served, '/api/smtp-tui/wait?match=anna+reset@example.test&timeout=0')).toMatchObject({
			status: 404,
			body: {message: 'no message matching "anna reset@example.test" came in 0 s', hint: expect.stringMatching(/^a \+ in a URL is a space: write it %2B/) as string},
		});
		// query= takes the search's syntax.
		expect((await getJson(served, '/api/smtp-tui/wait?query=subject:reset%20-new')).body.ID).toBe('1');
	});

	it('a wait open at the stop is answered 503, and the stop does not hang on it', async () => {
		const served = await start();
		const waiting = await openWait(served, '/api/smtp-tui/wait?timeout=600');
		expect(await served.stop()).toBe(0);
		running = [];
		expect(await waiting.answer).toMatchObject({status: 503, body: {message: 'the sandbox is stopping'}});
	});

	it('DELETE: named IDs, then every message; a deleted message is a 404 that says so', async () => {
		const served = await start();
		for (const subject of ['a', 'b', 'c']) await send(served, {subject, text: subject});
		const deleted = await fetch(`${served.api}/api/v1/messages`, {method: 'DELETE', headers: {'content-type': 'application/json'}, body: JSON.stringify({IDs: ['2']})});
		expect(deleted.status).toBe(200);
		expect(await deleted.text()).toBe('ok');
		expect((await getJson(served, '/api/v1/messages')).body.messages.map((message: {ID: string}) => message.ID)).toEqual(['3', '1']);
		expect(await getJson(served, '/api/v1/message/2')).toMatchObject({status: 404, body: {message: 'message 2 was deleted (DELETE /api/v1/messages)'}});
		// An unknown ID deletes nothing.
		const unknown = await fetch(`${served.api}/api/v1/messages`, {method: 'DELETE', body: JSON.stringify({IDs: ['1', '99']})});
		expect(unknown.status).toBe(404);
		expect((await getJson(served, '/api/v1/messages')).body.total).toBe(2);
		expect((await fetch(`${served.api}/api/v1/messages`, {method: 'DELETE', body: '{not json'})).status).toBe(400);
		// An empty search (a variable not set) deletes nothing.
		const empty = await getJson(served, '/api/v1/search?query=%20', {method: 'DELETE'});
		expect(empty).toMatchObject({status: 400, body: {message: 'the search " " names nothing, so it would delete every message: nothing was deleted'}});
		expect((await getJson(served, '/api/v1/messages')).body.total).toBe(2);
		// Mailpit's delete by search: what it finds.
		expect((await fetch(`${served.api}/api/v1/search?query=subject:c`, {method: 'DELETE'})).status).toBe(200);
		expect((await getJson(served, '/api/v1/info')).body).toEqual({Version: 'smtp-tui', Messages: 1, Unread: 0});
		expect((await fetch(`${served.api}/api/v1/messages`, {method: 'DELETE'})).status).toBe(200);
		expect((await getJson(served, '/api/v1/messages')).body).toMatchObject({total: 0, count: 0, messages: []});
		expect(await getJson(served, '/api/v1/message/latest')).toMatchObject({status: 404, body: {message: 'no message yet: the sandbox has caught none (or all were deleted)'}});
	});

	it('DELETE: a body that names no IDs (a typo, a list, null) deletes nothing and says so; ids in any case, as Go reads it', async () => {
		const served = await start();
		for (const subject of ['a', 'b', 'c']) await send(served, {subject, text: subject});
		const remove = async (body: string) => {
			const response = await fetch(`${served.api}/api/v1/messages`, {method: 'DELETE', body});
			return {status: response.status, body: await response.text()};
		};
		expect(await remove('{"id": ["2"]}')).toEqual({status: 400, body: expect.stringContaining('the body has \\"id\\", not IDs: nothing was deleted') as string});
		expect(await remove('["2"]')).toEqual({status: 400, body: expect.stringContaining('the body must be a JSON object with IDs, not a list: nothing was deleted') as string});
		expect((await remove('null')).status).toBe(400);
		expect((await getJson(served, '/api/v1/messages')).body.total).toBe(3);
		expect(await remove('{"ids": ["2"]}')).toEqual({status: 200, body: 'ok'});
		expect((await getJson(served, '/api/v1/messages')).body.messages.map((message: {ID: string}) => message.ID)).toEqual(['3', '1']);
		expect(await remove('{}')).toEqual({status: 200, body: 'ok'});
		expect((await getJson(served, '/api/v1/messages')).body.total).toBe(0);
	});

	it('IDs: a message let go by --keep, one not yet taken, and one that is no number, each said', async () => {
		const served = await start({keep: '1'});
		await send(served, {subject: 'a'});
		await send(served, {subject: 'b'});
		expect(await getJson(served, '/api/v1/message/1')).toMatchObject({status: 404, body: {message: 'message 1 is no longer kept: the sandbox lists the newest --keep messages only', hint: 'a larger --keep keeps more'}});
		expect(await getJson(served, '/api/v1/message/7')).toMatchObject({status: 404, body: {message: 'no message 7 yet: the next message the sandbox takes is number 3'}});
		expect(await getJson(served, '/api/v1/message/..%2Fetc')).toMatchObject({status: 400, body: {message: 'a message ID is the sandbox\'s message number (1, 2, ...) or latest, not "../etc"'}});
		expect(await getJson(served, '/api/v1/message/%E0%A4%A')).toMatchObject({status: 400});
		expect(await getJson(served, '/api/v1/nothing')).toMatchObject({status: 404, body: {message: 'no endpoint /api/v1/nothing'}});
		// A base URL given with a trailing slash (cypress-mailpit's MAILPIT_URL): its doubled slash is read as one.
		expect(await getJson(served, '//api/v1/message/2')).toMatchObject({status: 200, body: {ID: '2', Subject: 'b'}});
		expect(await getJson(served, '/api//v1/messages?limit=1')).toMatchObject({status: 200, body: {count: 1}});
	});
});

describe('serve --http: what it refuses', () => {
	it('a Host that is not this machine (DNS rebinding) gets 403; loopback names and the address itself pass', async () => {
		const served = await start();
		const refused = await withHost(served, 'evil.example:80');
		expect(refused.status).toBe(403);
		expect(JSON.parse(refused.body).message).toMatch(/^Host "evil\.example:80" is not this machine: .* \(DNS rebinding\)$/);
		// A test in another container asks by the service's name: the hint says how that name is let in, and the API's
		// own port to ask by here.
		expect(JSON.parse((await withHost(served, 'mail:8025')).body).hint).toBe(`ask by http://127.0.0.1:${new URL(served.api).port}/ here; from another machine or container by a name of its own (http://mail:8025 in docker compose), start serve with --hostname mail`);
		const named = await start({hostname: 'mail'});
		expect((await withHost(named, 'mail:8025')).status).toBe(200);
		for (const host of ['localhost', `127.0.0.1:${new URL(served.api).port}`, '[::1]:80', 'smtp-tui.localhost']) expect((await withHost(served, host)).status, host).toBe(200);
	});

	it('methods but GET, HEAD and DELETE get 405 (a CORS preflight too, without CORS headers); HEAD is GET without a body', async () => {
		const served = await start();
		for (const method of ['POST', 'PUT', 'OPTIONS', 'PATCH']) {
			const response = await fetch(`${served.api}/api/v1/messages`, {method});
			expect(response.status, method).toBe(405);
			expect(response.headers.get('allow')).toBe('GET, HEAD, DELETE');
			expect(response.headers.get('access-control-allow-origin')).toBeNull();
		}
		// mailpit-api's setReadStatus: said to be Mailpit's, not smtp-tui's.
		expect((await getJson(served, '/api/v1/messages', {method: 'PUT', body: '{"Read": true}'})).body).toEqual({
			status: 405,
			message: 'PUT is not taken here: GET, HEAD and DELETE are',
			hint: 'the API reads and deletes the caught mail only: Mailpit\'s read status, tags, send, release and chaos are not in smtp-tui',
		});
		const get = await getJson(served, '/api/v1/message/1', {method: 'DELETE'});
		expect(get.status).toBe(405);
		expect(get.headers.get('allow')).toBe('GET, HEAD');
		expect(get.body.hint).toBe('DELETE /api/v1/messages with {"IDs": ["1"]} deletes a message, as Mailpit\'s does');
		const head = await fetch(`${served.api}/api/v1/messages`, {method: 'HEAD'});
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
	});

	it('limits: a long URL gets 414, a big DELETE body 413; garbage on the socket leaves the API answering', async () => {
		const served = await start();
		expect((await fetch(`${served.api}/api/v1/messages?x=${'a'.repeat(3000)}`)).status).toBe(414);
		expect((await fetch(`${served.api}/api/v1/messages`, {method: 'DELETE', body: 'x'.repeat(100_000)})).status).toBe(413);
		const garbage = await rawRequest(served, '\u0000\r\nGET / HTTP/9\r\n\r\n');
		expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
		expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n')))).toMatchObject({status: 400, message: expect.stringMatching(/^the request is not HTTP this API can read: /) as string});
		expect((await getJson(served, '/api/v1/messages')).status).toBe(200);
	});

	it('a URL with a letter beyond ASCII as curl sends it (not %-encoded) gets a JSON 400 saying to encode it', async () => {
		const served = await start();
		const reply = await rawRequest(served, 'GET /api/v1/search?query=subject:Réinitialisez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
		expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
		expect(reply).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/);
		expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n')))).toEqual({
			status: 400,
			message: 'the URL has a character that must be %-encoded (a space, a quote, or a letter beyond ASCII such as é)',
			hint: 'with curl: curl -G URL --data-urlencode "query=subject:Réinitialisez"; in code: encodeURIComponent, urllib.parse.quote',
		});
	});
});

describe('serve --http: start-up', () => {
	it('says where it listens, as a line and as a JSON event, before ready', async () => {
		const served = await start({json: true});
		const events = served.out().trim().split('\n').map(line => JSON.parse(line) as {type: string});
		const at = events.findIndex(event => event.type === 'http');
		const {port} = new URL(served.api);
		expect(events[at]).toEqual({type: 'http', host: '127.0.0.1', port: Number(port), url: `http://127.0.0.1:${port}`});
		expect(at).toBeLessThan(events.findIndex(event => event.type === 'ready'));
	});

	it('beyond loopback: a warning that it has no login', async () => {
		const served = await start({http: '0.0.0.0:0'});
		expect(served.err()).toContain('warning: the HTTP API listens on 0.0.0.0, not a loopback address: it has no login, and anyone who can reach this machine can read and delete every message caught\n');
	});

	it('a taken port: the start fails (exit 1), saying which flag and what to do', async () => {
		const taken = net.createServer();
		await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
		const {port} = taken.address() as net.AddressInfo;
		try {
			const {serve} = await import('../../source/headless/serve.js');
			const {parseServeFlags} = await import('../../source/headless/serve-options.js');
			const {captureIO} = await import('./helpers/capture-io.js');
			const capture = captureIO();
			const options = parseServeFlags({port: '0', http: String(port), starttls: false}, []);
			expect(await serve(options, capture.io, new Promise(() => undefined))).toBe(1);
			expect(capture.err()).toBe(`smtp-tui: --http: cannot listen on 127.0.0.1:${port}: the port is already in use\nhint: another program listens on 127.0.0.1:${port}; --http 0 picks a free port\n`);
		} finally {
			await new Promise<void>(resolve => taken.close(() => resolve()));
		}
	});
});
