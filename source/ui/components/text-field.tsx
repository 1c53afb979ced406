// One labelled single-line field. The cursor is drawn as an inverse cell, and the terminal's own cursor is put on it
// (terminal-caret.ts: screen readers and magnifiers follow it); the line scrolls sideways to keep it visible. Focus
// also shows as a ▸ before the label, so it reads without colour.
import React from 'react';
import {Box, Text} from 'ink';
import {useTerminalCaret} from '../terminal-caret.js';
import {MARK, secondary, useTheme} from '../theme.js';
import {textWidth, truncatePrintable, truncateText, windowAroundCursor} from './display-text.js';
import type {TextEditorState} from './text-editor-state.js';

type TextFieldProps = {
	label: string;
	text: TextEditorState;
	focused: boolean;
	width: number;
	/** Columns for the label, so the values of a form line up. */
	labelWidth?: number;
	/** Shows one * per character from this index on: 0 for a password, further for a secret inside a line (AUTH PLAIN <credentials>). */
	maskFrom?: number;
	/** The masked part, when not empty, is a fixed MASK instead (its length is not shown); the cursor stays after it. */
	fixedMask?: boolean;
	/** Drawn in the error colour (the field has an error). */
	invalid?: boolean;
	placeholder?: string;
};

/** A set password as it shows when it is not being typed: the same whatever its length. */
const MASK = '********';

export function TextField({label, text, focused, width, labelWidth, maskFrom: from, fixedMask, invalid, placeholder}: TextFieldProps) {
	const theme = useTheme();
	const head = `${focused ? MARK.active : ' '} ${label.padEnd(labelWidth ?? label.length)} `;
	const room = Math.max(1, width - textWidth(head));
	const value = text.lines[0] ?? '';
	const fixed = fixedMask === true && from !== undefined;
	const masked = (end?: number) => (fixed ? (value.length > from ? MASK : '') : '*'.repeat([...value.slice(from, end)].length));
	const shown = from === undefined ? value : value.slice(0, from) + masked();
	const labelColor = invalid ? theme.error : focused ? theme.focusBorder : undefined;
	const col = from === undefined || text.col <= from ? text.col : fixed ? shown.length : from + masked(text.col).length;
	const cursor = focused ? windowAroundCursor(shown, col, room) : undefined;
	const caret = useTerminalCaret(cursor && {x: textWidth(head) + textWidth(cursor.before), y: 0});
	if (!cursor) {
		const body = shown === '' && placeholder ? truncateText(placeholder, room) : truncatePrintable(shown, room);
		return (
			<Text wrap="truncate-end">
				<Text color={labelColor} bold={invalid}>
					{head}
				</Text>
				<Text {...(shown === '' && secondary(theme))}>{body}</Text>
			</Text>
		);
	}
	const {before, at, after} = cursor;
	return (
		<Box ref={caret}>
			<Text wrap="truncate-end">
				<Text color={labelColor} bold>
					{head}
				</Text>
				{before}
				<Text inverse>{at}</Text>
				{after}
				{/* Empty, the placeholder stays after the cursor: what an empty field means is needed most while typing in it. */}
				{shown === '' && placeholder ? <Text {...secondary(theme)}> {truncateText(placeholder, Math.max(0, room - 2))}</Text> : null}
			</Text>
		</Box>
	);
}
