// A real SOCKS5 proxy (RFC 1928, with RFC 1929's login) on 127.0.0.1:0, written apart from source/transport/socks5.ts
// so the two check each other. It CONNECTs for real (to a test server on this machine), resolving names through
// `names` first (a name only "the jump host" knows), and can be scripted to fail at each step.
import net, {type AddressInfo} from 'node:net';

export type SocksRequest = {type: 'ipv4' | 'name' | 'ipv6'; host: string; port: number};

export type SocksScript = {
	/** Demand this login (method 2); without it, no login (method 0). */
	login?: {user: string; password: string};
	/** The version byte its login's reply begins with: RFC 1929's 1 by default; some proxies send SOCKS's 5. */
	loginReplyVersion?: number;
	/** Answer the CONNECT with this reply code instead of connecting. */
	reply?: number;
	/** Close the connection after reading the greeting, or after reading the CONNECT request. */
	closeAfter?: 'greeting' | 'request';
	/** Never answer the greeting (a proxy that hangs). */
	silent?: boolean;
	/** Wait this long before connecting to the target (a slow far side). */
	delayMs?: number;
	/** Names the proxy resolves itself (its own DNS): anything else goes to the system's. */
	names?: Record<string, string>;
	/** Ports it connects to in place of those asked for (25 to a closed port, say). */
	ports?: Record<number, number>;
	/**
	 * Answer success (0.0.0.0:0) before connecting, and close if the connect then fails (some proxies do), so the
	 * client learns of an unreachable target only by the close.
	 */
	optimistic?: boolean;
	/**
	 * What OpenSSH's ssh -D does (seen with 9.2): answer success (0.0.0.0:0) only once connected, and close with no
	 * reply at all when the far side refuses, has no such name or cannot be reached.
	 */
	replyless?: boolean;
	/** The address it reports as its outward end (BND.ADDR); default: the real one. */
	bound?: {host: string; port: number};
};

export type TestSocksServer = {host: string; port: number; requests: SocksRequest[]; logins: Array<{user: string; password: string}>; connections: number; close(): Promise<void>};

/** Reads exactly `count` bytes from a socket, in whatever chunks they come. */
function reader(socket: net.Socket): (count: number) => Promise<Buffer> {
	let buffer = Buffer.alloc(0);
	let waiting: (() => void) | undefined;
	socket.on('data', chunk => {
		buffer = Buffer.concat([buffer, chunk]);
		waiting?.();
	});
	socket.on('close', () => waiting?.());
	return async count => {
		while (buffer.length < count) {
			if (socket.destroyed) throw new Error('closed');
			await new Promise<void>(resolve => (waiting = resolve));
		}
		const bytes = buffer.subarray(0, count);
		buffer = buffer.subarray(count);
		return bytes;
	};
}

function reply(code: number, bound: {host: string; port: number}): Buffer {
	const v6 = net.isIPv6(bound.host);
	const address = Buffer.from(v6 ? expand(bound.host) : bound.host.split('.').map(Number));
	const port = Buffer.from([bound.port >> 8, bound.port & 0xff]);
	return Buffer.concat([Buffer.from([5, code, 0, v6 ? 4 : 1]), address, port]);
}

/** An IPv6 address's 16 bytes (the helper's own, plain expansion of "::"). */
function expand(address: string): number[] {
	const [head, tail] = address.split('::');
	const front = head ? head.split(':') : [];
	const back = tail ? tail.split(':') : [];
	const groups = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
	return groups.flatMap(group => {
		const value = Number.parseInt(group, 16);
		return [value >> 8, value & 0xff];
	});
}

export async function startSocksServer(script: SocksScript = {}): Promise<TestSocksServer> {
	const requests: SocksRequest[] = [];
	const logins: Array<{user: string; password: string}> = [];
	const open = new Set<net.Socket>();
	const state = {connections: 0};
	const server = net.createServer(async client => {
		state.connections++;
		open.add(client);
		client.on('close', () => open.delete(client));
		client.on('error', () => {});
		const read = reader(client);
		try {
			const [version, count] = await read(2);
			const methods = [...(await read(count!))];
			if (version !== 5) return void client.destroy();
			if (script.closeAfter === 'greeting') return void client.destroy();
			if (script.silent) return;
			const wanted = script.login ? 2 : 0;
			if (!methods.includes(wanted)) return void client.end(Buffer.from([5, 0xff]));
			client.write(Buffer.from([5, wanted]));
			if (script.login) {
				const [, userLength] = await read(2);
				const user = (await read(userLength!)).toString('utf8');
				const [passwordLength] = await read(1);
				const password = (await read(passwordLength!)).toString('utf8');
				logins.push({user, password});
				const ok = user === script.login.user && password === script.login.password;
				client.write(Buffer.from([script.loginReplyVersion ?? 1, ok ? 0 : 1]));
				if (!ok) return void client.end();
			}
			const [, command, , type] = await read(4);
			const request = await readAddress(read, type!);
			requests.push(request);
			if (script.closeAfter === 'request') return void client.destroy();
			if (command !== 1) return void client.end(reply(7, {host: '0.0.0.0', port: 0}));
			if (script.reply !== undefined) return void client.end(reply(script.reply, {host: '0.0.0.0', port: 0}));
			if (script.delayMs) await new Promise(resolve => setTimeout(resolve, script.delayMs));
			const host = script.names?.[request.host] ?? request.host;
			if (script.optimistic) client.write(reply(0, {host: '0.0.0.0', port: 0}));
			const upstream = net.connect({host, port: script.ports?.[request.port] ?? request.port});
			upstream.once('error', (error: Error & {code?: string}) => (script.optimistic || script.replyless ? client.end() : client.end(reply(error.code === 'ECONNREFUSED' ? 5 : 4, {host: '0.0.0.0', port: 0}))));
			upstream.once('connect', () => {
				open.add(upstream);
				upstream.on('close', () => open.delete(upstream));
				upstream.on('error', () => client.destroy());
				if (script.replyless) client.write(reply(0, {host: '0.0.0.0', port: 0}));
				else if (!script.optimistic) client.write(reply(0, script.bound ?? {host: upstream.localAddress!, port: upstream.localPort!}));
				client.removeAllListeners('data');
				client.pipe(upstream).pipe(client);
				client.on('close', () => upstream.destroy());
			});
		} catch {
			client.destroy();
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		host: '127.0.0.1',
		port,
		requests,
		logins,
		get connections() {
			return state.connections;
		},
		close: () =>
			new Promise<void>(resolve => {
				for (const socket of open) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

async function readAddress(read: (count: number) => Promise<Buffer>, type: number): Promise<SocksRequest> {
	if (type === 1) {
		const bytes = await read(6);
		return {type: 'ipv4', host: [...bytes.subarray(0, 4)].join('.'), port: bytes.readUInt16BE(4)};
	}
	if (type === 3) {
		const [length] = await read(1);
		const bytes = await read(length! + 2);
		return {type: 'name', host: bytes.subarray(0, length).toString('latin1'), port: bytes.readUInt16BE(length!)};
	}
	const bytes = await read(18);
	const groups = Array.from({length: 8}, (_, index) => bytes.readUInt16BE(index * 2).toString(16));
	return {type: 'ipv6', host: new net.SocketAddress({address: groups.join(':'), family: 'ipv6'}).address, port: bytes.readUInt16BE(16)};
}
