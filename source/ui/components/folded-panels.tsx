// Manual mode below 132 columns: the connection panel and the composer (which manual mode never types into) fold
// to one row while the focus is elsewhere, so the log and its command line get the whole width: at 80x24 the log had
// ~42 columns, and replies, the HELP text and smtp-tui's own words were cut. The row keeps the connection's state
// and target (host:port, TLS), LMTP when the session speaks it, and who logs in (the User field; never the password);
// the step rail stays above it. Tab to either panel brings the left column back.
import React from 'react';
import {Box, Text} from 'ink';
import type {SessionSnapshot} from '../../session/types.js';
import {keyFor, type Panel} from '../keys/bindings.js';
import {GLYPH, secondary, useTheme} from '../theme.js';
import {connectionLabel, connectionView, targetParts, type ConnectionInfo} from './connection-panel.js';
import {printable, textWidth, truncateText} from './display-text.js';
import {formValue, type FormState} from './form-state.js';
import {targetLayout} from './target-line.js';

/** Columns the login keeps where the row is short ("· user alice@exam…"): the host gives way in its middle first. */
const LOGIN_COLUMNS = 22;

/**
 * Who logs in, from the User field: "· logged in as alice" once the session has, else "· user alice" (who will).
 * Empty without a user. The password is never shown, not even whether one is set.
 */
function loginPart(form: FormState, info: Pick<ConnectionInfo, 'connection' | 'authenticated'>): string {
	const user = formValue(form, 'user').trim();
	if (user === '') return '';
	return ` ${GLYPH.separator} ${info.connection === 'connected' && info.authenticated ? 'logged in as' : 'user'} ${printable(user)}`;
}

/** Rows the folded panels take. */
export const FOLDED_ROWS = 1;

/** Below this many columns for the log, manual mode folds the left column: a reply line with its time fits in 80. */
const LOG_COLUMNS_WANTED = 80;

/**
 * Whether the left column folds: manual mode, the focus on the log, the command line or the inbox (not the help's
 * or a zoom's screen, which have their own), and the log narrower than LOG_COLUMNS_WANTED beside it.
 */
export function foldsLeftColumn(props: {mode: string; focus: Panel; help?: unknown; zoomed: boolean}, columns: number, leftWidth: number): boolean {
	if (props.mode !== 'manual' || props.help || props.zoomed) return false;
	if (props.focus === 'connection' || props.focus === 'composer') return false;
	return columns - leftWidth < LOG_COLUMNS_WANTED;
}

type FoldedPanelsProps = {
	form: FormState;
	info: ConnectionInfo & Pick<SessionSnapshot, 'steps'>;
	width: number;
};

export function FoldedPanels({form, info, width}: FoldedPanelsProps) {
	const theme = useTheme();
	const view = connectionView(info);
	const state = ` ${connectionLabel(view)} `;
	// Once the log's note at start scrolls away, nothing else on screen says the session speaks LMTP.
	const protocol = info.target.lmtp ? ' LMTP' : '';
	const {parts} = targetParts(form, info);
	const address = printable(parts.port === '' ? parts.host : `${parts.host}:${parts.port}`);
	const tab = keyFor('focus.next');
	// Longest first: the way back to the panels goes before the host is cut.
	const tails = [` ${GLYPH.separator} connection and message panels folded: ${tab} to them`, ` ${GLYPH.separator} panels folded: ${tab}`, ''];
	const full = loginPart(form, info);
	const roomBeside = (tail: string, login: string) => width - textWidth(state) - protocol.length - textWidth(login) - textWidth(tail);
	const whole = (tail: string) => {
		const layout = targetLayout(parts, roomBeside(tail, full));
		return layout.text.endsWith(address) && (layout.badge?.length ?? 0) + textWidth(layout.text) <= roomBeside(tail, full);
	};
	const found = tails.find(whole);
	const tail = found ?? '';
	// Short of room for all: the way back goes, then the login keeps its first columns and the host is cut in its middle.
	const login = found === undefined ? truncateText(full, Math.min(textWidth(full), LOGIN_COLUMNS)) : full;
	const room = (end: string) => roomBeside(end, login);
	const target = targetLayout(parts, room(tail));
	return (
		<Box width={width} height={FOLDED_ROWS} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold {...(view === 'failed' && {color: theme.error})}>
					{truncateText(state, width)}
				</Text>
				{protocol ? <Text bold>{protocol}</Text> : null}
				{target.badge ? (
					<Text color={theme.accent} bold inverse>
						{target.badge}
					</Text>
				) : null}
				{truncateText(target.text, Math.max(0, room(tail) - (target.badge?.length ?? 0)))}
				{login}
				<Text {...secondary(theme)}>{tail}</Text>
			</Text>
		</Box>
	);
}
