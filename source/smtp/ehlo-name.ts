// The name EHLO (HELO, LHLO) gives when the user gave none. RFC 5321 4.1.1.1 asks for the client's fully qualified
// domain name or, without one, an address literal; strict servers (Postfix's reject_non_fqdn_helo_hostname) refuse a
// bare host name such as "myhost". So: the host name when it has a dot, else the literal of the address this end of
// the connection has, which is known only once connected. Pure: the caller passes the host name and the address.
import {isIP} from 'node:net';

/** An address as RFC 5321's address literal: `[192.0.2.5]`, `[IPv6:2001:db8::5]` (an IPv4-mapped one as IPv4). */
function addressLiteral(address: string): string | undefined {
	const bare = address.replace(/%.*$/, '');
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
	if (mapped) return `[${mapped[1]}]`;
	const version = isIP(bare);
	return version === 4 ? `[${bare}]` : version === 6 ? `[IPv6:${bare}]` : undefined;
}

/** The host name counts as a domain when it has a dot inside it (not "myhost", "localhost" or "myhost."). */
export const qualifiedName = (hostname: string): boolean => /^[^.]+(\.[^.]+)+\.?$/.test(hostname.trim());

/**
 * The default EHLO name: `hostname` when it has a dot; else the address literal of `localAddress` (this end of the
 * connection); else (a Unix socket has no address, or before connecting) the host name as it is ("localhost" when
 * the system has none).
 */
export function defaultEhloName(hostname: string, localAddress?: string): string {
	const name = hostname.trim().replace(/\.$/, '');
	if (qualifiedName(hostname)) return name;
	return (localAddress !== undefined ? addressLiteral(localAddress) : undefined) ?? (name || 'localhost');
}
