// Step mode: the exact line about to be sent, waiting for Enter (send), e (edit) or Esc (stop).
import React from 'react';
import {Box, Text} from 'ink';
import {activeBindings} from '../keys/router.js';
import {hintIn, type Mode} from '../keys/bindings.js';
import {GLYPH, secondary, useTheme} from '../theme.js';
import {printable, textWidth, truncateText} from './display-text.js';
import type {TextEditorState} from './text-editor-state.js';
import {TextField} from './text-field.js';
import {GROUP_MEANING, groupSummary} from '../../text/pipelined-group.js';
import {chunkWords, type ChunkPlace} from '../../text/bdat-chunk.js';

type StepPromptProps = {
	/** The proposed command as displayed (secrets redacted); none while a step waits for its reply. */
	display?: string;
	/** The line being edited, when the user pressed e. */
	editing?: TextEditorState;
	/** What a paste into the edited line lost: said before the keys, so the line is checked before Enter. */
	notice?: string;
	width: number;
	mode?: Mode;
	/** The message itself (edited in the composer): no e key. */
	fixed?: boolean;
	/** What Esc does here, when "stop" would not say it: closes the connection (after 354), keeps it open (at QUIT). */
	stopHint?: string;
	/** The line holds a credential, shown redacted: no e key (an edit would send the placeholder). */
	secret?: boolean;
	/** `smtp-tui replay`: a line plays as recorded (manual mode sends no typed line there either). */
	replay?: boolean;
	/** The composer's DATA preview is open (Ctrl+P at the prompt): Esc closes it before it stops. */
	preview?: boolean;
	/** What the step means, said in place of the keys where the footer shows them (no presenter caption says it). */
	meaning?: string;
	/** A pipelined group (RFC 2920): each of its lines, shown a row each (as many as `groupRows`), with what the group is. */
	group?: readonly string[];
	/** Rows for the group's lines (see stepPromptRows): the last one shown says how many more there are. */
	groupRows?: number;
	/** A BDAT chunk's line (RFC 3030): which chunk of the message it is, said before the line. */
	chunk?: ChunkPlace;
	/**
	 * An Enter held as the line appeared (see EARLY_ENTER): said in the prompt's own row, where the eyes are, rather than
	 * in the footer, where it took a row of its own beside a wide state (" ✔ connected TLS ") and moved every panel.
	 */
	held?: string;
};

/** Rows the prompt takes for one line, border included. */
const STEP_PROMPT_ROWS = 4;

/**
 * Rows the prompt takes, border included. A pipelined group has a row that says what it is, a row for each of its
 * lines as far as the screen spares them (two at 24 rows, one more for every two rows more), and one explaining
 * pipelining, above the keys unless `meaningInPlaceOfKeys` (the footer shows them).
 */
export function stepPromptRows(group: readonly string[] | undefined, screenRows: number, meaningInPlaceOfKeys: boolean): {rows: number; groupRows: number} {
	if (!group) return {rows: STEP_PROMPT_ROWS, groupRows: 0};
	const groupRows = Math.max(1, Math.min(group.length, Math.floor((screenRows - 20) / 2)));
	return {rows: groupPromptRows(groupRows, meaningInPlaceOfKeys), groupRows};
}

/** The border, what the group is, its lines' rows, what pipelining is, and the keys unless the footer has them. */
const groupPromptRows = (groupRows: number, meaningInPlaceOfKeys: boolean) => 2 + 1 + groupRows + 1 + (meaningInPlaceOfKeys ? 0 : 1);

/** The group's lines, each cut to `width`; the last row that shows says how many did not fit. */
function groupLines(group: readonly string[], rows: number, width: number): string[] {
	const shown = group.slice(0, rows);
	const more = group.length - shown.length;
	return shown.map((line, index) => {
		const suffix = more > 0 && index === shown.length - 1 ? `  +${more} more` : '';
		return `${truncateText(printable(line), Math.max(0, width - suffix.length))}${suffix}`;
	});
}

export function StepPrompt({display, editing, notice, width, mode = 'step', fixed = false, stopHint, secret = false, replay = false, preview = false, meaning, group, groupRows = 1, chunk, held}: StepPromptProps) {
	const theme = useTheme();
	const inner = Math.max(1, width - 4);
	const focus = preview ? 'composer' : 'log';
	const context = {
		focus,
		mode,
		overlay: editing ? 'stepEdit' : 'step',
		editing: false,
		fixedProposal: fixed || secret,
		stepWaiting: display === undefined,
		...(stopHint !== undefined && {stopHint}),
		...(group && display !== undefined && {pipelinedGroup: group.length}),
		...(chunk && display !== undefined && {bdatChunk: chunk}),
	} as const;
	// Every chunk's line reads much the same (BDAT 100): which chunk it is comes first.
	const label = chunk ? `about to send ${chunkWords(chunk)}: ` : 'about to send: ';
	// The preview's Esc stands in for the prompt's while the preview is open: said here too, and what it closes.
	const keys = activeBindings(context)
		.filter(({binding}) => binding.scopes.includes('step') || binding.id === 'composer.closePreview')
		.map(({binding, keys}) => `${keys.map(key => key.label).join('/')} ${binding.id === 'composer.closePreview' ? 'close the preview' : (hintIn(binding, context) ?? binding.description)}`);
	// Why there is no e: the line shows "[redacted]" where the credential goes, and that is all an edit could send.
	// A replay has no credential of its own to type: the recorded line (secret redacted) is what plays.
	// Said last, so where the row is short (80 columns) a shorter wording, not one cut before "manual mode".
	if (secret && display !== undefined && !editing) {
		const notes = replay ? ['credentials: played as recorded'] : ['credentials: not editable here (manual mode types your own)', 'not editable: manual mode types your own'];
		keys.push(notes.find(note => textWidth([...keys, note].join(` ${GLYPH.separator} `)) <= inner) ?? notes.at(-1)!);
	}
	const hints = keys.join(` ${GLYPH.separator} `) || `the next step is offered when the server has answered ${GLYPH.separator} Ctrl+X disconnects`;
	if (group && display !== undefined && !editing) {
		return (
			<Box flexDirection="column" width={width} height={groupPromptRows(groupRows, meaning !== undefined)} borderStyle={GLYPH.focusBorder} borderColor={theme.accent} paddingX={1}>
				<Text wrap="truncate-end">
					<Text bold>{truncateText(`about to send ${groupSummary(group)}`, inner)}</Text>
				</Text>
				{groupLines(group, groupRows, inner).map((line, index) => (
					<Text key={index} color={theme.sent} bold wrap="truncate-end">
						{line}
					</Text>
				))}
				{held ? (
					<Text color={theme.warning} bold wrap="truncate-end">
						{truncateText(held, inner)}
					</Text>
				) : (
					<Text {...secondary(theme)} wrap="truncate-end">
						{truncateText(GROUP_MEANING, inner)}
					</Text>
				)}
				{meaning === undefined ? (
					<Text {...secondary(theme)} wrap="truncate-end">
						{truncateText(hints, inner)}
					</Text>
				) : null}
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={STEP_PROMPT_ROWS} borderStyle={GLYPH.focusBorder} borderColor={theme.accent} paddingX={1}>
			{editing ? (
				<TextField label="edit:" text={editing} focused width={inner} />
			) : display === undefined ? (
				<Text bold wrap="truncate-end">
					{`waiting for the server${GLYPH.ellipsis}`}
				</Text>
			) : (
				<Text wrap="truncate-end">
					<Text bold>{label}</Text>
					<Text color={theme.sent} bold>
						{truncateText(printable(display), Math.max(0, inner - label.length))}
					</Text>
				</Text>
			)}
			{editing && notice ? (
				<Text color={theme.warning} wrap="truncate-end">
					{truncateText(`${notice} ${GLYPH.separator} ${hints}`, inner)}
				</Text>
			) : held && display !== undefined && !editing ? (
				<Text color={theme.warning} bold wrap="truncate-end">
					{truncateText(held, inner)}
				</Text>
			) : (
				<Text {...secondary(theme)} wrap="truncate-end">
					{truncateText(meaning !== undefined && display !== undefined && !editing ? meaning : hints, inner)}
				</Text>
			)}
		</Box>
	);
}
