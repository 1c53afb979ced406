// Small real servers, readers and test plumbing for the transport tests (no mocks: every test talks TCP on loopback).
import {spawn, type ChildProcess} from 'node:child_process';
import net from 'node:net';
import {afterEach, expect} from 'vitest';
import {ConnectError, type Connection} from '../../source/transport/connection.js';

/** Registers an afterEach that runs what the test added, most recent first; returns the adder. */
export function cleanupAfterEach(): (cleanup: () => unknown) => void {
	const cleanups: Array<() => unknown> = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});
	return cleanup => cleanups.push(cleanup);
}

/** The ConnectError a promise rejects with (the test fails if it resolves or rejects with something else). */
export async function failure(promise: Promise<unknown>): Promise<ConnectError> {
	const error = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(ConnectError);
	return error as ConnectError;
}

export type Listening = {port: number; sockets: Set<net.Socket>; close(): Promise<void>};

/** Listens on host and port (default: any free one); close() also ends every connection the server accepted. */
export async function listen(server: net.Server, host = '127.0.0.1', at = 0): Promise<Listening> {
	const sockets = new Set<net.Socket>();
	// For a TLS server too, 'connection' gives the TCP socket underneath: destroying it ends the session.
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(at, host, () => resolve());
	});
	const {port} = server.address() as net.AddressInfo;
	return {
		port,
		sockets,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

/** Greets like an SMTP server, then echoes every byte back. */
export function greetAndEcho(socket: net.Socket): void {
	socket.write('220 ready\r\n');
	socket.on('data', bytes => socket.write(bytes));
}

/** Collects what a connection receives and resolves when the text so far contains what we wait for. */
export class Received {
	text = '';
	#waiters: Array<() => void> = [];

	constructor(connection: Connection) {
		connection.on('data', (bytes: Buffer) => {
			this.text += bytes.toString('latin1');
			for (const wake of this.#waiters.splice(0)) wake();
		});
	}

	async until(expected: string): Promise<string> {
		while (!this.text.includes(expected)) await new Promise<void>(resolve => this.#waiters.push(resolve));
		return this.text;
	}
}

/** A port nothing listens on: bound once, then closed. */
export async function closedPort(): Promise<number> {
	const listening = await listen(net.createServer());
	await listening.close();
	return listening.port;
}

export type Stalled = {
	port: number;
	fillers: net.Socket[];
	/** Starts accepting `afterMs` from now: a SYN dropped until then gets its answer when the client sends it again. */
	release(afterMs: number): void;
	stop(): void;
};

/**
 * A listener whose accept queue is full, so the kernel drops further SYNs and a connect attempt hangs:
 * a timeout that is local and deterministic. The listener lives in a child whose event loop is blocked,
 * so it never accepts (until released); connections are opened until one no longer completes. `host` and `port`:
 * where it listens (default 127.0.0.1, any free port).
 */
export async function stalledListener(options: {host?: string; port?: number} = {}): Promise<Stalled> {
	const host = options.host ?? '127.0.0.1';
	const child: ChildProcess = spawn(process.execPath, [
		'-e',
		`const s = require('node:net').createServer();
		s.listen({port: ${options.port ?? 0}, host: '${host}', backlog: 1}, () => {
			process.stdout.write(s.address().port + '\\n');
			// Blocked until the test says when to accept (or goes, closing this input).
			const {readSync} = require('node:fs');
			const pause = ms => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
			const line = Buffer.alloc(32);
			let read;
			for (;;) {
				try {
					read = readSync(0, line);
					break;
				} catch (error) {
					if (error.code !== 'EAGAIN') throw error;
					pause(5);
				}
			}
			if (read === 0) process.exit();
			pause(Number(line.toString('utf8', 0, read)));
		});`,
	]);
	const port = await new Promise<number>((resolve, reject) => {
		child.once('error', reject);
		child.stdout!.once('data', (bytes: Buffer) => resolve(Number(bytes.toString())));
	});
	const fillers: net.Socket[] = [];
	const stop = () => {
		for (const socket of fillers) socket.destroy();
		child.kill();
	};
	const release = (afterMs: number) => child.stdin!.write(`${afterMs}`);
	for (;;) {
		const socket = net.connect(port, host);
		socket.on('error', () => {});
		fillers.push(socket);
		const connected = await new Promise<boolean>(resolve => {
			socket.once('connect', () => resolve(true));
			setTimeout(() => resolve(false), 200);
		});
		if (!connected) return {port, fillers, release, stop};
		if (fillers.length > 64) {
			stop();
			throw new Error('the accept queue never filled up');
		}
	}
}
