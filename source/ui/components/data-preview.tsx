// The exact bytes DATA will send, line by line: a doubled leading dot (dot-stuffing) is highlighted, and any
// CR or LF that is not part of a CRLF shows as ^M / ^J, so nothing on the wire is hidden.
import React from 'react';
import {Box, Text} from 'ink';
import {MARK, useTheme} from '../theme.js';
import {groupDigits} from '../../session/digits.js';
import {printable, truncateText, wrapText} from './display-text.js';

/** The preview as the composer gets it: the bytes (or why there are none), the scroll, the whole payload's counts. */
export type PreviewView = {bytes: string; top: number; lines?: number; size?: number; error?: string};

export type DataPreviewProps = {
	/** The DATA payload as it goes on the wire, CRLF line endings and the final "." included (cut when large). */
	bytes: string;
	/** Lines (the final "." not counted) and octets of the whole payload; counted from `bytes` when not given. */
	lines?: number;
	size?: number;
	/** First line shown. */
	top: number;
	width: number;
	height: number;
	/** The message cannot be built (a field is wrong): said instead of bytes. */
	error?: string;
};

/** Lines of the payload as sent (split on CRLF only). */
export function previewLines(bytes: string): string[] {
	const lines = bytes.split('\r\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

export function DataPreview({bytes, lines: totalLines, size, top, width, height, error}: DataPreviewProps) {
	const theme = useTheme();
	if (error !== undefined) {
		return (
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				{wrapText(`${MARK.error} no preview: ${error}`, width).map((row, index) => (
					<Text key={index} color={theme.error} bold wrap="truncate-end">
						{row}
					</Text>
				))}
			</Box>
		);
	}
	const lines = previewLines(bytes);
	const counted = totalLines ?? lines.length - 1;
	const bodyRows = Math.max(0, height - 1);
	const first = Math.max(0, Math.min(top, lines.length - bodyRows));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text dimColor wrap="truncate-end">
				{truncateText(`exact DATA bytes: ${groupDigits(counted)} lines + ".", ${groupDigits(size ?? Buffer.byteLength(bytes))} bytes, CRLF endings, ".." = stuffed dot`, width)}
			</Text>
			{lines.slice(first, first + bodyRows).map((line, offset) => {
				const stuffed = line.startsWith('..');
				const terminator = line === '.' && first + offset === lines.length - 1;
				return (
					<Text key={first + offset} wrap="truncate-end">
						{stuffed ? (
							<Text color={theme.accent} bold inverse>
								.
							</Text>
						) : null}
						<Text color={terminator ? theme.accent : undefined} bold={terminator}>
							{truncateText(printable(stuffed ? line.slice(1) : line), width - (stuffed ? 1 : 0)) || ' '}
						</Text>
					</Text>
				);
			})}
		</Box>
	);
}
