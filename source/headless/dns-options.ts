// --dns SERVER[:PORT]: the DNS server to ask, as `dig @SERVER` names it (the @ may be typed too).
import {isIP} from 'node:net';
import type {DnsServer} from '../transport/dns-resolver.js';
import {UsageError} from './command.js';

const HINT = "give a DNS server's IP address, with its port if not 53: e.g. --dns 1.1.1.1, --dns 192.0.2.53:5353 or --dns [2001:db8::53]:5353";

/** The address and port of --dns, or undefined without it. A name is refused: finding it would need DNS itself. */
export function parseDnsFlag(value: unknown): DnsServer | undefined {
	if (value === undefined) return undefined;
	const typed = String(value).trim();
	const text = typed.replace(/^@/, '');
	if (text === '') throw new UsageError('--dns is empty', HINT);
	// [v6]:port or [v6]; v4:port; a bare v4 or v6 address.
	const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
	const withPort = !bracketed && !isIP(text) && /^([^:]*):([^:]*)$/.exec(text);
	const address = bracketed ? bracketed[1]! : withPort ? withPort[1]! : text;
	const port = bracketed ? bracketed[2] : withPort ? withPort[2] : undefined;
	if (!isIP(address)) {
		const more = address.split(':').length > 2 ? '; an IPv6 address with a port goes in brackets, [2001:db8::53]:5353' : '';
		throw new UsageError(`--dns "${typed}" is not an IP address: the server must be given by address, as a name would need DNS to be found${more}`, HINT);
	}
	if (port === undefined) return {address, port: 53};
	const number = /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN;
	if (!(number >= 1 && number <= 65535)) throw new UsageError(`--dns "${typed}": the port must be a whole number from 1 to 65535, not "${port}"`, HINT);
	return {address, port: number};
}

/** --dns given where the host is an IP address: there is no name to look up, so it is said, not silently unused. */
export function unusedDnsWarning(dns: DnsServer | undefined, host: string): string | undefined {
	return dns && isIP(host) ? `--dns has nothing to do: ${host} is an IP address, with no name to look up` : undefined;
}
