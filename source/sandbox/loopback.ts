// Loopback addresses: plaintext AUTH is offered only to clients there, and listening elsewhere is warned about.
import net from 'node:net';

export function isLoopback(address: string): boolean {
	const plain = address.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '').toLowerCase();
	if (plain === 'localhost' || plain === '::1') return true;
	return net.isIPv4(plain) && plain.startsWith('127.');
}
