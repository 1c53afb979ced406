// Addresses as SPF compares them: bytes, CIDR matches, reverse names, and IPv4-mapped IPv6 taken as IPv4 (RFC 7208 §5).
import {isIPv4, isIPv6} from 'node:net';

/** An IPv4 address as RFC 7208's ABNF writes it: four decimal octets 0 to 255, no leading zeros. */
export const isDottedQuad = (text: string) => /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(text);

/** The 16 bytes of an IPv6 address (an IPv4 tail as in ::ffff:192.0.2.1 allowed), or the 4 of an IPv4 one. */
function addressBytes(ip: string): Uint8Array {
	if (isIPv4(ip)) return Uint8Array.from(ip.split('.').map(Number));
	let text = ip.toLowerCase().replace(/%.*$/, '');
	const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (v4Tail) {
		const [a, b, c, d] = v4Tail[1]!.split('.').map(Number) as [number, number, number, number];
		text = `${text.slice(0, -v4Tail[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head = '', tail] = text.split('::') as [string, string | undefined];
	const left = head === '' ? [] : head.split(':');
	const right = tail === undefined || tail === '' ? [] : tail.split(':');
	const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
	return Uint8Array.from(groups.flatMap(group => [Number.parseInt(group, 16) >> 8, Number.parseInt(group, 16) & 0xff]));
}

/** The client as SPF sees it: an IPv4-mapped IPv6 address (::ffff:192.0.2.1) is the IPv4 address it holds. */
export function clientAddress(ip: string): string {
	if (!isIPv6(ip)) return ip;
	const bytes = addressBytes(ip);
	const mapped = bytes.slice(0, 10).every(byte => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
	return mapped ? [...bytes.slice(12)].join('.') : ip;
}

/** Whether `ip` is in `network`/`prefix`; an address of the other family never is. */
export function inNetwork(ip: string, network: string, prefix: number): boolean {
	if (isIPv6(ip) !== isIPv6(network)) return false;
	const a = addressBytes(ip);
	const b = addressBytes(network);
	for (let bit = 0; bit < prefix; bit++) {
		const mask = 0x80 >> (bit % 8);
		if ((a[bit >> 3]! & mask) !== (b[bit >> 3]! & mask)) return false;
	}
	return true;
}

/** The name a PTR query for `ip` asks: 3.2.0.192.in-addr.arpa, or 32 nibbles under ip6.arpa. */
export function reverseName(ip: string): string {
	if (!isIPv6(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
	return `${nibbles(ip).reverse().join('.')}.ip6.arpa`;
}

/** An IPv6 address's 32 hex digits, in order. */
export const nibbles = (ip: string) => [...addressBytes(ip)].flatMap(byte => [byte >> 4, byte & 15]).map(nibble => nibble.toString(16));
