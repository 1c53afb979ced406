// A refused certificate in the dashboard's words: send's flag advice left out, "not trusted" for the problem.
import {describe, expect, it} from 'vitest';
import {unadvisedTrustText} from '../../source/session/tls-failure.js';
import {ConnectError} from '../../source/transport/connect-error.js';

const refusal = (message: string, reason: string) => new ConnectError('tls', message, {code: 'X', certificate: {subject: 'CN=localhost', issuer: 'CN=localhost', validTo: 'Mar 10 13:51:10 2029 GMT', fingerprint256: 'AA:BB', reason}});

describe('unadvisedTrustText', () => {
	it("leaves send's --ca/--insecure advice out, and calls it not trusted; the certificate and fingerprint stay", () => {
		const message = 'certificate verification failed for 127.0.0.1: self-signed certificate (use --ca FILE to trust it, or --insecure to skip verification); certificate: CN=localhost, self-signed; SHA-256 AA:BB';
		expect(unadvisedTrustText(refusal(message, 'self-signed certificate'), message)).toBe('certificate not trusted for 127.0.0.1: self-signed certificate; certificate: CN=localhost, self-signed; SHA-256 AA:BB');
	});

	it('advice with parentheses of its own, a reason with a colon, an IPv6 host: cut where the parentheses balance', () => {
		const reason = 'the certificate is not valid for ::1 (it names DNS:mail.example.test)';
		const message = `certificate verification failed for ::1: ${reason} (connect by a name the certificate lists (e.g. --host mail.example.test), or use --insecure to skip verification); certificate: CN=mail.example.test; SHA-256 AA:BB`;
		expect(unadvisedTrustText(refusal(message, reason), message)).toBe(`certificate not trusted for ::1: ${reason}; certificate: CN=mail.example.test; SHA-256 AA:BB`);
	});

	it('any other error, or words not in that form (an old recording), as they are', () => {
		const handshake = 'TLS handshake with 127.0.0.1:25 failed: the server closed the connection';
		expect(unadvisedTrustText(new ConnectError('tls', handshake), handshake)).toBe(handshake);
		const odd = 'certificate refused: self-signed certificate';
		expect(unadvisedTrustText(refusal(odd, 'self-signed certificate'), odd)).toBe(odd);
		const unbalanced = 'certificate verification failed for h: r (use --ca FILE';
		expect(unadvisedTrustText(refusal(unbalanced, 'r'), unbalanced)).toBe(unbalanced);
	});
});
