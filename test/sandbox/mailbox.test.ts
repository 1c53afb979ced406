// The mailbox's parsed view of a message: each header as sent, and what its RFC 2047 encoded words say.
import {describe, expect, it} from 'vitest';
import {Mailbox, type CapturedSession} from '../../source/sandbox/mailbox.js';
import {NO_BODY} from '../../source/ui/components/inbox.js';
import {messageLines} from '../helpers/message-lines.js';

const session: CapturedSession = {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false};

/** The parsed view of one message made of these header lines and a short body. */
async function view(...headers: string[]) {
	const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
	const {id} = await mailbox.accept({
		envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]},
		session,
		raw: Buffer.from(`${headers.join('\r\n')}\r\n\r\nbody\r\n`),
		receivedAt: 0,
	});
	return mailbox.parse(id);
}

function decodedOf(headerLines: Array<{key: string; decoded?: string}>): Record<string, string | undefined> {
	return Object.fromEntries(headerLines.map(header => [header.key, header.decoded]));
}

describe('Mailbox.parse header lines', () => {
	it('decodes encoded words in any header, not only Subject and From', async () => {
		const parsed = await view(
			'Comments: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
			'X-Q: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=',
			'X-Pad: =?UTF-8?B?R3LDvMOfZSDml6XmnKw=?=',
			'X-Latin: =?iso-8859-1?q?K=F6ln?= am Rhein',
			'Subject: =?UTF-8?B?R3LDvMOfZQ==?=',
			'From: =?UTF-8?Q?J=C3=B6rg?= <j@example.test>',
		);
		expect(decodedOf(parsed.headerLines)).toEqual({
			comments: 'Grüße',
			'x-q': 'Grüße aus Köln',
			'x-pad': 'Grüße 日本',
			'x-latin': 'Köln am Rhein',
			subject: 'Grüße',
			from: 'Jörg <j@example.test>',
		});
		// The line itself stays as sent.
		expect(parsed.headerLines[0]).toEqual({key: 'comments', line: 'Comments: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=', decoded: 'Grüße'});
		expect(messageLines(parsed, 'headers').slice(0, 6)).toEqual([
			'Comments: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
			'    ↳ Grüße',
			'X-Q: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=',
			'    ↳ Grüße aus Köln',
			'X-Pad: =?UTF-8?B?R3LDvMOfZSDml6XmnKw=?=',
			'    ↳ Grüße 日本',
		]);
	});

	it('joins adjacent encoded words without the space between them, also across a folded line (RFC 2047 section 6.2)', async () => {
		const parsed = await view(
			'X-Split: =?UTF-8?Q?Gr=C3=BC?= =?UTF-8?Q?=C3=9Fe?= aus =?UTF-8?B?S8O2bG4=?=',
			'X-Folded: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n =?UTF-8?Q?_aus_K=C3=B6ln?=',
			// A character split between two words is put together before it is decoded.
			'X-Euro: =?UTF-8?B?4oK=?= =?UTF-8?B?rA==?=',
		);
		expect(decodedOf(parsed.headerLines)).toEqual({'x-split': 'Grüße aus Köln', 'x-folded': 'Grüße aus Köln', 'x-euro': '€'});
		expect(messageLines(parsed, 'headers').slice(2, 5)).toEqual(['X-Folded: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=', ' =?UTF-8?Q?_aus_K=C3=B6ln?=', '    ↳ Grüße aus Köln']);
	});

	it('quotes a decoded display name that holds a comma, so one mailbox does not read as two', async () => {
		const parsed = await view(
			'From: =?UTF-8?Q?Zo=C3=AB=2C_=C3=9Cn=C3=AFcode?= <zoe@example.test>',
			'To: =?UTF-8?Q?J=C3=BCrgen?= <j@example.test>, "Plain, Name" <p@example.test>',
			'X-Note: =?UTF-8?Q?a=2C_b?=',
		);
		expect(decodedOf(parsed.headerLines)).toEqual({from: '"Zoë, Ünïcode" <zoe@example.test>', to: 'Jürgen <j@example.test>, "Plain, Name" <p@example.test>', 'x-note': 'a, b'});
	});

	it('shows a byte that is not UTF-8 in the raw source and the headers view as \\xHH, as the transcripts do, and UTF-8 as is', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		const {id} = await mailbox.accept({
			envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]},
			session,
			raw: Buffer.concat([Buffer.from('Subject: caf'), Buffer.from([0xe9]), Buffer.from('\r\nX-Ok: Grüße\r\n\r\nbody\r\n')]),
			receivedAt: 0,
		});
		const {raw, headerLines} = await mailbox.parse(id);
		expect(raw.split('\r\n').slice(0, 2)).toEqual(['Subject: caf\\xe9', 'X-Ok: Grüße']);
		// "the headers as sent": read as Latin-1 (café), the invalid header would look valid.
		expect(headerLines.map(header => header.line)).toEqual(['Subject: caf\\xe9', 'X-Ok: Grüße']);
	});

	it('adds no decoded line when decoding changes nothing', async () => {
		const parsed = await view('Subject: 50% =?off, not an encoded word', 'X-Broken: =?UTF-8?Q?no end', 'X-Plain: hello', 'From: a@example.test');
		for (const header of parsed.headerLines) expect(header).not.toHaveProperty('decoded');
		expect(messageLines(parsed, 'headers').some(line => line.includes('↳'))).toBe(false);
	});
});

describe('the text view of a message typed without an empty line after its headers', () => {
	/** The parsed view of a message exactly as these bytes. */
	async function parsedRaw(raw: string) {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		const {id} = await mailbox.accept({envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]}, session, raw: Buffer.from(raw), receivedAt: 0});
		return mailbox.parse(id);
	}

	it('says the body went into the header section, not an empty view', async () => {
		const parsed = await parsedRaw('Subject: The subject of the message\r\nYour message should go here.\r\nType whatever you like.\r\n');
		expect(messageLines(parsed, 'text')).toEqual([NO_BODY]);
		expect(messageLines(parsed, 'headers')).toContain('Your message should go here.');
	});

	it('leaves an empty body of a well-formed message empty', async () => {
		const parsed = await parsedRaw('Subject: nothing to say\r\n\r\n');
		expect(messageLines(parsed, 'text')).toEqual(['']);
	});
});

describe('Mailbox keep limit', () => {
	it('lets the oldest message go, even when a newer one was kept first (its text read sooner)', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 1, keepBytes: 1 << 20}});
		const envelope = {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]};
		// An HTML message's text takes longer to read than a short plain one's: the second is kept first.
		const html = Buffer.from(`Subject: first\r\nContent-Type: text/html\r\n\r\n${'<p>hello <a href="https://a.test/x">link</a></p>\r\n'.repeat(1000)}`);
		const kept: number[] = [];
		await Promise.all([
			mailbox.accept({envelope, session, raw: html, receivedAt: 1}).then(message => kept.push(message.id)),
			mailbox.accept({envelope, session, raw: Buffer.from('Subject: second\r\n\r\nhi\r\n'), receivedAt: 2}).then(message => kept.push(message.id)),
		]);
		expect(kept).toEqual([2, 1]);
		expect(mailbox.list().map(message => message.subject)).toEqual(['second']);
	});
});

describe('Mailbox.delete (the HTTP API\'s DELETE)', () => {
	it('lets the named messages go, counts them out of the total, tells the listeners once, and ignores those not listed', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		for (const subject of ['a', 'b', 'c']) {
			await mailbox.accept({envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]}, session, raw: Buffer.from(`Subject: ${subject}\r\n\r\nbody\r\n`), receivedAt: 0});
		}
		let changes = 0;
		mailbox.subscribe(() => changes++);
		expect(mailbox.delete([3, 1, 1, 99])).toEqual([3, 1]);
		expect(changes).toBe(1);
		expect(mailbox.list().map(message => message.id)).toEqual([2]);
		expect(mailbox.total).toBe(1);
		expect(mailbox.get(1)).toBeUndefined();
		expect(mailbox.keptBytes).toBe(mailbox.get(2)!.raw.length);
		expect(mailbox.delete([99])).toEqual([]);
		expect(changes).toBe(1);
		// Numbering goes on: a deleted number is never given again.
		expect(mailbox.nextId).toBe(4);
	});
});

describe('Mailbox.accept with no reader (serve without --http or --save-dir)', () => {
	const envelope = {mailFrom: {address: 'bounce@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]};
	const header = Buffer.from('From: Ann <ann@example.test>\r\nSubject: hi\r\nMessage-ID: <1@example.test>\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n');
	const received = {size: header.length, header, raw: undefined, file: undefined, signed: false, attachment: false, whole: undefined};

	it('reads what the log says (Subject, Message-ID) and not the From header or the HTML parts, which nothing reads', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 0}});
		const record = await mailbox.accept({envelope, session, received, receivedAt: 0});
		expect(record).toMatchObject({subject: 'hi', messageId: '<1@example.test>', from: 'bounce@example.test'});
		expect(record.author).toBeUndefined();
		expect(record.html).toBeUndefined();
	});

	it('still reads the From header of a message DMARC judges (--dns), and both where messages are listed', async () => {
		const judging = await Mailbox.open({limits: {keep: 10, keepBytes: 0}});
		const judged = await judging.accept({envelope, session, received, judged: true, receivedAt: 0});
		expect(judged.author).toEqual({address: 'ann@example.test', name: 'Ann'});
		expect(judged.html).toBeUndefined();
		const listing = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		const listed = await listing.accept({envelope, session, received, receivedAt: 0});
		expect(listed).toMatchObject({author: {address: 'ann@example.test', name: 'Ann'}, html: true});
	});
});
