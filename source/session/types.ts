// What the driver publishes: one immutable snapshot that headless output and the dashboard both read, and a record
// of what crossed the wire for --record; what it needs of a connection; and what a run takes and gives back.
import type {ChunkPlace} from '../text/bdat-chunk.js';
import type {FailureCause, FailureKind} from '../smtp/failure.js';
import type {SessionPlan} from '../smtp/plan.js';
import type {Command, Extensions, FailureStage, MessageTraits, RecipientResult, Reply, Step, StepState, TlsPolicy} from '../smtp/types.js';
import type {ClientCertificateFailure, RefusedCertificate} from '../transport/connect-error.js';
import type {TlsInfo} from '../transport/tls-info.js';
import type {TlsVersionRange} from '../transport/tls-versions.js';
import type {Route} from '../transport/address-family.js';
import type {ProxyVersion} from '../transport/proxy-header.js';

// Declared by the transport, which produces them; the snapshot carries them.
export type {TlsInfo, VerifyProblem} from '../transport/tls-info.js';


type LogKind = 'sent' | 'received' | 'info' | 'error' | 'data';

/** One line of the protocol log. Secrets are already redacted when an entry is created. */
export type LogEntry = {
	/** Increasing number, unique within a driver. */
	id: number;
	/** Milliseconds since the epoch. */
	time: number;
	kind: LogKind;
	/** The line as shown: for sent/received, the protocol line without CRLF; for data, a summary. */
	text: string;
	/** True when the line travelled inside TLS (swaks' ~> and <~ markers). */
	tls?: boolean;
	/** For received lines: the whole reply (on its last line only) and its plain-words explanation. */
	reply?: Reply;
	explanation?: string;
	/**
	 * For a reply's last line: it answers a line typed by hand (manual mode); a reply to none (the greeting, the
	 * message's), one on a connection typed lines opened. A lesson counts only these.
	 */
	typed?: true;
	/** For a line of an EHLO reply: what the extension it advertises means (the dashboard shows it when expanded). */
	note?: string;
	/** For the last line of a reply: milliseconds since the command it answers was written. */
	latencyMs?: number;
	/** A replay waited less than the recorded server took (--instant, a capped pause): latencyMs is the recorded time. */
	latencyRecorded?: true;
	/**
	 * For data entries: the first lines of the body (display only) and totals: `stored`, its size as the server stores
	 * it (what SIZE= and the summary's first count say); `bytes`, what went on the wire (dots stuffed, the final ".").
	 */
	data?: {lines: number; bytes: number; stored: number; preview: string[]};
	/** The step the session was in when this entry was logged (for Markdown transcripts). */
	step?: Step;
	/** Lines pipelined together in one write (RFC 2920), and the replies to them: the group's number, from 1. */
	group?: number;
};

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'closed';

export type SessionSnapshot = {
	/**
	 * Where the driver connects; `security` is the policy asked for (auto: STARTTLS when offered); `login`: a user is
	 * set, so a run logs in (AUTH); `bdat`: messages go by BDAT where CHUNKING is offered (--bdat); `clientCertificate`: the one offered if the server asks (--cert); `tlsVersions`:
	 * --tls-min and --tls-max.
	 */
	target: {host: string; port: number; security: TlsPolicy; sandbox: boolean; replay?: boolean; login?: boolean; bdat?: true; clientCertificate?: {subject: string; validTo: string}; tlsVersions?: TlsVersionRange; proxy?: ProxyVersion; lmtp?: true; socks?: string} & Route;
	connection: ConnectionState;
	/** The last connection's two ends, once it opened: which of the server's addresses, and which of ours went out. */
	endpoints?: Endpoints;
	secure: boolean;
	tls?: TlsInfo;
	/** The certificate the last TLS handshake refused (the session then ended): what it said, and why. */
	refusedCertificate?: RefusedCertificate;
	greeting?: Reply;
	extensions?: Extensions;
	authenticated: boolean;
	/** What last made the server start over, so EHLO goes again: the TLS handshake or XCLIENT (the rail's caption says which). */
	startedOverBy?: 'tls' | 'xclient';
	steps: StepState[];
	current: Step;
	/** Read-only view of the capped log; do not mutate. */
	log: readonly LogEntry[];
	/** Count of log entries ever written (log may be capped). */
	logTotal: number;
	recipients: RecipientResult[];
	/**
	 * Step mode: what goes next, waiting for the user's Enter (display form, secrets redacted). `fixed`: not to be
	 * edited here (the message itself, edited in the composer; a replayed line, whose reply is already recorded).
	 * `secret`: the display hides a credential, so an edit of it would send the placeholder: not editable either.
	 * `group`: a pipelined group (RFC 2920), each of its lines as displayed, all going in one write on one Enter.
	 * `chunk`: a BDAT chunk's line (RFC 3030), and which chunk it is.
	 */
	proposed?: {command: Command; display: string; fixed?: true; secret?: true; step?: Step; group?: readonly string[]; chunk?: ChunkPlace};
	busy: boolean;
	/** What the session waits on from the server now (the greeting, a reply, the handshake), since when (performance.now(), which no clock change moves), and how long it waits at most. */
	/** `begun`: the reply waited for has begun (a greeting's "220-" line came, and `what` is "the rest of the greeting"). */
	waiting?: {what: string; since: number; timeoutMs: number; begun?: true};
	/**
	 * The message is going: the bytes the operating system has taken to send so far, and the message's estimated size
	 * (absent when unknown). `waiting` then counts from the last bytes that left.
	 */
	sending?: {sent: number; size?: number};
	/** Set when the last run ended. */
	result?: {ok: boolean; stage?: FailureStage; message: string; kind?: FailureKind; cause?: FailureCause; reply?: Reply};
	/** Why the session failed, as soon as it did: also for a replay, which has no run to end with a result. */
	failure?: string;
	/** What kind of failure that is, when advice depends on it. */
	failureKind?: FailureKind;
	/** Finer than the kind, where advice tells cases apart (see FailureCause). */
	failureCause?: FailureCause;
};

export type Endpoint = {address: string; port: number};

export type Endpoints = {remote: Endpoint; local: Endpoint};

/** One record of what crossed the wire (AUTH payloads redacted), for --record. Commands carry their verb. */
export type WireRecord =
	| {direction: 'in'; bytes: Buffer; tls: boolean; time: number}
	| {direction: 'out'; bytes: Buffer; tls: boolean; time: number; verb?: Command['verb']; body?: true}
	| {direction: 'tls'; info: TlsInfo; time: number}
	/**
	 * A TLS handshake failed: the reason as the log shows it, and the TLS code behind it (CERT_HAS_EXPIRED...);
	 * `versions`: the user's --tls-min/--tls-max are the likely cause (ConnectError.versions); `clientCertificate`:
	 * the server demanded one, or refused the one offered (ConnectError.clientCertificate).
	 */
	| {direction: 'tls-failed'; message: string; code?: string; certificate?: RefusedCertificate; versions?: true; clientCertificate?: ClientCertificateFailure; time: number}
	/** The wait for the server ran out: the message as the log shows it (a replay fails with it, not "closed"). */
	| {direction: 'timeout'; message: string; time: number}
	/** The client closed the connection on purpose (no QUIT could go), `message` as its log said why. */
	| {direction: 'dropped'; message: string; time: number};

/** What the driver needs of a connection: a real one (transport/), or a recording played back. */
export interface SessionConnection {
	readonly remoteAddress: string | undefined;
	/** Where the connection goes out from (a recording played back has none). */
	readonly localAddress?: string | undefined;
	readonly localPort?: number | undefined;
	/** The SOCKS proxy the connection goes through (--socks), as host:port. */
	readonly socksProxy?: string | undefined;
	/** A login was given for that proxy (--socks-user), and it asked for none. */
	readonly socksLoginUnused?: boolean;
	/** The PROXY header written before anything else (--proxy), as the transcript shows it. */
	readonly proxyHeader?: {text: string} | undefined;
	readonly tlsInfo: TlsInfo | undefined;
	write(bytes: Uint8Array): Promise<void>;
	/**
	 * `written(chunk)`: the connection is done with that chunk, which may now be reused; `sent(bytes)`: that many more
	 * bytes left (the operating system took them to send), a piece at a time.
	 */
	writeStream(source: AsyncIterable<Uint8Array>, written?: (chunk: Uint8Array) => void, sent?: (bytes: number) => void): Promise<void>;
	upgradeToTls(options?: {servername?: string}): Promise<TlsInfo>;
	destroy(): void;
	/** Events: 'data' (Buffer), 'error' (Error), 'close'; a replay also 'recorded-timeout' (the recorded message). */
	on(event: string, listener: (...args: any[]) => void): unknown;
	once(event: string, listener: (...args: any[]) => void): unknown;
	off(event: string, listener: (...args: any[]) => void): unknown;
}

export type OutgoingMessage = MessageTraits & {
	from: string;
	recipients: string[];
	size?: number;
	/** `size` is exact, not an estimate that may be a few over (step mode then counts the BDAT chunks). */
	sizeExact?: true;
	/** The RFC 5322 bytes, not dot-stuffed; called once per attempt. */
	body: () => AsyncIterable<Uint8Array>;
	allowPartial?: boolean;
};

/** `edit`: another command instead; `typed`, the line as the user typed it, is what goes on the wire. */
export type StepDecision = {action: 'send'} | {action: 'edit'; command: Command; typed?: string} | {action: 'stop'};

export type RunOptions = {
	quitAfter?: SessionPlan['quitAfter'];
	/** Step mode: asked before each command; the session waits for the answer. */
	confirm?: (proposal: {command: Command; display: string}) => Promise<StepDecision>;
	/** Read before each command: whether to ask `confirm` (the dashboard's mode can change mid-session). Default: always. */
	stepping?: () => boolean;
	/** The dashboard keeps a session open after a refused MAIL/RCPT/message, ready for the next try. */
	keepOpen?: boolean;
	/** Called before each planned command is offered or sent: a note about it (`info`) then comes before its line. */
	beforeCommand?: (command: Command) => void;
};

export type RunResult = {ok: boolean; stage?: FailureStage; message: string; kind?: FailureKind; cause?: FailureCause; reply?: Reply; recipients: RecipientResult[]};
