// `send --cert FILE --key FILE`: a client certificate offered to a server that asks for one (Postfix's
// permit_tls_clientcerts, an Exchange connector). Against real smtp-servers on loopback that demand a certificate
// from a test CA, over STARTTLS and implicit TLS; the files are checked before connecting, each mistake said with
// what to do.
import {createPrivateKey} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {clientCerts, testCerts, type ClientCerts} from '../helpers/certs.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startCertificateServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {rejection} from '../helpers/usage-refusal.js';
import {tlsGreeter} from '../transport/probe-servers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-client-cert-'));
let certs: ClientCerts;
/** STARTTLS, demanding a certificate from the client CA. */
let starttls: TestSmtpServer & {seen: string[]};
/** Implicit TLS, demanding one too. */
let implicit: TestSmtpServer & {seen: string[]};
/** A plain TLS listener demanding a certificate from the client CA: Node drops a refused one without an alert. */
let dropping: TestSmtpServer;
/** Answers the ClientHello with one fatal alert, as an OpenSSL server that refuses the certificate does (its number per test). */
let alerting: TestSmtpServer;
let alert = 48;
const cleanups: Array<() => unknown> = [];
let ca: string;
const file = (name: string, text: string) => {
	const target = path.join(dir, name);
	writeFileSync(target, text);
	return target;
};

beforeAll(async () => {
	certs = await clientCerts();
	starttls = await startCertificateServer(certs.ca);
	implicit = await startCertificateServer(certs.ca, {secure: true});
	const server = await testCerts();
	ca = file('ca.pem', server.ca);
	const port = await tlsGreeter(cleanup => cleanups.push(cleanup), {...server.server, requestCert: true, rejectUnauthorized: true, ca: [certs.ca]});
	dropping = {port, messages: [], close: async () => {}};
	const alerter = net.createServer(socket => {
		socket.on('error', () => {});
		// A TLS record: type 21 (alert), TLS 1.2, two bytes: fatal (2), the alert's number.
		socket.once('data', () => socket.end(Buffer.from([21, 3, 3, 0, 2, 2, alert])));
	});
	await new Promise<void>(resolve => alerter.listen(0, '127.0.0.1', resolve));
	cleanups.push(() => new Promise(resolve => alerter.close(resolve)));
	alerting = {port: (alerter.address() as net.AddressInfo).port, messages: [], close: async () => {}};
});
afterAll(async () => {
	for (const cleanup of cleanups) await cleanup();
	await starttls.close();
	await implicit.close();
	rmSync(dir, {recursive: true, force: true});
});

const send = (server: TestSmtpServer, flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
	runInProcess(runSend, {host: 'localhost', port: String(server.port), ca, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags}, [], {env});

const resultOf = (out: string) => JSON.parse(out.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;

describe('send --cert/--key against a server that demands a client certificate', () => {
	it('STARTTLS: the certificate is offered, the server sees it, the message goes; the transcript says so first', async () => {
		const before = starttls.messages.length;
		const {code, out} = await send(starttls, {cert: file('client.pem', certs.client.cert), key: file('client-key.pem', certs.client.key)});
		expect(code, out).toBe(0);
		expect(starttls.messages.length).toBe(before + 1);
		expect(starttls.seen.at(-1)).toBe('relay-client');
		const offered = out.search(/=== client certificate offered if the server asks for one: CN=relay-client \(expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
		expect(offered, out).toBeGreaterThan(-1);
		expect(offered).toBeLessThan(out.indexOf('connected to'));
		// The key is read, never shown.
		expect(out).not.toContain('PRIVATE KEY');
	});

	it('implicit TLS, with the key inside the --cert file: no --key needed; --json gives the certificate offered', async () => {
		const {code, out} = await send(implicit, {tls: true, cert: file('both.pem', `${certs.client.cert}\n${certs.client.key}`), json: true, quitAfter: 'ehlo'});
		expect(code, out).toBe(0);
		expect(implicit.seen.at(-1)).toBe('relay-client');
		expect(resultOf(out)).toMatchObject({ok: true, clientCertificate: {subject: 'CN=relay-client', validTo: expect.stringMatching(/^\d{4}-/), expired: false}});
	});

	it('no --cert: the failure says the server demands one and how to give it (exit 29)', async () => {
		const {code, out} = await send(starttls, {quitAfter: 'ehlo'});
		expect(code, out).toBe(29);
		expect(out).toMatch(/the server demands a client certificate \(TLS alert \d+: [^)]+\); none was offered: give one with --cert FILE \(and --key FILE, unless the key is in that file\)/);
	});

	it('refused by an alert: said to be the client certificate, and what to do (exit 29)', async () => {
		const flags = {tls: true, cert: file('stranger.pem', certs.otherCa.cert), key: file('stranger-key.pem', certs.otherCa.key), quitAfter: 'ehlo'};
		alert = 48;
		const unknown = await send(alerting, flags);
		expect(unknown.code, unknown.out).toBe(29);
		expect(unknown.out).toContain('the server refused the client certificate (TLS alert 48: unknown ca): it does not trust the CA that issued it: use a certificate from a CA the server trusts');
		alert = 45;
		const expired = await send(alerting, flags);
		expect(expired.out).toContain('the server refused the client certificate (TLS alert 45: certificate expired): the certificate has expired (or is not valid yet): renew it');
		alert = 42;
		expect((await send(alerting, flags)).out).toContain('the server refused the client certificate (TLS alert 42: bad certificate): it found the certificate bad');
	});

	it('dropped without an alert right after the handshake (TLS 1.3), STARTTLS or implicit: the certificate is named as the likely cause', async () => {
		const cause = 'the server closed the connection right after the TLS handshake, before a word: it may have refused the client certificate (CN=stranger): check that it trusts the certificate\'s issuer and that the certificate is valid';
		const flags = {cert: file('stranger.pem', certs.otherCa.cert), key: file('stranger-key.pem', certs.otherCa.key), quitAfter: 'ehlo'};
		const viaStarttls = await send(starttls, flags);
		expect(viaStarttls.code, viaStarttls.out).toBe(6);
		expect(viaStarttls.out).toContain(cause);
		const implicitly = await send(dropping, {...flags, tls: true});
		expect(implicitly.out).toContain(cause);
		// In TLS 1.2 the drop cuts the handshake itself: a TLS failure (exit 29), with the same likely cause.
		const older = await send(dropping, {...flags, tls: true, tlsMax: '1.2'});
		expect(older.code, older.out).toBe(29);
		expect(older.out).toContain("the server closed the connection during the handshake; it may have refused the client certificate (CN=stranger): check that it trusts the certificate's issuer and that the certificate is valid");
	});

	it('an expired certificate is warned about before connecting', async () => {
		const {out} = await send(dropping, {tls: true, cert: file('old.pem', certs.expired.cert), key: file('old-key.pem', certs.expired.key), quitAfter: 'ehlo'});
		// The date year first, as a server certificate's: not OpenSSL's "Dec  6 04:23:03 2025 GMT".
		const warning = out.search(/\*\*\* the client certificate has EXPIRED: CN=old-client \(EXPIRED \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
		expect(warning, out).toBeGreaterThan(-1);
		expect(warning).toBeLessThan(out.indexOf('connected to'));
	});

	it('an encrypted key is decrypted with SMTP_KEY_PASSPHRASE', async () => {
		const encrypted = createPrivateKey(certs.client.key).export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame'}) as string;
		const flags = {cert: file('client2.pem', certs.client.cert), key: file('encrypted-key.pem', encrypted), quitAfter: 'ehlo'};
		const {code, out} = await send(starttls, flags, {SMTP_KEY_PASSPHRASE: 'open sesame'});
		expect(code, out).toBe(0);
		expect(out).not.toContain('open sesame');
	});
});

describe('send --cert/--key: the files are checked before connecting (exit 1)', () => {
	const refused = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => rejection(send(starttls, flags, env));

	it('a missing file names it', async () => {
		const missing = path.join(dir, 'nowhere.pem');
		expect((await refused({cert: missing})).message).toBe(`--cert: cannot read ${missing}: no such file`);
		expect((await refused({cert: file('c.pem', certs.client.cert), key: missing})).message).toBe(`--key: cannot read ${missing}: no such file`);
	});

	it('a key given as the certificate, and a certificate as the key, say what the file holds', async () => {
		const key = file('k.pem', certs.client.key);
		const cert = file('c.pem', certs.client.cert);
		const swapped = await refused({cert: key, key: cert});
		expect(swapped.message).toBe(`--cert: ${key} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----"); it holds a private key only`);
		expect(swapped.hint).toBe('give --cert the client certificate (BEGIN CERTIFICATE), and --key its private key');
		expect((await refused({cert, key: cert})).message).toBe(`--key: ${cert} holds no PEM private key (expected "-----BEGIN PRIVATE KEY-----"); it holds a certificate`);
	});

	it('a certificate file without its key, and no --key', async () => {
		const cert = file('c.pem', certs.client.cert);
		const error = await refused({cert});
		expect(error.message).toBe(`--cert: ${cert} holds no private key, and no --key was given`);
		expect(error.hint).toBe('give the key file too: --key FILE (PEM, BEGIN PRIVATE KEY)');
	});

	it('--key without --cert, and empty values', async () => {
		expect((await refused({key: file('k.pem', certs.client.key)})).message).toBe('--key given without --cert');
		expect((await refused({cert: ''})).message).toBe('--cert is empty');
	});

	it('a key that is not the certificate\'s', async () => {
		const cert = file('c.pem', certs.client.cert);
		const key = file('other-key.pem', certs.otherCa.key);
		const error = await refused({cert, key});
		expect(error.message).toBe(`the private key in ${key} does not belong to the certificate in ${cert} (CN=relay-client): their public keys differ`);
		expect(error.hint).toBe('give --key the key that was made with this certificate');
	});

	it('an encrypted key without SMTP_KEY_PASSPHRASE, and with a wrong one', async () => {
		const encrypted = createPrivateKey(certs.client.key).export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right'}) as string;
		const cert = file('c.pem', certs.client.cert);
		const key = file('encrypted.pem', encrypted);
		const missing = await refused({cert, key});
		expect(missing.message).toBe(`${key}: the private key is encrypted (it needs a passphrase), and SMTP_KEY_PASSPHRASE is not set`);
		expect(missing.hint).toBe(`set SMTP_KEY_PASSPHRASE to its passphrase in the environment, or decrypt the key once: openssl pkey -in ${key} -out client-key.pem (then chmod 600 client-key.pem)`);
		expect((await refused({cert, key}, {SMTP_KEY_PASSPHRASE: 'wrong'})).message).toBe(`SMTP_KEY_PASSPHRASE does not decrypt the private key in ${key} (a wrong passphrase?)`);
	});

	it('a wrong passphrase whose garbage passes the padding check (1 export in ~250) is still said to be wrong', async () => {
		// CBC decryption with a wrong key usually fails its padding check (bad decrypt); about one time in 250 the garbage
		// ends in valid padding and OpenSSL fails later, decoding it: "unsupported". Such an export is looked for here.
		const pem = certs.client.key;
		let encrypted: string | undefined;
		for (let tries = 0; tries < 5000 && encrypted === undefined; tries++) {
			const candidate = createPrivateKey(pem).export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right'}) as string;
			try {
				createPrivateKey({key: candidate, passphrase: 'wrong'});
			} catch (error) {
				if ((error as {code?: string}).code === 'ERR_OSSL_UNSUPPORTED') encrypted = candidate;
			}
		}
		expect(encrypted).toBeDefined();
		const cert = file('c.pem', certs.client.cert);
		const key = file('encrypted-unlucky.pem', encrypted!);
		expect((await refused({cert, key}, {SMTP_KEY_PASSPHRASE: 'wrong'})).message).toBe(`SMTP_KEY_PASSPHRASE does not decrypt the private key in ${key} (a wrong passphrase?)`);
	});

	it('a key encrypted with an old cipher (DES, PKCS#8 v1) is said to be so, with the way to encrypt it anew', async () => {
		// openssl pkcs8 -topk8 -v1 PBE-MD5-DES -provider legacy -provider default (passphrase "secret"), of an EC key.
		const old = [
			'-----BEGIN ENCRYPTED PRIVATE KEY-----',
			'MIGwMBsGCSqGSIb3DQEFAzAOBAhDCeCL3xEIUwICCAAEgZBeFYWfsQCN2u64+SR6',
			'jynjud0IjgHWw3tEP3fmmmKhsqw4QYFFZMUvmBUQAh1wn3zMwCuNMppyOQgrDIQ8',
			'Fpag5MTSxGeJHObqeHPJ6FS7tV5HkuvtrcmLwvv67FFx6bW8gl85NEvbBE6avspY',
			'gc2dEZlLZe9YDUHnZr4vIxGsyUNe3Kf6nWQQg3gOK8fAzgY=',
			'-----END ENCRYPTED PRIVATE KEY-----',
			'',
		].join('\n');
		const key = file('old-cipher.pem', old);
		const refusal = await refused({cert: file('c.pem', certs.client.cert), key}, {SMTP_KEY_PASSPHRASE: 'secret'});
		expect(refusal.message).toBe(`${key}: the private key is encrypted with an old cipher (DES or RC2) that OpenSSL 3, which Node uses, no longer offers`);
		expect(refusal.hint).toBe(`encrypt it anew once: openssl pkcs8 -topk8 -v2 aes-256-cbc -provider legacy -provider default -in ${key} -out client-key.pem (then chmod 600 client-key.pem)`);
	});

	it('--cert with --no-starttls has nothing to offer it over', async () => {
		expect((await refused({cert: file('c.pem', certs.client.cert), key: file('k.pem', certs.client.key), starttls: false, ca: undefined})).message).toMatch(/^--cert has nothing to do: with no TLS/);
	});
});
