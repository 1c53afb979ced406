// `send`'s SPF line: connected from a public address, what receivers' SPF makes of this address sending as the MAIL
// FROM domain (the HELO name for the null sender), said as soon as it is known, never holding the session up.
import {BlockList, isIPv6} from 'node:net';
import {clientAddress} from '../spf/address.js';
import {checkHost, isLookupName, type SpfDns, type SpfResult} from '../spf/evaluate.js';
import {escapeUnsafe} from '../text/escape.js';

/** --json's `spf`: whose SPF, for which address, and what came of it. */
export type SendSpf = {domain: string; ip: string; result: SpfResult; matched?: string; reason: string};

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

/** The info line: result, deciding term, meaning, and for the errors and none, why. */
export function spfLine(spf: SendSpf): string {
	const why = spf.result === 'permerror' || spf.result === 'temperror' ? `: ${spf.reason}` : '';
	return escapeUnsafe(`SPF of ${spf.domain} for ${spf.ip} (this connection's address): ${spf.result}${spf.matched ? ` (${spf.matched})` : ''} — ${SPF_MEANING[spf.result]}${why}`);
}

/**
 * SPF for mail from `sender` (empty: the null sender, checked as the HELO name) over a connection from `ip`; none
 * when the domain is no name to look up (an address literal). Given up after `timeoutMs`, as a temperror.
 */
export async function connectionSpf(sender: string, helo: string, ip: string, dns: SpfDns, timeoutMs: number): Promise<SendSpf | undefined> {
	const domain = (sender === '' ? helo : sender.slice(sender.lastIndexOf('@') + 1)).replace(/\.$/, '');
	if (domain.startsWith('[') || !isLookupName(domain)) return undefined;
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<SendSpf>(resolve => {
		timer = setTimeout(() => resolve({domain, ip, result: 'temperror', reason: `no answer within ${timeoutMs / 1000} s`}), timeoutMs);
	});
	const checked = checkHost({ip, domain, sender, helo}, dns).then(({result, matched, reason}): SendSpf => ({domain, ip, result, ...(matched !== undefined && {matched}), reason}));
	try {
		return await Promise.race([checked, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** What the check needs of a session: its local address once connected, its EHLO name, and its log. */
type Session = {getSnapshot(): {connection: string; endpoints?: {local: {address: string}}}; ehloName(): string; info(text: string): void};

/**
 * One send's SPF check: started once a session is connected from a public address, its line put in that session's
 * log if it comes while connected, else (`finish`) after the session.
 */
export class SendSpfCheck {
	#found: Promise<SendSpf | undefined> | undefined;
	#told = false;

	constructor(
		readonly sender: string,
		readonly dns: SpfDns,
		readonly timeoutMs: number,
	) {}

	/** Called as the session changes: starts the check at the first connection from a public address. */
	watch(session: Session): void {
		const local = session.getSnapshot().endpoints?.local.address;
		if (this.#found || local === undefined || !isPublicAddress(local)) return;
		this.#found = connectionSpf(this.sender, session.ehloName(), clientAddress(local), this.dns, this.timeoutMs).then(found => {
			if (found && session.getSnapshot().connection === 'connected') {
				session.info(spfLine(found));
				this.#told = true;
			}
			return found;
		});
	}

	/** The result (waiting at most the check's time limit), its line given to `note` when the session ended first. */
	async finish(note: (text: string) => void): Promise<SendSpf | undefined> {
		const found = await this.#found;
		if (found && !this.#told) note(spfLine(found));
		return found;
	}
}
