// What `serve` prints: a line per listener and per event, as text or as one JSON object per line.
// Client-controlled text (addresses, subjects, reply texts) is escaped so it cannot drive the terminal.
import {parametersAsSent} from '../smtp/dsn.js';
import type {SandboxEvent} from '../sandbox/events.js';
import {formatChaosRule} from '../sandbox/chaos.js';
import {signatureWords} from '../sandbox/dkim-words.js';
import {dmarcWords, spfWords} from '../sandbox/auth-words.js';
import {isLoopback} from '../transport/loopback.js';
import {rejectAllReply} from '../sandbox/scenarios.js';
import {sandboxDefaults, type SandboxSettings} from '../sandbox/settings.js';
import type {Sandbox, SandboxListener} from '../sandbox/server.js';
import type {CommandIO} from './command.js';
import {escapeUnsafe, safeJson} from '../text/escape.js';
import {quoted} from '../text/quoted.js';
import {bccLeftWords} from '../sandbox/header-scan.js';
import {hostPort, remoteAddress} from '../transport/host-port.js';
import {countOf, groupDigits} from '../smtp/digits.js';
import type {UnreadableRecord} from '../sandbox/message-store.js';
import type {Mailbox} from '../sandbox/mailbox.js';
import {ServeLines} from './serve-lines.js';
import {type HeldCount, RefusalRepeats} from './serve-repeats.js';
import {ADDRESSES, isWildcard, ownAddresses, watchAddresses, type AddressSource} from './own-addresses.js';
import type {ServeTotals} from './serve-totals.js';
import {authNotOfferedHint, handshakeDisconnectHint, IMPLICIT_TLS_CAUSE, implicitTlsRemedy, limitHint, noStarttlsHint, recipeHint, type ServeCommand} from './serve-hints.js';
import {HTTP_API} from './pinned-lines.js';

/**
 * What the --save-dir folder held at start: "60,000 there, the newest 1,000 read". Only the newest
 * --keep are read; saying "1,000 loaded" alone read as if the others were lost.
 */
function folderContents({found, count, skipped}: Mailbox['loaded']): string {
	if (found === 0) return 'none there yet';
	const read = count + skipped;
	const listed = read < found ? `, the newest ${groupDigits(read)} read` : '';
	const unreadable = skipped > 0 ? `, ${groupDigits(skipped)} of them unreadable and skipped` : '';
	return `${groupDigits(found)} there${listed}${unreadable}`;
}

/** --save-max said where the folder is named: the user's files are deleted from there. */
const saveMaxNote = (max: number | undefined) => (max === undefined ? '' : `; at most ${groupDigits(max)} stay there (--save-max): the oldest are deleted as new ones are saved`);

/** Which saved messages were not listed, and why: the user's files, left as they are, to fix or move away. */
function unreadableWarning(skipped: number, named: readonly UnreadableRecord[]): string {
	const files = named.map(({file, why}) => `${file} (${why})`).join(', ');
	const more = skipped > named.length ? `, and ${groupDigits(skipped - named.length)} more` : '';
	return escapeUnsafe(`${countOf(skipped, 'saved message')} not listed, as ${skipped === 1 ? 'its record is' : 'their records are'} not one this smtp-tui reads: ${files}${more}; the files are left as they are (fix or move them away; new messages take the numbers after them)`);
}

/** The advice for a client that does not trust the certificate (serve names the file's path), and what it is when no file holds that. */
const giveCertificateFile = (file = 'certificate.pem') => `give the client ${file} as its CA file`;
const GIVE_CERTIFICATE_FILE = giveCertificateFile();
const THIS_RUN_CERTIFICATE = "this run's certificate is in no file a client could trust: make the data folder writable and start again";

/** A Message-ID its angle brackets delimit; any other (spaces, commas, no brackets) is quoted, so it cannot read as more of the line. */
const plainMessageId = /^<[^\s"\\<>,]+>$/;

/** What was refused, in words, where that was not a command (whose name is shown instead). */
const refusedThing: Record<string, string> = {
	connect: 'the connection',
	early: '(the client spoke before the greeting)',
	'line-too-long': 'a line over the length limit',
	unknown: 'a line that is not a command',
};

/**
 * `trust`: what a client that does not trust the certificate should do (GIVE_CERTIFICATE_FILE, unless no file holds
 * it); `command`: the one running the sandbox, which a hint says to start again.
 */
export function describeEvent(event: SandboxEvent, trust = GIVE_CERTIFICATE_FILE, command: ServeCommand = 'serve'): string {
	switch (event.type) {
		case 'connect':
			// A Unix socket's client has no address (serve --socket).
			return `connect ${event.remote ? `from ${event.remote}` : 'on the Unix socket'}${event.listener === 'smtps' ? ' (implicit TLS)' : ''}`;
		case 'tls':
			return `TLS ${event.protocol} ${event.cipher}`;
		case 'helo':
			return `${event.command} ${event.name}`;
		case 'auth':
			return `AUTH ${event.method} as ${event.user}`;
		case 'xclient':
			return `XCLIENT: now speaking as ${Object.entries(event.attributes).map(([name, value]) => `${name}=${quoted(value)}`).join(' ')}`;
		case 'envelope':
			return `${event.stage === 'mail' ? 'MAIL FROM' : 'RCPT TO'}:<${event.address}>${parametersAsSent(event.params)}`;
		case 'accepted': {
			const messageId = event.messageId === undefined ? '' : `, Message-ID ${plainMessageId.test(event.messageId) ? event.messageId : quoted(event.messageId)}`;
			// A leak every recipient can read, which a developer checking the app's mail came to find.
			const bcc = event.bcc === undefined ? '' : `; ${bccLeftWords(event.bcc)}`;
			return `accepted message ${event.id} (${event.size} bytes)${event.subject ? ` ${quoted(event.subject)}` : ''}${messageId}${event.path ? `, saved as ${event.path}` : ''}${bcc}`;
		}
		case 'dkim':
			return `DKIM of message ${event.id}: ${event.signatures.map(signatureWords).join('; ')}`;
		case 'spf':
			return `SPF of message ${event.id}: ${spfWords(event.spf)}`;
		case 'dmarc':
			return `DMARC of message ${event.id}: ${dmarcWords(event.dmarc)}`;
		case 'report':
			return `delivery report on message ${event.message} kept as message ${event.id}: from <> to <${event.to}>, ${event.recipients.join(', ')} delivered (NOTIFY=SUCCESS)${event.path ? `, saved as ${event.path}` : ''}`;
		case 'refused':
			// The server's own 421s answer no command: not refusals.
			if (event.stage === 'idle') return `closed the idle session: ${event.code} ${event.text}`;
			if (event.stage === 'shutdown') return `closed the session at shutdown: ${event.code} ${event.text}`;
			// LMTP: one reply per recipient, and a 4xx defers it (a later try may pass), as send's `delivery` says.
			if (event.stage === 'message' && event.recipient !== undefined) return `${event.code < 500 ? 'deferred' : 'refused'} the message for ${event.recipient}: ${event.code} ${event.text}`;
			if (event.stage === 'message') return `refused the message: ${event.code} ${event.text}`;
			// The cause first (a client set for implicit TLS), then what it got: the disconnect's line says what to set.
			if (event.implicitTls) return `${IMPLICIT_TLS_CAUSE}: refused with ${event.code} ${event.text}`;
			return `refused ${event.line ?? (event.login && loginTried(event.login)) ?? refusedThing[event.stage] ?? event.stage.toUpperCase()}: ${event.code} ${event.text}`;
		case 'dropped':
			return `dropped at ${event.stage.toUpperCase()} without a reply (${event.reason})`;
		case 'disconnect':
			if (event.duringData) return 'disconnect in the middle of a message: it was not kept';
			// An app's mail library (nodemailer's, say) checks certificates by default, and uses STARTTLS when offered.
			return event.duringTls ? `disconnect during the TLS handshake ${handshakeDisconnectHint(trust, command)}` : 'disconnect';
		case 'error': {
			const handshake = starttlsFailure(event.code, trust);
			return handshake ? `STARTTLS handshake failed: ${handshake}` : `error: ${event.message}${event.code ? ` (${event.code})` : ''}`;
		}
		case 'tls-failed':
			return `TLS handshake${event.remote ? ` with ${event.remote}` : ''} failed: ${tlsFailure(event.message, event.code, event.received, trust)}`;
	}
}

const plainSmtp = 'it may have expected plain SMTP: this port speaks TLS from the first byte';

/**
 * Why an implicit-TLS handshake failed, in words: smtp-server's messages name the mechanism, not the cause.
 * `received` (bytes from the client) tells a client that never began TLS from one that gave up during it.
 */
function tlsFailure(message: string, code: string | undefined, received: number | undefined, trust: string): string {
	if (code === 'SocketError') {
		return received === 0 ? `the client closed the connection without starting TLS (${plainSmtp})` : 'the client closed the connection (it may not trust the certificate)';
	}
	if (code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return received === 0 ? `the client sent nothing in time (${plainSmtp})` : 'the client did not finish it in time';
	// The alert may be in the message (Node's own words) or only in the code (smtp-server's "Failed to establish TLS
	// session"): Python's ssl module and other OpenSSL clients say why they hang up.
	const rejected = certificateRejection(`${message} ${code ?? ''}`, trust);
	if (rejected) return `${rejected}${code ? ` (${code})` : ''}`;
	// OpenSSL's words for a first byte that starts no TLS record: "EHLO", "GET /".
	if (/wrong version number|http request/i.test(message) || /WRONG_VERSION_NUMBER|HTTP_REQUEST/.test(code ?? '')) return `the client spoke plain text on the TLS port (${plainSmtp})`;
	const words = code === undefined ? undefined : disagreement(code);
	if (words) return `${words} (${code})`;
	if (/Failed to establish TLS session/i.test(message)) return `the client did not speak TLS (plain SMTP on the implicit-TLS port?): ${message}`;
	return `${message}${code ? ` (${code})` : ''}`;
}

/**
 * What the client and the server did not agree on, from OpenSSL's code, or undefined. An old client (TLS 1.0 or 1.1)
 * fails on the version, or, where the version is allowed, on its signatures: it can only sign with SHA-1 and MD5.
 */
function disagreement(code: string): string | undefined {
	if (/UNSUPPORTED_PROTOCOL|VERSION_TOO_LOW|NO_PROTOCOLS_AVAILABLE|ALERT_PROTOCOL_VERSION/.test(code)) return 'no TLS version in common: the client offers only older versions than the server allows (TLS 1.0 or 1.1?)';
	if (/NO_SUITABLE_SIGNATURE_ALGORITHM|NO_SHARED_SIGNATURE_ALGORITHMS/.test(code)) {
		return 'no signature algorithm in common: the client offers only weak ones (SHA-1, MD5), as clients that know only TLS 1.0 or 1.1 do';
	}
	if (/NO_SHARED_CIPHER|ALERT_HANDSHAKE_FAILURE|ALERT_INSUFFICIENT_SECURITY/.test(code)) return 'no cipher suite in common (an old client?)';
	return undefined;
}

/**
 * The client's alert that it rejected the certificate, in words, or undefined. "Unknown CA" says why; "bad
 * certificate" and "certificate unknown" do not: clients send them for a CA they do not trust and for a name
 * the certificate does not cover alike (the name or address they connected by), so both are said.
 */
function certificateRejection(alert: string, trust: string): string | undefined {
	const untrusted = `it does not trust the CA that issued it (${trust})`;
	if (/alert unknown ca|ALERT_UNKNOWN_CA/i.test(alert)) return `the client rejected the certificate: ${untrusted}`;
	if (/alert (bad certificate|certificate unknown)|ALERT_(BAD_CERTIFICATE|CERTIFICATE_UNKNOWN)/i.test(alert)) {
		return `the client rejected the certificate: either ${untrusted}, or it connected by a name or address the certificate does not cover (--hostname NAME adds one)`;
	}
	return undefined;
}

/** Why a handshake after STARTTLS failed, in words, from OpenSSL's code (its message is a raw OpenSSL line). */
function starttlsFailure(code: string | undefined, trust: string): string | undefined {
	if (!code?.startsWith('ERR_SSL')) return undefined;
	const rejected = certificateRejection(code, trust);
	if (rejected) return `${rejected} (${code})`;
	if (/WRONG_VERSION_NUMBER|HTTP_REQUEST/.test(code)) return `the client sent plain text instead of starting TLS (${code})`;
	return `${disagreement(code) ?? 'the client and the server did not agree'} (${code})`;
}

/** Which login a refused AUTH tried: a client sending the wrong user name (the whole address, say) shows here. */
function loginTried({user, method}: {user: string; method: string}): string {
	if (user === '') return `AUTH ${method} with an empty user name`;
	// Cut as a refused MAIL or RCPT line is: a client may send anything as a user name.
	return `AUTH ${method} as ${user.length > 200 ? `${quoted(user.slice(0, 200))}… (${user.length} characters)` : quoted(user)}`;
}

/** Events kept longer than the others when the reader of the output falls behind. */
const isError = (event: SandboxEvent) => event.type === 'error' || event.type === 'tls-failed';

/**
 * The addresses to hand out, and with TLS (`hostname`, the certificate's name) how other machines verify it: the
 * certificate names no address of a wildcard listener, so a class handed the address alone fails at the handshake
 * (and AUTH is offered them only inside TLS).
 */
export function reachableText(addresses: readonly string[], ports: readonly number[], hostname: string | undefined): string {
	if (addresses.length === 0) return 'reachable at no address but loopback: this machine has no other network address now';
	const byName =
		hostname === undefined ? '' : hostname === sandboxDefaults.hostname ? '; their TLS will not verify (the certificate names no address): start with --hostname, a name they resolve' : `; for TLS by its name, ${hostname} (the certificate names no address)`;
	return `reachable at ${addresses.map(address => hostPort(address, ports[0]!)).join(', ')}${ports.length > 1 ? ` (and port ${ports.slice(1).join(', ')})` : ''} from other machines${byName}`;
}

export class ServeOutput {
	private readonly lines: ServeLines;
	private lastSecond = -1;
	private lastClock = '';
	/** The second of the last --json time, and its ISO form up to the milliseconds ("2026-12-07T20:11:23."). */
	private isoSecond = -1;
	private isoPrefix = '';
	/** Sessions whose STARTTLS handshake failure is logged: their disconnect needs no guess at why. */
	private failedHandshakes = new Set<number>();
	/** Sessions whose refused TLS handshake is logged with its cause: their disconnect says only what to set. */
	private implicitTlsSaid = new Set<number>();
	/** What a client that does not trust the certificate should do: not certificate.pem when no file holds it. */
	private trust = GIVE_CERTIFICATE_FILE;
	/** Said after a refused login: an app's own credentials are the usual cause, and --any-login takes them. */
	private loginHint = '';
	/** The live settings, once started: the limits a refusal names. */
	private settings: SandboxSettings | undefined;
	/** Sessions told that --max-recipients refused recipients: once is enough, whatever their number. */
	private recipientsHinted = new Set<number>();
	/** Client addresses told why they were offered no AUTH (once per address: an app opens a session per message). */
	private authNotOfferedTo = new Set<string>();
	/** A client's flood of one refusal: the first few logged, the rest counted. */
	private readonly repeats = new RefusalRepeats();
	private tlsPort: number | undefined;
	/** Stops reading the machine's addresses again (see reachableAt). */
	private stopWatching = () => {};

	constructor(
		private readonly io: CommandIO,
		private readonly json: boolean,
		/** Named in the hints that say to start it again with other flags (`smtp-tui inbox` runs this server too). */
		private readonly command: ServeCommand = 'serve',
		/** The machine's addresses, for a server listening on all of them (tests give their own). */
		private readonly addressSource: AddressSource = ADDRESSES,
	) {
		this.lines = new ServeLines(io.stdout, count =>
			json ? safeJson({type: 'lines-dropped', lines: count}) : `${countOf(count, 'log line')} dropped here: the reader of this output was not keeping up (the mail was served as usual)`,
		);
	}

	/** A warning: on stderr, or a JSON line. */
	warn(message: string): void {
		if (this.json) this.write({type: 'warning', message});
		else this.io.stderr.write(`warning: ${message}\n`);
	}

	/**
	 * The process that started this server has gone, and its output is a pipe (serve-launcher.ts): on stdout even as
	 * text, as this write is what finds the pipe's reader gone too, and stops the server.
	 */
	orphaned(): void {
		const message = `the process that started this server has ended: serving on while this output is read (kill ${process.pid} stops it)`;
		if (this.json) this.write({type: 'warning', message});
		else this.line(`warning: ${message}`);
	}

	/** `http`: where serve --http's API listens. */
	ready(sandbox: Sandbox & {http?: {host: string; port: number}}, customPassword: boolean): void {
		const {settings, mailbox, certificate} = sandbox;
		this.settings = settings;
		this.tlsPort = sandbox.listeners.find(listener => listener.kind === 'smtps')?.port;
		for (const listener of sandbox.listeners) this.listening(listener, settings);
		if (sandbox.http) this.httpListening(sandbox.http);
		if (isWildcard(settings.listen)) this.reachableAt(sandbox.listeners, certificate !== undefined);
		// No TLS offered (--no-starttls, no --tls-port): no certificate, and no line about one.
		if (certificate) this.announceCertificate(certificate);
		if (!isLoopback(settings.listen)) {
			const auth = settings.starttls ? 'AUTH only after STARTTLS for them' : settings.tlsPort === undefined ? 'no AUTH for them: it needs TLS, and STARTTLS is off' : 'AUTH only on the --tls-port for them';
			this.warn(`listening on ${settings.listen}, not a loopback address: anyone who can reach this machine can use this sandbox (${auth})`);
		}
		const credentials = settings.anyLogin ? 'any user name and password (--any-login)' : customPassword ? `user ${settings.user}, password from --password` : `${settings.user}/${settings.password}`;
		const account = settings.anyLogin ? {anyLogin: true} : {user: settings.user};
		if (!settings.anyLogin) this.loginHint = ` (the account is ${customPassword ? settings.user : credentials}; --any-login takes any)`;
		this.info({type: 'auth', ...account, methods: ['PLAIN', 'LOGIN', 'CRAM-MD5']}, `AUTH PLAIN LOGIN CRAM-MD5 with ${escapeUnsafe(credentials)}`);
		this.restrictions(settings);
		if (mailbox.saveDir === undefined) {
			// The log is all there is of each message: a developer using serve as a mail catcher must know it first.
			this.info({type: 'mailbox', saveDir: null}, 'messages are not saved: add --save-dir DIR to keep them');
		} else {
			const {found, count, skipped} = mailbox.loaded;
			this.info({type: 'mailbox', saveDir: mailbox.saveDir, found, loaded: count, skipped, nextId: mailbox.nextId}, `saving messages to ${escapeUnsafe(mailbox.saveDir)} (${folderContents(mailbox.loaded)}), the next is ${mailbox.nextId}${saveMaxNote(settings.saveMax)}`);
			if (skipped > 0) this.warn(unreadableWarning(skipped, mailbox.unreadable));
		}
		if (settings.chaos.length > 0) this.info({type: 'chaos', rules: settings.chaos}, `chaos: ${settings.chaos.map(formatChaosRule).join(', ')}`);
		// The end of the start-up lines, whichever flags added some: a harness reads up to it, then connects. The pid
		// is the server's own: started through npx, a script's $! is npm's, which does not pass a kill on.
		// Not on inbox's screen, whose footer says how to stop it (q quit): a pid to kill is for a server in the background.
		if (this.command !== 'inbox') this.info({type: 'ready', pid: process.pid}, `ready: pid ${process.pid} (kill ${process.pid} stops it)`);
		if (!this.json && (this.io.stdout as {isTTY?: boolean}).isTTY) this.line('press Ctrl+C to stop');
	}

	/** The certificate's line (and what a client that does not trust it is to do), with a warning when it was not kept or was made again. */
	private announceCertificate(certificate: NonNullable<Sandbox['certificate']>): void {
		if (certificate.notKept !== undefined) {
			this.trust = THIS_RUN_CERTIFICATE;
			// Made for this run only: no file holds it, so none is named for clients to trust.
			this.info({type: 'certificate', fingerprint256: certificate.fingerprint256, notKept: certificate.notKept}, `certificate SHA-256 ${certificate.fingerprint256} (for this run only)`);
			this.warn(`the certificate could not be kept (${certificate.notKept}): its fingerprint changes at every start, and there is no file to give clients as --ca; make the data folder writable, or set SMTP_TUI_STATE_DIR to one that is`);
		} else {
			this.trust = giveCertificateFile(certificate.path);
			this.info({type: 'certificate', fingerprint256: certificate.fingerprint256, path: certificate.path}, `certificate SHA-256 ${certificate.fingerprint256} (${certificate.path})`);
		}
		if (certificate.replacedBecause !== undefined) {
			// Clients that trust the file now trust this one only: a sandbox still serving the old one needs a restart.
			this.warn(`the certificate was made again (${certificate.replacedBecause}); it replaced ${certificate.replaced ?? 'a file that was no certificate'}: a sandbox still running with that one must be restarted for clients that trust ${certificate.path}`);
		}
	}

	/** A line for each flag that refuses what a client would otherwise be let do, so nobody wonders why. */
	private restrictions(settings: SandboxSettings): void {
		if (settings.rejectAll) {
			const reply = rejectAllReply(settings.hostname);
			this.info({type: 'reject-all', ...reply}, `refusing every session (--reject-all): ${reply.code} ${reply.text}`);
		}
		if (settings.requireTls) this.info({type: 'require-tls'}, 'MAIL and AUTH only after STARTTLS (--require-tls)');
		if (settings.requireAuth) this.info({type: 'require-auth'}, 'MAIL only after AUTH (--require-auth)');
		if (settings.proxy) {
			this.info({type: 'proxy', version: 1}, 'expecting a PROXY protocol v1 header before SMTP (--proxy): sessions show the client address it claims; a client without one gets no greeting');
		}
	}

	event(event: SandboxEvent): void {
		if (this.json) {
			// A failed handshake carries OpenSSL's raw words: the reason, as the text log says it, goes with them.
			const words = event.type === 'tls-failed' ? tlsFailure(event.message, event.code, event.received, this.trust) : event.type === 'error' ? starttlsFailure(event.code, this.trust) : undefined;
			const reason = words === undefined ? {} : {reason: words};
			this.lines.add(safeJson({...event, ...reason, time: this.isoTime(event.time)}), isError(event) ? 'error' : 'log');
			return;
		}
		const who = event.session === 0 ? 'server' : `#${event.session}`;
		const {count, held} = this.repeats.next(event);
		if (count) this.heldCount(count);
		if (held) return;
		if (event.type === 'error' && starttlsFailure(event.code, this.trust) !== undefined) this.failedHandshakes.add(event.session);
		if (event.type === 'refused' && event.implicitTls) this.implicitTlsSaid.add(event.session);
		// The failure line said why: "the client may not trust the certificate" under it would contradict it.
		const explained = event.type === 'disconnect' && this.failedHandshakes.delete(event.session) && event.duringTls === true;
		const line = explained ? 'disconnect after the failed TLS handshake' : (this.tlsMismatch(event) ?? this.authNotOffered(event) ?? describeEvent(event, this.trust, this.command) + this.hint(event));
		if (event.type === 'disconnect') this.recipientsHinted.delete(event.session);
		this.lines.add(`${this.clock(event.time)} ${who} ${escapeUnsafe(line)}`, isError(event) ? 'error' : 'log');
	}

	private heldCount({session, time, text}: HeldCount): void {
		this.lines.add(`${this.clock(time)} #${session} ${escapeUnsafe(text)}`, 'log');
	}

	/** What to do about a refusal that serve's own settings caused (a login, a limit), or ''. */
	private hint(event: SandboxEvent): string {
		if (event.type !== 'refused') return '';
		// Only credentials tried and refused are the account's doing: a 530 for want of TLS, or a 504 mechanism, is not.
		if (event.stage === 'auth') return event.login === undefined ? '' : this.loginHint;
		if (event.stage === 'rcpt' && !event.limit) return recipeHint(event.line, event.text);
		if (event.limit === 'max-recipients') {
			if (this.recipientsHinted.has(event.session)) return '';
			this.recipientsHinted.add(event.session);
		}
		return event.limit ? limitHint(event.limit, this.settings, this.command) : '';
	}

	/** The disconnect line of a client whose TLS setting does not fit this port: implicit TLS, or STARTTLS required. */
	private tlsMismatch(event: SandboxEvent): string | undefined {
		if (event.type !== 'disconnect') return undefined;
		if (event.implicitTls) return `disconnect: ${this.implicitTlsSaid.delete(event.session) ? '' : `${IMPLICIT_TLS_CAUSE}: `}${implicitTlsRemedy(this.tlsPort, this.command)}`;
		return event.noStarttls ? `disconnect: ${noStarttlsHint(this.command)}` : undefined;
	}

	/** The disconnect line of a client that was offered no AUTH, saying why: once per client address. */
	private authNotOffered(event: SandboxEvent): string | undefined {
		if (event.type !== 'disconnect' || !event.authNotOffered || !this.settings) return undefined;
		const address = remoteAddress(event.remote);
		if (this.authNotOfferedTo.has(address)) return undefined;
		this.authNotOfferedTo.add(address);
		return `disconnect: ${authNotOfferedHint(address, this.settings, this.trust, this.tlsPort, this.command)}`;
	}

	/** Writes what is gathered now (before the process may exit). */
	flush(): void {
		this.lines.flush();
	}

	stopping(): void {
		this.stopWatching();
		this.info({type: 'stopping'}, 'stopping: open sessions get 421 4.3.2');
	}

	/** The last line, with what the run did. */
	stopped(totals: ServeTotals): void {
		for (const count of this.repeats.rest()) this.heldCount(count);
		// Lines dropped while the reader lagged are counted now, as no drain may come before the exit.
		this.lines.reportDropped();
		this.info({type: 'stopped', ...totals.counts}, totals.describe());
		this.flush();
	}

	private listening(listener: SandboxListener, {starttls, lmtp}: SandboxSettings): void {
		const protocol = lmtp ? 'LMTP' : 'SMTP';
		const json = lmtp ? {protocol} : {};
		if (listener.kind === 'smtps') {
			this.info({type: 'listening', ...listener, ...json}, `listening on ${hostPort(listener.host, listener.port)} (${lmtp ? 'LMTP over' : 'SMTPS,'} implicit TLS)`);
			return;
		}
		if (listener.socket !== undefined) {
			this.info({type: 'listening', socket: listener.socket, kind: listener.kind, starttls: false, ...json}, `listening on ${listener.socket} (${protocol}, Unix socket, no STARTTLS)`);
			return;
		}
		const kind = `${protocol}, ${starttls ? 'STARTTLS' : 'no STARTTLS: --no-starttls'}`;
		this.info({type: 'listening', ...listener, starttls, ...json}, `listening on ${hostPort(listener.host, listener.port)} (${kind})`);
	}

	/** serve --http: the API's address, and a warning beyond loopback (it has no login). */
	private httpListening({host, port}: {host: string; port: number}): void {
		const url = `http://${hostPort(host, port)}`;
		this.info({type: 'http', host, port, url}, `${HTTP_API}${url} (the caught messages for tests: Mailpit's /api/v1/, and /api/smtp-tui/wait)`);
		if (!isLoopback(host)) this.warn(`the HTTP API listens on ${host}, not a loopback address: it has no login, and anyone who can reach this machine can read and delete every message caught`);
	}

	/**
	 * Listening on every address: which ones to hand out ("0.0.0.0" reaches nothing from another machine), said again
	 * when the machine's addresses change (a network joined after start).
	 */
	private reachableAt(listeners: readonly SandboxListener[], tls: boolean): void {
		const {listen, hostname} = this.settings!;
		const ports = listeners.filter(listener => listener.socket === undefined).map(listener => listener.port);
		const say = (addresses: readonly string[]) => this.info({type: 'reachable', addresses, ports}, reachableText(addresses, ports, tls ? hostname : undefined));
		const addresses = ownAddresses(listen, this.addressSource.interfaces());
		say(addresses);
		this.stopWatching = watchAddresses(listen, addresses, changed => {
			say(changed);
			this.flush();
		}, this.addressSource);
	}

	private info(value: object, text: string): void {
		if (this.json) this.write(value);
		else this.line(text);
	}

	private write(value: object): void {
		this.line(safeJson(value));
	}

	/** A line of its own (start-up, the stop): never dropped. */
	private line(text: string): void {
		this.lines.add(text, 'kept');
	}

	/** --json's time, ISO 8601: toISOString was a third of an event's JSON line's cost, so it is made once a second. */
	private isoTime(time: number): string {
		const second = Math.floor(time / 1000);
		if (second !== this.isoSecond) {
			this.isoSecond = second;
			this.isoPrefix = new Date(time).toISOString().slice(0, -4);
		}
		return `${this.isoPrefix}${String(time - second * 1000).padStart(3, '0')}Z`;
	}

	private clock(time: number): string {
		const second = Math.floor(time / 1000);
		if (second !== this.lastSecond) {
			const date = new Date(time);
			this.lastSecond = second;
			this.lastClock = [date.getHours(), date.getMinutes(), date.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
		}
		return this.lastClock;
	}
}
