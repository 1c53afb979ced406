// What a refused or unverified certificate is reported as, for the certificates a sysadmin makes with openssl: a
// SHA-1 signature, dates not yet reached or gone by, a chain whose root is not trusted, a leaf given as the CA, a
// wrong name beside another problem. Real servers on loopback.
import {X509Certificate} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {generate} from 'selfsigned';
import {beforeAll, describe, expect, test} from 'vitest';
import {Connection, type ConnectOptions} from '../../source/transport/connection.js';
import {certificateDate, certificateFixFor, describeCertificate, validityText, verifyHint} from '../../source/transport/tls-info.js';
import {caExtensions, leafExtensions, signed, testCerts, type TestCerts} from '../helpers/certs.js';
import {cleanupAfterEach, failure, greetAndEcho, listen} from './harness.js';

const cleanup = cleanupAfterEach();

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});

async function serve(options: tls.TlsOptions): Promise<number> {
	const server = tls.createServer(options, greetAndEcho);
	// A client that breaks off the handshake is expected here, not a test failure.
	server.on('tlsClientError', () => {});
	const listening = await listen(server);
	cleanup(() => listening.close());
	return listening.port;
}

async function open(options: Partial<ConnectOptions> & {port: number}): Promise<Connection> {
	const connection = await Connection.open({host: 'localhost', implicitTls: true, timeoutMs: 2000, family: 4, ...options});
	cleanup(() => connection.destroy());
	return connection;
}

const oneSpace = (date: string) => certificateDate(date);
const year = 365 * 24 * 3600 * 1000;

describe('a certificate signed with SHA-1', () => {
	test('is refused with the reason OpenSSL gives (Node says only "unspecified") and the advice to re-issue it', async () => {
		const {ca, leaf} = await signed({algorithm: 'sha1'});
		// Our own server would refuse to load it at the default security level: an old server does not.
		const port = await serve({...leaf, ciphers: 'DEFAULT@SECLEVEL=0'});
		const error = await failure(open({port, ca}));
		expect(error.code).toBe('CA_MD_TOO_WEAK');
		expect(error.message).toMatch(
			/^certificate verification failed for localhost: CA signature digest algorithm too weak \(it \(or a CA certificate above it\) is signed with a digest too weak to trust \(SHA-1 or MD5\): the certificate must be re-issued with a modern signature, e\.g\. SHA-256; or use --insecure to test anyway\); certificate: CN=localhost, issued by CN=QA Root CA, /,
		);
		expect(error.message).not.toContain('unspecified');
		expect(error.certificate?.reason).toBe('CA signature digest algorithm too weak');
	});

	test('with --insecure, the transcript reason is the same', async () => {
		const {ca, leaf} = await signed({algorithm: 'sha1'});
		const port = await serve({...leaf, ciphers: 'DEFAULT@SECLEVEL=0'});
		const connection = await open({port, ca, insecure: true});
		expect(connection.tlsInfo).toMatchObject({authorized: false, authorizationError: 'CA signature digest algorithm too weak', problem: 'certificate'});
	});
});

describe('certificate dates', () => {
	test('one not valid yet says from when, and that a clock may be wrong, instead of "valid until"', async () => {
		const start = new Date(Date.now() + 2 * year);
		const {ca, leaf} = await signed({notBeforeDate: start, notAfterDate: new Date(start.getTime() + year)});
		const port = await serve(leaf);
		const error = await failure(open({port, ca}));
		const from = oneSpace(new X509Certificate(leaf.cert).validFrom);
		expect(error.code).toBe('CERT_NOT_YET_VALID');
		expect(error.message).toContain(
			`: certificate is not yet valid (not valid before ${from}) (the clock of this machine or of the server may be wrong; check both; or use --insecure to test anyway); ` +
				`certificate: CN=localhost, issued by CN=QA Root CA, not valid before ${from};`,
		);
		expect(error.message).not.toContain('valid until');
	});

	test('an expired one says when it expired and that it must be renewed on the server, not only "use --insecure"', async () => {
		const {ca, leaf} = await signed({notBeforeDate: new Date(Date.now() - 3 * year), notAfterDate: new Date(Date.now() - year)});
		const port = await serve(leaf);
		const error = await failure(open({port, ca}));
		const to = oneSpace(new X509Certificate(leaf.cert).validTo);
		expect(error.code).toBe('CERT_HAS_EXPIRED');
		expect(error.message).toContain(`: certificate has expired (the server's certificate expired on ${to}: it must be renewed on the server; or use --insecure to test anyway); `);
	});

	test('the words for each date, and the fixes check uses without the dates', () => {
		const now = Date.parse('2026-12-02T12:00:00Z');
		expect(validityText('Jan 1 00:00:00 2032 GMT', now, {validFrom: 'Jan  1 00:00:00 2031 GMT'})).toBe('not valid before 2031-01-01 00:00:00 UTC');
		expect(validityText('Jan 1 00:00:00 2032 GMT', now, {validFrom: 'Jan 1 00:00:00 2031 GMT', compact: true})).toBe('not valid before 2031-01-01');
		expect(validityText('Jan 1 00:00:00 2032 GMT', now, {validFrom: 'Jan 1 00:00:00 2021 GMT'})).toBe('valid until 2032-01-01 00:00:00 UTC');
		expect(describeCertificate({subject: 'CN=a', issuer: 'CN=b', validFrom: 'Jan 1 00:00:00 2031 GMT', validTo: 'Jan 1 00:00:00 2032 GMT'}, now)).toBe(
			'certificate: CN=a, issued by CN=b, not valid before 2031-01-01 00:00:00 UTC',
		);
		// The server's own certificate is fine: a CA's in its chain is the one at fault.
		expect(verifyHint('CERT_HAS_EXPIRED', undefined, {validTo: 'Jan 1 00:00:00 2032 GMT'}, now)).toMatch(/^a CA certificate in the chain the server sent has expired/);
		expect(verifyHint('CERT_SIGNATURE_FAILURE')).toMatch(/^its signature does not match its issuer's key .*; or use --insecure to test anyway$/);
		expect(certificateFixFor('certificate has expired')).toBe("the server's certificate expired: it must be renewed on the server");
		expect(certificateFixFor('certificate has expired; also, the certificate is not valid for x')).toBe("the server's certificate expired: it must be renewed on the server");
		expect(certificateFixFor('self-signed certificate')).toBeUndefined();
	});
});

describe('a chain whose root is not trusted', () => {
	/** QA Root CA (with a comma in its name) signed QA Intermediate CA, which signed the server's certificate. */
	async function chain() {
		const base = {keyType: 'ec', algorithm: 'sha256'} as const;
		const root = await generate(
			[
				{name: 'commonName', value: 'QA Root CA'},
				{name: 'organizationName', value: 'QA'},
			],
			{...base, extensions: caExtensions},
		);
		const intermediate = await generate([{name: 'commonName', value: 'QA Intermediate CA'}], {...base, extensions: caExtensions, ca: {key: root.private, cert: root.cert}});
		const leaf = await generate([{name: 'commonName', value: 'localhost'}], {...base, extensions: leafExtensions, ca: {key: intermediate.private, cert: intermediate.cert}});
		return {root: root.cert, intermediate: intermediate.cert, leaf: {key: leaf.private, cert: leaf.cert}};
	}

	test('names the top of the chain the server sent and its issuer, quoted, as the CA to give --ca', async () => {
		const {intermediate, leaf} = await chain();
		const port = await serve({key: leaf.key, cert: `${leaf.cert}\n${intermediate}`});
		const error = await failure(open({port}));
		expect(error.code).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
		expect(error.message).toContain(
			': unable to get local issuer certificate (the chain the server sent ends at "CN=QA Intermediate CA", issued by "CN=QA Root CA, O=QA", a CA smtp-tui does not trust: ' +
				'if "CN=QA Root CA, O=QA" is your own or a private CA, use --ca FILE with its certificate; or use --insecure to skip verification); ',
		);
	});

	test('with another CA given: that one does not vouch for it, and the root to give instead is named', async () => {
		const {intermediate, leaf} = await chain();
		const port = await serve({key: leaf.key, cert: `${leaf.cert}\n${intermediate}`});
		const error = await failure(open({port, ca: certs.ca}));
		expect(error.message).toContain(
			'(the chain the server sent ends at "CN=QA Intermediate CA", issued by "CN=QA Root CA, O=QA"; the CA given with --ca (CN=smtp-tui test CA) does not vouch for it: ' +
				'give --ca the certificate of "CN=QA Root CA, O=QA", or use --insecure to skip verification)',
		);
	});

	test('--ca given the server certificate while the server sends its intermediate too: the root is the one to give', async () => {
		const {intermediate, leaf} = await chain();
		const port = await serve({key: leaf.key, cert: `${leaf.cert}\n${intermediate}`});
		const error = await failure(open({port, ca: leaf.cert}));
		expect(error.message).toContain('give --ca the certificate of the CA that issued it ("CN=QA Root CA, O=QA", the root above "CN=QA Intermediate CA", which the server sent)');
	});

	test('a chain that ends at a root it sent itself names that root', async () => {
		const {root, intermediate, leaf} = await chain();
		const port = await serve({key: leaf.key, cert: `${leaf.cert}\n${intermediate}\n${root}`});
		const error = await failure(open({port}));
		expect(error.code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
		expect(error.message).toContain('(the chain the server sent ends at the self-signed "CN=QA Root CA, O=QA", a CA smtp-tui does not trust: if "CN=QA Root CA, O=QA" is your own');
	});
});

describe('--ca given the server certificate itself', () => {
	test('says that only a self-signed certificate can be trusted that way, and names the CA that issued it', async () => {
		const port = await serve(certs.server);
		const error = await failure(open({port, ca: certs.server.cert}));
		expect(error.message).toContain(
			"(the file given with --ca holds the server's own certificate, and a certificate that is not self-signed does not vouch for itself: " +
				'give --ca the certificate of the CA that issued it ("CN=smtp-tui test CA"), or use --insecure to skip verification)',
		);
		expect(error.message).not.toContain('wrong CA');
	});
});

describe('a wrong host name beside another problem', () => {
	test('with --insecure, an untrusted certificate for another name reports both', async () => {
		const port = await serve(certs.server);
		const connection = await open({host: '127.0.0.1', servername: 'mail.example.com', port, insecure: true});
		expect(connection.tlsInfo).toMatchObject({
			authorized: false,
			problem: 'untrusted',
			authorizationError:
				'unable to verify the first certificate; also, the certificate is not valid for mail.example.com (it names DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1)',
		});
	});

	test('refused, both problems come first and the hint names both fixes: one alone is refused again for the other', async () => {
		const port = await serve(certs.selfSigned);
		const error = await failure(open({host: '127.0.0.1', servername: 'mail.example.com', port}));
		expect(error.message).toMatch(
			/^certificate verification failed for mail\.example\.com: self-signed certificate; also, the certificate is not valid for mail\.example\.com \(it names DNS:localhost, [^)]*\) \(use --ca FILE to trust it; also connect by a name the certificate lists \(e\.g\. --host localhost\); or --insecure to skip verification\); certificate: CN=localhost, self-signed, /,
		);
		expect(error.certificate?.reason).toMatch(/^self-signed certificate; also, the certificate is not valid for mail\.example\.com/);
		expect(error.certificate).toMatchObject({remedy: 'add-ca', wrongName: {listed: 'localhost'}});
	});

	test('a certificate that names the host adds nothing', async () => {
		const port = await serve(certs.selfSigned);
		const connection = await open({port, insecure: true});
		expect(connection.tlsInfo?.authorizationError).toBe('self-signed certificate');
	});
});

describe('a certificate refused over a Unix socket', () => {
	test('is for no name the socket has: the hint says so and offers --insecure, never --host', async () => {
		const folder = mkdtempSync(path.join(os.tmpdir(), 'tls-socket-'));
		const file = path.join(folder, 'smtps.sock');
		const server = tls.createServer(certs.server, greetAndEcho);
		server.on('tlsClientError', () => {});
		await new Promise<void>(resolve => server.listen(file, resolve));
		cleanup(() => new Promise(resolve => server.close(resolve)));
		cleanup(() => rmSync(folder, {recursive: true, force: true}));
		const error = await failure(open({host: file, port: 0, ca: certs.ca}));
		expect(error.certificate).toMatchObject({remedy: 'name', wrongName: {socket: true}});
		expect(error.message).toContain('(a Unix socket has no host name to check the certificate against, so verification fails there whatever the certificate lists: use --insecure to skip verification (TLS still encrypts))');
		expect(error.message).not.toContain('--host');
	});
});

