// Step mode: the exact line about to be sent, waiting for Enter (send), e (edit) or Esc (stop).
import React from 'react';
import {Box, Text} from 'ink';
import {activeBindings} from '../keys/router.js';
import {hintIn, type Mode} from '../keys/bindings.js';
import {GLYPH, secondary, useTheme} from '../theme.js';
import {printable, truncateText} from './display-text.js';
import type {TextEditorState} from './text-editor-state.js';
import {TextField} from './text-field.js';

export type StepPromptProps = {
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
};

/** Rows the prompt takes, border included. */
export const STEP_PROMPT_ROWS = 4;

export function StepPrompt({display, editing, notice, width, mode = 'step', fixed = false, stopHint, secret = false, replay = false, preview = false, meaning}: StepPromptProps) {
	const theme = useTheme();
	const inner = Math.max(1, width - 4);
	const focus = preview ? 'composer' : 'log';
	const context = {focus, mode, overlay: editing ? 'stepEdit' : 'step', editing: false, fixedProposal: fixed || secret, stepWaiting: display === undefined, ...(stopHint !== undefined && {stopHint})} as const;
	// The preview's Esc stands in for the prompt's while the preview is open: said here too, and what it closes.
	const keys = activeBindings(context)
		.filter(({binding}) => binding.scopes.includes('step') || binding.id === 'composer.closePreview')
		.map(({binding, keys}) => `${keys.map(key => key.label).join('/')} ${binding.id === 'composer.closePreview' ? 'close the preview' : (hintIn(binding, context) ?? binding.description)}`);
	// Why there is no e: the line shows "[redacted]" where the credential goes, and that is all an edit could send.
	// A replay has no credential of its own to type: the recorded line (secret redacted) is what plays.
	if (secret && display !== undefined && !editing) keys.push(replay ? 'credentials: played as recorded' : 'credentials: not editable here (manual mode types your own)');
	const hints = keys.join(` ${GLYPH.separator} `) || `the next step is offered when the server has answered ${GLYPH.separator} Ctrl+X disconnects`;
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
					<Text bold>about to send: </Text>
					<Text color={theme.sent} bold>
						{truncateText(printable(display), Math.max(0, inner - 15))}
					</Text>
				</Text>
			)}
			{editing && notice ? (
				<Text color={theme.warning} wrap="truncate-end">
					{truncateText(`${notice} ${GLYPH.separator} ${hints}`, inner)}
				</Text>
			) : (
				<Text {...secondary(theme)} wrap="truncate-end">
					{truncateText(meaning !== undefined && display !== undefined && !editing ? meaning : hints, inner)}
				</Text>
			)}
		</Box>
	);
}
