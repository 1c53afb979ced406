// The footer's words for how a Ctrl+S ended: a message sent (or not), or one play of a recording.
import {entriesSince} from '../session/log.js';
import {STOPPED_MESSAGE} from '../session/user-stop.js';
import {answerAwaited, deliveryUncertain, maybeDelivered, refusedRecipients} from '../session/outcome.js';
import type {ReplayProgress} from '../session/replay.js';
import type {RunResult, SessionSnapshot} from '../session/types.js';
import {groupDigits} from '../smtp/digits.js';
import {deliveryCount} from '../smtp/lmtp.js';
import {helloVerb} from '../smtp/transitions.js';
import {queueIdOf} from '../smtp/queue-id.js';
import {overLimitNote} from '../smtp/refusal-texts.js';
import {afterStop} from './components/next-step.js';
import {keyFor, type Mode} from './keys/bindings.js';
import {MARK} from './theme.js';
import {inPanelWords} from './trust-advice.js';

/** Failure stages in the words of the step rail, `not sent (MAIL)` beside `✖ MAIL` (the footer is read on a projector, not by a script). */
const STAGE_WORDS: Record<string, string> = {banner: 'greeting', ehlo: 'EHLO', tls: 'TLS', xclient: 'XCLIENT', auth: 'AUTH', mail: 'MAIL', rcpt: 'RCPT', data: 'DATA', 'final-dot': 'message', quit: 'QUIT'};

/** A failure's stage as the rail names it: DATA's is BDAT where the message went as BDAT chunks (--bdat, CHUNKING). */
export function stageWord(stage: string | undefined, session: Pick<SessionSnapshot, 'target' | 'extensions'>): string {
	if (stage === 'data' && session.target.bdat === true && session.extensions?.chunking === true) return 'BDAT';
	if (stage === 'ehlo') return helloVerb(session.target.lmtp);
	return STAGE_WORDS[stage ?? ''] ?? stage ?? 'stopped';
}

/** The status line after one play of a recording: what played, how it ended, and what the next Ctrl+S plays. */
export function replayStatus(progress: ReplayProgress): string {
	const send = keyFor('session.send');
	const several = progress.connections > 1;
	const which = several ? `connection ${progress.connection} of ${progress.connections}` : 'the recording';
	const next = progress.next > progress.connection ? `${send} plays the next connection` : `${send} plays it again`;
	if (progress.outcome === 'stopped') return `replay stopped: ${send} plays ${several ? `connection ${progress.next} again from its start` : 'it again from the start'}`;
	if (progress.outcome === 'cut') return `${which} could not be played to its end (see the log): ${next}`;
	// A recorded failure is said as the live run said it, after what the next Ctrl+S plays (the footer cuts the end).
	const failed = progress.failure && `not sent (${STAGE_WORDS[progress.failure.stage] ?? progress.failure.stage}): ${progress.failure.message}`;
	if (failed) return several ? `${which} (${progress.next > progress.connection ? `${send}: the next` : `${send}: from the first`}): ${failed}` : failed;
	return progress.next > progress.connection ? `${which} played: ${next}` : `end of the recording: ${next}`;
}

/**
 * A message queued: "✔ queued as 1 (250)", short enough to sit beside the mode at 100 columns (the log has the whole
 * reply). Recipients refused on the way are the news, so they come first: "1 recipient refused (nobody@…: 550); ✔
 * queued as 2 (250)", which a narrow footer wraps between its parts, not inside "queued as 2".
 */
function queuedWords(result: RunResult, lmtp = false): string {
	const {reply} = result;
	if (!reply) return `sent: ${result.message}`;
	const id = queueIdOf(reply);
	const queued = (lmtp && deliveredWords(result.recipients)) || `${MARK.done} queued${id ? ` as ${id}` : ''} (${reply.code})`;
	const refused = refusedRecipients(result.recipients);
	return refused ? `${refused}; ${queued}` : queued;
}

/**
 * LMTP: each recipient's reply after the message was its delivery, so the footer says what happened, not "queued":
 * "✔ delivered to 1 of 3 recipients (LMTP)", "✔ delivered to both recipients (LMTP)". Undefined when no reply after
 * the message came (nothing to count).
 */
function deliveredWords(recipients: RunResult['recipients']): string | undefined {
	const count = deliveryCount(recipients);
	if (!count) return undefined;
	return `${MARK.done} delivered to ${recipientsReached(count.delivered, recipients.length)} (LMTP)`;
}

/** Whom an LMTP message reached: "1 of 3 recipients", "both recipients"; one alone is `single` ("the recipient"). */
export function recipientsReached(delivered: number, all: number, single = 'the recipient'): string {
	if (delivered !== all) return `${groupDigits(delivered)} of ${groupDigits(all)} recipients`;
	return all === 1 ? single : all === 2 ? 'both recipients' : `all ${groupDigits(all)} recipients`;
}

/**
 * The status line after a message's run, with the session as it ended. A message sent with warnings says the first
 * (a domain without a dot, 8-bit text for a server without 8BITMIME): in auto mode the log scrolls past it at once.
 */
export function sendStatus(result: RunResult, session: SessionSnapshot, lastIdBefore = 0, mode?: Mode): string {
	if (result.ok) {
		const warnings = entriesSince(session.log, lastIdBefore).filter(entry => entry.kind === 'info' && entry.text.startsWith('warning: '));
		// Recipients over the server's limit per message (452 4.5.3): another message takes them now, as send says.
		const sent = `${queuedWords(result, session.target.lmtp)}${overLimitNote(result.recipients)}`;
		if (warnings.length === 0) return sent;
		const more = warnings.length > 1 ? ` (and ${groupDigits(warnings.length - 1)} more in the log)` : '';
		return `${sent}; ${warnings[0]!.text}${more}`;
	}
	// No reply after the whole message: "not sent" would invite a second copy.
	if (deliveryUncertain(session)) return `unconfirmed: ${maybeDelivered(result)}`;
	// Esc at the step prompt: the connection stays open, and the way on is worth more than "not sent". At the
	// message itself it was closed (after 354 only a message may follow): the next Ctrl+S starts over.
	if (result.kind === 'stopped') {
		return session.connection === 'connected'
			? `stopped here: ${afterStop(session, mode)}, ${keyFor('session.disconnect')} disconnects`
			: `stopped before the message: the connection is closed; ${keyFor('session.send')} starts again`;
	}
	return `not sent (${stageWord(result.stage, session)}): ${inPanelWords(result.message)}`;
}

/**
 * The footer once Ctrl+X stopped a running message: what "disconnected" would hide. The whole message went and no
 * reply to it came (it may have been accepted: the next Ctrl+S would send a second copy), or the stop came where no
 * QUIT could go (while connecting, during a TLS handshake, while the message went out), said where. `again`: what
 * connects again. Undefined when "disconnected" says it all (the session ended at the QUIT).
 */
export function stopStatus(session: SessionSnapshot, again: string): string | undefined {
	const {result} = session;
	if (!result || result.ok) return undefined;
	if (deliveryUncertain(session)) return `unconfirmed: ${maybeDelivered(result)}`;
	return result.kind === 'stopped' && result.message !== STOPPED_MESSAGE ? `${result.message}; ${again}` : undefined;
}

/**
 * The line left on stderr once the dashboard is gone, however it went (Ctrl+C, twice, a signal), when the last
 * message may have been accepted: its reply never came, or had not come yet. The footer that said so is gone with the
 * screen, and sending it again could deliver it twice. Undefined otherwise.
 */
export function exitNote(session: SessionSnapshot): string | undefined {
	if (!deliveryUncertain(session) && !answerAwaited(session)) return undefined;
	return `smtp-tui: ${maybeDelivered(session.result)}\n`;
}
