// A scriptable raw TCP server for fault tests: each connection runs a script that reads lines and writes
// whatever bytes it likes (split replies, 421 at any step, drops, stalls, bytes after STARTTLS's 220).
import net from 'node:net';
import tls from 'node:tls';

export class RawPeer {
	#buffer = Buffer.alloc(0);
	#waiters: Array<() => void> = [];
	#closed = false;
	/** Everything the client sent, in order. */
	readonly received: Buffer[] = [];

	constructor(public socket: net.Socket) {
		this.#attach(socket);
		socket.on('close', () => {
			this.#closed = true;
			this.#notify();
		});
		socket.on('error', () => {});
	}

	#attach(socket: net.Socket): void {
		socket.on('data', (chunk: Buffer) => {
			this.received.push(chunk);
			this.#buffer = Buffer.concat([this.#buffer, chunk]);
			this.#notify();
		});
	}

	#notify(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const wake of waiters) wake();
	}

	async #until<T>(take: () => T | undefined): Promise<T> {
		for (;;) {
			const value = take();
			if (value !== undefined) return value;
			if (this.#closed) throw new Error('peer closed');
			await new Promise<void>(resolve => this.#waiters.push(resolve));
		}
	}

	/** The next CRLF-terminated line, without CRLF. */
	async readLine(): Promise<string> {
		return this.#until(() => {
			const end = this.#buffer.indexOf('\r\n');
			if (end === -1) return undefined;
			const line = this.#buffer.subarray(0, end).toString('utf8');
			this.#buffer = this.#buffer.subarray(end + 2);
			return line;
		});
	}

	/** The next `count` bytes, exactly (a binary header, say). */
	async readBytes(count: number): Promise<Buffer> {
		return this.#until(() => {
			if (this.#buffer.length < count) return undefined;
			const bytes = this.#buffer.subarray(0, count);
			this.#buffer = this.#buffer.subarray(count);
			return bytes;
		});
	}

	/** The DATA body up to and including CRLF.CRLF, exactly as sent (still dot-stuffed). */
	async readData(): Promise<Buffer> {
		return this.#until(() => {
			const empty = this.#buffer.subarray(0, 3).toString('latin1') === '.\r\n';
			const terminator = this.#buffer.indexOf('\r\n.\r\n');
			const end = empty ? 3 : terminator === -1 ? -1 : terminator + 5;
			if (end === -1) return undefined;
			const data = this.#buffer.subarray(0, end);
			this.#buffer = this.#buffer.subarray(end);
			return data;
		});
	}

	write(text: string | Buffer): void {
		this.socket.write(text);
	}

	/** Become the TLS server on this socket (after answering STARTTLS); `requestCert` and `ca` ask for a client certificate. */
	async startTls(options: {key: string; cert: string; requestCert?: boolean; ca?: string}): Promise<void> {
		const secure = new tls.TLSSocket(this.socket, {isServer: true, ...options});
		this.#buffer = Buffer.alloc(0);
		this.socket = secure;
		this.#attach(secure);
		secure.on('close', () => {
			this.#closed = true;
			this.#notify();
		});
		secure.on('error', () => {});
		await new Promise<void>((resolve, reject) => {
			secure.once('secure', () => resolve());
			secure.once('error', reject);
		});
	}

	async closed(): Promise<void> {
		await this.#until(() => (this.#closed ? true : undefined)).catch(() => undefined);
	}

	end(text?: string): void {
		if (text === undefined) this.socket.end();
		else this.socket.end(text);
	}

	destroy(): void {
		this.socket.destroy();
	}

	/**
	 * Write `last`, then hold this side open however the client closes, as a hostile or broken server does; resolves
	 * once the client is seen to have dropped its socket (a reset), which a client that closes politely (FIN, then
	 * reading on until the server closes) never does while it waits.
	 */
	async holdOpenAfter(last: string): Promise<void> {
		this.socket.allowHalfOpen = true;
		const dropped = new Promise<void>(resolve => this.socket.once('error', () => resolve()));
		this.write(last);
		await new Promise(resolve => this.socket.once('end', resolve));
		const writing = setInterval(() => this.socket.writable && this.write('250 still here\r\n'), 20);
		await dropped.finally(() => clearInterval(writing));
	}
}

export type RawServer = {port: number; peers: RawPeer[]; scriptErrors: unknown[]; close(): Promise<void>};

/** Start a server on 127.0.0.1:0 (or on the Unix socket `socket`); every connection runs `script` with its own peer. */
export async function startRawServer(script: (peer: RawPeer) => Promise<void>, {socket}: {socket?: string} = {}): Promise<RawServer> {
	const peers: RawPeer[] = [];
	const scriptErrors: unknown[] = [];
	const server = net.createServer(socket => {
		const peer = new RawPeer(socket);
		peers.push(peer);
		script(peer).catch(error => {
			if (!(error instanceof Error && error.message === 'peer closed')) scriptErrors.push(error);
		});
	});
	await new Promise<void>(resolve => (socket === undefined ? server.listen(0, '127.0.0.1', resolve) : server.listen(socket, resolve)));
	const port = socket === undefined ? (server.address() as net.AddressInfo).port : 0;
	return {
		port,
		peers,
		scriptErrors,
		close: async () => {
			for (const peer of peers) peer.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

/**
 * Greets, accepts MAIL and RCPT, and answers DATA with 354: the message comes next. `before` may hold a command's
 * answer back (the client then waits, mid-session).
 */
export async function greetUpToData(peer: RawPeer, before?: (command: string) => Promise<void>): Promise<void> {
	await greetAndEhlo(peer);
	for (const reply of ['250 ok', '250 ok', '354 go ahead']) {
		const command = await peer.readLine();
		await before?.(command);
		peer.write(`${reply}\r\n`);
	}
}

/** Takes one message and says goodbye: what came after 354 (the dot line with it). `before`: see greetUpToData. */
export async function takeOneMessage(peer: RawPeer, before?: (command: string) => Promise<void>): Promise<Buffer> {
	await greetUpToData(peer, before);
	return queueAndQuit(peer, '250 queued', '221 bye');
}

/** After 354: takes the message, queues it, and answers QUIT: what came after 354. */
export async function queueAndQuit(peer: RawPeer, queued = '250 2.0.0 queued', bye = '221 2.0.0 bye'): Promise<Buffer> {
	const data = await peer.readData();
	peer.write(`${queued}\r\n`);
	await peer.readLine();
	peer.end(`${bye}\r\n`);
	return data;
}

/** After the greeting and a login: takes one message for one recipient, and says goodbye. */
export async function takeMessageAfterLogin(peer: RawPeer): Promise<void> {
	for (const reply of ['250 2.1.0 ok', '250 2.1.5 ok', '354 go ahead']) {
		await peer.readLine();
		peer.write(`${reply}\r\n`);
	}
	await queueAndQuit(peer);
}

/** The usual happy path of a minimal server, for scripts that only want to break one step. */
export async function greetAndEhlo(peer: RawPeer, extensions: string[] = ['PIPELINING', '8BITMIME']): Promise<void> {
	peer.write('220 raw.test ESMTP ready\r\n');
	await peer.readLine();
	const lines = ['raw.test hello', ...extensions];
	peer.write(lines.map((line, i) => `250${i === lines.length - 1 ? ' ' : '-'}${line}\r\n`).join(''));
}

/** Greets, offers STARTTLS, answers it 220, and never starts the handshake: a STARTTLS that stalls. */
export async function stallStartTls(peer: RawPeer): Promise<void> {
	await greetAndEhlo(peer, ['STARTTLS']);
	await peer.readLine();
	peer.write('220 go ahead\r\n');
	await peer.closed();
}

/** Answers DATA with 354, then reads no more: the message backs up in the socket buffers. */
export async function stopReadingAfter354(peer: RawPeer): Promise<void> {
	await greetUpToData(peer);
	peer.socket.pause();
	await peer.closed();
}

/** Takes the whole message and never answers it (nor anything after it). */
export async function neverAnswerTheMessage(peer: RawPeer): Promise<void> {
	await greetUpToData(peer);
	await peer.readData();
	await peer.closed();
}

/**
 * Postfix with smtpd_tls_req_ccert=yes: STARTTLS, the handshake (with `server`'s certificate), then `reply` (its 421
 * about the client certificate) to the EHLO inside TLS, and the close.
 */
export function startCcertPostfix(server: {key: string; cert: string}, reply: string): Promise<RawServer> {
	return startRawServer(async peer => {
		await greetAndEhlo(peer, ['STARTTLS']);
		if ((await peer.readLine()) !== 'STARTTLS') return;
		peer.write('220 2.0.0 Ready to start TLS\r\n');
		await peer.startTls(server);
		await peer.readLine();
		peer.end(`${reply}\r\n`);
	});
}
