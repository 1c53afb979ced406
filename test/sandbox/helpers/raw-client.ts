// A raw SMTP client over node:net for sandbox tests: write any bytes, read whole replies in order.
import net from 'node:net';
import tls from 'node:tls';

export type RawReply = {code: number; lines: string[]; text: string};

export class RawClient {
	private buffer = '';
	private readonly replies: RawReply[] = [];
	private waiters: Array<() => void> = [];
	private ended = false;
	/** Every byte received, as text. */
	received = '';

	private constructor(private socket: net.Socket) {
		this.attach(socket);
	}

	static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
		return new Promise((resolve, reject) => {
			const socket = net.connect(port, host, () => {
				socket.off('error', reject);
				resolve(new RawClient(socket));
			});
			socket.once('error', reject);
		});
	}

	/** A Unix socket (serve --socket). */
	static connectPath(file: string): Promise<RawClient> {
		return new Promise((resolve, reject) => {
			const socket = net.connect({path: file}, () => {
				socket.off('error', reject);
				resolve(new RawClient(socket));
			});
			socket.once('error', reject);
		});
	}

	/** Implicit TLS, trusting exactly `ca`. */
	static connectTls(port: number, ca: string, host = '127.0.0.1'): Promise<RawClient> {
		return new Promise((resolve, reject) => {
			const socket = tls.connect({port, host, ca}, () => {
				socket.off('error', reject);
				resolve(new RawClient(socket));
			});
			socket.once('error', reject);
		});
	}

	get closed(): boolean {
		return this.ended;
	}

	write(data: string | Buffer): void {
		this.socket.write(data);
	}

	send(line: string): void {
		this.socket.write(`${line}\r\n`);
	}

	/** The next whole reply; rejects if the connection closes first. */
	async reply(): Promise<RawReply> {
		for (;;) {
			const next = this.replies.shift();
			if (next) return next;
			if (this.ended) throw new Error(`connection closed; received so far:\n${this.received}`);
			await new Promise<void>(resolve => this.waiters.push(resolve));
		}
	}

	async command(line: string): Promise<RawReply> {
		this.send(line);
		return this.reply();
	}

	/** Resolves once the server closed the connection; reports whatever arrived unread. */
	async closedBy(): Promise<{unread: RawReply[]; pending: string}> {
		while (!this.ended) await new Promise<void>(resolve => this.waiters.push(resolve));
		return {unread: this.replies.splice(0), pending: this.buffer};
	}

	/** STARTTLS upgrade after the 220, trusting exactly `ca`. */
	async startTls(ca: string, servername?: string): Promise<tls.TLSSocket> {
		const plain = this.socket;
		plain.removeAllListeners('data');
		plain.removeAllListeners('close');
		const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
			const socket = tls.connect({socket: plain, ca, ...(servername !== undefined && {servername})}, () => resolve(socket));
			socket.once('error', reject);
		});
		this.socket = secure;
		this.attach(secure);
		return secure;
	}

	end(): void {
		this.socket.end();
	}

	destroy(): void {
		this.socket.destroy();
	}

	private attach(socket: net.Socket): void {
		socket.on('data', (chunk: Buffer) => {
			const text = chunk.toString('latin1');
			this.received += text;
			this.buffer += text;
			this.parse();
			this.wake();
		});
		socket.on('error', () => undefined);
		socket.on('close', () => {
			this.ended = true;
			this.wake();
		});
	}

	private parse(): void {
		let lines: string[] = [];
		let consumed = 0;
		let start = 0;
		for (let end = this.buffer.indexOf('\r\n'); end !== -1; end = this.buffer.indexOf('\r\n', start)) {
			const line = this.buffer.slice(start, end);
			start = end + 2;
			lines.push(line);
			if (/^\d{3}(?: |$)/.test(line)) {
				this.replies.push({code: Number(line.slice(0, 3)), lines, text: lines.map(l => l.slice(4)).join('\n')});
				lines = [];
				consumed = start;
			}
		}
		this.buffer = this.buffer.slice(consumed);
	}

	private wake(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}
}
