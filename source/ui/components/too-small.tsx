// Shown instead of the dashboard when the terminal is below the minimum size.
import React from 'react';
import {Box, Text} from 'ink';
import {GLYPH, useTheme} from '../theme.js';

export const MIN_COLUMNS = 80;
// 23, not 24: inside tmux on an 80×24 terminal the status line leaves the pane 80×23.
export const MIN_ROWS = 23;

export type TooSmallProps = {columns: number; rows: number; minColumns?: number; minRows?: number};

export function TooSmall({columns, rows, minColumns = MIN_COLUMNS, minRows = MIN_ROWS}: TooSmallProps) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)} overflow="hidden">
			<Text color={theme.warning} bold>
				{`terminal too small: need ${minColumns}${GLYPH.by}${minRows}, have ${columns}${GLYPH.by}${rows}`}
			</Text>
			<Text dimColor>Enlarge the window, make the font smaller, or in tmux zoom the pane (prefix z); the session keeps running meanwhile. Ctrl+C quits.</Text>
		</Box>
	);
}
