import {X509Certificate} from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import {beforeAll, describe, expect, test} from 'vitest';
import {Connection, type ConnectOptions} from '../../source/transport/connection.js';
import {certificateDate} from '../../source/transport/tls-info.js';
import {testCerts, type KeyAndCert, type TestCerts} from '../helpers/certs.js';
import {startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {cleanupAfterEach, failure, greetAndEcho, listen, Received} from './harness.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});

const cleanup = cleanupAfterEach();

/** An implicit-TLS server that greets and echoes; remembers the SNI name each client sent. */
async function tlsServer(identity: KeyAndCert): Promise<{port: number; servernames: string[]}> {
	const servernames: string[] = [];
	const context = tls.createSecureContext(identity);
	// Called while the ClientHello is read, before the client can finish its handshake; not at all without SNI.
	const SNICallback = (name: string, done: (error: Error | null, context: tls.SecureContext) => void) => {
		servernames.push(name);
		done(null, context);
	};
	const server = tls.createServer({...identity, SNICallback}, greetAndEcho);
	// A client that rejects the certificate aborts the handshake: expected here, not a test failure.
	server.on('tlsClientError', () => {});
	const listening = await listen(server);
	cleanup(() => listening.close());
	return {port: listening.port, servernames};
}

async function open(options: Partial<ConnectOptions> & {port: number}): Promise<Connection> {
	const connection = await Connection.open({host: 'localhost', implicitTls: true, timeoutMs: 2000, family: 4, ...options});
	cleanup(() => connection.destroy());
	return connection;
}

describe('implicit TLS', () => {
	test('with the test CA trusted: verified, SNI sent, details reported, greeting received', async () => {
		const server = await tlsServer(certs.server);
		const connection = await open({port: server.port, ca: certs.ca});
		const received = new Received(connection);
		await received.until('220 ready\r\n');
		await connection.write(Buffer.from('EHLO me\r\n'));
		await received.until('EHLO me\r\n');

		const x509 = new X509Certificate(certs.server.cert);
		expect(connection.secure).toBe(true);
		expect(connection.tlsInfo).toEqual({
			protocol: 'TLSv1.3',
			cipher: expect.stringMatching(/^TLS_/),
			subject: 'CN=localhost',
			issuer: 'CN=smtp-tui test CA',
			validFrom: x509.validFrom,
			validTo: x509.validTo.replace(/ {2,}/g, ' '),
			fingerprint256: x509.fingerprint256,
			altNames: 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
			authorized: true,
			authorizationError: undefined,
			insecure: false,
		});
		expect(server.servernames).toEqual(['localhost']);
	});

	test('to an IP literal: no SNI (RFC 6066), the certificate is checked against its IP names', async () => {
		const server = await tlsServer(certs.server);
		const connection = await open({host: '127.0.0.1', port: server.port, ca: certs.ca});
		expect(connection.tlsInfo?.authorized).toBe(true);
		expect(server.servernames).toEqual([]);
	});

	test('a self-signed certificate is refused with a hint to use --ca or --insecure, describing the certificate', async () => {
		const server = await tlsServer(certs.selfSigned);
		const error = await failure(open({port: server.port}));
		expect(error.kind).toBe('tls');
		expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
		expect(error.message).toBe(
			'certificate verification failed for localhost: self-signed certificate (use --ca FILE to trust it, or --insecure to skip verification); ' +
				`certificate: CN=localhost, self-signed, valid until ${certificateDate(new X509Certificate(certs.selfSigned.cert).validTo)}; ` +
				`SHA-256 ${new X509Certificate(certs.selfSigned.cert).fingerprint256}`,
		);
	});

	test('a certificate from an unknown CA is refused when its CA is not given, naming that CA (it came without its certificate)', async () => {
		const server = await tlsServer(certs.server);
		const error = await failure(open({port: server.port}));
		expect(error.kind).toBe('tls');
		// The server sent its certificate alone: its issuer may be a private root CA or an intermediate it forgot to send.
		expect(error.message).toMatch(
			/^certificate verification failed for localhost: unable to verify the first certificate \(no CA smtp-tui trusts issued it \(its issuer is CN=smtp-tui test CA\): if "CN=smtp-tui test CA" is your own or a private CA, use --ca FILE with its certificate; if it is an intermediate CA, the server's chain is incomplete: it sent its certificate without the certificate of its issuer, and should send that too \(meanwhile --ca FILE with "CN=smtp-tui test CA" and the root above it verifies\); or use --insecure to skip verification\); certificate: CN=localhost, issued by CN=smtp-tui test CA, valid until /,
		);
	});

	test('--ca adds to the trusted CAs: the test CA does not vouch for a self-signed certificate, and the hint says so', async () => {
		const server = await tlsServer(certs.selfSigned);
		const error = await failure(open({port: server.port, ca: [certs.ca]}));
		expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
		// Not "use --ca FILE": it was used. The CA is named so that it can be compared with "issued by".
		expect(error.message).toMatch(
			/^certificate verification failed for localhost: self-signed certificate \(the CA given with --ca \(CN=smtp-tui test CA\) does not vouch for it: give --ca the CA that issued it, or use --insecure to skip verification\); certificate: CN=localhost, self-signed, /,
		);
	});

	test('insecure connects anyway and still reports what verification would have said', async () => {
		const server = await tlsServer(certs.selfSigned);
		const connection = await open({port: server.port, insecure: true});
		const received = new Received(connection);
		await received.until('220 ready\r\n');
		expect(connection.tlsInfo).toMatchObject({authorized: false, authorizationError: 'self-signed certificate', insecure: true});
	});

	test('a host name the certificate does not list is refused, naming what it lists', async () => {
		const server = await tlsServer(certs.server);
		const error = await failure(open({host: '127.0.0.1', servername: 'mail.example.com', port: server.port, ca: certs.ca}));
		expect(error.kind).toBe('tls');
		expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
		expect(error.message).toBe(
			'certificate verification failed for mail.example.com: the certificate is not valid for mail.example.com ' +
				'(it names DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1) ' +
				'(connect by a name the certificate lists (e.g. --host localhost), or use --insecure to skip verification); certificate: CN=localhost, issued by CN=smtp-tui test CA, ' +
				`valid until ${certificateDate(new X509Certificate(certs.server.cert).validTo)}; SHA-256 ${new X509Certificate(certs.server.cert).fingerprint256}`,
		);
		expect(server.servernames).toEqual(['mail.example.com']);
	});

	test('with insecure, a wrong host name is reported but not fatal', async () => {
		const server = await tlsServer(certs.server);
		const connection = await open({host: '127.0.0.1', servername: 'mail.example.com', port: server.port, ca: certs.ca, insecure: true});
		expect(connection.tlsInfo).toMatchObject({
			authorized: false,
			authorizationError: expect.stringContaining('not valid for mail.example.com'),
			insecure: true,
		});
	});

	test('a server that answers in plain SMTP is a TLS error suggesting STARTTLS', async () => {
		const server = await listen(net.createServer(greetAndEcho));
		cleanup(() => server.close());
		const error = await failure(open({port: server.port}));
		expect(error.kind).toBe('tls');
		expect(error.message).toBe(`TLS handshake with localhost:${server.port} failed: the server did not answer in TLS (it may expect plain SMTP with STARTTLS on this port)`);
	});

	test('a handshake that never completes times out', async () => {
		// Accepts TCP but never says a word: the ClientHello goes unanswered.
		const server = await listen(net.createServer(() => {}));
		cleanup(() => server.close());
		const error = await failure(open({port: server.port, timeoutMs: 200}));
		expect(error.kind).toBe('tls');
		expect(error.code).toBe('ETIMEDOUT');
		expect(error.message).toBe(`TLS handshake with localhost:${server.port} did not finish within 0.2 s`);
	});
});

describe('STARTTLS', () => {
	/** Greets, answers STARTTLS with 220, then runs `secure` as the TLS server (or `plain` instead). */
	async function starttlsServer(after: (peer: RawPeer) => Promise<void>) {
		const server = await startRawServer(async peer => {
			peer.write('220 ready\r\n');
			expect(await peer.readLine()).toBe('STARTTLS');
			peer.write('220 go ahead\r\n');
			await after(peer);
		});
		cleanup(() => server.close());
		return server;
	}

	async function openAndAskForTls(port: number, options: Partial<ConnectOptions> = {}) {
		const connection = await open({port, implicitTls: false, ...options});
		const received = new Received(connection);
		await received.until('220 ready\r\n');
		await connection.write(Buffer.from('STARTTLS\r\n'));
		await received.until('220 go ahead\r\n');
		return {connection, received};
	}

	test('upgrades the same socket: verified, then data flows both ways inside TLS', async () => {
		const server = await starttlsServer(async peer => {
			await peer.startTls(certs.server);
			const line = await peer.readLine();
			peer.write(`250 you said ${line}\r\n`);
		});
		const {connection, received} = await openAndAskForTls(server.port, {ca: certs.ca});
		expect(connection.secure).toBe(false);
		const info = await connection.upgradeToTls();
		expect(info).toMatchObject({subject: 'CN=localhost', authorized: true, insecure: false});
		expect(connection.secure).toBe(true);
		expect(connection.tlsInfo).toBe(info);
		await connection.write(Buffer.from('EHLO again\r\n'));
		expect(await received.until('250 you said EHLO again\r\n')).toBe('220 ready\r\n220 go ahead\r\n250 you said EHLO again\r\n');
		// The server's first socket is plain TCP; after STARTTLS it reads through a TLSSocket.
		expect(server.peers[0]!.socket).toBeInstanceOf(tls.TLSSocket);
		expect(server.scriptErrors).toEqual([]);
	});

	test('an untrusted certificate rejects the upgrade and closes the connection', async () => {
		const server = await starttlsServer(peer => peer.startTls(certs.selfSigned).catch(() => {}));
		const {connection} = await openAndAskForTls(server.port);
		const closed = new Promise<boolean>(resolve => connection.once('close', resolve));
		const error = await failure(connection.upgradeToTls());
		expect(error.kind).toBe('tls');
		expect(error.message).toContain('(use --ca FILE to trust it, or --insecure to skip verification)');
		expect(await closed).toBe(true);
		expect(connection.secure).toBe(false);
	});

	test('the servername option of the upgrade is checked against the certificate', async () => {
		const server = await starttlsServer(peer => peer.startTls(certs.server).catch(() => {}));
		const {connection} = await openAndAskForTls(server.port, {ca: certs.ca});
		const error = await failure(connection.upgradeToTls({servername: 'other.example'}));
		expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
		expect(error.message).toContain('for other.example');
	});

	test('a server that keeps talking plain text after its 220 fails the handshake', async () => {
		const server = await starttlsServer(async peer => {
			// The ClientHello is binary: wait for any bytes, then answer as if it were a command.
			await new Promise(resolve => peer.socket.once('data', resolve));
			peer.write('500 what?\r\n');
		});
		const {connection} = await openAndAskForTls(server.port);
		const error = await failure(connection.upgradeToTls());
		expect(error.kind).toBe('tls');
		expect(error.message).toBe(`TLS handshake with localhost:${server.port} failed: the server did not answer in TLS after agreeing to STARTTLS`);
	});

	test('upgrading twice is refused', async () => {
		const server = await tlsServer(certs.server);
		const connection = await open({port: server.port, ca: certs.ca});
		const error = await failure(connection.upgradeToTls());
		expect(error.message).toBe(`the connection to localhost:${server.port} already uses TLS`);
	});
});
