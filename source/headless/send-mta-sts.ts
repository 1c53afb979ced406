// `send --mx` and the recipient domain's MTA-STS policy (RFC 8461 §5): in enforce mode a sender delivers only to MX
// hosts the policy lists, with STARTTLS and a certificate valid for the MX host's name; testing and a failed fetch
// change nothing but are said. The policy is fetched as `check` fetches it.
import {mxMatches} from '../smtp/mta-sts.js';
import type {TlsPolicy} from '../smtp/types.js';
import type {LogEntry} from '../session/types.js';
import type {Resolver} from '../transport/mx.js';
import {lookupMtaSts, type MtaStsOptions} from './check-mta-sts.js';
import {shown} from './check-verdict.js';

/** The MX hosts to try and the TLS to require, as the policy has them; `enforced`: a host whose TLS fails is passed over too. */
export type MtaStsRoute = {hosts: string[]; tls: TlsPolicy; enforced?: true};

type Note = (entry: Pick<LogEntry, 'kind' | 'text'>) => void;

/** An enforce policy that lists none of the MX hosts: nowhere to deliver, as for any sender that honours it. */
export class MtaStsRefusal extends Error {
	override readonly name = 'MtaStsRefusal';
}

/**
 * The MX `hosts` of `domain` (preference order) narrowed by its MTA-STS policy in enforce mode, and `tls` made
 * 'starttls' there (STARTTLS required, certificate verified as always), each step said in the transcript.
 * `--no-starttls`, `--tls` and `--insecure` are the user's to keep: said, not overruled.
 */
export async function applyMtaSts(domain: string, hosts: string[], route: {tls: TlsPolicy; insecure: boolean}, resolver: Resolver, options: MtaStsOptions, note: Note): Promise<MtaStsRoute> {
	const unchanged = {hosts, tls: route.tls};
	if (!resolver.resolveTxt) return unchanged;
	const found = await lookupMtaSts(domain, resolver, options);
	const {record, policy} = found;
	if (!record || record.error) return unchanged;
	if (found.error || !policy || policy.errors.length > 0) {
		const why = found.error ?? policy?.errors.join('; ') ?? '';
		note({kind: 'info', text: `warning: MTA-STS: ${domain} publishes a policy (id ${shown(record.id ?? '')}), but it could not be used (${shown(why, 300)}): delivering as if there were none, as senders do (RFC 8461 §5); smtp-tui check ${domain} says more`});
		return unchanged;
	}
	note({kind: 'info', text: `MTA-STS for ${domain}: ${policy.mode}, mx ${policy.mx.join(', ') || '(none)'} (${found.source})`});
	if (policy.mode !== 'enforce') return unchanged;
	const allowed = hosts.filter(host => policy.mx.some(pattern => mxMatches(pattern, host)));
	for (const host of hosts.filter(host => !allowed.includes(host))) note({kind: 'info', text: `MTA-STS enforce: ${host} is not in the policy: passed over, as senders that honour MTA-STS do`});
	if (allowed.length === 0) throw new MtaStsRefusal(`MTA-STS enforce: no MX host of ${domain} is in its policy (mx ${policy.mx.join(', ') || 'none'}): senders that honour MTA-STS deliver nowhere; smtp-tui check ${domain} says more`);
	// --tls is TLS from the first byte, which no MX host is asked for on port 25: such senders would not go that way either.
	const overruled = route.tls === 'none' ? '--no-starttls' : route.tls === 'tls' ? '--tls' : route.insecure ? '--insecure' : undefined;
	if (overruled) {
		note({kind: 'info', text: `warning: MTA-STS enforce asks for STARTTLS with a certificate valid for the MX host, and ${overruled} leaves that out: senders that honour MTA-STS would not deliver this way`});
	}
	return {hosts: allowed, tls: route.tls === 'auto' ? 'starttls' : route.tls, enforced: true};
}
