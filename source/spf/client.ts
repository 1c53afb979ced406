// SPF of one client connection: what a receiver's SPF makes of this address sending as this MAIL FROM domain (the
// HELO name for the null sender), given up after a time limit; and what each result means to receivers, in words.
// `send` checks its own connection with it, the sandbox each client's.
import {BlockList, isIPv6} from 'node:net';
import {clientAddress} from './address.js';
import {checkHost, isLookupName, type SpfDns, type SpfResult} from './evaluate.js';
import {within} from '../within.js';

/** Whose SPF, for which address, and what came of it: send's --json `spf`, the sandbox's `spf` event. */
export type ClientSpf = {domain: string; ip: string; result: SpfResult; matched?: string; reason: string};

/** The most the SPF check waits in all (less when --timeout is shorter): it only informs. */
export const SPF_CHECK_MS = 5000;

/** Addresses no receiver out there sees mail come from: loopback, private (RFC 1918, fc00::/7), CGNAT, link-local. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10]] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
	const ip = clientAddress(address.replace(/%.*$/, ''));
	return !NOT_PUBLIC.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
}

/** What receivers will do, in words, for each result. */
export const SPF_MEANING: Record<SpfResult, string> = {
	pass: 'receivers that check SPF accept this address for it',
	fail: 'receivers will likely refuse or junk this mail',
	softfail: 'receivers will likely junk this mail',
	neutral: 'the domain says nothing of this address, so SPF does not vouch for this mail',
	none: 'the domain has no SPF record, so SPF does not vouch for this mail',
	permerror: 'its SPF record is broken, which receivers treat as a failure',
	temperror: 'not known now; receivers would defer the mail or judge it without SPF',
};

/**
 * SPF for mail from `sender` (empty: the null sender, checked as the HELO name) over a connection from `ip`; none
 * when the domain is no name to look up (an address literal). Given up after `timeoutMs`, as a temperror.
 */
export async function connectionSpf(sender: string, helo: string, ip: string, dns: SpfDns, timeoutMs: number): Promise<ClientSpf | undefined> {
	const domain = (sender === '' ? helo : sender.slice(sender.lastIndexOf('@') + 1)).replace(/\.$/, '');
	if (domain.startsWith('[') || !isLookupName(domain)) return undefined;
	const checked = checkHost({ip, domain, sender, helo}, dns).then(({result, matched, reason}): ClientSpf => ({domain, ip, result, ...(matched !== undefined && {matched}), reason}));
	return within(checked, timeoutMs, (): ClientSpf => ({domain, ip, result: 'temperror', reason: `no answer within ${timeoutMs / 1000} s`}));
}
