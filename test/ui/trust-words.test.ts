// A refused certificate in the dashboard's log: "not trusted", as the panel and the footer say it, and send's flag
// advice left out where it only names what to set (the next line says it in the panel's words).
import {describe, expect, it} from 'vitest';
import {trustMessageParts} from '../../source/session/tls-failure.js';
import {ConnectError} from '../../source/transport/connect-error.js';
import {dashboardTrustWords} from '../../source/ui/trust-advice.js';

const refusal = (message: string, reason: string) => new ConnectError('tls', message, {code: 'X', certificate: {subject: 'CN=localhost', issuer: 'CN=localhost', validTo: 'Mar 10 13:51:10 2029 GMT', fingerprint256: 'AA:BB', reason}});
const worded = (message: string, reason: string) => {
	const parts = trustMessageParts(refusal(message, reason), message);
	return parts && dashboardTrustWords(parts);
};

describe("a refused certificate in the dashboard's log", () => {
	it("leaves send's --ca/--insecure advice out, and calls it not trusted; the certificate and fingerprint stay", () => {
		const message = 'certificate verification failed for 127.0.0.1: self-signed certificate (use --ca FILE to trust it, or --insecure to skip verification); certificate: CN=localhost, self-signed; SHA-256 AA:BB';
		expect(worded(message, 'self-signed certificate')).toBe('certificate not trusted for 127.0.0.1: self-signed certificate; certificate: CN=localhost, self-signed; SHA-256 AA:BB');
	});

	it('advice with parentheses of its own, a reason with a colon, an IPv6 host: cut where the parentheses balance', () => {
		const reason = 'the certificate is not valid for ::1 (it names DNS:mail.example.test)';
		const message = `certificate verification failed for ::1: ${reason} (connect by a name the certificate lists (e.g. --host mail.example.test), or use --insecure to skip verification); certificate: CN=mail.example.test; SHA-256 AA:BB`;
		expect(worded(message, reason)).toBe(`certificate not trusted for ::1: ${reason}; certificate: CN=mail.example.test; SHA-256 AA:BB`);
	});

	it('keeps what the advice tells beyond flags (whose CA the chain ends at), in the panel\'s words; "or Verify: off" is the next line\'s', () => {
		const reason = 'unable to get local issuer certificate';
		const message = `certificate verification failed for h.test: ${reason} (the chain the server sent ends at "CN=Mid", issued by "CN=Root", a CA smtp-tui does not trust: if "CN=Root" is your own or a private CA, use --ca FILE with its certificate; or use --insecure to skip verification); certificate: CN=h.test; SHA-256 AA:BB`;
		expect(worded(message, reason)).toBe(
			`certificate not trusted for h.test: ${reason} (the chain the server sent ends at "CN=Mid", issued by "CN=Root", a CA smtp-tui does not trust: if "CN=Root" is your own or a private CA, set CA file (connection panel) to its certificate); certificate: CN=h.test; SHA-256 AA:BB`,
		);
	});

	it('any other error, or words not in that form (an old recording), are not taken apart', () => {
		const handshake = 'TLS handshake with 127.0.0.1:25 failed: the server closed the connection';
		expect(trustMessageParts(new ConnectError('tls', handshake), handshake)).toBeUndefined();
		expect(worded('certificate refused: self-signed certificate', 'self-signed certificate')).toBeUndefined();
		expect(worded('certificate verification failed for h: r (use --ca FILE', 'r')).toBeUndefined();
	});
});
