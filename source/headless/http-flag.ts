// serve --http [ADDR:]PORT: where the sandbox's HTTP API listens. Loopback unless an address is given.
import {isIPv6} from 'node:net';
import {UsageError} from './command.js';
import {isHostName, unbracketed} from '../transport/host-port.js';

export type HttpAddress = {host: string; port: number};

const EXAMPLE = 'e.g. --http 8025 (on 127.0.0.1), --http 0 for a free port, or --http 0.0.0.0:8025 for every interface';

/** --http's value as a host and a port; undefined when not given. An IPv6 address goes in brackets, as in a URL. */
export function parseHttpFlag(value: unknown): HttpAddress | undefined {
	if (value === undefined) return undefined;
	const typed = String(value).trim();
	const [, address, port] = /^(?:(\[[^\]]*\]|[^:]*):)?([^:]*)$/.exec(typed) ?? [];
	if (port === undefined) {
		const hint = isIPv6(typed) || isIPv6(typed.replace(/:\d+$/, '')) ? 'put an IPv6 address in brackets: --http [::1]:8025' : EXAMPLE;
		throw new UsageError(`--http must be [ADDRESS:]PORT, not "${typed}"`, hint);
	}
	if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new UsageError(`--http's port must be a whole number from 0 to 65535 (0 picks a free port), not "${port}"`, EXAMPLE);
	const host = address === undefined || address === '' ? '127.0.0.1' : unbracketed(address);
	if (!isHostName(address ?? host) || /[^\w.:-]/.test(host)) throw new UsageError(`--http's address must be an IP address or a host name, not "${address}"`, EXAMPLE);
	return {host, port: Number(port)};
}
