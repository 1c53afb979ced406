// The footer: the mode (always visible), the connection state, and the keys of the focused panel, all from the
// binding table. The help key is always kept.
import React from 'react';
import {Box, Text} from 'ink';
import {bindingById, hintIn, keyFor, previewing, quitIsNext, type Binding, type KeyContext, type Mode} from '../keys/bindings.js';
import {activeBindings} from '../keys/router.js';
import {MARK, secondary, useTheme, type Theme} from '../theme.js';
import {connectionLabel, type ConnectionView} from './connection-panel.js';
import {printable, textWidth, truncateText, wrapText} from './display-text.js';
import {sendingWords, type Sending} from './sending-words.js';

const MODE_LABELS: Record<Mode, string> = {auto: 'AUTO', step: 'STEP', manual: 'MANUAL'};
/** Columns a status message leaves for the keys: room for "Ctrl+S send  Ctrl+C quit  Ctrl+G help", or below 120
 * columns, where the message needs the room more, for "Ctrl+C quit  Ctrl+G help" alone. */
const HINTS_KEPT = 39;
const HELP_KEPT = 26;

export type StatusBarProps = {
	context: KeyContext;
	/** The connection's state, "failed" for one that never opened. */
	connection: ConnectionView;
	/** The connection is inside TLS. */
	secure?: boolean;
	/** The TLS certificate was not verified (--insecure): the green "connected TLS" must not reassure. */
	unverified?: boolean;
	/** Verify is off in the panel (--insecure at start): said before connecting, not only once a certificate went unchecked. */
	insecure?: boolean;
	/** A command is in flight. */
	busy?: boolean;
	/** What the session has waited on from the server, for how many whole seconds, and its limit. */
	waited?: {what: string; seconds: number; limitSeconds: number};
	/** The message is going: how much of it has left; `waited` then counts from the last bytes that did. */
	sending?: Sending;
	/** A short message (e.g. "transcript saved to ..."), shown before the keys. */
	status?: string;
	width: number;
};

/** The forms whose fields Ctrl+S sends: there it is their main key, kept before their own. */
const SENT_FROM: ReadonlySet<KeyContext['focus']> = new Set(['connection', 'composer']);

// Footer order: overlay keys, send in the forms, the focused panel's own keys, send elsewhere, the keys it borrows
// (the log's PgUp on the command line), then the other global keys: where room is short, the panel's main keys stay.
function rank(binding: Binding, context: KeyContext): number {
	// The open overlay's own keys (not the help's scroll keys where the composer's preview borrows them); at the step
	// prompt, the preview's Esc close, which stands in for the prompt's Esc stop while the preview is open.
	if (context.overlay && (binding.scopes.includes(context.overlay === 'help' ? 'help' : 'step') || binding.id === 'composer.closePreview')) return 0;
	// The open preview covers the message: the way back to it comes first, as an overlay's would.
	if (binding.id === 'composer.closePreview') return 0.25;
	// Ctrl+L's MX lookup under way: the way to stop it, what the footer is about while it runs.
	if (binding.id === 'connection.stopMx') return 0.25;
	// Step mode between messages: QUIT is the step still to come (the rail's last); a session running (a slow reply):
	// the way to stop it; a message typed after 354: the only way out of it but its ".". First where one key fits.
	if (binding.id === 'session.disconnect' && (quitIsNext(context) || context.running || context.typingBody)) return 0.5;
	// Offered only on an extra header, where it is the key that field is about: before the composer's others.
	if ((binding.pinned && SENT_FROM.has(context.focus)) || binding.id === 'composer.removeHeader') return 1;
	// Scrolled up (the only time it is offered), End is the way back to the live session: first of the log's keys.
	if (binding.id === 'log.end') return 1.25;
	// The log's most useful key for a student (the body, what each extension means): before its scroll keys.
	if (binding.id === 'log.expand' && context.focus === 'log') return 1.5;
	// Zoomed, the way back to the other panels comes first; otherwise after Ctrl+S, where room is short.
	if (binding.id === 'log.zoom') return context.logZoomed ? 1.4 : 2.6;
	// In a message the zoomed inbox's own keys (back, view, save) come first: Esc back, then Esc at the list, unzooms too.
	if (binding.id === 'inbox.zoom') return context.inboxZoomed ? (context.reading ? 2.1 : 1.4) : 2.6;
	// The open preview is there to be read: its scroll comes before the message's keys (Ctrl+N add header).
	if (binding.id === 'view.pageDown' && previewing(context)) return 1.75;
	if (binding.scopes[0] === context.focus) return 2;
	if (binding.pinned) return 2.5;
	return binding.scopes.includes('global') ? 3 : 2.75;
}

/** Keys the footer does not offer here: those that only answer "wait" (at the step prompt or inside a typed
 * message, Ctrl+S, and in the message Ctrl+T, would say why they wait), Ctrl+R away from an extra header, and End
 * on a log that follows already. */
function waits(binding: Binding, context: KeyContext, busy: boolean): boolean {
	// Offered where it acts: on an extra header, on a log scrolled up.
	if (binding.id === 'composer.removeHeader') return context.onExtraHeader !== true;
	if (binding.id === 'log.end') return context.logScrolled !== true;
	// A session running: Ctrl+S would only say so.
	if (busy && binding.id === 'session.send') return true;
	if (context.overlay === 'step' || context.overlay === 'stepEdit') return binding.id === 'session.send';
	return context.typingBody === true && (binding.id === 'session.send' || binding.id === 'mode.cycle');
}

/** The message beside the keys names this key already ("disconnected; Ctrl+S connects again"): not offered twice. */
function named(label: string, message: string): boolean {
	return new RegExp(`(^|[\\s(;,:])${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s),;:]|$)`).test(message);
}

type Hint = {id: string; text: string; own: boolean};

/** "Ctrl+S send" pieces for the context, the help key last, as many as fit in `width` columns; none that `message` names. */
function footerHints(context: KeyContext, width: number, busy = false, message = ''): Hint[] {
	const hints = activeBindings(context)
		.filter(({binding, keys}) => hintIn(binding, context) && !waits(binding, context, busy) && !named(keys[0]!.label, message))
		.sort((a, b) => rank(a.binding, context) - rank(b.binding, context))
		.map(({binding, keys}) => ({id: binding.id, text: `${keys[0]!.label} ${hintIn(binding, context)}`, own: rank(binding, context) === 0}));
	const help = hints.find(hint => hint.id === 'help.toggle' || hint.id === 'help.close');
	// Each hint with the two spaces after it.
	const widthOf = (some: ReadonlyArray<{text: string}>) => some.reduce((sum, hint) => sum + textWidth(hint.text) + 2, 0);
	// The way out is always shown beside help (a newcomer tries q, Esc and Ctrl+D first, and those do nothing); at
	// the step prompt only where its own keys fit as well, which come first; in the help, Esc closes it.
	const own = hints.filter(hint => hint.own);
	const quitHint = context.overlay === 'help' ? undefined : hints.find(hint => hint.id === 'app.quit');
	// Measured as the loop below places the others (each with its two spaces), so quit never takes "Esc stop"'s place.
	const quit = quitHint && context.overlay && widthOf([...own, quitHint, ...(help ? [help] : [])]) > width ? undefined : quitHint;
	const both = [quit, help].filter(hint => hint !== undefined);
	// Too narrow for both (a long message beside them): help, which lists quit too.
	const kept = widthOf(both) - 2 <= width || !help ? both : [help];
	const others = hints.filter(hint => !kept.includes(hint));
	const result: Hint[] = [];
	// Joined, the hints take two columns less than widthOf counts (no spaces after the last), as `kept` is measured.
	let used = widthOf(kept) - 2;
	for (const hint of others) {
		const cost = textWidth(hint.text) + 2;
		if (used + cost > width) break;
		result.push(hint);
		used += cost;
	}
	return [...result, ...kept];
}

/** Rows a message above the keys may take: a long refusal ends with its reason ("user unknown"), so it wraps. */
const NOTE_ROWS_MAX = 3;

type FooterParts = {
	mode: string;
	state: string;
	tls: string;
	/** ` INSECURE ` before a connection made with --insecure (once connected, `TLS (unverified)` says it). */
	warning: string;
	note: string;
	/** The note's rows of its own, above the keys. */
	above: string[];
	/** What the message's mark says it is: its colour (the mark and the words say it without). */
	tone: Tone | undefined;
};

type Tone = 'error' | 'warning' | 'done';

/** A message's tone by the mark it starts with: "✖ Not sent …", "! 1 recipient refused …; ✔ queued", "✔ queued". */
function toneOf(text: string): Tone | undefined {
	const marks: Array<[Tone, string]> = [['error', MARK.error], ['warning', MARK.warning], ['done', MARK.done]];
	return marks.find(([, mark]) => text.startsWith(`${mark} `))?.[0];
}

/** The tone's colour: the theme's error and warning colours, and a success in the 2xx replies' (none without colour). */
function toneColour(theme: Theme, tone: Tone | undefined): string | undefined {
	return tone === 'error' ? theme.error : tone === 'warning' ? theme.warning : tone === 'done' ? theme.reply[2] : undefined;
}

/** A wait shorter than this is a server answering: only a longer one is counted aloud. */
const WAIT_SHOWN_SECONDS = 2;

/**
 * ", busy", or once the server is slow to answer, ", waiting 12/30 s for the greeting" (30 s: when it gives up);
 * while the message goes, how much has ("sending the message: 1.2 of 5.5 MiB (22%)").
 */
function busyWords(busy: boolean | undefined, waited: StatusBarProps['waited'], sending: Sending | undefined, short = false): string {
	if (sending) return `, ${sendingWords(sending, waited, short)}`;
	// A line typed in manual mode waits too, though no run makes the session busy.
	if (waited && waited.seconds >= WAIT_SHOWN_SECONDS) return `, waiting ${waited.seconds}/${waited.limitSeconds} s${short ? '' : ` for ${waited.what}`}`;
	return busy ? ', busy' : '';
}

function footerParts({context, connection, secure, unverified, insecure, busy, waited, sending, status, width}: StatusBarProps): FooterParts {
	const mode = ` ${MODE_LABELS[context.mode]} `;
	// TLS describes a live connection only: a closed one is not "closed TLS".
	const tls = secure && connection === 'connected' ? (unverified ? ' TLS (unverified)' : ' TLS') : '';
	const warning = insecure && connection !== 'connected' ? ' INSECURE ' : '';
	const stateWith = (short: boolean) => ` ${connectionLabel(connection)}${tls}${busyWords(busy, waited, sending, short)} `;
	// Step mode between messages, Ctrl+X QUIT is the step still to come, and while a session runs Ctrl+X stops it:
	// neither what is awaited nor a message pushes it out.
	const quit = hintIn(bindingById('session.disconnect'), context);
	const quitRoom = quit ? textWidth(`${keyFor('session.disconnect')} ${quit}`) + 2 : 0;
	// What is awaited goes (the rail shows the step) before the way out does: Ctrl+C quit and help stay beside it.
	const full = stateWith(false);
	const state = textWidth(mode) + textWidth(full) + warning.length + HELP_KEPT + quitRoom > width ? stateWith(true) : full;
	// A status often quotes the server ("✖ Not sent (RCPT): ... (550 <its words>)"): never raw control characters.
	const text = status ? printable(status) : '';
	const tone = toneOf(text);
	// Beside the mode and state, a message leaves room for the first keys (send, help); below 120 columns only for
	// help. One that does not fit there gets rows of its own above them (a hint cut in half would be no hint).
	const keysRoom = (width >= 120 ? HINTS_KEPT : HELP_KEPT) + quitRoom;
	const besideRoom = Math.max(0, width - textWidth(mode) - textWidth(state) - warning.length - keysRoom);
	if (text === '' || textWidth(text) + 2 <= besideRoom) return {mode, state, tls, warning, note: text && ` ${text} `, above: [], tone};
	const rows = wrapText(text, width);
	// A row may end with the space it broke at: joined again, it would read as two.
	const above = rows.length > NOTE_ROWS_MAX ? [...rows.slice(0, NOTE_ROWS_MAX - 1), truncateText(rows.slice(NOTE_ROWS_MAX - 1).map(row => row.trimEnd()).join(' '), width)] : rows;
	return {mode, state, tls, warning, note: '', above, tone};
}

/** The keys the footer shows, in its order (its room: what the mode, the state and a message beside them leave). */
function shownHints(props: StatusBarProps): Hint[] {
	const {mode, state, warning, note} = footerParts(props);
	const room = Math.max(0, props.width - textWidth(mode) - textWidth(state) - warning.length - textWidth(note) - 1);
	return footerHints(props.context, room, props.busy, note);
}

/** The footer shows every key of the open step prompt (Enter, e, Esc): the prompt need not say them again. */
export function footerShowsPromptKeys(props: StatusBarProps): boolean {
	const shown = shownHints(props);
	const own = footerHints(props.context, Number.POSITIVE_INFINITY, props.busy).filter(hint => hint.own);
	return own.length > 0 && own.every(hint => shown.some(other => other.id === hint.id));
}

/** Rows the footer takes: one, plus the rows of a message too long to sit beside the mode and keys. */
export function statusBarRows(props: StatusBarProps): number {
	return 1 + footerParts(props).above.length;
}

export function StatusBar(props: StatusBarProps) {
	const {connection, unverified, width} = props;
	const theme = useTheme();
	const {mode, state, tls, warning, note, above, tone} = footerParts(props);
	const hints = shownHints(props)
		.map(hint => hint.text)
		.join('  ');
	// Bold always, so a result reads without colour too (its mark and words say what it is); coloured by that mark,
	// in the theme's colours, which read on a light background as well (its warning is magenta, not yellow).
	const color = toneColour(theme, tone);
	const message = (text: string) => (text ? <Text bold color={color}>{text}</Text> : null);
	return (
		<Box width={width} height={1 + above.length} flexDirection="column">
			{above.map((row, index) => (
				<Text key={index} wrap="truncate-end">
					{message(row)}
				</Text>
			))}
			<Text wrap="truncate-end">
				<Text inverse bold color={theme.accent}>
					{mode}
				</Text>
				<Text color={connection === 'failed' ? theme.error : connection !== 'connected' ? theme.dim : tls && unverified ? theme.error : theme.reply[2]}>{state}</Text>
				{warning ? (
					<Text color={theme.error} bold inverse>
						{warning}
					</Text>
				) : null}
				{message(note)}
				<Text {...secondary(theme)}> {hints}</Text>
			</Text>
		</Box>
	);
}
