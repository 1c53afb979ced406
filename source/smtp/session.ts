// The SMTP client session as a pure state machine (sans-I/O, like h11): bytes and driver notices go in, events
// (replies, step changes, effects to perform) come out. It never touches a socket, a clock or a file.
// Where the conversation may go is one table, TRANSITIONS (transitions.ts): the session's step moves by it, and the
// "legal next commands" hint, strict mode and the presenter's notes read it. The rail's statuses (StepStatuses) are
// the session's own record of what each step came to: each reply's handler and driver notice marks them, here and in
// the parts split out of it (what is awaited, the mail transaction, the login).
import {positiveReplies} from './codes.js';
import {guard, type Standing} from './command-problems.js';
import {commandName} from './commands.js';
import {AuthExchange} from './auth-exchange.js';
import {ExpectationQueue, stepOfCommand, type Expectation} from './expectation-queue.js';
import {parseExtensions} from './extensions.js';
import {asLhlo} from './lmtp.js';
import {ReplyParser} from './reply-parser.js';
import {isScram} from './sasl.js';
import {shownReply} from './scram-signature.js';
import {clientCertificateReply} from './refusal-texts.js';
import type {TlsStanding} from './refusal-kind.js';
import type {FailureCause, FailureKind} from './failure.js';
import type {Awaiting, SessionEvent, SessionState} from './session-types.js';
import {
	CLOSED_BETWEEN_COMMANDS,
	CLOSED_IDLE,
	CONNECTION_CLOSED,
	EARLY_REPLY,
	MESSAGE_UNANSWERED_TOO,
	clientCertificateCause,
	clientCertificateReplyText,
	type OfferedCertificate,
	injectionError,
	longLineWarning,
	outOfStep,
	quitUnanswered,
	quoteReply,
	quoteReplyMidSentence,
	serverClosed,
	unsolicitedFlood,
	waitingFor,
} from './session-texts.js';
import {StepStatuses} from './step-statuses.js';
import {TransactionRecord} from './transaction-record.js';
import {typedCommand} from './typed-command.js';
import {LOCAL_STEP_OF, SERVICE_CLOSING, STAGE_OF, STEP_OF, TRANSITIONS, classOf, closesSession, nextStep, type Trigger} from './transitions.js';
import {
	STEPS,
	SmtpInputError,
	SmtpProtocolError,
	type Command,
	type EncodedCommand,
	type Extensions,
	type FailureStage,
	type Reply,
	type Step,
	type TimeoutClass,
} from './types.js';

const TIMEOUT_OF: Record<Awaiting, TimeoutClass> = {
	connect: 'connect',
	greeting: 'greeting',
	reply: 'command',
	body: 'data-block',
	'final-dot': 'final-dot',
	tls: 'connect',
	nothing: 'none',
};


/** Replies in a row that nothing asked for, after which the server is taken to be flooding the connection. */
const UNSOLICITED_LIMIT = 20;

export class SmtpSession {
	readonly #parser = new ReplyParser();
	readonly #implicitTls: boolean;
	readonly #clientCertificate: OfferedCertificate | undefined;
	readonly #withheldCertificate: string | undefined;
	/** LMTP (RFC 2033): LHLO for EHLO, and one reply per accepted recipient after the final dot. */
	readonly #lmtp: boolean;
	#step: Step = 'connect';
	readonly #rail = new StepStatuses();
	readonly #queue = new ExpectationQueue(this.#rail);
	#connected = false;
	#secure = false;
	#ended = false;
	#handshaking = false;
	/** DATA got 354 and the driver has not finished writing the body yet. */
	#bodyPending = false;
	/** The replies parsed after the one being handled, from the same chunk (for the injection evidence). */
	#following: readonly Reply[] = [];
	/** Replies in a row that answered nothing: no real server sends many. */
	#unsolicited = 0;
	#quitSent = false;
	#greeting: Reply | undefined;
	#extensions: Extensions | undefined;
	#usedHelo = false;
	readonly #auth = new AuthExchange(this.#rail);
	// "queued" and "mail" are the same server state; a fresh transaction shows the rail at MAIL.
	readonly #transaction = new TransactionRecord(this.#rail, () => {
		if (this.#step === 'queued') this.#step = 'mail';
	});
	#failure: SessionState['failure'];
	#tlsStarted = false;
	/** XCLIENT commands the server accepted (220): the planner sends the next one, if any. */
	#xclientAccepted = 0;
	#startedOverBy: 'tls' | 'xclient' | undefined;
	#last: SessionState['last'];
	#snapshot: SessionState;
	#emittedSteps = '';

	/**
	 * `clientCertificate`: the certificate offered (--cert), named when a server refuses it in SMTP;
	 * `withheldCertificate`: why none is offered though one was at hand (--no-cert over a profile's), for when one is demanded.
	 */
	constructor(options: {implicitTls?: boolean; lmtp?: boolean; clientCertificate?: OfferedCertificate; withheldCertificate?: string} = {}) {
		this.#implicitTls = options.implicitTls ?? false;
		this.#clientCertificate = options.clientCertificate;
		this.#withheldCertificate = options.withheldCertificate;
		this.#lmtp = options.lmtp ?? false;
		this.#snapshot = this.#build();
		this.#emittedSteps = this.#stepsKey();
	}

	/** Immutable snapshot; a new object after every change. */
	get state(): SessionState {
		return this.#snapshot;
	}

	/** The socket (and, for implicit TLS, the handshake) is up: wait for the greeting. */
	connected(): SessionEvent[] {
		if (this.#step !== 'connect' || this.#ended) throw new Error('connected() called twice');
		this.#connected = true;
		this.#rail.mark('connect', 'done');
		this.#rail.mark('greeting', 'active');
		// Implicit TLS is secure from the first byte: no STARTTLS is sent, and the rail says so (skipped), where
		// "done" taught a projector that 465 speaks STARTTLS and made the first EHLO read as the one after it.
		if (this.#implicitTls) {
			this.#secure = true;
			this.#rail.mark('starttls', 'skipped');
		}
		this.#queue.push({trigger: 'greeting'});
		this.#step = 'greeting';
		return this.#finish([]);
	}

	/** Bytes from the server: parse replies, match each to the oldest thing waiting for one, apply transitions. */
	receive(chunk: Uint8Array): SessionEvent[] {
		const events: SessionEvent[] = [];
		if (this.#ended || chunk.length === 0) return this.#finish(events);
		if (this.#handshaking) {
			this.#injection(events, Buffer.from(chunk).toString('utf8').split(/\r?\n/));
			return this.#finish(events);
		}
		let replies: Reply[];
		try {
			replies = this.#parser.push(chunk);
		} catch (error) {
			if (!(error instanceof SmtpProtocolError)) throw error;
			this.#protocolError(error, events);
			return this.#finish(events);
		}
		for (const [index, reply] of replies.entries()) {
			const moreInput = index < replies.length - 1 || this.#parser.buffered > 0;
			this.#following = replies.slice(index + 1);
			this.#reply(reply, moreInput, events);
			this.#queue.activateHead();
			this.#emitSteps(events);
			if (this.#ended) break;
		}
		return this.#finish(events);
	}

	/**
	 * Encode a command (throws SmtpInputError naming the field) and record it as waiting for its reply.
	 * Out of order per TRANSITIONS: strict → SmtpInputError (field "command"); otherwise a warning, and it goes anyway.
	 */
	command(command: Command, options: {strict?: boolean; typed?: string; secret?: boolean} = {}): {encoded: EncodedCommand; events: SessionEvent[]} {
		const impossible = this.#impossible();
		if (impossible) throw new SmtpInputError(impossible, 'command');
		const step = this.#queue.predictedStep(this.#step);
		// While an AUTH exchange is open (a 334 waits, or its answer is not answered yet: two lines pasted at
		// once), whatever the user types is an answer, even one that looks like a command ("RSET" as a password):
		// the server reads it as one, so it is treated (and redacted) as one.
		const inAuth = step === 'auth' || this.#authExchange();
		const typed = typedCommand(command, options, {step, standing: this.#standing(), inAuth, mechanism: this.#auth.snapshot()?.mechanism});
		const {followed, problem, warnings} = typed;
		// LMTP greets with LHLO: the planner's EHLO goes as one (a line typed by hand goes as typed).
		const encoded = this.#lmtp && options.typed === undefined ? asLhlo(typed.encoded) : typed.encoded;
		if (problem && options.strict) throw new SmtpInputError(problem, 'command');
		const events: SessionEvent[] = warnings.map(message => ({type: 'warning', message}));
		const waiting = this.#queue.oldestCommand();
		if (waiting && !this.#extensions?.pipelining) {
			events.push({
				type: 'warning',
				message: `${commandName(encoded)} sent before the reply to ${commandName(waiting)}: the server does not advertise PIPELINING`,
			});
		}
		this.#record(followed, encoded, inAuth ? 'AUTH-RESPONSE' : followed.verb, step);
		return {encoded, events: this.#finish(events)};
	}

	/** The driver wrote the whole body including CRLF.CRLF: now wait for the final reply. */
	bodySent(): SessionEvent[] {
		if (!this.#bodyPending) {
			// The server may answer (or close) before we finish writing: then there is nothing left to wait for.
			if (this.#transaction.current.finished || this.#ended) return this.#finish([]);
			throw new Error('bodySent() before DATA was answered with 354');
		}
		this.#bodyPending = false;
		this.#rail.mark('message', 'done');
		this.#rail.mark('queued', 'active');
		return this.#finish([]);
	}

	/**
	 * BDAT (RFC 3030): a chunk of `octets` goes, its octets right behind the command line. Each chunk is answered on
	 * its own; the last one's reply (`BDAT n LAST`) is the message's, as the reply after the final dot is.
	 */
	bdat(octets: number, last: boolean): {encoded: EncodedCommand; events: SessionEvent[]} {
		const impossible = this.#impossible();
		if (impossible) throw new SmtpInputError(impossible, 'command');
		const line = `BDAT ${octets}${last ? ' LAST' : ''}`;
		const encoded: EncodedCommand = {command: {verb: 'RAW', line}, bytes: Buffer.from(`${line}\r\n`), display: line, redacted: false};
		const transaction = this.#transaction.bdatSent(octets, last);
		this.#queue.push({trigger: last ? '.' : 'chunk', command: encoded, transaction, octets, activate: last ? 'queued' : 'message'});
		this.#queue.activateHead();
		return {encoded, events: this.#finish([])};
	}

	/** The TLS handshake after STARTTLS is done: forget everything learned in clear and expect EHLO again. */
	tlsEstablished(): SessionEvent[] {
		if (!this.#handshaking) throw new Error('tlsEstablished() without a STARTTLS handshake in progress');
		this.#handshaking = false;
		this.#parser.reset();
		this.#secure = true;
		this.#tlsStarted = true;
		this.#forgetGreeting('tls');
		this.#rail.mark('starttls', 'done');
		this.#step = nextStep(this.#step, 'handshake', '2');
		return this.#finish([]);
	}

	/** What a new start (a TLS handshake, XCLIENT's 220) makes the server forget: its EHLO, a login, a transaction. */
	#forgetGreeting(cause: 'tls' | 'xclient'): void {
		this.#startedOverBy = cause;
		this.#extensions = undefined;
		this.#usedHelo = false;
		this.#auth.reset();
		this.#transaction.serverForgot();
		this.#rail.mark('ehlo', 'pending');
		if (this.#rail.status('auth') !== 'skipped') this.#rail.mark('auth', 'pending');
	}

	/** XCLIENT answered 220: a new greeting for the client it named (Postfix's XCLIENT_README), so EHLO again. */
	#startedOver(): void {
		this.#xclientAccepted += 1;
		this.#forgetGreeting('xclient');
	}

	/** Forget the last transaction's record so the planner starts a new one (RSET first if the server still holds one). */
	beginTransaction(): SessionEvent[] {
		this.#transaction.begin();
		this.#last = undefined;
		if (!this.#ended) this.#failure = undefined;
		return this.#finish([]);
	}

	/**
	 * Step mode: the line the user typed over the planned EHLO, HELO, MAIL or RCPT (`MAIL FROM:<a@@b>`) was refused.
	 * Trying a mistake is the point, so the refusal is the line's, not the session's: the record is forgotten and the
	 * planner offers its own line again (the rail keeps the ✖ until that line goes). Nothing changes when the last
	 * reply is no such refusal.
	 */
	forgetRefused(verb: Command['verb']): SessionEvent[] {
		const last = this.#last;
		if (this.#ended || !last || last.command.command.verb !== verb || last.reply.code < 400) return this.#finish([]);
		if (!this.#transaction.forgetRefused(verb, last.reply) && verb !== 'EHLO' && verb !== 'HELO') return this.#finish([]);
		this.#last = undefined;
		return this.#finish([]);
	}

	/**
	 * The client itself stopped the run at this stage (TLS required but not offered, a message over SIZE, an address
	 * the server cannot take): its step fails on the rail, with no code, as nothing was refused by the server. A
	 * step the server already answered keeps what its reply made it. The steps before it still to come were passed
	 * over (STARTTLS not offered, a MAIL never sent because a recipient could not go): skipped, not still ahead.
	 */
	stoppedAt(stage: FailureStage): SessionEvent[] {
		const step = LOCAL_STEP_OF[stage];
		if (!step) return this.#finish([]);
		if (this.#rail.status(step) !== 'done' && this.#rail.status(step) !== 'failed') this.#rail.mark(step, 'failed');
		for (const before of STEPS.slice(0, STEPS.indexOf(step))) if (this.#rail.status(before) === 'pending') this.#rail.mark(before, 'skipped');
		return this.#finish([]);
	}

	/**
	 * The server refused the TLS session once our side of the handshake was done (TLS 1.3: a client certificate it
	 * demands): the STARTTLS step failed, or with implicit TLS the connection itself.
	 */
	tlsRefused(message: string, kind: FailureKind, cause?: FailureCause): SessionEvent[] {
		const events: SessionEvent[] = [];
		if (this.#ended) return this.#finish(events);
		this.#rail.mark(this.#tlsStarted ? 'starttls' : 'connect', 'failed');
		this.#queue.abandon();
		this.#fail(events, 'tls', message, undefined, kind, cause);
		this.#stop();
		return this.#finish(events);
	}

	/** The connection could not be made (refused, timed out, DNS, or the implicit-TLS handshake failed). */
	connectFailed(stage: 'connect' | 'tls', message: string, kind?: FailureKind, cause?: FailureCause): SessionEvent[] {
		const events: SessionEvent[] = [];
		this.#rail.mark('connect', 'failed');
		this.#fail(events, stage, message, undefined, kind, cause);
		this.#stop();
		return this.#finish(events);
	}

	/**
	 * The driver's clock ran out while waiting (for the greeting, a reply, the TLS handshake, the server to take
	 * the message); the driver closes the connection next. `message` says what was awaited and for how long.
	 * The step waited on fails, as a refusal would, and the session ends. Once QUIT was sent the session was
	 * ending anyway: it is only a warning that says the client closed the connection, as the server did not.
	 */
	timedOut(message: string, kind?: FailureKind): SessionEvent[] {
		const events: SessionEvent[] = [];
		if (this.#ended) return this.#finish(events);
		if (this.#quitSent) {
			events.push({type: 'warning', message: `${message}; closed the connection${this.#messageUnanswered()}`});
			this.#quitUnanswered();
		} else {
			const head = this.#queue.head;
			this.#markCurrentFailed(undefined, head);
			// While the body is going, the final dot has not: the message failed during DATA, not after it.
			const stage = this.#handshaking ? 'tls' : this.#bodyPending ? 'data' : ((head && STAGE_OF[head.trigger]) ?? 'closed');
			this.#fail(events, stage, message, undefined, kind);
		}
		// Commands sent after the one waited on (pipelined) got no answer either: they did not happen.
		this.#queue.abandon();
		this.#stop();
		return this.#finish(events);
	}

	/**
	 * The socket closed. Unexpected (no QUIT sent, session not over) → failed, stage 'closed' ('tls' during the
	 * handshake). `dropped`: the client closed it on purpose (the user stopped after 354, or left without waiting
	 * for the answer to QUIT), so it is no news and no failure of the step. A timeout comes first as timedOut().
	 */
	closed(reason?: string, dropped = false): SessionEvent[] {
		const events: SessionEvent[] = [];
		const wasConnected = this.#connected;
		this.#connected = false;
		if (this.#ended) return this.#finish(events);
		const head = this.#queue.head;
		const waiting = waitingFor({handshaking: this.#handshaking, bodyPending: this.#bodyPending, head});
		const why = reason ? `: ${reason}` : '';
		if (this.#quitSent) {
			events.push({type: 'warning', message: `${quitUnanswered(dropped, why)}${this.#messageUnanswered()}`});
			this.#quitUnanswered();
		} else if (wasConnected && !dropped) {
			this.#markCurrentFailed();
			// A connection lost during the handshake (bad certificate, TLS alert) is a TLS failure.
			this.#fail(events, this.#handshaking ? 'tls' : 'closed', `${waiting === '' ? CLOSED_IDLE : `${CONNECTION_CLOSED}${waiting}`}${why}`, undefined, waiting === '' ? 'closed-between-commands' : 'connection-closed');
		} else if (dropped) {
			// Closed on purpose mid-step (the user stopped): that step did not happen, and is no longer current.
			this.#queue.abandon();
		}
		this.#stop();
		return this.#finish(events);
	}

	/**
	 * The driver offers `command` as the next one (step mode, before the user's Enter): the rail shows now what it
	 * passes over. A MAIL that begins a transaction passes over STARTTLS and AUTH (when they did not happen), as
	 * sending it does; the presenter's "NEXT STEP MAIL" then no longer has them still to come before it.
	 */
	propose(command: Command): SessionEvent[] {
		if (command.verb === 'MAIL' && !this.#impossible() && this.#queue.predictedStep(this.#step) !== 'rcpt') this.#rail.passOver();
		return this.#finish([]);
	}

	/** What may be sent now according to TRANSITIONS (after the commands still waiting, if they succeed). */
	allowedVerbs(): string[] {
		if (this.#impossible()) return [];
		const step = this.#queue.predictedStep(this.#step);
		const standing = this.#standing();
		return TRANSITIONS[step].verbs.filter(verb => !guard(verb, standing));
	}

	// --- replies ---

	#reply(received: Reply, moreInput: boolean, events: SessionEvent[]): void {
		// A 421 before the message was sent after 354 answers nothing we sent either (an idle timeout, a shutdown).
		const unprompted = closesSession(received) && (!this.#queue.head || (this.#queue.head.trigger === '.' && this.#bodyPending));
		const head = unprompted ? undefined : this.#queue.shift();
		// A reply while the body is still going out answers the message unfinished: the message step's, not queued's.
		const step = head && (head.trigger === '.' && this.#bodyPending ? 'message' : STEP_OF[head.trigger]);
		const mechanism = head && this.#auth.mechanismOf(head);
		// In a SCRAM exchange the server's signature is for the login alone to read: everything else gets it hidden.
		const reply = isScram(mechanism) ? shownReply(received) : received;
		// LMTP: a reply after the final dot is one recipient's (its RCPT accepted), named for the log.
		const recipient = head?.trigger === '.' && head.recipient?.address;
		events.push({type: 'reply', reply, ...(head?.command && {command: head.command}), ...(step && {step}), ...(mechanism && {mechanism}), ...(recipient && {recipient})});
		if (reply.longestLine !== undefined) events.push({type: 'warning', message: longLineWarning(reply.longestLine)});
		this.#unsolicited = head ? 0 : this.#unsolicited + 1;
		if (head?.trigger === 'greeting') this.#greeting = reply;
		if (reply.code === SERVICE_CLOSING || (closesSession(reply) && head?.trigger !== 'QUIT' && head?.trigger !== 'greeting')) {
			// Unprompted, or answering a command of no step (NOOP, RSET, a typed line of no verb), the 421 fails no step:
			// the session ended, and the step the rail was at was never tried.
			const step = head && stepOfCommand(head);
			if (step) this.#rail.markFailedUnlessPast(step, reply.code);
			// Answering RCPT, it refuses that recipient too: its outcome keeps the code, as any refusal's does.
			if (head?.trigger === 'RCPT') this.#transaction.recipientResult(head.transaction!, head.recipient!, reply, false, events);
			// LMTP: answering one recipient's turn after the message, it is that recipient's refusal.
			else if (head?.trigger === '.' && head.recipient) this.#transaction.deliveryReply(head.transaction!, head.recipient, reply, false, false, events);
			// Inside TLS, a 421 about the client certificate (Postfix's smtpd_tls_req_ccert) is TLS's refusal, in SMTP:
			// no temporary trouble, and the same certificate (or none) is refused again.
			const certificate = this.#secure ? clientCertificateReply(reply) : undefined;
			if (certificate) {
				const cause = clientCertificateCause(certificate, this.#clientCertificate, this.#withheldCertificate);
				this.#fail(events, 'tls', clientCertificateReplyText(certificate, reply, this.#clientCertificate, this.#withheldCertificate), reply, 'client-certificate', cause);
				this.#end(events, `the server closed the session (${reply.code})`);
				return;
			}
			const why = serverClosed(reply, head, this.#bodyPending);
			this.#fail(events, (head && STAGE_OF[head.trigger]) ?? 'closed', `${why}: ${quoteReply(reply)}`, reply, why === CLOSED_BETWEEN_COMMANDS ? 'closed-between-commands' : undefined);
			this.#end(events, `the server closed the session (${reply.code})`);
			return;
		}
		if (!head) {
			events.push({type: 'warning', message: `unsolicited reply ${quoteReplyMidSentence(reply)}: nothing was waiting for it`, unsolicited: true});
			if (this.#unsolicited >= UNSOLICITED_LIMIT) this.#protocolError(unsolicitedFlood(this.#unsolicited), events);
			return;
		}
		const cls = classOf(reply);
		const ok = cls === '2';
		if (head.command) this.#last = {command: head.command, reply};
		const positive = positiveReplies(head.trigger === 'chunk' ? 'BDAT' : head.trigger);
		if (positive && reply.code < 400 && !positive.includes(reply.code)) {
			this.#markCurrentFailed(reply.code, head);
			this.#fail(events, STAGE_OF[head.trigger] ?? 'closed', outOfStep(head.trigger, reply, positive, this.#tlsStarted), reply, 'out-of-step');
			this.#end(events, 'replies out of step');
			return;
		}
		switch (head.trigger) {
			case 'greeting':
				// A greeting is a 220 (RFC 5321 §4.2): a "250 hello", "221 bye" or "354" first is no service offered either.
				if (reply.code < 400 && reply.code !== 220) {
					this.#rail.result('greeting', false, reply);
					this.#fail(events, 'banner', `the server's first reply is no greeting (220): ${quoteReplyMidSentence(reply)}; after it a client may send only QUIT`, reply);
					this.#step = 'quit';
					return;
				}
				this.#rail.result('greeting', ok, reply);
				if (!ok) this.#fail(events, 'banner', `the server refused service: ${quoteReplyMidSentence(reply)}; after it a client may send only QUIT`, reply);
				break;
			case 'EHLO':
				if (ok) {
					const extensions = parseExtensions(reply);
					this.#extensions = extensions;
					this.#usedHelo = false;
					events.push({type: 'extensions', extensions});
					this.#transaction.reset();
				}
				this.#rail.result('ehlo', ok, reply);
				break;
			case 'HELO':
				if (ok) {
					this.#extensions = undefined;
					this.#usedHelo = true;
					this.#transaction.reset();
				}
				this.#rail.result('ehlo', ok, reply);
				break;
			case 'STARTTLS':
				if (!ok) this.#rail.result('starttls', false, reply);
				else if (moreInput) {
					this.#step = nextStep(this.#step, head.trigger, cls);
					const partial = this.#parser.partialLine;
					return this.#injection(events, [...this.#following.flatMap(next => next.raw), ...this.#parser.pendingLines, ...(partial ? [partial] : [])]);
				} else {
					this.#handshaking = true;
					events.push({type: 'effect', effect: {type: 'startTls'}});
				}
				break;
			case 'XCLIENT':
				if (ok) this.#startedOver();
				else this.#rail.result('ehlo', false, reply);
				break;
			case 'AUTH':
			case 'AUTH-RESPONSE': {
				// A challenge as it came, for the SCRAM client to check the signature in; any other as shown: a failure quotes it.
				const refused = this.#auth.reply(head, cls === '3' ? received : reply, cls, this.#tlsStanding());
				if (refused) this.#fail(events, 'auth', refused.message, reply, refused.kind, refused.cause);
				break;
			}
			case 'MAIL':
				this.#transaction.mailReply(head.transaction, reply, ok, this.#tlsStanding());
				break;
			case 'RCPT':
				this.#transaction.rcptReply(head.transaction!, head.recipient!, reply, ok, events);
				break;
			case 'DATA': {
				const go = cls === '3';
				this.#transaction.dataReply(head.transaction!, reply, go);
				if (go) {
					this.#bodyPending = true;
					// The final reply answers the message, before anything sent after it; in LMTP one reply comes per
					// recipient accepted at RCPT, in RCPT order (RFC 2033 §4.2), each for that recipient.
					const transaction = head.transaction!;
					const accepted = this.#lmtp ? transaction.recipients.filter(entry => entry.accepted) : [];
					const finals = accepted.length === 0 ? [{trigger: '.' as const, transaction}] : accepted.map(recipient => ({trigger: '.' as const, transaction, recipient}));
					for (const expectation of finals.reverse()) this.#queue.unshift(expectation);
				}
				break;
			}
			case 'chunk':
				this.#transaction.bdatReply(head.transaction!, reply, ok, head.octets ?? 0);
				// The session stays in RCPT's row: between chunks the server takes RSET, NOOP or QUIT as it does there
				// (the message row takes no command: after DATA's 354 a line is message text). The rail shows the message.
				break;
			case '.': {
				// BDAT LAST (the one final reply with a line of its own) is answered from the message's row, as the dot is.
				if (head.command) this.#step = 'message';
				const early = this.#bodyPending;
				this.#bodyPending = false;
				if (head.recipient && !early) {
					const last = this.#queue.head?.trigger !== '.';
					const failure = this.#transaction.deliveryReply(head.transaction!, head.recipient, reply, ok, last, events);
					if (failure) this.#fail(events, 'final-dot', failure.message, reply);
					// Until the last recipient's reply, the message is still being answered.
					if (!last) return;
					break;
				}
				// Answered while the body was still going, the reply is the whole message's: no recipient's follow.
				if (early) this.#queue.dropWhile(next => next.trigger === '.');
				const failure = this.#transaction.finalReply(head.transaction!, reply, ok, early);
				// No recipient accepted: the "." ended a DATA that should have been refused (pipelined with the RCPTs,
				// RFC 2920 §3.1), and no message went. The recipients failed, as the planner says, not a message.
				const noMessage = head.transaction!.recipients.length > 0 && !head.transaction!.recipients.some(recipient => recipient.accepted);
				if (failure && (failure.outOfStep || !noMessage)) this.#fail(events, 'final-dot', failure.message, reply, failure.outOfStep && 'out-of-step');
				if (early) {
					// A reply before the dot breaks the protocol (one reply per command, DATA's after the end of the mail
					// data, RFC 5321 §4.1.1.4), and which state the server is in cannot be told. The rest of the body must
					// not go: a server back at its commands (broken, or a middlebox) would run its lines as commands, a line
					// "RCPT TO:<x>" among them (smuggling). Nor the dot: to a server still reading, it would complete a
					// message cut short. Nor QUIT: before the dot it is message text. Closing the connection is the one end
					// both read alike: a server processes a message only at its end-of-data indicator, so none goes.
					events.push({type: 'effect', effect: {type: 'abandonBody'}});
					this.#end(events, failure?.outOfStep ? 'replies out of step' : EARLY_REPLY);
					break;
				}
				break;
			}
			case 'RSET':
				// Pipelined before a new MAIL (RFC 2920), its 250 ends the old transaction, not the record that MAIL began.
				if (ok && this.#queue.awaitsTransaction(this.#transaction.current)) this.#transaction.serverForgot();
				else if (ok) this.#transaction.reset();
				break;
			case 'RAW':
				this.#rawRefused(head, reply);
				break;
			case 'QUIT':
				this.#rail.result('quit', ok, reply);
				if (ok) {
					this.#step = nextStep(this.#step, 'QUIT', cls);
					this.#end(events, 'QUIT answered');
				} else {
					// Refused: the session is over all the same; close it here rather than wait for the server to.
					this.#fail(events, 'quit', `QUIT refused: ${quoteReplyMidSentence(reply)}; the connection is closed from this side`, reply);
					this.#end(events, 'QUIT refused');
				}
				return;
			default:
				break;
		}
		this.#step = nextStep(this.#step, head.trigger, cls);
	}

	/**
	 * A typed line the engine could not read as its command ("MAIL FROM <a@b>", "EHLO" with no name), refused: the
	 * step it was meant for failed, as a student sees it (a step already done stays done).
	 */
	#rawRefused(head: Expectation, reply: Reply): void {
		if (reply.code < 400 || head.command?.command.verb !== 'RAW') return;
		const step = stepOfCommand(head);
		if (step && step !== 'quit') this.#rail.markFailedUnlessPast(step, reply.code);
	}

	/** `received`: what came after the 220, shown in the log (it is the evidence). */
	#injection(events: SessionEvent[], received: readonly string[]): void {
		const error = injectionError(received);
		this.#parser.reset();
		events.push({type: 'protocol-error', error});
		this.#rail.mark('starttls', 'failed');
		this.#fail(events, 'tls', error.message, undefined, 'starttls-injection');
		this.#end(events, 'STARTTLS injection');
	}

	#protocolError(error: SmtpProtocolError, events: SessionEvent[]): void {
		const head = this.#queue.head;
		events.push({type: 'protocol-error', error});
		this.#markCurrentFailed(undefined, head);
		this.#fail(events, (head && STAGE_OF[head.trigger]) ?? 'closed', `protocol error: ${error.message}`, undefined, 'protocol-error');
		this.#end(events, 'protocol error');
	}

	// --- commands ---

	/** Reasons no command can be written at all, whatever the mode. */
	#impossible(): string | undefined {
		if (this.#ended) return 'the session has ended: connect again';
		if (!this.#connected) return 'not connected';
		if (this.#handshaking) return 'the TLS handshake is in progress';
		if (this.#bodyPending) return 'the server is reading the message: send the body (it ends with a lone ".") first';
		return undefined;
	}

	#standing(): Standing {
		return {
			secure: this.#secure,
			authenticated: this.#auth.authenticated,
			usedHelo: this.#usedHelo,
			extensions: this.#extensions,
			transaction: this.#transaction.current,
			tlsStarted: this.#tlsStarted,
			lmtp: this.#lmtp,
		};
	}

	/** An AUTH exchange is open (see SessionState.authExchange). */
	#authExchange(): boolean {
		return this.#auth.challenged || this.#queue.awaitsAuth();
	}

	#record(command: Command, encoded: EncodedCommand, trigger: Trigger, step: Step): void {
		const expectation: Expectation = {trigger, command: encoded, ...this.#transaction.sent(command, step)};
		if (command.verb === 'QUIT') this.#quitSent = true;
		const railStep = STEP_OF[trigger];
		if (railStep && (trigger !== 'MAIL' || expectation.transaction)) expectation.activate = railStep;
		this.#queue.push(expectation);
		this.#queue.activateHead();
	}

	// --- bookkeeping ---

	#fail(events: SessionEvent[], stage: FailureStage, message: string, reply?: Reply, kind?: FailureKind, cause?: FailureCause): void {
		const failure = {stage, message, ...(kind && {kind}), ...(cause && {cause}), ...(reply && {reply})};
		this.#failure ??= failure;
		events.push({type: 'failed', ...failure});
	}

	/** After QUIT went unanswered: MESSAGE_UNANSWERED_TOO when the final dot's reply, awaited before it, is missing too. */
	#messageUnanswered(): string {
		return this.#queue.head?.trigger === '.' ? MESSAGE_UNANSWERED_TOO : '';
	}

	/**
	 * QUIT went and no reply came (the server hung up, or we stopped waiting): no tick, which says the server answered
	 * it, and no failure of the user's session either. Ended, as a step passed over is.
	 */
	#quitUnanswered(): void {
		if (this.#rail.status('quit') !== 'done') this.#rail.mark('quit', 'skipped');
	}

	#end(events: SessionEvent[], reason: string): void {
		this.#stop();
		events.push({type: 'effect', effect: {type: 'close', reason}});
	}

	#stop(): void {
		// After 354, before the message went (the step prompt waits on it): it never will, so it is not current.
		if (this.#bodyPending && this.#rail.status('message') === 'active') this.#rail.mark('message', 'pending');
		this.#ended = true;
		// LMTP: the recipients whose reply after the message never came are no longer "accepted": nobody knows.
		for (const expectation of this.#queue.awaitingDelivery()) this.#transaction.deliveryUnanswered(expectation.transaction!, expectation.recipient!);
		this.#queue.clear();
		this.#handshaking = false;
		this.#bodyPending = false;
		this.#auth.forgetExchange();
	}

	#tlsStanding(): TlsStanding {
		return {secure: this.#secure, starttlsOffered: this.#extensions?.starttls === true};
	}

	/**
	 * On a fatal event: the step of what was awaited fails (a step already done keeps its tick). With nothing awaited,
	 * or a typed line of no step (BDAT, a lone "."), no step was tried: none is blamed.
	 */
	#markCurrentFailed(code?: number, head: Expectation | undefined = this.#queue.head): void {
		const step = this.#handshaking ? 'starttls' : head && (head.trigger === '.' && this.#bodyPending ? 'message' : stepOfCommand(head));
		if (step) this.#rail.markFailedUnlessPast(step, code);
	}

	#currentStep(): Step {
		const head = this.#queue.awaited();
		if (this.#ended) return this.#step;
		if (this.#handshaking) return 'starttls';
		if (!head) return this.#step;
		if (head.trigger === '.' && this.#bodyPending) return 'message';
		return STEP_OF[head.trigger] ?? this.#step;
	}

	#awaiting(): Awaiting {
		if (this.#ended) return 'nothing';
		if (!this.#connected) return 'connect';
		if (this.#handshaking) return 'tls';
		const head = this.#queue.head;
		if (!head) return 'nothing';
		if (head.trigger === 'greeting') return 'greeting';
		if (head.trigger === '.') return this.#bodyPending ? 'body' : 'final-dot';
		return 'reply';
	}

	#stepsKey(): string {
		return `${this.#currentStep()}|${this.#rail.list()
			.map(s => `${s.status}${s.code ?? ''}${s.kind ?? ''}`)
			.join(',')}`;
	}

	#emitSteps(events: SessionEvent[]): void {
		const key = this.#stepsKey();
		if (key === this.#emittedSteps) return;
		this.#emittedSteps = key;
		events.push({type: 'steps', steps: this.#rail.list(), current: this.#currentStep()});
	}

	#finish(events: SessionEvent[]): SessionEvent[] {
		this.#emitSteps(events);
		this.#snapshot = this.#build();
		return events;
	}

	#build(): SessionState {
		const awaiting = this.#awaiting();
		const auth = this.#auth.snapshot();
		return Object.freeze({
			step: this.#currentStep(),
			steps: this.#rail.list(),
			connected: this.#connected,
			secure: this.#secure,
			ended: this.#ended,
			...(this.#greeting && {greeting: this.#greeting}),
			lmtp: this.#lmtp,
			...(this.#extensions && {extensions: this.#extensions}),
			usedHelo: this.#usedHelo,
			authenticated: this.#auth.authenticated,
			...(auth && {auth}),
			authExchange: this.#authExchange(),
			transaction: this.#transaction.snapshot(),
			pending: this.#queue.pending(),
			...(this.#parser.pendingLines.length > 0 && {replySoFar: this.#parser.pendingLines}),
			...(this.#parser.buffered > 0 && this.#parser.partialLine !== '' && {partialLine: this.#parser.partialLine}),
			awaiting,
			timeout: TIMEOUT_OF[awaiting],
			...(this.#failure && {failure: this.#failure}),
			messagesQueued: this.#transaction.messagesQueued,
			tlsStarted: this.#tlsStarted,
			xclientAccepted: this.#xclientAccepted,
			...(this.#startedOverBy && {startedOverBy: this.#startedOverBy}),
			...(this.#last && {last: this.#last}),
			openTransaction: this.#transaction.open,
		});
	}
}
