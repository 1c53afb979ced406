// Where a host's TLSA records are looked for (RFC 7672 §2.2.2, RFC 7671 §7): a host name that is an alias, whose
// CNAME chain came DNSSEC-validated, has them under its final target first, then under its own name. `check` and
// `send --dane` ask in the same order.
import {DNS_TYPES, type DnsAnswer} from './dns-wire.js';

/** The final name of `host`'s CNAME chain, as the answer gives it (the host's own when it is no alias). */
export function expandedName(host: string, answer: DnsAnswer): string {
	let name = host.toLowerCase();
	for (let hops = 0; hops < 8; hops++) {
		const alias = answer.answers.find(record => record.type === DNS_TYPES.CNAME && record.name === name);
		if (!alias?.target) break;
		name = alias.target;
	}
	return name;
}

/**
 * The TLSA base domains of `host`, in the order to ask them: its CNAME-expanded name first when `address`, the
 * answer to its address lookup, validated the chain; then its own name. Both are names a DANE-TA certificate may
 * be for (RFC 7672 §3.2.2).
 */
export function tlsaBases(host: string, address: DnsAnswer | undefined): string[] {
	const target = address && expandedName(host, address);
	return target !== undefined && target !== host.toLowerCase() && address!.authenticated ? [target, host] : [host];
}
