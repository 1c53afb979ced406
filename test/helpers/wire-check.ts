// What a client sent, read back as the server got it: a proxy on loopback that keeps every byte the client wrote
// (plain SMTP, no TLS), and the checks a message's DATA must pass on the wire (RFC 5321 4.5.2, RFC 5322 2.1.1).
import net from 'node:net';

export type Proxy = {port: number; clientBytes(): Buffer; close(): Promise<void>};

/** Forwards every connection to 127.0.0.1:`targetPort` and records what the clients sent (all connections, in order). */
export async function recordingProxy(targetPort: number): Promise<Proxy> {
	const chunks: Buffer[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer(client => {
		const upstream = net.connect(targetPort, '127.0.0.1');
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('error', () => undefined);
			socket.on('close', () => sockets.delete(socket));
		}
		client.on('data', (chunk: Buffer) => chunks.push(chunk));
		client.pipe(upstream);
		upstream.pipe(client);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		clientBytes: () => Buffer.concat(chunks),
		close: () =>
			new Promise(resolve => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** The DATA payloads in what a client sent: from after each `DATA` line to its lone dot (excluded), stuffed as sent. */
export function dataPayloads(sent: Buffer): Buffer[] {
	const payloads: Buffer[] = [];
	const text = sent.toString('latin1');
	let at = 0;
	for (;;) {
		const command = /(?:^|\r\n)DATA\r\n/gi;
		command.lastIndex = at;
		const found = command.exec(text);
		if (!found) return payloads;
		const start = found.index + found[0].length;
		const end = text.indexOf('\r\n.\r\n', start - 2);
		if (end === -1) return payloads;
		payloads.push(sent.subarray(start, end + 2));
		at = end + 5;
	}
}

/** The first rule a DATA payload breaks, in words: bare CR or LF, a line over 998 octets, an unstuffed dot, a broken header. */
export function payloadProblem(payload: Buffer): string | undefined {
	const text = payload.toString('latin1');
	if (!text.endsWith('\r\n')) return 'the message does not end with CRLF';
	const lines = text.slice(0, -2).split('\r\n');
	for (const [index, line] of lines.entries()) {
		if (/[\r\n]/.test(line)) return `line ${index + 1} holds a bare CR or LF: ${JSON.stringify(line.slice(0, 80))}`;
		if (line.length > 998) return `line ${index + 1} is ${line.length} octets (998 at most)`;
		if (line.startsWith('.') && !line.startsWith('..')) return `line ${index + 1} starts with a dot that is not stuffed: ${JSON.stringify(line.slice(0, 80))}`;
	}
	const end = lines.indexOf('');
	const header = end === -1 ? lines : lines.slice(0, end);
	for (const [index, line] of header.entries()) {
		if (line.includes('\0')) return `header line ${index + 1} holds NUL`;
		if (!/^[\u0021-\u0039\u003B-\u007E]+:/.test(line) && !(index > 0 && /^[ \t]/.test(line))) return `header line ${index + 1} is neither a field nor a continuation: ${JSON.stringify(line.slice(0, 80))}`;
	}
	return undefined;
}

/** The payload as the server keeps it: dots unstuffed. */
export function unstuffed(payload: Buffer): Buffer {
	return Buffer.from(payload.toString('latin1').replace(/(^|\r\n)\./g, '$1'), 'latin1');
}
