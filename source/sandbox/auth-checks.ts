// SPF and DMARC of each message, as a receiver judges them, once it is kept and answered (a sandbox given --dns):
// SPF for the client's address (XCLIENT ADDR= or a PROXY header's when one gave it) sending as the MAIL FROM domain,
// then DMARC of the From header's domain with that SPF and the message's DKIM results. Each DNS name is asked once
// per run (a failed query is asked again), each check bounded in time, and none holds the client.
import {isIP} from 'node:net';
import {domainToASCII} from 'node:url';
import type {EventBody} from './connection.js';
import type {Mailbox} from './mailbox.js';
import type {CapturedSession, DkimResult, DmarcCheck, MessageRecord} from './mailbox-types.js';
import {dmarcVerdict, type DmarcPolicyFound} from '../smtp/dmarc-verdict.js';
import {connectionSpf, type ClientSpf} from '../spf/client.js';
import type {SpfDns} from '../spf/evaluate.js';
import {discoverDmarc, policyFound} from '../transport/dmarc-lookup.js';
import type {DnsServer} from '../transport/dns-resolver.js';
import {remoteAddress} from '../transport/host-port.js';
import {spfDns} from '../transport/spf-dns.js';
import {within} from '../within.js';

/** Each query's wait, as the DKIM key lookups'. */
const QUERY_MS = 3000;
/** The most each check waits in all: SPF may take ten lookups, DMARC's tree walk several. */
const CHECK_MS = 5000;

/** `dns`, each answer remembered for the run; a failed query is not, so the next message asks again. */
function remembered(dns: SpfDns): SpfDns {
	const answers = new Map<string, Promise<unknown>>();
	const once =
		<T>(type: string, ask: (name: string) => Promise<T>) =>
		(name: string): Promise<T> => {
			const key = `${type} ${name.toLowerCase()}`;
			let answer = answers.get(key) as Promise<T> | undefined;
			if (!answer) {
				answer = ask(name);
				answers.set(key, answer);
				answer.catch(() => answers.delete(key));
			}
			return answer;
		};
	return {txt: once('txt', dns.txt), a: once('a', dns.a), aaaa: once('aaaa', dns.aaaa), mx: once('mx', dns.mx), ptr: once('ptr', dns.ptr)};
}

/** The policy that applies to mail From `domain` (see discoverDmarc), or why it could not be looked up. */
async function policyOf(domain: string, dns: SpfDns): Promise<DmarcPolicyFound | undefined | {error: string}> {
	const resolver = {resolveTxt: dns.txt, resolveMx: dns.mx, lookupAll: async (name: string) => [...(await dns.a(name)), ...(await dns.aaaa(name))]};
	const unanswered = {domain, orgDomain: domain, problems: [], error: `no answer within ${CHECK_MS / 1000} s`};
	// A domain in another script is asked for by its A-labels (xn--…), as DNS has it.
	const found = await within(discoverDmarc(domainToASCII(domain) || domain, resolver), CHECK_MS, () => unanswered);
	const policy = policyFound(found);
	return found.error !== undefined && !policy ? {error: found.error} : policy;
}

/** The From domain's DMARC verdict with this policy and these SPF and DKIM results. */
function dmarcOf(domain: string, found: DmarcPolicyFound | undefined | {error: string}, spf: ClientSpf | undefined, signatures: readonly DkimResult[]): DmarcCheck {
	if (domain === '') return {result: 'none', domain, why: 'the message has no From address, so DMARC has no domain to judge'};
	if (found && 'error' in found) return {result: 'temperror', domain, why: `its DMARC policy could not be looked up: ${found.error}`};
	const verdict = dmarcVerdict({from: domain, policy: found, ...(spf && {spf}), dkim: signatures.map(signature => ({domain: signature.domain, result: signature.status}))});
	const {result, policy, tag, disposition, alignedBy, why} = verdict;
	// The verdict's words begin with it ("DMARC fail: "), which the lines say before them already.
	return {result, domain, ...(policy && {policy, tag, disposition}), ...(alignedBy && {alignedBy: {method: alignedBy.method, domain: alignedBy.domain}}), why: why.replace(/^DMARC \w+: /, '')};
}

/** The domain of the From header's address, lower case; empty without one. */
function fromDomain({author}: MessageRecord): string {
	const at = author?.address.lastIndexOf('@') ?? -1;
	return at < 0 ? '' : author!.address.slice(at + 1).toLowerCase().replace(/\.$/, '');
}

/**
 * The address a saved message's client was judged by: XCLIENT's ADDR= (IPv6 as `IPV6:…`), else the one it connected
 * from (a PROXY header's, when one gave it); '' for none (a Unix socket's client).
 */
export function judgedAddress(session: CapturedSession): string {
	const given = session.xclient?.['ADDR']?.replace(/^IPV6:/i, '');
	return given && isIP(given) ? given : session.remote && remoteAddress(session.remote);
}

export class AuthChecks {
	readonly #stop = new AbortController();
	readonly #dns: SpfDns;
	/** The checks under way: a closing sandbox waits for them, so that none writes a record after it closed. */
	readonly #running = new Set<Promise<unknown>>();

	constructor(
		private readonly mailbox: Mailbox,
		server: DnsServer,
	) {
		this.#dns = remembered(spfDns(server, QUERY_MS, this.#stop.signal));
	}

	/**
	 * Checks `message`, sent from `ip` ('' for none: a Unix socket's client, whose SPF is not checked), reporting the
	 * `spf` event as soon as it is known, then `dmarc` once `signatures` (its DKIM check; none: unsigned, or not
	 * checked) are known too, both written into the mailbox and its `.json`. Nothing when the sandbox closed meanwhile.
	 */
	checkAndReport(message: MessageRecord, ip: string, signatures: Promise<readonly DkimResult[]>, report: (event: EventBody) => void): void {
		const {id} = message;
		const stopped = () => this.#stop.signal.aborted;
		const running = (async () => {
			const sender = message.envelope.mailFrom.address;
			const from = fromDomain(message);
			// Looked up meanwhile: DMARC's verdict waits for SPF and DKIM, its policy need not.
			const policy = from === '' ? undefined : policyOf(from, this.#dns);
			const spf = ip === '' ? undefined : await connectionSpf(sender, message.session.helo, ip, this.#dns, CHECK_MS);
			if (stopped()) return;
			if (spf) report({type: 'spf', id, spf});
			const dmarc = dmarcOf(from, await policy, spf, await signatures);
			if (stopped()) return;
			await this.mailbox.setAuthentication(id, {...(spf && {spf}), dmarc});
			report({type: 'dmarc', id, dmarc});
		})().catch((error: Error) => report({type: 'error', message: `could not check the SPF and DMARC of message ${id}: ${error.message}`}));
		this.#running.add(running);
		void running.finally(() => this.#running.delete(running));
	}

	/** Cancels the lookups under way; resolves once the checks have ended. */
	async close(): Promise<void> {
		this.#stop.abort();
		await Promise.all(this.#running);
	}
}
