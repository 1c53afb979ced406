// IPv4 or IPv6, as -4/-6 choose it or a local address implies it: which addresses a connection may use, and why
// one it cannot use is refused, in words that name the family and its DNS record.
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import {unbracketed} from './host-port.js';

export type Family = 4 | 6;

/** How connections go: over one family only (-4, -6), from one address (--local-address); each absent when not chosen. */
export type Route = {family?: Family; localAddress?: string};

/** Settings that may hold a route (options, flags' settings), their fields possibly set to undefined. */
type RouteLike = {family?: Family | undefined; localAddress?: string | undefined};

/** Just the family and local address of settings that hold them, absent ones left out. */
export const routeOf = (settings: RouteLike): Route => ({
	...(settings.family !== undefined && {family: settings.family}),
	...(settings.localAddress !== undefined && {localAddress: settings.localAddress}),
});

/** "IPv4", "IPv6". */
export const familyName = (family: Family) => `IPv${family}`;

/** The DNS record that holds a family's addresses. */
const recordOf = (family: Family) => (family === 4 ? 'A' : 'AAAA');

/** The family of an IP address (IPv6 also in brackets); undefined for a name. */
export function familyOf(address: string): Family | undefined {
	const version = net.isIP(unbracketed(address));
	return version === 0 ? undefined : (version as Family);
}

/** How connections go, when -4/-6 or a local address chose it: " over IPv6 from 2001:db8::5"; empty otherwise. */
export function routeWords(route: RouteLike): string {
	return `${route.family === undefined ? '' : ` over ${familyName(route.family)}`}${route.localAddress === undefined ? '' : ` from ${route.localAddress}`}`;
}

/** The family a connection must use: the one asked for, else the local address's (a socket bound to IPv4 reaches IPv4 alone). */
export function familyFor(options: RouteLike): Family | undefined {
	return options.family ?? (options.localAddress === undefined ? undefined : familyOf(options.localAddress));
}

/**
 * Why the host (an IP address) cannot be reached as asked, or undefined when it can (or is a name). Node would
 * connect to an IPv6 literal under -4 anyway, and fail to bind an IPv4 local address for it with a bare EINVAL.
 */
export function literalMismatch(host: string, options: RouteLike): string | undefined {
	const family = familyFor(options);
	const hostFamily = familyOf(host);
	if (family === undefined || hostFamily === undefined || hostFamily === family) return undefined;
	const plain = unbracketed(host);
	if (options.family === undefined) {
		return `the local address ${options.localAddress} is ${familyName(family)} and ${plain} is ${familyName(hostFamily)}: a connection stays in one family; give an ${familyName(hostFamily)} local address`;
	}
	return `${plain} is an ${familyName(hostFamily)} address and -${family} asks for ${familyName(family)}: drop -${family}, or give the host's ${familyName(family)} address`;
}

/** Link-local IPv6 (fe80::/10) is left out of the addresses offered: it needs a scope (%eth0) to be used. */
const scoped = (entry: os.NetworkInterfaceInfo) => /^fe[89ab]/i.test(entry.address) && entry.family === 'IPv6';

/** This machine's addresses of a family, as its interfaces list them. */
export function localAddresses(family: Family): string[] {
	return Object.values(os.networkInterfaces())
		.flatMap(entries => entries ?? [])
		.filter(entry => entry.family === familyName(family) && !scoped(entry))
		.map(entry => entry.address);
}

/** The addresses of the interface `name` (eth0, lo), when this machine has one of that name. */
export function interfaceAddresses(name: string): string[] | undefined {
	return os.networkInterfaces()[name]?.filter(entry => !scoped(entry)).map(entry => entry.address);
}

const otherOf = (family: Family): Family => (family === 4 ? 6 : 4);

/** Every address of `host` whatever its family, through `lookup` (the system's by default); none when it fails. */
export function allAddresses(host: string, lookup: net.LookupFunction = dns.lookup as net.LookupFunction): Promise<string[]> {
	return new Promise(resolve => {
		lookup(host, {all: true}, (error, addresses) => {
			if (error || !Array.isArray(addresses)) return resolve([]);
			resolve(addresses.map(entry => entry.address));
		});
	});
}

/** What to do about a name without an address of `family`: the flag to change, or the local address that chose it. */
function remedyFor(family: Family, options: RouteLike): string {
	const other = otherOf(family);
	if (options.family === undefined) return `, and the local address ${options.localAddress} is ${familyName(family)}: give an ${familyName(other)} local address`;
	return `: use -${other}, or leave -${family} out`;
}

/** No host probed has an address of the family asked for: the check's verdict; undefined when no family was. */
export function noHostOfFamily(options: RouteLike): string | undefined {
	const family = familyFor(options);
	return family === undefined ? undefined : `No host has an ${familyName(family)} address (${recordOf(family)})${remedyFor(family, options)}.`;
}

/**
 * A name that resolves, but not in `family`: what it has instead and what to do. `localAddress` when it is what
 * chose the family (no -4/-6).
 */
export function noAddressOfFamily(host: string, family: Family, others: readonly string[], options: RouteLike): string {
	return `${host} has no ${familyName(family)} address (${recordOf(family)}), only ${familyName(otherOf(family))} (${others.join(', ')})${remedyFor(family, options)}`;
}
