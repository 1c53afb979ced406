// One DNS query of check's own (dns-wire.ts): over UDP, asked again once if no answer comes within a third of the
// time, and over TCP when the answer comes truncated; given up after `timeoutMs`, as --timeout promises.
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import {randomInt} from 'node:crypto';
import {decodeAnswer, encodeQuery, type DnsAnswer} from './dns-wire.js';
import {dnsServerText, type DnsServer} from './dns-resolver.js';

/** A query's failure, with the code c-ares gives for the same (ETIMEOUT, ECONNREFUSED, EBADRESP). */
export class DnsQueryError extends Error {
	override readonly name = 'DnsQueryError';
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message);
	}
}

/**
 * The system's first DNS server (the first `nameserver` of /etc/resolv.conf on Linux, as c-ares reads it), or
 * undefined when it has none. Node gives it as `ip`, `ip:port` or `[ipv6]:port`.
 */
export function systemDnsServer(): DnsServer | undefined {
	const [first] = dns.getServers();
	if (first === undefined) return undefined;
	const bracketed = /^\[(.*)\](?::(\d+))?$/.exec(first);
	if (bracketed) return {address: bracketed[1]!, port: Number(bracketed[2] ?? 53)};
	const withPort = net.isIPv4(first.replace(/:\d+$/, '')) ? /^(.*):(\d+)$/.exec(first) : null;
	return withPort ? {address: withPort[1]!, port: Number(withPort[2])} : {address: first, port: 53};
}

/** An answer that is the one to this query: its id, and the question's name and type (RFC 5452's checks). */
function matches(answer: Buffer, query: Buffer): boolean {
	return answer.length >= query.length - 11 && answer.readUInt16BE(0) === query.readUInt16BE(0) && (answer[2]! & 0x80) !== 0 && answer.subarray(12, query.length - 11).equals(query.subarray(12, query.length - 11));
}

function overUdp(server: DnsServer, query: Buffer, timeoutMs: number): Promise<Buffer> {
	const socket = dgram.createSocket(net.isIPv6(server.address) ? 'udp6' : 'udp4');
	return new Promise<Buffer>((resolve, reject) => {
		const again = setTimeout(() => socket.send(query), Math.max(1, Math.round(timeoutMs / 3)));
		const done = () => {
			clearTimeout(again);
			clearTimeout(late);
			socket.close();
		};
		const late = setTimeout(() => {
			done();
			reject(new DnsQueryError(`no answer from ${dnsServerText(server)} within ${timeoutMs / 1000} s`, dns.TIMEOUT));
		}, timeoutMs);
		socket.on('error', (error: NodeJS.ErrnoException) => {
			done();
			const refused = error.code === 'ECONNREFUSED';
			reject(new DnsQueryError(refused ? `${dnsServerText(server)} refused the query: nothing listens there` : `the query to ${dnsServerText(server)} failed (${error.code ?? error.message})`, refused ? dns.CONNREFUSED : (error.code ?? 'EUNKNOWN')));
		});
		// Only the server's datagrams reach a connected socket; others' answers to other ids are ignored.
		socket.on('message', message => {
			if (!matches(message, query)) return;
			done();
			resolve(message);
		});
		socket.connect(server.port, server.address, () => socket.send(query));
	});
}

function overTcp(server: DnsServer, query: Buffer, timeoutMs: number): Promise<Buffer> {
	return new Promise<Buffer>((resolve, reject) => {
		const socket = net.connect({host: server.address, port: server.port});
		let received = Buffer.alloc(0);
		const fail = (error: DnsQueryError) => {
			clearTimeout(late);
			socket.destroy();
			reject(error);
		};
		// A deadline, not socket.setTimeout's idle time: a server that sends a byte now and then must not hold check.
		const late = setTimeout(() => fail(new DnsQueryError(`no answer from ${dnsServerText(server)} over TCP within ${timeoutMs / 1000} s`, dns.TIMEOUT)), timeoutMs);
		socket.on('error', (error: NodeJS.ErrnoException) => fail(new DnsQueryError(`the query to ${dnsServerText(server)} over TCP failed (${error.code ?? error.message})`, error.code === 'ECONNREFUSED' ? dns.CONNREFUSED : (error.code ?? 'EUNKNOWN'))));
		socket.on('close', () => fail(new DnsQueryError(`${dnsServerText(server)} closed the TCP connection before its answer`, dns.BADRESP)));
		socket.on('data', chunk => {
			received = Buffer.concat([received, chunk]);
			if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
			clearTimeout(late);
			socket.destroy();
			resolve(received.subarray(2, 2 + received.readUInt16BE(0)));
		});
		const length = Buffer.alloc(2);
		length.writeUInt16BE(query.length);
		socket.write(Buffer.concat([length, query]));
	});
}

/** Asks `server` for `name`'s records of `type`, with the DNSSEC OK bit; rejects with a DnsQueryError. */
export async function queryDns(server: DnsServer, name: string, type: number, timeoutMs: number): Promise<DnsAnswer> {
	const query = encodeQuery(randomInt(0x10000), name, type);
	const started = performance.now();
	const decoded = (message: Buffer) => {
		try {
			return decodeAnswer(message);
		} catch (error) {
			throw new DnsQueryError(`${dnsServerText(server)} sent an answer that is not valid DNS: ${(error as Error).message}`, dns.BADRESP);
		}
	};
	const answer = decoded(await overUdp(server, query, timeoutMs));
	if (!answer.truncated) return answer;
	const tcp = await overTcp(server, query, Math.max(1, timeoutMs - (performance.now() - started)));
	if (!matches(tcp, query)) throw new DnsQueryError(`${dnsServerText(server)} answered another question over TCP`, dns.BADRESP);
	return decoded(tcp);
}
