// DMARC policy discovery through DNS: the `_dmarc` record of a domain, else of its organizational domain, and the
// authorization records (RFC 7489 §7.1) of report addresses at other domains.
//
// The organizational domain comes from RFC 9989's (DMARCbis) DNS tree walk, not from the Public Suffix List that
// RFC 7489 used: the list is some 250 KB to bundle, goes stale between releases (a suffix added since is read as an
// organization), and receivers are moving to the walk. The walk asks `_dmarc.NAME` for NAME and each parent (a name
// of 8 or more labels jumps to its last 7 first), stops at a record with psd=y or psd=n, and the organizational
// domain is the one with psd=n, the one below a psd=y, else the one with fewest labels that has a record.
import {dmarcRecordsAt, reportAddress, type DmarcRecord} from '../smtp/dmarc-record.js';
import type {DmarcPolicyFound} from '../smtp/dmarc-verdict.js';
import type {Resolver} from './mx.js';
import {txtRecords} from './txt-records.js';

/** A name of the walk with its record, longest name first. */
type Found = {domain: string; record: DmarcRecord};

export type DmarcDiscovery = {
	/** The domain asked about (the From domain, or check's mail domain), lower case without a final dot. */
	domain: string;
	/** The record that applies, and the domain it is published at (`domain` itself, or its organizational domain). */
	record?: DmarcRecord;
	at?: string;
	/** The organizational domain: what relaxed alignment compares, and where a subdomain's policy comes from. */
	orgDomain: string;
	/** Why receivers see no record at a name the walk passed (several records, SPF's record there, v=DMARC1 not first). */
	problems: string[];
	/** A lookup that failed, which leaves the policy unknown. */
	error?: string;
};

/** The walk's next name: the last 7 labels of a longer name (RFC 9989 §4.10.1), else the parent. */
const WALK_MAX_LABELS = 7;

const normal = (domain: string) => domain.trim().toLowerCase().replace(/\.$/, '');

/** Every record from `domain` up, until a psd= tag or the top; a failed lookup ends it. */
async function treeWalk(domain: string, resolver: Resolver): Promise<{found: Found[]; problems: string[]; error?: string}> {
	const found: Found[] = [];
	const problems: string[] = [];
	for (let labels = domain.split('.'); labels.length > 0; labels = labels.length > WALK_MAX_LABELS ? labels.slice(-WALK_MAX_LABELS) : labels.slice(1)) {
		const name = labels.join('.');
		const answer = await txtRecords(resolver, `_dmarc.${name}`);
		if (!Array.isArray(answer)) return {found, problems, error: answer.error};
		const records = dmarcRecordsAt(`_dmarc.${name}`, answer);
		if ('problem' in records) problems.push(records.problem);
		if (!('record' in records)) continue;
		found.push({domain: name, record: records.record});
		if (records.record.psd === 'y' || records.record.psd === 'n') break;
	}
	return {found, problems};
}

/** RFC 9989 §4.10.2: psd=n's domain, the one below psd=y's, else the record with fewest labels, else `domain`. */
function organizationalDomain(domain: string, found: readonly Found[]): string {
	for (const {domain: at, record} of found) {
		if (record.psd === 'n') return at;
		if (record.psd === 'y' && at !== domain) return domain.split('.').slice(-(at.split('.').length + 1)).join('.');
	}
	return found.at(-1)?.domain ?? domain;
}

/**
 * The DMARC record that applies to mail From `domain` (RFC 9989 §4.10.1): its own, else its organizational domain's
 * (or a public suffix's psd=y record above it). `resolver` must answer TXT queries.
 */
export async function discoverDmarc(givenDomain: string, resolver: Resolver): Promise<DmarcDiscovery> {
	const domain = normal(givenDomain);
	const {found, problems, error} = await treeWalk(domain, resolver);
	const own = found[0]?.domain === domain ? found[0] : undefined;
	if (error !== undefined && !own) return {domain, orgDomain: domain, problems, error};
	const orgDomain = organizationalDomain(domain, found);
	const last = found.at(-1);
	const applies = own ?? found.find(entry => entry.domain === orgDomain) ?? (last?.record.psd === 'y' ? last : undefined);
	return {domain, orgDomain, problems, ...(applies && {record: applies.record, at: applies.domain}), ...(error !== undefined && {error})};
}

/** What dmarcVerdict takes: the record that applies, where, and the organizational domain; undefined without one. */
export const policyFound = (found: DmarcDiscovery): DmarcPolicyFound | undefined => found.record && {record: found.record, at: found.at!, orgDomain: found.orgDomain};

/** A report address at another organization, and whether it agreed to take the policy domain's reports. */
export type ReportAuthorization = {uri: string; domain: string; name: string; authorized: boolean; error?: string};

/**
 * The rua=/ruf= addresses outside `orgDomain` (the policy's organizational domain), each with its authorization
 * record, `POLICY._report._dmarc.OTHER` starting v=DMARC1 (RFC 7489 §7.1): without it receivers send nothing there.
 */
export async function externalReports(record: DmarcRecord, policyDomain: string, orgDomain: string, resolver: Resolver): Promise<ReportAuthorization[]> {
	const inside = (domain: string) => domain === orgDomain || domain.endsWith(`.${orgDomain}`);
	const outside = [...new Set([...record.rua, ...record.ruf])].flatMap(uri => {
		const address = reportAddress(uri);
		return address && !inside(address.domain) ? [{uri, domain: address.domain}] : [];
	});
	return Promise.all(
		outside.map(async ({uri, domain}) => {
			const name = `${policyDomain}._report._dmarc.${domain}`;
			const answer = await txtRecords(resolver, name);
			if (!Array.isArray(answer)) return {uri, domain, name, authorized: false, error: answer.error};
			return {uri, domain, name, authorized: answer.some(strings => /^v=DMARC1(?:\s*;|\s*$)/.test(strings.join('')))};
		}),
	);
}
