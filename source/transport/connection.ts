// One TCP connection to a mail server, optionally in TLS from the start or upgraded by STARTTLS.
// Events: 'data' (Buffer), 'close' (hadError: boolean), 'error' (ConnectError).
import {EventEmitter} from 'node:events';
import net, {type Socket} from 'node:net';
import type {TLSSocket} from 'node:tls';
import {presentedChain, type TlsInfo} from './tls-info.js';
import {attemptsError, ConnectError, endpoint, seconds, socketError} from './connect-error.js';
import {attemptTimeout, ConnectAttempts} from './connect-attempts.js';
import {StepTimer} from './timeouts.js';
import {CLOSED_IN_HANDSHAKE, handshake, type TrustOptions} from './tls-handshake.js';
import {writePieces} from './write-pieces.js';
import {socketPathError} from './unix-socket.js';
import {isSocketPath} from './host-port.js';
import {allAddresses, familyFor, familyOf, literalMismatch, noAddressOfFamily, type Family} from './address-family.js';
import {writeProxyHeader} from './proxy-write.js';
import type {ServerLookup} from './dns-resolver.js';
import type {ProxyHeader, ProxySettings} from './proxy-header.js';
import {proxyUnreachable, socksHandshake, type SocksSettings} from './socks-connect.js';
import type {SocksTarget} from './socks5.js';

export {ConnectError} from './connect-error.js';

export type ConnectOptions = TrustOptions & {
	/** A name or address, or the absolute path of a Unix socket (no TLS there). */
	host: string;
	port: number;
	implicitTls: boolean;
	/** SNI and the name the certificate must carry; defaults to host (no SNI for IP literals). */
	servername?: string;
	/** Limit for the TCP connect, and again for the TLS handshake. */
	timeoutMs: number;
	/** Only this family's addresses (-4, -6); without it, a local address's family. */
	family?: Family;
	/** The address connections go out from (--local-address): one of this machine's. */
	localAddress?: string;
	/** Stops the attempt (the user's Ctrl+X, an interrupt) at once: the socket is destroyed and open() rejects with the signal's reason. */
	signal?: AbortSignal;
	/** The TCP connection is made and the handshake of TLS from the first byte begins (a stop now is no "no connection"). */
	onHandshake?: () => void;
	/**
	 * How the host's addresses are found (default: the system's resolver; --dns: its server, which a failure names);
	 * tests give a name addresses of their own.
	 */
	lookup?: ServerLookup;
	/** A PROXY protocol header (--proxy) to write right after the TCP connect, before TLS and SMTP. */
	proxy?: ProxySettings;
	/**
	 * The header went (see `proxyHeader`), before any TLS handshake: so that a transcript shows it, and where from,
	 * also when the handshake that follows fails and open() rejects.
	 */
	onProxyHeader?: (connection: Connection) => void;
	/**
	 * Through this SOCKS5 proxy (--socks): the TCP connection goes to it, and it connects to host and port, resolving
	 * a name itself; reaching it and its CONNECT share timeoutMs. Not with family, localAddress or proxy.
	 */
	socks?: SocksSettings;
};

/**
 * The TCP connection, or, for a server that accepted it and reset it at once, the (destroyed) socket and that reset:
 * libuv reads the outcome of the connect only when the loop comes to it, and by then the RST may be in too, so the
 * connect itself fails with ECONNRESET. A refused connect is ECONNREFUSED; ECONNRESET means the connection was made.
 * Through a SOCKS proxy, also its outward end (BND.ADDR) and whether the login went.
 */
type Connected = {socket: Socket; reset?: ConnectError; bound?: SocksTarget; loggedIn?: boolean};

/** Lookup failures that mean "no such address", as against a DNS server that did not answer. */
const NO_ADDRESS = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);

/**
 * A name not found in the family asked for: when it has addresses of the other family, that is the failure to say
 * (the user asked for the family, the name exists); otherwise the lookup's own failure stands.
 */
async function familyFailure(failure: ConnectError, options: ConnectOptions, family: Family | undefined): Promise<ConnectError> {
	if (family === undefined || familyOf(options.host) !== undefined || !NO_ADDRESS.has(failure.code ?? '')) return failure;
	const others = await allAddresses(options.host, options.lookup);
	if (others.length === 0) return failure;
	return new ConnectError('dns', noAddressOfFamily(options.host, family, others, options), {code: failure.code, cause: failure, otherFamilyOnly: true});
}

function connectTcp(options: ConnectOptions): Promise<Connected> {
	const {host, port, timeoutMs} = options;
	const dnsServer = options.lookup?.dnsServer;
	const local = isSocketPath(host);
	const family = familyFor(options);
	// Node connects to an IP address of the other family as it is, ignoring the family asked for.
	const mismatch = local ? undefined : literalMismatch(host, options);
	if (mismatch !== undefined) return Promise.reject(new ConnectError('other', `cannot connect to ${endpoint(host, port)}: ${mismatch}`, {code: 'EAFNOSUPPORT'}));
	return new Promise((resolve, reject) => {
		const socket = local
			? net.connect({path: host})
			: net.connect({host, port, family, localAddress: options.localAddress, lookup: options.lookup, autoSelectFamilyAttemptTimeout: attemptTimeout(timeoutMs)});
		const attempts = new ConnectAttempts(socket);
		let resolved = local || net.isIP(host) !== 0;
		socket.once('lookup', () => {
			resolved = true;
		});
		const timer = new StepTimer();
		const {signal} = options;
		const onAbort = () => {
			timer.stop();
			socket.off('error', onError);
			socket.destroy();
			reject(signal!.reason);
		};
		const onError = (error: Error & {code?: string}) => {
			timer.stop();
			signal?.removeEventListener('abort', onAbort);
			const failure = local ? socketPathError(error, host) : socketError(error, host, port);
			if (error.code === 'ECONNRESET') resolve({socket, reset: failure});
			else familyFailure(failure, options, family).then(reject, reject);
		};
		socket.once('error', onError);
		socket.once('connect', () => {
			timer.stop();
			signal?.removeEventListener('abort', onAbort);
			socket.off('error', onError);
			resolve({socket});
		});
		if (signal?.aborted) return onAbort();
		signal?.addEventListener('abort', onAbort, {once: true});
		timer.start(timeoutMs, () => {
			signal?.removeEventListener('abort', onAbort);
			socket.off('error', onError);
			socket.destroy();
			// With several addresses, one that refused (or was unreachable) tells more than the last one's silence.
			const tried = attempts.timedOut();
			if (tried.some(attempt => attempt.code !== 'ETIMEDOUT')) return reject(attemptsError(tried, host, port));
			const message = resolved
				? `no answer from ${endpoint(host, port)} within ${seconds(timeoutMs)} (a firewall may be dropping packets)`
				: `cannot look up ${host}: no answer from ${dnsServer ? `the DNS server ${dnsServer} (--dns)` : 'DNS'} within ${seconds(timeoutMs)}`;
			reject(new ConnectError(resolved ? 'timeout' : 'dns', message, {code: 'ETIMEDOUT'}));
		});
	});
}

/** TCP to the SOCKS proxy, then its CONNECT to the target, both within the connect's time. */
async function connectSocks(options: ConnectOptions, socks: SocksSettings): Promise<Connected> {
	const started = performance.now();
	const {timeoutMs, signal} = options;
	const leg: ConnectOptions = {host: socks.host, port: socks.port, implicitTls: false, timeoutMs, ...(signal && {signal})};
	const {socket, reset} = await connectTcp(leg).catch((error: unknown) => {
		throw proxyUnreachable(error, socks);
	});
	if (reset) {
		socket.destroy();
		throw proxyUnreachable(reset, socks);
	}
	const left = Math.max(1, timeoutMs - (performance.now() - started));
	const {bound, loggedIn} = await socksHandshake(socket, socks, options, {timeoutMs: left, ...(signal && {signal})});
	return {socket, bound, loggedIn};
}

/** A bound address that says nothing (0.0.0.0:0, as some proxies answer): left out. */
const unspecified = (bound: SocksTarget) => bound.port === 0 || /^(?:0\.0\.0\.0|::)$/.test(bound.host);

export class Connection extends EventEmitter {
	readonly host: string;
	readonly port: number;
	readonly #options: ConnectOptions;
	#socket: Socket | TLSSocket;
	#tls: TlsInfo | undefined;
	#closeEmitted = false;
	/** The PROXY header written first (--proxy), for the transcript. */
	#proxyHeader: ProxyHeader | undefined;
	/** Through a SOCKS proxy: the proxy's own end of its connection to the server (BND.ADDR), when it says one. */
	#socksBound: SocksTarget | undefined;
	/** Through a SOCKS proxy: a login was given (--socks-user), and the proxy asked for none. */
	#socksLoginUnused = false;

	private constructor(options: ConnectOptions, socket: Socket) {
		super();
		this.host = options.host;
		this.port = options.port;
		this.#options = options;
		this.#socket = socket;
		// Like a stream, hold incoming bytes until someone listens, so a greeting that arrives in the same
		// tick as the connect or the handshake is not lost.
		this.on('newListener', (event: string) => {
			if (event === 'data' && this.listenerCount('data') === 0) this.#socket.on('data', this.#forwardData);
		});
	}

	static async open(options: ConnectOptions): Promise<Connection> {
		const {socket, reset, bound, loggedIn} = options.socks ? await connectSocks(options, options.socks) : await connectTcp(options);
		if (reset) return Connection.#resetAtOnce(options, socket, reset);
		socket.setNoDelay(true);
		const connection = new Connection(options, socket);
		if (bound && !unspecified(bound)) connection.#socksBound = bound;
		connection.#socksLoginUnused = options.socks?.login !== undefined && loggedIn === false;
		// As a load balancer does: before anything else, TLS's ClientHello included.
		if (options.proxy) {
			connection.#proxyHeader = writeProxyHeader(socket, options);
			options.onProxyHeader?.(connection);
		}
		if (options.implicitTls) {
			// Stopped during the handshake: the socket goes, which ends the handshake, and the stop is what open() reports.
			const stop = () => socket.destroy();
			options.signal?.addEventListener('abort', stop, {once: true});
			options.onHandshake?.();
			try {
				await connection.#startTls('implicit', options.servername);
			} catch (error) {
				throw options.signal?.aborted ? options.signal.reason : error;
			} finally {
				options.signal?.removeEventListener('abort', stop);
			}
		} else {
			connection.#attach(socket);
		}
		return connection;
	}

	/**
	 * A connection the server reset as soon as it was made: as if the reset had come a moment later, it opens, then
	 * reports the reset ('error', kind 'closed') and closes, once the caller can listen. With implicit TLS the
	 * handshake could not even start: that fails the TLS handshake, as a reset during the handshake does.
	 */
	static #resetAtOnce(options: ConnectOptions, socket: Socket, reset: ConnectError): Connection {
		const at = endpoint(options.host, options.port);
		if (options.implicitTls) {
			throw new ConnectError('tls', `TLS handshake with ${at} failed: ${CLOSED_IN_HANDSHAKE}`, {code: reset.code, cause: reset, tlsFailure: 'closed'});
		}
		const connection = new Connection(options, socket);
		setImmediate(() => {
			connection.emit('error', reset);
			connection.#emitClose(true);
		});
		return connection;
	}

	// Through a SOCKS proxy the socket's own ends are this machine's and the proxy's: the ends that matter to the
	// server are the proxy's outward one (as it reports it) and the target, whose address the proxy alone knows.
	get localAddress(): string | undefined {
		return this.#options.socks ? this.#socksBound?.host : this.#socket.localAddress;
	}

	get localPort(): number | undefined {
		return this.#options.socks ? this.#socksBound?.port : this.#socket.localPort;
	}

	get remoteAddress(): string | undefined {
		if (this.#options.socks) return net.isIP(this.host) === 0 ? undefined : this.host;
		return this.#socket.remoteAddress;
	}

	/** The SOCKS proxy connected through (--socks), as host:port. */
	get socksProxy(): string | undefined {
		const socks = this.#options.socks;
		return socks && endpoint(socks.host, socks.port);
	}

	/** A login was given for the SOCKS proxy (--socks-user), and the proxy asked for none (ssh -D never does). */
	get socksLoginUnused(): boolean {
		return this.#socksLoginUnused;
	}

	get proxyHeader(): ProxyHeader | undefined {
		return this.#proxyHeader;
	}

	get secure(): boolean {
		return this.#tls !== undefined;
	}

	get tlsInfo(): TlsInfo | undefined {
		return this.#tls;
	}

	/** The certificates the server's chain holds (DER, its own first), once TLS is up: what DANE matches against. */
	get peerCertificates(): Buffer[] | undefined {
		return this.#tls && presentedChain((this.#socket as TLSSocket).getPeerCertificate(true));
	}

	/** Resolves once the bytes are handed to the kernel or fit under the socket's buffer limit. */
	async write(bytes: Uint8Array): Promise<void> {
		const socket = this.#socket;
		if (!this.#push(socket, bytes)) await this.#drained(socket);
	}

	/**
	 * Writes every chunk in order, reading ahead only as far as the socket keeps up; does not end the socket.
	 * `written` is told of each chunk once the socket is done with it (sent, or failed), so it may be reused; `sent`,
	 * of the bytes the operating system takes to send, a piece at a time: the network is moving.
	 */
	async writeStream(source: AsyncIterable<Uint8Array>, written?: (chunk: Uint8Array) => void, sent?: (bytes: number) => void): Promise<void> {
		await writePieces(this.#socket, source, {written, sent, closed: () => this.#closedError()});
	}

	/** STARTTLS: runs the TLS handshake on this same socket; later 'data' comes decrypted. */
	async upgradeToTls(options: {servername?: string} = {}): Promise<TlsInfo> {
		if (this.secure) throw new ConnectError('tls', `the connection to ${this.#at()} already uses TLS`);
		// Plain bytes that arrived up to here were already emitted as 'data': the engine treats bytes after
		// STARTTLS's 220 as injection. From here on the TLS layer reads the socket.
		this.#detach(this.#socket);
		try {
			return await this.#startTls('starttls', options.servername ?? this.#options.servername);
		} catch (error) {
			// The rejection (which says why) reaches the caller before the 'close' it causes.
			setImmediate(() => this.#emitClose(true));
			throw error;
		}
	}

	/** Ends gracefully (TLS close_notify, then FIN), and destroys the socket if the peer never closes its side. */
	close(): void {
		const socket = this.#socket;
		socket.end();
		// Read on to the peer's FIN even when nobody listens for data, or 'close' would never come.
		socket.resume();
		const timer = setTimeout(() => socket.destroy(), this.#options.timeoutMs);
		timer.unref();
		socket.once('close', () => clearTimeout(timer));
	}

	destroy(): void {
		this.#socket.destroy();
	}

	async #startTls(mode: 'implicit' | 'starttls', servername: string | undefined): Promise<TlsInfo> {
		const {ca, insecure, clientCertificate, versions, dane, timeoutMs} = this.#options;
		const info = await handshake({
			socket: this.#socket,
			host: this.host,
			port: this.port,
			servername,
			ca,
			insecure,
			clientCertificate,
			versions,
			dane,
			timeoutMs,
			mode,
			adopt: (secure) => {
				this.#socket = secure;
				this.#attach(secure);
			},
		});
		this.#tls = info;
		return info;
	}

	readonly #forwardData = (bytes: Buffer) => {
		this.emit('data', bytes);
	};

	readonly #forwardError = (error: Error) => {
		this.emit('error', error instanceof ConnectError ? error : socketError(error, this.host, this.port, this.#options.clientCertificate !== undefined));
	};

	readonly #forwardClose = (hadError: boolean) => {
		this.#emitClose(hadError);
	};

	#attach(socket: Socket): void {
		socket.on('error', this.#forwardError);
		socket.on('close', this.#forwardClose);
		if (this.listenerCount('data') > 0) socket.on('data', this.#forwardData);
	}

	#detach(socket: Socket): void {
		socket.off('data', this.#forwardData);
		socket.off('error', this.#forwardError);
		socket.off('close', this.#forwardClose);
	}

	/** Writes if the socket still can; false means wait for 'drain'. */
	#push(socket: Socket, bytes: Uint8Array): boolean {
		if (!socket.writable) throw this.#closedError();
		return socket.write(bytes);
	}

	#drained(socket: Socket): Promise<void> {
		return new Promise((resolve, reject) => {
			const settle = (drained: boolean) => {
				socket.off('drain', onDrain);
				socket.off('close', onClose);
				if (drained) resolve();
				else reject(this.#closedError());
			};
			const onDrain = () => settle(true);
			const onClose = () => settle(false);
			socket.on('drain', onDrain);
			socket.on('close', onClose);
		});
	}

	#emitClose(hadError: boolean): void {
		if (this.#closeEmitted) return;
		this.#closeEmitted = true;
		this.emit('close', hadError);
	}

	#at(): string {
		return endpoint(this.host, this.port);
	}

	#closedError(): ConnectError {
		return new ConnectError('closed', `the connection to ${this.#at()} is closed`);
	}
}
