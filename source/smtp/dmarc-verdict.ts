// The DMARC verdict on one message (RFC 7489 §3.1 and §6.6, RFC 9989 where it differs): does an SPF or DKIM pass
// align with the From header's domain, and which policy applies when neither does, with why in words. Pure: the
// policy's discovery (source/transport/dmarc-lookup.ts), SPF and DKIM are the caller's.
import {effectivePolicy, SOFTER, type DmarcPolicy, type DmarcRecord} from './dmarc-record.js';

/** SPF's result for the domain it checked (the MAIL FROM's, or HELO's for an empty MAIL FROM): RFC 7208 §2.6's results. */
export type SpfOutcome = {result: 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror'; domain: string};

/** One DKIM signature's outcome: its d= and whether it verified. */
export type DkimOutcome = {domain: string; result: 'pass' | 'fail' | 'neutral' | 'temperror' | 'permerror' | 'policy'};

/** The policy that applies to the From domain, as discovery found it. */
export type DmarcPolicyFound = {
	record: DmarcRecord;
	/** Where the record is published: the From domain, or its organizational domain. */
	at: string;
	/** The From domain's organizational domain. */
	orgDomain: string;
};

export type DmarcVerdictInput = {
	/** The domain of the From header's address. */
	from: string;
	/** Undefined when the From domain has no DMARC record (nor its organizational domain). */
	policy: DmarcPolicyFound | undefined;
	spf?: SpfOutcome;
	dkim: readonly DkimOutcome[];
	/** Whether the From domain exists in DNS: an inherited policy uses np= for one that does not (RFC 9989). Default true. */
	fromExists?: boolean;
};

type DmarcVerdict = {
	/** none: no policy (no record, or one receivers ignore); pass: SPF or DKIM passed aligned; fail: neither. */
	result: 'pass' | 'fail' | 'none';
	/** The domain (DKIM's d=, or SPF's) whose pass aligned, and how. */
	alignedBy?: {method: 'dkim' | 'spf'; domain: string; mode: 'relaxed' | 'strict'};
	/** The policy for this From domain and the tag it came from (p, sp for a subdomain, np for one that does not exist). */
	policy?: DmarcPolicy;
	tag?: 'p' | 'sp' | 'np';
	/** The share of failing mail the policy applies to (pct=), and whether t=y (test mode) is set. */
	pct?: number;
	testing?: boolean;
	/** What a receiver does with it when it fails: the policy, or one step softer for the rest of pct= and in test mode. */
	disposition: 'none' | 'quarantine' | 'reject';
	/** Why, in words: "DMARC pass: DKIM d=mail.example.com aligns with From example.com (relaxed)". */
	why: string;
};

const normal = (domain: string) => domain.trim().toLowerCase().replace(/\.$/, '');

/**
 * Whether `identifier` aligns with `from`: the same name (strict), or the same organizational domain (relaxed). A
 * name at or below `orgDomain` shares it, as RFC 9989's tree walk finds for every name below it unless a record
 * between them says psd=n, which no receiver's verdict here has to reckon with.
 */
function aligns(identifier: string, from: string, orgDomain: string, mode: 'r' | 's'): boolean {
	if (identifier === from) return true;
	return mode === 'r' && (identifier === orgDomain || identifier.endsWith(`.${orgDomain}`));
}

const MODE = {r: 'relaxed', s: 'strict'} as const;

/** Why DKIM did not align, in words: no signature, or each one's d= and outcome. */
function dkimWords(dkim: readonly DkimOutcome[], aligned: (domain: string) => boolean): string {
	if (dkim.length === 0) return 'the message is not DKIM-signed';
	const aligning = dkim.filter(signature => aligned(normal(signature.domain)));
	if (aligning.length > 0) return `DKIM ${aligning.map(signature => `d=${normal(signature.domain)} ${signature.result}`).join(', ')} (aligned, but not a pass)`;
	return `no DKIM signature aligns (${dkim.map(signature => `d=${normal(signature.domain)} ${signature.result}`).join(', ')})`;
}

/** Why SPF did not give DMARC a pass, in words. */
function spfWords(spf: SpfOutcome | undefined, from: string): string {
	if (spf === undefined) return 'no SPF result';
	const domain = normal(spf.domain);
	if (spf.result !== 'pass') return `SPF ${spf.result} for ${domain}`;
	return `SPF passed for ${domain}, which does not align with From ${from}`;
}

/** The verdict on one message: aligned or not, and the policy that applies to it. */
export function dmarcVerdict(input: DmarcVerdictInput): DmarcVerdict {
	const from = normal(input.from);
	const found = input.policy;
	const policy = found && effectivePolicy(found.record);
	if (!found || policy === undefined) {
		const why = found ? `DMARC none: the record at _dmarc.${found.at} is not valid (${found.record.errors[0] ?? 'no policy'}), so receivers apply no policy` : `DMARC none: ${from} publishes no DMARC record, so receivers apply no policy`;
		return {result: 'none', disposition: 'none', why};
	}
	const {record, orgDomain} = found;
	const inherited = normal(found.at) !== from;
	const tag = !inherited ? 'p' : input.fromExists === false && record.np ? 'np' : record.sp ? 'sp' : 'p';
	const applied = tag === 'p' ? policy : record[tag]!;
	const terms = {policy: applied, tag, pct: record.pct, testing: record.testing} as const;
	const dkimAligns = (domain: string) => aligns(domain, from, normal(orgDomain), record.adkim);
	const spfAligns = (domain: string) => aligns(domain, from, normal(orgDomain), record.aspf);
	const dkim = input.dkim.find(signature => signature.result === 'pass' && dkimAligns(normal(signature.domain)));
	if (dkim) {
		const domain = normal(dkim.domain);
		return {result: 'pass', alignedBy: {method: 'dkim', domain, mode: MODE[record.adkim]}, ...terms, disposition: 'none', why: `DMARC pass: DKIM d=${domain} aligns with From ${from} (${MODE[record.adkim]})`};
	}
	if (input.spf?.result === 'pass' && spfAligns(normal(input.spf.domain))) {
		const domain = normal(input.spf.domain);
		return {result: 'pass', alignedBy: {method: 'spf', domain, mode: MODE[record.aspf]}, ...terms, disposition: 'none', why: `DMARC pass: SPF passed for ${domain}, which aligns with From ${from} (${MODE[record.aspf]})`};
	}
	// pct= (RFC 7489 §6.6.4) and t=y (RFC 9989): the rest of the failing mail, or all of it in test mode, one step softer.
	const softened = record.testing ? SOFTER[applied] : applied;
	const share = record.pct < 100 && !record.testing ? `; pct=${record.pct}: ${record.pct}% of failing mail gets ${tag}=${applied}, the rest ${SOFTER[applied]}` : '';
	const where = inherited ? ` (${tag}=${applied} of ${found.at}, inherited)` : ` (${tag}=${applied})`;
	const test = record.testing && applied !== 'none' ? `; t=y: test mode, so ${softened} instead` : '';
	const why = `DMARC fail: ${spfWords(input.spf, from)}, and ${dkimWords(input.dkim, dkimAligns)}${where}${share}${test}`;
	return {result: 'fail', ...terms, disposition: softened, why};
}
