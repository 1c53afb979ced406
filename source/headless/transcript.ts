// A session log for people and programs: swaks-style text, a Markdown workshop handout, or JSON lines.
// Entries arrive redacted by the driver (AUTH payloads are "[redacted]"); this module prints `text` and never
// anything rawer. Server-supplied text is made visible-safe: control characters cannot reach a terminal.
import type {LogEntry} from '../session/types.js';
import type {Step} from '../smtp/types.js';
import {escapeUnsafe, safeJson} from '../text/escape.js';
import {codeBlock, markdownText} from '../text/markdown-safe.js';
import {hostPort} from '../transport/host-port.js';

export type TranscriptFormat = 'text' | 'md' | 'json';
/** `lmtp`: the session spoke LMTP (its headings say LHLO, and one answer per recipient). */
type TranscriptMeta = {title?: string; host: string; port: number; date: Date; lmtp?: boolean};
/**
 * How `send` ended: its summary line and exit code, and the result object --json prints. Written at the end of
 * the file, so that a CI artifact alone tells success from failure.
 */
type TranscriptOutcome = {summary: string; exitCode: number; result: object};

/** Lines of explanation sit under the reply text (after the 4-column marker). */
const EXPLANATION_PREFIX = '    # ';

const STEP_TITLES: Record<Step, string> = {
	connect: 'Connect',
	greeting: 'Greeting: the server speaks first',
	ehlo: 'EHLO: introduce ourselves',
	starttls: 'STARTTLS: switch to encryption',
	auth: 'AUTH: log in',
	mail: 'MAIL FROM: the sender',
	rcpt: 'RCPT TO: the recipients',
	data: 'DATA: ask to send the message',
	message: 'The message, ended by a lone "."',
	// Whatever the answer was: "Queued" over a 421 or a 554 would say the opposite of the lines under it.
	queued: "The server's answer to the message",
	quit: 'QUIT: say goodbye',
};

/** XCLIENT and the new greeting that answers it: a section of their own, though the rail counts them in EHLO's step. */
type Section = Step | 'xclient';
const XCLIENT_TITLE = "XCLIENT: speak as another client (Postfix)";
/** The message's title when BDAT carried it (RFC 3030): no lone "." ends it. */
const BDAT_MESSAGE_TITLE = 'The message as BDAT chunks: counted octets, no lone "."';

/** What LMTP changes of those titles. */
const LMTP_TITLES: Partial<Record<Step, string>> = {
	ehlo: 'LHLO: introduce ourselves (LMTP)',
	queued: "The server's answers to the message, one per recipient (LMTP)",
};

const VERB_STEPS: Record<string, Step> = {
	EHLO: 'ehlo',
	LHLO: 'ehlo',
	HELO: 'ehlo',
	STARTTLS: 'starttls',
	AUTH: 'auth',
	MAIL: 'mail',
	RCPT: 'rcpt',
	DATA: 'data',
	QUIT: 'quit',
};

/** The loud lines of --insecure: errors in the log's colours, but the session goes on past them. */
const INSECURE_GOES_ON = /^certificate verification is OFF \(--insecure\)|; continuing because of --insecure$/;

/**
 * An entry's kind for programs: smtp-tui's warnings (info lines that start "warning: ", `===` in the text, and the
 * --insecure lines a session goes on past) are `warning`, so that a script can select them, and an `error` is one.
 */
export const jsonKind = (entry: Pick<LogEntry, 'kind' | 'text'>): LogEntry['kind'] | 'warning' =>
	(entry.kind === 'info' && entry.text.startsWith('warning: ')) || (entry.kind === 'error' && INSECURE_GOES_ON.test(entry.text)) ? 'warning' : entry.kind;

/** Control characters (C0 but tab, DEL, C1) and bidi controls shown as escapes, so no text can drive the terminal. */
export function visible(text: string): string {
	return escapeUnsafe(text, {keepTab: true});
}

/** A line of a 4xx or 5xx reply, each line of it by its own code (the reply is whole on its last line only). */
const isRefusal = (entry: LogEntry) => /^[45]\d\d(?:[ -]|$)/.test(entry.text);

function marker(entry: LogEntry): string {
	switch (entry.kind) {
		case 'info':
			return '===';
		case 'error':
			return '***';
		case 'received':
			// swaks' markers for an error reply, which runbooks grep for (`<\*\*`).
			if (isRefusal(entry)) return entry.tls ? '<~*' : '<**';
			return entry.tls ? '<~ ' : '<- ';
		default:
			return entry.tls ? ' ~>' : ' ->';
	}
}

/** The protocol lines of an entry, with markers, but without its explanation. */
function protocolLines(entry: LogEntry): string[] {
	const prefix = marker(entry);
	if (entry.kind === 'data' && entry.data) {
		return [
			...entry.data.preview.map(line => `${prefix} ${visible(line)}`),
			// The log's own summary (the size the server stores, then what more went), as the dashboard shows it.
			`${prefix} ... ${entry.text.replace(/^message: /, '')}`,
		];
	}
	return [`${prefix} ${visible(entry.text)}`];
}

/**
 * The plain-words explanation of a reply's last line, led by its code: one row, whatever it quotes. A CR or LF in it
 * (a 334 prompt's, quoted decoded) is an escape like any control character, never a row whose text the server wrote.
 */
function explanationLines(entry: LogEntry): string[] {
	if (entry.kind !== 'received' || !entry.explanation) return [];
	const code = entry.reply ? String(entry.reply.code) : '';
	const text = code === '' || entry.explanation.startsWith(code) ? entry.explanation : `${code}: ${entry.explanation}`;
	return [visible(text)];
}

/**
 * One entry as swaks-style lines: `===` info, `***` error, ` ->`/`<- ` (` ~>`/`<~ ` inside TLS), `<**` (`<~*`) for a
 * 4xx or 5xx reply, explanation below.
 */
export function formatTextLine(entry: LogEntry): string[] {
	return [...protocolLines(entry), ...explanationLines(entry).map(line => `${EXPLANATION_PREFIX}${line}`)];
}

/** The summary as the terminal shows it (`===` on success, `***` on failure), then the exit code. */
function outcomeLines(outcome: TranscriptOutcome): string[] {
	const summary = {id: 0, time: 0, kind: outcome.exitCode === 0 ? 'info' : 'error', text: outcome.summary} as const;
	return [...formatTextLine(summary), `=== exit code ${outcome.exitCode}`];
}

export function toText(entries: readonly LogEntry[], outcome?: TranscriptOutcome): string {
	const lines = entries.flatMap(entry => formatTextLine(entry));
	if (outcome) lines.push(...outcomeLines(outcome));
	return lines.map(line => `${line}\n`).join('');
}

/** The entry's step, or a guess from the command that opens it when the driver did not record one. */
function stepOf(entry: LogEntry, previous: Step | undefined): Step {
	if (entry.step) return entry.step;
	if (entry.kind === 'sent') return VERB_STEPS[entry.text.split(' ', 1)[0]!.toUpperCase()] ?? previous ?? 'connect';
	if (entry.kind === 'data') return 'message';
	if (entry.kind === 'received' && (previous === undefined || previous === 'connect')) return 'greeting';
	return previous ?? 'connect';
}

/** The handout's section of an entry: its step's, but XCLIENT's own for that command and what answers it. */
function sectionOf(entry: LogEntry, previous: Section | undefined): Section {
	if (entry.kind === 'sent' && /^XCLIENT\s/i.test(entry.text)) return 'xclient';
	if (previous === 'xclient' && entry.kind === 'received') return 'xclient';
	return stepOf(entry, previous === 'xclient' ? 'ehlo' : previous);
}

/** Running text of the handout (a heading, an explanation) that renders as written: see markdownText. */
const markdownLine = (text: string): string => markdownText(visible(text));

/** A workshop handout: a heading per step, the conversation in code blocks, the explanations as text. */
export function toMarkdown(entries: readonly LogEntry[], meta: TranscriptMeta, outcome?: TranscriptOutcome): string {
	const blocks: string[] = [
		`# ${markdownLine(meta.title ?? `${meta.lmtp ? 'LMTP' : 'SMTP'} session with ${hostPort(meta.host, meta.port)}`)}`,
		`Server ${markdownLine(hostPort(meta.host, meta.port))}, session started ${new Date(entries[0]?.time ?? meta.date.getTime()).toISOString()}, saved ${meta.date.toISOString()}. Lines marked \`->\` were sent by the client, \`<-\` by the server (\`<**\`: a refusal, 4xx or 5xx); \`~>\`, \`<~\` and \`<~*\` travelled inside TLS.`,
	];
	let code: string[] = [];
	const closeCode = () => {
		if (code.length > 0) blocks.push(codeBlock(code));
		code = [];
	};
	let step: Section | undefined;
	let number = 0;
	for (const entry of entries) {
		// Only the conversation opens a section: a note (an interrupt while the final reply is awaited, the close
		// after it) belongs with the lines it is about, not under a heading of its own such as "Queued".
		const next = step !== undefined && (entry.kind === 'info' || entry.kind === 'error') ? step : sectionOf(entry, step);
		if (next !== step) {
			closeCode();
			step = next;
			const bdat = step === 'message' && entry.kind === 'sent' && /^BDAT \d/.test(entry.text);
			const title = step === 'xclient' ? XCLIENT_TITLE : (bdat && BDAT_MESSAGE_TITLE) || (meta.lmtp && LMTP_TITLES[step]) || STEP_TITLES[step];
			blocks.push(`## ${++number}. ${markdownLine(title)}`);
		}
		code.push(...protocolLines(entry));
		const explanation = explanationLines(entry);
		if (explanation.length > 0) {
			closeCode();
			blocks.push(explanation.map(markdownLine).join('  \n'));
		}
	}
	closeCode();
	if (outcome) blocks.push(`## ${++number}. Result`, codeBlock(outcomeLines(outcome)));
	return `${blocks.join('\n\n')}\n`;
}

/**
 * One JSON object per entry per line; every field is always present (null when not applicable). The outcome
 * follows as the result object of --json (`"type":"result"`).
 */
export function toJsonLines(entries: readonly LogEntry[], outcome?: TranscriptOutcome): string {
	const result = outcome ? `${safeJson(outcome.result)}\n` : '';
	return entries
		.map(entry =>
			safeJson({
				id: entry.id,
				time: new Date(entry.time).toISOString(),
				kind: jsonKind(entry),
				tls: entry.tls ?? false,
				step: entry.step ?? null,
				text: entry.text,
				reply: entry.reply ? {code: entry.reply.code, enhanced: entry.reply.enhanced ?? null, lines: entry.reply.lines, invalidUtf8: entry.reply.invalidUtf8 ?? false} : null,
				explanation: entry.explanation ?? null,
				latencyMs: entry.latencyMs ?? null,
				data: entry.data ? {lines: entry.data.lines, stored: entry.data.stored, bytes: entry.data.bytes, preview: entry.data.preview} : null,
				group: entry.group ?? null,
			}),
		)
		.map(line => `${line}\n`)
		.join('')
		.concat(result);
}

export function formatTranscript(entries: readonly LogEntry[], format: TranscriptFormat, meta: TranscriptMeta, outcome?: TranscriptOutcome): string {
	switch (format) {
		case 'md':
			return toMarkdown(entries, meta, outcome);
		case 'json':
			return toJsonLines(entries, outcome);
		default:
			return toText(entries, outcome);
	}
}
