// A domain's SPF record judged as a sysadmin needs it judged, for any sender at all: every include and redirect
// followed to count the DNS lookups a receiver may make (the commonest SPF bug is an 11th), void lookups, records
// missing or not valid, and what its "all" tells receivers to do with mail from anywhere else.
import {hasMacros, expandMacros, type MacroPart} from './macro.js';
import {LOOKUP_MECHANISMS, selectSpfRecord, type SpfRecord} from './record.js';
import {isLookupName, LOOKUP_LIMIT, VOID_LIMIT, type SpfDns} from './evaluate.js';

/** `error`: receivers return permerror (or fail everyone); `warning`: mail goes on, but not as you would want. */
export type SpfProblem = {severity: 'error' | 'warning'; text: string};

/** An include or redirect of the domain's own record, and the lookups it costs (itself and all below it). */
export type SpfBranch = {term: string; domain?: string; lookups: number};

export type SpfLint = {
	domain: string;
	/** Whether it has one SPF record (judged below), none, several (a permerror), or the lookup failed. */
	status: 'found' | 'none' | 'several' | 'dns-failed';
	/** The domain's SPF record, when it has one. */
	record?: string;
	/** DNS lookups counted through every include and redirect, as a receiver may make them (at most 10 allowed). */
	lookups: number;
	/** Of them, those that found nothing (at most 2 allowed). */
	voidLookups: number;
	branches: SpfBranch[];
	/** Why the domain's TXT lookup failed (status dns-failed). */
	error?: string;
	/** The "all" that decides for every other sender (through redirect=), as written, e.g. "-all"; none when absent. */
	all?: string;
	problems: SpfProblem[];
};

/** The most includes and redirects one lint follows: far past the limit of 10 lookups, which each of them costs. */
const MAX_FOLLOWED = 100;

type Walk = {lookups: number; voids: number; all?: string};

/** How an included record was reached: each include or redirect, and the domain it led to. */
type Step = {term: string; domain: string};

const path = (via: readonly Step[]) => via.map(step => step.term).join(' → ');

/** The TXT lookups of one lint, each name asked once, and its problems in the order found. */
class Linter {
	readonly problems: SpfProblem[] = [];
	readonly #txt = new Map<string, Promise<string[][] | {error: string}>>();
	/** Includes and redirects followed: a record that includes another twice, at each level, would grow without end. */
	#followed = 0;

	constructor(
		readonly top: string,
		readonly dns: SpfDns,
	) {}

	txt(name: string): Promise<string[][] | {error: string}> {
		let answer = this.#txt.get(name);
		if (!answer) {
			answer = this.dns.txt(name).catch((error: unknown) => ({error: `the TXT lookup of ${name} failed (${String((error as {code?: unknown})?.code ?? error)})`}));
			this.#txt.set(name, answer);
		}
		return answer;
	}

	problem(severity: SpfProblem['severity'], text: string): void {
		if (!this.problems.some(known => known.text === text)) this.problems.push({severity, text});
	}

	/** "the SPF record of example.com", or of an include with how it was reached. */
	whose(domain: string, via: Step[]): string {
		return via.length === 0 ? `the SPF record of ${domain}` : `the SPF record of ${domain} (reached by ${path(via)})`;
	}

	/** A target without macros, as a name; with macros it depends on the sender, and is not followed. */
	target(spec: MacroPart[] | undefined, domain: string): string | undefined {
		if (spec === undefined) return domain;
		if (hasMacros(spec)) return undefined;
		return expandMacros(spec, {sender: '', domain, ip: '', helo: ''}).replace(/\.$/, '');
	}

	/** The record of a domain reached by an include or redirect, walked; a missing one is a permerror for every sender. */
	async branch(term: string, target: string, via: Step[], domain: string): Promise<Walk> {
		if (++this.#followed > MAX_FOLLOWED) {
			this.problem('error', `SPF of ${this.top} leads to more than ${MAX_FOLLOWED} includes and redirects: receivers stop at the ${LOOKUP_LIMIT}th lookup with permerror, and so did this count, after the first ${MAX_FOLLOWED}.`);
			return {lookups: 0, voids: 0};
		}
		// DNS names are the same in any case: include:A.example.net comes back round to a.example.net.
		const same = (name: string) => name.toLowerCase() === target.toLowerCase();
		if (same(this.top) || via.some(step => same(step.domain))) {
			this.problem('error', `${[this.top, ...via.map(step => step.term), term].join(' → ')} goes round in a loop: receivers follow it until the ${LOOKUP_LIMIT}-lookup limit, a permerror for all of ${this.top}'s mail.`);
			return {lookups: 0, voids: 0};
		}
		const found = await this.txt(target);
		if ('error' in found) {
			this.problem('warning', `"${term}" in ${this.whose(domain, via)} could not be followed: ${found.error}; receivers that meet this return temperror.`);
			return {lookups: 0, voids: 0};
		}
		const selected = selectSpfRecord(found);
		if ('none' in selected) {
			this.problem('error', `"${term}" in ${this.whose(domain, via)} names ${target}, which has no SPF record: receivers return permerror for every sender of ${this.top} (fix the name, or remove the ${term.startsWith('redirect') ? 'redirect' : 'include'}).`);
			return {lookups: 0, voids: found.length === 0 ? 1 : 0};
		}
		if ('several' in selected) {
			this.problem('error', `${target} (reached by ${path([...via, {term, domain: target}])}) has ${selected.several.length} SPF records: receivers return permerror for every sender of ${this.top}.`);
			return {lookups: 0, voids: 0};
		}
		return this.record(selected.record, target, [...via, {term, domain: target}]);
	}

	/** One record: its own DNS terms, and the records its includes and redirect lead to. */
	async record(record: SpfRecord, domain: string, via: Step[]): Promise<Walk & {branches: SpfBranch[]}> {
		for (const error of record.errors) this.problem('error', `${this.whose(domain, via)[0]!.toUpperCase()}${this.whose(domain, via).slice(1)} is not valid: ${error}. Receivers return permerror for it, so ${this.top} fails SPF everywhere.`);
		if (record.errors.length > 0) return {lookups: 0, voids: 0, branches: []};
		const allAt = record.directives.findIndex(directive => directive.kind === 'all');
		const evaluated = allAt < 0 ? record.directives : record.directives.slice(0, allAt + 1);
		if (allAt >= 0 && allAt < record.directives.length - 1) {
			this.problem('warning', `In ${this.whose(domain, via)}, ${record.directives.slice(allAt + 1).map(directive => `"${directive.text}"`).join(', ')} after "${record.directives[allAt]!.text}" ${allAt === record.directives.length - 2 ? 'is' : 'are'} never looked at: "all" matches every address. Move ${allAt === record.directives.length - 2 ? 'it' : 'them'} before it.`);
		}
		if (record.redirect && allAt >= 0) this.problem('warning', `In ${this.whose(domain, via)}, "${record.redirect.text}" is ignored: the record has "${record.directives[allAt]!.text}" (RFC 7208 §6.1).`);
		const walks = await Promise.all(
			evaluated.map(async (directive): Promise<Walk & {branch?: SpfBranch}> => {
				if (!LOOKUP_MECHANISMS.has(directive.kind)) return {lookups: 0, voids: 0};
				if (directive.kind === 'ptr') this.problem('warning', `"${directive.text}" in ${this.whose(domain, via)} is deprecated (RFC 7208 §5.5): slow, and many receivers skip it, so mail it should allow fails. Name the servers with ip4:/ip6: or a instead.`);
				if (directive.kind === 'include') {
					const target = this.target(directive.domain, domain);
					const below = target === undefined ? {lookups: 0, voids: 0} : await this.branch(directive.text, target, via, domain);
					return {lookups: 1 + below.lookups, voids: below.voids, branch: {term: directive.text, ...(target !== undefined && {domain: target}), lookups: 1 + below.lookups}};
				}
				if (directive.kind === 'a' || directive.kind === 'mx') return {lookups: 1, voids: await this.voidOf(directive, domain, via)};
				return {lookups: 1, voids: 0};
			}),
		);
		const own = walks.reduce((sum, walk) => ({lookups: sum.lookups + walk.lookups, voids: sum.voids + walk.voids}), {lookups: 0, voids: 0});
		const branches = walks.flatMap(walk => (walk.branch ? [walk.branch] : []));
		const all = allAt < 0 ? undefined : record.directives[allAt]!.text;
		if (all?.replace(/^\+/, '').toLowerCase() === 'all') {
			this.problem('warning', `"${all}" in ${this.whose(domain, via)} lets any server anywhere send as ${this.top}: forged mail passes SPF. End it with -all (or ~all) instead.`);
		}
		if (!record.redirect || allAt >= 0) return {...own, branches, ...(all !== undefined && {all})};
		const target = this.target(record.redirect.domain, domain);
		const below = target === undefined ? {lookups: 0, voids: 0} : await this.branch(record.redirect.text, target, via, domain);
		const branch = {term: record.redirect.text, ...(target !== undefined && {domain: target}), lookups: 1 + below.lookups};
		return {lookups: own.lookups + branch.lookups, voids: own.voids + below.voids, branches: [...branches, branch], ...(below.all !== undefined && {all: below.all})};
	}

	/** 1 when an a or mx term finds nothing for any client (no A and no AAAA; no MX), else 0. */
	async voidOf(directive: {kind: 'a' | 'mx'; text: string; domain?: MacroPart[]}, domain: string, via: Step[]): Promise<number> {
		const target = this.target(directive.domain, domain);
		if (target === undefined || !isLookupName(target)) return 0;
		const ask = <T>(query: Promise<T[]>) => query.then(
			found => found.length,
			() => 1,
		);
		if (directive.kind === 'mx') {
			const hosts = await this.dns.mx(target).catch(() => undefined);
			if (hosts && hosts.length > 10) this.problem('error', `"${directive.text}" in ${this.whose(domain, via)}: ${target} has ${hosts.length} MX records, over the 10 SPF looks at: receivers return permerror.`);
			return hosts?.length === 0 ? 1 : 0;
		}
		const [v4, v6] = await Promise.all([ask(this.dns.a(target)), ask(this.dns.aaaa(target))]);
		return v4 + v6 === 0 ? 1 : 0;
	}
}

/** What receivers make of the domain's SPF record for mail from anywhere, and every problem with it. */
export async function lintSpf(domain: string, dns: SpfDns): Promise<SpfLint> {
	const linter = new Linter(domain, dns);
	const found = await linter.txt(domain);
	if ('error' in found) return {domain, status: 'dns-failed', error: found.error, lookups: 0, voidLookups: 0, branches: [], problems: [{severity: 'warning', text: `SPF of ${domain} not known: ${found.error}.`}]};
	const selected = selectSpfRecord(found);
	if ('none' in selected) {
		const problem = `${domain} has no SPF record: receivers cannot tell your servers from forgers, and many (Gmail, Yahoo, Microsoft) junk or refuse mail that passes neither SPF nor DKIM. Publish one naming your servers, e.g. "v=spf1 mx -all".`;
		return {domain, status: 'none', lookups: 0, voidLookups: 0, branches: [], problems: [{severity: 'warning', text: problem}]};
	}
	if ('several' in selected) {
		const problem = `${domain} has ${selected.several.length} SPF records (TXT records starting "v=spf1"): receivers return permerror, so its mail fails SPF everywhere. Merge them into one.`;
		return {domain, status: 'several', lookups: 0, voidLookups: 0, branches: [], problems: [{severity: 'error', text: problem}]};
	}
	const walk = await linter.record(selected.record, domain, []);
	if (walk.lookups > LOOKUP_LIMIT) {
		linter.problem('error', `SPF of ${domain} needs ${walk.lookups} DNS lookups, counted through its includes and redirect, where ${LOOKUP_LIMIT} are allowed: receivers return permerror and your SPF fails everywhere. Replace includes you control with the ip4:/ip6: ranges they list (those cost no lookup), and drop services you no longer send through.`);
	}
	if (walk.voids > VOID_LIMIT) {
		linter.problem('error', `SPF of ${domain} has ${walk.voids} void lookups (names with no record; at most ${VOID_LIMIT} allowed): receivers that reach the 3rd return permerror. Remove the terms that name nothing.`);
	}
	if (selected.record.errors.length === 0 && (walk.all === undefined || walk.all.startsWith('?'))) {
		linter.problem('warning', `SPF of ${domain} ends ${walk.all === undefined ? 'with no "all"' : `with "${walk.all}"`}, so a forger's mail is not refused. End it with ~all or -all.`);
	}
	// Most serious first, in the order found.
	const problems = [...linter.problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
	return {domain, status: 'found', record: selected.record.text, lookups: walk.lookups, voidLookups: walk.voids, branches: walk.branches, ...(walk.all !== undefined && {all: walk.all}), problems};
}
