// Ctrl+L in the connection panel: deliver straight to the recipient's domain, as the tutorial does by hand.
import {domainOf, lookupAddresses, lookupMx, type MxHost, type Resolver} from '../transport/mx.js';

export type MxChoice = {domain: string; hosts: Array<MxHost & {addresses: string[]}>; index: number};

/** The MX hosts of the recipient's domain in preference order, each with its addresses. */
export async function lookupRecipientMx(recipient: string, resolver?: Resolver): Promise<MxChoice> {
	const domain = domainOf(recipient);
	const found = await lookupMx(domain, resolver);
	const hosts = await Promise.all(found.map(async host => ({...host, addresses: await lookupAddresses(host.exchange, resolver).catch(() => [])})));
	return {domain, hosts, index: 0};
}

export function describeMx(choice: MxChoice): string[] {
	return [
		`MX for ${choice.domain}:`,
		...choice.hosts.map(
			(host, index) =>
				`  ${index === choice.index ? '▸' : ' '} ${host.implicit ? '(no MX: the domain itself)' : `preference ${host.priority}`}  ${host.exchange}  ${host.addresses.join(', ') || '(no address)'}`,
		),
	];
}
