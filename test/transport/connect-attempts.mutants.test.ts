// Found by mutation testing of connect-attempts.ts: an address abandoned when its attempt time ran out is named in
// the error too (the two-address tests met only the last one's silence, which timedOut() adds itself).
import type net from 'node:net';
import {expect, test} from 'vitest';
import {Connection} from '../../source/transport/connection.js';
import {cleanupAfterEach, failure, stalledListener} from './harness.js';

const cleanup = cleanupAfterEach();

const named = (...addresses: string[]): net.LookupFunction => (_name, _options, callback) => setImmediate(() => callback(null, addresses.map(address => ({address, family: 4}))));

test('three addresses: dropping packets, refusing, dropping packets until the limit: refused, and both silent ones said', async () => {
	const first = await stalledListener({host: '127.0.0.2'});
	cleanup(first.stop);
	const last = await stalledListener({host: '127.0.0.3', port: first.port});
	cleanup(last.stop);
	// 1.5 s: each address but the last gets 500 ms; 127.0.0.1 refuses at once; the last is waited on until the limit.
	const error = await failure(Connection.open({host: 'three.test', port: first.port, implicitTls: false, timeoutMs: 1500, lookup: named('127.0.0.2', '127.0.0.1', '127.0.0.3')}));
	expect(error.kind).toBe('refused');
	expect(error.message).toBe(`connection refused by three.test:${first.port} at 127.0.0.1 (nothing listens there); no answer at 127.0.0.2; no answer at 127.0.0.3`);
});
