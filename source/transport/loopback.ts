// Loopback addresses: a login in clear is allowed only to a loopback host (no one else is on the path), the sandbox
// offers plaintext AUTH only to clients there, and listening elsewhere is warned about. Names other than localhost
// are not loopback, whatever they start with: `127.mail.example` resolves wherever its DNS says. A Unix socket (its
// path given as the host) is as local as loopback.
import net from 'node:net';
import {isSocketPath} from './host-port.js';

export function isLoopback(address: string): boolean {
	// A Unix socket's path: the connection never leaves this machine.
	if (isSocketPath(address)) return true;
	const plain = address.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '').toLowerCase();
	if (plain === 'localhost' || plain === '::1') return true;
	return net.isIPv4(plain) && plain.startsWith('127.');
}
