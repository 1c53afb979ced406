// The footer's words for how a Ctrl+S ended: a message sent (or not), or one play of a recording.
import {entriesSince} from '../session/log.js';
import {STOPPED_MESSAGE} from '../session/user-stop.js';
import {answerAwaited, deliveryUncertain, maybeDelivered, refusedRecipients, unsentRecipients} from '../session/outcome.js';
import type {ReplayProgress} from '../session/replay.js';
import type {RunResult, SessionSnapshot} from '../session/types.js';
import {greetsAsSandbox} from '../sandbox/banner.js';
import {groupDigits} from '../smtp/digits.js';
import {deliveryCount} from '../smtp/lmtp.js';
import {helloVerb} from '../smtp/transitions.js';
import {queueIdOf} from '../smtp/queue-id.js';
import {greylisted, overLimitNote} from '../smtp/refusal-texts.js';
import {afterStop, failureRemedy} from './components/next-step.js';
import {labelOf} from './components/step-rail.js';
import {sentence} from './components/display-text.js';
import type {FormState} from './components/form-state.js';
import {keyFor, type Mode} from './keys/bindings.js';
import {MARK} from './theme.js';
import {inPanelWords, trustAdvice, untrustedWords} from './trust-advice.js';
import type {FocusPlace} from './keys/key-to-panel.js';

/** Failure stages in the words of the step rail, `✖ Not sent (MAIL)` beside the rail's `✖ MAIL` (the footer is read on a projector, not by a script). */
const STAGE_WORDS: Record<string, string> = {banner: 'greeting', ehlo: 'EHLO', tls: 'TLS', xclient: 'XCLIENT', auth: 'AUTH', mail: 'MAIL', rcpt: 'RCPT', data: 'DATA', 'final-dot': 'message', quit: 'QUIT'};

/**
 * A failure's stage as the rail names it: DATA's is BDAT where the message went as BDAT chunks (--bdat, CHUNKING).
 * A connection closed while a reply was awaited ("closed") is named by the step the rail marks failed (✖ RCPT).
 */
export function stageWord(stage: string | undefined, session: Pick<SessionSnapshot, 'target' | 'extensions'> & Partial<Pick<SessionSnapshot, 'steps'>>): string {
	const bdat = session.target.bdat === true && session.extensions?.chunking === true;
	if (stage === 'data' && bdat) return 'BDAT';
	if (stage === 'closed') {
		const failed = session.steps?.find(state => state.status === 'failed');
		return failed ? labelOf(failed.step, bdat) : 'connection closed';
	}
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
	// Marked as the live run's failure is, at the start, where the footer's colour follows the mark.
	if (failed) return several ? `${MARK.error} ${which} (${progress.next > progress.connection ? `${send}: the next` : `${send}: from the first`}): ${failed}` : `${MARK.error} ${sentence(failed)}`;
	return progress.next > progress.connection ? `${which} played: ${next}` : `end of the recording: ${next}`;
}

/**
 * A message queued: "✔ queued as 1 (250)", short enough to sit beside the mode at 100 columns (the log has the whole
 * reply). Recipients refused on the way are the news, so they come first: "! 1 recipient refused (nobody@…: 550); ✔
 * queued as 2 (250)", which a narrow footer wraps between its parts, not inside "queued as 2".
 */
function queuedWords(result: RunResult, lmtp = false): string {
	const {reply} = result;
	if (!reply) return `sent: ${result.message}`;
	const id = queueIdOf(reply);
	const queued = (lmtp && deliveredWords(result.recipients)) || `${MARK.done} queued${id ? ` as ${id}` : ''} (${reply.code})`;
	const refused = refusedRecipients(result.recipients);
	// Some recipients did not get it: a partial result, marked (and coloured) as a warning, not as a success.
	return refused ? `${MARK.warning} ${refused}; ${queued}` : queued;
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

/** What the status line of a run needs besides the result and the session. */
type SendStatusContext = {
	/** The log's total before the run: warnings logged since are said after a success. */
	lastIdBefore?: number;
	mode?: Mode;
	/** The composer as it is: a refused recipient's fix names the field that holds it (To, Cc, Bcc). */
	composer?: FormState;
	/** The refused connection trusted a CA file already: another file is the fix, not "add one". */
	caGiven?: boolean;
	/** Where the focus is: the key to the connection panel is counted from there. */
	place?: FocusPlace;
};

/**
 * The status line after a message's run, with the session as it ended. A message sent with warnings says the first
 * (a domain without a dot, 8-bit text for a server without 8BITMIME): in auto mode the log scrolls past it at once.
 */
export function sendStatus(result: RunResult, session: SessionSnapshot, {lastIdBefore = 0, mode, composer, caGiven = false, place}: SendStatusContext = {}): string {
	if (result.ok) {
		const warnings = entriesSince(session.log, lastIdBefore).filter(entry => entry.kind === 'info' && entry.text.startsWith('warning: '));
		// Recipients over the server's limit per message (452 4.5.3): another message takes them now, as send says.
		const sent = `${queuedWords(result, session.target.lmtp)}${overLimitNote(result.recipients)}`;
		if (warnings.length === 0) return sent;
		const more = warnings.length > 1 ? ` (and ${groupDigits(warnings.length - 1)} more in the log)` : '';
		return `${sent}; ${warnings[0]!.text}${more}`;
	}
	// No reply after the whole message: "not sent" would invite a second copy.
	if (deliveryUncertain(session)) return `${MARK.warning} unconfirmed: ${maybeDelivered(result)}`;
	// Esc at the step prompt: the connection stays open, and the way on is worth more than "not sent". At the
	// message itself it was closed (after 354 only a message may follow): the next Ctrl+S starts over.
	if (result.kind === 'stopped') {
		return session.connection === 'connected'
			? `stopped here: ${afterStop(session, mode)}, ${keyFor('session.disconnect')} disconnects`
			: `stopped before the message: the connection is closed; ${keyFor('session.send')} starts again`;
	}
	return failureStatus(result, session, mode ?? 'auto', composer, caGiven, place);
}

/**
 * A failed run, said once, then what to do, in the error's mark (and colour): "✖ Not sent (RCPT): grey@example.test
 * greylisted (450). Wait 5 s, then Ctrl+S"; "✖ Certificate not trusted: self-signed certificate. Set CA file in the
 * connection panel …"; "✖ Not sent (AUTH 535): the login was refused (see the log); fix User or Password …". The
 * advice is the next-step line's (presenter mode's line under the rail), so the two never disagree; where it has
 * none, the failure's own words follow the stage.
 */
function failureStatus(result: RunResult, session: SessionSnapshot, mode: Mode, composer: FormState | undefined, caGiven: boolean, place?: FocusPlace): string {
	const certificate = result.kind === 'certificate' ? session.refusedCertificate : undefined;
	if (certificate) return `${MARK.error} ${sentence(untrustedWords(certificate.reason))}. ${sentence(trustAdvice(certificate.remedy, caGiven, certificate.wrongName, place, greetsAsSandbox(session.greeting)))}`;
	const remedy = failureRemedy({snapshot: session, mode, composer});
	const stage = stageWord(result.stage, session);
	const recipients = unacceptedWords(result, session.recipients);
	if (recipients) return `${MARK.error} Not sent (${stage}): ${recipients}${remedy ? `. ${sentence(remedy)}` : ''}`;
	// The advice says what happened in its own words; the code beside the stage, as the rail shows it ("✖ AUTH 535").
	if (remedy) return `${MARK.error} Not sent (${stage}${result.reply ? ` ${result.reply.code}` : ''}): ${remedy}`;
	return `${MARK.error} Not sent (${stage}): ${failureDetail(result, session)}`;
}

/**
 * A failure's own words, without its advice: "grey@example.test greylisted (450)", "certificate not trusted:
 * self-signed certificate", or the engine's reason without the "DATA is not sent" that "not sent" says already
 * (send's flags in the panel's words). The exit summary says the last attempt with them.
 */
export function failureDetail(result: Pick<RunResult, 'kind' | 'message'>, session: Pick<SessionSnapshot, 'refusedCertificate' | 'recipients'>): string {
	const certificate = result.kind === 'certificate' ? session.refusedCertificate : undefined;
	if (certificate) return untrustedWords(certificate.reason);
	return unacceptedWords(result, session.recipients) ?? inPanelWords(result.message).replace(NOT_SENT_TAIL, '');
}

/** The engine's tail after every recipient was refused: "not sent" says it at the start. */
const NOT_SENT_TAIL = /; (?:DATA|the message \(BDAT\)) is not sent(?=;|$)/;

/**
 * No recipient accepted, each said with its code: "nobody@example.test refused (550)", "grey@example.test greylisted
 * (450)", "a@x.test deferred (451)" (a wait may help). Undefined for another failure, or one whose words say more
 * than the recipients (the EHLO name or the sender refused at RCPT, a login wanted first): those are said as they are.
 */
function unacceptedWords(result: Pick<RunResult, 'kind' | 'message'>, recipients: SessionSnapshot['recipients']): string | undefined {
	if (result.kind !== undefined || !result.message.startsWith('no recipient was accepted: ') || result.message.includes('after a login')) return undefined;
	// Told apart and ordered as the summary's "1 recipient refused (…), 1 deferred (…)": refused first, then deferred,
	// greylisting named among the deferred. Only those with a reply: the footer names each with its code.
	const {refused, deferred} = unsentRecipients(recipients.filter(recipient => recipient.reply));
	const unsent = [...refused, ...deferred];
	if (unsent.length === 0) return undefined;
	const word = (recipient: (typeof unsent)[number]) => (refused.includes(recipient) ? 'refused' : greylisted(recipient.reply!) ? 'greylisted' : 'deferred');
	if (unsent.length <= NAMED_MAX) return unsent.map(recipient => `${recipient.address} ${word(recipient)} (${recipient.reply!.code})`).join(', ');
	// More would push the advice at the end off the footer's rows: counts, the log naming each.
	const counts = (['refused', 'greylisted', 'deferred'] as const).map(kind => [kind, unsent.filter(recipient => word(recipient) === kind).length] as const);
	return `${counts.filter(([, count]) => count > 0).map(([kind, count]) => `${groupDigits(count)} ${kind}`).join(', ')} (see the log)`;
}

/** The most recipients the footer names one by one; above, it counts them, so the advice still fits at 80 columns. */
const NAMED_MAX = 3;

/**
 * The footer once Ctrl+X stopped a running message: what "disconnected" would hide. The whole message went and no
 * reply to it came (it may have been accepted: the next Ctrl+S would send a second copy), or the stop came where no
 * QUIT could go (while connecting, during a TLS handshake, while the message went out), said where. `again`: what
 * connects again. Undefined when "disconnected" says it all (the session ended at the QUIT).
 */
export function stopStatus(session: SessionSnapshot, again: string): string | undefined {
	const {result} = session;
	if (!result || result.ok) return undefined;
	if (deliveryUncertain(session)) return `${MARK.warning} unconfirmed: ${maybeDelivered(result)}`;
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
