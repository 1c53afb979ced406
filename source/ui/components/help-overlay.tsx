// The help overlay: every binding of the table, grouped by where it applies. Scrolls when it does not fit.
import React from 'react';
import {Box, Text} from 'ink';
import {bindingSections, keyFor, keyLabels, previewing, PREVIEW_SECTION, SCOPE_TITLES, type KeyContext, type Scope} from '../keys/bindings.js';
import {recipeEffect, recipeNames} from '../../sandbox/recipes.js';
import {sandboxDefaults} from '../../sandbox/settings.js';
import {GLYPH, legend, secondary, useTheme, withGlyphs} from '../theme.js';
import {fitText, sentence, textWidth, truncateText, wrapText} from './display-text.js';
import {linesAbove, linesBelow} from './scroll-indicator.js';

export const RECIPES_TITLE = 'Sandbox test recipients (put one in To, any domain)';
export const LEGEND_TITLE = 'Marks on the screen';
const LOGIN_TITLE = 'Sandbox login';
const SANDBOX_LOGIN = "Its account (or --user and --password's); another Password gets 535 at AUTH: a refused login";

/** A title names the places its keys work (`titles`), the first being where they belong. */
type HelpLine = {kind: 'title' | 'binding' | 'blank'; keys?: string; text: string; titles?: readonly string[]};

const KEY_COLUMN_MAX = 22;

function keyColumnOf(lines: readonly HelpLine[]): number {
	return Math.min(KEY_COLUMN_MAX, Math.max(...lines.map(line => textWidth(line.keys ?? ''))));
}

/**
 * `replay`: a replay plays its own message. `inbox`: the Inbox panel is shown (the sandbox runs). `sandbox`: the
 * next connection goes to it (the panel may aim elsewhere while it runs), or, `served`, to a room's `serve` (its
 * delays are its flags'); unsaid, the Inbox panel tells.
 */
export type HelpOptions = {replay?: boolean; inbox?: boolean; sandbox?: boolean | 'served'};

/**
 * All help lines: the sections in screen order, the test recipients, the legend of the marks. Given the width they
 * are drawn in, a description too long for it goes on under itself (a line with no keys), so nothing is cut off. In a replay the keys that build a message are left
 * out, as the footer leaves them out (a replay plays its own).
 */
export function helpLines(width?: number, options: HelpOptions = {}): HelpLine[] {
	const lines: HelpLine[] = [];
	// Without the sandbox there is no Inbox panel: its keys would be listed for nothing.
	const hidden = new Set<Scope>(options.inbox === false ? ['inbox'] : []);
	for (const section of bindingSections(hidden)) {
		const bindings = section.bindings.filter(binding => !(options.replay && binding.notInReplay));
		if (bindings.length === 0) continue;
		if (lines.length > 0) lines.push({kind: 'blank', text: ''});
		lines.push({kind: 'title', text: section.title, titles: section.titles});
		// The table's descriptions are written with Unicode arrows ("auto → step"): in ASCII, "->".
		for (const binding of bindings) lines.push({kind: 'binding', keys: withGlyphs(keyLabels(binding)), text: withGlyphs(binding.description)});
	}
	// The sandbox fails on demand by recipient: listed where a student looks for what to try, not only in the README.
	if ((options.sandbox ?? options.inbox !== false) && !options.replay) {
		lines.push({kind: 'blank', text: ''}, {kind: 'title', text: RECIPES_TITLE});
		const by = options.sandbox === 'served' ? ' by default' : '';
		const delays = {greylist: `${sandboxDefaults.greylistDelayMs / 1000} s${by}`, slow: `${sandboxDefaults.slowDelayMs / 1000} s${by}`};
		for (const name of recipeNames) lines.push({kind: 'binding', keys: `${name}@`, text: sentence(withGlyphs(recipeEffect(name, delays)))});
		// A refused login is a lesson too, and needs no serve of its own: the built-in sandbox knows one account.
		if (options.sandbox !== 'served') lines.push({kind: 'blank', text: ''}, {kind: 'title', text: LOGIN_TITLE}, {kind: 'binding', keys: `${sandboxDefaults.user}/${sandboxDefaults.password}`, text: SANDBOX_LOGIN});
	}
	// The marks of the glyph set drawn (ASCII or Unicode), from the table the components draw them from.
	lines.push({kind: 'blank', text: ''}, {kind: 'title', text: LEGEND_TITLE});
	for (const {mark, meaning} of legend()) lines.push({kind: 'binding', keys: mark, text: meaning});
	if (width === undefined) return lines;
	const room = Math.max(10, width - keyColumnOf(lines) - 4);
	return lines.flatMap(line =>
		line.kind === 'binding' ? wrapText(line.text, room).map((text, index) => ({kind: 'binding' as const, keys: index === 0 ? line.keys! : '', text})) : [line],
	);
}

/**
 * The title of the section the help opens at: the step prompt's while it holds the keys, the preview's while it is
 * open, else the focused panel's.
 */
function sectionFor(context: KeyContext): string {
	if (context.overlay === 'step' || context.overlay === 'stepEdit') return SCOPE_TITLES.step;
	return previewing(context) ? PREVIEW_SECTION : SCOPE_TITLES[context.focus];
}

/**
 * The line the help opens at, as drawn `width` wide: the title of the section for this context (the command line's is
 * about a hundred lines down at 80 columns), so its keys are in view at once; the sections above stay a scroll up.
 */
export function helpStart(width: number, options: HelpOptions, context: KeyContext): number {
	const title = sectionFor(context);
	const lines = helpLines(width, options);
	// The section of the place's own keys, else the first it shares.
	const own = lines.findIndex(line => line.titles?.[0] === title);
	return Math.max(0, own >= 0 ? own : lines.findIndex(line => line.titles?.includes(title)));
}

type HelpOverlayProps = {
	width: number;
	height: number;
	/** First line shown (scrolled with Up/Down/PgUp/PgDn). */
	top: number;
	replay?: boolean;
	/** The Inbox panel is shown (the sandbox runs). */
	inbox?: boolean;
	/** The next connection goes to a sandbox: its test recipients are listed. */
	sandbox?: boolean | 'served';
};

export function HelpOverlay({width, height, top, replay = false, inbox = true, sandbox}: HelpOverlayProps) {
	const theme = useTheme();
	const lines = helpLines(width, {replay, inbox, ...(sandbox !== undefined && {sandbox})});
	const keyColumn = keyColumnOf(lines);
	const rows = Math.max(1, height - 1);
	const first = Math.max(0, Math.min(top, lines.length - rows));
	const more = lines.length - first - rows;
	// Both ways: scrolled down, the lines above are as hidden as those below.
	const footer = [
		first > 0 ? linesAbove(first) : '',
		more > 0 ? linesBelow(more) : '',
		// As the footer words its keys: "Esc close".
		`${keyFor('help.close')} close`,
	]
		.filter(Boolean)
		.join(` ${GLYPH.separator} `);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.slice(first, first + rows).map((line, offset) => {
				const key = first + offset;
				if (line.kind === 'title') {
					return (
						<Text key={key} bold color={theme.accent} wrap="truncate-end">
							{truncateText(line.text, width)}
						</Text>
					);
				}
				if (line.kind === 'blank') return <Text key={key}> </Text>;
				return (
					<Text key={key} wrap="truncate-end">
						<Text bold>{`  ${fitText(line.keys!, keyColumn)}  `}</Text>
						{truncateText(line.text, Math.max(0, width - keyColumn - 4))}
					</Text>
				);
			})}
			<Box flexGrow={1} alignItems="flex-end">
				<Text {...secondary(theme)} wrap="truncate-end">
					{truncateText(footer, width)}
				</Text>
			</Box>
		</Box>
	);
}
