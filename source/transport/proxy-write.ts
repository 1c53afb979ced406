// Writes the PROXY header (--proxy) on a socket just connected: the addresses left out are the socket's own.
import type {Socket} from 'node:net';
import {ConnectError, endpoint} from './connect-error.js';
import {proxyEnds, proxyHeader, type ProxyHeader, type ProxySettings} from './proxy-header.js';

/**
 * The header, written (the socket's buffer keeps the order: the TLS handshake or SMTP follows it). A family the
 * user gave that the connection's own addresses cannot match (a name that resolved to IPv6, --proxy-source IPv4)
 * destroys the socket before a byte goes: no header is better than a wrong one.
 */
export function writeProxyHeader(socket: Socket, options: {host: string; port: number; proxy?: ProxySettings}): ProxyHeader | undefined {
	const settings = options.proxy;
	if (!settings) return undefined;
	const real = {source: socket.localAddress ?? '', sourcePort: socket.localPort ?? 0, dest: socket.remoteAddress ?? '', destPort: socket.remotePort ?? options.port};
	const ends = proxyEnds(settings, real);
	if (typeof ends === 'string') {
		socket.destroy();
		throw new ConnectError('other', `cannot send the PROXY header to ${endpoint(options.host, options.port)}: ${ends}`, {code: 'EPROXYFAMILY'});
	}
	const header = proxyHeader(settings.version, ends, settings.family);
	socket.write(header.bytes);
	return header;
}
