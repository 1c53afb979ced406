// The DNS wire format (RFC 1035 §4), as much as check's own queries need: one question with EDNS0 and the DO bit
// (RFC 6891, RFC 3225), and an answer's header flags (TC, AD, RCODE) and records. Node's dns module has no TLSA
// query and does not show the AD flag, which says whether the resolver validated the answer with DNSSEC.

export const DNS_TYPES = {A: 1, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28, TLSA: 52} as const;

/** The most an answer over UDP may carry, as the query tells the server (RFC 9715's advice: fits any path's MTU). */
const UDP_PAYLOAD = 1232;

export type DnsRecord = {name: string; type: number; data: Buffer; /** A CNAME's or PTR's target, or an MX record's host. */ target?: string};

export type DnsAnswer = {
	id: number;
	/** TC: the answer did not fit (over UDP): ask again over TCP. */
	truncated: boolean;
	/** AD: the resolver validated every record of the answer with DNSSEC (RFC 4035 §3.2.3). */
	authenticated: boolean;
	/** 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED... */
	rcode: number;
	answers: DnsRecord[];
};

const RCODE_NAMES: Record<number, string> = {2: 'SERVFAIL', 3: 'NXDOMAIN', 5: 'REFUSED'};

/** An answer's RCODE as dig names it: "SERVFAIL"; "RCODE 9" for one without a name here. */
export const rcodeName = (rcode: number) => RCODE_NAMES[rcode] ?? `RCODE ${rcode}`;

/**
 * A label's bytes in presentation form (RFC 1035 §5.1): `\DDD` for a byte that is no visible ASCII, a dot or a
 * backslash, so that a name from an answer (a CNAME's target) can neither hold a terminal's escapes nor split wrong.
 */
const presented = (label: Buffer) => [...label].map(byte => (byte < 0x21 || byte > 0x7e || byte === 0x2e || byte === 0x5c ? `\\${String(byte).padStart(3, '0')}` : String.fromCharCode(byte))).join('');

/** A name as labels (`\DDD` read back as its byte); throws for one DNS cannot carry (a label over 63 bytes, a name over 255). */
function encodeName(name: string): Buffer {
	const labels = name.replace(/\.$/, '').split('.').filter(label => label !== '');
	const parts = labels.map(label => {
		const bytes = Buffer.from(label.replace(/\\(25[0-5]|2[0-4]\d|[01]\d\d)/g, (_, code: string) => String.fromCharCode(Number(code))), 'latin1');
		if (bytes.length > 63 || /[^\x21-\x7e]/.test(label)) throw new Error(`"${name}" is not a name DNS can carry`);
		return Buffer.concat([Buffer.from([bytes.length]), bytes]);
	});
	const encoded = Buffer.concat([...parts, Buffer.from([0])]);
	if (encoded.length > 255) throw new Error(`"${name}" is longer than DNS allows`);
	return encoded;
}

/** A query for `name` and `type` with RD, AD (RFC 6840 §5.7: asks for the AD flag) and an OPT record with DO set. */
export function encodeQuery(id: number, name: string, type: number): Buffer {
	const header = Buffer.alloc(12);
	header.writeUInt16BE(id, 0);
	header.writeUInt16BE(0x0120, 2);
	header.writeUInt16BE(1, 4);
	header.writeUInt16BE(1, 10);
	const question = Buffer.alloc(4);
	question.writeUInt16BE(type, 0);
	question.writeUInt16BE(1, 2); // IN
	// OPT: root name, type 41, class = UDP payload size, TTL = extended RCODE, version, DO flag; no options.
	const opt = Buffer.alloc(11);
	opt.writeUInt16BE(41, 1);
	opt.writeUInt16BE(UDP_PAYLOAD, 3);
	opt.writeUInt32BE(0x8000, 5);
	return Buffer.concat([header, encodeName(name), question, opt]);
}

/**
 * A name at `start`, following compression pointers. Each must point before where the labels it ends began (not just
 * before itself: `3abc` then a pointer back to that 3 would be read round and round), so a loop cannot be built.
 */
function readName(message: Buffer, start: number): {name: string; end: number} {
	const labels: string[] = [];
	let at = start;
	/** Where the labels being read began: the name's start, or the last pointer's target. */
	let from = start;
	let end: number | undefined;
	for (;;) {
		const length = message[at];
		if (length === undefined) throw new Error('the answer ends inside a name');
		if (length === 0) break;
		if ((length & 0xc0) === 0xc0) {
			if (at + 1 >= message.length) throw new Error('the answer ends inside a name');
			const pointer = message.readUInt16BE(at) & 0x3fff;
			if (pointer >= from) throw new Error('the answer has a name pointer that does not point back');
			end ??= at + 2;
			at = from = pointer;
			continue;
		}
		if (at + 1 + length > message.length) throw new Error('the answer ends inside a name');
		labels.push(presented(message.subarray(at + 1, at + 1 + length)));
		at += 1 + length;
	}
	return {name: labels.join('.').toLowerCase(), end: end ?? at + 1};
}

/** Reads an answer; throws with what is wrong for bytes that are not one. */
export function decodeAnswer(message: Buffer): DnsAnswer {
	if (message.length < 12) throw new Error(`the answer is ${message.length} bytes, shorter than a DNS header`);
	const flags = message.readUInt16BE(2);
	let at = 12;
	for (let question = message.readUInt16BE(4); question > 0; question--) at = readName(message, at).end + 4;
	const answers: DnsRecord[] = [];
	for (let count = message.readUInt16BE(6); count > 0; count--) {
		const {name, end} = readName(message, at);
		if (end + 10 > message.length) throw new Error('the answer ends inside a record');
		const type = message.readUInt16BE(end);
		const length = message.readUInt16BE(end + 8);
		const start = end + 10;
		if (start + length > message.length) throw new Error('the answer ends inside a record');
		answers.push({name, type, data: message.subarray(start, start + length), ...((type === DNS_TYPES.CNAME || type === DNS_TYPES.PTR) && {target: readName(message, start).name}), ...(type === DNS_TYPES.MX && length > 2 && {target: readName(message, start + 2).name})});
		at = start + length;
	}
	return {id: message.readUInt16BE(0), truncated: (flags & 0x0200) !== 0, authenticated: (flags & 0x0020) !== 0, rcode: flags & 0x000f, answers};
}

/** A TLSA record's fields (RFC 6698 §2.1): certificate usage, selector, matching type, and the data in hex. */
export type TlsaRecord = {usage: number; selector: number; matchingType: number; data: string};

export function decodeTlsa(data: Buffer): TlsaRecord {
	if (data.length < 3) throw new Error(`a TLSA record of ${data.length} bytes, shorter than its fields`);
	return {usage: data[0]!, selector: data[1]!, matchingType: data[2]!, data: data.subarray(3).toString('hex')};
}

/** A TXT record's character-strings (RFC 1035 §3.3.14), each a length byte and that many bytes. */
export function decodeTxt(data: Buffer): string[] {
	const strings: string[] = [];
	for (let at = 0; at < data.length; at += 1 + data[at]!) {
		if (at + 1 + data[at]! > data.length) throw new Error('a TXT record ends inside one of its strings');
		strings.push(data.subarray(at + 1, at + 1 + data[at]!).toString());
	}
	return strings;
}

/** An A (4 bytes) or AAAA (16 bytes) record's address, as text. */
export function decodeAddress(data: Buffer): string {
	if (data.length === 4) return [...data].join('.');
	if (data.length !== 16) throw new Error(`an address record of ${data.length} bytes`);
	return Array.from({length: 8}, (_, group) => data.readUInt16BE(group * 2).toString(16)).join(':');
}
