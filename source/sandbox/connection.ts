// One client session: smtp-server's connection, with the few changes a teaching sandbox needs. Subclassing
// SMTPConnection (a typed export of smtp-server) is the only way to reach EHLO, AUTH and every reply.
import type net from 'node:net';
import type tls from 'node:tls';
import type {SMTPServer, SMTPServerSession} from 'smtp-server';
import {SMTPConnection, type SMTPConnectionOptions} from 'smtp-server/lib/smtp-connection.js';
import {formatRemote, type ListenerKind, type RefusalLimit, type SandboxEvent} from './events.js';
import {isLoopback} from '../transport/loopback.js';
import {parseXclientAttributes} from '../smtp/xclient.js';
import {recipeNames} from './recipes.js';
import {repeatsAlike} from './repeated-params.js';
import type {CapturedSession} from './mailbox-types.js';
import type {Scenarios, Verdict} from './scenarios.js';
import type {SandboxSettings} from './settings.js';

/** What the sessions share: the live settings, the scenarios, the event sink. */
export type ConnectionHost = {
	readonly settings: SandboxSettings;
	readonly scenarios: Scenarios;
	/** Sessions still open, for shutdown. */
	readonly live: Set<SandboxConnection>;
	/** Called once a session's socket has closed (after its disconnect event). */
	left(connection: SandboxConnection): void;
	nextSessionNumber(): number;
	/** False when nobody listens: events are then not even built. */
	readonly reporting: boolean;
	emit(event: SandboxEvent): void;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<SandboxEvent, 'session' | 'time' | 'remote'>;

// smtp-server derives an enhanced status code from the basic code alone (450 gets 4.2.1, where greylisting
// means 4.7.1). A reply text that already starts with one is sent as it is.
const enhancedPrefix = /^[245]\.\d{1,3}\.\d{1,3} /;
// Runs for every reply: the regular expression only when the second character is a dot.
const hasEnhancedCode = (text: string) => text.charCodeAt(1) === 46 && enhancedPrefix.test(text);
// Contexts for which smtp-server leaves the code out, as RFC 2034 allows for replies to EHLO and HELO.
const uncodedContexts = new Set(['EHLO', 'HELO', 'LHLO']);
// A client that vanishes outside a transaction is not an error (smtp-server treats these the same way).
const quietErrors = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A line cut for the log says it was cut: without the mark, a cut address reads as the one the client sent. */
const shortened = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text);

/** smtp-server's contexts for the refusals of its own limits → the setting that sets the limit. */
const LIMIT_OF_CONTEXT: Partial<Record<string, RefusalLimit>> = {MESSAGE_TOO_BIG: 'max-size', TOO_MANY_RECIPIENTS: 'max-recipients'};

/** The commands a refusal can be logged under (smtp-server's, and those it refuses as not implemented). */
const SMTP_VERBS = new Set(['helo', 'ehlo', 'lhlo', 'mail', 'rcpt', 'data', 'bdat', 'rset', 'noop', 'quit', 'vrfy', 'expn', 'help', 'auth', 'starttls', 'etrn', 'turn']);

const bySession = new WeakMap<SMTPServerSession, SandboxConnection>();
const reportedErrors = new WeakSet<Error>();

/** The connection of a session, for the smtp-server hooks (which only get the session). */
export function connectionOf(session: SMTPServerSession): SandboxConnection {
	const connection = bySession.get(session);
	if (!connection) throw new Error(`session ${session.id} has no sandbox connection`);
	return connection;
}

/** True for errors a session already reported, so the server-wide error listener skips them. */
export function isReported(error: Error): boolean {
	return reportedErrors.has(error);
}

export class SandboxConnection extends SMTPConnection {
	readonly number: number;
	/** "address:port" of the client. */
	readonly remote: string;
	/** Decided when the client connects (the greeting follows at once, or after --banner-delay). */
	readonly connectVerdict: Verdict;
	/** The command being answered, as received; read through `stage` (only needed for refusals). */
	private command: Buffer | undefined;
	private stageOverride: string | undefined;
	/** DATA was answered 354: a refusal now is of the message (the big@ recipe's 552), not of DATA. */
	private messageOpen = false;
	/** LMTP: the replies sent since the final dot, each one recipient's in RCPT order (the next one's index). */
	private deliveryReplies = 0;
	private inEhlo = false;
	/** The last capturedSession() result, reused while TLS, AUTH and the EHLO name stay the same. */
	private captured: CapturedSession | undefined;
	private dropped = false;
	private disconnected = false;
	/** A first reply (the banner) went out. */
	private greeted = false;
	/** Whether the connection's first bytes were read, and whether they began a TLS handshake (see _createParser). */
	private firstBytesRead = false;
	private implicitTls = false;
	/** Shutdown came while a message was under way: the session ends once the message is answered. */
	private closeAfterMessage = false;
	/** A message is coming in (after DATA's 354, before its final dot): a client that leaves now loses it. */
	receivingMessage = false;
	/** The last error reported (code and message), so one reported twice by smtp-server is logged once. */
	private lastError: string | undefined;
	/** The login an AUTH just tried and the server refused: named in the refusal's event (which user the client sent). */
	refusedLogin: {user: string; method: string} | undefined;
	/** The EHLO/HELO name last reported, so a client repeating it (after STARTTLS) is not logged twice. */
	private reportedHelo: string | false = false;
	/** Envelope addresses as smtp-server hands them (domain decoded from punycode) → as the client sent them. */
	private readonly sent = new Map<string, string>();
	/** What accepted XCLIENT commands set, as sent (xtext decoded): smtp-server keeps [UNAVAILABLE] as false, and so on. */
	private readonly xclientSent = new Map<string, string>();
	/** The code of the last reply sent: 220 after XCLIENT is its new greeting, so the command was accepted. */
	private lastCode = 0;
	/** The last EHLO reply left AUTH out because the client is not on loopback and the session is not in TLS. */
	private authHiddenOffLoopback = false;

	constructor(
		server: SMTPServer,
		socket: net.Socket | tls.TLSSocket,
		options: SMTPConnectionOptions | null | undefined,
		private readonly host: ConnectionHost,
		readonly listener: ListenerKind,
	) {
		super(server, socket, options);
		this.number = host.nextSessionNumber();
		this.remote = formatRemote(this.remoteAddress, this.remotePort);
		this.connectVerdict = host.scenarios.connect();
		bySession.set(this.session, this);
		host.live.add(this);
		this.report({type: 'connect', listener});
	}

	/**
	 * Greets at once, as Mailpit and MailHog do. smtp-server holds every greeting back 100 ms to catch clients that
	 * talk first, which a test suite connecting once per message pays each time (50 of Python's smtplib: 5.9 s, against
	 * 0.24 s greeted at once). A client can only talk too soon while a greeting is held back: --banner-delay holds it.
	 */
	override init(): void {
		// The rest of smtp-server's init is a maxClients check, an option the sandbox does not set.
		this._setListeners(() => this.connectionReady());
	}

	/**
	 * Completes `body` (a fresh object, extended in place: this runs for every command) and emits it.
	 * Callers on the per-message path check `host.reporting` first, so the body is not built for nobody.
	 */
	report(body: EventBody): void {
		if (!this.host.reporting) return;
		const event = body as SandboxEvent;
		event.session = this.number;
		event.time = Date.now();
		event.remote = this.remote;
		this.host.emit(event);
	}

	/** Plaintext AUTH only for clients on loopback, and not under --require-tls; elsewhere after STARTTLS. */
	authAllowed(): boolean {
		// A Unix socket's client is on this machine, as a loopback one is.
		return this.secure || ((this.host.settings.socket !== undefined || isLoopback(this.remoteAddress)) && !this.host.settings.requireTls);
	}

	/** Runs `accept` (after the verdict's delay), sends the verdict's reply through `reply`, or drops. */
	carryOut(verdict: Verdict, accept: () => void, reply: (code: number, text: string) => void): void {
		if (verdict.action === 'accept') {
			if (verdict.delayMs) setTimeout(accept, verdict.delayMs).unref();
			else accept();
		} else if (verdict.action === 'reply') reply(verdict.code, verdict.text);
		else this.drop(verdict.reason);
	}

	/**
	 * The address of the MAIL or RCPT command being answered, as the client wrote it. smtp-server decodes an
	 * xn-- domain to Unicode before its hooks see it; a sandbox that logged and kept that form would tell a
	 * developer checking for punycode that their client sent UTF-8.
	 */
	sentAddress(decoded: string): string {
		const line = this.command?.toString('utf8') ?? '';
		// "RCPT TO:<@relay:user@host> ...": the part smtp-server keeps, after an ignored source route.
		const written = /^[^:]*:\s*<(?:@[^<>:]*:)?([^<>]*)>/.exec(line)?.[1];
		const localPart = (address: string) => address.slice(0, address.lastIndexOf('@'));
		if (written === undefined || written === decoded || localPart(written) !== localPart(decoded)) return decoded;
		this.sent.set(decoded, written);
		return written;
	}

	/** An envelope address of this session as the client sent it (see sentAddress). */
	asSent(decoded: string): string {
		return this.sent.get(decoded) ?? decoded;
	}

	/**
	 * The command being answered, lower case; "connect" before the first one, "early" for a line read before the
	 * greeting, "line-too-long" for a line that never became a command, "unknown" for one that is no command.
	 */
	get stage(): string {
		if (this.stageOverride !== undefined) return this.stageOverride;
		// After DATA's 354 the next reply answers the message, not the DATA command.
		if (this.messageOpen) return 'message';
		// Before the banner: the connection, or a line the client sent too soon (refused whatever it says).
		if (!this.greeted) return this.command === undefined ? 'connect' : 'early';
		// A refusal after the banner with no command read: only a line too long never becomes one.
		if (this.command === undefined) return 'line-too-long';
		// Only a command the server knows names the stage: the client picks the first word, and "refused HELLO" (or a
		// `"stage":"hello"` in JSON) would read as a command the log vouches for.
		const word = /^[A-Za-z]{1,12}(?![A-Za-z])/.exec(this.command.toString('latin1', 0, 13))?.[0].toLowerCase();
		return word !== undefined && SMTP_VERBS.has(word) ? word : 'unknown';
	}

	/** Closes the connection without a reply (replies to earlier commands still go out first). */
	drop(reason: string): void {
		if (this.dropped) return;
		this.dropped = true;
		this.report({type: 'dropped', stage: this.stage, reason});
		this.flushReplies();
		this._socket.destroy();
	}

	/** Sends the replies held back while a chunk of pipelined commands is handled (see _createParser). */
	flushReplies(): void {
		const socket = this._socket;
		while (socket.writableCorked > 0) socket.uncork();
	}

	/**
	 * The TLS and AUTH state, as a captured message records it. Messages of one session share the object
	 * while that state stays the same (it is never changed in place).
	 */
	capturedSession(): CapturedSession {
		const cipher = this.session.tlsOptions;
		const user = this.session.user as {username: string; method: string} | undefined | false;
		const helo = this.hostNameAppearsAs || '';
		const xclient = this.xClientAttributes();
		const pretended = Object.keys(xclient).length > 0;
		const last = this.captured;
		if (last && last.helo === helo && JSON.stringify(last.xclient ?? {}) === JSON.stringify(xclient) && Boolean(last.tls) === Boolean(this.secure && cipher) && (last.auth ? last.auth.user : false) === (user ? user.username : false)) {
			return last;
		}
		this.captured = {
			id: this.number,
			remote: this.remote,
			helo,
			listener: this.listener,
			tls: this.secure && cipher ? {protocol: cipher.version, cipher: cipher.standardName ?? cipher.name} : false,
			auth: user ? {user: user.username, method: user.method} : false,
			...(pretended && {xclient}),
		};
		return this.captured;
	}

	/**
	 * At shutdown: 421, and the connection closed at once, as Postfix closes it, not left to the client to close its
	 * side (an idle one, as Python's smtplib between messages, reads nothing until its next command). A message under
	 * way (DATA answered 354, the message not yet answered) is let finish first, so it is not lost: the session ends
	 * once it is answered (see _resetSession), or at the end of the sandbox's grace (forceClose).
	 */
	shutdown(): void {
		if (this._dataStream) {
			this.closeAfterMessage = true;
			return;
		}
		this.refuseForShutdown();
		// A STARTTLS handshake under way is left to the grace: the socket beneath it is not torn down mid-handshake.
		if (this._upgrading) return;
		const socket = this._socket;
		// smtp-server ended the socket after the 421: closed once that is written.
		if (socket.writableFinished) socket.destroy();
		else socket.once('finish', () => socket.destroy());
	}

	private refuseForShutdown(): void {
		this.stageOverride = 'shutdown';
		this.send(421, `4.3.2 ${this.name} shutting down`);
	}

	// After the replies to a message (smtp-server resets the transaction then): one that shutdown let finish ends it,
	// once the reply's handler is done (its `accepted` event comes before the 421's). A command pipelined behind the
	// message (a QUIT) is not run: smtp-server would answer it "Server shutting down" at once, a refusal of the command
	// logged ahead of the message.
	override _resetSession(): void {
		super._resetSession();
		if (!this.closeAfterMessage) return;
		this.closeAfterMessage = false;
		if (this._parser) this._parser.isClosed = true;
		queueMicrotask(() => this.shutdown());
	}

	/** The idle timeout's 421 answers no command: logged as such, not as a refusal of the last one. */
	override _onTimeout(): void {
		const before = this.stageOverride;
		this.stageOverride = 'idle';
		try {
			super._onTimeout();
		} finally {
			this.stageOverride = before;
		}
	}

	/** At the end of the shutdown's grace: a message still under way is cut off, told why first. */
	forceClose(): void {
		if (this.closeAfterMessage) this.refuseForShutdown();
		this._socket.destroy();
	}

	override send(code: number, data?: string | string[] | null, context?: string | false): void {
		// Whether a refusal really goes out (readyState is a costly getter: only asked for refusals).
		const refusal = code >= 400 && !this._upgrading && !this._socket.destroyed && this._socket.readyState === 'open';
		const recipient = this.deliveryRecipient(code);
		if (typeof data === 'string' && hasEnhancedCode(data)) super.send(code, data, false);
		// smtp-server would send these without a code (context false, or EHLO/HELO): see withEnhancedCode.
		else if (refusal && typeof data === 'string' && (context === false || uncodedContexts.has(context ?? ''))) super.send(code, this.withEnhancedCode(code, data), false);
		else super.send(code, data, context);
		this.lastCode = code;
		if (code === 354) {
			this.messageOpen = true;
			this.deliveryReplies = 0;
		}
		if (refusal && this.session.error) {
			const text = this.session.error
				.split('\r\n')
				.map(line => line.slice(4))
				.join(' ');
			// A line too long never becomes a command: not the last one read (RCPT), which the log would blame.
			const stage = /line too long/i.test(text) ? 'line-too-long' : this.stage;
			// The refused MAIL or RCPT line itself, so the log names the address it could not take (its syntax, say).
			// Never another command's: an AUTH line may carry a secret.
			const line = (stage === 'mail' || stage === 'rcpt') && this.command ? shortened(this.command.toString('utf8'), 200) : undefined;
			const login = stage === 'auth' ? this.refusedLogin : undefined;
			this.refusedLogin = undefined;
			const limit = typeof context === 'string' ? LIMIT_OF_CONTEXT[context] : undefined;
			// A TLS record too soon: the log says what the client began (implicit TLS) before what it got.
			const implicitTls = stage === 'early' && this.implicitTls;
			this.report({type: 'refused', stage, code, text, ...(line !== undefined && {line}), ...(login && {login}), ...(limit && {limit}), ...(recipient !== undefined && {recipient}), ...(implicitTls && {implicitTls})});
		}
		this.greeted = true;
	}

	/** LMTP: the recipient a reply after the final dot is for (smtp-server sends one per recipient, in RCPT order). */
	private deliveryRecipient(code: number): string | undefined {
		if (!this.host.settings.lmtp || !this.messageOpen || code === 354 || this.stageOverride !== undefined) return undefined;
		const address = this.session.envelope.rcptTo[this.deliveryReplies++]?.address;
		return address === undefined ? undefined : this.asSent(address);
	}

	/**
	 * ENHANCEDSTATUSCODES is advertised, so a refusal carries a code even where smtp-server leaves it out (its
	 * EHLO/HELO syntax errors, a 421 to an early EHLO): the one smtp-server gives the same basic code elsewhere,
	 * so a reply reads the same whatever command it answers. The greeting keeps none (RFC 2034), even a 554 one.
	 */
	private withEnhancedCode(code: number, text: string): string {
		const greeting = !this.greeted && this.command === undefined;
		const enhanced = greeting ? '' : this._getEnhancedStatusCode(code);
		return enhanced ? `${enhanced} ${text}` : text;
	}

	// The replies to the commands of one incoming chunk (pipelined RSET, MAIL, RCPT, DATA) go out as one
	// write, as RFC 2920 section 3.2 recommends, instead of one system call (and client wake-up) each. A reply
	// that is delayed (slow@, --banner-delay, a save to disk) is written when it is ready.
	override _createParser(): ReturnType<SMTPConnection['_createParser']> {
		const parser = super._createParser();
		const write = parser._write;
		parser._write = (chunk, encoding, next) => {
			// A TLS record (a ClientHello) where SMTP was due: the client expects implicit TLS (an app set to port 465's
			// way), and its own error ("wrong version number") does not say so: the disconnect's event does.
			if (!this.firstBytesRead) {
				this.firstBytesRead = true;
				this.implicitTls = chunk[0] === 0x16 && chunk[1] === 0x03;
			}
			const socket = this._socket;
			socket.cork();
			try {
				write.call(parser, chunk, encoding, next);
			} finally {
				socket.uncork();
			}
		};
		return parser;
	}

	override upgrade(callback: () => void, secureCallback?: () => void): void {
		// The 220 to STARTTLS must reach the client in plaintext before the handshake takes the socket over.
		this.flushReplies();
		super.upgrade(callback, secureCallback);
	}

	override _onCommand(command: Buffer, callback?: () => void): void {
		this.messageOpen = false;
		// Lines of an AUTH exchange belong to the AUTH stage.
		if (!this._nextHandler) this.command = command;
		super._onCommand(command, callback);
	}

	override _parseAddressCommand(name: string, command: Buffer | string): ReturnType<SMTPConnection['_parseAddressCommand']> {
		const parsed = super._parseAddressCommand(name, command);
		// A parameter repeated alike is taken once, as Postfix takes it (see repeated-params.ts).
		if (parsed && parsed.duplicate !== undefined && repeatsAlike(command.toString())) delete parsed.duplicate;
		return parsed;
	}

	// A Unix socket's client has no address: "Nice to meet you, []" would read as a fault. It is on this machine.
	override _setClientHostname(hostname: string | false | null | undefined): void {
		super._setClientHostname(hostname || (this.remoteAddress === '' ? 'localhost' : hostname));
	}

	override handler_EHLO(command: Buffer, callback: () => void): void {
		// Under LMTP smtp-server hands LHLO to this handler (and refuses EHLO and HELO itself).
		this.greet(callback, () => super.handler_EHLO(command, callback), this.host.settings.lmtp ? 'LHLO' : 'EHLO');
	}

	override handler_HELO(command: Buffer, callback: () => void): void {
		this.greet(callback, () => super.handler_HELO(command, callback), 'HELO');
	}

	/** XCLIENT accepted (a new greeting went): the log says who the session now speaks as. */
	override handler_XCLIENT(command: Buffer, callback: () => void): void {
		const before = this.xClientAttributes();
		const given = parseXclientAttributes(command.toString('utf8').replace(/^\s*\S+/, '')) ?? [];
		super.handler_XCLIENT(command, () => {
			if (this.lastCode === 220) {
				// smtp-server takes the first of an attribute given twice.
				const taken = new Set<string>();
				for (const {name, value} of given) {
					if (taken.has(name)) continue;
					taken.add(name);
					this.xclientSent.set(name, value);
				}
			}
			const after = this.xClientAttributes();
			if (JSON.stringify(after) !== JSON.stringify(before)) this.report({type: 'xclient', attributes: after});
			callback();
		});
	}

	/** What XCLIENT set, by the values sent (smtp-server's own are parsed: [UNAVAILABLE] is false there). */
	private xClientAttributes(): Record<string, string> {
		return Object.fromEntries(this.xclientSent);
	}

	override _isSupported(command: string): boolean {
		// Hides AUTH from the EHLO reply while it is not allowed; the command itself still gets a clear 530.
		if (this.inEhlo && command.trim().toUpperCase() === 'AUTH') {
			const allowed = this.authAllowed();
			this.authHiddenOffLoopback = !allowed && !isLoopback(this.remoteAddress);
			if (!allowed) return false;
		}
		return super._isSupported(command);
	}

	/**
	 * Whether this session offers STARTTLS, as its EHLO reply lists it (hideSTARTTLS decides both): not with
	 * --no-starttls, nor on a Unix socket, nor without a certificate, nor once in TLS.
	 */
	private get starttlsOffered(): boolean {
		return !this.secure && !this._server.options.hideSTARTTLS;
	}

	override handler_STARTTLS(command: Buffer, callback: () => void): void {
		// Not offered, so not done either: a client that tries it anyway learns why, as Postfix answers 502 5.5.1 where
		// it offers none, rather than get a handshake with smtp-server's own built-in certificate (expired, for no name).
		if (!this.secure && !this.starttlsOffered) {
			this.send(502, `5.5.1 ${this.noStarttlsReason()}`);
			callback();
			return;
		}
		super.handler_STARTTLS(command, callback);
	}

	/** With STARTTLS on, only a Unix socket goes without a certificate (see startSandbox). */
	private noStarttlsReason(): string {
		return this.host.settings.starttls
			? 'STARTTLS is not offered on a Unix socket: its clients are on this machine, with nothing to encrypt'
			: 'STARTTLS is off on this server (--no-starttls)';
	}

	/** A list of what this session takes, as Exim's HELP gives one (smtp-server's own points at RFC 5321). */
	override handler_HELP(_command: Buffer, callback: () => void): void {
		const starttls = this.starttlsOffered ? ['STARTTLS'] : [];
		this.send(214, [
			// True of both homes: the dashboard's inbox keeps messages, `smtp-tui serve` without --save-dir only logs them.
			`${this.name}: smtp-tui's test server; nothing is delivered, no message leaves this machine`,
			`Commands: EHLO HELO ${[...starttls, 'AUTH', 'MAIL', 'RCPT', 'DATA', 'RSET', 'VRFY', 'NOOP', 'HELP', 'QUIT'].join(' ')}`,
			`Test recipients, any domain: ${recipeNames.map(name => `${name}@`).join(' ')} (what each does: Ctrl+G in the dashboard, smtp-tui serve --help)`,
			'End of HELP info',
		]);
		callback();
	}

	override handler_AUTH(command: Buffer, callback: () => void): void {
		if (!this.authAllowed()) {
			this.send(530, this.host.settings.starttls ? '5.7.0 Must issue a STARTTLS command first' : '5.7.0 AUTH only over TLS, and STARTTLS is off on this server (--no-starttls)');
			callback();
			return;
		}
		this.carryOut(
			this.host.scenarios.auth(),
			() => super.handler_AUTH(command, callback),
			(code, text) => {
				this.send(code, text);
				callback();
			},
		);
	}

	override _onError(error: Error & {code?: string}): void {
		reportedErrors.add(error);
		const quiet = quietErrors.has(error.code ?? '') && !this.session.envelope?.mailFrom;
		// smtp-server reports a failed STARTTLS handshake twice (the TLS socket's error, then its own): said once.
		const key = `${error.code ?? ''} ${error.message}`;
		const again = key === this.lastError;
		this.lastError = key;
		if (!this.dropped && !quiet && !again) this.report({type: 'error', message: error.message, ...(error.code !== undefined && {code: error.code})});
		super._onError(error);
	}

	override _onClose(): void {
		super._onClose();
		if (this.disconnected) return;
		this.disconnected = true;
		// smtp-server clears _upgrading once the STARTTLS handshake completes.
		if (this.implicitTls) this.report({type: 'disconnect', implicitTls: true});
		else if (this.leftForStarttls()) this.report({type: 'disconnect', noStarttls: true});
		// A handshake the stop cut off says nothing of the client's trust in the certificate.
		else this.report(this._upgrading && this.stageOverride !== 'shutdown' ? {type: 'disconnect', duringTls: true} : this.receivingMessage ? {type: 'disconnect', duringData: true} : this.authNotOffered() ? {type: 'disconnect', authNotOffered: true} : {type: 'disconnect'});
		this.host.left(this);
	}

	/**
	 * The client left (without QUIT) right after the EHLO reply of a --no-starttls server: an app set to require
	 * STARTTLS gives up there, its library's error ("STARTTLS extension not supported by server") in its own log. The
	 * last reply still EHLO's 250: after a 421 (shutdown, idle timeout) it was the server that ended it.
	 */
	private leftForStarttls(): boolean {
		return !this.host.settings.starttls && !this.secure && this.lastCode === 250 && /^ehlo\b/i.test(this.command?.toString('latin1', 0, 5) ?? '');
	}

	/**
	 * AUTH was left out of the EHLO reply (off loopback, in clear) and the session ended without a transaction: the
	 * sign of an app set up with credentials, whose library gives up before MAIL ("SMTP AUTH extension not supported").
	 */
	private authNotOffered(): boolean {
		return this.authHiddenOffLoopback && !this.secure && this._transactionCounter === 0 && !this.session.envelope?.mailFrom;
	}

	private greet(callback: () => void, proceed: () => void, command: 'EHLO' | 'HELO' | 'LHLO'): void {
		this.carryOut(
			this.host.scenarios.ehlo(),
			() => {
				this.inEhlo = true;
				try {
					proceed();
				} finally {
					this.inEhlo = false;
				}
				// Set only when smtp-server accepted the name; tells apart clients that look alike otherwise.
				const name = this.hostNameAppearsAs;
				if (name && name !== this.reportedHelo) {
					this.reportedHelo = name;
					this.report({type: 'helo', command, name});
				}
			},
			(code, text) => {
				this.send(code, text);
				callback();
			},
		);
	}
}
