import {Buffer} from 'node:buffer';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ReplyParser, parseReplies} from '../../source/smtp/reply-parser.js';
import {SmtpProtocolError, type Reply} from '../../source/smtp/types.js';
import {thrown} from '../helpers/thrown.js';
import {SEEDS, byteChunks, randomChunks} from '../helpers/chunks.js';

function feed(pieces: Uint8Array[], parser = new ReplyParser()): Reply[] {
	return pieces.flatMap((piece) => parser.push(piece));
}

const protocolError = (run: () => unknown) => thrown(SmtpProtocolError, run);

const fixtures: Array<{name: string; wire: string | Buffer; replies: Reply[]}> = [
	{
		name: 'greeting',
		wire: '220 mx.example.org ESMTP ready\r\n',
		replies: [{code: 220, lines: ['mx.example.org ESMTP ready'], raw: ['220 mx.example.org ESMTP ready']}],
	},
	{
		name: 'multi-line EHLO reply',
		wire: '250-mx.example.org Hello\r\n250-SIZE 10240000\r\n250-PIPELINING\r\n250 STARTTLS\r\n',
		replies: [
			{
				code: 250,
				lines: ['mx.example.org Hello', 'SIZE 10240000', 'PIPELINING', 'STARTTLS'],
				raw: ['250-mx.example.org Hello', '250-SIZE 10240000', '250-PIPELINING', '250 STARTTLS'],
			},
		],
	},
	{
		name: 'bare codes, with and without a space',
		wire: '250\r\n250 \r\n',
		replies: [
			{code: 250, lines: [''], raw: ['250']},
			{code: 250, lines: [''], raw: ['250 ']},
		],
	},
	{
		name: 'several replies in one chunk, one with an enhanced code',
		wire: '250 2.1.0 Sender OK\r\n550 5.1.1 <nobody@example.org>: no such user\r\n354 End data with <CR><LF>.<CR><LF>\r\n',
		replies: [
			{code: 250, enhanced: '2.1.0', lines: ['Sender OK'], raw: ['250 2.1.0 Sender OK']},
			{
				code: 550,
				enhanced: '5.1.1',
				lines: ['<nobody@example.org>: no such user'],
				raw: ['550 5.1.1 <nobody@example.org>: no such user'],
			},
			{code: 354, lines: ['End data with <CR><LF>.<CR><LF>'], raw: ['354 End data with <CR><LF>.<CR><LF>']},
		],
	},
	{
		name: 'enhanced code repeated on every line is shown once',
		wire: '550-5.7.1 Message refused\r\n550-5.7.1 see https://example.org/policy\r\n550 5.7.1 bye\r\n',
		replies: [
			{
				code: 550,
				enhanced: '5.7.1',
				lines: ['Message refused', 'see https://example.org/policy', 'bye'],
				raw: ['550-5.7.1 Message refused', '550-5.7.1 see https://example.org/policy', '550 5.7.1 bye'],
			},
		],
	},
	{
		name: 'a continuation line with another enhanced code keeps it: only the first line code is shown once',
		wire: '550-5.7.1 Message refused\r\n550-5.7.0 see https://example.org/policy\r\n550 5.7.1 bye\r\n',
		replies: [
			{
				code: 550,
				enhanced: '5.7.1',
				lines: ['Message refused', '5.7.0 see https://example.org/policy', 'bye'],
				raw: ['550-5.7.1 Message refused', '550-5.7.0 see https://example.org/policy', '550 5.7.1 bye'],
			},
		],
	},
	{
		name: 'enhanced code alone, and one whose class does not match stays text',
		wire: '250 2.0.0\r\n250 4.0.0 odd\r\n',
		replies: [
			{code: 250, enhanced: '2.0.0', lines: [''], raw: ['250 2.0.0']},
			{code: 250, lines: ['4.0.0 odd'], raw: ['250 4.0.0 odd']},
		],
	},
	{
		name: 'bare LF line ends from a sloppy server',
		wire: '220 hi\n250-a\r\n250 b\n',
		replies: [
			{code: 220, lines: ['hi'], raw: ['220 hi']},
			{code: 250, lines: ['a', 'b'], raw: ['250-a', '250 b']},
		],
	},
	{
		name: 'invalid UTF-8 is kept, each bad byte as \\xHH (valid characters beside it as they are)',
		wire: Buffer.concat([Buffer.from('550 caf'), Buffer.from([0xe9]), Buffer.from(' \u00fcber '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\r\n')]),
		replies: [{code: 550, lines: ['caf\\xe9 \u00fcber \\xff\\xfe\\xc3'], raw: ['550 caf\\xe9 \u00fcber \\xff\\xfe\\xc3'], invalidUtf8: true}],
	},
	{
		name: 'invalid UTF-8 on a later line of a reply flags the reply too',
		wire: Buffer.concat([Buffer.from('250-mx.test hello\r\n250 caf'), Buffer.from([0xe9]), Buffer.from('\r\n')]),
		replies: [{code: 250, lines: ['mx.test hello', 'caf\\xe9'], raw: ['250-mx.test hello', '250 caf\\xe9'], invalidUtf8: true}],
	},
	{
		name: 'valid UTF-8 split across chunks',
		wire: '250 Gr\u00fc\u00dfe \u{1f600}\r\n',
		replies: [{code: 250, lines: ['Gr\u00fc\u00dfe \u{1f600}'], raw: ['250 Gr\u00fc\u00dfe \u{1f600}']}],
	},
];

describe('ReplyParser fixtures', () => {
	for (const fixture of fixtures) {
		const wire = typeof fixture.wire === 'string' ? Buffer.from(fixture.wire) : fixture.wire;
		it(`${fixture.name}: whole`, () => {
			expect(parseReplies(wire)).toEqual(fixture.replies);
		});
		it(`${fixture.name}: one byte at a time`, () => {
			expect(feed(byteChunks(wire))).toEqual(fixture.replies);
		});
		it(`${fixture.name}: random chunks`, () => {
			for (const seed of SEEDS) expect(feed(randomChunks(wire, seed))).toEqual(fixture.replies);
		});
	}
});

describe('ReplyParser buffering', () => {
	it('returns nothing until a reply is complete and counts what it holds', () => {
		const parser = new ReplyParser();
		expect(parser.push(Buffer.from('250-first\r\n250-sec'))).toEqual([]);
		expect(parser.buffered).toBe('250-first\r\n250-sec'.length);
		expect(parser.push(Buffer.from('ond\r\n250 third\r'))).toEqual([]);
		expect(parser.buffered).toBe('250-first\r\n250-second\r\n250 third\r'.length);
		expect(parser.push(Buffer.from('\n'))).toEqual([
			{code: 250, lines: ['first', 'second', 'third'], raw: ['250-first', '250-second', '250 third']},
		]);
		expect(parser.buffered).toBe(0);
	});

	it('reset drops partial lines and unfinished replies', () => {
		const parser = new ReplyParser();
		parser.push(Buffer.from('250-injected\r\n250 tail'));
		parser.reset();
		expect(parser.buffered).toBe(0);
		expect(parser.push(Buffer.from('220 fresh\r\n'))).toEqual([{code: 220, lines: ['fresh'], raw: ['220 fresh']}]);
	});

	it('does not depend on the caller keeping its chunk unchanged', () => {
		const parser = new ReplyParser();
		const chunk = Buffer.from('250 abc');
		parser.push(chunk);
		chunk.fill(0x58);
		expect(parser.push(Buffer.from('\r\n'))).toEqual([{code: 250, lines: ['abc'], raw: ['250 abc']}]);
	});
});

describe('ReplyParser protocol errors', () => {
	it.each([
		['a line too long', `250 ${'x'.repeat(70_000)}\r\n`],
		['an endless line', `250 ${'x'.repeat(70_000)}`],
		['mixed codes', '250-a\r\n251 b\r\n'],
		['no reply code', 'hello\r\n'],
	])('says %s as a clause that reads after "protocol error: " (lower case, no full stop)', (_name, wire) => {
		const {message} = protocolError(() => parseReplies(Buffer.from(wire)));
		expect(message).toMatch(/^the server /);
		expect(message).not.toMatch(/\.$/);
	});

	it('takes a line over RFC 5321\'s 512 octets, saying how long its longest line was (§4.5.3.1 asks not to impose it)', () => {
		const line = `250 ${'x'.repeat(506)}\r\n`;
		expect(line.length).toBe(512);
		expect(parseReplies(Buffer.from(line))[0]).not.toHaveProperty('longestLine');
		const [reply] = parseReplies(Buffer.from(`250-short\r\n250 2.0.0 Ok: queued as 4F2A1 ${'x'.repeat(568)}\r\n`));
		expect(reply.lines[1]).toMatch(/ Ok: queued as 4F2A1 x{568}$/);
		expect(reply.longestLine).toBe(600);
		// Octets, not characters: UTF-8 text reaches the limit sooner, and is taken as well.
		expect(parseReplies(Buffer.from(`250 ${'é'.repeat(300)}\r\n`))[0].longestLine).toBe(606);
	});

	it('refuses a complete line over the hard limit, naming the limit and the length', () => {
		const error = protocolError(() => parseReplies(Buffer.from(`250 ${'x'.repeat(65_531)}\r\n`)));
		expect(error.kind).toBe('line-too-long');
		expect(error.message).toContain('65536');
		expect(error.message).toContain('65537');
	});

	it('refuses an endless line without holding more than the limit', () => {
		const parser = new ReplyParser();
		const error = protocolError(() => {
			for (let index = 0; index < 3000; index++) {
				parser.push(Buffer.from('250 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'));
				expect(parser.buffered).toBeLessThanOrEqual(65_536);
			}
		});
		expect(error.kind).toBe('line-too-long');
		expect(parser.buffered).toBe(0);
	});

	it('refuses a multi-line reply that never ends, without holding more than the reply limit', () => {
		const parser = new ReplyParser({maxReplyLength: 1000});
		const error = protocolError(() => {
			for (let index = 0; index < 1000; index++) {
				parser.push(Buffer.from('250-more and more\r\n'));
				expect(parser.buffered).toBeLessThanOrEqual(1000);
			}
		});
		expect(error.kind).toBe('unexpected');
		expect(error.message).toMatch(/more than 1000 octets \(\d+ lines\) without its last line/);
		expect(parseReplies(Buffer.from('250-a\r\n'.repeat(3000) + '250 z\r\n'))[0].lines).toHaveLength(3001);
	});

	it('takes a multi-line reply whose unfinished lines fill the reply limit exactly, and refuses one octet more', () => {
		// Two continuation lines of 8 octets each, then the last line: the limit counts the lines still waiting for it.
		expect(feed([Buffer.from('250-ab\r\n250-ab\r\n250 z\r\n')], new ReplyParser({maxReplyLength: 16}))).toHaveLength(1);
		expect(protocolError(() => feed([Buffer.from('250-ab\r\n250-abc\r\n250 z\r\n')], new ReplyParser({maxReplyLength: 16}))).kind).toBe('unexpected');
	});

	it('refuses a line as soon as it cannot fit, before its end comes; a trailing CR is not counted yet', () => {
		const parser = new ReplyParser({maxLineLength: 15});
		// 13 octets and CRLF fit in 15; a CR that may be the first half of the CRLF is no content.
		expect(parser.push(Buffer.from('250 012345678\r'))).toEqual([]);
		expect(parser.partialLine).toBe('250 012345678');
		const error = protocolError(() => new ReplyParser({maxLineLength: 15}).push(Buffer.from('250 0123456789')));
		expect(error.kind).toBe('line-too-long');
		expect(error.message).toContain('(14 octets seen with no line end yet)');
	});

	it('says how many lines of a reply over the limit it does not show, however few', () => {
		const few = protocolError(() => feed([Buffer.from('250-ab\r\n250-cd\r\n250-efg\r\n')], new ReplyParser({maxReplyLength: 16})));
		expect(few.message).toContain('(3 lines)');
		expect(few.lines).toEqual(['250-ab', '250-cd', '… 1 more line']);
		const many = protocolError(() => feed([Buffer.from('250-a\r\n'.repeat(5))], new ReplyParser({maxReplyLength: 28})));
		expect(many.message).toContain('(5 lines)');
		expect(many.lines).toEqual(['250-a', '250-a', '250-a', '… 2 more lines']);
	});

	it('takes a multi-line reply whose later lines have no enhanced code, and sets none on a reply without one', () => {
		const [reply] = parseReplies(Buffer.from('550-5.7.1 blocked\r\n550 see the policy page\r\n'));
		expect(reply).toStrictEqual({code: 550, enhanced: '5.7.1', lines: ['blocked', 'see the policy page'], raw: ['550-5.7.1 blocked', '550 see the policy page']});
		expect(Object.keys(parseReplies(Buffer.from('250 ok\r\n'))[0])).toEqual(['code', 'lines', 'raw']);
	});

	it('shows the start of an unfinished line without its CR, and nothing once it has ended', () => {
		const parser = new ReplyParser();
		expect(parser.partialLine).toBe('');
		parser.push(Buffer.from('250-first\r\n250 sec'));
		expect(parser.partialLine).toBe('250 sec');
		parser.push(Buffer.from('ond\r'));
		expect(parser.partialLine).toBe('250 second');
		expect(parser.push(Buffer.from('\n'))).toHaveLength(1);
		expect(parser.partialLine).toBe('');
	});

	it('shows an unfinished line of up to 200 octets whole, and a longer one cut with its length, read one byte at a time', () => {
		const parser = new ReplyParser();
		for (const byte of Buffer.from(`250 ${'é'.repeat(500)}`)) parser.push(Uint8Array.of(byte));
		expect(parser.partialLine).toBe(`250 ${'é'.repeat(98)}… (1004 octets)`);
		parser.reset();
		parser.push(Buffer.from(`250 ${'A'.repeat(196)}\r`));
		expect(parser.partialLine).toBe(`250 ${'A'.repeat(196)}`);
	});

	it('quotes a broken line of up to 200 octets whole, and a longer one cut with its length', () => {
		expect(protocolError(() => parseReplies(Buffer.from(`2x0 ${'a'.repeat(196)}\r\n`))).lines).toEqual([`2x0 ${'a'.repeat(196)}`]);
		expect(protocolError(() => parseReplies(Buffer.from(`2x0 ${'a'.repeat(197)}\r\n`))).lines).toEqual([`2x0 ${'a'.repeat(196)}… (201 octets)`]);
	});

	it('in a line with invalid bytes, keeps each valid character of one to four octets, at the bounds of each length', () => {
		// U+0080, U+07FF (2 octets), U+0800, U+FFFF (3), U+10000, U+10FFFF (4): characters. C0, C1, F5, a lone
		// continuation byte and a cut sequence are no UTF-8 lead: each is one \xHH.
		const valid = '\u0080 \u07ff \u0800 \uffff \u{10000} \u{10ffff}';
		const wire = Buffer.concat([Buffer.from(`550 ${valid} `), Buffer.from([0xc0, 0xaf, 0x20, 0xc1, 0x20, 0xf5, 0x80, 0x20, 0x80, 0x20, 0xe2, 0x82]), Buffer.from('\r\n')]);
		expect(parseReplies(wire)[0].lines).toEqual([`${valid} \\xc0\\xaf \\xc1 \\xf5\\x80 \\x80 \\xe2\\x82`]);
	});

	it('honours a smaller configured limit, one byte at a time too', () => {
		const wire = Buffer.from('250 0123456789\r\n');
		expect(feed(byteChunks(wire), new ReplyParser({maxLineLength: 16}))).toHaveLength(1);
		const error = protocolError(() => feed(byteChunks(wire), new ReplyParser({maxLineLength: 15})));
		expect(error.kind).toBe('line-too-long');
	});

	it.each([
		['first digit 1', '150 hi\r\n'],
		['first digit 6', '650 hi\r\n'],
		['two digits', '25 hi\r\n'],
		['four digits', '2500 hi\r\n'],
		['letters', 'abc hi\r\n'],
		['bad separator', '250_hi\r\n'],
		['empty line', '\r\n'],
		['HTTP banner', 'HTTP/1.1 400 Bad Request\r\n'],
	])('refuses a bad code: %s', (_name, wire) => {
		expect(protocolError(() => parseReplies(Buffer.from(wire))).kind).toBe('bad-code');
	});

	it('quotes a line that is no reply with control characters and invalid bytes in one style, escaped once', () => {
		const error = protocolError(() => parseReplies(Buffer.from([0x67, 0xc9, 0x01, 0x95, 0x22, 0x5c, 0x0d, 0x0a])));
		expect(error.message).toMatch(/"g\\xc9\\x01\\x95"\\"$/);
		// The line itself, as the log shows it: the same bytes, not U+FFFD.
		expect(error.lines).toEqual(['g\\xc9\u0001\\x95"\\']);
	});

	it('refuses mixed codes inside one reply', () => {
		const error = protocolError(() => parseReplies(Buffer.from('250-a\r\n251 b\r\n')));
		expect(error.kind).toBe('mixed-codes');
		expect(error.message).toContain('250');
		expect(error.message).toContain('251');
		// The lines themselves go with the error, for the log: what broke the rules is what a debugger needs.
		expect(error.lines).toEqual(['250-a', '251 b']);
	});

	it('keeps a broken line for the log, cut short when it is huge', () => {
		expect(protocolError(() => parseReplies(Buffer.from('220-ok\r\nHTTP/1.1 400 Bad Request\r\n'))).lines).toEqual(['220-ok', 'HTTP/1.1 400 Bad Request']);
		const long = protocolError(() => parseReplies(Buffer.from(`250 ${'x'.repeat(70_000)}`)));
		expect(long.kind).toBe('line-too-long');
		expect(long.lines).toEqual([expect.stringMatching(/^250 x{196}… \(\d+ octets\)$/)]);
		// The lines of its reply that came before it go with it: they arrived, and are half the story.
		const after = protocolError(() => parseReplies(Buffer.from(`250-x\r\n250 ${'A'.repeat(70_000)}\r\n`)));
		expect(after.kind).toBe('line-too-long');
		expect(after.lines).toEqual(['250-x', expect.stringMatching(/^250 A{196}… \(\d+ octets\)$/)]);
		const unfinished = protocolError(() => parseReplies(Buffer.from(`250-x\r\n250 ${'A'.repeat(70_000)}`)));
		expect(unfinished.lines[0]).toBe('250-x');
	});
});

describe('ReplyParser properties', () => {
	const line = fc.record({
		code: fc.integer({min: 200, max: 599}),
		texts: fc.array(fc.string({unit: 'grapheme', maxLength: 60}).map((text) => text.replace(/[\r\n]/g, '')), {
			minLength: 1,
			maxLength: 4,
		}),
	});

	it('any chunking of any sequence of replies gives the same replies', () => {
		fc.assert(
			fc.property(fc.array(line, {minLength: 1, maxLength: 6}), fc.integer(), (replies, seed) => {
				const wire = Buffer.from(
					replies
						.map(({code, texts}) => texts.map((text, index) => `${code}${index === texts.length - 1 ? ' ' : '-'}${text}\r\n`).join(''))
						.join(''),
				);
				const whole = parseReplies(wire);
				expect(whole.map(({code}) => code)).toEqual(replies.map(({code}) => code));
				expect(whole.map(({raw}) => raw.length)).toEqual(replies.map(({texts}) => texts.length));
				expect(feed(randomChunks(wire, seed, 7))).toEqual(whole);
			}),
		);
	});
});
