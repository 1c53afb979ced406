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

/** Where the machine's addresses are read from, and how often again while a server listens on all of them. */
export type AddressSource = {interfaces: () => Interfaces; everyMs: number};

/**
 * Read again every few seconds: a network joined after start (Wi-Fi, a cable) has no event to listen for, and
 * reading them costs about 0.2 ms, so a room sees the new address within this without the server costing anything.
 */
export const ADDRESSES = {interfaces: () => os.networkInterfaces(), everyMs: 3000} satisfies AddressSource;

/** Calls `changed` with this machine's addresses for `listen` each time they differ from those before; returns the stop. */
export function watchAddresses(listen: string, said: readonly string[], changed: (addresses: string[]) => void, source: AddressSource = ADDRESSES): () => void {
	let last = said.join(' ');
	const timer = setInterval(() => {
		const addresses = ownAddresses(listen, source.interfaces());
		if (addresses.join(' ') === last) return;
		last = addresses.join(' ');
		changed(addresses);
	}, source.everyMs);
	// The server's own sockets keep the process alive, not this.
	timer.unref();
	return () => clearInterval(timer);
}
