// A small authoritative DNS server for tests: UDP and TCP on 127.0.0.1, one port for both (as resolvers expect),
// answers scripted per name. The wire format (RFC 1035 §4) is small enough to write here: no library, and the bytes
// a resolver meets are the ones a real server sends (names uncompressed, which every resolver accepts).
import dgram from 'node:dgram';
import net from 'node:net';

export type DnsEntry = {
	mx?: Array<{priority: number; exchange: string}>;
	/** The MX records a query with the DO bit gets instead of `mx`: an answer that changed between two lookups. */
	dnssecMx?: Array<{priority: number; exchange: string}>;
	a?: string[];
	aaaa?: string[];
	/** TXT records, each the strings it is made of (a record over 255 characters is several: RFC 1035 §3.3.14). */
	txt?: string[][];
	/** TLSA records (RFC 6698): certificate usage, selector, matching type, and the data in hex. */
	tlsa?: Array<{usage: number; selector: number; matchingType: number; data: string}>;
	/** TLSA records given as their raw data in hex, after those of `tlsa` (a malformed one, too short for its fields). */
	tlsaRaw?: string[];
	/**
	 * Answers for the name carry the AD flag (a validating resolver's "DNSSEC-validated") when the query asked for it
	 * (DO or AD set, RFC 6840 §5.7); through a CNAME, the name asked decides.
	 */
	ad?: boolean;
	/** PTR records (names), for a reverse name such as 7.100.51.198.in-addr.arpa. */
	ptr?: string[];
	/** The name is an alias: every query for it gets this CNAME, then the target's records when the zone has them. */
	cname?: string;
	/** Every query for the name gets this error instead of records. */
	rcode?: 'SERVFAIL' | 'REFUSED' | 'NXDOMAIN';
	/** Queries for the name go unanswered (all types, or only these), as a dead or filtering server leaves them. */
	silent?: true | Array<'MX' | 'A' | 'AAAA' | 'TXT' | 'TLSA' | 'PTR'>;
	/** UDP answers have the TC bit and no records, as when they did not fit: the resolver must ask again over TCP. */
	truncate?: boolean;
};

/** Names in any case, with or without the trailing dot. A name that is not here is NXDOMAIN. */
export type DnsZone = Record<string, DnsEntry>;

/** `dnssecOk`: the query had an EDNS0 OPT record with the DO bit set. */
export type DnsQuery = {name: string; type: string; transport: 'udp' | 'tcp'; dnssecOk?: true};

const TYPES: Record<number, string> = {1: 'A', 5: 'CNAME', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 52: 'TLSA'};
const RCODES = {NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5} as const;
/**
 * The most a UDP answer carries (RFC 1035 §4.2.1's limit without EDNS); more is sent with TC set. Kept with EDNS too,
 * whatever size the query offers (a server may send less): a large answer then takes the TCP path in every test.
 */
const UDP_LIMIT = 512;

/** The query's OPT record (EDNS0, RFC 6891), after the question at `at`: whether its DO bit is set. */
function ednsOf(query: Buffer, at: number): {dnssecOk: boolean} | undefined {
	if (query.readUInt16BE(10) === 0 || query[at] !== 0 || query.length < at + 11 || query.readUInt16BE(at + 1) !== 41) return undefined;
	return {dnssecOk: (query.readUInt32BE(at + 5) & 0x8000) !== 0};
}

const key = (name: string) => name.toLowerCase().replace(/\.$/, '');

function encodeName(name: string): Buffer {
	const labels = key(name).split('.').filter(label => label !== '');
	return Buffer.concat([...labels.map(label => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function readName(message: Buffer, start: number): {name: string; end: number} {
	const labels: string[] = [];
	let at = start;
	while (message[at]! !== 0) {
		const length = message[at]!;
		labels.push(message.subarray(at + 1, at + 1 + length).toString('ascii'));
		at += 1 + length;
	}
	return {name: labels.join('.'), end: at + 1};
}

function ipv6Bytes(address: string): Buffer {
	const [head, tail = ''] = address.includes('::') ? address.split('::') : [address, undefined];
	const left = head === '' ? [] : head!.split(':');
	const right = tail === '' || tail === undefined ? [] : tail.split(':');
	const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
	return Buffer.from(groups.flatMap(group => [Number.parseInt(group, 16) >> 8, Number.parseInt(group, 16) & 0xff]));
}

function record(name: string, type: number, data: Buffer): Buffer {
	const fixed = Buffer.alloc(10);
	fixed.writeUInt16BE(type, 0);
	fixed.writeUInt16BE(1, 2); // IN
	fixed.writeUInt32BE(300, 4);
	fixed.writeUInt16BE(data.length, 8);
	return Buffer.concat([encodeName(name), fixed, data]);
}

function recordsOf(entry: DnsEntry, name: string, type: string): Buffer[] {
	if (type === 'MX') {
		return (entry.mx ?? []).map(mx => {
			const preference = Buffer.alloc(2);
			preference.writeUInt16BE(mx.priority);
			return record(name, 15, Buffer.concat([preference, encodeName(mx.exchange)]));
		});
	}
	if (type === 'A') return (entry.a ?? []).map(address => record(name, 1, Buffer.from(address.split('.').map(Number))));
	if (type === 'TXT') return (entry.txt ?? []).map(strings => record(name, 16, Buffer.concat(strings.map(text => Buffer.concat([Buffer.from([Buffer.byteLength(text)]), Buffer.from(text)])))));
	if (type === 'PTR') return (entry.ptr ?? []).map(target => record(name, 12, encodeName(target)));
	if (type === 'AAAA') return (entry.aaaa ?? []).map(address => record(name, 28, ipv6Bytes(address)));
	if (type === 'TLSA') {
		const fields = (entry.tlsa ?? []).map(tlsa => Buffer.concat([Buffer.from([tlsa.usage, tlsa.selector, tlsa.matchingType]), Buffer.from(tlsa.data, 'hex')]));
		return [...fields, ...(entry.tlsaRaw ?? []).map(hex => Buffer.from(hex, 'hex'))].map(data => record(name, 52, data));
	}
	return [];
}

export class TestDnsServer {
	readonly queries: DnsQuery[] = [];
	port = 0;
	#udp = dgram.createSocket('udp4');
	readonly #tcp = net.createServer(socket => this.#serveTcp(socket));
	readonly #sockets = new Set<net.Socket>();

	constructor(public zone: DnsZone) {}

	/** `127.0.0.1:PORT`, as --dns takes it. */
	get address(): string {
		return `127.0.0.1:${this.port}`;
	}

	async start(): Promise<this> {
		// The UDP port is picked first, then TCP takes the same number; another process may hold it, so try again.
		for (let attempt = 0; ; attempt++) {
			await new Promise<void>(resolve => this.#udp.bind(0, '127.0.0.1', resolve));
			this.port = this.#udp.address().port;
			const listened = await new Promise<boolean>(resolve => {
				this.#tcp.once('error', () => resolve(false));
				this.#tcp.listen(this.port, '127.0.0.1', () => resolve(true));
			});
			if (listened) break;
			if (attempt === 10) throw new Error('no port free for both UDP and TCP');
			await new Promise<void>(resolve => this.#udp.close(() => resolve()));
			this.#udp = dgram.createSocket('udp4');
		}
		this.#udp.on('message', (message, peer) => {
			const answer = this.#answer(message, 'udp');
			if (answer) this.#udp.send(answer, peer.port, peer.address);
		});
		return this;
	}

	/** The answer to one query, or none (a silent name). */
	#answer(query: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
		const {name, end} = readName(query, 12);
		const type = TYPES[query.readUInt16BE(end)] ?? String(query.readUInt16BE(end));
		const edns = ednsOf(query, end + 4);
		this.queries.push({name, type, transport, ...(edns?.dnssecOk && {dnssecOk: true as const})});
		const entry = this.zone[key(name)] ?? Object.entries(this.zone).find(([zoneName]) => key(zoneName) === key(name))?.[1];
		if (entry?.silent === true || (entry?.silent && entry.silent.includes(type as 'MX'))) return undefined;
		const question = query.subarray(12, end + 4);
		const rcode: number = entry === undefined ? RCODES.NXDOMAIN : entry.rcode ? RCODES[entry.rcode] : RCODES.NOERROR;
		const answers: Buffer[] = [];
		// An alias: its CNAME, then (chased within the zone, as an authoritative server does) the target's records.
		let current = entry;
		let currentName = name;
		for (let hops = 0; current?.cname !== undefined && rcode === RCODES.NOERROR && hops < 8; hops++) {
			answers.push(record(currentName, 5, encodeName(current.cname)));
			currentName = current.cname;
			current = this.zone[key(currentName)];
		}
		const asked = current?.dnssecMx && edns?.dnssecOk ? {...current, mx: current.dnssecMx} : current;
		if (asked && rcode === RCODES.NOERROR) answers.push(...recordsOf(asked, currentName, type));
		let truncated = transport === 'udp' && entry?.truncate === true;
		const asksAd = edns?.dnssecOk === true || (query.readUInt16BE(2) & 0x0020) !== 0;
		const ad = asksAd && entry?.ad === true && rcode === RCODES.NOERROR;
		// EDNS0 answered in kind (RFC 6891 §7): an OPT record with our payload size and the query's DO bit.
		const opt = edns && Buffer.from([0, 0, 41, UDP_LIMIT >> 8, UDP_LIMIT & 0xff, 0, 0, edns.dnssecOk ? 0x80 : 0, 0, 0, 0]);
		const header = Buffer.alloc(12);
		const build = () => {
			header.writeUInt16BE(query.readUInt16BE(0), 0);
			// QR, AA, RD copied from the query, TC when cut, AD for a name marked validated.
			header.writeUInt16BE(0x8400 | (truncated ? 0x0200 : 0) | (query.readUInt16BE(2) & 0x0100) | (ad ? 0x0020 : 0) | rcode, 2);
			header.writeUInt16BE(1, 4);
			header.writeUInt16BE(truncated ? 0 : answers.length, 6);
			header.writeUInt16BE(opt ? 1 : 0, 10);
			return Buffer.concat([header, question, ...(truncated ? [] : answers), ...(opt ? [opt] : [])]);
		};
		let message = build();
		if (transport === 'udp' && message.length > UDP_LIMIT) {
			truncated = true;
			message = build();
		}
		return message;
	}

	#serveTcp(socket: net.Socket): void {
		this.#sockets.add(socket);
		socket.on('close', () => this.#sockets.delete(socket));
		socket.on('error', () => {});
		let buffer = Buffer.alloc(0);
		socket.on('data', chunk => {
			buffer = Buffer.concat([buffer, chunk]);
			while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
				const query = buffer.subarray(2, 2 + buffer.readUInt16BE(0));
				buffer = buffer.subarray(2 + query.length);
				const answer = this.#answer(query, 'tcp');
				if (!answer) continue;
				const length = Buffer.alloc(2);
				length.writeUInt16BE(answer.length);
				socket.write(Buffer.concat([length, answer]));
			}
		});
	}

	async close(): Promise<void> {
		for (const socket of this.#sockets) socket.destroy();
		await Promise.all([new Promise<void>(resolve => this.#udp.close(() => resolve())), new Promise<void>(resolve => this.#tcp.close(() => resolve()))]);
	}
}

/** A DNS server answering from `zone`, started; close it after the test. */
export const startDnsServer = (zone: DnsZone) => new TestDnsServer(zone).start();
