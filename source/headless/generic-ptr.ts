// Whether a reverse DNS name looks like a provider's generic one for a home or dynamic line
// (203-0-113-7.dsl.example.net, dynamic-pool.example.net), which receivers score as such: Spamhaus's PBL and many
// filters treat mail straight from these as not from a mail server.
import {isIPv6} from 'node:net';

/** Words providers put in the names of end-user lines, each matched as a whole part of a label (digits aside). */
const GENERIC_WORDS = ['dynamic', 'dyn', 'dsl', 'adsl', 'vdsl', 'xdsl', 'pool', 'dhcp', 'dialup', 'dial', 'ppp', 'pppoe', 'cable', 'broadband', 'residential', 'customer', 'cust', 'client', 'home', 'user'];

/** Why `name` looks generic for `ip`, or undefined: it holds the address's four numbers, or a word as above. */
export function genericReason(name: string, ip: string): string | undefined {
	const lower = name.toLowerCase();
	if (!isIPv6(ip)) {
		const octets = ip.split('.');
		// In order or reversed, joined by anything or nothing (203-0-113-7, 7.113.0.203, 203000113007).
		const numbers = `.${lower.match(/\d+/g)?.map(Number).join('.') ?? ''}.`;
		const padded = octets.map(octet => octet.padStart(3, '0')).join('');
		if (numbers.includes(`.${octets.join('.')}.`) || numbers.includes(`.${[...octets].reverse().join('.')}.`) || lower.includes(padded)) return 'it holds the numbers of the address';
	}
	const word = lower.split(/[.\-_]/).map(part => part.replace(/\d+/g, '')).find(part => GENERIC_WORDS.includes(part));
	return word === undefined ? undefined : `it has "${word}" in it`;
}
