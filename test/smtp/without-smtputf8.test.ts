// Which part of a non-ASCII address needs SMTPUTF8 (RFC 6531): only what is before the @; a domain has an ASCII
// form (punycode) that any server takes, so a refusal says which part to change.
import {describe, expect, it} from 'vitest';
import {encodeCommand, withoutSmtpUtf8} from '../../source/smtp/commands.js';
import {emptyExtensions} from '../../source/smtp/extensions.js';
import {SmtpInputError} from '../../source/smtp/types.js';

describe('withoutSmtpUtf8', () => {
	it('names the part before the @, and lets a non-ASCII domain stay', () => {
		expect(withoutSmtpUtf8('jürgen@bücher.de')).toBe('only "jürgen", before the @, needs it: use an address that is ASCII there (the domain bücher.de may stay: it goes as punycode)');
		expect(withoutSmtpUtf8('jörg@example.test')).toBe('only "jörg", before the @, needs it: use an address that is ASCII there');
	});

	it('gives the punycode form of an address whose domain alone is not ASCII', () => {
		expect(withoutSmtpUtf8('taro@日本.jp')).toBe('only its domain is not ASCII, and that has an ASCII form: use taro@xn--wgv71a.jp');
	});

	it('ends the manual-mode refusal of a typed RCPT, quoting the address without escapes', () => {
		let error: unknown;
		try {
			encodeCommand({verb: 'RCPT', to: 'taro@日本.jp'}, {extensions: emptyExtensions()});
		} catch (thrown) {
			error = thrown;
		}
		expect(error).toBeInstanceOf(SmtpInputError);
		expect((error as Error).message).toBe('RCPT TO address "taro@日本.jp" has non-ASCII characters, but the server did not advertise SMTPUTF8: only its domain is not ASCII, and that has an ASCII form: use taro@xn--wgv71a.jp.');
	});
});
