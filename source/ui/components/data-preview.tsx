// The exact bytes DATA (or BDAT's chunks, with --bdat) will send, line by line: a doubled leading dot (dot-stuffing) is highlighted, any CR or LF
// that is not part of a CRLF shows as ^M / ^J, and a line too long for the panel wraps behind a » mark, so nothing
// on the wire is hidden.
import React from 'react';
import {Box, Text} from 'ink';
import {GLYPH, MARK, secondary, useTheme} from '../theme.js';
import {bdatSummary, dataSummary, type DataCounts} from '../../session/data-summary.js';
import {truncateText, wrapText} from './display-text.js';
import {previewLayout} from './preview-layout.js';
import {scrollIndicator} from './scroll-indicator.js';

/** The preview as the composer gets it: the bytes (or why there are none), the scroll, the whole payload's counts. */
export type PreviewView = {bytes: string; top: number; note?: string} & PreviewContent;

/**
 * The payload's counts (as the log will give them once it went), why the message cannot be built, or that its bytes
 * are being built (no older message's are ever shown meanwhile).
 */
type PreviewContent = {counts: DataCounts; chunkSize?: number; error?: undefined; building?: undefined} | {error: string; counts?: undefined; chunkSize?: undefined; building?: undefined} | {building: true; counts?: undefined; chunkSize?: undefined; error?: undefined};

/** Said while the bytes are being built (a big message takes a moment). */
const BUILDING_PREVIEW = `building the preview${GLYPH.ellipsis}`;

/** The rows a note above the preview takes (it is never cut: it says which message this is). */
export function previewNoteRows(note: string | undefined, width: number): string[] {
	return note === undefined ? [] : wrapText(`${MARK.active} ${note}`, Math.max(1, width));
}

type DataPreviewProps = {
	/** The DATA payload as it goes on the wire, CRLF line endings and the final "." included (cut when large); BDAT's has neither stuffing nor ".". */
	bytes: string;
	/** First line shown. */
	top: number;
	width: number;
	height: number;
	/** Said above the counts, e.g. that this is the next message now that the last one was sent. */
	note?: string;
} & PreviewContent;

/** The counts' line: DATA's (stuffed dots, the final "."), or BDAT's (octets in chunks, as they go). */
function countsLine(counts: DataCounts | undefined, chunkSize: number | undefined): string {
	if (counts === undefined) return BUILDING_PREVIEW;
	return chunkSize === undefined ? `DATA: ${dataSummary(counts)}` : `BDAT: ${bdatSummary(counts, chunkSize)}`;
}

export function DataPreview({bytes, counts, chunkSize, top, width, height, error, building, note}: DataPreviewProps) {
	const theme = useTheme();
	if (error !== undefined) {
		// Cut to the height, as the rows below are: the start names what is wrong; a cut end says so.
		const all = wrapText(`${MARK.error} no preview: ${error}`, width);
		const shown = all.slice(0, Math.max(1, height));
		if (shown.length < all.length) shown[shown.length - 1] = truncateText(shown.at(-1)!.trimEnd() + GLYPH.ellipsis, width);
		return (
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				{shown.map((row, index) => (
					<Text key={index} color={theme.error} bold wrap="truncate-end">
						{row}
					</Text>
				))}
			</Box>
		);
	}
	// While the bytes are built, the line of the counts says so, and no row is shown.
	// Only the rows in view are laid out; the count of them all is kept per message and width.
	const layout = previewLayout(building ? '' : bytes, width);
	// Never more rows than the height: Yoga would squeeze the extra ones onto one row, drawn over each other (a
	// collapsed panel has one or two).
	const noteRows = previewNoteRows(note, width).slice(0, Math.max(0, height));
	const countsShown = height > noteRows.length;
	const bodyRows = Math.max(0, height - 1 - noteRows.length);
	const first = Math.max(0, Math.min(top, layout.rows - bodyRows));
	// More below than shows: its last row says so, and which key scrolls (at 80 columns the footer has no room for it).
	const below = bodyRows > 1 && layout.rows > first + bodyRows ? layout.rows - first - (bodyRows - 1) : 0;
	const shown = below > 0 ? bodyRows - 1 : bodyRows;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{noteRows.map((row, index) => (
				<Text key={`note-${index}`} color={theme.accent} bold wrap="truncate-end">
					{row}
				</Text>
			))}
			{countsShown ? (
				<Text {...secondary(theme)} wrap="truncate-end">
					{/* Short enough for the ~40 columns of the composer at 100: the legend (.., ») is in the help. */}
					{truncateText(countsLine(building ? undefined : counts, chunkSize), width)}
				</Text>
			) : null}
			{layout.window(first, shown).map((row, offset) => (
				<Text key={first + offset} wrap="truncate-end">
					{row.stuffed ? (
						<Text color={theme.accent} bold inverse>
							.
						</Text>
					) : null}
					{row.continued ? <Text {...secondary(theme)}>{GLYPH.continued}</Text> : null}
					<Text color={row.terminator ? theme.accent : undefined} bold={row.terminator}>
						{row.text || ' '}
					</Text>
				</Text>
			))}
			{below > 0 ? <Text {...secondary(theme)} wrap="truncate-end">{truncateText(scrollIndicator(0, below, width), width)}</Text> : null}
		</Box>
	);
}
