// Host names as people type them, and "host:port" as people and URLs write it.
import {isIP, isIPv6} from 'node:net';

/** A "host" that is the path of a Unix socket (--socket): it begins with "/", as no host name can. */
export const isSocketPath = (host: string): boolean => host.startsWith('/');

/** An IPv6 address as written in brackets ([::1]) without them; anything else as it is. */
export const unbracketed = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

/** The address of a sandbox event's `remote` ("192.0.2.7:51234", "[2001:db8::1]:51234"), without its port. */
export const remoteAddress = (remote: string): string => unbracketed(remote.replace(/:\d+$/, ''));

// An IPv6 address goes in brackets ([::1]:2525), once. A Unix socket's path has no port.
export function hostPort(host: string, port: number): string {
	if (isSocketPath(host)) return host;
	return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * An IP address (IPv6 also in brackets), or a name: dot-separated labels of letters (any script), digits, "-" and
 * "_". A typo such as "smtp!.example" is then bad input, not a DNS failure.
 */
export function isHostName(host: string): boolean {
	if (isIP(host) || (/^\[.*\]$/.test(host) && isIPv6(host.slice(1, -1)))) return true;
	// 253 characters at most, as DNS carries a name (RFC 1035's 255 octets on the wire), a trailing dot beside them.
	const name = host.replace(/\.$/, '');
	const labels = name.split('.');
	return name.length <= 253 && labels.every(label => label.length <= 63 && /^[\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_-]*[\p{L}\p{M}\p{N}_])?$/u.test(label));
}
