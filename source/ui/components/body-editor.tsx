// The message body: the visible rows of the editor state, the cursor row scrolled sideways to keep the cursor
// in view (the terminal's own cursor on it: terminal-caret.ts), other rows cut with "…".
import React from 'react';
import {Box, Text} from 'ink';
import {textWidth, truncatePrintable, windowAroundCursor} from './display-text.js';
import {useTerminalCaret} from '../terminal-caret.js';
import {scrollToCursor, type TextEditorState} from './text-editor-state.js';

type BodyEditorProps = {
	text: TextEditorState;
	focused: boolean;
	width: number;
	height: number;
};

export function BodyEditor({text, focused, width, height}: BodyEditorProps) {
	// The window may have shrunk since the reducer last scrolled (resize): scroll again for this height.
	const {top} = scrollToCursor(text, height);
	const rows = text.lines.slice(top, top + height);
	const cursor = focused ? windowAroundCursor(text.lines[text.row] ?? '', text.col, width) : undefined;
	const caret = useTerminalCaret(cursor && {x: textWidth(cursor.before), y: text.row - top});
	return (
		<Box ref={caret} flexDirection="column" width={width} height={height} overflow="hidden">
			{rows.map((line, offset) => {
				const row = top + offset;
				if (!cursor || row !== text.row) {
					return (
						<Text key={row} wrap="truncate-end">
							{truncatePrintable(line, width) || ' '}
						</Text>
					);
				}
				const {before, at, after} = cursor;
				return (
					<Text key={row} wrap="truncate-end">
						{before}
						<Text inverse>{at}</Text>
						{after}
					</Text>
				);
			})}
		</Box>
	);
}
