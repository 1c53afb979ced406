// What the SMTP session gives out: its snapshot (SessionState), the events each call returns, and the record of the
// mail transaction under way.
import type {Failure} from './failure.js';
import type {EncodedCommand, Effect, Extensions, RecipientResult, Reply, SmtpProtocolError, Step, StepState, TimeoutClass} from './types.js';

export type Transaction = {
	/** Envelope sender, set when MAIL is sent. */
	from?: string;
	/** That MAIL declared SMTPUTF8 (RFC 6531): its recipients may be non-ASCII. */
	smtpUtf8?: boolean;
	mailReply?: Reply;
	recipients: RecipientResult[];
	/** The reply to DATA (354 or a refusal). */
	dataReply?: Reply;
	/** DATA got 354. */
	dataStarted: boolean;
	/** The reply after the final dot arrived (whatever it said). */
	finished: boolean;
	/** The reply after the final dot. */
	reply?: Reply;
	/**
	 * The message goes by BDAT (RFC 3030): octets written in chunks so far, the chunks and octets the server took (a
	 * 250 each), and the reply that refused a chunk before the last (also `dataReply`): the rest then never goes.
	 */
	bdat?: {sent: number; accepted: number; acceptedOctets: number; refused?: Reply};
};

export type SessionEvent =
	/**
	 * `step`: the rail step the reply answers (the state has already moved on when the event is read). `mechanism`:
	 * the SASL mechanism of the AUTH exchange it answers (a refused token is no wrong password). `recipient`: in LMTP,
	 * the recipient a reply after the final dot is for.
	 */
	| {type: 'reply'; reply: Reply; command?: EncodedCommand; step?: Step; mechanism?: string; recipient?: string}
	| {type: 'steps'; steps: StepState[]; current: Step}
	| {type: 'extensions'; extensions: Extensions}
	| {type: 'recipient'; result: RecipientResult}
	| {type: 'effect'; effect: Effect}
	/** `unsolicited`: the warning is that a reply answered nothing sent (the driver may know what it answered). */
	| {type: 'warning'; message: string; unsolicited?: true}
	| ({type: 'failed'} & Failure)
	| {type: 'protocol-error'; error: SmtpProtocolError}
	/**
	 * Lines of a multi-line reply that has not ended (postscreen's "220-" while it holds back the rest), each once, as
	 * they come: to be shown, not acted on. The reply comes whole, as a 'reply' event, when its last line does.
	 */
	| {type: 'reply-lines'; lines: string[]};

export type Awaiting = 'connect' | 'greeting' | 'reply' | 'body' | 'final-dot' | 'tls' | 'nothing';

export type SessionState = Readonly<{
	/**
	 * The current step: the row of TRANSITIONS we are in, or the step of the command waiting for its reply (the
	 * oldest one that has a step: QUIT sent while RCPT waits is current once RCPT is answered). No other step is
	 * 'active' on the rail.
	 */
	step: Step;
	steps: readonly StepState[];
	connected: boolean;
	secure: boolean;
	ended: boolean;
	greeting?: Reply;
	extensions?: Extensions;
	/** The session speaks LMTP (RFC 2033): LHLO for EHLO, one reply per accepted recipient after the final dot. */
	lmtp: boolean;
	/** The last greeting command accepted was HELO (EHLO was refused). */
	usedHelo: boolean;
	authenticated: boolean;
	/** During an AUTH exchange: the mechanism and the base64 challenges received so far. */
	auth?: {mechanism: string; challenges: readonly string[]};
	/**
	 * An AUTH exchange is open: a 334 waits for its answer, or AUTH or an answer waits for its reply. The server
	 * takes a line sent now as the next answer, so one typed now carries credentials.
	 */
	authExchange: boolean;
	transaction: Readonly<Transaction>;
	/** Commands sent and not answered yet, oldest first. */
	pending: readonly EncodedCommand[];
	/**
	 * The lines of a multi-line reply that has begun and not ended yet, as received ("220-vm ESMTP Postfix" while
	 * postscreen holds back the rest of its greeting). Absent when no reply is part-way.
	 */
	replySoFar?: readonly string[];
	/** The start of a line whose end has not come (a server that stopped mid-line, or drips its reply). */
	partialLine?: string;
	awaiting: Awaiting;
	timeout: TimeoutClass;
	/** The first failure since the last transaction began. */
	failure?: Failure;
	messagesQueued: number;
	/** STARTTLS completed in this session. */
	tlsStarted: boolean;
	/** XCLIENT commands the server accepted with a new greeting (220), this session. */
	xclientAccepted: number;
	/** What last made the server start over (forget EHLO, a login): the TLS handshake or XCLIENT's 220; none yet. */
	startedOverBy?: 'tls' | 'xclient';
	/** The last command answered and its reply (cleared when a new transaction begins). */
	last?: {command: EncodedCommand; reply: Reply};
	/**
	 * The server holds a mail transaction: a MAIL was accepted and no final reply, RSET, EHLO/HELO or STARTTLS has
	 * ended it since (also one opened by hand in manual mode). AUTH, STARTTLS and MAIL are refused inside one.
	 */
	openTransaction: boolean;
}>;
