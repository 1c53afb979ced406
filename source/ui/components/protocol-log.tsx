// The protocol log: draws only the rows that fit, one <Text> per row, from the scroll position.
import React from 'react';
import {Box, Text} from 'ink';
import type {LogEntry} from '../../session/types.js';
import {inlineHint, keyFor, typingKeyFor} from '../keys/bindings.js';
import {replyColor, secondary, useTheme, type Theme} from '../theme.js';
import {truncateText, wrapText} from './display-text.js';
import {entryRowCount, entryRows, pendingRowCount, pendingRows, type LogLayout, type LogRow} from './log-rows.js';
import {newEntryCount, scrolledIndicator, windowRows, type LogScroll, type LogView} from './log-scroll.js';

export type ProtocolLogProps = {
	/** The driver's log (read-only, may be capped: ids stay consecutive). */
	entries: readonly LogEntry[];
	/** Entries ever logged (snapshot.logTotal). */
	total: number;
	scroll: LogScroll;
	width: number;
	height: number;
	expanded?: boolean;
	presenter?: boolean;
	/** Clock times before each line (never in presenter mode). */
	timestamps?: boolean;
	/** Where a message body cut after its first lines can be read whole. */
	wholeMessage?: string;
	/** Manual mode: what is typed goes on the wire, not the message. */
	manual?: boolean;
	/** Manual mode after 354: the message's lines typed so far, not sent until the lone "."; shown under the log. */
	pending?: readonly string[];
	/** The command line has the focus: its End moves the cursor, and PgDn scrolls the log back down. */
	commandFocused?: boolean;
	/** The log has the focus: x acts on it (elsewhere x is typed into a field, or does nothing). */
	logFocused?: boolean;
};

type LogViewOptions = Pick<ProtocolLogProps, 'entries' | 'total' | 'width' | 'height' | 'expanded' | 'presenter' | 'timestamps' | 'wholeMessage' | 'pending' | 'commandFocused' | 'logFocused'>;

/** The newest entry with an explanation (a reply) among the last screenful: a 100,000-line log costs what a short one does. */
function newestReplyId(entries: readonly LogEntry[], height: number): number | undefined {
	for (let index = entries.length - 1; index >= Math.max(0, entries.length - height); index--) {
		if (entries[index]!.explanation) return entries[index]!.id;
	}
	return undefined;
}

/** The key that shows the log's lines whole from where the focus is, in words (see LogLayout.showAll). */
function showAllFrom(options: LogViewOptions): string {
	if (options.commandFocused) return inlineHint('log.expand', typingKeyFor('log.expand'));
	return inlineHint('log.expand', options.logFocused ? keyFor('log.expand') : `${keyFor('log.expand')} in the log`);
}

function layoutOf(options: LogViewOptions): LogLayout {
	const newest = newestReplyId(options.entries, options.height);
	return {
		width: options.width,
		expanded: options.expanded ?? false,
		presenter: options.presenter ?? false,
		timestamps: options.timestamps ?? true,
		...(options.wholeMessage !== undefined && {wholeMessage: options.wholeMessage}),
		...(newest !== undefined && {newestReplyId: newest}),
		showAll: showAllFrom(options),
	};
}

/** The measurements the scroll reducer needs; built from the same options the log is drawn with. */
export function createLogView(options: LogViewOptions, layout = layoutOf(options)): LogView {
	return {
		entries: options.entries,
		total: options.total,
		// The lines typed for the message take the log's last rows.
		height: options.height - pendingRowCount(options.pending?.length ?? 0, options.height),
		rowCount: entry => entryRowCount(entry, layout),
	};
}

function rowColor(row: LogRow, theme: Theme): string | undefined {
	switch (row.role) {
		case 'sent':
		case 'data':
			return theme.sent;
		case 'received':
			return replyColor(theme, row.code);
		case 'info':
		case 'explanation':
		case 'pending':
			return theme.info;
		case 'warning':
			return theme.warning;
		case 'error':
			return theme.error;
	}
}

function Row({row, theme, presenter}: {row: LogRow; theme: Theme; presenter: boolean}) {
	// The explanations, the lines typed for the message and the info lines (TLS started, the certificate) are what a
	// class reads: grey that reads on the background (theme.info), or faint without colour, never both (faint grey
	// fades on a projector); in presenter mode as bright as the wire lines.
	const quiet = row.role === 'explanation' || row.role === 'pending' || row.role === 'info';
	const color = quiet && presenter ? undefined : rowColor(row, theme);
	// A refusal (4xx, 5xx) is bold, as the error lines are, in every theme: red against green is the one difference
	// a colour-blind reader cannot see, and without colour there is none.
	const bold = row.role === 'error' || (row.role === 'received' && (row.code ?? 0) >= 400);
	return (
		<Text wrap="truncate-end">
			<Text {...secondary(theme)}>{row.time}</Text>
			<Text color={color} bold={bold}>
				{row.marker}
			</Text>
			<Text color={color} dimColor={quiet && theme.faint && !theme.color} bold={bold}>
				{row.text}
			</Text>
			{row.suffix ? <Text {...secondary(theme)}>{row.suffix}</Text> : null}
		</Text>
	);
}

/** Step one of a telnet lesson is to connect and read the greeting: Enter alone does that. */
const MANUAL_EMPTY = `Nothing on the wire yet: the first command typed below connects; start with EHLO and a name for this machine. ${keyFor('manual.submit')} alone just connects and shows the server's 220 greeting.`;

export function ProtocolLog(props: ProtocolLogProps) {
	const theme = useTheme();
	const {entries, scroll, width, height} = props;
	if (entries.length === 0) {
		// Wrapped here, not by Ink, whose wrap keeps the space it breaks at as the next row's first column.
		const text = props.manual ? MANUAL_EMPTY : `Nothing on the wire yet: ${keyFor('session.send')} sends the message.`;
		return (
			<Box width={width} height={height} flexDirection="column">
				{wrapText(text, width).map((row, index) => (
					<Text key={index} {...secondary(theme)} wrap="truncate-end">
						{row}
					</Text>
				))}
			</Box>
		);
	}
	const layout = layoutOf(props);
	const view = createLogView(props, layout);
	const pending = pendingRows(props.pending ?? [], layout, height);
	const {rows, below} = windowRows(scroll, view, entry => entryRows(entry, layout));
	const fresh = newEntryCount(scroll, props.total);
	const back = props.commandFocused ? `${keyFor('log.pageDown')}: down` : `${keyFor('log.end')}: follow`;
	const indicator = scrolledIndicator(below, fresh, back);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{/* Following, the typed lines come right after the last entry; scrolled, under the indicator. */}
			<Box flexDirection="column" flexShrink={0} {...(!scroll.follow && {height: view.height})}>
				{rows.map(row => (
					<Row key={row.key} row={row} theme={theme} presenter={props.presenter ?? false} />
				))}
				{scroll.follow ? null : (
					<Box flexGrow={1} alignItems="flex-end">
						<Text color={theme.accent} bold wrap="truncate-end">
							{truncateText(indicator, width)}
						</Text>
					</Box>
				)}
			</Box>
			{pending.map(row => (
				<Row key={row.key} row={row} theme={theme} presenter={props.presenter ?? false} />
			))}
		</Box>
	);
}
