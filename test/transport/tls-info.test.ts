// How a certificate is described in words: who issued it (or that it issued itself), and until when it is valid.
import {describe, expect, it} from 'vitest';
import {describeCertificate, issuerText, validityText} from '../../source/transport/tls-info.js';

describe('certificate descriptions', () => {
	const now = Date.parse('2026-12-02T12:00:00Z');

	it('says "expired" for a date gone by and "valid until" otherwise', () => {
		expect(validityText('Jan 1 00:00:00 2021 GMT', now)).toBe('expired Jan 1 00:00:00 2021 GMT');
		expect(validityText('Mar 6 04:23:03 2029 GMT', now)).toBe('valid until Mar 6 04:23:03 2029 GMT');
		// A date Node could not read is passed on as it is.
		expect(validityText('someday', now)).toBe('valid until someday');
	});

	it('calls a certificate that issued itself self-signed', () => {
		expect(issuerText({subject: 'CN=localhost', issuer: 'CN=localhost'})).toBe('self-signed');
		expect(issuerText({subject: 'CN=mail.example.test', issuer: 'CN=Example CA'})).toBe('issued by CN=Example CA');
		expect(describeCertificate({subject: 'CN=old.example.test', issuer: 'CN=Example CA', validTo: 'Jan 1 00:00:00 2021 GMT'}, now)).toBe(
			'certificate: CN=old.example.test, issued by CN=Example CA, expired Jan 1 00:00:00 2021 GMT',
		);
	});
});
