// A real smtp-server on 127.0.0.1:0 for integration tests, recording what it received byte for byte.
import {SMTPServer, type SMTPServerOptions} from 'smtp-server';
import type {AddressInfo} from 'node:net';
import type {TLSSocket} from 'node:tls';
import {testCerts} from './certs.js';

type Received = {from: string; to: string[]; raw: Buffer; secure: boolean; user?: string};

export type TestSmtpServer = {port: number; messages: Received[]; close(): Promise<void>};

/** On `listen` (127.0.0.1, or ::1 for IPv6) at `port` (0: any; given: the port of a server on the other family), or on the Unix socket `socket` (port 0 then). */
export async function startSmtpServer(options: Partial<SMTPServerOptions> = {}, {socket, listen = '127.0.0.1', port = 0}: {socket?: string; listen?: string; port?: number} = {}): Promise<TestSmtpServer> {
	const certs = await testCerts();
	const messages: Received[] = [];
	const server = new SMTPServer({
		logger: false,
		disableReverseLookup: true,
		authOptional: true,
		allowInsecureAuth: true,
		key: certs.server.key,
		cert: certs.server.cert,
		onAuth(auth, _session, callback) {
			const ok = auth.method === 'CRAM-MD5' ? auth.validatePassword?.('demo') : auth.password === 'demo';
			if (auth.username === 'demo' && ok) callback(null, {user: 'demo'});
			else callback(Object.assign(new Error('5.7.8 authentication failed'), {responseCode: 535}));
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				if ((stream as unknown as {sizeExceeded?: boolean}).sizeExceeded) {
					callback(Object.assign(new Error('5.3.4 message too big'), {responseCode: 552}));
					return;
				}
				messages.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map(r => r.address),
					raw: Buffer.concat(chunks),
					secure: session.secure,
					...(session.user !== undefined && {user: String(session.user)}),
				});
				callback();
			});
		},
		...options,
	});
	server.on('error', () => {});
	await new Promise<void>(resolve => (socket === undefined ? server.listen(port, listen, resolve) : server.listen(socket, resolve)));
	const listening = socket === undefined ? (server.server.address() as AddressInfo).port : 0;
	return {port: listening, messages, close: () => new Promise<void>(resolve => server.close(() => resolve()))};
}

/** A server without STARTTLS that notes the address each client connected from (--local-address, -4/-6). */
export type WatchedServer = TestSmtpServer & {peers: string[]};

export async function startWatchedServer(listen = '127.0.0.1', port = 0): Promise<WatchedServer> {
	const peers: string[] = [];
	const server = await startSmtpServer(
		{
			hideSTARTTLS: true,
			onConnect(session, callback) {
				peers.push(session.remoteAddress);
				callback();
			},
		},
		{listen, port},
	);
	return {...server, peers};
}

/** Behind a pretend load balancer: expects a PROXY v1 header (smtp-server's useProxy); `seen`, the client each claimed. */
export async function startProxiedServer(): Promise<TestSmtpServer & {seen: Array<{address: string; port: number}>}> {
	const seen: Array<{address: string; port: number}> = [];
	const server = await startSmtpServer({
		useProxy: true,
		hideSTARTTLS: true,
		onConnect(session, callback) {
			seen.push({address: session.remoteAddress, port: session.remotePort});
			callback();
		},
	});
	return {...server, seen};
}

/**
 * A server that demands a client certificate issued by `ca` (TLS from the first byte with `secure`, else STARTTLS):
 * `seen` lists the common name of each certificate it took. Node drops one it refuses without an alert.
 */
export async function startCertificateServer(ca: string, options: Partial<SMTPServerOptions> = {}): Promise<TestSmtpServer & {seen: string[]}> {
	const seen: string[] = [];
	const server = await startSmtpServer({
		requestCert: true,
		rejectUnauthorized: true,
		ca: [ca],
		onSecure(socket, _session, callback) {
			seen.push(String((socket as TLSSocket).getPeerCertificate().subject?.CN));
			callback();
		},
		...options,
	});
	return {...server, seen};
}
