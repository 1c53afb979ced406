// A bordered panel with a title row. Focus shows as a double border, the focus colour and [brackets] around the
// title, so it reads without colour too.
import React, {type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {GLYPH, useTheme} from '../theme.js';
import {fitText, textWidth} from './display-text.js';

/** Columns and rows left for content inside a panel of the given outer size (border, padding, title row). */
export function panelInner(width: number, height: number): {width: number; height: number} {
	return {width: Math.max(1, width - 4), height: Math.max(0, height - 3)};
}

type PanelProps = {
	title: string;
	focused: boolean;
	width: number;
	height: number;
	/** Short status at the right of the title row ("sandbox", "following"). */
	badge?: string;
	badgeColor?: string;
	children?: ReactNode;
};

export function Panel({title, focused, width, height, badge, badgeColor, children}: PanelProps) {
	const theme = useTheme();
	const inner = panelInner(width, height);
	const label = focused ? `[${title}]` : ` ${title} `;
	const badgeText = badge ? fitText(badge, Math.max(0, inner.width - textWidth(label) - 1)) : '';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle={focused ? GLYPH.focusBorder : GLYPH.border}
			borderColor={focused ? theme.focusBorder : theme.border}
			paddingX={1}
			overflow="hidden"
		>
			<Box width={inner.width} justifyContent="space-between">
				<Text bold={focused} color={focused ? theme.focusBorder : undefined} wrap="truncate-end">
					{label}
				</Text>
				{badgeText.trim() ? (
					<Text color={badgeColor} bold wrap="truncate-end">
						{badgeText.trimEnd()}
					</Text>
				) : null}
			</Box>
			<Box flexDirection="column" width={inner.width} height={inner.height} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
