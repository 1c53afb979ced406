// --dns SERVER[:PORT]: MX records and addresses from one chosen DNS server (an internal resolver, 1.1.1.1), as
// `dig @SERVER` asks it, instead of the system's resolver. Addresses then come from that server's A and AAAA
// records alone: /etc/hosts and the system's DNS settings play no part.
import dns from 'node:dns';
import {isIPv6, type LookupFunction} from 'node:net';
import {hostPort} from './host-port.js';
import type {Resolver} from './mx.js';
import {errorCode} from '../error-code.js';

export type DnsServer = {address: string; port: number};

/** A resolver that asks `server` only, and can be handed to connections as their lookup. */
export type ServerResolver = Resolver & {lookup: ServerLookup};

/** A connection's lookup that asks one chosen server (`dnsServer`, as `host:port`), for failures to name it. */
export type ServerLookup = LookupFunction & {dnsServer?: string};

/**
 * Two tries, the first given a third of the time: a lost UDP packet is asked again. c-ares waits longer for the
 * second try, by an amount of its own choosing (measured: 0.2 s and 0.5 s first tries took 1 s and 2 s in all), so
 * the query is also cancelled once `timeoutMs` is up, as --timeout promises.
 */
const TRIES = 2;
const firstTryMs = (timeoutMs: number) => Math.max(1, Math.round(timeoutMs / 3));

/**
 * One query to `servers` (`ip`, `ip:port`, `[v6]:port`; none: c-ares' own default) on a resolver of its own
 * (cancelling one cancels all of its queries), given up after `timeoutMs`, or when `stop` is aborted (it then
 * rejects with ECANCELLED), so that a server shutting down does not wait for it.
 */
export async function queryWithin<T>(servers: string[], timeoutMs: number, ask: (resolver: dns.promises.Resolver) => Promise<T>, stop?: AbortSignal): Promise<T> {
	const resolver = new dns.promises.Resolver({timeout: firstTryMs(timeoutMs), tries: TRIES});
	if (servers.length > 0) resolver.setServers(servers);
	let late = false;
	const timer = setTimeout(() => {
		late = true;
		resolver.cancel();
	}, timeoutMs);
	const cancel = () => resolver.cancel();
	stop?.addEventListener('abort', cancel);
	try {
		if (stop?.aborted) throw Object.assign(new Error(`DNS query ${dns.CANCELLED}`), {code: dns.CANCELLED});
		return await ask(resolver);
	} catch (error) {
		throw late ? Object.assign(new Error(`DNS query ${dns.TIMEOUT}`), {code: dns.TIMEOUT}) : error;
	} finally {
		clearTimeout(timer);
		stop?.removeEventListener('abort', cancel);
	}
}

/** NXDOMAIN, or a name without a record of that type: no address, as against a server that failed to say. */
export const noSuchAddress = (error: unknown) => errorCode(error) === dns.NOTFOUND || errorCode(error) === dns.NODATA;

/** `192.0.2.53:53`, `[2001:db8::53]:5353`: the server as messages name it. */
export const dnsServerText = (server: DnsServer) => hostPort(server.address, server.port);

/** Asks `server` alone, each query given up after `timeoutMs` (--timeout), or once `stop` aborts. */
export function serverResolver(server: DnsServer, timeoutMs: number, stop?: AbortSignal): ServerResolver {
	const ask = <T>(question: (resolver: dns.promises.Resolver) => Promise<T>) => queryWithin([dnsServerText(server)], timeoutMs, question, stop);
	/** A and AAAA, asked at once: every address, or the most telling failure (a server that failed over a name that has none). */
	const lookupAll = async (host: string): Promise<string[]> => {
		const answers = await Promise.allSettled([ask(resolver => resolver.resolve4(host)), ask(resolver => resolver.resolve6(host))]);
		const addresses = answers.flatMap(answer => (answer.status === 'fulfilled' ? answer.value : []));
		if (addresses.length > 0) return addresses;
		const errors = answers.map(answer => (answer as PromiseRejectedResult).reason as unknown);
		throw errors.find(error => !noSuchAddress(error)) ?? errors.find(error => errorCode(error) === dns.NOTFOUND) ?? errors[0];
	};
	const lookup: ServerLookup = (host, options, callback) => {
		const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : undefined;
		lookupAll(host).then(
			found => {
				const entries = found.map(address => ({address, family: isIPv6(address) ? 6 : 4})).filter(entry => family === undefined || entry.family === family);
				if (entries.length === 0) return callback(lookupError(host, dns.NOTFOUND, server), '', 0);
				if (options.all) return callback(null, entries);
				callback(null, entries[0]!.address, entries[0]!.family);
			},
			(error: unknown) => callback(lookupError(host, noSuchAddress(error) ? dns.NOTFOUND : 'EAI_AGAIN', server), '', 0),
		);
	};
	lookup.dnsServer = dnsServerText(server);
	return {resolveMx: domain => ask(resolver => resolver.resolveMx(domain)), lookupAll, resolveCname: host => ask(resolver => resolver.resolveCname(host)), resolveTxt: name => ask(resolver => resolver.resolveTxt(name)), lookup, server, timeoutMs, stoppedBy: signal => serverResolver(server, timeoutMs, signal)};
}

/**
 * A failure in the codes the system's lookup gives, which connections already put in words (no such name, or no
 * answer), naming the server asked.
 */
function lookupError(host: string, code: string, server: DnsServer): NodeJS.ErrnoException {
	return Object.assign(new Error(`lookup ${host} failed (${code})`), {code, hostname: host, syscall: 'getaddrinfo', dnsServer: dnsServerText(server)});
}
