// The SMTP client session as a pure state machine (sans-I/O, like h11): bytes and driver notices go in, events
// (replies, step changes, effects to perform) come out. It never touches a socket, a clock or a file.
// Where the conversation may go is one table, TRANSITIONS (transitions.ts): the step states it yields (which the step
// rail draws), the "legal next commands" hint, the presenter's notes and the tests all come from it.
import {othersSuccess, positiveReplies} from './codes.js';
import {CANCEL} from './sasl.js';
import {typedVerb, typingHint} from './command-line.js';
import {guard, problemOf, type Standing} from './command-problems.js';
import {asTyped, commandName, encodeCommand} from './commands.js';
import {parseExtensions} from './extensions.js';
import {parameterWarnings} from './parameter-warning.js';
import {saslAnswerWarning} from './sasl-answer-warning.js';
import {smtpUtf8Warning} from './smtputf8-warning.js';
import {ReplyParser} from './reply-parser.js';
import {loginFailure} from './refusal-texts.js';
import {loginRefusalKind, mailRefusalKind, rcptRefusalKind, type TlsStanding} from './refusal-kind.js';
import type {FailureKind} from './failure.js';
import type {Awaiting, SessionEvent, SessionState, Transaction} from './session-types.js';
import {CLOSED_BETWEEN_COMMANDS, CLOSED_IDLE, CONNECTION_CLOSED, injectionError, longLineWarning, outOfStep, quoteReply, unsolicitedFlood} from './session-texts.js';
import {StepStatuses} from './step-statuses.js';
import {
	LOCAL_STEP_OF,
	SERVICE_CLOSING,
	STAGE_OF,
	STEP_OF,
	TRANSACTION_STEPS,
	TRANSITIONS,
	classOf,
	closesSession,
	nextStep,
	successStep,
	type ReplyClass,
	type Trigger,
} from './transitions.js';
import {
	STEPS,
	SmtpInputError,
	SmtpProtocolError,
	type Command,
	type EncodedCommand,
	type Extensions,
	type FailureStage,
	type RecipientResult,
	type Reply,
	type Step,
	type TimeoutClass,
} from './types.js';

type Expectation = {
	trigger: Trigger;
	command?: EncodedCommand;
	/** The transaction record the command belongs to (MAIL, RCPT, DATA, the final dot). */
	transaction?: Transaction;
	/** For RCPT: the recipient entry to complete. */
	recipient?: RecipientResult;
	/**
	 * The rail step this command makes current once it is the one awaited (at the head of the queue): a command sent
	 * behind another (QUIT while RCPT waits) leaves that one current until its reply comes, so one step is current.
	 */
	activate?: Step;
};

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

function newTransaction(): Transaction {
	return {recipients: [], dataStarted: false, finished: false};
}

export class SmtpSession {
	readonly #parser = new ReplyParser();
	readonly #implicitTls: boolean;
	#step: Step = 'connect';
	readonly #rail = new StepStatuses();
	#queue: Expectation[] = [];
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
	#openTransaction = false;
	#usedHelo = false;
	#authenticated = false;
	#auth: {mechanism: string; challenges: string[]} | undefined;
	#transaction = newTransaction();
	#failure: SessionState['failure'];
	#messagesQueued = 0;
	#tlsStarted = false;
	#last: SessionState['last'];
	#snapshot: SessionState;
	#emittedSteps = '';

	constructor(options: {implicitTls?: boolean} = {}) {
		this.#implicitTls = options.implicitTls ?? false;
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
			this.#activateHead();
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
		const step = this.#predictedStep();
		// While an AUTH exchange is open (a 334 waits, or its answer is not answered yet: two lines pasted at
		// once), whatever the user types is an answer, even one that looks like a command ("RSET" as a password):
		// the server reads it as one, so it is treated (and redacted) as one.
		const inAuth = step === 'auth' || this.#authExchange();
		const answer = command.verb === 'RAW' ? command.line : command.verb === 'AUTH-RESPONSE' ? undefined : options.typed;
		let actual: Command = inAuth && answer !== undefined ? {verb: 'AUTH-RESPONSE', response: answer} : command;
		/** What the engine follows: a MAIL or RCPT sent as typed is still one, whichever address the server took. */
		let followed = actual;
		const events: SessionEvent[] = [];
		let checked: EncodedCommand;
		try {
			checked = encodeCommand(actual, {extensions: this.#extensions});
		} catch (error) {
			// Typed by hand, a line SMTP can carry goes as typed, as telnet would send it: whether "EHLO my laptop"
			// will do is the server's call, and its answer is the lesson. The engine then follows it as a raw line.
			// Not AUTH: a line the engine does not know for AUTH would leave the answers to its 334s unredacted.
			const lenient = error instanceof SmtpInputError && options.typed !== undefined && !['RAW', 'AUTH', 'AUTH-RESPONSE'].includes(actual.verb);
			if (!lenient) throw error;
			events.push({type: 'warning', message: `${error.message.replace(/\.$/, '')}: sent as typed, for the server to judge`});
			// A MAIL or RCPT whose address the engine would not send (non-ASCII without SMTPUTF8) goes as typed, but
			// the server's 250 to it still opens the transaction or adds the recipient: the rail follows it.
			followed = actual.verb === 'MAIL' || actual.verb === 'RCPT' ? actual : {verb: 'RAW', line: options.typed!};
			actual = {verb: 'RAW', line: options.typed!};
			checked = encodeCommand(actual, {extensions: this.#extensions});
		}
		const encoded = options.typed === undefined ? checked : asTyped(checked, options.typed, options.secret);
		const problem = problemOf(followed.verb, step, this.#standing(), commandName(encoded));
		// A line typed by hand gets the typist's hint first (a missing colon says more than "MAIL out of order").
		// Never for a secret: "YWXPY2U= is not an SMTP command" would quote it.
		const hint = options.typed !== undefined && actual.verb !== 'AUTH-RESPONSE' && !options.secret ? typingHint(options.typed) : undefined;
		if (hint) events.unshift({type: 'warning', message: hint});
		if (problem) {
			if (options.strict) throw new SmtpInputError(problem, 'command');
			events.push({type: 'warning', message: problem});
		}
		const {from, finished, smtpUtf8} = this.#transaction;
		const utf8 = options.typed === undefined ? undefined : smtpUtf8Warning(followed, this.#extensions, from === undefined || finished || smtpUtf8 === true);
		if (utf8) events.push({type: 'warning', message: utf8});
		// An address's warning that names SMTPUTF8 says it already: not again for the parameter.
		const said = events.some(event => event.type === 'warning' && event.message.includes('SMTPUTF8')) ? ['SMTPUTF8'] : [];
		if (options.typed !== undefined) for (const message of parameterWarnings(followed, this.#extensions, said)) events.push({type: 'warning', message});
		const sasl = options.typed === undefined ? undefined : saslAnswerWarning(actual);
		if (sasl) events.push({type: 'warning', message: sasl});
		const waiting = this.#queue.find(expectation => expectation.command);
		if (waiting && !this.#extensions?.pipelining) {
			events.push({
				type: 'warning',
				message: `${commandName(encoded)} sent before the reply to ${commandName(waiting.command!)}: the server does not advertise PIPELINING`,
			});
		}
		this.#record(followed, encoded, inAuth ? 'AUTH-RESPONSE' : followed.verb, step);
		return {encoded, events: this.#finish(events)};
	}

	/** The driver wrote the whole body including CRLF.CRLF: now wait for the final reply. */
	bodySent(): SessionEvent[] {
		if (!this.#bodyPending) {
			// The server may answer (or close) before we finish writing: then there is nothing left to wait for.
			if (this.#transaction.finished || this.#ended) return this.#finish([]);
			throw new Error('bodySent() before DATA was answered with 354');
		}
		this.#bodyPending = false;
		this.#rail.mark('message', 'done');
		this.#rail.mark('queued', 'active');
		return this.#finish([]);
	}

	/** The TLS handshake after STARTTLS is done: forget everything learned in clear and expect EHLO again. */
	tlsEstablished(): SessionEvent[] {
		if (!this.#handshaking) throw new Error('tlsEstablished() without a STARTTLS handshake in progress');
		this.#handshaking = false;
		this.#parser.reset();
		this.#secure = true;
		this.#tlsStarted = true;
		this.#extensions = undefined;
		this.#usedHelo = false;
		this.#authenticated = false;
		this.#auth = undefined;
		this.#openTransaction = false;
		this.#rail.mark('starttls', 'done');
		this.#rail.mark('ehlo', 'pending');
		if (this.#rail.status('auth') !== 'skipped') this.#rail.mark('auth', 'pending');
		this.#step = nextStep(this.#step, 'handshake', '2');
		return this.#finish([]);
	}

	/** Forget the last transaction's record so the planner starts a new one (RSET first if the server still holds one). */
	beginTransaction(): SessionEvent[] {
		this.#newTransaction();
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
		const transaction = this.#transaction;
		if (verb === 'MAIL' && transaction.mailReply === last.reply) delete transaction.mailReply;
		else if (verb === 'RCPT' && transaction.recipients.at(-1)?.reply === last.reply) transaction.recipients.pop();
		else if (verb !== 'EHLO' && verb !== 'HELO') return this.#finish([]);
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
	tlsRefused(message: string, kind: FailureKind): SessionEvent[] {
		const events: SessionEvent[] = [];
		if (this.#ended) return this.#finish(events);
		this.#rail.mark(this.#tlsStarted ? 'starttls' : 'connect', 'failed');
		this.#abandon();
		this.#fail(events, 'tls', message, undefined, kind);
		this.#stop();
		return this.#finish(events);
	}

	/** The connection could not be made (refused, timed out, DNS, or the implicit-TLS handshake failed). */
	connectFailed(stage: 'connect' | 'tls', message: string, kind?: FailureKind): SessionEvent[] {
		const events: SessionEvent[] = [];
		this.#rail.mark('connect', 'failed');
		this.#fail(events, stage, message, undefined, kind);
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
			events.push({type: 'warning', message: `${message}; closed the connection`});
			this.#rail.mark('quit', 'done');
		} else {
			const head = this.#queue[0];
			this.#markCurrentFailed(undefined, head);
			// While the body is going, the final dot has not: the message failed during DATA, not after it.
			const stage = this.#handshaking ? 'tls' : this.#bodyPending ? 'data' : ((head && STAGE_OF[head.trigger]) ?? 'closed');
			this.#fail(events, stage, message, undefined, kind);
		}
		// Commands sent after the one waited on (pipelined) got no answer either: they did not happen.
		this.#abandon();
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
		const head = this.#queue[0];
		const waitingFor = this.#handshaking
			? ' during the TLS handshake'
			: this.#bodyPending
				? ' while the message was being sent (it did not all go)'
				: head?.command
				? ` while waiting for the reply to ${commandName(head.command)}`
				: head
					? ` while waiting for ${head.trigger === 'greeting' ? 'the greeting' : 'the reply to the message'}`
					: '';
		const why = reason ? `: ${reason}` : '';
		if (this.#quitSent) {
			// Who closed first matters: only a server that hangs up on QUIT is worth a word about the server.
			const message = dropped ? `closed the connection before the server answered QUIT${why}` : `the server closed the connection without answering QUIT${why}`;
			events.push({type: 'warning', message});
			this.#rail.mark('quit', 'done');
		} else if (wasConnected && !dropped) {
			this.#markCurrentFailed();
			// A connection lost during the handshake (bad certificate, TLS alert) is a TLS failure.
			this.#fail(events, this.#handshaking ? 'tls' : 'closed', `${waitingFor === '' ? CLOSED_IDLE : `${CONNECTION_CLOSED}${waitingFor}`}${why}`, undefined, waitingFor === '' ? 'closed-between-commands' : 'connection-closed');
		} else if (dropped) {
			// Closed on purpose mid-step (the user stopped): that step did not happen, and is no longer current.
			this.#abandon();
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
		if (command.verb === 'MAIL' && !this.#impossible() && this.#predictedStep() !== 'rcpt') this.#rail.passOver();
		return this.#finish([]);
	}

	/** What may be sent now according to TRANSITIONS (after the commands still waiting, if they succeed). */
	allowedVerbs(): string[] {
		if (this.#impossible()) return [];
		const step = this.#predictedStep();
		const standing = this.#standing();
		return TRANSITIONS[step].verbs.filter(verb => !guard(verb, standing));
	}

	// --- replies ---

	#reply(reply: Reply, moreInput: boolean, events: SessionEvent[]): void {
		// A 421 before the message was sent after 354 answers nothing we sent either (an idle timeout, a shutdown).
		const unprompted = closesSession(reply) && (this.#queue.length === 0 || (this.#queue[0]!.trigger === '.' && this.#bodyPending));
		const head = unprompted ? undefined : this.#queue.shift();
		// A reply while the body is still going out answers the message unfinished: the message step's, not queued's.
		const step = head && (head.trigger === '.' && this.#bodyPending ? 'message' : STEP_OF[head.trigger]);
		const mechanism = head && this.#mechanismOf(head);
		events.push({type: 'reply', reply, ...(head?.command && {command: head.command}), ...(step && {step}), ...(mechanism && {mechanism})});
		if (reply.longestLine !== undefined) events.push({type: 'warning', message: longLineWarning(reply.longestLine)});
		this.#unsolicited = head ? 0 : this.#unsolicited + 1;
		if (head?.trigger === 'greeting') this.#greeting = reply;
		if (reply.code === SERVICE_CLOSING || (closesSession(reply) && head?.trigger !== 'QUIT' && head?.trigger !== 'greeting')) {
			// Unprompted, or answering a command of no step (NOOP, RSET, a typed line of no verb), the 421 fails no step:
			// the session ended, and the step the rail was at was never tried.
			const step = head && this.#stepOfCommand(head);
			if (step) this.#rail.markFailedUnlessPast(step, reply.code);
			// Answering RCPT, it refuses that recipient too: its outcome keeps the code, as any refusal's does.
			if (head?.trigger === 'RCPT') this.#recipientResult(head, reply, false, events);
			const why =
				head && reply.code !== SERVICE_CLOSING
					? `the server ended the session on its own, in answer to ${head.command ? commandName(head.command) : 'the message'} (no QUIT was sent)`
					: head
						? 'the server is closing the session'
						: this.#bodyPending
							? 'the server closed the session on its own, after its 354 and before the message was sent'
							: CLOSED_BETWEEN_COMMANDS;
			this.#fail(events, (head && STAGE_OF[head.trigger]) ?? 'closed', `${why}: ${quoteReply(reply)}`, reply, why === CLOSED_BETWEEN_COMMANDS ? 'closed-between-commands' : undefined);
			this.#end(events, `the server closed the session (${reply.code})`);
			return;
		}
		if (!head) {
			events.push({type: 'warning', message: `unsolicited reply ${quoteReply(reply)}: nothing was waiting for it`});
			if (this.#unsolicited >= UNSOLICITED_LIMIT) this.#protocolError(unsolicitedFlood(this.#unsolicited), events);
			return;
		}
		const cls = classOf(reply);
		const ok = cls === '2';
		if (head.command) this.#last = {command: head.command, reply};
		const positive = positiveReplies(head.trigger);
		if (positive && reply.code < 400 && (!positive.includes(reply.code) || othersSuccess(head.trigger, reply))) {
			this.#markCurrentFailed(reply.code, head);
			this.#fail(events, STAGE_OF[head.trigger] ?? 'closed', outOfStep(head.trigger, reply, positive, this.#tlsStarted), reply);
			this.#end(events, 'replies out of step');
			return;
		}
		switch (head.trigger) {
			case 'greeting':
				// A greeting is a 220 (RFC 5321 §4.2): a "250 hello", "221 bye" or "354" first is no service offered either.
				if (reply.code < 400 && reply.code !== 220) {
					this.#rail.result('greeting', false, reply);
					this.#fail(events, 'banner', `the server's first reply is no greeting (220): ${quoteReply(reply)}; only QUIT is left`, reply);
					this.#step = 'quit';
					return;
				}
				this.#rail.result('greeting', ok, reply);
				if (!ok) this.#fail(events, 'banner', `the server refused service: ${quoteReply(reply)}; only QUIT is left`, reply);
				break;
			case 'EHLO':
				if (ok) {
					const extensions = parseExtensions(reply);
					this.#extensions = extensions;
					this.#usedHelo = false;
					events.push({type: 'extensions', extensions});
					this.#openTransaction = false;
					this.#newTransaction();
				}
				this.#rail.result('ehlo', ok, reply);
				break;
			case 'HELO':
				if (ok) {
					this.#extensions = undefined;
					this.#usedHelo = true;
					this.#openTransaction = false;
					this.#newTransaction();
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
			case 'AUTH':
			case 'AUTH-RESPONSE':
				this.#authReply(head, reply, cls, events);
				break;
			case 'MAIL':
				if (ok) this.#openTransaction = true;
				if (head.transaction === this.#transaction) {
					this.#transaction.mailReply = reply;
					this.#rail.result('mail', ok, reply, mailRefusalKind(reply, this.#tlsStanding()));
				}
				break;
			case 'RCPT':
				this.#rcptReply(head, reply, ok, events);
				break;
			case 'DATA':
				this.#dataReply(head, reply, cls);
				break;
			case '.':
				this.#finalReply(head, reply, ok, events);
				break;
			case 'RSET':
				if (ok) {
					this.#openTransaction = false;
					this.#newTransaction();
				}
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
					this.#fail(events, 'quit', `QUIT refused: ${quoteReply(reply)}; the connection is closed from this side`, reply);
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
		const step = this.#stepOfCommand(head);
		if (step && step !== 'quit') this.#rail.markFailedUnlessPast(step, reply.code);
	}

	/** The rail step a command works on: its own, or for a typed line read only as text, the one its verb names. */
	#stepOfCommand(head: Expectation): Step | undefined {
		const sent = head.command?.command;
		const verb = sent?.verb === 'RAW' ? typedVerb(sent.line) : head.trigger;
		return verb === undefined ? undefined : STEP_OF[verb as Trigger];
	}

	/** The mechanism of the AUTH exchange a reply answers: the AUTH command's, or, for a response, the exchange's. */
	#mechanismOf(head: Expectation): string | undefined {
		const sent = head.command?.command;
		if (sent?.verb === 'AUTH') return sent.mechanism.toUpperCase();
		return head.trigger === 'AUTH-RESPONSE' ? this.#auth?.mechanism : undefined;
	}

	#authReply(head: Expectation, reply: Reply, cls: ReplyClass, events: SessionEvent[]): void {
		if (cls === '3') {
			// The challenge is the text after "334 ", taken raw: base64 has no room for an enhanced code.
			const challenge = (reply.raw[reply.raw.length - 1] ?? '').slice(4);
			const command = head.command!.command;
			const mechanism = this.#mechanismOf(head) ?? '';
			const earlier = command.verb === 'AUTH' ? [] : (this.#auth?.challenges ?? []);
			this.#auth = {mechanism, challenges: [...earlier, challenge]};
			return;
		}
		// The mechanism of the exchange this reply ends, before it is forgotten: the summary of a refusal reads by it.
		const mechanism = this.#mechanismOf(head);
		this.#auth = undefined;
		const ok = cls === '2';
		// A 503 refuses AUTH itself (already logged in, or not offered here): no credentials were judged, and a login
		// that succeeded before still holds, on the rail too.
		const outOfSequence = reply.code === 503;
		// A "*" is no wrong password: the exchange was given up (a challenge that could not be answered, or by hand).
		const sent = head.command?.command;
		const cancelled = sent?.verb === 'AUTH-RESPONSE' && sent.response === CANCEL;
		const kind = ok || outOfSequence || cancelled ? undefined : loginRefusalKind(reply, mechanism, this.#tlsStanding());
		if (outOfSequence && this.#authenticated) this.#rail.mark('auth', 'done');
		else this.#rail.result('auth', ok, reply, kind);
		if (ok) {
			this.#authenticated = true;
			// Logged in without TLS (manual mode): STARTTLS is no longer the next step; the rail moves past it.
			if (this.#rail.status('starttls') === 'pending') this.#rail.mark('starttls', 'skipped');
		} else {
			const what = outOfSequence
				? 'AUTH refused out of sequence (the reply says why: before EHLO, already logged in, during a transaction, or not offered)'
				: cancelled
					? 'the login was cancelled ("*": a challenge that could not be answered, such as one that is not valid base64, or cancelled by hand)'
					: loginFailure(reply, mechanism, kind!);
			this.#fail(events, 'auth', `${what}: ${quoteReply(reply)}`, reply, kind);
		}
	}

	/** Records the outcome of one RCPT in its transaction; false when that transaction no longer lists it. */
	#recipientResult(head: Expectation, reply: Reply, ok: boolean, events: SessionEvent[]): boolean {
		const transaction = head.transaction!;
		const index = transaction.recipients.indexOf(head.recipient!);
		if (index === -1) return false;
		const result: RecipientResult = {address: head.recipient!.address, reply, accepted: ok};
		transaction.recipients[index] = result;
		events.push({type: 'recipient', result});
		return true;
	}

	#rcptReply(head: Expectation, reply: Reply, ok: boolean, events: SessionEvent[]): void {
		const transaction = head.transaction!;
		if (!this.#recipientResult(head, reply, ok, events) || transaction !== this.#transaction) return;
		const accepted = transaction.recipients.some(recipient => recipient.accepted);
		this.#rail.result('rcpt', accepted, reply, rcptRefusalKind(reply));
	}

	#dataReply(head: Expectation, reply: Reply, cls: ReplyClass): void {
		const transaction = head.transaction!;
		transaction.dataReply = reply;
		const go = cls === '3';
		this.#rail.result('data', go, reply);
		if (!go) return;
		transaction.dataStarted = true;
		this.#bodyPending = true;
		this.#rail.mark('message', 'active');
		// The final reply answers the message, before anything sent after it.
		this.#queue.unshift({trigger: '.', transaction});
	}

	#finalReply(head: Expectation, reply: Reply, ok: boolean, events: SessionEvent[]): void {
		const transaction = head.transaction!;
		transaction.finished = true;
		transaction.reply = reply;
		// Whatever the answer, the final reply ends the transaction on the server (RFC 5321 §4.1.1.4).
		this.#openTransaction = false;
		if (this.#bodyPending) {
			// Answered before the body was complete: a refusal means the server gave up on the message; a success
			// cannot be one (it has not got the message), and every later reply would answer the wrong command.
			this.#bodyPending = false;
			this.#rail.mark('message', 'failed', reply.code);
			if (ok) {
				this.#fail(events, 'final-dot', `the server said ${quoteReply(reply)} before the message was complete (it cannot have accepted what it has not received): the replies are out of step`, reply);
				this.#end(events, 'replies out of step');
				return;
			}
		}
		this.#rail.result('queued', ok, reply);
		if (ok) this.#messagesQueued++;
		else this.#fail(events, 'final-dot', `the server did not accept the message: ${quoteReply(reply)}`, reply);
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
		const head = this.#queue[0];
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
			authenticated: this.#authenticated,
			usedHelo: this.#usedHelo,
			extensions: this.#extensions,
			transaction: this.#transaction,
			tlsStarted: this.#tlsStarted,
		};
	}

	#authExchange(): boolean {
		return this.#auth !== undefined || this.#queue.some(expectation => expectation.trigger === 'AUTH' || expectation.trigger === 'AUTH-RESPONSE');
	}

	/** The step after everything still waiting succeeds (the greeting is never assumed). */
	#predictedStep(): Step {
		let step = this.#step;
		for (const expectation of this.#queue) {
			if (expectation.trigger !== 'greeting') step = successStep(step, expectation.trigger);
		}
		return step;
	}

	#record(command: Command, encoded: EncodedCommand, trigger: Trigger, step: Step): void {
		const expectation: Expectation = {trigger, command: encoded};
		switch (command.verb) {
			case 'MAIL':
				// A MAIL inside an open transaction (manual mode) gets 503 and must not wipe the open one.
				if (step === 'rcpt') break;
				this.#newTransaction();
				this.#transaction.from = command.from;
				if (command.params?.SMTPUTF8 !== undefined) this.#transaction.smtpUtf8 = true;
				expectation.transaction = this.#transaction;
				this.#rail.passOver();
				break;
			case 'RCPT': {
				this.#afterFinished();
				// A DATA refused before this recipient (typed too early) is moot: DATA comes again after it.
				if (this.#transaction.dataReply && !this.#transaction.dataStarted) {
					delete this.#transaction.dataReply;
					this.#rail.mark('data', 'pending');
				}
				const recipient: RecipientResult = {address: command.to};
				this.#transaction.recipients.push(recipient);
				expectation.transaction = this.#transaction;
				expectation.recipient = recipient;
				break;
			}
			case 'DATA':
				this.#afterFinished();
				expectation.transaction = this.#transaction;
				break;
			case 'QUIT':
				this.#quitSent = true;
				break;
			default:
				break;
		}
		const railStep = STEP_OF[trigger];
		if (railStep && (trigger !== 'MAIL' || expectation.transaction)) expectation.activate = railStep;
		this.#queue.push(expectation);
		this.#activateHead();
	}

	/**
	 * A RCPT or DATA typed after a message was answered belongs to no transaction the server holds: recorded on the
	 * finished one, its refusal would read as that message's, and an accepted recipient of it as "RCPT 1/2".
	 */
	#afterFinished(): void {
		if (this.#transaction.finished) this.#newTransaction();
	}

	/**
	 * The first thing awaited that works on a rail step: the oldest in the queue, or a command behind commands with no
	 * step of their own (MAIL behind a NOOP). Its step is the current one.
	 */
	#awaited(): Expectation | undefined {
		return this.#queue.find(expectation => STEP_OF[expectation.trigger] !== undefined) ?? this.#queue[0];
	}

	/** The command now awaited makes its step current (once: its reply decides what the step becomes). */
	#activateHead(): void {
		const head = this.#awaited();
		if (!head?.activate) return;
		this.#rail.mark(head.activate, 'active');
		delete head.activate;
	}

	/**
	 * The session ends with commands unanswered: the step waited on is no longer current, and the steps of commands
	 * sent behind it, which never became current, did not happen either.
	 */
	#abandon(): void {
		for (const expectation of this.#queue) {
			if (expectation.activate && this.#rail.status(expectation.activate) === 'pending') this.#rail.mark(expectation.activate, 'skipped');
		}
		for (const {step, status} of this.#rail.list()) if (status === 'active') this.#rail.mark(step, 'skipped');
	}

	// --- bookkeeping ---

	#newTransaction(): void {
		this.#transaction = newTransaction();
		for (const step of TRANSACTION_STEPS) this.#rail.mark(step, 'pending');
		// "queued" and "mail" are the same server state; a fresh transaction shows the rail at MAIL.
		if (this.#step === 'queued') this.#step = 'mail';
	}

	#fail(events: SessionEvent[], stage: FailureStage, message: string, reply?: Reply, kind?: FailureKind): void {
		const failure = {stage, message, ...(kind && {kind}), ...(reply && {reply})};
		this.#failure ??= failure;
		events.push({type: 'failed', ...failure});
	}

	#end(events: SessionEvent[], reason: string): void {
		this.#stop();
		events.push({type: 'effect', effect: {type: 'close', reason}});
	}

	#stop(): void {
		// After 354, before the message went (the step prompt waits on it): it never will, so it is not current.
		if (this.#bodyPending && this.#rail.status('message') === 'active') this.#rail.mark('message', 'pending');
		this.#ended = true;
		this.#queue = [];
		this.#handshaking = false;
		this.#bodyPending = false;
		this.#auth = undefined;
	}

	#tlsStanding(): TlsStanding {
		return {secure: this.#secure, starttlsOffered: this.#extensions?.starttls === true};
	}

	/**
	 * On a fatal event: the step of what was awaited fails (a step already done keeps its tick). With nothing awaited,
	 * or a typed line of no step (BDAT, a lone "."), no step was tried: none is blamed.
	 */
	#markCurrentFailed(code?: number, head: Expectation | undefined = this.#queue[0]): void {
		const step = this.#handshaking ? 'starttls' : head && (head.trigger === '.' && this.#bodyPending ? 'message' : this.#stepOfCommand(head));
		if (step) this.#rail.markFailedUnlessPast(step, code);
	}

	#currentStep(): Step {
		const head = this.#awaited();
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
		const head = this.#queue[0];
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
		const transaction = this.#transaction;
		const awaiting = this.#awaiting();
		return Object.freeze({
			step: this.#currentStep(),
			steps: this.#rail.list(),
			connected: this.#connected,
			secure: this.#secure,
			ended: this.#ended,
			...(this.#greeting && {greeting: this.#greeting}),
			...(this.#extensions && {extensions: this.#extensions}),
			usedHelo: this.#usedHelo,
			authenticated: this.#authenticated,
			...(this.#auth && {auth: {mechanism: this.#auth.mechanism, challenges: [...this.#auth.challenges]}}),
			authExchange: this.#authExchange(),
			transaction: {...transaction, recipients: [...transaction.recipients]},
			pending: this.#queue.flatMap(expectation => (expectation.command ? [expectation.command] : [])),
			...(this.#parser.pendingLines.length > 0 && {replySoFar: this.#parser.pendingLines}),
			...(this.#parser.buffered > 0 && this.#parser.partialLine !== '' && {partialLine: this.#parser.partialLine}),
			awaiting,
			timeout: TIMEOUT_OF[awaiting],
			...(this.#failure && {failure: this.#failure}),
			messagesQueued: this.#messagesQueued,
			tlsStarted: this.#tlsStarted,
			...(this.#last && {last: this.#last}),
			openTransaction: this.#openTransaction,
		});
	}
}
