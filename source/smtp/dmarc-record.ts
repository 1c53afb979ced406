// DMARC policy records (RFC 7489 §6.3, and RFC 9989, DMARCbis, where it differs), read as text: the `_dmarc` TXT
// records of one name, each tag checked and every mistake named as a receiver would meet it. Pure: the lookups are
// the caller's (source/transport/dmarc-lookup.ts).

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

const DMARC_POLICIES: readonly DmarcPolicy[] = ['none', 'quarantine', 'reject'];

/** One step softer: what pct= leaves the rest of failing mail, and what t=y (test mode) applies (RFC 7489 §6.6.4, RFC 9989). */
export const SOFTER: Readonly<Record<DmarcPolicy, DmarcPolicy>> = {reject: 'quarantine', quarantine: 'none', none: 'none'};

export type DmarcRecord = {
	/** The record as published (its strings joined). */
	text: string;
	/** p=, when valid; a record without a valid one but with a valid rua= is read as p=none (RFC 7489 §6.6.3). */
	p?: DmarcPolicy;
	/** sp= (subdomains that exist), np= (subdomains that do not: RFC 9989), when given and valid. */
	sp?: DmarcPolicy;
	np?: DmarcPolicy;
	/** pct= (RFC 7489; RFC 9989 replaces it with t=): the share of failing mail the policy applies to, 100 unless given. */
	pct: number;
	/** t=y (RFC 9989): test mode, the policy is applied one step softer. */
	testing: boolean;
	/** Aggregate (rua=) and failure (ruf=) report URIs, as written. */
	rua: string[];
	ruf: string[];
	/** Alignment modes, relaxed unless s is given. */
	adkim: 'r' | 's';
	aspf: 'r' | 's';
	/** psd= (RFC 9989): y at a public suffix's record, n at an organizational domain's; it ends the tree walk. */
	psd?: 'y' | 'n' | 'u';
	/** A tag given twice: receivers then ignore the whole record (RFC 6376 §3.2's tag lists, which DMARC uses). */
	duplicate?: string;
	/** What makes receivers ignore the record or one of its tags, each named ("p=rejct is not none, quarantine or reject"). */
	errors: string[];
	/** What receivers pass over without harm: tags they do not know. */
	notes: string[];
};

/** The tags RFC 7489 §6.3 and RFC 9989 §4.7 define; any other is ignored by receivers. */
const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'np', 'pct', 'rua', 'ruf', 'adkim', 'aspf', 'fo', 'ri', 'rf', 't', 'psd']);

/** One tag's value as a reader sees it: control characters shown, not obeyed, and long text cut. */
const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * `v=DMARC1` first, as receivers look for it (RFC 7489 §6.6.3: records that do not start so are discarded). The tag's
 * name is an ABNF string, so `V=` is as good; its value DMARC1 must match exactly (§6.4).
 */
const VERSION = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/;

/** What the TXT records of one `_dmarc` name are to a receiver: the one record, or why there is none. */
type DmarcRecords = {record: DmarcRecord} | {none: true} | {problem: string};

/**
 * Each TXT record of `name` (`_dmarc.example.com`), as its strings: the one that starts with v=DMARC1, or, when there
 * is none or more than one, why receivers see no record there, naming what was meant (an SPF record put there,
 * v=DMARC1 not first, quotes stored as text). No TXT record at all is `none`.
 */
export function dmarcRecordsAt(name: string, records: readonly string[][]): DmarcRecords {
	const texts = records.map(strings => strings.join(''));
	const found = texts.filter(text => VERSION.test(text));
	if (found.length === 1) return {record: parseDmarcRecord(found[0]!)};
	if (found.length > 1) return {problem: `${name} has ${found.length} DMARC records, and receivers ignore them all (RFC 7489 §6.6.3): keep one`};
	const spf = texts.find(text => /^v=spf1(?:\s|$)/i.test(text.trim()));
	if (spf !== undefined) return {problem: `${name} holds an SPF record (${quoted(spf)}), not a DMARC one: SPF's goes at the domain itself, and this name wants one starting "v=DMARC1; p=…"`};
	const meant = texts.find(text => /v\s*=\s*DMARC1/i.test(text));
	if (meant === undefined) return {none: true};
	if (/^["']/.test(meant)) return {problem: `${name}'s record ${quoted(meant)} has its quotes stored as part of its text (a DNS panel adds its own: give the record without them), so receivers see no DMARC record`};
	if (/^v\s*=\s*DMARC1/i.test(meant.trim())) return {problem: `${name}'s record ${quoted(meant)} does not start with "v=DMARC1" as receivers read it (DMARC1 in capitals, and no space before it), so they see no DMARC record`};
	return {problem: `${name}'s record ${quoted(meant)} does not have v=DMARC1 first, so receivers see no DMARC record: move "v=DMARC1;" to the start`};
}

/** A policy tag's value, or the error that names it. */
function policyOf(tag: string, value: string, errors: string[]): DmarcPolicy | undefined {
	const policy = value.toLowerCase();
	if ((DMARC_POLICIES as readonly string[]).includes(policy)) return policy as DmarcPolicy;
	errors.push(`${tag}=${value} is not none, quarantine or reject`);
	return undefined;
}

/** rua=/ruf=: URIs separated by commas, each mailto: (the one scheme receivers send reports to), with an address. */
function reportUris(tag: string, value: string, errors: string[]): string[] {
	const uris = value.split(',').map(uri => uri.trim()).filter(uri => uri !== '');
	for (const uri of uris) {
		if (!/^mailto:/i.test(uri)) errors.push(`${tag} ${quoted(uri)} is not a mailto: URI (write ${tag}=mailto:${uri.includes('@') ? uri.replace(/^[a-z][a-z0-9+.-]*:/i, '') : 'dmarc@example.com'})`);
		else if (reportAddress(uri) === undefined) errors.push(`${tag} ${quoted(uri)} has no address after mailto:`);
	}
	return uris;
}

/** A mailto: report URI's address and domain (without a `!10m` size limit or ?query), or undefined. */
export function reportAddress(uri: string): {address: string; domain: string} | undefined {
	const match = /^mailto:([^@\s?!,]+)@([^@\s?!,]+?)\.?(?:[!?].*)?$/i.exec(uri.trim());
	return match ? {address: `${match[1]}@${match[2]}`, domain: match[2]!.toLowerCase()} : undefined;
}

/**
 * One record's tags, checked (the caller found it starts with v=DMARC1): `tag=value` pairs separated by `;`. A tag
 * given twice makes the whole record invalid (RFC 6376 §3.2's tag lists, which DMARC uses); unknown tags are noted.
 */
export function parseDmarcRecord(text: string): DmarcRecord {
	const record: DmarcRecord = {text, pct: 100, testing: false, rua: [], ruf: [], adkim: 'r', aspf: 'r', errors: [], notes: []};
	const {errors, notes} = record;
	const seen = new Set<string>();
	const parts = text.split(';').map(part => part.trim()).filter(part => part !== '');
	for (const part of parts.slice(1)) {
		const tag = /^([A-Za-z][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/.exec(part);
		if (!tag) {
			errors.push(`${quoted(part)} is not tag=value (tags are separated by ";")`);
			continue;
		}
		const name = tag[1]!.toLowerCase();
		const value = tag[2]!;
		if (seen.has(name)) {
			record.duplicate ??= name;
			errors.push(`${name}= is given twice, which makes the whole record invalid`);
		}
		seen.add(name);
		if (!KNOWN_TAGS.has(name)) {
			notes.push(`unknown tag ${quoted(part)}: receivers ignore it`);
			continue;
		}
		readTag(record, name, value);
	}
	if (!seen.has('p')) errors.push('it has no p= (none, quarantine or reject)');
	if (record.p === undefined && record.rua.some(uri => reportAddress(uri) !== undefined)) notes.push('without a valid p=, receivers read it as p=none, since it asks for reports (rua=)');
	return record;
}

function readTag(record: DmarcRecord, name: string, value: string): void {
	const {errors} = record;
	const lower = value.toLowerCase();
	const oneOf = (allowed: string[], say: string) => {
		if (allowed.includes(lower)) return lower;
		errors.push(`${name}=${value} is not ${say}`);
		return undefined;
	};
	switch (name) {
		case 'p':
		case 'sp':
		case 'np': {
			const policy = policyOf(name, value, errors);
			if (policy) record[name] = policy;
			break;
		}
		case 'pct':
			if (/^\d{1,3}$/.test(value) && Number(value) <= 100) record.pct = Number(value);
			else errors.push(`pct=${value} is not a whole number from 0 to 100`);
			break;
		case 'rua':
		case 'ruf':
			record[name] = reportUris(name, value, errors);
			break;
		case 'adkim':
		case 'aspf': {
			const mode = oneOf(['r', 's'], 'r (relaxed) or s (strict)');
			if (mode) record[name] = mode as 'r' | 's';
			break;
		}
		case 'fo':
			if (!/^[01ds](?:[ \t]*:[ \t]*[01ds])*$/i.test(value)) errors.push(`fo=${value} is not 0, 1, d or s, separated by ":"`);
			break;
		case 'ri':
			if (!/^\d{1,10}$/.test(value)) errors.push(`ri=${value} is not a number of seconds`);
			break;
		case 'rf':
			oneOf(['afrf'], 'afrf');
			break;
		case 't':
			record.testing = oneOf(['y', 'n'], 'y or n') === 'y';
			break;
		case 'psd': {
			const psd = oneOf(['y', 'n', 'u'], 'y, n or u');
			if (psd) record.psd = psd as 'y' | 'n' | 'u';
			break;
		}
	}
}

/** The policy receivers apply from this record: p=, or none when p= is missing or wrong but reports are asked for. */
export function effectivePolicy(record: DmarcRecord): DmarcPolicy | undefined {
	if (record.duplicate !== undefined) return undefined;
	return record.p ?? (record.rua.some(uri => reportAddress(uri) !== undefined) ? 'none' : undefined);
}
