// The session's state and the bookkeeping every part of it shares: what the connection and the conversation came to,
// and how a failure, an end or a new start changes it. SmtpSession (session.ts) owns one and keeps it private; the
// reply handlers (session-replies.ts) and the snapshot (session-snapshot.ts) read and change it.
import {AuthExchange} from './auth-exchange.js';
import {ExpectationQueue, stepOfCommand, type Expectation} from './expectation-queue.js';
import type {FailureCause, FailureKind} from './failure.js';
import type {TlsStanding} from './refusal-kind.js';
import {ReplyParser} from './reply-parser.js';
import type {SessionEvent, SessionState} from './session-types.js';
import {MESSAGE_UNANSWERED_TOO, type OfferedCertificate} from './session-texts.js';
import {StepStatuses} from './step-statuses.js';
import {TransactionRecord} from './transaction-record.js';
import type {Extensions, FailureStage, Reply, Step} from './types.js';

export class SessionCore {
	readonly parser = new ReplyParser();
	readonly implicitTls: boolean;
	readonly clientCertificate: OfferedCertificate | undefined;
	readonly withheldCertificate: string | undefined;
	/** LMTP (RFC 2033): LHLO for EHLO, and one reply per accepted recipient after the final dot. */
	readonly lmtp: boolean;
	step: Step = 'connect';
	readonly rail = new StepStatuses();
	readonly queue = new ExpectationQueue(this.rail);
	connected = false;
	secure = false;
	ended = false;
	handshaking = false;
	/** DATA got 354 and the driver has not finished writing the body yet. */
	bodyPending = false;
	/** The lines received after the reply being handled, in the same chunk, a broken one too (the injection's evidence). */
	following: readonly string[] = [];
	/** Replies in a row that answered nothing: no real server sends many. */
	unsolicited = 0;
	quitSent = false;
	greeting: Reply | undefined;
	extensions: Extensions | undefined;
	usedHelo = false;
	readonly auth = new AuthExchange(this.rail);
	// "queued" and "mail" are the same server state; a fresh transaction shows the rail at MAIL.
	readonly transaction = new TransactionRecord(this.rail, () => {
		if (this.step === 'queued') this.step = 'mail';
	});
	failure: SessionState['failure'];
	tlsStarted = false;
	/** XCLIENT commands the server accepted (220): the planner sends the next one, if any. */
	xclientAccepted = 0;
	startedOverBy: 'tls' | 'xclient' | undefined;
	last: SessionState['last'];

	/** SmtpSession's options: see its constructor. */
	constructor(options: {implicitTls?: boolean; lmtp?: boolean; clientCertificate?: OfferedCertificate; withheldCertificate?: string} = {}) {
		this.implicitTls = options.implicitTls ?? false;
		this.clientCertificate = options.clientCertificate;
		this.withheldCertificate = options.withheldCertificate;
		this.lmtp = options.lmtp ?? false;
	}

	/** What a new start (a TLS handshake, XCLIENT's 220) makes the server forget: its EHLO, a login, a transaction. */
	forgetGreeting(cause: 'tls' | 'xclient'): void {
		this.startedOverBy = cause;
		this.extensions = undefined;
		this.usedHelo = false;
		this.auth.reset();
		this.transaction.serverForgot();
		this.rail.mark('ehlo', 'pending');
		if (this.rail.status('auth') !== 'skipped') this.rail.mark('auth', 'pending');
	}

	/** XCLIENT answered 220: a new greeting for the client it named (Postfix's XCLIENT_README), so EHLO again. */
	startedOver(): void {
		this.xclientAccepted += 1;
		this.forgetGreeting('xclient');
	}

	/** An AUTH exchange is open (see SessionState.authExchange). */
	authExchange(): boolean {
		return this.auth.challenged || this.queue.awaitsAuth();
	}

	fail(events: SessionEvent[], stage: FailureStage, message: string, reply?: Reply, kind?: FailureKind, cause?: FailureCause): void {
		const failure = {stage, message, ...(kind && {kind}), ...(cause && {cause}), ...(reply && {reply})};
		this.failure ??= failure;
		events.push({type: 'failed', ...failure});
	}

	/** After QUIT went unanswered: MESSAGE_UNANSWERED_TOO when the final dot's reply, awaited before it, is missing too. */
	messageUnanswered(): string {
		return this.queue.head?.trigger === '.' ? MESSAGE_UNANSWERED_TOO : '';
	}

	/**
	 * QUIT went and no reply came (the server hung up, or we stopped waiting): no tick, which says the server answered
	 * it, and no failure of the user's session either. Ended, as a step passed over is.
	 */
	quitUnanswered(): void {
		if (this.rail.status('quit') !== 'done') this.rail.mark('quit', 'skipped');
	}

	end(events: SessionEvent[], reason: string): void {
		this.stop();
		events.push({type: 'effect', effect: {type: 'close', reason}});
	}

	stop(): void {
		// After 354, before the message went (the step prompt waits on it): it never will, so it is not current.
		if (this.bodyPending && this.rail.status('message') === 'active') this.rail.mark('message', 'pending');
		this.ended = true;
		// LMTP: the recipients whose reply after the message never came are no longer "accepted": nobody knows.
		for (const expectation of this.queue.awaitingDelivery()) this.transaction.deliveryUnanswered(expectation.transaction!, expectation.recipient!);
		this.queue.clear();
		this.handshaking = false;
		this.bodyPending = false;
		this.auth.forgetExchange();
	}

	tlsStanding(): TlsStanding {
		return {secure: this.secure, starttlsOffered: this.extensions?.starttls === true};
	}

	/**
	 * On a fatal event: the step of what was awaited fails (a step already done keeps its tick). With nothing awaited,
	 * or a typed line of no step (BDAT, a lone "."), no step was tried: none is blamed.
	 */
	markCurrentFailed(code?: number, head: Expectation | undefined = this.queue.head): void {
		const step = this.handshaking ? 'starttls' : head && (head.trigger === '.' && this.bodyPending ? 'message' : stepOfCommand(head));
		if (step) this.rail.markFailedUnlessPast(step, code);
	}
}
