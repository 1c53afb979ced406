import {createHash} from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {describe, expect, test} from 'vitest';
import {Connection, type ConnectError} from '../../source/transport/connection.js';
import {PIECE_MAX} from '../../source/transport/write-pieces.js';
import {testCerts} from '../helpers/certs.js';
import {seededRandom} from '../helpers/chunks.js';
import {cleanupAfterEach, failure, listen, Received} from './harness.js';

const cleanup = cleanupAfterEach();

const MiB = 1024 * 1024;

// Garbage chunks would otherwise sit in RSS until V8 gets round to collecting them, hiding what is really held.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Counts and hashes every byte; answers with the count when the client ends its side. */
async function countingSink(identity?: {key: string; cert: string}) {
	const state = {bytes: 0, hash: createHash('sha256')};
	const count = (socket: net.Socket) => {
		socket.on('data', (bytes: Buffer) => {
			state.bytes += bytes.length;
			state.hash.update(bytes);
		});
		socket.on('end', () => socket.end(`${state.bytes}\r\n`));
	};
	const server = await listen(identity ? tls.createServer(identity, count) : net.createServer(count));
	cleanup(() => server.close());
	return {port: server.port, state};
}

describe('writeStream', () => {
	test('streams 20 MiB with backpressure: every byte arrives in order, memory stays far below the payload', async () => {
		const sink = await countingSink();
		const connection = await Connection.open({host: '127.0.0.1', port: sink.port, implicitTls: false, timeoutMs: 2000});
		cleanup(() => connection.destroy());
		const received = new Received(connection);

		const total = 20 * MiB;
		const chunkSize = 64 * 1024;
		const sent = createHash('sha256');
		let maxAhead = 0;
		collectGarbage();
		const rssBefore = process.memoryUsage().rss;
		let rssPeak = rssBefore;
		// Fresh, distinct chunks: if the transport buffered instead of waiting for 'drain', they would pile up.
		async function* body() {
			for (let offset = 0; offset < total; offset += chunkSize) {
				const chunk = Buffer.alloc(chunkSize, offset / chunkSize);
				sent.update(chunk);
				maxAhead = Math.max(maxAhead, offset - sink.state.bytes);
				if (offset % MiB === 0) {
					collectGarbage();
					rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
				}
				yield chunk;
			}
		}
		// Told as the operating system takes the bytes, a piece at a time: none twice, none missing.
		const told: number[] = [];
		await connection.writeStream(body(), undefined, bytes => told.push(bytes));
		connection.close();

		expect(await received.until('\r\n')).toBe(`${total}\r\n`);
		expect(sink.state.hash.digest('hex')).toBe(sent.digest('hex'));
		expect(told.reduce((sum, bytes) => sum + bytes, 0)).toBe(total);
		expect(Math.max(...told)).toBeLessThanOrEqual(PIECE_MAX);
		// The sink shares this process, so it can only read while writeStream waits: without backpressure the
		// producer runs the whole payload ahead of it; with it, only what the kernel's loopback buffers hold.
		expect(maxAhead).toBeLessThan((total * 3) / 4);
		expect(rssPeak - rssBefore).toBeLessThan(total / 2);
	});

	test('many small chunks over TLS (gathered before writing) arrive complete and in order', async () => {
		const certs = await testCerts();
		const sink = await countingSink(certs.server);
		const connection = await Connection.open({host: 'localhost', port: sink.port, implicitTls: true, ca: certs.ca, timeoutMs: 2000, family: 4});
		cleanup(() => connection.destroy());
		const received = new Received(connection);

		const random = seededRandom(7);
		const sent = createHash('sha256');
		let total = 0;
		// Line-sized pieces of varying length and content, as a body encoder would yield them.
		async function* lines() {
			while (total < 2 * MiB) {
				const line = Buffer.alloc(1 + Math.floor(random() * 200), 0x20 + (total % 90));
				sent.update(line);
				total += line.length;
				yield line;
			}
		}
		await connection.writeStream(lines());
		connection.close();

		expect(await received.until('\r\n')).toBe(`${total}\r\n`);
		expect(sink.state.hash.digest('hex')).toBe(sent.digest('hex'));
	});

	test('rejects as closed when the peer goes away mid-stream', async () => {
		const server = await listen(net.createServer(socket => socket.once('data', () => socket.destroy())));
		cleanup(() => server.close());
		const connection = await Connection.open({host: '127.0.0.1', port: server.port, implicitTls: false, timeoutMs: 2000});
		cleanup(() => connection.destroy());
		const errors: Error[] = [];
		connection.on('error', error => errors.push(error));
		async function* endless() {
			for (;;) yield Buffer.alloc(64 * 1024, 0x61);
		}
		const error = await failure(connection.writeStream(endless()));
		expect(error.kind).toBe('closed');
		// The reset also arrives as an 'error' event, classified like every socket error.
		expect(errors.length).toBeGreaterThan(0);
		expect(errors.map(error => (error as ConnectError).kind)).toEqual(errors.map(() => 'closed'));
	});
});
