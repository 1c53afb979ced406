// Loopback listeners that behave like the mail servers `check` meets: scripted plain SMTP and implicit TLS.
import tls from 'node:tls';
import {startRawServer, type RawPeer, type RawServer} from '../helpers/raw-server.js';
import {listen} from './harness.js';

type AddCleanup = (cleanup: () => unknown) => void;

/** A raw server on 127.0.0.1:0 running `script` per connection, closed after the test. */
export async function scriptedServer(cleanup: AddCleanup, script: (peer: RawPeer) => Promise<void>): Promise<RawServer> {
	const server = await startRawServer(script);
	cleanup(() => server.close());
	return server;
}

/** An implicit-TLS listener (its key and certificate, and any other TLS options) that greets with `banner` and answers QUIT; returns its port. */
export async function tlsGreeter(cleanup: AddCleanup, identity: tls.TlsOptions, banner = '220 tls.test ESMTP ready'): Promise<number> {
	const server = tls.createServer(identity, socket => {
		socket.on('error', () => {});
		socket.write(`${banner}\r\n`);
		socket.on('data', bytes => {
			if (bytes.toString().startsWith('QUIT')) socket.end('221 bye\r\n');
		});
	});
	// A client that aborts the handshake is expected in these tests.
	server.on('tlsClientError', () => {});
	const listening = await listen(server);
	cleanup(() => listening.close());
	return listening.port;
}

/** Everything a peer received, as lines. */
export const linesOf = (peer: RawPeer | undefined) => Buffer.concat(peer?.received ?? []).toString().split('\r\n').filter(Boolean);
