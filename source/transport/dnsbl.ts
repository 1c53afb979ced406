// DNS blocklists (RFC 5782): an address listed in a zone has an A record (127.0.0.x, the code) at its reversed form
// under the zone (IPv4's octets, IPv6's 32 nibbles), and usually a TXT record beside it with the reason or a URL.
// No record (NXDOMAIN) is "not listed".
import {isIPv6} from 'node:net';
import {nibbles} from '../spf/address.js';
import type {SpfDns} from '../spf/evaluate.js';
import {errorCode} from '../error-code.js';

/** 7.2.0.192.zen.spamhaus.org; for IPv6 the nibbles, last first, as ip6.arpa has them. */
function blocklistName(ip: string, zone: string): string {
	const reversed = isIPv6(ip) ? nibbles(ip).reverse().join('.') : ip.split('.').reverse().join('.');
	return `${reversed}.${zone}`;
}

/** The codes (none: not listed) and, for a listing, its TXT records' text; or why the lookup failed. */
type BlocklistAnswer = {codes: string[]; txt: string[]} | {error: string};

export async function queryBlocklist(ip: string, zone: string, dns: SpfDns): Promise<BlocklistAnswer> {
	const name = blocklistName(ip, zone);
	try {
		const codes = await dns.a(name);
		// The reason is asked for a listing only: a clean address has none, and the query would be wasted.
		const txt = codes.length === 0 ? [] : await dns.txt(name).then(records => records.map(strings => strings.join('')), () => []);
		return {codes, txt};
	} catch (error) {
		return {error: `the lookup of ${name} failed (${errorCode(error) ?? String(error)})`};
	}
}

/**
 * Whether the zone lists its test address 127.0.0.2, as RFC 5782 §5 has every IPv4 list do: when it does not, the
 * list is not answering this resolver (one that must be registered, refused, or a list gone), and "not listed"
 * means nothing. Undefined when the lookup failed.
 */
export async function listsTestPoint(zone: string, dns: SpfDns): Promise<boolean | undefined> {
	try {
		return (await dns.a(blocklistName('127.0.0.2', zone))).length > 0;
	} catch {
		return undefined;
	}
}
