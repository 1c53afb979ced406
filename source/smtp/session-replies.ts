// What each reply from the server does to the session: matched to what awaited it, it marks the rail, records the
// transaction or the login, and moves the step by TRANSITIONS; a reply that closes the session, breaks the protocol
// or comes where a TLS handshake should begin ends it.
import {positiveReplies} from './codes.js';
import {stepOfCommand, type Expectation} from './expectation-queue.js';
import {parseExtensions} from './extensions.js';
import {clientCertificateReply} from './refusal-texts.js';
import {CANCEL, isScram} from './sasl.js';
import {shownReply} from './scram-signature.js';
import type {SessionCore} from './session-core.js';
import type {SessionEvent} from './session-types.js';
import {
	CLOSED_BETWEEN_COMMANDS,
	EARLY_REPLY,
	challengeAfterCancel,
	clientCertificateCause,
	clientCertificateReplyText,
	injectionError,
	longLineWarning,
	outOfStep,
	quoteReply,
	quoteReplyMidSentence,
	serverClosed,
	unsolicitedFlood,
} from './session-texts.js';
import {SERVICE_CLOSING, STAGE_OF, STEP_OF, classOf, closesSession, nextStep} from './transitions.js';
import type {Reply, SmtpProtocolError} from './types.js';

/** Replies in a row that nothing asked for, after which the server is taken to be flooding the connection. */
const UNSOLICITED_LIMIT = 20;

/** One reply from the server; `moreInput`: more bytes came behind it (after a 220 to STARTTLS, an injection). */
export function handleReply(core: SessionCore, received: Reply, moreInput: boolean, events: SessionEvent[]): void {
	// A 421 before the message was sent after 354 answers nothing we sent either (an idle timeout, a shutdown).
	const unprompted = closesSession(received) && (!core.queue.head || (core.queue.head.trigger === '.' && core.bodyPending));
	const head = unprompted ? undefined : core.queue.shift();
	// A reply while the body is still going out answers the message unfinished: the message step's, not queued's.
	const step = head && (head.trigger === '.' && core.bodyPending ? 'message' : STEP_OF[head.trigger]);
	const mechanism = head && core.auth.mechanismOf(head);
	// In a SCRAM exchange the server's signature is for the login alone to read: everything else gets it hidden.
	const reply = isScram(mechanism) ? shownReply(received) : received;
	// LMTP: a reply after the final dot is one recipient's (its RCPT accepted), named for the log.
	const recipient = head?.trigger === '.' && head.recipient?.address;
	events.push({type: 'reply', reply, ...(head?.command && {command: head.command}), ...(step && {step}), ...(mechanism && {mechanism}), ...(recipient && {recipient})});
	if (reply.longestLine !== undefined) events.push({type: 'warning', message: longLineWarning(reply.longestLine)});
	core.unsolicited = head ? 0 : core.unsolicited + 1;
	if (head?.trigger === 'greeting') core.greeting = reply;
	if (reply.code === SERVICE_CLOSING || (closesSession(reply) && head?.trigger !== 'QUIT' && head?.trigger !== 'greeting')) {
		// Unprompted, or answering a command of no step (NOOP, RSET, a typed line of no verb), the 421 fails no step:
		// the session ended, and the step the rail was at was never tried.
		const step = head && stepOfCommand(head);
		if (step) core.rail.markFailedUnlessPast(step, reply.code);
		// Answering RCPT, it refuses that recipient too: its outcome keeps the code, as any refusal's does.
		if (head?.trigger === 'RCPT') core.transaction.recipientResult(head.transaction!, head.recipient!, reply, false, events);
		// LMTP: answering one recipient's turn after the message, it is that recipient's refusal.
		else if (head?.trigger === '.' && head.recipient) core.transaction.deliveryReply(head.transaction!, head.recipient, reply, false, false, events);
		// Inside TLS, a 421 about the client certificate (Postfix's smtpd_tls_req_ccert) is TLS's refusal, in SMTP:
		// no temporary trouble, and the same certificate (or none) is refused again.
		const certificate = core.secure ? clientCertificateReply(reply) : undefined;
		if (certificate) {
			const cause = clientCertificateCause(certificate, core.clientCertificate, core.withheldCertificate);
			core.fail(events, 'tls', clientCertificateReplyText(certificate, reply, core.clientCertificate, core.withheldCertificate), reply, 'client-certificate', cause);
			core.end(events, `the server closed the session (${reply.code})`);
			return;
		}
		const why = serverClosed(reply, head, core.bodyPending);
		core.fail(events, (head && STAGE_OF[head.trigger]) ?? 'closed', `${why}: ${quoteReply(reply)}`, reply, why === CLOSED_BETWEEN_COMMANDS ? 'closed-between-commands' : undefined);
		core.end(events, `the server closed the session (${reply.code})`);
		return;
	}
	if (!head) {
		events.push({type: 'warning', message: `unsolicited reply ${quoteReplyMidSentence(reply)}: nothing was waiting for it`, unsolicited: true});
		if (core.unsolicited >= UNSOLICITED_LIMIT) protocolError(core, unsolicitedFlood(core.unsolicited), events);
		return;
	}
	const cls = classOf(reply);
	const ok = cls === '2';
	if (head.command) core.last = {command: head.command, reply};
	const positive = positiveReplies(head.trigger === 'chunk' ? 'BDAT' : head.trigger);
	if (positive && reply.code < 400 && !positive.includes(reply.code)) {
		core.markCurrentFailed(reply.code, head);
		core.fail(events, STAGE_OF[head.trigger] ?? 'closed', outOfStep(head.trigger, reply, positive, core.tlsStarted), reply, 'out-of-step');
		core.end(events, 'replies out of step');
		return;
	}
	switch (head.trigger) {
		case 'greeting':
			// A greeting is a 220 (RFC 5321 §4.2): a "250 hello", "221 bye" or "354" first is no service offered either.
			if (reply.code < 400 && reply.code !== 220) {
				core.rail.result('greeting', false, reply);
				core.fail(events, 'banner', `the server's first reply is no greeting (220): ${quoteReplyMidSentence(reply)}; after it a client may send only QUIT`, reply);
				core.step = 'quit';
				return;
			}
			core.rail.result('greeting', ok, reply);
			if (!ok) core.fail(events, 'banner', `the server refused service: ${quoteReplyMidSentence(reply)}; after it a client may send only QUIT`, reply);
			break;
		case 'EHLO':
			if (ok) {
				const extensions = parseExtensions(reply);
				core.extensions = extensions;
				core.usedHelo = false;
				events.push({type: 'extensions', extensions});
				core.transaction.reset();
			}
			core.rail.result('ehlo', ok, reply);
			break;
		case 'HELO':
			if (ok) {
				core.extensions = undefined;
				core.usedHelo = true;
				core.transaction.reset();
			}
			core.rail.result('ehlo', ok, reply);
			break;
		case 'STARTTLS':
			if (!ok) core.rail.result('starttls', false, reply);
			else if (moreInput) {
				core.step = nextStep(core.step, head.trigger, cls);
				const partial = core.parser.partialLine;
				return injection(core, events, [...core.following, ...core.parser.pendingLines, ...(partial ? [partial] : [])]);
			} else {
				core.handshaking = true;
				events.push({type: 'effect', effect: {type: 'startTls'}});
			}
			break;
		case 'XCLIENT':
			if (ok) core.startedOver();
			else core.rail.result('ehlo', false, reply);
			break;
		case 'AUTH':
		case 'AUTH-RESPONSE': {
			if (cls === '3' && head.command?.command.verb === 'AUTH-RESPONSE' && head.command.command.response === CANCEL) {
				// RFC 4954 §4: a "*" is answered 501. Answering another challenge again would loop for ever.
				core.rail.result('auth', false, reply);
				core.fail(events, 'auth', challengeAfterCancel(reply), reply, 'protocol-error');
				core.end(events, 'a challenge after the login was cancelled');
				return;
			}
			// A challenge as it came, for the SCRAM client to check the signature in; any other as shown: a failure quotes it.
			const refused = core.auth.reply(head, cls === '3' ? received : reply, cls, core.tlsStanding());
			if (refused) core.fail(events, 'auth', refused.message, reply, refused.kind, refused.cause);
			break;
		}
		case 'MAIL':
			core.transaction.mailReply(head.transaction, reply, ok, core.tlsStanding());
			break;
		case 'RCPT':
			core.transaction.rcptReply(head.transaction!, head.recipient!, reply, ok, events);
			break;
		case 'DATA': {
			const go = cls === '3';
			core.transaction.dataReply(head.transaction!, reply, go);
			if (go) {
				core.bodyPending = true;
				// The final reply answers the message, before anything sent after it; in LMTP one reply comes per
				// recipient accepted at RCPT, in RCPT order (RFC 2033 §4.2), each for that recipient.
				const transaction = head.transaction!;
				const accepted = core.lmtp ? transaction.recipients.filter(entry => entry.accepted) : [];
				const finals = accepted.length === 0 ? [{trigger: '.' as const, transaction}] : accepted.map(recipient => ({trigger: '.' as const, transaction, recipient}));
				for (const expectation of finals.reverse()) core.queue.unshift(expectation);
			}
			break;
		}
		case 'chunk':
			core.transaction.bdatReply(head.transaction!, reply, ok, head.octets ?? 0);
			// The session stays in RCPT's row: between chunks the server takes RSET, NOOP or QUIT as it does there
			// (the message row takes no command: after DATA's 354 a line is message text). The rail shows the message.
			break;
		case '.': {
			// BDAT LAST (the one final reply with a line of its own) is answered from the message's row, as the dot is.
			if (head.command) core.step = 'message';
			const early = core.bodyPending;
			core.bodyPending = false;
			if (head.recipient && !early) {
				const last = core.queue.head?.trigger !== '.';
				const failure = core.transaction.deliveryReply(head.transaction!, head.recipient, reply, ok, last, events);
				if (failure) core.fail(events, 'final-dot', failure.message, reply);
				// Until the last recipient's reply, the message is still being answered.
				if (!last) return;
				break;
			}
			// Answered while the body was still going, the reply is the whole message's: no recipient's follow.
			if (early) core.queue.dropWhile(next => next.trigger === '.');
			const failure = core.transaction.finalReply(head.transaction!, reply, ok, early);
			// No recipient accepted: the "." ended a DATA that should have been refused (pipelined with the RCPTs,
			// RFC 2920 §3.1), and no message went. The recipients failed, as the planner says, not a message.
			const noMessage = head.transaction!.recipients.length > 0 && !head.transaction!.recipients.some(recipient => recipient.accepted);
			if (failure && (failure.outOfStep || !noMessage)) core.fail(events, 'final-dot', failure.message, reply, failure.outOfStep && 'out-of-step');
			if (early) {
				// A reply before the dot breaks the protocol (one reply per command, DATA's after the end of the mail
				// data, RFC 5321 §4.1.1.4), and which state the server is in cannot be told. The rest of the body must
				// not go: a server back at its commands (broken, or a middlebox) would run its lines as commands, a line
				// "RCPT TO:<x>" among them (smuggling). Nor the dot: to a server still reading, it would complete a
				// message cut short. Nor QUIT: before the dot it is message text. Closing the connection is the one end
				// both read alike: a server processes a message only at its end-of-data indicator, so none goes.
				events.push({type: 'effect', effect: {type: 'abandonBody'}});
				core.end(events, failure?.outOfStep ? 'replies out of step' : EARLY_REPLY);
				break;
			}
			break;
		}
		case 'RSET':
			// Pipelined before a new MAIL (RFC 2920), its 250 ends the old transaction, not the record that MAIL began.
			if (ok && core.queue.awaitsTransaction(core.transaction.current)) core.transaction.serverForgot();
			else if (ok) core.transaction.reset();
			break;
		case 'RAW':
			rawRefused(core, head, reply);
			break;
		case 'QUIT':
			core.rail.result('quit', ok, reply);
			if (ok) {
				core.step = nextStep(core.step, 'QUIT', cls);
				core.end(events, 'QUIT answered');
			} else {
				// Refused: the session is over all the same; close it here rather than wait for the server to.
				core.fail(events, 'quit', `QUIT refused: ${quoteReplyMidSentence(reply)}; the connection is closed from this side`, reply);
				core.end(events, 'QUIT refused');
			}
			return;
		default:
			break;
	}
	core.step = nextStep(core.step, head.trigger, cls);
}

/**
 * A typed line the engine could not read as its command ("MAIL FROM <a@b>", "EHLO" with no name), refused: the
 * step it was meant for failed, as a student sees it (a step already done stays done).
 */
function rawRefused(core: SessionCore, head: Expectation, reply: Reply): void {
	if (reply.code < 400 || head.command?.command.verb !== 'RAW') return;
	const step = stepOfCommand(head);
	if (step && step !== 'quit') core.rail.markFailedUnlessPast(step, reply.code);
}

/** `received`: what came after the 220, shown in the log (it is the evidence). */
export function injection(core: SessionCore, events: SessionEvent[], received: readonly string[]): void {
	const error = injectionError(received);
	core.parser.reset();
	events.push({type: 'protocol-error', error});
	core.rail.mark('starttls', 'failed');
	core.fail(events, 'tls', error.message, undefined, 'starttls-injection');
	core.end(events, 'STARTTLS injection');
}

export function protocolError(core: SessionCore, error: SmtpProtocolError, events: SessionEvent[]): void {
	const head = core.queue.head;
	events.push({type: 'protocol-error', error});
	core.markCurrentFailed(undefined, head);
	core.fail(events, (head && STAGE_OF[head.trigger]) ?? 'closed', `protocol error: ${error.message}`, undefined, 'protocol-error');
	core.end(events, 'protocol error');
}
