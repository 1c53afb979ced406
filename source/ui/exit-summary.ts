// What the dashboard leaves on the main screen when it closes: a line on what became of the session's messages, for
// a user who cannot review the full screen before it goes (a screen reader, a magnifier), and for the scrollback.
import type {LogEntry, SessionSnapshot} from '../session/types.js';
import {escapeUnsafe} from '../text/escape.js';
import {hostPort} from '../transport/host-port.js';
import {STAGE_WORDS} from './result-status.js';

/** A server's reply, quoted: its control characters escaped, and no longer than a line of a terminal. */
function quoted(entry: LogEntry): string {
	const text = escapeUnsafe(entry.text);
	return text.length > 72 ? `${text.slice(0, 71)}…` : text;
}

const messages = (count: number) => `${count} ${count === 1 ? 'message' : 'messages'}`;

/**
 * "smtp-tui: 1 message accepted, 0 refused, by 127.0.0.1:2525", then the last message's answer on a line of its own
 * ("  its answer: 250 2.0.0 Ok: queued as ABC"): counted from the log's answers to whole messages (the reply after the
 * final dot, or after BDAT LAST), whether Ctrl+S sent them or they were typed. With none, "no message sent", and the
 * last attempt's failure where one failed before its message went. `session`: the session as it ended (its target:
 * the last connection's server).
 */
export function exitSummary(log: readonly LogEntry[], session: Pick<SessionSnapshot, 'target' | 'result'>): string {
	const answers = messageAnswers(log);
	// LMTP answers a message once per recipient: delivered to any of them, it was accepted.
	const refused = answers.filter(replies => replies.every(entry => entry.reply!.code >= 400)).length;
	const {target, result} = session;
	const server = target.sandbox ? `the sandbox (${hostPort(target.host, target.port)})` : hostPort(target.host, target.port);
	if (answers.length === 0) {
		const failed = result && !result.ok && result.kind !== 'stopped' ? `\n  the last attempt was not sent (${STAGE_WORDS[result.stage ?? ''] ?? result.stage ?? 'stopped'}): ${escapeUnsafe(result.message)}` : '';
		return `smtp-tui: no message sent to ${server}${failed}\n`;
	}
	const whose = answers.length === 1 ? 'its answer' : "the last one's answer";
	return `smtp-tui: ${messages(answers.length - refused)} accepted, ${refused} refused, by ${server}\n  ${whose}: ${quoted(answers.at(-1)!.at(-1)!)}\n`;
}

/** The replies to each whole message: one, or (LMTP) one per recipient, in a row with nothing sent between them. */
function messageAnswers(log: readonly LogEntry[]): LogEntry[][] {
	const messages: LogEntry[][] = [];
	let previous: LogEntry | undefined;
	for (const entry of log) {
		if (entry.kind === 'info' || entry.kind === 'error') continue;
		const answer = entry.kind === 'received' && entry.step === 'queued' && entry.reply !== undefined;
		if (answer && isAnswer(previous)) messages.at(-1)!.push(entry);
		else if (answer) messages.push([entry]);
		// A reply's lines before its last, which carries it, are no new message either.
		if (entry.kind !== 'received' || entry.reply !== undefined) previous = entry;
	}
	return messages;
}

const isAnswer = (entry: LogEntry | undefined) => entry?.kind === 'received' && entry.step === 'queued' && entry.reply !== undefined;
