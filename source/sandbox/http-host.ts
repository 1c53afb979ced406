// The HTTP API's defence against DNS rebinding: a web page at evil.example whose name is made to resolve to 127.0.0.1
// reaches the API with "Host: evil.example". Only loopback names and the addresses the API was told it listens on
// are answered; any other Host gets 403.
import {isLoopback} from '../transport/loopback.js';
import {unbracketed} from '../transport/host-port.js';

/** The name in a Host header, lower case, without its port or an IPv6 address's brackets. */
export function hostName(header: string): string {
	const name = header.trim().toLowerCase();
	return unbracketed(name.startsWith('[') ? name.replace(/(\]):\d*$/, '$1') : name.replace(/:\d*$/, '')).replace(/\.$/, '');
}

/**
 * Whether a request's Host header names this machine: a loopback name or address (localhost and *.localhost, which
 * browsers keep on loopback, RFC 6761), or one of `own` (the listen address, the machine's addresses, --hostname).
 * No Host at all (HTTP/1.0) is no browser's request.
 */
export function hostAllowed(header: string | undefined, own: readonly string[]): boolean {
	if (header === undefined) return true;
	const name = hostName(header);
	return isLoopback(name) || name.endsWith('.localhost') || own.some(address => hostName(address) === name);
}
