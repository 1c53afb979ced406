// Shared vocabulary of the pure SMTP engine. Everything here is plain data:
// the transport, the driver, the headless commands and the UI all read these shapes.
import type {FailureKind} from './failure.js';
import type {XclientAttribute} from './xclient.js';

/** One complete server reply (possibly multi-line). */
export type Reply = {
	/** Three-digit code, e.g. 250. */
	code: number;
	/** RFC 3463 enhanced status code from the first line's text, e.g. "5.1.1", when present. */
	enhanced?: string;
	/** Text of each line, after the code, separator and (when present) the enhanced code. */
	lines: string[];
	/** Each line exactly as received, without CRLF, decoded as UTF-8 (a byte that is not valid UTF-8 shows as \\xHH). */
	raw: string[];
	/** True when some line was not valid UTF-8 (it is still shown, never dropped). */
	invalidUtf8?: boolean;
	/** Octets (CRLF included) of its longest line, when over RFC 5321's 512: taken, and warned of. */
	longestLine?: number;
};

/** Thrown (or reported) when the server breaks the protocol: bad code, line too long, mixed codes. */
export class SmtpProtocolError extends Error {
	override name = 'SmtpProtocolError';
	constructor(
		message: string,
		readonly kind: 'line-too-long' | 'bad-code' | 'mixed-codes' | 'injection' | 'unexpected',
		/** The received lines that broke the rules (the reply so far, a long line cut short), for the log. */
		readonly lines: readonly string[] = [],
	) {
		super(message);
	}
}

/** Thrown when something the user gave cannot be sent safely or legally. Names the field. */
export class SmtpInputError extends Error {
	override name = 'SmtpInputError';
	constructor(
		message: string,
		/** The field that was wrong, e.g. "MAIL FROM address", "EHLO name", "header Subject", "body line 12". */
		readonly field: string,
	) {
		super(message);
	}
}

/** A character as errors name it: U+0001. */
export const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What EHLO told us. Keywords are upper-cased. */
export type Extensions = {
	/** Every advertised keyword (upper-case) with its raw parameters. */
	keywords: Map<string, string[]>;
	/** SIZE limit in octets; 0 means "advertised without a limit"; undefined means not advertised. */
	size?: number;
	/** AUTH mechanisms, upper-case. Empty when AUTH is not advertised. */
	auth: string[];
	starttls: boolean;
	pipelining: boolean;
	eightBitMime: boolean;
	smtpUtf8: boolean;
	enhancedStatusCodes: boolean;
	chunking: boolean;
	dsn: boolean;
};

/** The steps of the rail, in order. */
export const STEPS = [
	'connect',
	'greeting',
	'ehlo',
	'starttls',
	'auth',
	'mail',
	'rcpt',
	'data',
	'message',
	'queued',
	'quit',
] as const;
export type Step = (typeof STEPS)[number];

export type StepStatus = 'pending' | 'active' | 'done' | 'failed' | 'skipped';

export type StepState = {
	step: Step;
	status: StepStatus;
	/** Reply code that made it fail, when failed. */
	code?: number;
	/** What the refusal asks for, when it is more than its code says (TLS or a login first): captions read it. */
	kind?: FailureKind;
};

/** Commands the builder understands. `raw` is any line the user typed (still checked for CR/LF/NUL). */
export type Command =
	| {verb: 'EHLO'; domain: string}
	| {verb: 'HELO'; domain: string}
	| {verb: 'STARTTLS'}
	/** `fallback`: smtp-tui chose a mechanism a hashed password store cannot check; the one to suggest if refused. */
	| {verb: 'AUTH'; mechanism: string; initialResponse?: string; fallback?: string}
	/** A line answering a 334 challenge (base64, `*` to cancel, or empty). Always redacted for display. */
	| {verb: 'AUTH-RESPONSE'; response: string; /** With "*" from the planner: why it gave up (a SCRAM server that failed to prove itself). */ why?: string}
	| {verb: 'MAIL'; from: string; params?: Record<string, string | true>}
	| {verb: 'RCPT'; to: string; params?: Record<string, string | true>}
	| {verb: 'DATA'}
	| {verb: 'RSET'}
	| {verb: 'NOOP'}
	| {verb: 'VRFY'; argument: string}
	| {verb: 'EXPN'; argument: string}
	/** RFC 1985: ask a relay to start delivering the mail it queued for a domain (after EHLO, outside a transaction). */
	| {verb: 'ETRN'; argument: string}
	| {verb: 'HELP'; argument?: string}
	/** Postfix's XCLIENT: the session is to be treated as another client's (xclient.ts); values plain, xtext-encoded on the wire. */
	| {verb: 'XCLIENT'; attributes: ReadonlyArray<Pick<XclientAttribute, 'name' | 'value'>>}
	| {verb: 'QUIT'}
	| {verb: 'RAW'; line: string};

/** A serialised command: bytes for the wire and a line safe to display (secrets redacted). */
export type EncodedCommand = {
	command: Command;
	bytes: Buffer;
	/** The line as shown to users: identical to the wire line except redacted AUTH payloads. */
	display: string;
	/** True when display differs from the wire (a secret was hidden). */
	redacted: boolean;
};

/** Effects the engine asks the driver to perform. The engine never does I/O itself. */
export type Effect =
	| {type: 'write'; bytes: Buffer; display: string}
	| {type: 'startTls'}
	/**
	 * The message was answered while its body was still going out: stop writing it now, and send no final dot. A
	 * 'close' follows (see SmtpSession's reply to the message).
	 */
	| {type: 'abandonBody'}
	/** Drop the connection at once: the session is over, with nothing more to hear (or to trust, after an injection). */
	| {type: 'close'; reason: string};

/** Which timeout applies while waiting (RFC 5321 §4.5.3.2); the driver owns the clock. */
export type TimeoutClass = 'connect' | 'greeting' | 'command' | 'data-block' | 'final-dot' | 'none';

/**
 * Per-recipient outcome kept for the transaction. In LMTP (RFC 2033) a recipient accepted at RCPT gets a reply of its
 * own after the final dot: that reply becomes its outcome (`reply`, `accepted`: delivered or not), and the RCPT's
 * 250 is kept as `rcptReply`. So `rcptReply` marks an outcome decided after the message.
 */
export type RecipientResult = {
	address: string;
	reply?: Reply;
	accepted?: boolean;
	rcptReply?: Reply;
	/** Step mode: typed over a planned RCPT and refused. Still the transaction's (the rail counts it), but the planned recipient goes after it. */
	offPlan?: true;
};

/** none: never STARTTLS; starttls: required (fail if impossible); tls: implicit TLS; auto: STARTTLS when offered. */
export type TlsPolicy = 'auto' | 'none' | 'starttls' | 'tls';

/** Where a session failed, mapped by `send` to swaks exit codes. */
export type FailureStage =
	| 'connect'
	| 'banner'
	| 'ehlo'
	| 'tls'
	/** XCLIENT not offered, an attribute the server does not take, or XCLIENT refused: swaks' 33. */
	| 'xclient'
	| 'auth'
	| 'mail'
	| 'rcpt'
	| 'data'
	| 'final-dot'
	| 'quit'
	| 'closed'
	/** A file the message is read from could not be read while it was being sent (deleted, say): bad input, exit 1. */
	| 'input';

/** What a message needs of the session beyond its bytes: the extensions it asks for, and what to tell the sender. */
export type MessageTraits = {
	/** The bytes include 8-bit octets (a ready message, or UTF-8 addresses left raw in headers): 8BITMIME's. */
	eightBit: boolean;
	/** A header section with UTF-8 (a ready message's, or addresses left raw in a composed one): SMTPUTF8 (RFC 6532), declared where offered. */
	utf8Headers?: boolean;
	/** A ready message whose header section has 8-bit bytes that are not UTF-8 (Latin-1): no extension makes them valid, and that is said. */
	nonUtf8Headers?: boolean;
	/** A ready message whose body (past its header section) has 8-bit bytes: 8BITMIME's, whatever its headers need. */
	eightBitBody?: boolean;
	/** Attached messages (message/rfc822, a forward) that go 8bit, by file name: RFC 6152 forbids them to a server without 8BITMIME. */
	eightBitMessages?: string[];
	/** The addresses that make a composed header UTF-8 (non-ASCII before the @: RFC 2047 cannot encode that), "Reply-To: jürgen@bücher.de": named when SMTPUTF8 is missing. */
	utf8Addresses?: string[];
	/** What the sender should be told about the message before it goes (a byte order mark left out, a domain sent as punycode): logged first. */
	notes?: string[];
};
