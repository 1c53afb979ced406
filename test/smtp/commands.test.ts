import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {asTyped, containsEightBit, encodeCommand, mailParameters, needsSmtpUtf8, withoutSmtpUtf8} from '../../source/smtp/commands.js';
import {emptyExtensions} from '../../source/smtp/extensions.js';
import {thrown} from '../helpers/thrown.js';
import {SmtpInputError, type Command, type Extensions} from '../../source/smtp/types.js';

const inputError = (run: () => unknown) => thrown(SmtpInputError, run);

function extensionsWith(changes: Partial<Extensions>): Extensions {
	return {...emptyExtensions(), ...changes};
}

const wire = (command: Command, extensions?: Extensions) =>
	encodeCommand(command, extensions ? {extensions} : {}).bytes.toString('utf8');

describe('encodeCommand serialises', () => {
	it.each<[Command, string]>([
		[{verb: 'EHLO', domain: 'client.example.org'}, 'EHLO client.example.org\r\n'],
		[{verb: 'HELO', domain: '[192.0.2.1]'}, 'HELO [192.0.2.1]\r\n'],
		[{verb: 'STARTTLS'}, 'STARTTLS\r\n'],
		[{verb: 'MAIL', from: 'alice@example.org'}, 'MAIL FROM:<alice@example.org>\r\n'],
		[{verb: 'MAIL', from: ''}, 'MAIL FROM:<>\r\n'],
		[{verb: 'RCPT', to: 'bob@example.net'}, 'RCPT TO:<bob@example.net>\r\n'],
		[{verb: 'RCPT', to: 'postmaster'}, 'RCPT TO:<postmaster>\r\n'],
		[{verb: 'RCPT', to: '"john doe <x>"@example.net'}, 'RCPT TO:<"john doe <x>"@example.net>\r\n'],
		[{verb: 'RCPT', to: 'bob@example.net', params: {NOTIFY: 'FAILURE,DELAY'}}, 'RCPT TO:<bob@example.net> NOTIFY=FAILURE,DELAY\r\n'],
		[{verb: 'DATA'}, 'DATA\r\n'],
		[{verb: 'RSET'}, 'RSET\r\n'],
		[{verb: 'NOOP'}, 'NOOP\r\n'],
		[{verb: 'VRFY', argument: 'postmaster'}, 'VRFY postmaster\r\n'],
		[{verb: 'VRFY', argument: ''}, 'VRFY\r\n'],
		[{verb: 'HELP'}, 'HELP\r\n'],
		[{verb: 'HELP', argument: 'MAIL'}, 'HELP MAIL\r\n'],
		[{verb: 'QUIT'}, 'QUIT\r\n'],
		[{verb: 'RAW', line: 'XCLIENT ADDR=192.0.2.1'}, 'XCLIENT ADDR=192.0.2.1\r\n'],
		[{verb: 'AUTH', mechanism: 'LOGIN'}, 'AUTH LOGIN\r\n'],
	])('%j', (command, expected) => {
		const encoded = encodeCommand(command);
		expect(encoded.bytes.toString('utf8')).toBe(expected);
		expect(encoded.display).toBe(expected.slice(0, -2));
		expect(encoded.redacted).toBe(false);
		expect(encoded.command).toBe(command);
	});

	it('writes MAIL parameters SIZE, BODY, SMTPUTF8 first in a fixed order, then the rest as given', () => {
		const line = wire({verb: 'MAIL', from: 'a@b.c', params: {RET: 'HDRS', SMTPUTF8: true, ENVID: 'x1', BODY: '8BITMIME', SIZE: '42'}});
		expect(line).toBe('MAIL FROM:<a@b.c> SIZE=42 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=x1\r\n');
	});

	it('encodes UTF-8 addresses as UTF-8 when SMTPUTF8 is advertised, exactly as given', () => {
		const encoded = encodeCommand({verb: 'RCPT', to: 'J\u00f6rg@b\u00fccher.example'}, {extensions: extensionsWith({smtpUtf8: true})});
		expect(encoded.bytes).toEqual(Buffer.from('RCPT TO:<J\u00f6rg@b\u00fccher.example>\r\n', 'utf8'));
	});
});

describe('encodeCommand redacts secrets for display', () => {
	it('hides the AUTH initial response', () => {
		const encoded = encodeCommand({verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AHRpbQBzZWNyZXQ='});
		expect(encoded.bytes.toString()).toBe('AUTH PLAIN AHRpbQBzZWNyZXQ=\r\n');
		expect(encoded.display).toBe('AUTH PLAIN [redacted]');
		expect(encoded.redacted).toBe(true);
	});

	it('hides every AUTH response line, but not the cancel or empty line', () => {
		const secret = encodeCommand({verb: 'AUTH-RESPONSE', response: 'dGFuc3RhYWY='});
		expect(secret.bytes.toString()).toBe('dGFuc3RhYWY=\r\n');
		expect(secret.display).toBe('[redacted]');
		expect(secret.redacted).toBe(true);
		expect(encodeCommand({verb: 'AUTH-RESPONSE', response: '*'})).toMatchObject({display: '*', redacted: false});
		// XOAUTH2's acknowledgement of an error: sent empty, shown so that it reads as a line sent.
		expect(encodeCommand({verb: 'AUTH-RESPONSE', response: ''})).toMatchObject({display: '(empty line)'});
		expect(encodeCommand({verb: 'AUTH-RESPONSE', response: ''}).bytes.toString()).toBe('\r\n');
	});

	it.each([
		['AUTH PLAIN AHRpbQBzZWNyZXQ=', 'AUTH PLAIN [redacted]'],
		['auth   xoauth2 dXNlcj1h extra', 'auth   xoauth2 [redacted]'],
	])('hides the payload of a raw %s', (line, display) => {
		const encoded = encodeCommand({verb: 'RAW', line});
		expect(encoded.bytes.toString()).toBe(`${line}\r\n`);
		expect(encoded).toMatchObject({display, redacted: true});
	});

	it.each(['AUTH LOGIN', 'AUTHORIZE me', 'NOOP AUTH PLAIN x'])('leaves a raw %j as it is', (line) => {
		expect(encodeCommand({verb: 'RAW', line})).toMatchObject({display: line, redacted: false});
	});

	it('takes a typed AUTH line longer than 512 octets (a pasted XOAUTH2 token), up to RFC 4954\'s 12,288', () => {
		const line = `AUTH XOAUTH2 ${Buffer.from(`user=a@b.c\x01auth=Bearer ${'t'.repeat(600)}\x01\x01`).toString('base64')}`;
		expect(encodeCommand({verb: 'RAW', line}).bytes.toString()).toBe(`${line}\r\n`);
		expect(() => encodeCommand({verb: 'RAW', line: `AUTH XOAUTH2 ${'A'.repeat(12_289)}`})).toThrow(/12288|12,288/);
	});

	it('never shows a long XOAUTH2 token, which may exceed 512 octets (RFC 4954 allows 12288)', () => {
		const token = Buffer.from(`user=a@b.c\x01auth=Bearer ${'t'.repeat(2000)}\x01\x01`).toString('base64');
		const encoded = encodeCommand({verb: 'AUTH', mechanism: 'XOAUTH2', initialResponse: token});
		expect(encoded.bytes.length).toBeGreaterThan(512);
		expect(encoded.display).not.toContain(token.slice(0, 20));
	});
});

/** Every user-controlled field of every command, with the field name the error must carry. */
const fields: Array<[string, (value: string) => Command]> = [
	['EHLO name', (value) => ({verb: 'EHLO', domain: `client${value}.example`})],
	['HELO name', (value) => ({verb: 'HELO', domain: `client${value}.example`})],
	['AUTH mechanism', (value) => ({verb: 'AUTH', mechanism: `PLAIN${value}`})],
	['AUTH initial response', (value) => ({verb: 'AUTH', mechanism: 'PLAIN', initialResponse: `AHRpbQ${value}`})],
	['AUTH response', (value) => ({verb: 'AUTH-RESPONSE', response: `dGlt${value}`})],
	['MAIL FROM address', (value) => ({verb: 'MAIL', from: `alice${value}@example.org`})],
	['MAIL parameter SIZE', (value) => ({verb: 'MAIL', from: 'a@b.c', params: {SIZE: `10${value}`}})],
	['MAIL parameter X', (value) => ({verb: 'MAIL', from: 'a@b.c', params: {[`X${value}`]: true}})],
	['RCPT TO address', (value) => ({verb: 'RCPT', to: `bob@example.net${value}`})],
	['RCPT TO address', (value) => ({verb: 'RCPT', to: `"quoted${value}"@example.net`})],
	['RCPT parameter NOTIFY', (value) => ({verb: 'RCPT', to: 'b@c.d', params: {NOTIFY: `NEVER${value}`}})],
	['VRFY argument', (value) => ({verb: 'VRFY', argument: `postmaster${value}`})],
	['HELP argument', (value) => ({verb: 'HELP', argument: `MAIL${value}`})],
	['the typed line', (value) => ({verb: 'RAW', line: `NOOP${value}`})],
];

describe('asTyped (manual mode)', () => {
	it('puts the line on the wire as typed, keeping redaction on screen', () => {
		const mail = asTyped(encodeCommand({verb: 'MAIL', from: 'a@b.test'}), 'mail from: <a@b.test>');
		expect(mail.bytes.toString()).toBe('mail from: <a@b.test>\r\n');
		expect(mail.display).toBe('mail from: <a@b.test>');
		const auth = asTyped(encodeCommand({verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AGRlbW8AZGVtbw=='}), 'auth plain AGRlbW8AZGVtbw==');
		expect(auth.bytes.toString()).toBe('auth plain AGRlbW8AZGVtbw==\r\n');
		expect(auth.display).toBe('AUTH PLAIN [redacted]');
	});

	it('refuses a NUL or line break in the typed line, and a line over 512 octets', () => {
		expect(inputError(() => asTyped(encodeCommand({verb: 'NOOP'}), 'NOOP\0')).field).toBe('the typed line');
		expect(inputError(() => asTyped(encodeCommand({verb: 'NOOP'}), `NOOP ${'x'.repeat(600)}`)).message).toMatch(/at most 512/);
	});
});

describe('encodeCommand refuses CR, LF and NUL in every field', () => {
	const breakers: Array<[string, string]> = [
		['CR', '\r'],
		['LF', '\n'],
		['NUL', '\0'],
		['CRLF + command', '\r\nRCPT TO:<evil@attacker.example>'],
	];
	for (const [field, build] of fields) {
		for (const [name, value] of breakers) {
			it(`${field}: ${name}`, () => {
				const error = inputError(() => encodeCommand(build(value)));
				expect(error.field.startsWith(field.replace(/ X$/, ''))).toBe(true);
				expect(error.message).toContain(error.field);
			});
		}
	}

	it('names which character it found', () => {
		expect(inputError(() => encodeCommand({verb: 'RAW', line: 'NOOP\nQUIT'})).message).toMatch(/line feed \(LF\) at position 5/);
		expect(inputError(() => encodeCommand({verb: 'RAW', line: 'NOOP\rQUIT'})).message).toMatch(/carriage return/);
		expect(inputError(() => encodeCommand({verb: 'RAW', line: 'NOOP\0'})).message).toMatch(/NUL/);
	});
});

describe('encodeCommand checks addresses', () => {
	it.each([
		['angle brackets', '<a@b.c>', /must not contain "<"/],
		['a closing bracket', 'a@b.c> SIZE=1', /must not contain ">"/],
		['a space', 'a b@c.d', /space outside quotes/],
		['a tab', 'a\tb@c.d', /control character U\+0009/],
		['a C1 control (NEL)', 'a\u0085b@c.d', /control character U\+0085/],
		['an open quote', '"abc@d.e', /never closed/],
		['a 65-octet local part', `${'l'.repeat(65)}@example.org`, /local part .* 65 octets; SMTP allows at most 64/],
		['a 256-octet domain', `a@${'d'.repeat(256)}`, /domain is 256 octets; SMTP allows at most 255/],
		['a 257-octet path', `${'l'.repeat(60)}@${'d'.repeat(194)}`, /path <\.\.\.> is 257 octets; SMTP allows at most 256/],
	])('refuses %s', (_name, address, message) => {
		const error = inputError(() => encodeCommand({verb: 'RCPT', to: address}));
		expect(error.field).toBe('RCPT TO address');
		expect(error.message).toMatch(message);
	});

	it('counts octets, not characters, in the local part', () => {
		const extensions = extensionsWith({smtpUtf8: true});
		expect(() => encodeCommand({verb: 'RCPT', to: `${'\u00e9'.repeat(32)}@x.example`}, {extensions})).not.toThrow();
		const error = inputError(() => encodeCommand({verb: 'RCPT', to: `${'\u00e9'.repeat(33)}@x.example`}, {extensions}));
		expect(error.message).toContain('66 octets');
	});

	it('accepts the largest legal path exactly', () => {
		expect(wire({verb: 'RCPT', to: `${'l'.repeat(64)}@${'d'.repeat(189)}`})).toHaveLength('RCPT TO:<>\r\n'.length + 254);
	});

	it('explains how to write the null sender', () => {
		const error = inputError(() => encodeCommand({verb: 'MAIL', from: '<>'}));
		expect(error).toMatchObject({field: 'MAIL FROM address'});
		expect(error.message).toMatch(/leave it empty/);
	});

	it('refuses an empty recipient', () => {
		expect(inputError(() => encodeCommand({verb: 'RCPT', to: ''})).field).toBe('RCPT TO address');
	});

	it('refuses non-ASCII addresses when the server did not advertise SMTPUTF8', () => {
		const error = inputError(() => encodeCommand({verb: 'MAIL', from: 'j\u00f6rg@example.org'}, {extensions: emptyExtensions()}));
		expect(error.field).toBe('MAIL FROM address');
		expect(error.message).toMatch(/did not advertise SMTPUTF8/);
		expect(wire({verb: 'MAIL', from: 'j\u00f6rg@example.org'})).toBe('MAIL FROM:<j\u00f6rg@example.org>\r\n');
	});
});

describe('encodeCommand checks words and lengths', () => {
	it.each<[Command, string]>([
		[{verb: 'EHLO', domain: ''}, 'EHLO name'],
		[{verb: 'EHLO', domain: 'two words'}, 'EHLO name'],
		[{verb: 'EHLO', domain: 'a\u0001b'}, 'EHLO name'],
		[{verb: 'EHLO', domain: 'a\u007Fb'}, 'EHLO name'],
		[{verb: 'EHLO', domain: 'h\u0085RSET'}, 'EHLO name'],
		[{verb: 'EHLO', domain: 'h\u202Ex'}, 'EHLO name'],
		[{verb: 'AUTH', mechanism: ''}, 'AUTH mechanism'],
		[{verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'a b'}, 'AUTH initial response'],
		[{verb: 'MAIL', from: 'a@b.c', params: {'SIZE=1 X': true}}, 'MAIL parameter SIZE=1 X'],
		[{verb: 'MAIL', from: 'a@b.c', params: {SIZE: ''}}, 'MAIL parameter SIZE'],
		[{verb: 'MAIL', from: 'a@b.c', params: {SIZE: '1 RET=FULL'}}, 'MAIL parameter SIZE'],
	])('refuses %j naming %s', (command, field) => {
		expect(inputError(() => encodeCommand(command)).field).toBe(field);
	});

	it('refuses a command line over 512 octets with CRLF, and accepts exactly 512', () => {
		expect(wire({verb: 'RAW', line: `NOOP ${'x'.repeat(505)}`})).toHaveLength(512);
		const error = inputError(() => encodeCommand({verb: 'RAW', line: `NOOP ${'x'.repeat(506)}`}));
		expect(error.field).toBe('the typed line');
		expect(error.message).toMatch(/^the typed line would be 513 octets/);
		expect(error.message).toContain('512');
		expect(inputError(() => encodeCommand({verb: 'VRFY', argument: 'v'.repeat(600)})).field).toBe('VRFY argument');
	});
});

describe('mailParameters', () => {
	const all = extensionsWith({size: 1000, eightBitMime: true, smtpUtf8: true});

	it('adds only what is advertised and needed', () => {
		expect(mailParameters({size: 500, eightBit: true, utf8: true}, all)).toEqual({SIZE: '500', BODY: '8BITMIME', SMTPUTF8: true});
		expect(mailParameters({size: 500, eightBit: false, utf8: false}, all)).toEqual({SIZE: '500'});
		expect(mailParameters({size: 500, eightBit: true}, emptyExtensions())).toEqual({});
		expect(mailParameters({}, all)).toEqual({});
		expect(mailParameters({size: 2000}, extensionsWith({size: 0}))).toEqual({SIZE: '2000'});
	});

	it('refuses UTF-8 addresses without SMTPUTF8', () => {
		const error = inputError(() => mailParameters({utf8: true}, extensionsWith({size: 10})));
		expect(error.message).toMatch(/did not advertise SMTPUTF8/);
	});

	it('refuses a size that is not a whole number', () => {
		expect(inputError(() => mailParameters({size: 1.5}, all)).field).toBe('message size');
	});

	it('produces parameters encodeCommand writes in order', () => {
		const params = mailParameters({size: 7, eightBit: true, utf8: true}, all);
		expect(wire({verb: 'MAIL', from: '\u00e4@b.c', params}, all)).toBe('MAIL FROM:<\u00e4@b.c> SIZE=7 BODY=8BITMIME SMTPUTF8\r\n');
	});
});

describe('byte checks', () => {
	it('needsSmtpUtf8', () => {
		expect(needsSmtpUtf8('a@b.c')).toBe(false);
		expect(needsSmtpUtf8('\u00e4@b.c')).toBe(true);
		expect(needsSmtpUtf8('a@\u4f8b\u3048.jp')).toBe(true);
	});

	it('containsEightBit', () => {
		expect(containsEightBit(Buffer.from('plain ASCII\r\n'))).toBe(false);
		expect(containsEightBit(new Uint8Array(0))).toBe(false);
		const big = Buffer.alloc(100_000, 0x61);
		expect(containsEightBit(big)).toBe(false);
		big[99_999] = 0x80;
		expect(containsEightBit(big)).toBe(true);
		expect(containsEightBit(big.subarray(0, 99_999))).toBe(false);
	});
});

describe('encodeCommand at the edges mutation testing found untested', () => {
	it('redacts a typed AUTH line with more than one blank before its secret', () => {
		expect(encodeCommand({verb: 'RAW', line: 'AUTH PLAIN  AGEAYg=='}).display).toBe('AUTH PLAIN  [redacted]');
		expect(encodeCommand({verb: 'RAW', line: 'auth\tplain\t\tAGEAYg=='}).display).toBe('auth\tplain\t\t[redacted]');
	});

	it('refuses DEL and the C1 controls (U+0080 to U+009F) in an address, and takes U+00A0 on', () => {
		for (const control of ['\u007f', '\u0080', '\u009f']) {
			expect(inputError(() => encodeCommand({verb: 'RCPT', to: `a${control}b@example.org`})).message).toMatch(/control character U\+00[789][0-9A-F]/);
		}
		expect(wire({verb: 'RCPT', to: 'a\u00a0b@example.org'}, extensionsWith({smtpUtf8: true}))).toBe('RCPT TO:<a\u00a0b@example.org>\r\n');
	});

	it('keeps an escaped quote inside a quoted local part from closing it', () => {
		expect(wire({verb: 'RCPT', to: '"a\\" b"@example.org'})).toBe('RCPT TO:<"a\\" b"@example.org>\r\n');
	});

	it('counts an address without @ (RCPT TO:<postmaster>) as a local part', () => {
		expect(wire({verb: 'RCPT', to: 'p'.repeat(64)})).toBe(`RCPT TO:<${'p'.repeat(64)}>\r\n`);
		expect(inputError(() => encodeCommand({verb: 'RCPT', to: 'p'.repeat(65)})).message).toMatch(/local part \(before the @\) is 65 octets/);
	});

	it("gives only a typed AUTH line AUTH's longer limit, and names a planned command's line in its refusal", () => {
		expect(inputError(() => encodeCommand({verb: 'RAW', line: `NOOP AUTH ${'x'.repeat(600)}`})).message).toMatch(/at most 512/);
		expect(inputError(() => encodeCommand({verb: 'VRFY', argument: 'x'.repeat(600)})).message).toMatch(/^The command line for VRFY argument would be 607 octets/);
	});

	it('takes a typed line of exactly the limit, 512 octets, or 12,288 for an AUTH line, as typed', () => {
		const noop = `NOOP ${'x'.repeat(505)}`;
		expect(asTyped(encodeCommand({verb: 'NOOP'}), noop).bytes).toHaveLength(512);
		const token = 'A'.repeat(12_286 - 'AUTH XOAUTH2 '.length);
		expect(asTyped(encodeCommand({verb: 'AUTH', mechanism: 'XOAUTH2', initialResponse: 'x'}), `AUTH XOAUTH2 ${token}`).bytes).toHaveLength(12_288);
		expect(asTyped(encodeCommand({verb: 'AUTH-RESPONSE', response: 'x'}), 'A'.repeat(12_286)).display).toBe('[redacted]');
	});

	it('hides a typed line marked secret (credentials typed behind a refused AUTH) that is not redacted already', () => {
		const typed = asTyped(encodeCommand({verb: 'RAW', line: 'dGltIHNlY3JldA=='}), 'dGltIHNlY3JldA==', true);
		expect([typed.display, typed.redacted, typed.bytes.toString()]).toEqual(['[redacted]', true, 'dGltIHNlY3JldA==\r\n']);
	});
});

describe('mailParameters SIZE', () => {
	it('takes 0 and refuses a size that is negative or not a whole number', () => {
		const sized = extensionsWith({size: 1000});
		expect(mailParameters({size: 0}, sized)).toEqual({SIZE: '0'});
		for (const size of [-1, 1.5, Number.NaN]) expect(inputError(() => mailParameters({size}, sized)).field).toBe('message size');
	});
});

describe('withoutSmtpUtf8', () => {
	it('says which part needs SMTPUTF8: an address without @ is all local part; a domain with no ASCII form is said so', () => {
		expect(withoutSmtpUtf8('jörg')).toBe('only "jörg", before the @, needs it: use an address that is ASCII there');
		expect(withoutSmtpUtf8('a@xn--ü')).toBe('its domain xn--ü is no valid domain name');
		expect(withoutSmtpUtf8('a@bücher.example')).toBe('only its domain is not ASCII, and that has an ASCII form: use a@xn--bcher-kva.example');
	});
});
