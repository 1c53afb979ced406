// Shown instead of the dashboard when the terminal is below the minimum size.
import React from 'react';
import {Box, Text} from 'ink';
import {GLYPH, secondary, useTheme} from '../theme.js';
import {wrapText} from './display-text.js';

/** Kept on one row wherever a hint wraps: "prefix" at the end of one row and "z)" on the next read as two things. */
const UNBROKEN = /prefix z/g;
const NO_BREAK = '\u00A0';

// Short lines, one thought each, to be read at a glance. A way forward for whoever cannot make the font smaller (low
// vision, a magnifier): the commands that print lines work at any size. The inbox's own minimum is inbox-app.tsx's.
// A function: the glyphs are chosen after import.
const hintText = () =>
	[
		'Enlarge the window or shrink the font (tmux: prefix z).',
		'The session keeps running. Ctrl+C quits; other keys do nothing.',
		'',
		`Works at any size: smtp-tui talk ${GLYPH.separator} send ${GLYPH.separator} check ${GLYPH.separator} serve (inbox: 60${GLYPH.by}16)`,
	].join('\n');

/** A replay needs no dashboard: the same recording prints as a transcript at any width. */
export const REPLAY_HINT = 'Enlarge the window or shrink the font (tmux: prefix z).\nOr quit (Ctrl+C) and run "smtp-tui replay --print FILE": the recording as a transcript, at any width.';

export const MIN_COLUMNS = 80;
// 23, not 24: inside tmux on an 80×24 terminal the status line leaves the pane 80×23.
export const MIN_ROWS = 23;

/**
 * `hint`: what to do, for a screen other than the dashboard's; a line of its own after each "\n". `said`: the footer's
 * message (a first Ctrl+C's question), which would go unseen while the footer is not drawn.
 */
type TooSmallProps = {columns: number; rows: number; minColumns?: number; minRows?: number; hint?: string; said?: string};

/** Text in rows `columns` wide, each line of it starting a row, "prefix z" never split. */
function rowsOf(text: string, columns: number): string[] {
	// Wrapped here, not by Ink: its wrap keeps the space at a break, and a row would start with it.
	return text.split('\n').flatMap(line =>
		wrapText(line.replace(UNBROKEN, match => match.replace(' ', NO_BREAK)), columns).map(row => row.trimEnd().replaceAll(NO_BREAK, ' ')),
	);
}

export function TooSmall({columns, rows, minColumns = MIN_COLUMNS, minRows = MIN_ROWS, hint: advice = hintText(), said}: TooSmallProps) {
	const theme = useTheme();
	// No more rows than the pane has: Yoga would squeeze the rest onto the same rows, drawn over each other.
	const height = Math.max(1, rows - 1);
	const warning = rowsOf(`Terminal too small: ${columns}${GLYPH.by}${rows} (needs ${minColumns}${GLYPH.by}${minRows})`, columns).slice(0, height);
	const saying = said === undefined ? [] : rowsOf(said, columns).slice(0, height - warning.length);
	const hint = rowsOf(advice, columns).slice(0, height - warning.length - saying.length);
	return (
		<Box flexDirection="column" width={columns} height={height} overflow="hidden">
			{warning.map((row, index) => (
				<Text key={`a${index}`} color={theme.warning} bold wrap="truncate-end">
					{row}
				</Text>
			))}
			{saying.map((row, index) => (
				<Text key={`s${index}`} wrap="truncate-end">
					{row}
				</Text>
			))}
			{hint.map((row, index) => (
				<Text key={`b${index}`} {...secondary(theme)} wrap="truncate-end">
					{row || ' '}
				</Text>
			))}
		</Box>
	);
}
