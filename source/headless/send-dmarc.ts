// send's DMARC warning, before connecting: when the From domain's policy is quarantine or reject and the message can
// align with From neither by DKIM (not signed, or signed for another domain) nor by SPF (the envelope sender's domain
// is another's), receivers that honour DMARC will not deliver it, whatever the server says now. Never blocking.
import {dmarcVerdict, type DmarcPolicyFound} from '../smtp/dmarc-verdict.js';
import {discoverDmarc, policyFound} from '../transport/dmarc-lookup.js';
import type {Resolver} from '../transport/mx.js';
import {within} from '../within.js';

/** The most the lookup waits (less when --timeout is shorter), as the DKIM key check: a machine offline still sends at once. */
const DMARC_CHECK_MS = 5000;

/** The message's From domain and its policy, from a real DNS answer. */
export type FromPolicy = {from: string; policy: DmarcPolicyFound};

/** The policy of `domain`, or undefined: none, or no answer within `ms` (then nothing is said). */
async function policyOf(domain: string, resolver: Resolver, ms: number): Promise<DmarcPolicyFound | undefined> {
	const found = await within(discoverDmarc(domain, resolver), ms, () => undefined);
	return found && policyFound(found);
}

/**
 * The policy of `from` (the message's From domain), looked up alongside the DKIM key check, waiting as long at most.
 * `resolver`: send's (--dns's server, or the system's); `timeoutMs`: --timeout's.
 */
export async function lookupFromPolicy(from: string, resolver: Resolver, timeoutMs: number): Promise<FromPolicy | undefined> {
	if (!resolver.resolveTxt) return undefined;
	const policy = await policyOf(from, resolver, Math.min(DMARC_CHECK_MS, timeoutMs));
	return policy && {from, policy};
}

/** The envelope sender's domain (SPF's), or undefined for the null sender, whose SPF is HELO's. */
const envelopeDomain = (address: string) => (address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).replace(/>$/, '') : undefined);

/** The warning, or undefined when the message could pass DMARC or the policy lets failing mail through. */
export function dmarcSendWarning({from, policy}: FromPolicy, envelopeFrom: string, dkimDomain: string | undefined): string | undefined {
	const spfDomain = envelopeDomain(envelopeFrom);
	if (spfDomain === undefined) return undefined;
	// The best this message can do: SPF and DKIM both pass. If even then neither aligns, it fails DMARC.
	const verdict = dmarcVerdict({from, policy, spf: {result: 'pass', domain: spfDomain}, dkim: dkimDomain === undefined ? [] : [{domain: dkimDomain, result: 'pass'}]});
	if (verdict.result !== 'fail' || verdict.disposition === 'none') return undefined;
	const dkim = dkimDomain === undefined ? 'not signed' : `signed for d=${dkimDomain}`;
	const fate = verdict.disposition === 'reject' ? 'will refuse it' : 'will put it in quarantine (spam)';
	const tag = `${verdict.tag}=${verdict.policy}${verdict.testing ? ', t=y' : ''}${verdict.pct !== undefined && verdict.pct < 100 ? `, pct=${verdict.pct}` : ''}`;
	return `warning: DMARC of ${from} is ${tag}, and this message aligns with From neither by DKIM (${dkim}) nor by SPF (the envelope sender is ${envelopeFrom}): receivers that honour DMARC ${fate}`;
}
