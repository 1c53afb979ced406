// The record of the mail transaction under way (its sender, each recipient's outcome, DATA's reply, the final one),
// whether the server holds one open, and how many messages it queued: kept as MAIL, RCPT and DATA go and as their
// replies come, with the rail's MAIL, RCPT, DATA, message and queued steps.
import {deliveredAfterData, noDelivery} from './lmtp.js';
import {mailRefusalKind, rcptRefusalKind, type TlsStanding} from './refusal-kind.js';
import type {SessionEvent, Transaction} from './session-types.js';
import {quoteReply} from './session-texts.js';
import type {StepStatuses} from './step-statuses.js';
import {TRANSACTION_STEPS} from './transitions.js';
import type {Command, RecipientResult, Reply, Step} from './types.js';

function newTransaction(): Transaction {
	return {recipients: [], dataStarted: false, finished: false};
}

export class TransactionRecord {
	#current = newTransaction();
	#open = false;
	#messagesQueued = 0;
	readonly #rail: StepStatuses;
	readonly #onBegin: () => void;

	/** `onBegin`: called whenever a fresh record begins, for the session's own step. */
	constructor(rail: StepStatuses, onBegin: () => void) {
		this.#rail = rail;
		this.#onBegin = onBegin;
	}

	get current(): Transaction {
		return this.#current;
	}

	/** The server holds a mail transaction (see SessionState.openTransaction). */
	get open(): boolean {
		return this.#open;
	}

	get messagesQueued(): number {
		return this.#messagesQueued;
	}

	/** A fresh record: the transaction's steps are all still to come. */
	begin(): void {
		this.#current = newTransaction();
		for (const step of TRANSACTION_STEPS) this.#rail.mark(step, 'pending');
		this.#onBegin();
	}

	/** The server no longer holds a transaction (the TLS handshake reset it), though its record stays. */
	serverForgot(): void {
		this.#open = false;
	}

	/** EHLO, HELO or RSET was accepted: the server holds no transaction, and the record begins afresh. */
	reset(): void {
		this.serverForgot();
		this.begin();
	}

	/** A command goes in `step`: MAIL, RCPT and DATA are recorded, and say which transaction (and recipient) they belong to. */
	sent(command: Command, step: Step): {transaction?: Transaction; recipient?: RecipientResult} {
		switch (command.verb) {
			case 'MAIL':
				// A MAIL inside an open transaction (manual mode) gets 503 and must not wipe the open one.
				if (step === 'rcpt') return {};
				this.begin();
				this.#current.from = command.from;
				if (command.params?.SMTPUTF8 !== undefined) this.#current.smtpUtf8 = true;
				this.#rail.passOver();
				return {transaction: this.#current};
			case 'RCPT': {
				this.#afterFinished();
				// A DATA refused before this recipient (typed too early) is moot: DATA comes again after it.
				if (this.#current.dataReply && !this.#current.dataStarted) {
					delete this.#current.dataReply;
					this.#rail.mark('data', 'pending');
				}
				const recipient: RecipientResult = {address: command.to};
				this.#current.recipients.push(recipient);
				return {transaction: this.#current, recipient};
			}
			case 'DATA':
				this.#afterFinished();
				return {transaction: this.#current};
			default:
				return {};
		}
	}

	/**
	 * A BDAT chunk of `octets` goes (RFC 3030). The first stands for DATA, which BDAT needs no go-ahead for: the DATA
	 * step is passed and the message step current; with the last, the message has all gone and its reply is awaited.
	 */
	bdatSent(octets: number, last: boolean): Transaction {
		const transaction = this.#current;
		if (!transaction.bdat) {
			transaction.bdat = {sent: 0, accepted: 0, acceptedOctets: 0};
			transaction.dataStarted = true;
			this.#rail.mark('data', 'done');
			this.#rail.mark('message', 'active');
		}
		transaction.bdat.sent += octets;
		if (last) this.#rail.mark('message', 'done');
		return transaction;
	}

	/**
	 * The reply to a BDAT chunk before the last. A refusal fails the transaction (RFC 3030 §2: no more chunks go), and
	 * the server still holds it: RSET comes before the next.
	 */
	bdatReply(transaction: Transaction, reply: Reply, ok: boolean, octets: number): void {
		const bdat = transaction.bdat;
		if (!bdat || bdat.refused) return;
		if (ok) {
			bdat.accepted++;
			bdat.acceptedOctets += octets;
			return;
		}
		bdat.refused = reply;
		transaction.dataReply = reply;
		if (transaction === this.#current) this.#rail.mark('message', 'failed', reply.code);
	}

	/**
	 * A RCPT or DATA typed after a message was answered belongs to no transaction the server holds: recorded on the
	 * finished one, its refusal would read as that message's, and an accepted recipient of it as "RCPT 1/2".
	 */
	#afterFinished(): void {
		if (this.#current.finished) this.begin();
	}

	mailReply(transaction: Transaction | undefined, reply: Reply, ok: boolean, tls: TlsStanding): void {
		if (ok) this.#open = true;
		if (transaction !== this.#current) return;
		transaction.mailReply = reply;
		this.#rail.result('mail', ok, reply, mailRefusalKind(reply, tls));
	}

	/** Records the outcome of one RCPT in its transaction; false when that transaction no longer lists it. */
	recipientResult(transaction: Transaction, recipient: RecipientResult, reply: Reply, ok: boolean, events: SessionEvent[]): boolean {
		const index = transaction.recipients.indexOf(recipient);
		if (index === -1) return false;
		const result: RecipientResult = {address: recipient.address, reply, accepted: ok};
		transaction.recipients[index] = result;
		events.push({type: 'recipient', result});
		return true;
	}

	rcptReply(transaction: Transaction, recipient: RecipientResult, reply: Reply, ok: boolean, events: SessionEvent[]): void {
		if (!this.recipientResult(transaction, recipient, reply, ok, events) || transaction !== this.#current) return;
		const accepted = transaction.recipients.some(entry => entry.accepted);
		this.#rail.result('rcpt', accepted, reply, rcptRefusalKind(reply));
	}

	/** DATA's reply; `go` (354): the message step is current, as the body goes. */
	dataReply(transaction: Transaction, reply: Reply, go: boolean): void {
		transaction.dataReply = reply;
		this.#rail.result('data', go, reply);
		if (!go) return;
		transaction.dataStarted = true;
		this.#rail.mark('message', 'active');
	}

	/**
	 * The reply after the final dot; `early`: it came before the body was all written. Returns the failure to report,
	 * `outOfStep` when the replies no longer answer the commands.
	 */
	finalReply(transaction: Transaction, reply: Reply, ok: boolean, early: boolean): {message: string; outOfStep?: true} | undefined {
		transaction.finished = true;
		transaction.reply = reply;
		// Whatever the answer, the final reply ends the transaction on the server (RFC 5321 §4.1.1.4).
		this.#open = false;
		if (early) {
			// Answered before the body was complete: a refusal means the server gave up on the message; a success
			// cannot be one (it has not got the message), and every later reply would answer the wrong command.
			this.#rail.mark('message', 'failed', reply.code);
			if (ok) {
				return {
					message: `the server said ${quoteReply(reply)} before the message was complete (it cannot have accepted what it has not received): the replies are out of step`,
					outOfStep: true,
				};
			}
		}
		// Early, the final dot never went: the step its reply leads to (transitions: '.' → queued) was not reached.
		if (!early) this.#rail.result('queued', ok, reply);
		// Early, the session ends here (SmtpSession): the words say so, for the footer and the summary that show only them.
		if (!ok && early) return {message: `the server refused the message before it was complete: ${quoteReply(reply)}; the rest was not sent, and the connection was closed`};
		if (!ok) return {message: `the server did not accept the message: ${quoteReply(reply)}`};
		this.#messagesQueued++;
		return undefined;
	}

	/**
	 * LMTP: the reply after the final dot for one accepted recipient, which becomes its outcome (its RCPT's 250 kept
	 * aside). `last`: no other recipient's reply is still awaited: the message is then answered, delivered if any
	 * recipient took it (the first such reply is the message's), else refused with every recipient's reply named.
	 */
	deliveryReply(transaction: Transaction, recipient: RecipientResult, reply: Reply, ok: boolean, last: boolean, events: SessionEvent[]): {message: string} | undefined {
		const index = transaction.recipients.indexOf(recipient);
		if (index !== -1) {
			const result: RecipientResult = {address: recipient.address, reply, accepted: ok, ...(recipient.reply && {rcptReply: recipient.reply})};
			transaction.recipients[index] = result;
			events.push({type: 'recipient', result});
		}
		if (!last) return undefined;
		const delivered = deliveredAfterData(transaction.recipients).find(entry => entry.accepted);
		transaction.finished = true;
		transaction.reply = delivered?.reply ?? reply;
		this.#open = false;
		this.#rail.result('queued', delivered !== undefined, transaction.reply);
		if (!delivered) return {message: noDelivery(transaction.recipients)};
		this.#messagesQueued++;
		return undefined;
	}

	/**
	 * LMTP: the session ended before this recipient's reply after the message came: whether it was delivered is
	 * unknown, so its outcome is no longer its RCPT's 250 (kept as `rcptReply`).
	 */
	deliveryUnanswered(transaction: Transaction, recipient: RecipientResult): void {
		const index = transaction.recipients.indexOf(recipient);
		if (index !== -1) transaction.recipients[index] = {address: recipient.address, ...(recipient.reply && {rcptReply: recipient.reply})};
	}

	/** Step mode's refused MAIL or RCPT line (SmtpSession.forgetRefused): false when `reply` is not its record's. */
	forgetRefused(verb: Command['verb'], reply: Reply): boolean {
		if (verb === 'MAIL' && this.#current.mailReply === reply) delete this.#current.mailReply;
		// A refused recipient stays one of the transaction's (the rail's "1/2", the footer's "1 recipient refused", as in
		// auto mode); only the planner passes over it, and offers the planned one again.
		else if (verb === 'RCPT' && this.#current.recipients.at(-1)?.reply === reply) this.#current.recipients.push({...this.#current.recipients.pop()!, offPlan: true});
		else return false;
		return true;
	}

	/** A copy for the session's snapshot. */
	snapshot(): Transaction {
		const {bdat} = this.#current;
		return {...this.#current, recipients: [...this.#current.recipients], ...(bdat && {bdat: {...bdat}})};
	}
}
