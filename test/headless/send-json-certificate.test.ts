// `send --json`: the result line carries the server's certificate whenever a TLS handshake showed one (verified,
// refused with exit 29, or not checked with --insecure), with its dates in ISO 8601, so that a script watching
// certificate expiry reads it with `jq .certificate.validTo`. No TLS, no `certificate` key. In-process, against real
// SMTP servers on loopback that offer STARTTLS with the test certificates.
import {X509Certificate} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {certificateOf} from '../../source/headless/send-result.js';
import type {TlsInfo} from '../../source/session/types.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-json-certificate-'));
let certs: TestCerts;
/** Serves the test CA's server certificate. */
let signed: TestSmtpServer;
/** Serves a self-signed certificate, which no CA vouches for. */
let selfSigned: TestSmtpServer;
let ca: string;
beforeAll(async () => {
	certs = await testCerts();
	signed = await startSmtpServer();
	selfSigned = await startSmtpServer({key: certs.selfSigned.key, cert: certs.selfSigned.cert});
	ca = path.join(dir, 'ca.pem');
	writeFileSync(ca, certs.ca);
});
afterAll(async () => {
	await signed.close();
	await selfSigned.close();
	rmSync(dir, {recursive: true, force: true});
});

const send = (server: TestSmtpServer, flags: Record<string, unknown>) =>
	runInProcess(runSend, {host: 'localhost', port: String(server.port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', json: true, ...flags});

/** The last line of --json output: the result object. */
function resultLine(out: string): Record<string, unknown> {
	const last = out.trimEnd().split('\n').at(-1)!;
	const result = JSON.parse(last) as Record<string, unknown>;
	expect(result.type, out).toBe('result');
	return result;
}

const daysUntil = (date: string) => Math.floor((Date.parse(date) - Date.now()) / 86_400_000);

/** What the result should say of a certificate (PEM), read with Node's own X509 parser. */
function expected(pem: string) {
	const x509 = new X509Certificate(pem);
	return {
		subject: x509.subject,
		issuer: x509.issuer,
		validFrom: new Date(x509.validFrom).toISOString(),
		validTo: new Date(x509.validTo).toISOString(),
		// Whole days, rounded down, at the handshake: a test that runs across midnight of that count sees either.
		daysLeft: expect.toBeOneOf([daysUntil(x509.validTo), daysUntil(x509.validTo) - 1]),
		fingerprint256: x509.fingerprint256,
	};
}

describe('send --json: the certificate in the result line', () => {
	it('STARTTLS verified with --ca: subject, issuer, ISO dates, fingerprint, verified true, protocol and cipher', async () => {
		const {code, out} = await send(signed, {ca, quitAfter: 'tls'});
		expect(code, out).toBe(0);
		const {certificate} = resultLine(out) as {certificate: Record<string, unknown>};
		expect(certificate).toEqual({
			...expected(certs.server.cert),
			verified: true,
			protocol: expect.stringMatching(/^TLSv1\.[23]$/),
			cipher: expect.any(String),
		});
		expect(certificate.issuer).toBe('CN=smtp-tui test CA');
		expect(certificate).not.toHaveProperty('reason');
		expect(certificate.validTo).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(resultLine(out)).not.toHaveProperty('insecure');
	});

	it('a whole message sent over verified STARTTLS has it too', async () => {
		const {code, out} = await send(signed, {ca, subject: 'Hi', body: 'Hello.'});
		expect(code, out).toBe(0);
		expect(resultLine(out)).toMatchObject({ok: true, certificate: {...expected(certs.server.cert), verified: true}});
	});

	it('a refused self-signed certificate (no --ca, exit 29) is still there, verified false with the reason', async () => {
		const {code, out} = await send(selfSigned, {quitAfter: 'tls'});
		expect(code, out).toBe(29);
		const result = resultLine(out) as {stage: string; certificate: Record<string, unknown>};
		expect(result.stage).toBe('tls');
		expect(result.certificate).toMatchObject({...expected(certs.selfSigned.cert), issuer: 'CN=localhost', verified: false, reason: 'self-signed certificate'});
		// The handshake was refused: no session, so no protocol or cipher to give.
		expect(result.certificate).not.toHaveProperty('protocol');
		expect(result.certificate).not.toHaveProperty('cipher');
	});

	it('--insecure with a self-signed certificate: verified false with the reason, and the session goes on', async () => {
		const before = selfSigned.messages.length;
		const {code, out} = await send(selfSigned, {insecure: true, subject: 'Hi', body: 'Hello.'});
		expect(code, out).toBe(0);
		const result = resultLine(out);
		expect(result).toMatchObject({
			ok: true,
			insecure: true,
			certificate: {...expected(certs.selfSigned.cert), verified: false, reason: 'self-signed certificate', protocol: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String)},
		});
		expect(selfSigned.messages.length).toBe(before + 1);
	});

	it('no TLS (--no-starttls): no certificate key, where the same server with STARTTLS gives one', async () => {
		const plain = await send(signed, {starttls: false, quitAfter: 'ehlo'});
		expect(plain.code, plain.out).toBe(0);
		expect(plain.out).not.toMatch(/TLS started/);
		expect(resultLine(plain.out)).not.toHaveProperty('certificate');
		const secured = await send(signed, {ca, quitAfter: 'ehlo'});
		expect(secured.code, secured.out).toBe(0);
		expect(resultLine(secured.out)).toHaveProperty('certificate.verified', true);
	});

	it('the json transcript file ends with the same result object, certificate included', async () => {
		const file = path.join(dir, 'transcript.jsonl');
		const {code, out} = await send(signed, {ca, quitAfter: 'tls', transcript: file, transcriptFormat: 'json'});
		expect(code, out).toBe(0);
		const {readFileSync} = await import('node:fs');
		const last = JSON.parse(readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
		expect(last).toMatchObject({type: 'result', certificate: {fingerprint256: expected(certs.server.cert).fingerprint256, verified: true}});
	});
});

describe('certificateOf', () => {
	const info: TlsInfo = {
		protocol: 'TLSv1.3',
		cipher: 'TLS_AES_256_GCM_SHA384',
		subject: 'CN=mx.example.test',
		issuer: 'CN=Example CA',
		validFrom: 'Mar  6 04:23:03 2026 GMT',
		validTo: 'Mar 6 04:23:03 2029 GMT',
		fingerprint256: 'AB:CD',
		authorized: true,
		insecure: false,
	};

	const now = Date.parse('2029-02-24T12:00:00Z');

	it('turns OpenSSL dates into ISO 8601, with the whole days left', () => {
		expect(certificateOf({tls: info}, now)).toEqual({
			subject: 'CN=mx.example.test',
			issuer: 'CN=Example CA',
			validFrom: '2026-03-06T04:23:03.000Z',
			validTo: '2029-03-06T04:23:03.000Z',
			daysLeft: 9,
			fingerprint256: 'AB:CD',
			verified: true,
			protocol: 'TLSv1.3',
			cipher: 'TLS_AES_256_GCM_SHA384',
		});
	});

	it('is undefined without TLS, or when the handshake got no certificate', () => {
		expect(certificateOf({})).toBeUndefined();
		expect(certificateOf({tls: {...info, subject: '', issuer: '', validFrom: '', validTo: '', fingerprint256: ''}})).toBeUndefined();
	});

	it('names a reason for an unverified certificate, the transcript one when Node gave none', () => {
		expect(certificateOf({tls: {...info, authorized: false, insecure: true, authorizationError: 'certificate has expired'}})).toMatchObject({verified: false, reason: 'certificate has expired'});
		expect(certificateOf({tls: {...info, authorized: false, insecure: true}})).toMatchObject({verified: false, reason: 'not trusted'});
	});

	it('a refused certificate: what it said of itself, no protocol or cipher', () => {
		const refused = {subject: 'CN=a', issuer: 'CN=a', validTo: 'Dec 2 18:40:00 2027 GMT', fingerprint256: '01:02', reason: 'self-signed certificate'};
		expect(certificateOf({refusedCertificate: refused}, now)).toEqual({subject: 'CN=a', issuer: 'CN=a', validTo: '2027-12-02T18:40:00.000Z', daysLeft: -450, fingerprint256: '01:02', verified: false, reason: 'self-signed certificate'});
	});

	it('a chain whose CA certificate expires first: named, with its own days left', () => {
		const chainExpiry = {subject: 'CN=R3', validTo: 'Mar 1 00:00:00 2029 GMT', root: false};
		expect(certificateOf({tls: {...info, chainExpiry}}, now)).toMatchObject({daysLeft: 9, chainExpiry: {subject: 'CN=R3', validTo: '2029-03-01T00:00:00.000Z', daysLeft: 4, root: false}});
		expect(certificateOf({tls: info}, now)).not.toHaveProperty('chainExpiry');
	});

	it('leaves out a date that does not parse rather than mixing formats', () => {
		expect(certificateOf({tls: {...info, validFrom: 'garbage'}})).not.toHaveProperty('validFrom');
	});
});
