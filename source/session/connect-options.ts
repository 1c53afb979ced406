// The transport's options for one connection attempt, from the driver's: where, how it is protected, which way.
import {routeOf} from '../transport/address-family.js';
import type {ConnectOptions} from '../transport/connection.js';
import type {DriverOptions} from './driver-options.js';
import type {SessionConnection} from './types.js';

/** `attempt`: this attempt's clock and stop, and what it tells as it goes (the PROXY header sent, the handshake begun). */
export function connectOptions(options: DriverOptions, attempt: {timeoutMs: number; signal: AbortSignal; onProxyHeader: (opened: SessionConnection) => void; onHandshake: () => void}): ConnectOptions {
	return {
		host: options.host,
		port: options.port,
		implicitTls: options.tls === 'tls',
		...(options.servername !== undefined && {servername: options.servername}),
		...(options.ca !== undefined && {ca: options.ca}),
		insecure: options.insecure ?? false,
		...(options.clientCertificate && {clientCertificate: options.clientCertificate}),
		...(options.tlsVersions && {versions: options.tlsVersions}),
		...(options.dane && {dane: options.dane}),
		...routeOf(options),
		...(options.lookup && {lookup: options.lookup}),
		...(options.proxy && {proxy: options.proxy, onProxyHeader: attempt.onProxyHeader}),
		...(options.socks && {socks: options.socks}),
		timeoutMs: attempt.timeoutMs,
		signal: attempt.signal,
		onHandshake: attempt.onHandshake,
	};
}
