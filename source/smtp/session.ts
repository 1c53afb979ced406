// The SMTP client session as a pure state machine (sans-I/O, like h11): bytes and driver notices go in, events
// (replies, step changes, effects to perform) come out. It never touches a socket, a clock or a file.
// Where the conversation may go is one table, TRANSITIONS (transitions.ts): the session's step moves by it, and the
// "legal next commands" hint, strict mode and the presenter's notes read it. The rail's statuses (StepStatuses) are
// the session's own record of what each step came to: each reply's handler and driver notice marks them, here and in
// the parts split out of it (its state, the reply handlers, the snapshot, what is awaited, the mail transaction, the
// login).
import {guard, type Standing} from './command-problems.js';
import {commandName} from './commands.js';
import type {Expectation} from './expectation-queue.js';
import {asLhlo} from './lmtp.js';
import type {FailureCause, FailureKind} from './failure.js';
import {SessionCore} from './session-core.js';
import {handleReply, injection, protocolError} from './session-replies.js';
import {currentStepOf, sessionState, stepsKey} from './session-snapshot.js';
import type {SessionEvent, SessionState} from './session-types.js';
import {CLOSED_IDLE, CONNECTION_CLOSED, type OfferedCertificate, quitUnanswered, waitingFor} from './session-texts.js';
import {typedCommand} from './typed-command.js';
import {LOCAL_STEP_OF, STAGE_OF, STEP_OF, TRANSITIONS, nextStep, type Trigger} from './transitions.js';
import {STEPS, SmtpInputError, type Command, type EncodedCommand, type FailureStage, type Step} from './types.js';

export class SmtpSession {
	readonly #core: SessionCore;
	#snapshot: SessionState;
	#emittedSteps = '';

	/**
	 * `clientCertificate`: the certificate offered (--cert), named when a server refuses it in SMTP;
	 * `withheldCertificate`: why none is offered though one was at hand (--no-cert over a profile's), for when one is demanded.
	 */
	constructor(options: {implicitTls?: boolean; lmtp?: boolean; clientCertificate?: OfferedCertificate; withheldCertificate?: string} = {}) {
		this.#core = new SessionCore(options);
		this.#snapshot = sessionState(this.#core);
		this.#emittedSteps = stepsKey(this.#core);
	}

	/** Immutable snapshot; a new object after every change. */
	get state(): SessionState {
		return this.#snapshot;
	}

	/** The socket (and, for implicit TLS, the handshake) is up: wait for the greeting. */
	connected(): SessionEvent[] {
		if (this.#core.step !== 'connect' || this.#core.ended) throw new Error('connected() called twice');
		this.#core.connected = true;
		this.#core.rail.mark('connect', 'done');
		this.#core.rail.mark('greeting', 'active');
		// Implicit TLS is secure from the first byte: no STARTTLS is sent, and the rail says so (skipped), where
		// "done" taught a projector that 465 speaks STARTTLS and made the first EHLO read as the one after it.
		if (this.#core.implicitTls) {
			this.#core.secure = true;
			this.#core.rail.mark('starttls', 'skipped');
		}
		this.#core.queue.push({trigger: 'greeting'});
		this.#core.step = 'greeting';
		return this.#finish([]);
	}

	/** Bytes from the server: parse replies, match each to the oldest thing waiting for one, apply transitions. */
	receive(chunk: Uint8Array): SessionEvent[] {
		const events: SessionEvent[] = [];
		if (this.#core.ended || chunk.length === 0) return this.#finish(events);
		if (this.#core.handshaking) {
			injection(this.#core, events, Buffer.from(chunk).toString('utf8').split(/\r?\n/));
			return this.#finish(events);
		}
		// The replies before a broken line count, as they would had they come in a read of their own.
		const {replies, error} = this.#core.parser.take(chunk);
		for (const [index, reply] of replies.entries()) {
			const moreInput = index < replies.length - 1 || this.#core.parser.buffered > 0 || error !== undefined;
			this.#core.following = [...replies.slice(index + 1).flatMap(next => next.raw), ...(error?.lines ?? [])];
			handleReply(this.#core, reply, moreInput, events);
			this.#core.queue.activateHead();
			this.#emitSteps(events);
			if (this.#core.ended) break;
		}
		if (error && !this.#core.ended) {
			protocolError(this.#core, error, events);
			return this.#finish(events);
		}
		const begun = this.#core.ended ? [] : this.#core.parser.takeNewLines();
		if (begun.length > 0) events.push({type: 'reply-lines', lines: begun});
		return this.#finish(events);
	}

	/**
	 * Encode a command (throws SmtpInputError naming the field) and record it as waiting for its reply.
	 * Out of order per TRANSITIONS: strict → SmtpInputError (field "command"); otherwise a warning, and it goes anyway.
	 */
	command(command: Command, options: {strict?: boolean; typed?: string; secret?: boolean} = {}): {encoded: EncodedCommand; events: SessionEvent[]} {
		const impossible = this.#impossible();
		if (impossible) throw new SmtpInputError(impossible, 'command');
		const step = this.#core.queue.predictedStep(this.#core.step);
		// While an AUTH exchange is open (a 334 waits, or its answer is not answered yet: two lines pasted at
		// once), whatever the user types is an answer, even one that looks like a command ("RSET" as a password):
		// the server reads it as one, so it is treated (and redacted) as one.
		const inAuth = step === 'auth' || this.#core.authExchange();
		const typed = typedCommand(command, options, {step, standing: this.#standing(), inAuth, mechanism: this.#core.auth.snapshot()?.mechanism});
		const {followed, problem, warnings} = typed;
		// LMTP greets with LHLO: the planner's EHLO goes as one (a line typed by hand goes as typed).
		const encoded = this.#core.lmtp && options.typed === undefined ? asLhlo(typed.encoded) : typed.encoded;
		if (problem && options.strict) throw new SmtpInputError(problem, 'command');
		const events: SessionEvent[] = warnings.map(message => ({type: 'warning', message}));
		const waiting = this.#core.queue.oldestCommand();
		if (waiting && !this.#core.extensions?.pipelining) {
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
		if (!this.#core.bodyPending) {
			// The server may answer (or close) before we finish writing: then there is nothing left to wait for.
			if (this.#core.transaction.current.finished || this.#core.ended) return this.#finish([]);
			throw new Error('bodySent() before DATA was answered with 354');
		}
		this.#core.bodyPending = false;
		this.#core.rail.mark('message', 'done');
		this.#core.rail.mark('queued', 'active');
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
		const transaction = this.#core.transaction.bdatSent(octets, last);
		this.#core.queue.push({trigger: last ? '.' : 'chunk', command: encoded, transaction, octets, activate: last ? 'queued' : 'message'});
		this.#core.queue.activateHead();
		return {encoded, events: this.#finish([])};
	}

	/** The TLS handshake after STARTTLS is done: forget everything learned in clear and expect EHLO again. */
	tlsEstablished(): SessionEvent[] {
		if (!this.#core.handshaking) throw new Error('tlsEstablished() without a STARTTLS handshake in progress');
		this.#core.handshaking = false;
		this.#core.parser.reset();
		this.#core.secure = true;
		this.#core.tlsStarted = true;
		this.#core.forgetGreeting('tls');
		this.#core.rail.mark('starttls', 'done');
		this.#core.step = nextStep(this.#core.step, 'handshake', '2');
		return this.#finish([]);
	}

	/** Forget the last transaction's record so the planner starts a new one (RSET first if the server still holds one). */
	beginTransaction(): SessionEvent[] {
		this.#core.transaction.begin();
		this.#core.last = undefined;
		if (!this.#core.ended) this.#core.failure = undefined;
		return this.#finish([]);
	}

	/**
	 * Step mode: the line the user typed over the planned EHLO, HELO, MAIL or RCPT (`MAIL FROM:<a@@b>`) was refused.
	 * Trying a mistake is the point, so the refusal is the line's, not the session's: the record is forgotten and the
	 * planner offers its own line again (the rail keeps the ✖ until that line goes). Nothing changes when the last
	 * reply is no such refusal.
	 */
	forgetRefused(verb: Command['verb']): SessionEvent[] {
		const last = this.#core.last;
		if (this.#core.ended || !last || last.command.command.verb !== verb || last.reply.code < 400) return this.#finish([]);
		if (!this.#core.transaction.forgetRefused(verb, last.reply) && verb !== 'EHLO' && verb !== 'HELO') return this.#finish([]);
		this.#core.last = undefined;
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
		if (this.#core.rail.status(step) !== 'done' && this.#core.rail.status(step) !== 'failed') this.#core.rail.mark(step, 'failed');
		for (const before of STEPS.slice(0, STEPS.indexOf(step))) if (this.#core.rail.status(before) === 'pending') this.#core.rail.mark(before, 'skipped');
		return this.#finish([]);
	}

	/**
	 * The server refused the TLS session once our side of the handshake was done (TLS 1.3: a client certificate it
	 * demands): the STARTTLS step failed, or with implicit TLS the connection itself.
	 */
	tlsRefused(message: string, kind: FailureKind, cause?: FailureCause): SessionEvent[] {
		const events: SessionEvent[] = [];
		if (this.#core.ended) return this.#finish(events);
		this.#core.rail.mark(this.#core.tlsStarted ? 'starttls' : 'connect', 'failed');
		this.#core.queue.abandon();
		this.#core.fail(events, 'tls', message, undefined, kind, cause);
		this.#core.stop();
		return this.#finish(events);
	}

	/** The connection could not be made (refused, timed out, DNS, or the implicit-TLS handshake failed). */
	connectFailed(stage: 'connect' | 'tls', message: string, kind?: FailureKind, cause?: FailureCause): SessionEvent[] {
		const events: SessionEvent[] = [];
		this.#core.rail.mark('connect', 'failed');
		this.#core.fail(events, stage, message, undefined, kind, cause);
		this.#core.stop();
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
		if (this.#core.ended) return this.#finish(events);
		if (this.#core.quitSent) {
			events.push({type: 'warning', message: `${message}; closed the connection${this.#core.messageUnanswered()}`});
			this.#core.quitUnanswered();
		} else {
			const head = this.#core.queue.head;
			this.#core.markCurrentFailed(undefined, head);
			// While the body is going, the final dot has not: the message failed during DATA, not after it.
			const stage = this.#core.handshaking ? 'tls' : this.#core.bodyPending ? 'data' : ((head && STAGE_OF[head.trigger]) ?? 'closed');
			this.#core.fail(events, stage, message, undefined, kind);
		}
		// Commands sent after the one waited on (pipelined) got no answer either: they did not happen.
		this.#core.queue.abandon();
		this.#core.stop();
		return this.#finish(events);
	}

	/**
	 * The socket closed. Unexpected (no QUIT sent, session not over) → failed, stage 'closed' ('tls' during the
	 * handshake). `dropped`: the client closed it on purpose (the user stopped after 354, or left without waiting
	 * for the answer to QUIT), so it is no news and no failure of the step. A timeout comes first as timedOut().
	 */
	closed(reason?: string, dropped = false): SessionEvent[] {
		const events: SessionEvent[] = [];
		const wasConnected = this.#core.connected;
		this.#core.connected = false;
		if (this.#core.ended) return this.#finish(events);
		const head = this.#core.queue.head;
		const waiting = waitingFor({handshaking: this.#core.handshaking, bodyPending: this.#core.bodyPending, head});
		const why = reason ? `: ${reason}` : '';
		if (this.#core.quitSent) {
			events.push({type: 'warning', message: `${quitUnanswered(dropped, why)}${this.#core.messageUnanswered()}`});
			this.#core.quitUnanswered();
		} else if (wasConnected && !dropped) {
			this.#core.markCurrentFailed();
			// A connection lost during the handshake (bad certificate, TLS alert) is a TLS failure.
			this.#core.fail(events, this.#core.handshaking ? 'tls' : 'closed', `${waiting === '' ? CLOSED_IDLE : `${CONNECTION_CLOSED}${waiting}`}${why}`, undefined, waiting === '' ? 'closed-between-commands' : 'connection-closed');
		} else if (dropped) {
			// Closed on purpose mid-step (the user stopped): that step did not happen, and is no longer current.
			this.#core.queue.abandon();
		}
		this.#core.stop();
		return this.#finish(events);
	}

	/**
	 * The driver offers `command` as the next one (step mode, before the user's Enter): the rail shows now what it
	 * passes over. A MAIL that begins a transaction passes over STARTTLS and AUTH (when they did not happen), as
	 * sending it does; the presenter's "NEXT STEP MAIL" then no longer has them still to come before it.
	 */
	propose(command: Command): SessionEvent[] {
		if (command.verb === 'MAIL' && !this.#impossible() && this.#core.queue.predictedStep(this.#core.step) !== 'rcpt') this.#core.rail.passOver();
		return this.#finish([]);
	}

	/** What may be sent now according to TRANSITIONS (after the commands still waiting, if they succeed). */
	allowedVerbs(): string[] {
		if (this.#impossible()) return [];
		const step = this.#core.queue.predictedStep(this.#core.step);
		const standing = this.#standing();
		return TRANSITIONS[step].verbs.filter(verb => !guard(verb, standing));
	}

	// --- commands ---

	/** Reasons no command can be written at all, whatever the mode. */
	#impossible(): string | undefined {
		if (this.#core.ended) return 'the session has ended: connect again';
		if (!this.#core.connected) return 'not connected';
		if (this.#core.handshaking) return 'the TLS handshake is in progress';
		if (this.#core.bodyPending) return 'the server is reading the message: send the body (it ends with a lone ".") first';
		return undefined;
	}

	#standing(): Standing {
		return {
			secure: this.#core.secure,
			authenticated: this.#core.auth.authenticated,
			usedHelo: this.#core.usedHelo,
			extensions: this.#core.extensions,
			transaction: this.#core.transaction.current,
			tlsStarted: this.#core.tlsStarted,
			lmtp: this.#core.lmtp,
		};
	}

	#record(command: Command, encoded: EncodedCommand, trigger: Trigger, step: Step): void {
		const expectation: Expectation = {trigger, command: encoded, ...this.#core.transaction.sent(command, step)};
		if (command.verb === 'QUIT') this.#core.quitSent = true;
		const railStep = STEP_OF[trigger];
		if (railStep && (trigger !== 'MAIL' || expectation.transaction)) expectation.activate = railStep;
		this.#core.queue.push(expectation);
		this.#core.queue.activateHead();
	}

	// --- bookkeeping ---

	#emitSteps(events: SessionEvent[]): void {
		const key = stepsKey(this.#core);
		if (key === this.#emittedSteps) return;
		this.#emittedSteps = key;
		events.push({type: 'steps', steps: this.#core.rail.list(), current: currentStepOf(this.#core)});
	}

	#finish(events: SessionEvent[]): SessionEvent[] {
		this.#emitSteps(events);
		this.#snapshot = sessionState(this.#core);
		return events;
	}

}
