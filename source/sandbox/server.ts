// The built-in sandbox SMTP server: start it in-process (the dashboard) or through `smtp-tui serve`.
// Nothing here writes to stdout or stderr: everything it has to say goes out as events.
import type net from 'node:net';
import type tls from 'node:tls';
import {SMTPServer, type SMTPServerOptions} from 'smtp-server';
import type {SMTPConnectionOptions, TLSError} from 'smtp-server/lib/smtp-connection.js';
import {SANDBOX_BANNER} from './banner.js';
import {claimCertificate, type SandboxCertificate} from './certificate.js';
import {isReported, SandboxConnection, type ConnectionHost, type EventBody} from './connection.js';
import type {ListenerKind, SandboxEvent} from './events.js';
import {sandboxHooks, type InFlight} from './hooks.js';
import {AuthChecks, judgedAddress} from './auth-checks.js';
import {DkimChecks} from './dkim-checks.js';
import {Mailbox} from './mailbox.js';
import {Scenarios} from './scenarios.js';
import {resolveSandboxSettings, type SandboxSettings} from './settings.js';
import {clearStaleSocket} from './socket-file.js';

/** The addresses a loopback client connects from (smtp-server normalizes ::ffff:127.0.0.1 itself). */
const LOOPBACK_PEERS = ['127.0.0.1', '::1'];

export type {SandboxSettings} from './settings.js';

/** `socket`: the Unix socket's path (serve --socket), with host '' and port 0. */
export type SandboxListener = {host: string; port: number; kind: ListenerKind; socket?: string};

export type Sandbox = {
	/** The bound addresses: the plain listener (STARTTLS offered) first, then the implicit-TLS one if any. */
	listeners: SandboxListener[];
	/**
	 * A client trusts the sandbox by passing exactly `pem` as `ca` (no global "insecure"). Undefined when the sandbox
	 * offers no TLS at all (STARTTLS off at start, no tlsPort): no certificate is read or made then.
	 */
	certificate: Omit<SandboxCertificate, 'key'> | undefined;
	/** The live settings: change a field and the next connection or command obeys it. */
	settings: SandboxSettings;
	mailbox: Mailbox;
	/**
	 * Closes the listeners, lets messages being saved finish, and ends every open session with 421 4.3.2: at once, or
	 * once the message it is sending is answered (for up to a second).
	 */
	close(): Promise<void>;
};

type SandboxHooks = {
	/** Called synchronously for every event; must not throw. */
	onEvent?(event: SandboxEvent): void;
};

// How long a message under way at shutdown gets to finish before its session is cut off (the others close at once).
const shutdownGraceMs = 1000;

class SandboxSmtpServer extends SMTPServer {
	constructor(
		options: SMTPServerOptions,
		private readonly host: ConnectionHost,
		readonly kind: ListenerKind,
	) {
		super(options);
	}

	// As SMTPServer.connect, with the sandbox's connection class.
	override connect(socket: net.Socket | tls.TLSSocket, socketOptions?: SMTPConnectionOptions | null): void {
		const connection = new SandboxConnection(this, socket, socketOptions, this.host, this.kind);
		this.connections.add(connection);
		connection.on('error', (error: Error) => this._onError(error));
		connection.on('connect', data => this._onClientConnect(data));
		connection.init();
	}

	// An implicit-TLS handshake that fails tells why only in OpenSSL's words, or not at all when the client just
	// closes: how many bytes it sent tells a client that never began TLS (expecting plain SMTP) from one that
	// gave up during the handshake (not trusting the certificate).
	override _upgrade(socket: net.Socket, callback: (error: TLSError | null, tlsSocket?: tls.TLSSocket) => void): void {
		super._upgrade(socket, (error, tlsSocket) => {
			if (error) Object.assign(error, {received: socket.bytesRead});
			callback(error, tlsSocket);
		});
	}
}

/** Promises in flight, and a wait for none to be left. */
class Pending {
	private count = 0;
	private waiting: Array<() => void> = [];

	add(promise: Promise<unknown>): void {
		this.count++;
		const done = () => {
			if (--this.count === 0) for (const resolve of this.waiting.splice(0)) resolve();
		};
		void promise.then(done, done);
	}

	settled(): Promise<void> {
		return this.count === 0 ? Promise.resolve() : new Promise(resolve => this.waiting.push(resolve));
	}
}

/** The names the certificate must cover: loopback, the banner name, and a specific listen address. */
function certificateNames(settings: SandboxSettings): string[] {
	const names = ['localhost', '127.0.0.1', '::1', settings.hostname];
	if (!['', '0.0.0.0', '::'].includes(settings.listen)) names.push(settings.listen);
	return [...new Set(names)];
}

function withoutKey({key: _key, ...certificate}: SandboxCertificate): Omit<SandboxCertificate, 'key'> {
	return certificate;
}

function listen(server: SandboxSmtpServer, port: number, address: string): Promise<SandboxListener> {
	return new Promise((resolve, reject) => {
		server.server.once('error', reject);
		server.server.listen(port, address, () => {
			server.server.off('error', reject);
			const bound = server.server.address() as net.AddressInfo;
			resolve({host: bound.address, port: bound.port, kind: server.kind});
		});
	});
}

/** serve --socket: a socket file left by a sandbox that was killed is removed first (see clearStaleSocket). */
async function listenOnSocket(server: SandboxSmtpServer, file: string): Promise<SandboxListener> {
	await clearStaleSocket(file);
	return new Promise((resolve, reject) => {
		server.server.once('error', reject);
		// Closing the listener removes the file (Node does), so no socket is left behind after a clean stop.
		server.server.listen(file, () => {
			server.server.off('error', reject);
			resolve({host: '', port: 0, kind: server.kind, socket: file});
		});
	});
}

export async function startSandbox(overrides: Partial<SandboxSettings> = {}, hooks: SandboxHooks = {}): Promise<Sandbox> {
	const settings = resolveSandboxSettings(overrides);
	// Nothing to encrypt, nothing to read or make: a new certificate made for other names would replace, for no use,
	// the one clients were given.
	const offersTls = (settings.starttls && settings.socket === undefined) || settings.tlsPort !== undefined;
	const claim = offersTls ? await claimCertificate(settings.certificateDir, certificateNames(settings)) : undefined;
	const certificate = claim?.certificate;
	let mailbox: Mailbox;
	try {
		mailbox = await Mailbox.open({limits: settings, ...(settings.saveDir !== undefined && {saveDir: settings.saveDir})});
	} catch (error) {
		await claim?.release();
		throw error;
	}

	const dkim = new DkimChecks(mailbox, settings.dns);
	// SPF and DMARC judge every message, and with the system's DNS a loopback client's mail from a real domain only
	// fails SPF: they are checked when asked for, by naming the DNS server that holds the test's records.
	const auth = settings.dns && new AuthChecks(mailbox, settings.dns);
	let sessions = 0;
	let started = false;
	let closed = false;
	let drained: (() => void) | undefined;
	const host: ConnectionHost = {
		settings,
		scenarios: new Scenarios(settings),
		live: new Set(),
		nextSessionNumber: () => ++sessions,
		reporting: hooks.onEvent !== undefined,
		emit(event) {
			if (!closed) hooks.onEvent?.(event);
		},
		left(connection) {
			host.live.delete(connection);
			if (host.live.size === 0) drained?.();
		},
	};
	// Messages being saved: shutdown lets them finish (and answer 250) first. Messages being received: their
	// sessions close at shutdown, and it waits for their temporary files to be removed.
	const saves = new Pending();
	const messages = new Pending();
	const track: InFlight = {save: promise => saves.add(promise), message: promise => messages.add(promise)};

	const options = (secure: boolean): SMTPServerOptions => ({
		secure,
		// Read once: smtp-server then greets with LMTP, takes LHLO only, and answers each recipient after the dot.
		lmtp: settings.lmtp,
		...(certificate && {key: certificate.key, cert: certificate.pem}),
		// Without logger: false smtp-server prints to the console, which would corrupt the dashboard.
		logger: false,
		disableReverseLookup: true,
		banner: SANDBOX_BANNER,
		// Before TLS on the --tls-port too, as a load balancer sends it.
		useProxy: settings.proxy,
		authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
		authOptional: true,
		// Decided per session by SandboxConnection.authAllowed (loopback or TLS).
		allowInsecureAuth: true,
		hideENHANCEDSTATUSCODES: false,
		// smtp-server hides both by default: the sandbox shows what a DSN or REQUIRETLS request looks like (RFC 3461, 8689).
		hideDSN: false,
		hideREQUIRETLS: false,
		rejectOversized: true,
		closeTimeout: shutdownGraceMs * 2,
		// Getters: smtp-server reads these on every connection or command, so runtime changes apply.
		get name() {
			return settings.hostname;
		},
		get size() {
			return settings.maxSize;
		},
		get maxRecipients() {
			return settings.maxRecipients;
		},
		get hideSTARTTLS() {
			// Without a certificate (no TLS at start, or a Unix socket: on this machine, nothing to encrypt, as send
			// --socket and Dovecot's lmtp socket), turning starttls on later cannot offer it.
			return !settings.starttls || !certificate;
		},
		// Loopback clients only: XCLIENT lets a client speak for any address, which no one on the network may do.
		// A Unix socket's clients are all on this machine (and have no address to compare).
		get useXClient() {
			return settings.xclient ? (settings.socket === undefined ? LOOPBACK_PEERS : true) : false;
		},
		get socketTimeout() {
			// The idle timer also runs while the banner is held back.
			return settings.bannerDelayMs > 0 ? Math.max(settings.idleTimeoutMs, settings.bannerDelayMs + 30_000) : settings.idleTimeoutMs;
		},
		...sandboxHooks(host, mailbox, track, dkim, auth),
	});

	const servers = [new SandboxSmtpServer(options(false), host, 'smtp')];
	if (settings.tlsPort !== undefined) servers.push(new SandboxSmtpServer(options(true), host, 'smtps'));
	for (const server of servers) {
		// Session errors were reported by their session; this catches listener and TLS-handshake errors.
		server.on('error', (error: Error & {code?: string; meta?: {remoteAddress?: string; stage?: string}; received?: number}) => {
			if (!started || isReported(error)) return;
			const common = {session: 0, time: Date.now(), remote: error.meta?.remoteAddress ?? '', message: error.message, ...(error.code !== undefined && {code: error.code})};
			// smtp-server gives a failed implicit-TLS handshake details in `meta` (stage "connect").
			if (server.kind === 'smtps' && error.meta?.stage === 'connect') host.emit({type: 'tls-failed', ...common, ...(error.received !== undefined && {received: error.received})});
			else host.emit({type: 'error', ...common});
		});
	}

	let closing: Promise<void> | undefined;
	const close = () =>
		(closing ??= (async () => {
			const checked = Promise.all([dkim.close(), auth?.close()]);
			const stopped = servers.map(server => new Promise<void>(resolve => server.close(() => resolve())));
			await saves.settled();
			for (const connection of host.live) connection.shutdown();
			const grace = setTimeout(() => {
				for (const connection of host.live) connection.forceClose();
			}, shutdownGraceMs);
			await Promise.all(stopped);
			// The listener may report closed before the last session's socket has (and its disconnect event).
			if (host.live.size > 0) await new Promise<void>(resolve => (drained = resolve));
			clearTimeout(grace);
			await messages.settled();
			await saves.settled();
			await checked;
			closed = true;
		})());

	const listeners: SandboxListener[] = [];
	try {
		listeners.push(await (settings.socket === undefined ? listen(servers[0]!, settings.port, settings.listen) : listenOnSocket(servers[0]!, settings.socket)));
		if (servers[1]) listeners.push(await listen(servers[1], settings.tlsPort!, settings.listen));
		await claim?.keep();
	} catch (error) {
		await Promise.all(servers.filter(server => server.server.listening).map(server => new Promise<void>(resolve => server.close(() => resolve()))));
		// A start that failed keeps no new certificate: the one on disk (and its fingerprint) stays.
		await claim?.release();
		throw error;
	}
	started = true;
	// A check a sandbox stopped in the middle of (its `.json` still says checking) is made again: nothing else will.
	const report = (body: EventBody) => host.emit({session: 0, time: Date.now(), remote: '', ...body});
	for (const {id} of mailbox.list()) {
		const record = mailbox.record(id);
		if (!record) continue;
		const signatures = record.dkim === 'checking' ? dkim.checkAndReport(id, undefined, report) : Promise.resolve(record.signatures ?? []);
		if (auth && record.authentication === 'checking') auth.checkAndReport(record, judgedAddress(record.session), signatures, report);
	}
	return {listeners, certificate: certificate && withoutKey(certificate), settings, mailbox, close};
}
