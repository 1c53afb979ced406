// MX lookup (RFC 5321 §5.1): which hosts accept mail for a domain, in the order a sender tries them.
// The resolver is injectable so that tests never touch real DNS.
import dns from 'node:dns';
import {isIP} from 'node:net';
import {domainToASCII} from 'node:url';

export type MxHost = {
	exchange: string;
	priority: number;
	/** No MX record: the domain's own A/AAAA address acts as the MX (RFC 5321 §5.1). */
	implicit?: boolean;
};

export type Resolver = {
	resolveMx(domain: string): Promise<Array<{exchange: string; priority: number}>>;
	resolve4?(host: string): Promise<string[]>;
	resolve6?(host: string): Promise<string[]>;
};

export type MxLookupOptions = {
	/** Randomise hosts of equal preference, as RFC 5321 §5.1 asks (default true; tests turn it off). */
	shuffleTies?: boolean;
};

export type MxErrorKind = 'null-mx' | 'nxdomain' | 'no-address' | 'dns';

export class MxLookupError extends Error {
	override readonly name = 'MxLookupError';
	constructor(
		message: string,
		readonly kind: MxErrorKind,
		readonly domain: string,
		readonly code?: string,
	) {
		super(message);
	}
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
/** The name exists but has no record of the asked type. */
const isNoData = (error: unknown) => codeOf(error) === dns.NODATA;
const isNxDomain = (error: unknown) => codeOf(error) === dns.NOTFOUND;

function dnsFailure(domain: string, what: string, error: unknown): MxLookupError {
	const code = codeOf(error) ?? 'unknown error';
	const reason =
		code === dns.TIMEOUT || code === dns.CONNREFUSED
			? 'the DNS server did not answer'
			: code === dns.SERVFAIL
				? 'the DNS server failed to answer for this domain'
				: 'the lookup failed';
	return new MxLookupError(`${what} lookup for ${domain} failed: ${reason} (${code})`, 'dns', domain, code);
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
	const sorted = records.map((record, index) => ({record, index})).sort((a, b) => a.record.priority - b.record.priority || a.index - b.index);
	const hosts = sorted.map(entry => entry.record);
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

/** A's and AAAA's answers for a name; `undefined` when the resolver cannot look addresses up at all. */
async function addressLookups(host: string, resolver: Resolver): Promise<Array<PromiseSettledResult<string[]>> | undefined> {
	const lookups = [resolver.resolve4?.bind(resolver), resolver.resolve6?.bind(resolver)].filter(lookup => lookup !== undefined);
	if (lookups.length === 0) return undefined;
	return Promise.allSettled(lookups.map(lookup => lookup(host)));
}

/** The domain itself as its implicit MX, when it has an address (RFC 5321 §5.1). */
async function implicitMx(domain: string, resolver: Resolver): Promise<MxHost[]> {
	const results = await addressLookups(domain, resolver);
	const implicit = [{exchange: domain, priority: 0, implicit: true}];
	// A resolver without address lookups: let the connection find the address (or fail to).
	if (results === undefined) return implicit;
	if (results.some(result => result.status === 'fulfilled' && result.value.length > 0)) return implicit;
	const errors = results.flatMap(result => (result.status === 'rejected' ? [result.reason] : []));
	if (errors.length > 0 && errors.every(isNxDomain)) {
		throw new MxLookupError(`domain ${domain} does not exist (NXDOMAIN): check the spelling`, 'nxdomain', domain, dns.NOTFOUND);
	}
	const failure = errors.find(error => !isNoData(error) && !isNxDomain(error));
	if (failure) throw dnsFailure(domain, 'address', failure);
	throw new MxLookupError(`domain ${domain} has no MX, A or AAAA record: it cannot receive mail`, 'no-address', domain);
}

/**
 * The hosts that receive mail for `domain`, most preferred first. A null MX (RFC 7505) and a domain that
 * does not exist are errors; a domain without MX records falls back to its own address as an implicit MX.
 */
export async function lookupMx(domain: string, resolver: Resolver = dns.promises, options: MxLookupOptions = {}): Promise<MxHost[]> {
	let records: MxHost[];
	try {
		records = await resolver.resolveMx(domain);
	} catch (error) {
		// Some resolvers answer NXDOMAIN for the MX type alone: the address lookup says whether the name exists.
		if (isNoData(error) || isNxDomain(error)) return implicitMx(domain, resolver);
		throw dnsFailure(domain, 'MX', error);
	}
	// A null MX is "." with preference 0; Node reports its exchange as "".
	const isNull = (record: MxHost) => record.exchange === '' || record.exchange === '.';
	if (records.length > 0 && records.every(isNull)) {
		throw new MxLookupError(`domain ${domain} does not accept mail (null MX, RFC 7505)`, 'null-mx', domain);
	}
	const hosts = records.filter(record => !isNull(record)).map(record => ({exchange: record.exchange.replace(/\.$/, ''), priority: record.priority}));
	if (hosts.length === 0) return implicitMx(domain, resolver);
	return order(hosts, options.shuffleTies ?? true);
}

/** A host's IPv4 and IPv6 addresses, for showing and probing; empty when it has none or the lookup failed. */
export async function lookupAddresses(host: string, resolver: Resolver = dns.promises): Promise<string[]> {
	const literal = host.replace(/^\[(.*)\]$/, '$1');
	if (isIP(literal)) return [literal];
	const results = (await addressLookups(host, resolver)) ?? [];
	return results.flatMap(result => (result.status === 'fulfilled' ? result.value : []));
}
