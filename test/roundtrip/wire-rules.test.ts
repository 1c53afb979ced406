// The round-trip checks can fail: each rule of test/helpers/roundtrip.ts named on a message that breaks it, and a
// message built as the product builds it passing them all.
import {describe, expect, it} from 'vitest';
import {composeMessage} from '../../source/message/compose.js';
import {readBackProblems, wireProblem, type Typed} from '../helpers/roundtrip.js';

const head = 'From: a@example.test\r\nTo: b@example.test\r\nMIME-Version: 1.0\r\n';
const message = (text: string) => Buffer.from(text, 'latin1');

describe('wireProblem', () => {
	it.each([
		['a bare LF', `${head}Subject: x\r\n\r\nline\nnext\r\n`, /bare LF/],
		['a bare CR', `${head}Subject: x\r\n\r\nline\rnext\r\n`, /bare CR/],
		['no final CRLF', `${head}Subject: x\r\n\r\nlast`, /does not end with CRLF/],
		['a line of 999 octets', `${head}Subject: x\r\n\r\n${'y'.repeat(999)}\r\n`, /a line of 999 octets/],
		['8-bit header octets without SMTPUTF8', `${head}Subject: Gr\u00fc\u00dfe\r\n\r\nx\r\n`, /8-bit octets/],
		['an encoded word of 76 characters', `${head}Subject: =?UTF-8?Q?${'a'.repeat(64)}?=\r\n\r\nx\r\n`, /76 characters/],
		['an encoded word splitting a UTF-8 character', `${head}Subject: =?UTF-8?Q?Gr=C3?= =?UTF-8?Q?=BC?=\r\n\r\nx\r\n`, /splits a UTF-8 character/],
		['an encoded word in Latin-1', `${head}Subject: =?iso-8859-1?Q?Gr=FC?=\r\n\r\nx\r\n`, /in iso-8859-1/],
		['a Q word holding a quote', `${head}Subject: =?UTF-8?Q?a"b?=\r\n\r\nx\r\n`, /may not hold/],
		[
			'RFC 2231 sections out of order',
			`${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Disposition: attachment; filename*1*=b; filename*0*=utf-8''a\r\n\r\nx\r\n--b--\r\n`,
			/section 1 where 0 was due/,
		],
		['an RFC 2231 value with a raw parenthesis', `${head}Content-Disposition: attachment; filename*0*=utf-8''a(b\r\n\r\nx\r\n`, /wants %-encoded/],
	])('names %s', (_what, text, problem) => {
		expect(wireProblem(message(text), false)).toMatch(problem);
	});

	it('takes 8-bit header octets where SMTPUTF8 was declared, and a message the product built', async () => {
		expect(wireProblem(message(`${head}Subject: x\r\nReply-To: m\u00fcller@example.test\r\n\r\nx\r\n`), true)).toBeUndefined();
		const built = await composeMessage({from: 'Zoë <a@example.test>', to: ['b@example.test'], cc: [], bcc: [], subject: 'Grüße '.repeat(30), body: {kind: 'text', text: 'x\n'}, headers: [], attachments: [new URL(import.meta.url).pathname]});
		const chunks: Buffer[] = [];
		for await (const chunk of built.stream()) chunks.push(Buffer.from(chunk));
		expect(wireProblem(Buffer.concat(chunks), false)).toBeUndefined();
	});
});

describe('readBackProblems', () => {
	const typed: Typed = {from: 'Ann', to: ['Bob'], cc: [], bcc: 1, subject: 'Hi', headers: [{name: 'X-A', value: 'b'}], body: 'x', attachments: []};
	const raw = (headers: string, body = 'x\r\n') => message(`From: Ann <from0@example.test>\r\n${headers}\r\n\r\n${body}`);
	const good = 'To: Bob <to0@example.test>\r\nSubject: Hi\r\nX-A: b';

	it('finds nothing wrong with the message as typed, and names each field that differs', async () => {
		const envelope = ['to0@example.test', 'bcc0@example.test'];
		expect(await readBackProblems(typed, raw(good), envelope)).toEqual([]);
		expect(await readBackProblems(typed, raw(good.replace('Bob', 'Rob')), envelope)).toEqual([expect.stringMatching(/^To: read back/)]);
		expect(await readBackProblems(typed, raw(`${good}\r\nBcc: bcc0@example.test`), envelope)).toEqual(['a Bcc header was sent']);
		expect(await readBackProblems(typed, raw(good), ['to0@example.test'])).toEqual([expect.stringMatching(/^envelope recipients/)]);
		expect(await readBackProblems(typed, raw(good.replace('Subject: Hi', 'Subject: =?UTF-8?Q?H=C3=AF?=')), envelope)).toEqual([expect.stringMatching(/^Subject/)]);
		expect(await readBackProblems(typed, raw(good.replace('X-A: b', 'X-A: =?UTF-8?Q?c?=')), envelope)).toEqual([expect.stringMatching(/^X-A/)]);
		expect(await readBackProblems(typed, raw(good, 'x\r\n\r\n'), envelope)).toEqual([expect.stringMatching(/^body/)]);
	});
});
