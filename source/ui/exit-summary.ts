// What the dashboard leaves on the main screen when it closes: a few lines on what became of the session's messages,
// for a user who cannot review the full screen before it goes (a screen reader, a magnifier), and for the scrollback.
import {hanging} from '../text/wrap-words.js';
import {deliveryUncertain, refusedRecipients} from '../session/outcome.js';
import type {LogEntry, SessionSnapshot} from '../session/types.js';
import {escapeUnsafe} from '../text/escape.js';
import {hostPort} from '../transport/host-port.js';
import {sessionClosedWords} from './components/next-step.js';
import {failureDetail, recipientsReached, stageWord} from './result-status.js';
import {GLYPH} from './theme.js';

/** A server's reply, quoted: its control characters escaped, and no longer than a line of a terminal. */
function quoted(entry: LogEntry): string {
	const text = escapeUnsafe(entry.text);
	return text.length > 72 ? `${text.slice(0, 71)}…` : text;
}

const messages = (count: number) => `${count} ${count === 1 ? 'message' : 'messages'}`;

/** What the summary needs of the session as it ended: its target (the last connection's server) and last run. */
export type EndedSession = Pick<SessionSnapshot, 'target' | 'result' | 'recipients' | 'steps' | 'extensions' | 'refusedCertificate'>;

/**
 * "smtp-tui: 127.0.0.1:2525 accepted 2 messages" (", and refused 1" when it did), then the last message's answer on
 * a line of its own, with the recipients its run refused or deferred ("  last answer: 250 2.0.0 Ok: queued as ABC · 1
 * recipient refused (nobody@example.test: 550)"; one message: "  answer: …"; LMTP: "  last answer: delivered to 1 of
 * 2 recipients (LMTP)"). Messages are counted in the headline and recipients only beside their message, so the two
 * counts cannot read as one. Counted from the log's answers to whole messages (the reply after the final dot, or
 * after BDAT LAST), whether Ctrl+S sent them or they were typed; then, when the last attempt failed, why, as the
 * footer said it ("  then not sent (RCPT): …"). With no message answered, "no message sent". Each line wrapped at spaces to `columns` (a
 * terminal's own wrap breaks words).
 */
export function exitSummary(log: readonly LogEntry[], session: EndedSession, columns = 80): string {
	const {target, result} = session;
	const lmtp = target.lmtp === true;
	const answers = messageAnswers(log, lmtp);
	// LMTP answers a message once per recipient: delivered to any of them, it was delivered.
	const refused = answers.filter(replies => replies.every(entry => entry.reply!.code >= 400)).length;
	const server = target.sandbox ? `the sandbox (${hostPort(target.host, target.port)})` : hostPort(target.host, target.port);
	const taken = answers.length - refused;
	const counts = `${lmtp ? 'delivered' : 'accepted'} ${taken === 0 ? 'no message' : messages(taken)}${refused > 0 ? ` and refused ${refused}` : ''}`;
	// The recipients are the last run's: its own only when that run is the last message answered.
	const unsent = result?.ok && answers.length > 0 ? refusedRecipients(session.recipients) : '';
	const lines =
		answers.length === 0
			? [`smtp-tui: no message sent to ${server}`]
			: [`smtp-tui: ${server} ${counts}`, `  ${lastAnswer(answers.at(-1)!, answers.length, lmtp)}${unsent ? ` ${GLYPH.separator} ${unsent}` : ''}`];
	// A failure after the whole message went is no "not sent" (it may have been accepted): exitNote says that.
	if (result && !result.ok && result.kind !== 'stopped' && !deliveryUncertain(session)) {
		// After the answers "then", so it does not read as the last answer's outcome.
		lines.push(`  ${answers.length === 0 ? '' : 'then '}not sent (${stageWord(result.stage, session)}): ${escapeUnsafe(closedWords(result) ?? failureDetail(result, session))}`);
	}
	// Every continuation at four columns: the headline's would otherwise read as a line of detail under it.
	const [headline, ...details] = lines;
	return `${[hanging(headline!, columns, '    '), ...details.map(line => hanging(line, columns))].join('\n')}\n`;
}

/** A 421 that ended the session, in fewer words than the engine's "the server is closing the session: 421 …". */
function closedWords(result: NonNullable<EndedSession['result']>): string | undefined {
	return result.ok || result.reply?.code !== 421 ? undefined : sessionClosedWords(result.reply, 'summary');
}

/** The last message's answer: SMTP's one reply, quoted; LMTP's, one per recipient, counted as the footer counts them. */
function lastAnswer(replies: readonly LogEntry[], count: number, lmtp: boolean): string {
	const which = count === 1 ? 'answer' : 'last answer';
	if (!lmtp) return `${which}: ${quoted(replies.at(-1)!)}`;
	const all = replies.length;
	const delivered = replies.filter(entry => entry.reply!.code < 400).length;
	const whom = recipientsReached(delivered, all, 'its recipient');
	return delivered === 0 ? `${which}: delivered to no recipient (LMTP): ${quoted(replies.at(-1)!)}` : `${which}: delivered to ${whom} (LMTP)`;
}

/**
 * The replies to each whole message: one, or (LMTP) one per recipient, in a row with nothing sent between them. SMTP
 * answers once: a reply after that with nothing sent (Postfix's `421 4.4.2 … timeout exceeded` when the session then
 * idles) is not the message's answer, and would hide its queue id.
 */
function messageAnswers(log: readonly LogEntry[], lmtp: boolean): LogEntry[][] {
	const messages: LogEntry[][] = [];
	let previous: LogEntry | undefined;
	for (const entry of log) {
		if (entry.kind === 'info' || entry.kind === 'error') continue;
		const answer = isAnswer(entry);
		if (answer && isAnswer(previous)) {
			if (lmtp) messages.at(-1)!.push(entry);
		} else if (answer) messages.push([entry]);
		// A reply's lines before its last, which carries it, are no new message either.
		if (entry.kind !== 'received' || entry.reply !== undefined) previous = entry;
	}
	return messages;
}

const isAnswer = (entry: LogEntry | undefined) => entry?.kind === 'received' && entry.step === 'queued' && entry.reply !== undefined;
