// A connection attempt stopped by its signal (the user's Ctrl+X, an interrupt of `send`): it ends at once, with the
// stop as the reason, whatever it waited on. The limit is long on purpose: an attempt that ran to it would outlast the test.
import net from 'node:net';
import {describe, expect, test, vi} from 'vitest';
import {Connection} from '../../source/transport/connection.js';
import {cleanupAfterEach, listen, stalledListener} from './harness.js';

const cleanup = cleanupAfterEach();
const LONG = 120_000;

/** What open() rejects with, or 'opened'. */
const outcome = (opening: Promise<Connection>) =>
	opening.then(
		connection => {
			connection.destroy();
			return 'opened';
		},
		(error: unknown) => error,
	);

describe('Connection.open with a signal', () => {
	test('aborted while the SYN goes unanswered: rejects with the stop, and does not wait for the limit', async () => {
		const stalled = await stalledListener();
		cleanup(stalled.stop);
		const stop = new AbortController();
		const opening = Connection.open({host: '127.0.0.1', port: stalled.port, implicitTls: false, timeoutMs: LONG, signal: stop.signal});
		await new Promise(resolve => setImmediate(resolve));
		const reason = new Error('stopped by the user');
		stop.abort(reason);
		expect(await outcome(opening)).toBe(reason);
	});

	test('aborted already: no attempt is made', async () => {
		const stalled = await stalledListener();
		cleanup(stalled.stop);
		const reason = new Error('stopped before');
		expect(await outcome(Connection.open({host: '127.0.0.1', port: stalled.port, implicitTls: false, timeoutMs: LONG, signal: AbortSignal.abort(reason)}))).toBe(reason);
	});

	test('aborted during an implicit-TLS handshake the server never answers: rejects with the stop, and the socket is gone', async () => {
		// Reads the ClientHello and answers nothing, as a port that stalls the handshake does.
		const server = await listen(net.createServer(socket => socket.resume()));
		cleanup(() => server.close());
		const stop = new AbortController();
		const opening = Connection.open({host: '127.0.0.1', port: server.port, implicitTls: true, timeoutMs: LONG, signal: stop.signal});
		await vi.waitFor(() => expect(server.sockets.size).toBe(1));
		const reason = new Error('stopped by the user');
		stop.abort(reason);
		expect(await outcome(opening)).toBe(reason);
		await vi.waitFor(() => expect(server.sockets.size).toBe(0));
	});

	test('a signal that never aborts changes nothing: the connection opens', async () => {
		const server = await listen(net.createServer(socket => socket.end('220 ready\r\n')));
		cleanup(() => server.close());
		expect(await outcome(Connection.open({host: '127.0.0.1', port: server.port, implicitTls: false, timeoutMs: LONG, signal: new AbortController().signal}))).toBe('opened');
	});
});
