// check_host() of RFC 7208 (§4–§6): may this client address send mail as this domain? Pure: DNS comes through the
// SpfDns it is given (the real one in transport/spf-dns.ts, a zone in tests), so the same evaluation serves `check`,
// `send` and the sandbox. SPF has its own folder: it is mail authentication, no part of the SMTP engine.
import {isIPv6} from 'node:net';
import {clientAddress, inNetwork, reverseName} from './address.js';
import {expandMacros, parseMacroString, queryName, type MacroContext, type MacroPart} from './macro.js';
import {LOOKUP_MECHANISMS, selectSpfRecord, type Directive, type Qualifier, type SpfRecord} from './record.js';

export type SpfResult = 'none' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'temperror' | 'permerror';

/**
 * The DNS SPF asks. Each resolves with no records when the name does not exist or has none of that type (a "void"
 * answer), and rejects when the query failed (no answer, SERVFAIL): a temperror.
 */
export type SpfDns = {
	/** TXT records, each as the strings it is made of. */
	txt(name: string): Promise<string[][]>;
	a(name: string): Promise<string[]>;
	aaaa(name: string): Promise<string[]>;
	mx(name: string): Promise<Array<{exchange: string; priority: number}>>;
	ptr(name: string): Promise<string[]>;
};

type SpfQuery = {
	/** The client's address (the connecting host). */
	ip: string;
	/** The domain whose policy applies: the MAIL FROM domain, or the HELO name for the null sender. */
	domain: string;
	/** MAIL FROM, or empty for the null sender (postmaster@HELO then, §2.4). */
	sender: string;
	/** The HELO/EHLO name. */
	helo: string;
	/** This host's name, for %{r} in exp= text. */
	receiver?: string;
};

type SpfOutcome = {
	result: SpfResult;
	/** Why, in words: which mechanism matched in whose record, which limit was exceeded, what failed. */
	reason: string;
	/** The directive that decided, as written (`-all`, `include:_spf.example.net`), when one did. */
	matched?: string;
	/** A fail's explanation from the domain's exp= (third-party text: show it escaped). */
	explanation?: string;
	/** DNS lookups counted against the limit of 10. */
	lookups: number;
	/** Lookups that found nothing, counted against the limit of 2. */
	voidLookups: number;
};

/** RFC 7208 §4.6.4: the DNS-querying terms, the void answers, and the names an mx or ptr may look at. */
export const LOOKUP_LIMIT = 10;
export const VOID_LIMIT = 2;
const NAME_LIMIT = 10;

const RESULTS: Record<Qualifier, SpfResult> = {'+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral'};

/** An evaluation cut short: a permerror (the record or a limit) or a temperror (DNS). */
class SpfStop extends Error {
	constructor(
		readonly result: 'permerror' | 'temperror',
		message: string,
	) {
		super(message);
	}
}

type Found = {result: SpfResult; reason: string; matched?: string; explanation?: string};

const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** A name SPF can look up (§4.3): labels of 1 to 63 characters, at least two of them, 253 characters in all. */
export function isLookupName(name: string): boolean {
	const labels = name.replace(/\.$/, '').split('.');
	return name.length <= 254 && labels.length > 1 && labels.every(label => label.length > 0 && label.length <= 63);
}

/** The code of a failed query, for the reason: ESERVFAIL, ETIMEOUT. */
const failure = (error: unknown) => (error as {code?: unknown})?.code ?? (error instanceof Error ? error.message : String(error));

/** One evaluation: its client, counters and DNS, shared by every record it visits (includes and redirects too). */
class Evaluation {
	lookups = 0;
	voids = 0;
	readonly #v6: boolean;

	constructor(
		readonly ip: string,
		readonly context: Omit<MacroContext, 'domain' | 'ip'>,
		readonly dns: SpfDns,
	) {
		this.#v6 = isIPv6(ip);
	}

	async ask<T>(type: string, name: string, query: () => Promise<T[]>): Promise<T[]> {
		try {
			return await query();
		} catch (error) {
			throw new SpfStop('temperror', `the ${type} lookup of ${name} failed (${String(failure(error))})`);
		}
	}

	count(term: string, domain: string): void {
		if (++this.lookups > LOOKUP_LIMIT) throw new SpfStop('permerror', `over ${LOOKUP_LIMIT} DNS lookups: "${term}" in the SPF record of ${domain} is the ${ordinal(this.lookups)} (RFC 7208 §4.6.4 allows ${LOOKUP_LIMIT})`);
	}

	/** A query of a term that found nothing. */
	void(term: string, domain: string): void {
		if (++this.voids > VOID_LIMIT) throw new SpfStop('permerror', `over ${VOID_LIMIT} void lookups (DNS answers with no record): "${term}" in the SPF record of ${domain} is the ${ordinal(this.voids)} (RFC 7208 §4.6.4 allows ${VOID_LIMIT})`);
	}

	/** The client family's addresses of `name`: A for an IPv4 client, AAAA for IPv6. */
	addresses(name: string): Promise<string[]> {
		return this.#v6 ? this.ask('AAAA', name, () => this.dns.aaaa(name)) : this.ask('A', name, () => this.dns.a(name));
	}

	/** A term's target: its domain-spec expanded, or the current domain. */
	target(spec: MacroPart[] | undefined, domain: string, term: string): string {
		if (spec === undefined) return domain;
		const name = queryName(expandMacros(spec, {...this.context, ip: this.ip, domain}));
		if (!isLookupName(name)) throw new SpfStop('permerror', `"${term}" in the SPF record of ${domain} names "${name}", which is no domain name`);
		return name;
	}

	async check(domain: string): Promise<Found> {
		if (!isLookupName(domain)) return {result: 'none', reason: `"${domain}" is no domain name SPF can look up`};
		const selected = selectSpfRecord(await this.ask('TXT', domain, () => this.dns.txt(domain)));
		if ('none' in selected) return {result: 'none', reason: `${domain} has no SPF record (no TXT record starting "v=spf1")`};
		if ('several' in selected) throw new SpfStop('permerror', `${domain} has ${selected.several.length} SPF records, and may have one only`);
		const {record} = selected;
		if (record.errors.length > 0) throw new SpfStop('permerror', `the SPF record of ${domain} is not valid: ${record.errors[0]}`);
		for (const directive of record.directives) {
			if (LOOKUP_MECHANISMS.has(directive.kind)) this.count(directive.text, domain);
			const match = await this.matches(directive, domain);
			if (match === false) continue;
			const result = RESULTS[directive.qualifier];
			const explanation = result === 'fail' ? await this.explain(record, domain) : undefined;
			const how = match === true ? '' : `, ${match}`;
			return {result, reason: `${this.ip} matched "${directive.text}" in the SPF record of ${domain}${how}`, matched: directive.text, ...(explanation !== undefined && {explanation})};
		}
		// Ignored when the record has "all" (§6.1), which then has decided already.
		if (record.redirect) {
			const {text} = record.redirect;
			this.count(text, domain);
			const target = this.target(record.redirect.domain, domain, text);
			const found = await this.check(target);
			if (found.result === 'none') throw new SpfStop('permerror', `"${text}" in the SPF record of ${domain} names ${target}, which has no SPF record`);
			return {...found, reason: `${found.reason} (by "${text}" of ${domain})`};
		}
		return {result: 'neutral', reason: `no mechanism in the SPF record of ${domain} matched ${this.ip}, and it has no "all" or redirect=: neutral by default`};
	}

	/** Whether the directive matches: false, true, or (an include) how its record did. */
	async matches(directive: Directive, domain: string): Promise<boolean | string> {
		const term = directive.text;
		switch (directive.kind) {
			case 'all':
				return true;
			case 'ip4':
			case 'ip6':
				return inNetwork(this.ip, directive.network, directive.prefix);
			case 'include': {
				const target = this.target(directive.domain, domain, term);
				const found = await this.check(target);
				if (found.result === 'pass') return `as ${found.reason}`;
				if (found.result === 'temperror' || found.result === 'permerror') throw new SpfStop(found.result, found.reason);
				if (found.result === 'none') throw new SpfStop('permerror', `"${term}" in the SPF record of ${domain} names ${target}, which has no SPF record`);
				return false;
			}
			case 'exists': {
				const target = this.target(directive.domain, domain, term);
				const found = await this.ask('A', target, () => this.dns.a(target));
				if (found.length === 0) this.void(term, domain);
				return found.length > 0;
			}
			case 'a': {
				const found = await this.addresses(this.target(directive.domain, domain, term));
				if (found.length === 0) this.void(term, domain);
				return this.inAny(found, directive);
			}
			case 'mx': {
				const target = this.target(directive.domain, domain, term);
				const hosts = await this.ask('MX', target, () => this.dns.mx(target));
				if (hosts.length === 0) this.void(term, domain);
				if (hosts.length > NAME_LIMIT) throw new SpfStop('permerror', `"${term}" in the SPF record of ${domain}: ${target} has ${hosts.length} MX records, over the ${NAME_LIMIT} SPF looks at (RFC 7208 §4.6.4)`);
				for (const {exchange} of hosts) {
					// A null MX (".") names no host.
					if (exchange.replace(/\.$/, '') !== '' && this.inAny(await this.addresses(exchange), directive)) return true;
				}
				return false;
			}
			case 'ptr':
				return this.ptrMatches(this.target(directive.domain, domain, term), term, domain);
		}
	}

	inAny(addresses: readonly string[], directive: {v4: number; v6: number}): boolean {
		return addresses.some(address => inNetwork(this.ip, address, this.#v6 ? directive.v6 : directive.v4));
	}

	/** ptr (§5.5): a name of the client's PTR records, validated by its own addresses, that is the target or under it. */
	async ptrMatches(target: string, term: string, domain: string): Promise<boolean> {
		let names: string[];
		try {
			names = await this.dns.ptr(reverseName(this.ip));
		} catch {
			// A failed PTR lookup makes the mechanism not match (§5.5), no temperror.
			return false;
		}
		if (names.length === 0) this.void(term, domain);
		const wanted = target.toLowerCase().replace(/\.$/, '');
		for (const name of names.slice(0, NAME_LIMIT)) {
			const plain = name.toLowerCase().replace(/\.$/, '');
			if (plain !== wanted && !plain.endsWith(`.${wanted}`)) continue;
			const addresses = await (this.#v6 ? this.dns.aaaa(name) : this.dns.a(name)).catch(() => []);
			if (addresses.some(address => inNetwork(this.ip, address, this.#v6 ? 128 : 32))) return true;
		}
		return false;
	}

	/** A fail's explanation (§6.2): the exp= domain's one TXT record, expanded; none when anything goes wrong. */
	async explain(record: SpfRecord, domain: string): Promise<string | undefined> {
		if (!record.exp) return undefined;
		const context = {...this.context, ip: this.ip, domain};
		const name = queryName(expandMacros(record.exp, context));
		const txt = isLookupName(name) ? await this.dns.txt(name).catch(() => []) : [];
		if (txt.length !== 1) return undefined;
		const parts = parseMacroString(txt[0]!.join(''), true);
		return 'error' in parts ? undefined : expandMacros(parts, context);
	}
}

/**
 * RFC 7208's check_host(): the result for `query.ip` sending as `query.domain`, with the reason in words. Never
 * rejects for DNS: a failed query is a temperror.
 */
export async function checkHost(query: SpfQuery, dns: SpfDns): Promise<SpfOutcome> {
	const helo = query.helo.replace(/\.$/, '');
	// The null sender is postmaster at the HELO name; a sender without a local part, postmaster at its domain (§4.3).
	const at = query.sender.lastIndexOf('@');
	const sender = query.sender === '' ? `postmaster@${helo}` : at < 0 ? `postmaster@${query.sender}` : at === 0 ? `postmaster${query.sender}` : query.sender;
	const evaluation = new Evaluation(clientAddress(query.ip), {sender, helo, ...(query.receiver !== undefined && {receiver: query.receiver})}, dns);
	let found: Found;
	try {
		found = await evaluation.check(query.domain.replace(/\.$/, ''));
	} catch (error) {
		if (!(error instanceof SpfStop)) throw error;
		found = {result: error.result, reason: error.message};
	}
	return {...found, lookups: evaluation.lookups, voidLookups: evaluation.voids};
}
