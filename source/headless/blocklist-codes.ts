// What a blocklist's answer means, in words: Spamhaus's codes (ZEN, and its DQS zones) one by one, any other
// list's 127.0.0.x as a listing. Spamhaus's 127.255.255.x are refusals of the query, never a listing.
import {isIPv6} from 'node:net';

/**
 * `listed`: receivers that use the list refuse or junk mail from the address. `policy`: the PBL, where an ISP says
 * the address should not send mail directly, which is no fault of a host that sends through its provider's relay.
 * `not-listed`; `not-known`: the list refused the query, or answered with something that is no listing code.
 */
export type BlocklistStatus = 'listed' | 'policy' | 'not-listed' | 'not-known';

/** The lists asked by default: well known, free for low volumes; `ipv6`: whether the list answers for IPv6 addresses. */
export const DEFAULT_BLOCKLISTS: ReadonlyArray<{zone: string; ipv6: boolean}> = [
	{zone: 'zen.spamhaus.org', ipv6: true},
	{zone: 'bl.spamcop.net', ipv6: false},
	{zone: 'b.barracudacentral.org', ipv6: false},
	{zone: 'psbl.surriel.com', ipv6: false},
	{zone: 'bl.mailspike.net', ipv6: false},
];

/** A zone of the defaults that lists IPv4 addresses only, for an IPv6 address: not asked. A zone the user named is. */
export const asksFor = (zone: string, ip: string) => !isIPv6(ip) || (DEFAULT_BLOCKLISTS.find(known => known.zone === zone)?.ipv6 ?? true);

const isSpamhaus = (zone: string) => /(^|\.)spamhaus\.(org|net)$/.test(zone);

const PUBLIC_RESOLVER = 'Spamhaus does not answer queries through public resolvers (use your own resolver or a DQS key)';

/** Spamhaus's return codes (https://www.spamhaus.org/faq/section/DNSBL%20Usage). */
const SPAMHAUS: Record<string, {status: BlocklistStatus; words: string}> = {
	'127.0.0.2': {status: 'listed', words: 'SBL: a known spam source or spam operation'},
	'127.0.0.3': {status: 'listed', words: 'SBL CSS: snowshoe spam seen from this address'},
	'127.0.0.4': {status: 'listed', words: 'XBL: an infected or exploited machine (a bot, an open proxy) sends from this address'},
	'127.0.0.9': {status: 'listed', words: 'DROP: a hijacked network or one run by spammers'},
	'127.0.0.10': {status: 'policy', words: "PBL (set by the ISP): this address should not send mail directly: use your provider's relay"},
	'127.0.0.11': {status: 'policy', words: "PBL (set by Spamhaus): this address should not send mail directly: use your provider's relay"},
	'127.255.255.252': {status: 'not-known', words: 'Spamhaus does not know the zone name (a typing error in it)'},
	'127.255.255.254': {status: 'not-known', words: PUBLIC_RESOLVER},
	'127.255.255.255': {status: 'not-known', words: 'Spamhaus refused the query: too many queries from your resolver (use your own resolver or a DQS key)'},
};
// 127.0.0.5 to .7 are the XBL's too (older CBL codes).
for (const code of ['127.0.0.5', '127.0.0.6', '127.0.0.7']) SPAMHAUS[code] = SPAMHAUS['127.0.0.4']!;

/** One code's meaning: Spamhaus's own, else any 127.0.0.2 or above a listing, and anything else no listing. */
function codeMeaning(zone: string, code: string): {status: BlocklistStatus; words: string} {
	const spamhaus = isSpamhaus(zone) ? SPAMHAUS[code] : undefined;
	if (spamhaus) return spamhaus;
	const last = /^127\.0\.0\.(\d+)$/.exec(code)?.[1];
	// The code alone says nothing more than "listed": the TXT record says why.
	if (last !== undefined && Number(last) >= 2) return {status: 'listed', words: ''};
	if (code.startsWith('127.')) return {status: 'not-known', words: `${code}, which is no listing code: the list reports an error (a refused or unregistered resolver?)`};
	// A resolver that answers every name (an ISP's "search" page for NXDOMAIN), or a list that has shut down.
	return {status: 'not-known', words: `${code}, outside 127.0.0.0/8: no listing code, so your resolver or the list answers every name`};
}

/** The most telling status of several codes (ZEN answers one per list it finds the address on), and what they say. */
export function blocklistMeaning(zone: string, codes: readonly string[]): {status: BlocklistStatus; words: string[]} {
	const meanings = codes.map(code => codeMeaning(zone, code));
	const status = (['listed', 'policy', 'not-known'] as const).find(candidate => meanings.some(meaning => meaning.status === candidate)) ?? 'not-listed';
	return {status, words: [...new Set(meanings.map(meaning => meaning.words).filter(Boolean))]};
}
