// Servers that are broken in ways a mail engineer meets: a certificate chain without its intermediate, a server that
// demands a client certificate, a server that resets the connection as soon as it accepts it. Real servers on loopback.
import {X509Certificate} from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import {generate} from 'selfsigned';
import {beforeAll, describe, expect, test} from 'vitest';
import {socketError} from '../../source/transport/connect-error.js';
import {ConnectError, Connection, type ConnectOptions} from '../../source/transport/connection.js';
import {testCerts, type KeyAndCert, type TestCerts} from '../helpers/certs.js';
import {sslv3AlertCode} from '../helpers/openssl.js';
import {startRawServer} from '../helpers/raw-server.js';
import {cleanupAfterEach, failure, greetAndEcho, listen, Received} from './harness.js';
import {certificateDate} from '../../source/transport/tls-info.js';
import {failureText} from '../../source/transport/tls-handshake.js';

type GenerateOptions = NonNullable<Parameters<typeof generate>[1]>;

const cleanup = cleanupAfterEach();

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});

async function open(options: Partial<ConnectOptions> & {port: number}): Promise<Connection> {
	const connection = await Connection.open({host: 'localhost', implicitTls: true, timeoutMs: 2000, family: 4, ...options});
	cleanup(() => connection.destroy());
	return connection;
}

async function serve(server: net.Server): Promise<number> {
	// A client that breaks off the handshake is expected here, not a test failure.
	server.on('tlsClientError', () => {});
	const listening = await listen(server);
	cleanup(() => listening.close());
	return listening.port;
}

/** A certificate without its issuer's in the handshake: QA-Root signed QA-Intermediate, which signed the server's. */
type Chain = {root: string; intermediate: string; leaf: KeyAndCert};

async function chainWithIntermediate(): Promise<Chain> {
	const base = {keyType: 'ec', algorithm: 'sha256'} as const;
	const caExtensions = [
		{name: 'basicConstraints', cA: true, critical: true},
		{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
	] as const satisfies GenerateOptions['extensions'];
	const root = await generate([{name: 'commonName', value: 'QA-Root'}], {...base, extensions: caExtensions});
	const intermediate = await generate([{name: 'commonName', value: 'QA-Intermediate'}], {...base, extensions: caExtensions, ca: {key: root.private, cert: root.cert}});
	const leaf = await generate([{name: 'commonName', value: 'localhost'}], {
		...base,
		extensions: [
			{name: 'basicConstraints', cA: false},
			{name: 'subjectAltName', altNames: [{type: 2, value: 'localhost'}, {type: 7, ip: '127.0.0.1'}]},
		],
		ca: {key: intermediate.private, cert: intermediate.cert},
	});
	return {root: root.cert, intermediate: intermediate.cert, leaf: {key: leaf.private, cert: leaf.cert}};
}

describe('a server that sends its certificate without its intermediate', () => {
	let chain: Chain;
	beforeAll(async () => {
		chain = await chainWithIntermediate();
	});

	const leafOnlyServer = () => serve(tls.createServer(chain.leaf, greetAndEcho));
	const description = () => {
		const x509 = new X509Certificate(chain.leaf.cert);
		return `certificate: CN=localhost, issued by CN=QA-Intermediate, valid until ${certificateDate(x509.validTo)}; SHA-256 ${x509.fingerprint256}`;
	};

	test('with --ca naming the root that signed the intermediate: says the chain is incomplete, not that the root does not vouch', async () => {
		const port = await leafOnlyServer();
		const error = await failure(open({port, ca: chain.root}));
		expect(error.kind).toBe('tls');
		expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
		expect(error.certificate).toMatchObject({subject: 'CN=localhost', issuer: 'CN=QA-Intermediate'});
		expect(error.message).toBe(
			'certificate verification failed for localhost: unable to verify the first certificate ' +
				'(no CA smtp-tui trusts, the one given with --ca (CN=QA-Root) included, issued it (its issuer is CN=QA-Intermediate): ' +
				'if "CN=QA-Intermediate" is your own or a private CA, --ca names the wrong CA: give --ca the certificate of "CN=QA-Intermediate" instead; ' +
				"if it is an intermediate CA under the one given, the server's chain is incomplete: it sent its certificate without the certificate of its issuer, and should send that too " +
				'(meanwhile a --ca file that also holds "CN=QA-Intermediate" verifies); or use --insecure to skip verification); ' +
				description(),
		);
		expect(error.message).not.toContain('does not vouch');
	});

	test('--ca holding only the intermediate that issued it: says the root above it is needed too, not "does not vouch"', async () => {
		const port = await leafOnlyServer();
		const error = await failure(open({port, ca: chain.intermediate}));
		expect(error.code).toBe('UNABLE_TO_GET_ISSUER_CERT');
		expect(error.message).toContain(
			'(the CA given with --ca (CN=QA-Intermediate) did issue it, but is not a root CA: give --ca a file that also holds the CA above "CN=QA-Intermediate" (its root), or use --insecure to skip verification)',
		);
		expect(error.message).not.toContain('does not vouch');
	});

	test('without --ca: names the missing issuer and says when the chain is incomplete', async () => {
		const port = await leafOnlyServer();
		const error = await failure(open({port}));
		expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
		expect(error.message).toBe(
			'certificate verification failed for localhost: unable to verify the first certificate ' +
				'(no CA smtp-tui trusts issued it (its issuer is CN=QA-Intermediate): if "CN=QA-Intermediate" is your own or a private CA, use --ca FILE with its certificate; ' +
				"if it is an intermediate CA, the server's chain is incomplete: it sent its certificate without the certificate of its issuer, and should send that too " +
				'(meanwhile --ca FILE with "CN=QA-Intermediate" and the root above it verifies); or use --insecure to skip verification); ' +
				description(),
		);
	});

	test('the advice works: a --ca file that also holds the intermediate verifies, as does the server sending its chain', async () => {
		const leafOnly = await leafOnlyServer();
		const viaCa = await open({port: leafOnly, ca: `${chain.root}\n${chain.intermediate}`});
		expect(viaCa.tlsInfo).toMatchObject({authorized: true, issuer: 'CN=QA-Intermediate'});

		const fullChain = await serve(tls.createServer({key: chain.leaf.key, cert: `${chain.leaf.cert}\n${chain.intermediate}`}, greetAndEcho));
		const viaServer = await open({port: fullChain, ca: chain.root});
		expect(viaServer.tlsInfo).toMatchObject({authorized: true});
	});
});

/**
 * What a connection attempt ends with when the failure may come from the handshake or just after it (TLS 1.3:
 * the client is done before the server has looked at its certificate): the rejection, or the first 'error' event,
 * which must come before 'close' and with no byte of SMTP.
 */
async function outcome(connecting: Promise<Connection>): Promise<ConnectError> {
	const connection = await connecting.catch((error: unknown) => error);
	if (!(connection instanceof Connection)) {
		expect(connection).toBeInstanceOf(ConnectError);
		return connection as ConnectError;
	}
	cleanup(() => connection.destroy());
	const events: string[] = [];
	connection.on('data', (bytes: Buffer) => events.push(`data ${bytes.toString('latin1')}`));
	const error = await new Promise<unknown>(resolve => {
		connection.once('error', error => {
			events.push('error');
			resolve(error);
		});
	});
	await new Promise(resolve => connection.once('close', resolve));
	expect(events).toEqual(['error']);
	expect(error).toBeInstanceOf(ConnectError);
	return error as ConnectError;
}

const clientCertificateOptions = () => ({...certs.server, requestCert: true, rejectUnauthorized: true, ca: [certs.ca]});

describe('a server that demands a client certificate', () => {
	const tls13Text = 'the server demands a client certificate (TLS alert 116: certificate required); none was offered: give one with --cert FILE (and --key FILE, unless the key is in that file)';
	const tls12Text =
		'the server refused the handshake after sending its certificate, most likely because it demands a client certificate (TLS alert 40: handshake failure); none was offered: give one with --cert FILE (and --key FILE, unless the key is in that file)';

	test('implicit TLS 1.3: the alert after the handshake is a TLS error in plain words, not OpenSSL\'s dump', async () => {
		const port = await serve(tls.createServer(clientCertificateOptions(), greetAndEcho));
		const error = await outcome(open({port, ca: certs.ca}));
		expect(error.kind).toBe('tls');
		expect(error.code).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
		expect(error.message).toBe(`TLS handshake with localhost:${port} failed: ${tls13Text}`);
	});

	test('implicit TLS 1.2: the handshake fails, and the alert after the server\'s certificate is read as the demand for one', async () => {
		const port = await serve(tls.createServer({...clientCertificateOptions(), maxVersion: 'TLSv1.2'}, greetAndEcho));
		const error = await failure(open({port, ca: certs.ca}));
		expect(error.kind).toBe('tls');
		expect(error.code).toBe(sslv3AlertCode('HANDSHAKE_FAILURE'));
		expect(error.message).toBe(`TLS handshake with localhost:${port} failed: ${tls12Text}`);
	});

	test('the same alert 40 before the server\'s certificate (no cipher suite in common) is not read as a demand for a client certificate', async () => {
		// An EC key and only an RSA cipher suite: the server has nothing to offer and refuses the ClientHello.
		const port = await serve(tls.createServer({...certs.server, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256'}, greetAndEcho));
		const error = await failure(open({port, ca: certs.ca}));
		expect(error.message).toBe(`TLS handshake with localhost:${port} failed: the server refused the handshake (no cipher suite in common?)`);
	});

	async function starttlsServer(options: tls.TlsOptions) {
		const server = await startRawServer(async peer => {
			peer.write('220 ready\r\n');
			await peer.readLine();
			peer.write('220 go ahead\r\n');
			const secure = new tls.TLSSocket(peer.socket, {isServer: true, ...options});
			secure.on('error', () => {});
			secure.once('secure', () => secure.write('250 should never be read\r\n'));
		});
		cleanup(() => server.close());
		return server.port;
	}

	async function afterStarttls(port: number): Promise<Connection> {
		const connection = await open({port, implicitTls: false, ca: certs.ca});
		const received = new Received(connection);
		await received.until('220 ready\r\n');
		await connection.write(Buffer.from('STARTTLS\r\n'));
		await received.until('220 go ahead\r\n');
		return connection;
	}

	test('STARTTLS with TLS 1.3: the alert after the upgrade is a TLS error in plain words', async () => {
		const port = await starttlsServer(clientCertificateOptions());
		const connection = await afterStarttls(port);
		const error = await outcome(connection.upgradeToTls().then(() => connection));
		expect(error.kind).toBe('tls');
		expect(error.message).toBe(`TLS handshake with localhost:${port} failed: ${tls13Text}`);
	});

	test('STARTTLS with TLS 1.2: the upgrade fails with the same words', async () => {
		const port = await starttlsServer({...clientCertificateOptions(), maxVersion: 'TLSv1.2'});
		const connection = await afterStarttls(port);
		const error = await failure(connection.upgradeToTls());
		expect(error.kind).toBe('tls');
		expect(error.message).toBe(`TLS handshake with localhost:${port} failed: ${tls12Text}`);
	});
});

describe('OpenSSL errors are reduced to their reason and alert number', () => {
	// Texts as Node 20's OpenSSL 3 words them (captured from real sessions).
	const alert42 =
		'80FC2DB0D67F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 42\n';
	const badMac = 'write EPROTO 80FC2DB0D67F0000:error:0A000119:SSL routines:tls_get_more_records:decryption failed or bad record mac:../deps/openssl/openssl/ssl/record/methods/tls_common.c:923:\n';

	test('an alert on an established TLS session is kind tls and names the alert', () => {
		const error = socketError(Object.assign(new Error(alert42), {code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'}), 'mail.example.test', 465);
		expect(error.kind).toBe('tls');
		expect(error.code).toBe('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE');
		expect(error.message).toBe('the TLS session with mail.example.test:465 failed: the server sent an alert (TLS alert 42: bad certificate)');
	});

	test("alert 80 (internal error) says the fault is the server's: OpenSMTPD 6.8.0p2 on Debian 12 sends it at every handshake", () => {
		// Captured live (OpenSSL 3.0's words) from OpenSMTPD 6.8.0p2 after its 220 to STARTTLS; its log said "EVP lib".
		const raw = '800B7C65377F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../ssl/record/rec_layer_s3.c:1602:SSL alert number 80\n';
		const error = socketError(Object.assign(new Error(raw), {code: 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR'}), 'mail.example.test', 25);
		expect(error.message).toBe(
			"the TLS session with mail.example.test:25 failed: the server sent an alert (TLS alert 80: internal error): a fault on the server's side (its key, its certificate or its TLS library: its log says which), not one this client can mend",
		);
	});

	test('an OpenSSL error that is no alert keeps its reason only, also inside a write error', () => {
		const error = socketError(Object.assign(new Error(badMac), {code: 'EPROTO'}), 'mail.example.test', 465);
		expect(error.kind).toBe('tls');
		expect(error.message).toBe('the TLS session with mail.example.test:465 failed: decryption failed or bad record mac');
		expect(error.message).not.toMatch(/error:|\.c:\d|SSL routines/);
	});

	test('OpenSSL 3.2 and newer (Node 24.22, 26.12) word the same alerts "ssl/tls alert …": named alike', () => {
		// Captured from Node 26.12.1 (OpenSSL 3.5.9): OpenSSL 3.0's "sslv3 alert" became "ssl/tls alert", in the code too.
		const raw = '0033C7BABA7F0000:error:0A000412:SSL routines:ssl3_read_bytes:ssl/tls alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 42\n';
		const error = socketError(Object.assign(new Error(raw), {code: 'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE'}), 'mail.example.test', 465);
		expect(error.message).toBe('the TLS session with mail.example.test:465 failed: the server sent an alert (TLS alert 42: bad certificate)');
		expect(failureText('ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE', 'implicit')).toBe(failureText('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'implicit'));
		expect(failureText('ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE', 'starttls')).toBe('the server refused the handshake (no cipher suite in common?)');
	});

	test('alert 116 on its own says that the server wants a client certificate', () => {
		const raw = '809CAED95C7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n';
		const error = socketError(Object.assign(new Error(raw), {code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'}), '192.0.2.1', 587);
		expect(error.message).toBe('TLS handshake with 192.0.2.1:587 failed: the server demands a client certificate (TLS alert 116: certificate required); none was offered: give one with --cert FILE (and --key FILE, unless the key is in that file)');
	});
});

describe('a server that accepts TCP and resets at once', () => {
	async function resettingServer(delayMs?: number): Promise<number> {
		const server = net.createServer(socket => {
			if (delayMs === undefined) socket.resetAndDestroy();
			else setTimeout(() => socket.resetAndDestroy(), delayMs);
		});
		return serve(server);
	}

	async function resetOutcome(port: number) {
		const connection = await open({port, implicitTls: false});
		const events: string[] = [];
		const error = new Promise<ConnectError>(resolve => connection.once('error', resolve));
		connection.once('error', () => events.push('error'));
		const closed = new Promise<boolean>(resolve => connection.once('close', resolve));
		connection.once('close', () => events.push('close'));
		const hadError = await closed;
		return {error: await error, hadError, events};
	}

	test('the connection was made: it opens, then reports the reset and closes, as a reset a moment later does', async () => {
		const atOnce = await resettingServer();
		const early = await resetOutcome(atOnce);
		expect(early.error.kind).toBe('closed');
		expect(early.error.code).toBe('ECONNRESET');
		expect(early.error.message).toBe(`the connection to localhost:${atOnce} was reset by the other side (ECONNRESET)`);
		expect(early).toMatchObject({hadError: true, events: ['error', 'close']});

		const later = await resettingServer(50);
		const late = await resetOutcome(later);
		expect({kind: late.error.kind, code: late.error.code, hadError: late.hadError, events: late.events}).toEqual({
			kind: 'closed',
			code: 'ECONNRESET',
			hadError: true,
			events: ['error', 'close'],
		});
	});

	test('writing to it fails as closed', async () => {
		const port = await resettingServer();
		const connection = await open({port, implicitTls: false});
		connection.on('error', () => {});
		const error = await failure(connection.write(Buffer.from('EHLO me\r\n')));
		expect(error.kind).toBe('closed');
	});

	test('with implicit TLS the handshake fails as the server closing the connection during it', async () => {
		const port = await resettingServer();
		const error = await failure(open({port}));
		expect(error.kind).toBe('tls');
		expect(error.code).toBe('ECONNRESET');
		expect(error.message).toBe(`TLS handshake with localhost:${port} failed: the server closed the connection during the handshake`);
	});
});

describe('the loopback interface down (a laptop offline in a bare namespace, or lo taken down)', () => {
	// As Node reports it, captured from `unshare -n` (lo down) connecting to the sandbox it had just started.
	const down = (address: string) =>
		Object.assign(new Error(`connect ENETUNREACH ${address}:37859 - Local (undefined:undefined)`), {code: 'ENETUNREACH', syscall: 'connect', address, port: 37859});

	test('to a loopback address: says loopback is down and how to bring it up, not "no route to that network"', () => {
		const error = socketError(down('127.0.0.1'), '127.0.0.1', 37859);
		expect(error.kind).toBe('unreachable');
		expect(error.message).toBe("cannot reach 127.0.0.1:37859: this machine's loopback interface is down (ENETUNREACH); bring it up (on Linux: sudo ip link set lo up)");
		expect(socketError(down('::1'), 'localhost', 37859).message).toContain("localhost:37859 at ::1: this machine's loopback interface is down");
	});

	test('elsewhere it stays no route to that network', () => {
		expect(socketError(down('192.0.2.7'), 'mail.example.test', 25).message).toBe('cannot reach mail.example.test:25 at 192.0.2.7: no route to that network (ENETUNREACH)');
	});
});
