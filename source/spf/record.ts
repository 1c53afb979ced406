// An SPF record (RFC 7208 §4.5, §12): which of a domain's TXT records it is, and its terms, every mistake named
// (a receiver takes any of them as permerror, so all are found at once, before anything is looked up).
import {isIPv6} from 'node:net';
import {isDottedQuad} from './address.js';
import {closest} from '../text/closest.js';
import {parseDomainSpec, parseMacroString, type MacroPart} from './macro.js';

export type Qualifier = '+' | '-' | '~' | '?';

export type Mechanism =
	| {kind: 'all'}
	| {kind: 'include' | 'exists'; domain: MacroPart[]}
	| {kind: 'a' | 'mx'; domain?: MacroPart[]; v4: number; v6: number}
	| {kind: 'ptr'; domain?: MacroPart[]}
	| {kind: 'ip4' | 'ip6'; network: string; prefix: number};

/** A mechanism with its qualifier, and its text as written (reasons quote it). */
export type Directive = Mechanism & {qualifier: Qualifier; text: string};

export type SpfRecord = {
	text: string;
	directives: Directive[];
	redirect?: {domain: MacroPart[]; text: string};
	exp?: MacroPart[];
	/** Every syntax error; any one makes the record a permerror. */
	errors: string[];
};

/** The mechanisms that cost a DNS lookup, counted against the limit of 10 (§4.6.4); redirect= does too. */
export const LOOKUP_MECHANISMS: ReadonlySet<Mechanism['kind']> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

const MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'];

/** Whether a TXT record (its strings joined) is an SPF record: "v=spf1" alone or followed by a space (§4.5). */
const isSpfRecord = (text: string) => /^v=spf1(?: |$)/i.test(text);

/** A CIDR length as the ABNF writes it (no leading zero), at most `max`; the error names the term. */
function prefixOf(text: string | undefined, max: number, term: string): number | {error: string} {
	if (text === undefined) return max;
	if (!/^(?:0|[1-9]\d*)$/.test(text) || Number(text) > max) return {error: `"${term}": /${text} is not a prefix length of 0 to ${max}`};
	return Number(text);
}

function spec(text: string, term: string): MacroPart[] | {error: string} {
	const parsed = parseDomainSpec(text);
	return 'error' in parsed ? {error: `"${term}": ${parsed.error}`} : parsed;
}

/** One directive, or what is wrong with it. */
function parseDirective(term: string): Directive | {error: string} {
	const qualifier = '+-~?'.includes(term[0]!) ? (term[0] as Qualifier) : '+';
	const body = qualifier === term[0] ? term.slice(1) : term;
	const name = /^[a-z][a-z0-9._-]*/i.exec(body)?.[0] ?? '';
	const kind = name.toLowerCase();
	const rest = body.slice(name.length);
	const done = (mechanism: Mechanism | {error: string}): Directive | {error: string} => ('error' in mechanism ? mechanism : {...mechanism, qualifier, text: term});
	if (!MECHANISMS.includes(kind)) {
		const near = kind.length > 2 ? closest(kind, MECHANISMS) : undefined;
		return {error: `unknown mechanism "${term}"${near ? ` (did you mean ${near}${rest.startsWith(':') || near === 'include' || near === 'exists' ? ':' : ''}?)` : ''}`};
	}
	if (kind === 'all') return rest === '' ? done({kind}) : {error: `"${term}": all takes nothing after it`};
	if (kind === 'include' || kind === 'exists') {
		if (!rest.startsWith(':')) return {error: `"${term}": ${kind} needs a domain, as in ${kind}:_spf.example.com`};
		const domain = spec(rest.slice(1), term);
		return done('error' in domain ? domain : {kind, domain});
	}
	if (kind === 'ip4' || kind === 'ip6') {
		if (!rest.startsWith(':')) return {error: `"${term}": ${kind} needs an address, as in ${kind === 'ip4' ? 'ip4:192.0.2.0/24' : 'ip6:2001:db8::/32'}`};
		const slash = rest.lastIndexOf('/');
		const network = rest.slice(1, slash < 0 ? undefined : slash);
		if (kind === 'ip4' ? !isDottedQuad(network) : !isIPv6(network) || network.includes('%')) {
			const other = kind === 'ip4' ? isIPv6(network) && ' (an IPv6 address goes in ip6:)' : isDottedQuad(network) && ' (an IPv4 address goes in ip4:)';
			return {error: `${kind}:${network} is not an ${kind === 'ip4' ? 'IPv4' : 'IPv6'} address${other || ''}`};
		}
		const prefix = prefixOf(slash < 0 ? undefined : rest.slice(slash + 1), kind === 'ip4' ? 32 : 128, term);
		return done(typeof prefix === 'number' ? {kind, network, prefix} : prefix);
	}
	// a, mx and ptr: an optional domain; a and mx then an optional dual CIDR length (/24, //64, /24//64).
	const match = (kind === 'ptr' ? /^(?::(.+))?$/s : /^(?::(.+?))?(?:\/([^/]*))?(?:\/\/([^/]*))?$/s).exec(rest);
	if (!match) return {error: `"${term}": ${kind} is followed by nothing or a colon and a domain${kind === 'ptr' ? '' : ', then perhaps a prefix length (/24, //64)'}`};
	const [, domainText, v4Text, v6Text] = match;
	const domain = domainText === undefined ? undefined : spec(domainText, term);
	if (domain && 'error' in domain) return domain;
	if (kind === 'ptr') return done({kind, ...(domain && {domain})});
	const v4 = prefixOf(v4Text, 32, term);
	const v6 = prefixOf(v6Text, 128, term);
	if (typeof v4 !== 'number') return v4;
	if (typeof v6 !== 'number') return v6;
	return done({kind: kind as 'a' | 'mx', ...(domain && {domain}), v4, v6});
}

/** A record's terms (the text after "v=spf1"), parsed, with every mistake. */
export function parseSpfRecord(text: string): SpfRecord {
	const record: SpfRecord = {text, directives: [], errors: []};
	if (!isSpfRecord(text)) {
		record.errors.push(`the record does not start with "v=spf1 "`);
		return record;
	}
	// Terms are separated by spaces alone (§12): a tab or other control character is a mistake, named as such.
	for (const term of text.slice(6).split(' ').filter(part => part !== '')) {
		if (/[^\x21-\x7e]/.test(term)) {
			record.errors.push(`"${JSON.stringify(term).slice(1, -1)}" holds a character other than visible ASCII (terms are separated by spaces only)`);
			continue;
		}
		const modifier = /^([a-z][a-z0-9._-]*)=(.*)$/is.exec(term);
		if (!modifier) {
			const directive = parseDirective(term);
			if ('error' in directive) record.errors.push(directive.error);
			else record.directives.push(directive);
			continue;
		}
		const name = modifier[1]!.toLowerCase();
		if (name === 'redirect' || name === 'exp') {
			if ((name === 'redirect' ? record.redirect : record.exp) !== undefined) {
				record.errors.push(`${name}= is given twice (it may appear once)`);
				continue;
			}
			const domain = spec(modifier[2]!, term);
			if ('error' in domain) record.errors.push(domain.error);
			else if (name === 'redirect') record.redirect = {domain, text: term};
			else record.exp = domain;
			continue;
		}
		// Unknown modifiers are ignored (§6), but their value must still be a valid macro-string.
		const value = parseMacroString(modifier[2]!);
		if ('error' in value) record.errors.push(`"${term}": ${value.error}`);
	}
	return record;
}

/**
 * The domain's SPF record among its TXT records (each given as its strings, joined here as §3.3 says): none, one,
 * or several (a permerror).
 */
export function selectSpfRecord(txt: readonly string[][]): {none: true} | {record: SpfRecord} | {several: string[]} {
	const found = txt.map(strings => strings.join('')).filter(isSpfRecord);
	if (found.length === 0) return {none: true};
	if (found.length > 1) return {several: found};
	return {record: parseSpfRecord(found[0]!)};
}
