// Ctrl+L in the connection panel: deliver straight to the recipient's domain, as the tutorial does by hand.
import {domainOf, lookupAddresses, lookupMx, mxFailureText, mxWarnings, type MxHost, type Resolver} from '../transport/mx.js';
import {bareAddress, splitAddressList} from '../message/lists.js';
import {MARK} from './theme.js';

export type MxChoice = {domain: string; hosts: Array<MxHost & {addresses: string[]}>; index: number};

/** The MX hosts of the domain in preference order, each with its addresses. */
async function lookupDomainMx(domain: string, resolver?: Resolver): Promise<MxChoice> {
	const found = await lookupMx(domain, resolver);
	const hosts = await Promise.all(found.map(async host => ({...host, addresses: await lookupAddresses(host.exchange, resolver).catch(() => [])})));
	return {domain, hosts, index: 0};
}

/**
 * The MX to target for these recipient fields (To, Cc, Bcc as typed): the best one, or the one after `held`, the
 * choice the panel still targets, when it is of the same domain. A message for the footer when there is none.
 * `onLookup` hears of a lookup in DNS as it starts (the next of a held choice needs none).
 */
export async function nextMx(fields: string[], held: MxChoice | undefined, resolver?: Resolver, onLookup?: (domain: string) => void): Promise<MxChoice | {message: string}> {
	const [recipient] = fields.flatMap(field => splitAddressList(field));
	if (!recipient) return {message: "add a recipient first: the MX comes from the recipient's domain"};
	const address = bareAddress(recipient);
	try {
		const domain = domainOf(address);
		if (held?.domain === domain && held.hosts.length > 0) return {...held, index: (held.index + 1) % held.hosts.length};
		onLookup?.(domain);
		return await lookupDomainMx(domain, resolver);
	} catch (error) {
		return {message: mxFailureText(error)};
	}
}

export function describeMx(choice: MxChoice): string[] {
	return [
		`MX for ${choice.domain}:`,
		...choice.hosts.map(
			(host, index) =>
				`  ${index === choice.index ? MARK.active : ' '} ${host.implicit ? '(no MX: the domain itself)' : `preference ${host.priority}`}  ${host.exchange}  ${host.addresses.join(', ') || '(no address)'}`,
		),
		...mxWarnings(choice.domain, choice.hosts).map(warning => `warning: ${warning}`),
	];
}
