// Shown instead of the dashboard when the terminal is below the minimum size.
import React from 'react';
import {Box, Text} from 'ink';
import {useTheme} from '../theme.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export type TooSmallProps = {columns: number; rows: number; minColumns?: number; minRows?: number};

export function TooSmall({columns, rows, minColumns = MIN_COLUMNS, minRows = MIN_ROWS}: TooSmallProps) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)} overflow="hidden">
			<Text color={theme.warning} bold>
				{`terminal too small: need ${minColumns}×${minRows}, have ${columns}×${rows}`}
			</Text>
			<Text dimColor>Enlarge the window (or zoom out); the session keeps running meanwhile. Ctrl+C quits.</Text>
		</Box>
	);
}
