import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {emptyExtensions, parseExtensions} from '../../source/smtp/extensions.js';
import {ReplyParser, parseReplies} from '../../source/smtp/reply-parser.js';
import {SEEDS, randomChunks} from '../helpers/chunks.js';

function ehlo(...lines: string[]) {
	const wire = lines.map((line, index) => `250${index === lines.length - 1 ? ' ' : '-'}${line}\r\n`).join('');
	return parseReplies(Buffer.from(wire))[0];
}

describe('parseExtensions', () => {
	it('keeps each keyword\'s parameters and AUTH\'s mechanisms once, in first-seen order, across thousands of lines (a hostile list)', () => {
		const names = Array.from({length: 3000}, (_, index) => `m${index}`);
		const extensions = parseExtensions({
			code: 250,
			lines: ['x', `AUTH ${names.join(' ')} m0`, 'AUTH=PLAIN m1', ...names.map(name => `auth ${name.toUpperCase()} PLAIN`), 'X-A b b', 'X-A b c'],
			raw: [],
		});
		const upper = names.map(name => name.toUpperCase());
		expect(extensions.auth).toEqual([...upper, 'PLAIN']);
		// Parameters as written (a line's own repeats kept), each new one once.
		expect(extensions.keywords.get('AUTH')).toEqual([...names, 'm0', 'PLAIN', ...upper]);
		expect(extensions.keywords.get('X-A')).toEqual(['b', 'b', 'c']);
	});

	it('reads a typical Postfix EHLO reply', () => {
		const extensions = parseExtensions(
			ehlo(
				'mx.example.org',
				'PIPELINING',
				'SIZE 10240000',
				'VRFY',
				'ETRN',
				'STARTTLS',
				'AUTH PLAIN LOGIN',
				'ENHANCEDSTATUSCODES',
				'8BITMIME',
				'DSN',
				'SMTPUTF8',
				'CHUNKING',
			),
		);
		expect(extensions).toEqual({
			keywords: new Map([
				['PIPELINING', []],
				['SIZE', ['10240000']],
				['VRFY', []],
				['ETRN', []],
				['STARTTLS', []],
				['AUTH', ['PLAIN', 'LOGIN']],
				['ENHANCEDSTATUSCODES', []],
				['8BITMIME', []],
				['DSN', []],
				['SMTPUTF8', []],
				['CHUNKING', []],
			]),
			size: 10_240_000,
			auth: ['PLAIN', 'LOGIN'],
			starttls: true,
			pipelining: true,
			eightBitMime: true,
			smtpUtf8: true,
			enhancedStatusCodes: true,
			chunking: true,
			dsn: true,
		});
	});

	it('skips the greeting line even when it looks like a keyword', () => {
		const extensions = parseExtensions(ehlo('STARTTLS', 'PIPELINING'));
		expect(extensions.starttls).toBe(false);
		expect(extensions.pipelining).toBe(true);
	});

	it('treats keywords and mechanisms case-insensitively', () => {
		const extensions = parseExtensions(ehlo('mx', 'starttls', 'Auth plain cram-md5', 'smtputf8'));
		expect(extensions.starttls).toBe(true);
		expect(extensions.smtpUtf8).toBe(true);
		expect(extensions.auth).toEqual(['PLAIN', 'CRAM-MD5']);
		expect([...extensions.keywords.keys()]).toEqual(['STARTTLS', 'AUTH', 'SMTPUTF8']);
	});

	it('merges the old AUTH=LOGIN PLAIN form into AUTH without duplicates', () => {
		const extensions = parseExtensions(ehlo('mx', 'AUTH PLAIN LOGIN', 'AUTH=LOGIN PLAIN XOAUTH2'));
		expect(extensions.auth).toEqual(['PLAIN', 'LOGIN', 'XOAUTH2']);
		expect(extensions.keywords.get('AUTH')).toEqual(['PLAIN', 'LOGIN', 'XOAUTH2']);
		expect(parseExtensions(ehlo('mx', 'AUTH=LOGIN')).auth).toEqual(['LOGIN']);
	});

	it.each([
		['SIZE', 0],
		['SIZE 0', 0],
		['SIZE nonsense', 0],
		['SIZE -5', 0],
		// Not digits alone (RFC 1870), though Number() reads them as a limit.
		['SIZE 1e3', 0],
		['SIZE 0x400', 0],
		['SIZE 35882577', 35_882_577],
	])('reads "%s" as size %d', (line, size) => {
		expect(parseExtensions(ehlo('mx', line)).size).toBe(size);
	});

	it("reads Exchange 2003's reply: lower-case 8bitmime, AUTH=LOGIN beside AUTH, and a last line \"250 OK\" that is no keyword", () => {
		const lines = ['mail.contoso.example Hello [127.0.0.1]', 'TURN', 'SIZE', 'ETRN', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', '8bitmime', 'BINARYMIME', 'CHUNKING', 'VRFY'];
		const extensions = parseExtensions(ehlo(...lines, 'X-EXPS GSSAPI NTLM LOGIN', 'X-EXPS=LOGIN', 'AUTH GSSAPI NTLM LOGIN', 'AUTH=LOGIN', 'X-LINK2STATE', 'XEXCH50', 'OK'));
		expect(extensions.eightBitMime).toBe(true);
		expect(extensions.auth).toEqual(['GSSAPI', 'NTLM', 'LOGIN']);
		expect(extensions.keywords.has('OK')).toBe(false);
		// Amazon SES ends its list so too.
		expect([...parseExtensions(ehlo('email-smtp.amazonaws.com', '8BITMIME', 'STARTTLS', 'AUTH PLAIN LOGIN', 'Ok')).keywords.keys()]).toEqual(['8BITMIME', 'STARTTLS', 'AUTH']);
	});

	it('leaves size undefined and auth empty when not advertised', () => {
		const extensions = parseExtensions(ehlo('mx.example.org says hi'));
		expect(extensions).toEqual(emptyExtensions());
		expect(extensions.size).toBeUndefined();
	});

	it('keeps unknown keywords with their parameters and ignores blank lines', () => {
		const extensions = parseExtensions(ehlo('mx', '', 'X-EXPS GSSAPI NTLM', 'DELIVERBY 300'));
		expect(extensions.keywords.get('X-EXPS')).toEqual(['GSSAPI', 'NTLM']);
		expect(extensions.keywords.get('DELIVERBY')).toEqual(['300']);
		expect(extensions.keywords.size).toBe(2);
	});

	it('gives the same result whatever the chunking of the reply', () => {
		const wire = Buffer.from('250-mx\r\n250-SIZE 1000\r\n250-AUTH LOGIN\r\n250 STARTTLS\r\n');
		const whole = parseExtensions(parseReplies(wire)[0]);
		for (const seed of SEEDS) {
			const parser = new ReplyParser();
			const [reply] = randomChunks(wire, seed).flatMap((piece) => parser.push(piece));
			expect(parseExtensions(reply)).toEqual(whole);
		}
	});

	it('advertises nothing that the reply does not list', () => {
		const extensions = parseExtensions(ehlo('mx.example.org says hi', 'HELP'));
		const flags = ['starttls', 'pipelining', 'eightBitMime', 'smtpUtf8', 'enhancedStatusCodes', 'chunking', 'dsn'] as const;
		expect(flags.filter(flag => extensions[flag] !== false)).toEqual([]);
		expect(extensions.auth).toEqual([]);
	});

	it('reads a line with blanks around and between its words', () => {
		const extensions = parseExtensions(ehlo('mx', '  AUTH  PLAIN \t LOGIN  ', ' SIZE   1000'));
		expect(extensions.auth).toEqual(['PLAIN', 'LOGIN']);
		expect(extensions.keywords.get('AUTH')).toEqual(['PLAIN', 'LOGIN']);
		expect(extensions.size).toBe(1000);
	});

	it('returns a fresh object each time', () => {
		const one = emptyExtensions();
		one.auth.push('PLAIN');
		expect(emptyExtensions().auth).toEqual([]);
	});
});
