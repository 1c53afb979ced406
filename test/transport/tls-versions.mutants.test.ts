// Cases found by mutation testing of tls-versions.ts and version-refusal.ts: the words and Node options of each
// --tls-min/--tls-max range, pinned by the function (the CLI tests meet a few ranges only).
import {describe, expect, test} from 'vitest';
import {allowedOnly, allowsOldTls, allowsOnlyOldTls, narrowedByUser, narrowingFlags, NO_COMMON_VERSION_CODES, noCommonVersion, rangeFlags, rangeWords, versionOptions, versionsListed, widenings} from '../../source/transport/tls-versions.js';
import {versionRefusal} from '../../source/transport/version-refusal.js';
import {attemptTimeout} from '../../source/transport/connect-attempts.js';

describe('a range of TLS versions', () => {
	test('in words: a bound left out is 1.2 or 1.3, but a --tls-max below 1.2 alone is its own minimum', () => {
		expect(rangeWords(undefined)).toBe('TLS 1.2 to 1.3');
		expect(rangeWords({})).toBe('TLS 1.2 to 1.3');
		expect(rangeWords({min: '1.3'})).toBe('TLS 1.3 only');
		expect(rangeWords({max: '1.2'})).toBe('TLS 1.2 only');
		expect(rangeWords({max: '1.3'})).toBe('TLS 1.2 to 1.3');
		expect(rangeWords({max: '1.1'})).toBe('TLS 1.1 only');
		expect(rangeWords({min: '1.0', max: '1.1'})).toBe('TLS 1.0 to 1.1');
		expect(rangeWords({min: '1.0'})).toBe('TLS 1.0 to 1.3');
	});

	test('old TLS allowed, and old TLS only', () => {
		expect([undefined, {}, {min: '1.2'}, {max: '1.2'}, {min: '1.3'}].map(range => allowsOldTls(range as never))).toEqual([false, false, false, false, false]);
		expect(allowsOldTls({min: '1.1'})).toBe(true);
		expect(allowsOldTls({max: '1.0'})).toBe(true);
		expect(allowsOnlyOldTls({min: '1.0'})).toBe(false);
		expect(allowsOnlyOldTls({max: '1.2'})).toBe(false);
		expect(allowsOnlyOldTls({max: '1.1'})).toBe(true);
	});

	test("Node's options: only what was asked, the minimum of an old range, and the security level lowered only for old TLS", () => {
		expect(versionOptions(undefined)).toEqual({});
		expect(versionOptions({})).toEqual({});
		// Strictly: a bound not asked for is no key at all, not one set to undefined.
		expect(versionOptions({min: '1.3'})).toStrictEqual({minVersion: 'TLSv1.3'});
		expect(versionOptions({max: '1.2'})).toStrictEqual({maxVersion: 'TLSv1.2'});
		expect(versionOptions({max: '1.1'})).toEqual({minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0'});
		expect(versionOptions({min: '1.0'})).toEqual({minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0'});
	});

	test("OpenSSL's codes for no version in common", () => {
		expect([...NO_COMMON_VERSION_CODES].sort()).toEqual(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_UNSUPPORTED_PROTOCOL']);
	});

	test('the flags as typed, and the ones that left versions out', () => {
		expect(rangeFlags(undefined)).toBe('');
		expect(rangeFlags({min: '1.0', max: '1.0'})).toBe('--tls-min 1.0 --tls-max 1.0');
		expect(rangeFlags({max: '1.2'})).toBe('--tls-max 1.2');
		expect(narrowingFlags(undefined)).toEqual([]);
		expect(narrowingFlags({min: '1.2', max: '1.3'})).toEqual([]);
		expect(narrowingFlags({min: '1.0'})).toEqual([]);
		expect(narrowingFlags({min: '1.3'})).toEqual(['--tls-min']);
		expect(narrowingFlags({max: '1.2'})).toEqual(['--tls-max']);
		expect(narrowedByUser({min: '1.2'})).toBe(false);
		expect(narrowedByUser({max: '1.1'})).toBe(true);
	});

	test('what the user allowed, and which way to move each flag', () => {
		expect(allowedOnly({min: '1.3'})).toBe('you allowed only TLS 1.3 (--tls-min 1.3)');
		expect(allowedOnly({min: '1.0', max: '1.1'})).toBe('you allowed only TLS 1.0 to 1.1 (--tls-min 1.0 --tls-max 1.1)');
		expect(widenings({min: '1.3'})).toBe('lower --tls-min (or leave it out)');
		expect(widenings({max: '1.2'})).toBe('raise --tls-max (or leave it out)');
		expect(versionsListed({min: '1.3'})).toBe('TLS 1.3');
		expect(versionsListed({max: '1.1', min: '1.0'})).toBe('TLS 1.0 or 1.1');
		expect(versionsListed({min: '1.0'})).toBe('TLS 1.0, 1.1, 1.2 or 1.3');
	});

	test('no version in common: the flags to change when they narrowed it, else the way to older versions', () => {
		expect(noCommonVersion(undefined)).toBe('no TLS version in common: smtp-tui allowed TLS 1.2 to 1.3, and the server speaks none of them; if it speaks only TLS 1.0 or 1.1, --tls-min 1.0 allows them (insecure)');
		expect(noCommonVersion({min: '1.1'})).toBe('no TLS version in common: smtp-tui allowed TLS 1.1 to 1.3, and the server speaks none of them; if it speaks only an older one, lower --tls-min (1.0 at the lowest; below 1.2 is insecure)');
		expect(noCommonVersion({min: '1.0'})).toBe('no TLS version in common: smtp-tui allowed TLS 1.0 to 1.3, and the server speaks none of them');
		expect(noCommonVersion({max: '1.2'})).toBe(
			'no TLS version in common: the server offers none of TLS 1.2; you allowed only TLS 1.2 (--tls-max 1.2): raise --tls-max (or leave it out); if it speaks only TLS 1.0 or 1.1, --tls-min 1.0 allows them (insecure)',
		);
		expect(noCommonVersion({min: '1.3'})).toBe('no TLS version in common: the server offers none of TLS 1.3; you allowed only TLS 1.3 (--tls-min 1.3): lower --tls-min (or leave it out)');
	});
});

describe('a refused handshake blamed on the versions asked for', () => {
	const alert = (number: number, serverCertificateSeen = false) => ({alert: {number, description: number === 40 ? 'handshake failure' : 'internal error'}, serverCertificateSeen});
	const closed = (clientCertificateOffered = false) => ({closed: true as const, clientCertificateOffered});

	test('not when the flags left nothing out', () => {
		expect(versionRefusal(undefined, alert(40))).toBeUndefined();
		expect(versionRefusal({min: '1.0'}, closed())).toBeUndefined();
	});

	test('old TLS only: any alert or close', () => {
		expect(versionRefusal({max: '1.1'}, alert(80, true))).toBe(
			'you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server refused the handshake (TLS alert 80: internal error): most servers now refuse TLS 1.0 and 1.1, or the weak signatures (SHA-1, MD5) they need; raise --tls-max (or leave it out)',
		);
		expect(versionRefusal({max: '1.0'}, closed(true))).toContain('which is most likely why the server closed the connection during the handshake: most servers now refuse');
	});

	test('newer versions only: a handshake failure before the certificate, or a close without a client certificate', () => {
		expect(versionRefusal({min: '1.3'}, alert(40))).toBe(
			'you allowed only TLS 1.3 (--tls-min 1.3), which is most likely why the server refused the handshake (TLS alert 40: handshake failure): a server that offers none of TLS 1.3 may answer so; lower --tls-min (or leave it out)',
		);
		expect(versionRefusal({min: '1.3'}, closed())).toContain('closed the connection during the handshake: a server that offers none of TLS 1.3 may answer so');
		expect(versionRefusal({min: '1.3'}, alert(40, true))).toBeUndefined();
		expect(versionRefusal({min: '1.3'}, alert(80))).toBeUndefined();
		expect(versionRefusal({min: '1.3'}, closed(true))).toBeUndefined();
	});
});

describe("each address's connect attempt", () => {
	test("a third of the connect's limit, between Node's 250 ms and RFC 8305's 2 s, rounded", () => {
		expect(attemptTimeout(30_000)).toBe(2000);
		expect(attemptTimeout(6000)).toBe(2000);
		expect(attemptTimeout(3000)).toBe(1000);
		expect(attemptTimeout(1000)).toBe(333);
		expect(attemptTimeout(750)).toBe(250);
		expect(attemptTimeout(300)).toBe(250);
	});
});
