// The addresses of this machine that other machines can reach it by: what a server listening on 0.0.0.0 or :: tells
// a room to connect to (the address "0.0.0.0" itself is of no use to them).
import os from 'node:os';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

/**
 * Non-loopback addresses, IPv4 first: for `listen` 0.0.0.0 IPv4 only (it takes no IPv6), for :: both. Link-local
 * IPv6 (fe80::) is left out: a client needs the interface's name to use it.
 */
export function ownAddresses(listen: string, interfaces: Interfaces = os.networkInterfaces()): string[] {
	const all = Object.values(interfaces)
		.flatMap(entries => entries ?? [])
		.filter(entry => !entry.internal && !(entry.family === 'IPv6' && entry.address.toLowerCase().startsWith('fe80:')));
	const v4 = all.filter(entry => entry.family === 'IPv4').map(entry => entry.address);
	const v6 = listen === '0.0.0.0' ? [] : all.filter(entry => entry.family === 'IPv6').map(entry => entry.address);
	return [...new Set([...v4, ...v6])];
}

/** Listening on every address of the machine. */
export const isWildcard = (listen: string) => listen === '0.0.0.0' || listen === '::' || listen === '';
