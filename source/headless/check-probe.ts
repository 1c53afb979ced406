// One reachability probe of one port: connect, (TLS on 465), read the banner, EHLO for STARTTLS (and, for
// `check`, STARTTLS itself), QUIT.
// Each outcome is classified, because "refused", "filtered" and "silent" point at different culprits.
import {hostname} from 'node:os';
import {defaultEhloName} from '../smtp/ehlo-name.js';
import {performance} from 'node:perf_hooks';
import {encodeCommand} from '../smtp/commands.js';
import {parseExtensions} from '../smtp/extensions.js';
import {clientCertificateReply} from '../smtp/refusal-texts.js';
import {quoteReply} from '../smtp/session-texts.js';
import {ReplyParser} from '../smtp/reply-parser.js';
import type {Reply} from '../smtp/types.js';
import type {TlsVersionRange} from '../transport/tls-versions.js';
import {ConnectError, endpoint, OFFER_ONE, seconds, type ClientCertificateFailure, type ConnectErrorKind, type TlsFailure} from '../transport/connect-error.js';
import {Connection} from '../transport/connection.js';
import {StepTimer} from '../transport/timeouts.js';
import {routeOf, type Family} from '../transport/address-family.js';
import type {TlsInfo, VerifyProblem} from '../transport/tls-info.js';
import type {ProxySettings} from '../transport/proxy-header.js';
import {chainExpiryFields, expiryFields, type ChainExpiryFields} from '../transport/certificate-expiry.js';
import type {SocksSettings} from '../transport/socks-connect.js';
import {refusesProxyHeader} from '../session/proxy-refusal.js';

export type ProbeStatus =
	/** 220 banner (over plain TCP). */
	| 'open'
	/**
	 * RST, or an ICMP port-unreachable (a firewall's REJECT, iptables' default), which Linux reports the same way
	 * (ECONNREFUSED): nothing listens on the port, or a firewall rejects it.
	 */
	| 'refused'
	/** No answer to the connection attempt within the timeout: packets are dropped (firewall, ISP block). */
	| 'filtered'
	/** Connected (and TLS done), but no banner within the timeout: a tarpit, an overloaded server, or a proxy. */
	| 'silent'
	/**
	 * Connected, and the greeting began ("220-" at once) but did not end within the timeout: Postfix postscreen's greet
	 * pause, a deliberate banner delay. Plain SMTP came: no TLS port, no tarpit that says nothing.
	 */
	| 'greeting-unfinished'
	/** Connected, then closed by the other side before a complete banner. */
	| 'closed-before-banner'
	/** A 421/554 (or other 4xx/5xx) banner: the server will not talk to us. */
	| 'refused-service'
	/** Implicit TLS with a verified certificate, then a 220 banner. */
	| 'tls-ok'
	/** Implicit TLS failed: no handshake, or a certificate that does not verify (reason in `tls.error`). */
	| 'tls-failed'
	/** The host name does not resolve. */
	| 'dns-failed'
	/**
	 * No route to the host or its network (ENETUNREACH, EHOSTUNREACH), or a firewall rejecting the port with an ICMP
	 * "unreachable" (admin- or host-prohibited give EHOSTUNREACH, net-prohibited ENETUNREACH, ICMPv6's EACCES).
	 */
	| 'unreachable'
	| 'error';

export type ProbeResult = {
	host: string;
	/** The address actually connected to, when a connection was made (or the one tried, when given; or, for a name, the one that refused). */
	address?: string;
	/** The probe went out from this address of ours (--local-address). */
	localAddress?: string;
	port: number;
	status: ProbeStatus;
	banner?: {code: number; text: string};
	/** From the start of the connection attempt to the complete banner, TLS handshake included. */
	timeToBannerMs?: number;
	/** Status `closed-before-banner`: from the start of the connection attempt to the close (or reset). */
	timeToCloseMs?: number;
	/** Whether EHLO advertised STARTTLS (plain connections that got a 220 and a 250 to EHLO). */
	starttls?: boolean;
	/** What went wrong after a good banner, when EHLO got no 250: the port is reachable, the server odd. */
	ehloProblem?: string;
	/** That problem is a reply to EHLO that started but did not finish in time: bytes came, so it was not refused. */
	ehloCutOff?: true;
	/** That problem is a 421 to EHLO (Gmail's "421 4.7.0 Try again later, closing connection. (EHLO)"): turned away for now. */
	ehloClosed?: true;
	/** That problem is a reply to EHLO, this code (not 250, nor a 421): the only case that says anything of the name. */
	ehloCode?: number;
	/**
	 * That problem is the session ended at EHLO without a reply (a close or a reset), or no byte of one within the
	 * timeout (`silent`): nothing says why, so nothing is blamed on the name.
	 */
	ehloUnanswered?: 'ended' | 'silent';
	/**
	 * That problem is the server breaking SMTP's rules: a reply that came before EHLO was sent (out of turn), or a
	 * reply to EHLO no client can read (mixed codes, over 64 KiB). No EHLO name mends either.
	 */
	ehloBroken?: true;
	/** The PROXY header sent first (--proxy), as the transcript of send shows it. */
	proxyHeader?: string;
	/**
	 * The server refused that header: read it as a command (its 500 came where EHLO's reply should; `ehloProblem`
	 * then says "PROXY header refused: 500 …"), or turned the session away at it (a 421 in place of the greeting, as
	 * Postfix answers a header it does not accept, such as v1's PROXY UNKNOWN). Not reachable as --proxy asked.
	 */
	proxyRefused?: true;
	/**
	 * A greeting that started but did not finish in time (status `greeting-unfinished`): its first line as received, e.g.
	 * "220-vm ESMTP Postfix" from Postfix postscreen, which pauses before the last line. Plain SMTP did come.
	 */
	partialGreeting?: string;
	/** That start of a greeting is part of a line whose end never came (a tarpit, a server without CRLF). */
	greetingMidLine?: true;
	/**
	 * Implicit TLS, or (with `starttls` true) what came of STARTTLS when the probe went on with it: the handshake and
	 * certificate, the same fields either way; `refused` when the server answered STARTTLS with anything but 220.
	 */
	tls?: ProbeTls;
	error?: string;
	/** What broke TLS (implicit, or STARTTLS's), as data: the verdict's advice is chosen by it. Not in --json. */
	tlsFailure?: ProbeTlsFailure;
	/** Status `dns-failed`: the name resolves, in the other address family only (-4, -6, --local-address). Not in --json. */
	otherFamilyOnly?: true;
	/** Status `error`: the SOCKS proxy (--socks) itself failed, so the host was not probed at all. Not in --json. */
	socksFailed?: true;
	/**
	 * The SOCKS proxy's report that it could not reach the host: no ICMP came here, so no firewall's reject is read
	 * into it. `close`: a close with no reply code (ssh -D), which a refusal beyond the proxy looks like too. Not in --json.
	 */
	socksReport?: 'code' | 'close';
	/** The certificate chain of the TLS session (DER, the server's own first), for DANE to match. Not in --json. */
	certificates?: Buffer[];
	/** This end's address of the connection, whatever --local-address: the sender block judges it. Not in --json. */
	outgoingAddress?: string;
};

/**
 * What broke TLS, made where it broke (the transport's handshake, the probe's reading of a reply), never found again
 * in the words of `error` or `tls.error`, which are for people.
 */
export type ProbeTlsFailure = {
	/** The transport's (see TlsFailure); `closed-after-starttls`: the server closed the connection in answer to STARTTLS. */
	failure?: TlsFailure | 'closed-after-starttls';
	/** The user's --tls-min/--tls-max are the likely cause. */
	versions?: true;
	/** The server demands a client certificate (check offers none). */
	clientCertificate?: ClientCertificateFailure;
};

/** What a transport error says broke TLS. */
const tlsFailureOf = (error: ConnectError): ProbeTlsFailure => ({
	...(error.tlsFailure && {failure: error.tlsFailure}),
	...(error.versions && {versions: true}),
	...(error.clientCertificate && {clientCertificate: error.clientCertificate}),
});

export type ProbeTls = {
	protocol?: string;
	subject?: string;
	issuer?: string;
	authorized: boolean;
	/** The certificate's end (ISO 8601) and the whole days left until it at the probe, negative once it has passed. */
	validTo?: string;
	daysLeft?: number;
	/** A CA certificate of its chain that expires before it: the first of them to expire. */
	chainExpiry?: ChainExpiryFields;
	error?: string;
	problem?: VerifyProblem;
	refused?: {code: number; text: string};
	/**
	 * After the handshake, the EHLO that send sends next was answered with a refusal of the client certificate
	 * (Postfix's smtpd_tls_req_ccert: "421 4.7.1 … No client certificate presented"): that reply.
	 */
	clientCertificate?: string;
};

export type ProbeOptions = {
	timeoutMs: number;
	/** The banner's wait, when longer than the rest's (default timeoutMs). */
	greetingTimeoutMs?: number;
	/** --ehlo; without it, defaultEhloName's pick once connected. */
	ehloName?: string;
	/** TLS from the first byte; default: port === 465. */
	implicitTls?: boolean;
	/** Extra CA to trust (PEM), on top of the system's. */
	ca?: string | Buffer;
	/** The TLS versions a handshake may use (--tls-min, --tls-max). */
	versions?: TlsVersionRange;
	/** Connect to this address instead of resolving `host` (which still names the certificate). */
	address?: string;
	/**
	 * Go on with STARTTLS when EHLO offers it, and report the handshake and the certificate in `tls` (verified as
	 * `send` verifies them); the status stays `open`, as the port is reachable either way. `check` sets it; the
	 * dashboard's Ctrl+K shows the offer alone.
	 */
	starttls?: boolean;
	/** Only this family's addresses (-4, -6). */
	family?: Family;
	/** Connect from this address (--local-address). */
	localAddress?: string;
	/** Send this PROXY header first (--proxy). */
	proxy?: ProxySettings;
	/** Through this SOCKS5 proxy (--socks). */
	socks?: SocksSettings;
};

/** `partial` on a timeout: the first line of a reply that had started (a "220-" line, or part of one). */
/** `reset` on an error: the other side reset the connection (ECONNRESET), a close in all but the manner. */
type Next =
	| {kind: 'reply'; reply: Reply}
	| {kind: 'closed'; buffered: number}
	| {kind: 'timeout'; partial?: string; midLine?: true}
	| {kind: 'error'; message: string; tls?: ProbeTlsFailure; reset?: true; protocol?: true};

/** Replies from a connection, one at a time, each awaited with its own timeout. */
class ReplyReader {
	readonly #parser = new ReplyParser();
	readonly #replies: Reply[] = [];
	#end: Next | undefined;
	#wake: (() => void) | undefined;

	constructor(connection: Connection) {
		connection.on('data', (bytes: Buffer) => {
			// As the engine reads them: the replies before a broken line in the same chunk count, then the error.
			const {replies, error} = this.#parser.take(bytes);
			this.#replies.push(...replies);
			if (error) this.#end ??= {kind: 'error', message: `not an SMTP reply: ${error.message}`, protocol: true};
			this.#wake?.();
		});
		connection.on('error', (error: ConnectError) => {
			// TLS 1.3: a server's refusal of the handshake (a client certificate demanded) comes after it, as an error.
			const kind = error instanceof ConnectError ? error.kind : undefined;
			this.#end ??= {kind: 'error', message: checkWords(error.message), ...(kind === 'tls' && {tls: tlsFailureOf(error)}), ...(kind === 'closed' && {reset: true as const})};
			this.#wake?.();
		});
		connection.on('close', () => {
			this.#end ??= {kind: 'closed', buffered: this.#parser.buffered};
			this.#wake?.();
		});
	}

	/** Whether anything came after the last reply taken: after STARTTLS's 220, that is an injection (a broken line too). */
	get pending(): boolean {
		return this.#replies.length > 0 || this.#parser.buffered > 0 || (this.#end?.kind === 'error' && this.#end.protocol === true);
	}

	/** A reply already here, before the next command is sent: it answers nothing (a server talking out of turn). */
	get early(): Reply | undefined {
		return this.#replies[0];
	}

	async next(timeoutMs: number): Promise<Next> {
		const timer = new StepTimer();
		// One clock for the whole reply: part of a reply (a first "250-" line, then silence) wakes the loop but
		// must not make it wait for ever.
		let expired = false;
		timer.start(timeoutMs, () => {
			expired = true;
			this.#wake?.();
		});
		try {
			for (;;) {
				const reply = this.#replies.shift();
				if (reply) return {kind: 'reply', reply};
				if (this.#end) return this.#end;
				if (expired) {
					const line = this.#parser.pendingLines[0];
					const partial = line ?? (this.#parser.partialLine || undefined);
					return {kind: 'timeout', ...(partial !== undefined && {partial}), ...(line === undefined && partial !== undefined && {midLine: true as const})};
				}
				await new Promise<void>(resolve => (this.#wake = resolve));
			}
		} finally {
			timer.stop();
			this.#wake = undefined;
		}
	}
}

const CONNECT_STATUS: Record<ConnectErrorKind, ProbeStatus> = {
	refused: 'refused',
	timeout: 'filtered',
	dns: 'dns-failed',
	unreachable: 'unreachable',
	tls: 'tls-failed',
	closed: 'closed-before-banner',
	other: 'error',
};

/** The transport's words for a refusal, and check's: a REJECT rule's ICMP port-unreachable comes as ECONNREFUSED too. */
const NOTHING_LISTENS = '(nothing listens there)';
export const REFUSED_HEDGED = '(nothing listens there, or a firewall rejects it)';

/** check takes no --cert (send and the dashboard offer one): said where send's advice says to give one. */
const CHECK_OFFERS_NONE = 'check offers none (smtp-tui send does, with --cert FILE and --key FILE)';
const checkWords = (message: string) => message.replace(OFFER_ONE, CHECK_OFFERS_NONE);

/** `elapsedMs`: from the start of the attempt, for a connection that was closed (or reset) during it. */
function connectFailure(result: ProbeResult, error: unknown, elapsedMs: number): ProbeResult {
	if (!(error instanceof ConnectError)) throw error;
	// The proxy down or refusing says nothing of the host: not 'refused' or 'filtered', which would be the host's.
	if (error.socks === 'proxy') return {...result, status: 'error', error: error.message, socksFailed: true};
	if (error.socks === 'target' && error.kind === 'unreachable') return {...result, status: 'unreachable', error: error.message, socksReport: error.code?.startsWith('ESOCKS') ? 'code' : 'close'};
	// Where the refusal came from (a name's address): this machine's own port 25 refused is no blocked network.
	const at = error.address !== undefined && error.address !== result.host ? {address: error.address} : {};
	if (error.kind === 'refused') return {...result, status: 'refused', error: error.message.replace(NOTHING_LISTENS, REFUSED_HEDGED), ...at};
	// A firewall's REJECT over IPv6 (ICMPv6 "administratively prohibited") comes as EACCES, which the transport words
	// as an unknown failure: it is IPv4's EHOSTUNREACH for the same rule, so it is said and judged as that.
	if (error.kind === 'other' && error.code === 'EACCES') {
		return {...result, status: 'unreachable', error: `cannot reach ${endpoint(result.address ?? result.host, result.port)}: a firewall prohibits the connection (EACCES)`};
	}
	const status = CONNECT_STATUS[error.kind];
	if (status === 'tls-failed') return {...result, status, tls: {authorized: false, error: checkWords(error.message)}, tlsFailure: tlsFailureOf(error)};
	if (status === 'closed-before-banner') return {...result, status, error: error.message, timeToCloseMs: elapsedMs};
	return {...result, status, error: error.message, ...(error.otherFamilyOnly && {otherFamilyOnly: true})};
}

/** A server line quoted in an error: one line, at most 60 characters (a greeting's whole line is in `partialGreeting`). */
const quoted = (line: string) => JSON.stringify(line.length > 60 ? `${line.slice(0, 59)}…` : line);

/** The --timeout to suggest for a slow greeting or reply, while the wait was shorter: past it, only a longer one is. */
export const suggestedTimeout = (timeoutMs: number): string | undefined => (timeoutMs < 30_000 ? '--timeout 30' : undefined);

function noBanner(next: Exclude<Next, {kind: 'reply'}>, timeoutMs: number): {status: ProbeStatus; error: string; partialGreeting?: string; greetingMidLine?: true; tlsFailure?: ProbeTlsFailure} {
	switch (next.kind) {
		case 'timeout':
			// Plain text came, so the port speaks plain SMTP: not a TLS port, but a server that pauses its greeting.
			if (next.partial !== undefined && next.midLine) {
				return {
					status: 'greeting-unfinished',
					error:
						`the greeting started (${quoted(next.partial)}, with no line end yet) but did not finish within ${seconds(timeoutMs)}: ` +
						'the server stopped in the middle of a line, or sends it very slowly (a tarpit): try a longer --timeout',
					partialGreeting: next.partial,
					greetingMidLine: true,
				};
			}
			if (next.partial !== undefined) {
				return {
					status: 'greeting-unfinished',
					error:
						`the greeting started (${quoted(next.partial)}) but did not finish within ${seconds(timeoutMs)}: ` +
						`a greeting pause (Postfix postscreen) or a deliberate banner delay: try ${suggestedTimeout(timeoutMs) ?? 'a longer --timeout'}`,
					partialGreeting: next.partial,
				};
			}
			return {status: 'silent', error: `connected, but no banner within ${seconds(timeoutMs)}`};
		case 'closed': {
			const partial = next.buffered > 0 ? ` (after ${next.buffered} bytes of an unfinished line)` : '';
			return {status: 'closed-before-banner', error: `the server closed the connection before a complete banner${partial}`};
		}
		case 'error':
			// A reset after the connection was accepted closes it as a FIN does (a server's limit, a middlebox): no fault of ours.
			if (next.reset) return {status: 'closed-before-banner', error: `${next.message} before a complete banner`};
			return next.tls ? {status: 'tls-failed', error: next.message, tlsFailure: next.tls} : {status: 'error', error: next.message};
	}
}

/** A reply that came before `verb` was sent, which a client must not take as its answer. */
const outOfTurn = (verb: 'EHLO' | 'STARTTLS', reply: Reply) =>
	`the server sent ${quoted(quoteReply(reply))} before ${verb} was sent: it talks out of turn, so its replies cannot be matched to commands`;

/** What went wrong with a command's reply (EHLO, STARTTLS) when it was not the one hoped for. */
function replyProblem(verb: 'EHLO' | 'STARTTLS', answer: Next, timeoutMs: number): string {
	switch (answer.kind) {
		case 'reply':
			// The engine's reading of the reply: a multi-line one whose lines each repeat the enhanced code shows it once.
			return `${verb} refused: ${quoteReply(answer.reply)}`;
		case 'timeout':
			// Bytes of the reply came: the server answered, too slowly (a tarpit dripping it, a slow link) or cut off.
			if (answer.partial !== undefined) {
				const lineEnd = answer.midLine ? ', with no line end yet' : '';
				return `the reply to ${verb} started (${quoted(answer.partial)}${lineEnd}) but did not finish within ${seconds(timeoutMs)}`;
			}
			return `no reply to ${verb} within ${seconds(timeoutMs)}`;
		case 'closed':
			return `the server closed the connection after ${verb}`;
		case 'error':
			return `${verb}: ${answer.message}`;
	}
}

/** The probe's view of a TLS session: what a table row and a --json line show of it. */
function probeTls(info: TlsInfo): ProbeTls {
	return {
		protocol: info.protocol,
		subject: info.subject,
		issuer: info.issuer,
		authorized: info.authorized,
		...expiryFields(info.validTo),
		...(info.chainExpiry && {chainExpiry: chainExpiryFields(info.chainExpiry)}),
		...(info.authorizationError !== undefined && {error: info.authorizationError}),
		...(info.problem !== undefined && {problem: info.problem}),
	};
}

/**
 * STARTTLS after an EHLO that offered it, as `send` would go on: its reply, then the handshake (completed for a
 * certificate that fails too, so that it can be described). `drop`: no QUIT can follow (no TLS after a 220, or
 * bytes that came after it, which send refuses as an injection).
 */
async function startTls(connection: Connection, reader: ReplyReader, timeoutMs: number): Promise<{tls: ProbeTls; certificates?: Buffer[]; tlsFailure?: ProbeTlsFailure; drop?: true}> {
	// A "220" already here would otherwise be taken for STARTTLS's go-ahead.
	if (reader.early) return {tls: {authorized: false, error: outOfTurn('STARTTLS', reader.early)}, drop: true};
	await sendQuietly(connection, encodeCommand({verb: 'STARTTLS'}).bytes);
	const answer = await reader.next(timeoutMs);
	if (answer.kind !== 'reply') {
		const tlsFailure = answer.kind === 'closed' ? {failure: 'closed-after-starttls' as const} : answer.kind === 'error' ? answer.tls : undefined;
		return {tls: {authorized: false, error: replyProblem('STARTTLS', answer, timeoutMs)}, ...(tlsFailure && {tlsFailure}), drop: true};
	}
	const {reply} = answer;
	if (reply.code !== 220) return {tls: {authorized: false, error: replyProblem('STARTTLS', answer, timeoutMs), refused: {code: reply.code, text: bannerText(reply)}}};
	if (reader.pending) {
		return {tls: {authorized: false, error: 'the server sent more after its 220 to STARTTLS, before TLS: a STARTTLS injection attempt (or a broken server)'}, drop: true};
	}
	try {
		const tls = probeTls(await connection.upgradeToTls());
		const certificates = connection.peerCertificates;
		return {tls, ...(certificates && {certificates})};
	} catch (error) {
		if (!(error instanceof ConnectError)) throw error;
		return {tls: {authorized: false, error: error.message}, tlsFailure: tlsFailureOf(error), drop: true};
	}
}

/**
 * The banner as the server wrote it (enhanced code included), lines joined; a line that repeats an earlier one is
 * shown once (Postfix postscreen greets "220-vm ESMTP Postfix" then "220 vm ESMTP Postfix").
 */
const bannerText = (reply: Reply) => [...new Set(reply.raw.map(line => line.slice(4).trim()).filter(Boolean))].join(' ');

/** EHLO inside TLS: a refusal of the client certificate in answer, quoted, or undefined for any other answer. */
async function clientCertificateAfterTls(connection: Connection, reader: ReplyReader, ehlo: Buffer, timeoutMs: number): Promise<string | undefined> {
	await sendQuietly(connection, ehlo);
	const answer = await reader.next(timeoutMs);
	return answer.kind === 'reply' && clientCertificateReply(answer.reply) !== undefined ? quoteReply(answer.reply) : undefined;
}

/** Sends a command and ignores a connection that is already gone: a probe's EHLO and QUIT are courtesies. */
async function sendQuietly(connection: Connection, bytes: Buffer): Promise<void> {
	await connection.write(bytes).catch(() => undefined);
}

/** Probes one port. Never throws for network trouble: every outcome is a classified result. */
export async function probePort(host: string, port: number, options: ProbeOptions): Promise<ProbeResult> {
	const {timeoutMs} = options;
	const implicitTls = options.implicitTls ?? port === 465;
	// Encoded before connecting: a bad EHLO name is the caller's mistake and throws SmtpInputError at once.
	const given = options.ehloName === undefined ? undefined : encodeCommand({verb: 'EHLO', domain: options.ehloName});
	const quit = encodeCommand({verb: 'QUIT'});
	const started = performance.now();
	let result: ProbeResult = {
		host,
		port,
		status: 'error',
		...(options.address !== undefined && {address: options.address}),
		...(options.localAddress !== undefined && {localAddress: options.localAddress}),
	};

	let connection: Connection;
	try {
		connection = await Connection.open({
			host: options.address ?? host,
			port,
			implicitTls,
			servername: host,
			timeoutMs,
			...(options.ca !== undefined && {ca: options.ca}),
			...(options.versions && {versions: options.versions}),
			...routeOf(options),
			...(options.socks && {socks: options.socks}),
			// Said also when the TLS handshake that follows it fails: the header did go.
			...(options.proxy && {proxy: options.proxy, onProxyHeader: (opened: Connection) => {
					if (opened.proxyHeader) result.proxyHeader = opened.proxyHeader.text;
				},
			}),
			// The handshake completes even for a certificate that does not verify, so the probe can show its
			// subject and the reason; `authorized` decides the status (or, after STARTTLS, what `tls` says), and
			// nothing but QUIT is ever sent on it.
			insecure: true,
		});
	} catch (error) {
		return connectFailure(result, error, Math.round(performance.now() - started));
	}

	// Without --ehlo, a name a strict server takes: the host name with a dot, else this end's address literal.
	const ehlo = given ?? encodeCommand({verb: 'EHLO', domain: defaultEhloName(hostname(), connection.localAddress)});
	const reader = new ReplyReader(connection);
	let closing = false;
	// QUIT, then a graceful close: the server answers 221 and closes (a stuck one is cut off after the timeout).
	const quitAndClose = async () => {
		await sendQuietly(connection, quit.bytes);
		connection.close();
		closing = true;
	};
	const info = connection.tlsInfo;
	result = {
		...result,
		...(connection.remoteAddress !== undefined && {address: connection.remoteAddress}),
		...(connection.proxyHeader && {proxyHeader: connection.proxyHeader.text}),
		...(connection.localAddress !== undefined && {outgoingAddress: connection.localAddress}),
	};
	if (info) result.tls = probeTls(info);
	const chain = connection.peerCertificates;
	if (chain) result.certificates = chain;
	const tlsFailed = info !== undefined && !info.authorized;

	try {
		const greetingMs = options.greetingTimeoutMs ?? timeoutMs;
		const greeting = await reader.next(greetingMs);
		if (greeting.kind !== 'reply') {
			const {status, ...details} = noBanner(greeting, greetingMs);
			const closed = status === 'closed-before-banner' && !tlsFailed;
			return {...result, status: tlsFailed ? 'tls-failed' : status, ...details, ...(closed && {timeToCloseMs: Math.round(performance.now() - started)})};
		}

		const {reply} = greeting;
		result.banner = {code: reply.code, text: bannerText(reply)};
		result.timeToBannerMs = Math.round(performance.now() - started);
		// Postfix on 465 with smtpd_tls_req_ccert: a 421 in place of the greeting, inside TLS, refuses the client
		// certificate: a TLS failure, as an alert would be, not a server refusing this machine.
		if (implicitTls && clientCertificateReply(reply) !== undefined) {
			const error = `the server demands a client certificate: it answered ${quoteReply(reply)} inside TLS, in place of a greeting; ${CHECK_OFFERS_NONE}`;
			return {...result, status: 'tls-failed', error, tlsFailure: {clientCertificate: 'demanded'}};
		}
		if (reply.code !== 220) {
			// A 421 straight after the header answers the header (Postfix: "421 4.3.0 Server local error"), not load.
			if (result.proxyHeader !== undefined && reply.code === 421 && !implicitTls) result.proxyRefused = true;
			// RFC 5321 §3.1: after a 554 greeting the client sends only QUIT; a 421 has already ended the session.
			if (reply.code !== 421) await quitAndClose();
			const status = reply.code >= 400 ? 'refused-service' : 'error';
			return {...result, status: tlsFailed ? 'tls-failed' : status, ...(status === 'error' && {error: `unexpected banner code ${reply.code}`})};
		}
		if (implicitTls) {
			await quitAndClose();
			return {...result, status: tlsFailed ? 'tls-failed' : 'tls-ok'};
		}

		// Replies behind the banner came before EHLO was sent: taken as its answer, a junk "250" read as "no STARTTLS".
		// A refusal of the PROXY header sent first answers the header, which went before the banner, and a 421 may come
		// at any time (RFC 5321 §3.8): neither is a reply out of turn.
		const early = reader.early;
		if (early && early.code !== 421 && !(result.proxyHeader !== undefined && refusesProxyHeader(early, undefined))) {
			await quitAndClose();
			return {...result, status: 'open', ehloProblem: outOfTurn('EHLO', early), ehloBroken: true};
		}
		await sendQuietly(connection, ehlo.bytes);
		const answer = await reader.next(timeoutMs);
		if (answer.kind === 'error' && answer.protocol) result.ehloBroken = true;
		if (answer.kind === 'reply' && answer.reply.code === 250) result.starttls = parseExtensions(answer.reply).starttls;
		else {
			// The first reply after the banner answers what came first: the header, when the server did not expect one.
			const headerRefused = result.proxyHeader !== undefined && answer.kind === 'reply' && refusesProxyHeader(answer.reply, undefined);
			result.ehloProblem = headerRefused ? `PROXY header refused: ${answer.reply.code} ${bannerText(answer.reply)}` : replyProblem('EHLO', answer, timeoutMs);
			if (headerRefused) result.proxyRefused = true;
			if (answer.kind === 'timeout' && answer.partial !== undefined) result.ehloCutOff = true;
			if (answer.kind === 'reply' && answer.reply.code === 421 && !headerRefused) result.ehloClosed = true;
			else if (answer.kind === 'reply' && !headerRefused) result.ehloCode = answer.reply.code;
			if (answer.kind === 'closed' || (answer.kind === 'error' && !answer.protocol)) result.ehloUnanswered = 'ended';
			if (answer.kind === 'timeout' && answer.partial === undefined) result.ehloUnanswered = 'silent';
		}
		if (options.starttls && result.starttls) {
			const upgrade = await startTls(connection, reader, timeoutMs);
			result.tls = upgrade.tls;
			if (upgrade.certificates) result.certificates = upgrade.certificates;
			if (upgrade.tlsFailure) result.tlsFailure = upgrade.tlsFailure;
			// Reachable all the same: what came of STARTTLS is said in `tls`, not by the status.
			if (upgrade.drop) return {...result, status: 'open'};
			// Postfix demands a client certificate (smtpd_tls_req_ccert) in SMTP, inside TLS: its 421 comes on the EHLO
			// send sends next (or before it), and closes the session. Only after a handshake: a refused STARTTLS stays in clear.
			const refusal = upgrade.tls.protocol === undefined ? undefined : await clientCertificateAfterTls(connection, reader, ehlo.bytes, timeoutMs);
			if (refusal !== undefined) return {...result, tls: {...upgrade.tls, clientCertificate: refusal}, status: 'open'};
		}
		// Over TLS when STARTTLS succeeded.
		await quitAndClose();
		return {...result, status: 'open'};
	} finally {
		// Without a QUIT (no banner, 421, broken reply) there is nothing to wait for: let go at once, so a
		// silent server cannot keep the process alive.
		if (!closing) connection.destroy();
	}
}
