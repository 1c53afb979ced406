// `serve`'s text log: client text is quoted and escaped in one style, the `\x1b` one the README names, never
// JSON's `\u001b` beside it.
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {describeEvent, ServeOutput} from '../../source/headless/serve-output.js';
import type {SandboxEvent} from '../../source/sandbox/events.js';
import {serveLogLines} from '../helpers/serve-log.js';

/** The text log line for one event, without its clock. */
const logLine = (event: SandboxEvent): string => `${serveLogLines([event]).join('\n')}\n`;

/** What `serve --json` writes for these events. */
function jsonLog(events: SandboxEvent[]): string {
	let out = '';
	const stdout = new PassThrough();
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	const output = new ServeOutput({stdout, stderr: new PassThrough(), stdin: process.stdin, env: {}}, true);
	for (const event of events) output.event(event);
	output.flush();
	return out;
}

const accepted = (subject: string): SandboxEvent => ({type: 'accepted', session: 1, time: Date.now(), remote: '127.0.0.1:1', id: 7, size: 120, subject, from: 'a@x.test', to: ['b@x.test']});

describe('serve log: a subject from the client', () => {
	it('escapes control, C1 and bidi characters in the \\x1b style, as the rest of the line', () => {
		const line = logLine(accepted('\u001b[2J\u001b[31mRED \u202egnp.exe \u009b0m\ttab'));
		expect(line).toBe('#1 accepted message 7 (120 bytes) "\\x1b[2J\\x1b[31mRED \\u202egnp.exe \\x9b0m\\x09tab"\n');
		expect(line).not.toContain('\\u001b');
		expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
	});

	it('escapes its quotes and backslashes, so the closing quote is the real one', () => {
		expect(describeEvent(accepted('say "hi" \\ bye'))).toBe('accepted message 7 (120 bytes) "say \\"hi\\" \\\\ bye"');
		expect(describeEvent(accepted(''))).toBe('accepted message 7 (120 bytes)');
	});

	it('shows MAIL and RCPT parameters as the client sent them: values xtext-encoded again (smtp-server hands them decoded)', () => {
		expect(describeEvent({session: 1, time: 0, remote: '127.0.0.1', type: 'envelope', stage: 'mail', address: 'me@x.test', params: {SIZE: '12', RET: 'HDRS', ENVID: 'run 42+=', REQUIRETLS: true}})).toBe('MAIL FROM:<me@x.test> SIZE=12 RET=HDRS ENVID=run+2042+2B+3D REQUIRETLS');
		expect(describeEvent({session: 1, time: 0, remote: '127.0.0.1', type: 'envelope', stage: 'rcpt', address: 'a+b@x.test', params: {NOTIFY: 'SUCCESS,DELAY', ORCPT: 'rfc822;a+b@x.test'}})).toBe('RCPT TO:<a+b@x.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;a+2Bb@x.test');
	});

	it('names a refused login by its user name, quoted, cut at 200 characters as a refused MAIL line is', () => {
		const refused = (user: string): SandboxEvent => ({type: 'refused', session: 1, time: 0, remote: '127.0.0.1:1', stage: 'auth', code: 535, text: '5.7.8 Authentication credentials invalid', login: {user, method: 'LOGIN'}});
		expect(describeEvent(refused('bob@x.test'))).toBe('refused AUTH LOGIN as "bob@x.test": 535 5.7.8 Authentication credentials invalid');
		expect(describeEvent(refused(''))).toBe('refused AUTH LOGIN with an empty user name: 535 5.7.8 Authentication credentials invalid');
		expect(describeEvent(refused('x'.repeat(5000)))).toBe(`refused AUTH LOGIN as "${'x'.repeat(200)}"… (5000 characters): 535 5.7.8 Authentication credentials invalid`);
	});
});

describe('serve log: a failed implicit-TLS handshake', () => {
	const failed = (code: string, received = 200): SandboxEvent => ({type: 'tls-failed', session: 0, time: Date.now(), remote: '127.0.0.1', message: 'Failed to establish TLS session', code, received});

	it('names a client that rejects the certificate (its alert is only in the code), not "did not speak TLS"', () => {
		// Python's ssl module and other OpenSSL clients send the alert; smtp-server's message stays generic.
		const line = describeEvent(failed('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'));
		expect(line).toBe('TLS handshake with 127.0.0.1 failed: the client rejected the certificate: it does not trust the CA that issued it (give the client certificate.pem as its CA file) (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA)');
		expect(describeEvent(failed('ERR_SSL_WRONG_VERSION_NUMBER'))).toContain('the client spoke plain text on the TLS port');
	});

	it('gives both causes for an alert that does not tell an untrusted CA from a name the certificate does not cover', () => {
		const both = 'the client rejected the certificate: either it does not trust the CA that issued it (give the client certificate.pem as its CA file), or it connected by a name or address the certificate does not cover (--hostname NAME adds one)';
		expect(describeEvent(failed('ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN'))).toBe(`TLS handshake with 127.0.0.1 failed: ${both} (ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN)`);
		// Node's own words, without the code.
		const words: SandboxEvent = {type: 'tls-failed', session: 0, time: Date.now(), remote: '127.0.0.1', message: 'sslv3 alert bad certificate', received: 200};
		expect(describeEvent(words)).toBe(`TLS handshake with 127.0.0.1 failed: ${both}`);
	});

	it('gives --json the same reason beside the raw message', () => {
		expect(JSON.parse(jsonLog([failed('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')]))).toMatchObject({type: 'tls-failed', code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', reason: expect.stringMatching(/^the client rejected the certificate/)});
	});
});

describe('serve log: a failed handshake after STARTTLS', () => {
	const error = (code: string, message: string): SandboxEvent => ({type: 'error', session: 3, time: Date.now(), remote: '127.0.0.1:4', message, code});

	it('says why in words, not OpenSSL\'s raw line', () => {
		expect(describeEvent(error('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'Failed to establish TLS session'))).toBe(
			'STARTTLS handshake failed: the client rejected the certificate: it does not trust the CA that issued it (give the client certificate.pem as its CA file) (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA)',
		);
		const raw = '808CCE904D7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';
		expect(describeEvent(error('ERR_SSL_WRONG_VERSION_NUMBER', raw))).toBe('STARTTLS handshake failed: the client sent plain text instead of starting TLS (ERR_SSL_WRONG_VERSION_NUMBER)');
		// Any other error is said as it is.
		expect(describeEvent(error('ENOSPC', 'no space left on device'))).toBe('error: no space left on device (ENOSPC)');
	});
});

describe('serve log: a client that leaves in the middle of a message', () => {
	it('says the message was not kept', () => {
		expect(describeEvent({type: 'disconnect', duringData: true, session: 2, time: Date.now(), remote: '127.0.0.1:5'})).toBe('disconnect in the middle of a message: it was not kept');
	});
});

describe('serve --json: the time of each event', () => {
	it('is the ISO 8601 form of its millisecond, within a second, across seconds, days and years', () => {
		const start = Date.UTC(2026, 11, 31, 23, 59, 58, 998);
		// The same second again after another, a millisecond's step over a second, a minute, a day and a year.
		const times = [start, start + 1, start + 2, start + 3, start + 1001, start + 1002, start + 1, start + 2003, 0, 9, 1_000_000_000_123];
		const log = jsonLog(times.map(time => ({type: 'disconnect', session: 1, time, remote: '127.0.0.1:1'})));
		const lines = log.trimEnd().split('\n').map(line => JSON.parse(line) as {time: string});
		expect(lines.map(line => line.time)).toEqual(times.map(time => new Date(time).toISOString()));
		expect(lines[5]!.time).toBe('2027-01-01T00:00:00.000Z');
	});
});
