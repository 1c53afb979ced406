// Manual mode: the command line under the log, with a slot for the engine's warning (a command out of order is
// sent anyway) and the DATA body-entry indicator.
import React from 'react';
import {Box, Text} from 'ink';
import {commandText, initialResponseAt, typedVerb} from '../../smtp/command-line.js';
import {countOf} from '../../smtp/digits.js';
import {inlineHint, keyFor, typingKeyFor} from '../keys/bindings.js';
import {nextStepHint, wholeStepRows} from './command-hint.js';
import {GLYPH, MARK, secondary, useTheme} from '../theme.js';
import {commandLineValue, type CommandLineState} from './command-line-state.js';
import {printable, textWidth, truncateText} from './display-text.js';
import {TextField} from './text-field.js';

export type ManualCommandLineProps = {
	state: CommandLineState;
	focused: boolean;
	width: number;
	/** E.g. "RCPT before MAIL: the server will probably refuse it (sent anyway)". */
	warning?: string;
	/** After DATA's 354: lines go into the message until a lone ".". */
	dataMode?: boolean;
	/** How many body lines are typed so far (the log shows them, as telnet echoes what was typed). */
	bodyLines?: number;
	/** A 334 challenge is open: the line typed is the answer (credentials), masked like a password. */
	authAnswer?: boolean;
	/** An AUTH got no challenge and did not log in: a line that is no command is still taken as a credential. */
	authRefused?: boolean;
	/** Typed lines waiting for the reply to the one before them (a slow server, a BDAT waiting for its bytes). */
	queued?: number;
	/** No connection is open: the next Enter opens one. */
	offline?: boolean;
	/** Offline after a failure (a certificate not trusted, say): `next` says what to change before connecting again. */
	failed?: boolean;
	/** What to type next ("now: sender accepted: one RCPT TO per recipient, then DATA"); none in presenter mode, whose caption says it. */
	next?: string;
	/** The log's lines are shown whole (Ctrl+Y): so is a next step longer than the row, on a second row. */
	expanded?: boolean;
};

type RowsProps = Omit<ManualCommandLineProps, 'focused'>;

/**
 * The engine's warning is about the line sent last (warnings come as a line goes): under a new line being typed it
 * would read as that line's. Lines waiting (behind a BDAT, say) are counted instead. The log keeps it.
 */
function noteOf({state, warning, queued = 0}: RowsProps): string | undefined {
	const sentWarning = queued > 0 || commandLineValue(state) !== '' ? undefined : warning;
	return sentWarning ?? state.notice;
}

/** Whether the row says what to do next: always while connected; offline, after a failure, with nothing typed. */
const showsNext = ({offline, failed, next, state}: RowsProps) => !offline || (failed === true && next !== undefined && commandLineValue(state) === '');

/** Between commands, with the log's lines shown whole: a next step the row would cut, whole on two rows. */
function wholeStep(props: RowsProps): string[] | undefined {
	const {expanded, next, dataMode, authAnswer, authRefused, queued = 0, width} = props;
	if (!expanded || !next || dataMode || authAnswer || authRefused || queued > 0 || !showsNext(props) || noteOf(props)) return undefined;
	const step = printable(next);
	return textWidth(step) > width ? wholeStepRows(step, width) : undefined;
}

/**
 * The warning's rows: two where one would cut it. Its end is often the fix ("… e.g. EHLO laptop.example.com"), and
 * at 80 columns a single row stopped at "(Postfix: reject_no…" before it.
 */
function noteRows(props: RowsProps): string[] | undefined {
	const note = noteOf(props);
	return note ? wholeStepRows(`${MARK.warning} ${printable(note)}`, props.width) : undefined;
}

/** Rows the command line takes, its top rule included: one more while a warning or a next step is shown on two. */
export function commandLineRows(props: RowsProps): number {
	return COMMAND_LINE_ROWS + ((noteRows(props) ?? wholeStep(props))?.length ?? 1) - 1;
}

/** A known SMTP verb and a space: the start of a command, which is sent (and logged) as typed. */
const startsCommand = (line: string) => {
	const word = /^(\S+)\s/.exec(commandText(line))?.[1];
	return word !== undefined && typedVerb(word) !== undefined;
};

/**
 * Where the secret starts in a typed line: all of a 334 answer; all of a line that is no command behind an AUTH
 * refused before any challenge (`authRefused`); after the mechanism in AUTH with an initial response.
 */
function secretFrom(state: CommandLineState, authAnswer: boolean, authRefused = false): number | undefined {
	const line = commandLineValue(state);
	if (authAnswer) return 0;
	if (authRefused && !startsCommand(line)) return 0;
	// Once masked, an initial response stays so while the line is edited (AUTH deleted in front of it).
	return state.maskedFrom ?? initialResponseAt(line);
}

/** Between commands: what to type next where it is known, and the keys for the history and the log's cut lines. */
function idleHints(next: string | undefined, width: number): string[] {
	const expand = inlineHint('log.expand', typingKeyFor('log.expand'));
	if (next) return [nextStepHint(printable(next), expand, width)];
	const history = `${keyFor('manual.historyPrev')}/${keyFor('manual.historyNext')}: history`;
	return [`type any SMTP command; ${history} ${GLYPH.separator} ${expand}`, `type any SMTP command; ${history}`, `an SMTP command; ${history}`];
}

/** No connection open: Enter alone opens one; a line typed goes once it is open (never "Enter connects" over it). */
function offlineHints(typed: boolean): string[] {
	const enter = keyFor('manual.submit');
	if (typed) return [`${enter} connects, then sends this line`, `${enter} connects and sends it`];
	return [`${enter} connects (shows the 220 greeting), or type a command`, `${enter} connects (220 greeting), or type a command`, `${enter} connects, or type a command`];
}

/** Rows the command line takes, its top rule included. */
const COMMAND_LINE_ROWS = 3;

export function ManualCommandLine(props: ManualCommandLineProps) {
	const {state, focused, width, dataMode, bodyLines = 0, authAnswer, authRefused, queued = 0, next} = props;
	const theme = useTheme();
	// Shown as the log shows it: a warning may quote what was typed, invisible characters and all.
	const note = noteRows(props);
	const whole = wholeStep(props);
	// Wordings longest first: the first that fits the row is shown (at 100 columns the row is 55 wide, at 80, 44).
	const waiting = queued === 1 ? 'line' : countOf(queued, 'line');
	// Each line of a message goes as it is typed (as telnet sends it): what is left is to end the message, or drop it.
	const sent = `${countOf(bodyLines, 'line')} sent ${GLYPH.separator}`;
	const drop = keyFor('session.disconnect');
	const hints = dataMode
		? [`${sent} "." alone ends the message ${GLYPH.separator} ${drop} drops it`, `${sent} "." ends it ${GLYPH.separator} ${drop} drops it`, `${sent} "." alone ends it`]
		: authAnswer
			? ['answer the 334 challenge (base64; shown as *); a line with only "*" cancels', 'the 334 answer (base64, shown as *); "*" alone cancels', 'base64 answer (shown as *); "*" cancels']
			: authRefused
				? ['AUTH did not log in: a line that is not a command is taken as a credential (shown as *)', 'a line that is not a command is taken as a credential (*)', 'non-command lines count as credentials (*)']
				: queued > 0
					? [`${keyFor('session.disconnect')} drops the ${waiting} waiting for a reply`, `${keyFor('session.disconnect')} drops the ${waiting} waiting`]
					: !showsNext(props)
						? offlineHints(commandLineValue(state) !== '')
						: idleHints(next, width);
	// The DATA hint's mark takes columns too: the wording that fits is the one that fits beside it.
	const mark = dataMode ? `${MARK.active} ` : '';
	const hint = mark + (hints.find(wording => textWidth(mark + wording) <= width) ?? hints.at(-1)!);
	return (
		<Box
			flexDirection="column"
			width={width}
			height={commandLineRows(props)}
			borderStyle={GLYPH.border}
			borderLeft={false}
			borderRight={false}
			borderBottom={false}
			borderColor={focused ? theme.focusBorder : theme.border}
		>
			<TextField
				label={dataMode ? 'DATA>' : 'C:'}
				text={state.text}
				focused={focused}
				width={width}
				maskFrom={dataMode ? undefined : secretFrom(state, authAnswer === true, authRefused === true)}
			/>
			{note ? (
				note.map((row, index) => (
					<Text key={index} color={theme.warning} bold wrap="truncate-end">
						{row}
					</Text>
				))
			) : (
				(whole ?? [truncateText(hint, width)]).map((row, index) => (
					<Text key={index} {...(dataMode ? {color: theme.accent} : secondary(theme))} bold={dataMode} wrap="truncate-end">
						{row}
					</Text>
				))
			)}
		</Box>
	);
}
