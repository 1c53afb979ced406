// The sandbox inbox: the captured messages, and one message opened as envelope and headers, text (with attachments),
// the HTML part's source or raw.
import React, {useSyncExternalStore} from 'react';
import {Box, Text} from 'ink';
import {countOf, groupDigits} from '../../smtp/digits.js';
import {GLYPH, MARK, secondary, useTheme} from '../theme.js';
import {expandTabs, fitText, printable, textWidth, truncateText, wrapText} from './display-text.js';
import {layOutLines, type LineWrap, type MessageLayout, type ViewLines} from './message-layout.js';
import {envelopeLines, type InboxEnvelope} from './inbox-envelope.js';
import {isHeaderField} from '../../session/typed-body.js';
import type {DkimMark, MessageAuthor} from '../../sandbox/mailbox-types.js';
import {DKIM_MARK} from '../../sandbox/dkim-words.js';
import {senderForms, shownAddress} from './inbox-sender.js';
import {keyFor} from '../keys/bindings.js';
import {scrollIndicator} from './scroll-indicator.js';
import {filterShown, listRows, type ShownFilter} from './inbox-filter.js';
import {textValue} from './text-editor-state.js';
import {TextField} from './text-field.js';

export type InboxItem = {
	id: string;
	/** The envelope sender, '' for the null sender: the row's sender only where `author` is absent. */
	from: string;
	/** The From header's mailbox (see MessageAuthor): who the row says sent it. */
	author?: MessageAuthor;
	to: string[];
	subject: string;
	size: number;
	/** Milliseconds since the epoch. */
	receivedAt: number;
	/** Sent in by another program, not this dashboard: its address and EHLO name. */
	client?: string;
	/** It has an HTML body (the html view): the row says `html` before its size. */
	html?: true;
	/** It has a file attached (listed in the text view): the row says `attach` after `html`. */
	attachment?: true;
	/** smtp-tui inbox: the client's address, named beside a sender other clients share (see withClientAddresses). */
	via?: string;
	/** It is DKIM-signed: its check's mark, said as a word before the size (see DKIM_MARK). */
	dkim?: DkimMark;
	/** DMARC failed under a quarantine or reject policy: `dmarc!` after the DKIM mark (the only DMARC mark: a pass is the norm). */
	dmarcFails?: true;
	/** What the filter also searches (see searchText), never drawn in the list. */
	messageId?: string;
	text?: string;
	links?: string[];
};

export type InboxMessage = {
	/** As received; `decoded` is what RFC 2047 encoded words in it say. */
	headerLines: Array<{key: string; line: string; decoded?: string}>;
	text: string;
	/** The HTML parts' source: the html view, listed only for a message that has one. */
	html?: string;
	/** No text/plain part: `text` was made from the HTML, and the text view says so. */
	textFromHtml?: true;
	/**
	 * `cid`: an inline image the HTML shows by its Content-ID (`unshown`: it does not; `attached`: it does, the part
	 * marked as an attachment); `method`: a calendar invitation's (REQUEST, CANCEL…), from its Content-Type.
	 */
	attachments: Array<{filename?: string; contentType: string; method?: string; size: number; cid?: string; unshown?: true; attached?: true}>;
	/** The Content-IDs the HTML shows (src="cid:…") that no part of the message has: broken images. */
	missingCids?: string[];
	/** Under the headers: what is wrong with its List-Unsubscribe headers, as `! …` lines. */
	headerWarnings?: string[];
	raw: string;
	/** Shown above the headers: MAIL FROM and RCPT TO are in no header, so a spoofed sender or a Bcc shows only here. */
	envelope?: InboxEnvelope;
	/** The sandbox's checks, first in the headers view: DKIM, a line per signature (see dkimLines), then SPF and DMARC (authenticationLines). */
	checks?: string[];
	/**
	 * Why the message cannot be shown (its body is gone): said in every view, in place of its lines (the headers
	 * view opens first, and a blank one reads as an empty message).
	 */
	note?: string;
	/** Only its headers are read yet (a big message is being parsed): every view says so first, and how to go back. */
	reading?: true;
};

/** The text view of a message whose body went into its header section (no empty line after the headers). */
export const NO_BODY = 'no body: there was no empty line after the headers, so every line was read as part of the header section (see the headers view)';

/** Above a big message's headers while the rest is parsed (see InboxMessage); the glyphs are chosen at start. */
const reading = () => `reading the rest of the message${GLYPH.ellipsis} ${keyFor('inbox.back')} goes back to the list`;

/** Above the text made from an HTML-only message's HTML: a developer learns that their mail has no plain-text alternative. */
const TEXT_FROM_HTML = 'no text in a text/plain part: this text is made from the HTML part (links as [url])';

export const INBOX_TABS = ['headers', 'text', 'html', 'raw'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

const PLAIN_TABS: readonly InboxTab[] = INBOX_TABS.filter(tab => tab !== 'html');

/**
 * The views of a message: html only for one with an HTML part, so the views line says which messages are HTML.
 * Before it is parsed (keys typed behind Enter), the views every message has.
 */
export function messageTabs(message: InboxMessage | undefined): readonly InboxTab[] {
	return message?.html === undefined ? PLAIN_TABS : INBOX_TABS;
}

export type InboxOpen = {message: InboxMessage; tab: InboxTab; top: number};

type InboxProps = {
	items: readonly InboxItem[];
	selected: number;
	/** The opened message; the list is shown when absent. */
	open?: InboxOpen;
	/** A message was opened and is still being parsed. */
	opening?: boolean;
	focused: boolean;
	width: number;
	height: number;
	/** The time each message came, as the log shows clock times: not in presenter mode. */
	times?: boolean;
	/**
	 * How a message gets here from this screen, said while the inbox is empty: `key`, Ctrl+S sends the composed one;
	 * `typing`, manual mode's typed commands. Absent where neither goes to the sandbox (the connection aims elsewhere,
	 * a replay plays a recording).
	 */
	sendBy?: 'key' | 'typing';
	/** A command that sends this inbox a message (`smtp-tui inbox`, where mail comes from other programs), offered while it is empty. */
	tryCommand?: string;
	/** The list is filtered (/): `items` are the messages it names; its line is the first row. */
	filter?: ShownFilter;
};

function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function clock(time: number, seconds: boolean): string {
	const date = new Date(time);
	return [date.getHours(), date.getMinutes(), ...(seconds ? [date.getSeconds()] : [])].map(part => String(part).padStart(2, '0')).join(':');
}

/** Each header as received (folded lines kept), and what its encoded words decode to. */
function headerLines(message: InboxMessage): string[] {
	return message.headerLines.flatMap(header => [...header.line.split(/\r?\n/), ...(header.decoded === undefined ? [] : [`    ${GLYPH.decoded} ${header.decoded}`])]);
}

/**
 * The lines of an opened message's tab: envelope and header lines, the text and an attachments list, or the raw
 * source; its body (text, html or raw) as one string, split as it is shown (it can be 50 MB).
 */
export function tabLines(message: InboxMessage, tab: InboxTab): ViewLines {
	const above = tab === 'headers' ? [...(message.checks ?? []), ...(message.envelope ? envelopeLines(message.envelope) : [])] : [];
	if (message.note !== undefined) return {before: [...above, message.note], after: []};
	if (message.reading) return {before: tab === 'headers' ? [reading(), '', ...above, ...headerLines(message)] : [reading()], after: []};
	switch (tab) {
		case 'headers':
			return {before: [...above, ...headerLines(message), ...(message.headerWarnings ? ['', ...message.headerWarnings] : [])], after: []};
		case 'text': {
			// Read as headers, the lines meant as the body leave the text empty: a blank view would read as a body lost.
			if (message.text.trim() === '' && message.attachments.length === 0 && message.headerLines.some(header => !isHeaderField(header.line))) return {before: [NO_BODY], after: []};
			const before = message.textFromHtml ? [TEXT_FROM_HTML, ''] : [];
			const missing = missingImages(message);
			if (message.attachments.length === 0) return {before, body: message.text, after: missing.length === 0 ? [] : ['', ...missing]};
			return {before, body: message.text, after: ['', `Attachments (${message.attachments.length}):`, ...message.attachments.map(attachmentLine), ...missing]};
		}
		case 'html':
			return {before: [], body: message.html ?? '', after: []};
		case 'raw':
			return {before: [], body: message.raw, after: []};
	}
}

/** An attachment in the text view: its name, type (an invitation's method too), size, and how the HTML shows it. */
function attachmentLine(item: InboxMessage['attachments'][number]): string {
	// A calendar without a method is one to import: said, as an app's invitation that lacks it shows no Accept/Decline.
	const type = item.method !== undefined ? `${item.contentType}; method=${item.method}` : item.contentType === 'text/calendar' ? 'text/calendar (no method: no Accept/Decline)' : item.contentType;
	const how = item.unshown ? ', which the HTML does not show' : item.attached ? ', but marked as an attachment: mail programs may list it as a file too' : '';
	const inline = item.cid === undefined ? '' : `  inline (cid:${item.cid}${how})`;
	return `  ${item.filename ?? '(no name)'}  ${type}  ${formatSize(item.size)}${inline}`;
}

/** Under the attachments: each image the HTML shows by a Content-ID that no part has, which a reader sees broken. */
const missingImages = (message: InboxMessage) =>
	(message.missingCids ?? []).map(cid => `! a broken image: the HTML shows cid:${cid}, and no part has that Content-ID`);

/**
 * The tab's lines as rows `width` wide, laid out only for the window drawn (see layOutLines). A long line (a Received
 * or DKIM header, a long text line) wraps behind a continuation mark rather than being cut: a folded header's own
 * continuation starts with a blank, so the two never look alike. Headers, html and raw are cut at the width, exact;
 * the text view is prose, wrapped at spaces (a word longer than a row is still cut), and so is a note (see
 * InboxMessage). Tabs are spaced to their stops, but in raw, which shows the bytes as received (^I), as the log does.
 */
export function messageLayout(message: InboxMessage, tab: InboxTab, width: number): MessageLayout {
	// Counted once per message, tab and width: every key in the viewer asks for the row count, and a raw source can
	// be megabytes.
	const key = `${tab}:${width}:${GLYPH.continued}`;
	const known = layoutCache.get(message)?.get(key);
	if (known) return known;
	// What smtp-tui says itself (a note, why there is no body) wraps as prose, with no mark: the mark says a line goes
	// on. The envelope and the DKIM lines wrap at spaces too, but keep the mark: addresses, the EHLO name and d= are
	// the sender's text, which must not pass for a line of its own.
	const said = tab === 'text' ? [...(message.textFromHtml ? [TEXT_FROM_HTML] : []), ...missingImages(message)] : tab === 'headers' ? (message.headerWarnings ?? []) : [];
	const own = new Set([...(message.note === undefined ? [] : [message.note]), NO_BODY, reading(), ...said]);
	const envelope = new Set(tab === 'headers' ? [...(message.checks ?? []), ...(message.envelope ? envelopeLines(message.envelope) : [])] : []);
	const wrapOf = (line: string): LineWrap => (own.has(line) ? 'said' : tab === 'text' || envelope.has(line) ? 'prose' : 'exact');
	const layout = layOutLines(tabLines(message, tab), width, wrapOf, line => printable(tab === 'raw' ? line : expandTabs(line)));
	layoutCache.set(message, (layoutCache.get(message) ?? new Map()).set(key, layout));
	return layout;
}

const layoutCache = new WeakMap<InboxMessage, Map<string, MessageLayout>>();

/**
 * What the view hides, as the help says it ("↑ 4 above (Up, PgUp) · ↓ 28 more (Down, PgDn)"), in `room` columns, the
 * keys only where they act; a panel shrunk to its tab row (another panel focused) shows none, so its length.
 */
function shownRange(top: number, rows: number, total: number | undefined, room: number, focused: boolean): string {
	// A 50 MB message's rows are counted for a moment after it opens (see layOutLines).
	if (total === undefined) return `counting the lines${GLYPH.ellipsis}`;
	return rows > 0 ? scrollIndicator(top, Math.max(0, total - top - rows), room, focused) : countOf(total, 'line');
}

/** The tab row's tabs as drawn: "[headers] text  raw ". */
const tabsRow = (message: InboxMessage) => messageTabs(message).map(tab => ` ${tab} `).join('');

function MessageView({open, width, height, focused}: {open: InboxOpen; width: number; height: number; focused: boolean}) {
	const theme = useTheme();
	// Only the rows in view are laid out: a 50 MB text is 700,000 rows.
	const layout = messageLayout(open.message, open.tab, width);
	// Drawn again once its rows are all counted, for the count of those below.
	const total = useSyncExternalStore(layout.subscribe, () => layout.rows);
	const rows = Math.max(0, height - 1);
	const top = Math.max(0, Math.min(open.top, layout.rowsTo(open.top + rows) - rows));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text wrap="truncate-end">
				{messageTabs(open.message).map(tab => (
					<Text key={tab} bold={tab === open.tab} inverse={tab === open.tab} color={tab === open.tab ? theme.accent : undefined}>
						{tab === open.tab ? `[${tab}]` : ` ${tab} `}
					</Text>
				))}
				<Text {...secondary(theme)}>{`  ${shownRange(top, rows, total, width - textWidth(tabsRow(open.message)) - 2, focused)}`}</Text>
			</Text>
			{layout.window(top, rows).map((row, offset) => (
				<Text key={top + offset} wrap="truncate-end">
					{row.continued ? <Text {...secondary(theme)}>{GLYPH.continued}</Text> : null}
					{row.text || ' '}
				</Text>
			))}
		</Box>
	);
}

/** The first list row shown: the selected message is kept near the middle. */
function inboxTop(count: number, selected: number, height: number): number {
	return Math.max(0, Math.min(selected - Math.floor(height / 2), count - height));
}

/**
 * What the list hides, for the panel's title, when not all of them fit: "↑ 3 above · ↓ 6 more (Down, PgDn)", as the
 * help and the preview say it, in `room` columns; the keys only where they act (`focused`).
 */
export function inboxRange(count: number, selected: number, height: number, room = Number.MAX_SAFE_INTEGER, focused = true): string | undefined {
	if (count <= height || height <= 0) return undefined;
	const top = inboxTop(count, selected, height);
	return scrollIndicator(top, count - top - height, room, focused);
}

/** Fewer columns than this for a cut sender or recipients, and the row leaves them out: "fr…" names no one. */
const PART_KEPT = 6;

type RowItem = Pick<InboxItem, 'subject' | 'from' | 'author' | 'to' | 'via'>;

/** The subject, the sender's forms (see senderForms; with the client's address first, where named) and the recipients as a row shows them. */
function rowParts(item: RowItem): [subject: string, senders: [string, ...string[]], to: string] {
	const forms = senderForms(item);
	const senders: [string, ...string[]] = item.via === undefined ? forms : [...forms.map(form => `${form} (${item.via})`), ...forms] as [string, ...string[]];
	return [printable(item.subject || '(no subject)'), senders, item.to.map(shownAddress).join(', ')];
}

/** "subject · sender", the part of a row that says which message it is and who sent it. */
const subjectAndSender = (subject: string, from: string) => `${subject} ${GLYPH.separator} ${from}`;

/**
 * "subject · sender → recipients" in `width` columns. Where it does not fit, the subject goes first (it says which
 * message it is), then the sender (who sent it: its display name alone before it is cut): the recipients take the
 * columns left, or give way. A subject too long for the row leaves the sender a third of it.
 */
export function rowMiddle(item: RowItem, width: number): string {
	const [subject, senders, to] = rowParts(item);
	const toSeparator = ` ${GLYPH.to} `;
	for (const from of senders) {
		const head = subjectAndSender(subject, from);
		const rest = width - textWidth(head) - textWidth(toSeparator);
		if (rest >= Math.min(PART_KEPT, textWidth(to))) return head + toSeparator + truncateText(to, rest);
	}
	const whole = senders.find(from => textWidth(subjectAndSender(subject, from)) <= width);
	if (whole !== undefined) return subjectAndSender(subject, whole);
	const from = senders.at(-1)!;
	const room = width - textWidth(` ${GLYPH.separator} `);
	const fromShare = Math.min(textWidth(from), Math.max(Math.floor(room / 3), room - textWidth(subject)));
	if (fromShare < Math.min(PART_KEPT, textWidth(from))) return truncateText(subject, width);
	return subjectAndSender(truncateText(subject, room - fromShare), truncateText(from, fromShare));
}

/** What a row shows besides its subject, sender and recipients: the time it came, to the second or the minute, and its size. */
type RowLayout = {time?: 'seconds' | 'minutes'; size: boolean};

/** Richest first: where the subject and the sender do not fit whole, the size goes, then the seconds, then the time. */
const LAYOUTS: readonly RowLayout[] = [{time: 'seconds', size: true}, {time: 'seconds', size: false}, {time: 'minutes', size: false}, {size: false}];
const TIMELESS: readonly RowLayout[] = [{size: true}, {size: false}];

/** The mark of a message with an HTML body, at the row's end (kept where the size goes). */
const HTML_MARK = 'html';
/** The mark of a message with a file attached (an invoice's PDF), after the HTML mark: a word, as the others. */
const ATTACHMENT_MARK = 'attach';
/** The mark of a message receivers would refuse or junk for DMARC, after the DKIM mark. */
const DMARC_FAIL_MARK = 'dmarc!';

function rowEnds(item: InboxItem, chosen: boolean, layout: RowLayout): {head: string; tail: string} {
	const time = layout.time === undefined ? '' : `${clock(item.receivedAt, layout.time === 'seconds')} `;
	// Mail another program sent in: marked on the row, said in the log and the opened message.
	// A word, not a colour or a glyph: it reads without colour and in ASCII, and names the view it has (html).
	const html = item.html ? ` ${HTML_MARK}` : '';
	const attachment = item.attachment ? ` ${ATTACHMENT_MARK}` : '';
	const dkim = item.dkim ? ` ${DKIM_MARK[item.dkim]}` : '';
	const dmarc = item.dmarcFails ? ` ${DMARC_FAIL_MARK}` : '';
	return {head: `${chosen ? MARK.active : ' '} ${time}${item.client === undefined ? '' : `${MARK.warning} `}`, tail: `${html}${attachment}${dkim}${dmarc}${layout.size ? ` ${formatSize(item.size)}` : ''}`};
}

/**
 * Columns for a row's subject and sender that say which message it is, a long subject cut: a row that has them keeps
 * its time and size (dropping them would only cut the subject a little later).
 */
const NAMES_KEPT = 40;

/**
 * The richest layout in which every row shown keeps its subject and sender whole, or NAMES_KEPT columns for them
 * (one layout for all: the columns stay aligned).
 */
function rowLayout(items: readonly InboxItem[], width: number, times: boolean): RowLayout {
	const layouts = times ? LAYOUTS : TIMELESS;
	const fits = (layout: RowLayout) =>
		items.every(item => {
			// The sender's shortest whole form (a display name) is enough to keep the time and size.
			const [subject, senders] = rowParts(item);
			const from = senders.at(-1)!;
			const {head, tail} = rowEnds(item, false, layout);
			return Math.min(NAMES_KEPT, textWidth(subjectAndSender(subject, from))) <= width - textWidth(head) - textWidth(tail);
		});
	return layouts.find(fits) ?? layouts.at(-1)!;
}

/** An empty inbox says what fills it: the action, where one from this screen does. */
function emptyText(sendBy: InboxProps['sendBy']): string {
	if (sendBy === 'key') return `No messages yet: ${keyFor('session.send')} sends the message, and it lands here.`;
	if (sendBy === 'typing') return 'No messages yet: a message typed to the sandbox (MAIL FROM, RCPT TO, DATA) lands here.';
	return 'No messages yet: what the sandbox receives shows up here.';
}

/** The empty inbox's rows: what fills it, then the command to try, if any, on rows of its own (to copy whole). */
function emptyRows(sendBy: InboxProps['sendBy'], tryCommand: string | undefined, width: number): Array<{text: string; command?: true}> {
	if (tryCommand === undefined) return wrapText(emptyText(sendBy), width).map(text => ({text}));
	const command = wrapText(tryCommand, width).map(text => ({text, command: true as const}));
	return [...wrapText('No messages yet. Try, from another terminal:', width).map(text => ({text})), ...command];
}

/** "12 of 341", or where the row is short, "12". */
function filterCount(shown: number, total: number, width: number): string {
	const full = `${groupDigits(shown)} of ${groupDigits(total)}`;
	return width - textWidth(full) >= FILTER_ROOM ? full : groupDigits(shown);
}

/** Columns the filter's label and a few letters of it keep before the count gives way. */
const FILTER_ROOM = 16;

/** The filter's row: its line (a cursor while typed) and how many of the messages it names. */
function FilterRow({filter, shown, focused, width}: {filter: ShownFilter; shown: number; focused: boolean; width: number}) {
	const theme = useTheme();
	const count = filterCount(shown, filter.total, width);
	return (
		<Box width={width}>
			{/* The count at the row's end, where it stays as the filter is typed. */}
			<Box width={Math.max(1, width - textWidth(count) - 1)}>
				<TextField label="Filter:" text={filter.line} focused={focused && filter.typing} width={Math.max(1, width - textWidth(count) - 1)} />
			</Box>
			<Text {...(shown > 0 && secondary(theme))} bold={shown === 0}>{` ${count}`}</Text>
		</Box>
	);
}

/** What a filter that names no message says, in place of the list (the term is the user's own text, made printable). */
const noMatch = (filter: ShownFilter) => `No message has "${printable(textValue(filter.line).trim())}" in its subject, sender, recipients or text.`;

export function Inbox(props: InboxProps) {
	const {open, opening, filter, focused, width, height} = props;
	if (open || opening || !filterShown(height, filter)) return <InboxBody {...props} />;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<FilterRow filter={filter} shown={props.items.length} focused={focused} width={width} />
			<InboxBody {...props} height={listRows(height, filter)} />
		</Box>
	);
}

function InboxBody({items, selected, open, opening, focused, width, height, times = true, sendBy, tryCommand, filter}: InboxProps) {
	const theme = useTheme();
	if (open) return <MessageView open={open} width={width} height={height} focused={focused} />;
	if (opening) {
		return (
			<Box width={width} height={height}>
				<Text {...secondary(theme)} wrap="truncate-end">
					{truncateText(`opening the message${GLYPH.ellipsis}`, width)}
				</Text>
			</Box>
		);
	}
	if (items.length === 0 && filter && filter.total > 0) {
		return (
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				{wrapText(noMatch(filter), width)
					.slice(0, height)
					.map((row, index) => (
						<Text key={index} {...secondary(theme)} wrap="truncate-end">
							{truncateText(row, width)}
						</Text>
					))}
			</Box>
		);
	}
	if (items.length === 0) {
		return (
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				{/* Wrapped here (a narrow panel cut it mid-word), each row cut here too: Ink's "…" is not ASCII. */}
				{emptyRows(sendBy, tryCommand, width)
					.slice(0, Math.max(1, height))
					.map((row, index) => (
						<Text key={index} {...(row.command ? {} : secondary(theme))} wrap="truncate-end">
							{truncateText(row.text, width)}
						</Text>
					))}
			</Box>
		);
	}
	const top = inboxTop(items.length, selected, height);
	const shown = items.slice(top, top + height);
	const layout = rowLayout(shown, width, times);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{shown.map((item, offset) => {
				const chosen = top + offset === selected;
				const {head, tail} = rowEnds(item, chosen, layout);
				const room = Math.max(0, width - textWidth(head) - textWidth(tail));
				return (
					<Text key={item.id} inverse={chosen && focused} bold={chosen} wrap="truncate-end">
						{head}
						{fitText(rowMiddle(item, room), room)}
						{tail}
					</Text>
				);
			})}
		</Box>
	);
}
