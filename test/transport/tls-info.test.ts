// How a certificate is described in words: who issued it (or that it issued itself), and until when it is valid.
import {describe, expect, it} from 'vitest';
import {trustAdvice, trustNext} from '../../source/ui/trust-advice.js';
import {daysLeft, expiryFields} from '../../source/transport/certificate-expiry.js';
import type {DetailedPeerCertificate} from 'node:tls';
import {chainExpiryText, describeCertificate, earliestInChain, issuerText, leafOnlyCode, listedHostName, missingIssuerText, shortVerifyReason, validityText, verifyHint, verifyReason} from '../../source/transport/tls-info.js';

describe('certificate descriptions', () => {
	const now = Date.parse('2026-12-02T12:00:00Z');

	it('says "expired" for a date gone by and "valid until" otherwise', () => {
		expect(validityText('Jan 1 00:00:00 2021 GMT', now)).toBe('expired 2021-01-01 00:00:00 UTC');
		expect(validityText('Mar 6 04:23:03 2029 GMT', now)).toBe('valid until 2029-03-06 04:23:03 UTC');
		// Year first, as the connection panel shows it (OpenSSL pads a one-digit day: no gap either).
		expect(validityText('Mar  9 12:48:19 2029 GMT', now)).toBe('valid until 2029-03-09 12:48:19 UTC');
		// A date Node could not read is passed on as it is.
		expect(validityText('someday', now)).toBe('valid until someday');
	});

	it('within 30 days of its end, says how many whole days are left (rounded down, as check_smtp counts them)', () => {
		expect(validityText('Dec 11 13:00:00 2026 GMT', now)).toBe('valid until 2026-12-11 13:00:00 UTC, 9 days left');
		expect(validityText('Dec 3 12:00:00 2026 GMT', now)).toBe('valid until 2026-12-03 12:00:00 UTC, 1 day left');
		expect(validityText('Dec 2 23:00:00 2026 GMT', now, {compact: true})).toBe('valid until 2026-12-02, less than a day left');
		expect(validityText('Dec 31 11:00:00 2026 GMT', now)).toBe('valid until 2026-12-31 11:00:00 UTC, 28 days left');
		// 30 whole days or more: renewal is not due yet (Let's Encrypt renews at 30 left), nothing to say.
		expect(validityText('Jan 1 12:00:00 2027 GMT', now)).toBe('valid until 2027-01-01 12:00:00 UTC');
		expect(validityText('Dec 2 11:00:00 2026 GMT', now)).toBe('expired 2026-12-02 11:00:00 UTC');
	});

	it('counts days as --json gives them: negative once expired, none for a date that does not parse', () => {
		expect(daysLeft('Dec 11 13:00:00 2026 GMT', now)).toBe(9);
		expect(daysLeft('Dec 2 11:00:00 2026 GMT', now)).toBe(-1);
		expect(daysLeft('someday', now)).toBeUndefined();
		expect(expiryFields('Dec 11 13:00:00 2026 GMT', now)).toEqual({validTo: '2026-12-11T13:00:00.000Z', daysLeft: 9});
		expect(expiryFields('someday', now)).toEqual({});
	});

	it('names a CA certificate of the chain that runs out first, and when', () => {
		expect(chainExpiryText({subject: 'CN=R3, O=Let\'s Encrypt', validTo: 'Dec 11 13:00:00 2026 GMT', root: false}, now)).toBe(
			'the intermediate CA "CN=R3, O=Let\'s Encrypt" expires 2026-12-11 13:00:00 UTC (9 days left), before the server\'s own certificate',
		);
		expect(chainExpiryText({subject: 'CN=Old Root', validTo: 'Mar 1 00:00:00 2027 GMT', root: true}, now)).toBe('the root CA "CN=Old Root" expires 2027-03-01 00:00:00 UTC, before the server\'s own certificate');
		expect(chainExpiryText({subject: 'CN=Old Root', validTo: 'Jan 1 00:00:00 2026 GMT', root: true}, now)).toBe('the root CA "CN=Old Root" expired 2026-01-01 00:00:00 UTC');
	});

	it('finds the chain\'s first CA certificate to expire, a day or more before the server\'s own', () => {
		const cert = (cn: string, validTo: string, issuer?: object) => ({subject: {CN: cn}, issuer: {CN: issuer ? 'x' : cn}, valid_to: validTo, fingerprint256: cn, ...(issuer && {issuerCertificate: issuer})}) as unknown as DetailedPeerCertificate;
		const root = cert('Root', 'Jan 1 00:00:00 2030 GMT');
		const intermediate = cert('Intermediate', 'Dec 11 13:00:00 2026 GMT', root);
		expect(earliestInChain(cert('leaf', 'Feb 1 00:00:00 2027 GMT', intermediate))).toEqual({subject: 'CN=Intermediate', validTo: 'Dec 11 13:00:00 2026 GMT', root: false});
		// An intermediate that ends hours before the leaf was made with it: no news.
		expect(earliestInChain(cert('leaf', 'Dec 11 20:00:00 2026 GMT', intermediate))).toBeUndefined();
		// A root that expires first is named as one (its issuer is itself).
		const oldRoot = cert('Old Root', 'Dec 20 00:00:00 2026 GMT');
		expect(earliestInChain(cert('leaf', 'Feb 1 00:00:00 2027 GMT', cert('Intermediate', 'Jan 1 00:00:00 2028 GMT', oldRoot)))).toEqual({subject: 'CN=Old Root', validTo: 'Dec 20 00:00:00 2026 GMT', root: true});
		expect(earliestInChain(cert('leaf', 'Feb 1 00:00:00 2027 GMT'))).toBeUndefined();
	});

	it('calls a certificate that issued itself self-signed', () => {
		expect(issuerText({subject: 'CN=localhost', issuer: 'CN=localhost'})).toBe('self-signed');
		expect(issuerText({subject: 'CN=mail.example.test', issuer: 'CN=Example CA'})).toBe('issued by CN=Example CA');
		expect(describeCertificate({subject: 'CN=old.example.test', issuer: 'CN=Example CA', validTo: 'Jan 1 00:00:00 2021 GMT'}, now)).toBe(
			'certificate: CN=old.example.test, issued by CN=Example CA, expired 2021-01-01 00:00:00 UTC',
		);
	});
});

describe('a certificate that came alone from an issuer nobody trusts', () => {
	it('says first that no trusted CA issued it, naming the issuer; then a private CA (--ca), then an incomplete chain', () => {
		const text = missingIssuerText('CN=Hosting CA');
		expect(text).toMatch(/^no CA smtp-tui trusts issued it \(its issuer is CN=Hosting CA\): /);
		// Servers never send a root: a small host's own CA is the likelier reading, so it comes before the chain.
		expect(text.indexOf('your own or a private CA, use --ca FILE')).toBeLessThan(text.indexOf("the server's chain is incomplete"));
		expect(text).not.toMatch(/^the server sent/);
	});

	it('names an issuer without a name as such', () => {
		expect(missingIssuerText('')).toMatch(/^no CA smtp-tui trusts issued it \(its issuer is unnamed\): if that issuer is your own/);
		expect(verifyHint(leafOnlyCode, undefined, {issuer: ''})).toMatch(/; or use --insecure to skip verification$/);
	});

	it('has a short reason for the check table, in its own words rather than OpenSSL\'s', () => {
		expect(shortVerifyReason(verifyReason(leafOnlyCode), 'CN=Hosting CA')).toBe('untrusted issuer CN=Hosting CA');
		expect(shortVerifyReason(verifyReason(leafOnlyCode))).toBe('untrusted issuer');
		// Reasons that already say what is wrong are kept.
		expect(shortVerifyReason('self-signed certificate', 'CN=localhost')).toBe('self-signed certificate');
	});
});

// serve --socket once handshook with smtp-server's built-in certificate, and the advice was `--host localhost`: which
// would leave the socket for TCP. A socket's path is no name a certificate lists.
describe('the name a hostile certificate lists', () => {
	type Peer = Parameters<typeof listedHostName>[0];
	it('is never offered to connect by when no host has it: an escape, a space, a wildcard; the next name that is one is', () => {
		// As Node gives a DNS name with a control character: quoted, escaped.
		const hostile = {subjectaltname: 'DNS:"a\\u001b[31m.example", DNS:*.example.org, DNS:mail.example.org'} as Peer;
		expect(listedHostName(hostile, 'mx.example.net')).toBe('mail.example.org');
		expect(listedHostName({subjectaltname: 'DNS:"a\\u001b[31m.example"'} as Peer, '127.0.0.1')).toBeUndefined();
		expect(listedHostName({subject: {CN: 'evil\u001b]0;pwned\u0007host'}} as unknown as Peer)).toBeUndefined();
		expect(listedHostName({subject: {CN: 'two words'}} as unknown as Peer)).toBeUndefined();
		expect(listedHostName({subject: {CN: 'localhost'}} as unknown as Peer)).toBe('localhost');
	});
});

describe('a certificate refused for its name over a Unix socket', () => {
	const NAME = 'ERR_TLS_CERT_ALTNAME_INVALID';
	it('says the socket has no host name to check, and offers --insecure, not --host', () => {
		const hint = verifyHint(NAME, undefined, {wrongName: {socket: true}});
		expect(hint).toBe('a Unix socket has no host name to check the certificate against, so verification fails there whatever the certificate lists: use --insecure to skip verification (TLS still encrypts)');
		expect(verifyHint(NAME, undefined, {wrongName: {listed: 'localhost'}})).toContain('--host localhost');
	});

	it('with another problem too (expired), says both, and no --host', () => {
		const hint = verifyHint('CERT_HAS_EXPIRED', undefined, {validTo: 'Feb  1 00:00:00 2025 GMT', wrongName: {socket: true}}, Date.parse('2026-01-01'));
		expect(hint).toContain('expired on 2025-02-01 00:00:00 UTC');
		expect(hint).toContain('also a Unix socket has no host name to check the certificate against');
		expect(hint).toMatch(/; or use --insecure to test anyway$/);
		expect(hint).not.toContain('--host');
	});

	it("in the dashboard's words: Verify: off, no Host to set", () => {
		for (const remedy of ['name', 'add-ca', 'missing-issuer'] as const) {
			expect(trustAdvice(remedy, false, {socket: true})).not.toContain('Host');
			expect(trustNext(remedy, {socket: true})).not.toMatch(/Host|host name(?! to check)/);
		}
		expect(trustAdvice('name', false, {socket: true})).toContain('a Unix socket has no host name to check the certificate against');
		expect(trustNext('name', {socket: true})).toContain('Verify: off');
	});
});


describe('the key to the connection panel in the certificate advice', () => {
	it('counted from the focus, the shorter way round: Shift+Tab from the composer, twice from the log, Tab from the inbox, none on the panel', async () => {
		const {keyToPanel} = await import('../../source/ui/keys/key-to-panel.js');
		const {focusOrder} = await import('../../source/ui/components/dashboard-state.js');
		const order = focusOrder('auto', true);
		expect(keyToPanel({focus: 'composer', order})).toBe('Shift+Tab');
		expect(keyToPanel({focus: 'log', order})).toBe('Shift+Tab twice');
		expect(keyToPanel({focus: 'inbox', order})).toBe('Tab');
		expect(keyToPanel({focus: 'connection', order})).toBeUndefined();
		expect(trustAdvice('add-ca', false, undefined, {focus: 'connection', order})).toBe("set CA file in the connection panel to your CA's certificate (PEM), or Verify: off to test anyway; then Ctrl+S");
		expect(trustAdvice('add-ca', false)).toContain('the connection panel (Shift+Tab to it)');
	});

	it('a server that greeted as an smtp-tui sandbox (a room\'s serve) has no CA: its certificate.pem is the file to set', () => {
		expect(trustAdvice('add-ca', true)).toContain('to the CA that issued it,');
		for (const caGiven of [false, true]) expect(trustAdvice('add-ca', caGiven, undefined, undefined, true)).toBe("set CA file in the connection panel (Shift+Tab to it) to this sandbox's certificate.pem (the file its serve names, or your copy), or Verify: off to test anyway; then Ctrl+S");
		expect(trustNext('add-ca', undefined, true)).toBe("next: the sandbox's certificate is not trusted yet: set the panel's CA file to its certificate.pem (the file its serve names) (or Verify: off)");
		// Fits the presenter's two rows at 80 columns.
		expect(trustNext('add-ca', undefined, true).length).toBeLessThanOrEqual(160);
	});
});
