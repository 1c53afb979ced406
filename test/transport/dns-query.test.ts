// check's own DNS queries (TLSA, with the DNSSEC bit): the wire format against hand-built answers, and the client
// against the loopback DNS server of the tests and raw UDP sockets that answer wrongly or not at all.
import dgram from 'node:dgram';
import {once} from 'node:events';
import net from 'node:net';
import {runInNewContext} from 'node:vm';
import {describe, expect, test} from 'vitest';
import {startDnsServer} from '../helpers/dns-server.js';
import {decodeAnswer, decodeTlsa, DNS_TYPES, encodeQuery} from '../../source/transport/dns-wire.js';
import {DnsQueryError, queryDns} from '../../source/transport/dns-query.js';
import {cleanupAfterEach} from './harness.js';

const cleanup = cleanupAfterEach();

/** A UDP socket on loopback that answers each query with the datagrams `reply` makes of it, in order. */
async function udpServer(reply: (query: Buffer) => Buffer[]) {
	const socket = dgram.createSocket('udp4');
	socket.on('message', (query, peer) => {
		for (const answer of reply(query)) socket.send(answer, peer.port, peer.address);
	});
	socket.bind(0, '127.0.0.1');
	await once(socket, 'listening');
	cleanup(() => new Promise<void>(resolve => socket.close(() => resolve())));
	return {address: '127.0.0.1', port: socket.address().port};
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as DnsQueryError);

describe('dns-wire', () => {
	test('a query asks recursion and AD, with an EDNS0 OPT record that sets DO', () => {
		const query = encodeQuery(0x1234, '_25._tcp.mx.example.test.', DNS_TYPES.TLSA);
		expect(query.readUInt16BE(0)).toBe(0x1234);
		expect(query.readUInt16BE(2)).toBe(0x0120);
		expect(query.readUInt16BE(10)).toBe(1);
		expect(query.subarray(12, 12 + 26).toString('latin1')).toBe('\x03_25\x04_tcp\x02mx\x07example\x04test\x00');
		expect([...query.subarray(-11)]).toEqual([0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0]);
		expect(() => encodeQuery(1, `${'a'.repeat(64)}.test`, DNS_TYPES.A)).toThrow('is not a name DNS can carry');
	});

	test('an answer with compressed names: flags, a CNAME target, a TLSA record', () => {
		const question = Buffer.from('\x02mx\x07example\x04test\x00\x00\x34\x00\x01', 'latin1');
		const cname = Buffer.from([0xc0, 12, 0, 5, 0, 1, 0, 0, 1, 44, 0, 7, 4, ...Buffer.from('next'), 0xc0, 15]);
		const tlsa = Buffer.from([0xc0, 12 + question.length + 12, 0, 52, 0, 1, 0, 0, 1, 44, 0, 5, 3, 1, 1, 0xab, 0xcd]);
		const header = Buffer.from([0xbe, 0xef, 0x81, 0xa0, 0, 1, 0, 2, 0, 0, 0, 0]);
		const answer = decodeAnswer(Buffer.concat([header, question, cname, tlsa]));
		expect(answer).toMatchObject({id: 0xbeef, truncated: false, authenticated: true, rcode: 0});
		expect(answer.answers.map(({name, type, target}) => ({name, type, target}))).toEqual([
			{name: 'mx.example.test', type: 5, target: 'next.example.test'},
			{name: 'next.example.test', type: 52, target: undefined},
		]);
		expect(decodeTlsa(answer.answers[1]!.data)).toEqual({usage: 3, selector: 1, matchingType: 1, data: 'abcd'});
	});

	test('a name holding bytes that are no visible ASCII (or a dot in a label) reads in presentation form, and is asked as it was', () => {
		const question = Buffer.from('\x02mx\x04test\x00\x00\x01\x00\x01', 'latin1');
		const cname = Buffer.concat([Buffer.from([0xc0, 12, 0, 5, 0, 1, 0, 0, 1, 44, 0, 9, 6]), Buffer.from('a\x1b[2J.', 'latin1'), Buffer.from([0xc0, 15])]);
		const header = Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
		const {answers} = decodeAnswer(Buffer.concat([header, question, cname]));
		expect(answers[0]!.target).toBe('a\\027[2j\\046.test');
		expect(encodeQuery(1, answers[0]!.target!, DNS_TYPES.A).subarray(12, 12 + 13).toString('latin1')).toBe('\x06a\x1b[2j.\x04test\x00');
	});

	test('bytes that are no answer are refused with what is wrong, a pointer loop among them', () => {
		expect(() => decodeAnswer(Buffer.alloc(5))).toThrow('shorter than a DNS header');
		const loop = Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
		expect(() => decodeAnswer(loop)).toThrow('does not point back');
		// A pointer back to the start of its own labels: each pointer points back, yet the name would never end.
		const round = Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x62, 0x63, 0xc0, 12, 0, 1, 0, 1]);
		// Read under a time limit: were it read round, the test would fail, not hang.
		expect(() => runInNewContext('decodeAnswer(round)', {decodeAnswer, round}, {timeout: 2000})).toThrow('does not point back');
		expect(() => decodeAnswer(Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0]))).toThrow('the answer ends inside a name');
		expect(() => decodeTlsa(Buffer.from([3, 1]))).toThrow('shorter than its fields');
	});
});

describe('queryDns', () => {
	test('reads the records and the AD flag; asks again over TCP when the answer is truncated', async () => {
		const dns = await startDnsServer({'_25._tcp.mx.test': {tlsa: [{usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32)}], ad: true, truncate: true}});
		cleanup(() => dns.close());
		const answer = await queryDns({address: '127.0.0.1', port: dns.port}, '_25._tcp.mx.test', DNS_TYPES.TLSA, 2000);
		expect(answer.authenticated).toBe(true);
		expect(answer.answers.map(record => decodeTlsa(record.data))).toEqual([{usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32)}]);
		expect(dns.queries.map(query => query.transport)).toEqual(['udp', 'tcp']);
	});

	test('an answer to another id is ignored, as a spoofed one would be; the real one is taken', async () => {
		const forged = await udpServer(query => [emptyAnswer(query, (query.readUInt16BE(0) + 1) & 0xffff, 0x81a0)]);
		const error = await failureOf(queryDns(forged, 'mx.test', DNS_TYPES.A, 300));
		expect(error).toMatchObject({code: 'ETIMEOUT', message: `no answer from 127.0.0.1:${forged.port} within 0.3 s`});
		// The forged answer (AD set) first, then the server's own (AD clear): the own one is read.
		const both = await udpServer(query => [emptyAnswer(query, (query.readUInt16BE(0) + 1) & 0xffff, 0x81a0), emptyAnswer(query, query.readUInt16BE(0), 0x8180)]);
		expect((await queryDns(both, 'mx.test', DNS_TYPES.A, 2000)).authenticated).toBe(false);
	});

	test('no answer: given up after the time allowed, with the query asked twice', async () => {
		let asked = 0;
		const server = await udpServer(() => {
			asked++;
			return [];
		});
		const error = await failureOf(queryDns(server, 'mx.test', DNS_TYPES.A, 600));
		expect(error).toBeInstanceOf(DnsQueryError);
		expect(error?.code).toBe('ETIMEOUT');
		expect(asked).toBe(2);
	});

	test('over TCP, a server that sends a byte now and then is given up at the time allowed, not waited on', async () => {
		const sockets = new Set<net.Socket>();
		const tcp = net.createServer(socket => {
			sockets.add(socket);
			socket.on('error', () => undefined);
			// An answer of 60000 bytes announced, then one byte each 50 ms: never idle long, never done.
			socket.write(Buffer.from([0xea, 0x60]));
			const drip = setInterval(() => socket.write(Buffer.from([0])), 50);
			socket.on('close', () => clearInterval(drip));
		});
		// TCP takes the UDP server's port number, which another process may hold: another pair then, as dns-server.ts does.
		let truncated;
		for (let attempt = 0; !truncated; attempt++) {
			const udp = await udpServer(query => [emptyAnswer(query, query.readUInt16BE(0), 0x8380)]);
			const listened = await new Promise<boolean>(resolve => {
				tcp.once('error', () => resolve(false));
				tcp.listen(udp.port, '127.0.0.1', () => resolve(true));
			});
			if (listened) truncated = udp;
			else if (attempt === 10) throw new Error('no port free for both UDP and TCP');
		}
		cleanup(() => {
			for (const socket of sockets) socket.destroy();
			return new Promise<void>(resolve => tcp.close(() => resolve()));
		});
		const error = await failureOf(queryDns(truncated, 'mx.test', DNS_TYPES.A, 600));
		expect(error).toMatchObject({code: 'ETIMEOUT'});
		expect(error?.message).toMatch(/over TCP within/);
	});

	test('an answer that is not DNS: said as such', async () => {
		const server = await udpServer(query => [Buffer.concat([query.subarray(0, 2), Buffer.from([0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]), query.subarray(12, -11), Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 200, 1])])]);
		const error = await failureOf(queryDns(server, 'mx.test', DNS_TYPES.A, 1000));
		expect(error).toMatchObject({code: 'EBADRESP', message: `127.0.0.1:${server.port} sent an answer that is not valid DNS: the answer ends inside a record`});
	});
});

/** The query turned into an empty answer with this id and these flags (without its OPT record). */
function emptyAnswer(query: Buffer, id: number, flags: number): Buffer {
	const answer = Buffer.from(query.subarray(0, -11));
	answer.writeUInt16BE(id, 0);
	answer.writeUInt16BE(flags, 2);
	answer.writeUInt16BE(0, 10);
	return answer;
}
