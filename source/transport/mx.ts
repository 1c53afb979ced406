// MX lookup (RFC 5321 §5.1): which hosts accept mail for a domain, in the order a sender tries them.
// MX records come from DNS; addresses come from the system's lookup, as connecting gets them, so a name that
// only /etc/hosts knows works here too. With --dns both come from the server chosen (dns-resolver.ts).
import dns from 'node:dns';
import {isIP} from 'node:net';
import {domainToASCII} from 'node:url';
import {unbracketed} from './host-port.js';
import {dnsServerText, queryWithin, type DnsServer} from './dns-resolver.js';
import {errorCode} from '../error-code.js';

export type MxHost = {
	exchange: string;
	priority: number;
	/** No MX record: the domain's own A/AAAA address acts as the MX (RFC 5321 §5.1). */
	implicit?: boolean;
	/** The name this MX host is an alias (CNAME) of: used, but against RFC 2181 §10.3 (see mxWarnings). */
	alias?: string;
};

export type Resolver = {
	resolveMx(domain: string): Promise<Array<{exchange: string; priority: number}>>;
	/** Every address of a name; systemLookup is what connecting uses (getaddrinfo: /etc/hosts, then DNS, ...). */
	lookupAll(host: string): Promise<string[]>;
	/** The name `host` is an alias of (its CNAME records); without it, MX hosts are not checked for being aliases. */
	resolveCname?(host: string): Promise<string[]>;
	/** A name's TXT records, each as its strings; without it, check looks up no MTA-STS or TLS-RPT record. */
	resolveTxt?(name: string): Promise<string[][]>;
	/** The server asked, when the user chose one (--dns): failures name it. */
	server?: DnsServer;
	/** How long a query may take (--timeout): a failure to answer says so. */
	timeoutMs?: number;
	/**
	 * The same resolver, its DNS queries cancelled (ECANCELLED) once `stop` aborts: a lookup the user left (Esc in the
	 * dashboard) asks no more of a silent server than it had.
	 */
	stoppedBy?(stop: AbortSignal): Resolver;
};

/** The addresses connecting would try: the system's lookup, not a DNS query, so /etc/hosts counts. */
export async function systemLookup(host: string): Promise<string[]> {
	const found = await dns.promises.lookup(host, {all: true});
	return found.map(entry => entry.address);
}

export const systemResolver: Resolver = {
	resolveMx: domain => dns.promises.resolveMx(domain),
	lookupAll: systemLookup,
	resolveCname: host => dns.promises.resolveCname(host),
	resolveTxt: name => dns.promises.resolveTxt(name),
};

/**
 * The system's DNS servers for MX records, each query given up after `timeoutMs` (--timeout), or once `stop` aborts:
 * left to c-ares, a server that never answers is waited for 30 s whatever --timeout says (measured). Addresses as
 * systemLookup finds them.
 */
export const systemResolverWithin = (timeoutMs: number, stop?: AbortSignal): Resolver => ({
	resolveMx: domain => queryWithin(dns.getServers(), timeoutMs, resolver => resolver.resolveMx(domain), stop),
	lookupAll: systemLookup,
	resolveCname: host => queryWithin(dns.getServers(), timeoutMs, resolver => resolver.resolveCname(host), stop),
	resolveTxt: name => queryWithin(dns.getServers(), timeoutMs, resolver => resolver.resolveTxt(name), stop),
	timeoutMs,
	stoppedBy: signal => systemResolverWithin(timeoutMs, signal),
});

type MxLookupOptions = {
	/** Randomise hosts of equal preference, as RFC 5321 §5.1 asks (default true; tests turn it off). */
	shuffleTies?: boolean;
};

type MxErrorKind = 'null-mx' | 'nxdomain' | 'no-address' | 'dns';

export class MxLookupError extends Error {
	override readonly name = 'MxLookupError';
	constructor(
		message: string,
		readonly kind: MxErrorKind,
		readonly domain: string,
		readonly code?: string,
		/** The server asked (--dns), when the user chose one. */
		readonly server?: DnsServer,
	) {
		super(message);
	}
}

/** The name exists but has no record of the asked type. */
const isNoData = (error: unknown) => errorCode(error) === dns.NODATA;
const isNxDomain = (error: unknown) => errorCode(error) === dns.NOTFOUND;

/** An MX lookup's failure in one sentence: a DNS failure names its lookup already ("MX lookup for d failed: ..."). */
export function mxFailureText(error: unknown): string {
	if (error instanceof MxLookupError && error.kind === 'dns') return [error.message, dnsAdvice(error)].filter(Boolean).join('; ');
	return `MX lookup failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** EAI_AGAIN: the system's lookup got no answer from its DNS server. */
const isNoAnswer = (code: string | undefined) => code === dns.TIMEOUT || code === dns.CONNREFUSED || code === 'EAI_AGAIN';

function dnsFailure(domain: string, what: string, error: unknown, {server, timeoutMs}: Resolver): MxLookupError {
	const code = errorCode(error) ?? 'unknown error';
	const named = server ? `the DNS server ${dnsServerText(server)} (--dns)` : 'the DNS server';
	const within = timeoutMs !== undefined && code === dns.TIMEOUT ? ` within ${timeoutMs / 1000} s` : '';
	const refused = server && code === dns.CONNREFUSED ? `${named} refused the query: nothing listens there` : undefined;
	const reason = refused ?? (isNoAnswer(code) ? `${named} did not answer${within}` : code === dns.SERVFAIL ? `${named} failed to answer for this domain` : 'the lookup failed');
	return new MxLookupError(`${what} lookup for ${domain} failed: ${reason} (${code})`, 'dns', domain, code, server);
}

/**
 * What to do about a DNS failure, where there is more to say than its message: a SERVFAIL usually comes from the
 * domain's own name servers, not the resolver; a chosen server that does not answer may be no DNS server at all.
 */
export function dnsAdvice(error: MxLookupError): string | undefined {
	if (error.kind !== 'dns') return undefined;
	if (error.code === dns.SERVFAIL) {
		return "the domain's own name servers may be down or misconfigured (a DNSSEC failure looks the same): try again later, or ask another DNS server with --dns (e.g. --dns 1.1.1.1)";
	}
	const {server} = error;
	if (server && isNoAnswer(error.code)) {
		const dig = `dig @${server.address}${server.port === 53 ? '' : ` -p ${server.port}`} ${error.domain} MX`;
		return `check that ${dnsServerText(server)} answers DNS from here (${dig}), or leave --dns out for the system's resolver`;
	}
	return undefined;
}

/**
 * The mail domain of an address (`user@example.com`, `<user@example.com>`) or of a bare domain, lower-cased,
 * without a trailing dot, internationalised names in their ASCII (punycode) form. Throws on anything else.
 */
export function domainOf(addressOrDomain: string): string {
	const trimmed = addressOrDomain.trim().replace(/^<(.*)>$/, '$1');
	const domain = trimmed.slice(trimmed.lastIndexOf('@') + 1).replace(/\.$/, '');
	if (domain.startsWith('[')) {
		throw new Error(`"${addressOrDomain}" names an address literal ${domain}, which has no MX: connect to that address directly`);
	}
	const ascii = /^[^\s\0-\x1f/\\?#@]+$/.test(domain) ? domainToASCII(domain) : '';
	if (ascii === '' || ascii.length > 253) throw new Error(`"${addressOrDomain}" is not a mail domain or an address`);
	return ascii;
}

/** Keeps preference order; hosts of equal preference are shuffled when asked (Fisher-Yates within the group). */
function order(records: MxHost[], shuffleTies: boolean): MxHost[] {
	// Array sort is stable (ES2019): hosts of equal preference keep the order given.
	const hosts = [...records].sort((a, b) => a.priority - b.priority);
	if (!shuffleTies) return hosts;
	for (let start = 0; start < hosts.length; ) {
		let end = start + 1;
		while (end < hosts.length && hosts[end]!.priority === hosts[start]!.priority) end++;
		for (let i = end - 1; i > start; i--) {
			const j = start + Math.floor(Math.random() * (i - start + 1));
			[hosts[i], hosts[j]] = [hosts[j]!, hosts[i]!];
		}
		start = end;
	}
	return hosts;
}

/** Top-level domains kept out of public DNS for tests and examples (RFC 2606, RFC 6761): no spelling makes them resolve. */
const RESERVED_TLDS = new Set(['test', 'example', 'invalid', 'localhost']);

/** What to do about a domain that does not exist: a typo, unless it is under a reserved name (the sample's example.test). */
function nxDomainAdvice(domain: string): string {
	const tld = domain.replace(/\.$/, '').split('.').at(-1)!.toLowerCase();
	return RESERVED_TLDS.has(tld) ? `.${tld} is a reserved name that public DNS never resolves (RFC 2606, RFC 6761); use a real domain` : 'check the spelling';
}

/**
 * The domain itself as its implicit MX, when it has an address (RFC 5321 §5.1). `mxError` is how the MX query
 * failed: the system's lookup says "not found" alike for a name that does not exist and for one without an
 * address, and only DNS's NXDOMAIN tells the two apart.
 */
async function implicitMx(domain: string, resolver: Resolver, mxError?: unknown): Promise<MxHost[]> {
	let addresses: string[] = [];
	try {
		addresses = await resolver.lookupAll(domain);
	} catch (error) {
		if (!isNxDomain(error) && !isNoData(error)) throw dnsFailure(domain, 'address', error, resolver);
	}
	if (addresses.length > 0) return [{exchange: domain, priority: 0, implicit: true}];
	if (isNxDomain(mxError)) throw new MxLookupError(`domain ${domain} does not exist (NXDOMAIN): ${nxDomainAdvice(domain)}`, 'nxdomain', domain, dns.NOTFOUND);
	throw new MxLookupError(`domain ${domain} has no MX, A or AAAA record: it cannot receive mail`, 'no-address', domain);
}

/**
 * The hosts that receive mail for `domain`, most preferred first. A null MX (RFC 7505) and a domain that
 * does not exist are errors; a domain without MX records falls back to its own address as an implicit MX.
 */
export async function lookupMx(domain: string, resolver: Resolver = systemResolver, options: MxLookupOptions = {}): Promise<MxHost[]> {
	let records: MxHost[];
	try {
		records = await resolver.resolveMx(domain);
	} catch (error) {
		// No MX: the name's own address, if the system finds one (/etc/hosts knows names DNS does not).
		if (isNoData(error) || isNxDomain(error)) return implicitMx(domain, resolver, error);
		throw dnsFailure(domain, 'MX', error, resolver);
	}
	// A null MX is "." with preference 0; Node reports its exchange as "".
	const isNull = (record: MxHost) => record.exchange === '' || record.exchange === '.';
	if (records.length > 0 && records.every(isNull)) {
		throw new MxLookupError(`domain ${domain} does not accept mail (null MX, RFC 7505)`, 'null-mx', domain);
	}
	const hosts = records.filter(record => !isNull(record)).map(record => ({exchange: record.exchange.replace(/\.$/, ''), priority: record.priority}));
	if (hosts.length === 0) return implicitMx(domain, resolver);
	return withAliases(order(hosts, options.shuffleTies ?? true), resolver);
}

/**
 * The MX hosts, each that is an alias (CNAME) marked with the name it stands for. Asked all at once; a query that
 * fails marks nothing (connecting looks the host up anyway, and says what is wrong with it).
 */
async function withAliases(hosts: MxHost[], resolver: Resolver): Promise<MxHost[]> {
	if (!resolver.resolveCname) return hosts;
	const aliasOf = (host: string) => resolver.resolveCname!(host).then(names => names[0]?.replace(/\.$/, ''), () => undefined);
	return Promise.all(
		hosts.map(async host => {
			const alias = isIP(unbracketed(host.exchange)) ? undefined : await aliasOf(host.exchange);
			return alias ? {...host, alias} : host;
		}),
	);
}

/**
 * What to warn of in `domain`'s MX hosts: ones written as IP addresses (`10 192.0.2.25`), and ones that are aliases
 * (CNAME). Both are used, as real senders mostly do, but RFC 5321 §5.1 asks for a host name, and RFC 2181 §10.3 for
 * one with its own address records, not an alias: other senders may refuse them.
 */
export function mxWarnings(domain: string, hosts: MxHost[]): string[] {
	const literals = hosts.filter(host => isIP(unbracketed(host.exchange))).map(host => host.exchange);
	const aliases = hosts.filter(host => host.alias !== undefined).map(host => `${host.exchange} is an alias of ${host.alias}`);
	return [
		...(literals.length === 0
			? []
			: [`the MX of ${domain} names ${literals.length === 1 ? 'an IP address' : 'IP addresses'} (${literals.join(', ')}), not a host name: RFC 5321 §5.1 asks for a name, and other senders may refuse to use it`]),
		...(aliases.length === 0
			? []
			: [`the MX of ${domain} names ${aliases.length === 1 ? 'an alias' : 'aliases'} (CNAME; ${aliases.join(', ')}), not ${aliases.length === 1 ? 'a host name with its own address' : 'host names with their own addresses'}: RFC 2181 §10.3 and RFC 5321 §5.1 forbid that, and other senders may refuse to use it`]),
	];
}

/** A host's addresses as connecting finds them, for showing and probing; empty when it has none or the lookup failed. */
export async function lookupAddresses(host: string, resolver: Resolver = systemResolver): Promise<string[]> {
	const literal = unbracketed(host);
	if (isIP(literal)) return [literal];
	return resolver.lookupAll(host).catch(() => []);
}
