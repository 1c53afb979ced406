// Shown instead of the dashboard when the terminal is below the minimum size.
import React from 'react';
import {Box, Text} from 'ink';
import {GLYPH, secondary, useTheme} from '../theme.js';
import {wrapText} from './display-text.js';

// A way forward for whoever cannot make the font smaller (low vision, a magnifier): the commands that print lines
// work at any size. The inbox's own minimum is inbox-app.tsx's. A function: the glyphs are chosen after import.
const hintText = () =>
	`Enlarge the window, make the font smaller, or in tmux zoom the pane (prefix z); the session keeps running meanwhile. Until then keys do nothing (what you type is not kept); Ctrl+C quits. At any size: smtp-tui talk (manual mode, a line at a time), send (a message), check (a server's ports) and serve (the sandbox, mail listed as it arrives) print lines instead of a screen; smtp-tui inbox needs 60${GLYPH.by}16.`;

/** A replay needs no dashboard: the same recording prints as a transcript at any width. */
export const REPLAY_HINT = 'Enlarge the window, make the font smaller, or in tmux zoom the pane (prefix z). Or quit (Ctrl+C) and run "smtp-tui replay --print FILE": the recording as a transcript, at any width.';

export const MIN_COLUMNS = 80;
// 23, not 24: inside tmux on an 80×24 terminal the status line leaves the pane 80×23.
export const MIN_ROWS = 23;

/** `hint`: what to do, for a screen other than the dashboard's. */
export type TooSmallProps = {columns: number; rows: number; minColumns?: number; minRows?: number; hint?: string};

export function TooSmall({columns, rows, minColumns = MIN_COLUMNS, minRows = MIN_ROWS, hint: advice = hintText()}: TooSmallProps) {
	const theme = useTheme();
	// Wrapped here, not by Ink: its wrap keeps the space at a break, and a row would start with it.
	const rowsOf = (text: string) => wrapText(text, columns).map(row => row.trimEnd());
	// No more rows than the pane has: Yoga would squeeze the rest onto the same rows, drawn over each other.
	const height = Math.max(1, rows - 1);
	const warning = rowsOf(`terminal too small: need ${minColumns}${GLYPH.by}${minRows}, have ${columns}${GLYPH.by}${rows}`).slice(0, height);
	const hint = rowsOf(advice).slice(0, height - warning.length);
	return (
		<Box flexDirection="column" width={columns} height={height} overflow="hidden">
			{warning.map((row, index) => (
				<Text key={`a${index}`} color={theme.warning} bold wrap="truncate-end">
					{row}
				</Text>
			))}
			{hint.map((row, index) => (
				<Text key={`b${index}`} {...secondary(theme)} wrap="truncate-end">
					{row}
				</Text>
			))}
		</Box>
	);
}
