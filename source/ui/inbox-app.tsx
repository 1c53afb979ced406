// `smtp-tui inbox`'s screen: where serve's sandbox listens, the dashboard's inbox (its list, the opened message, its
// state and keys), serve's own log lines (scrolled with the protocol log's keys: Tab moves between the two), and a
// footer of keys from the binding table.
// Every message here comes from another program: the dashboard's marks for such mail do not apply.
import React, {useMemo, useRef, useState, useSyncExternalStore} from 'react';
import {Box, Text} from 'ink';
import type {Mailbox} from '../sandbox/mailbox.js';
import {countOf, groupDigits} from '../smtp/digits.js';
import {inboxBadge, inboxTitleOf} from './components/dashboard.js';
import {filteredItems, listRows} from './components/inbox-filter.js';
import {inboxIndex, inboxLetGo, type DashboardEnvironment, type DashboardState} from './components/dashboard-state.js';
import {fitText, printable, textWidth, truncateText, wrapText} from './components/display-text.js';
import type {CaughtLines} from '../headless/catcher.js';
import {logPanelRows, logPanelView, pinnedRowCount} from './inbox-log.js';
import {quitCost} from './inbox-quit.js';
import {Inbox, messageLayout, messageTabs, type InboxItem, type InboxMessage, type InboxOpen} from './components/inbox.js';
import {Panel, panelInner} from './components/panel.js';
import {TooSmall} from './components/too-small.js';
import {useDashboardState} from './hooks/use-dashboard-keys.js';
import {useInbox} from './hooks/use-inbox.js';
import {saveOpenedMessage} from './save-message-action.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {sharedThrottle} from '../session/throttle.js';
import {BINDINGS, bindingById, hintIn, keyFor, keyLabels, type Binding, type BindingId, type KeyContext, type Panel as Focus} from './keys/bindings.js';
import {activeBindings, useKeyRouter, type KeyHandlers} from './keys/router.js';
import {secondary, useTheme, withGlyphs} from './theme.js';

/** The bindings this screen acts on; any other key says that it does nothing here. */
export const OWN: readonly BindingId[] = [
	'inbox.open',
	'inbox.filter',
	'inbox.filterKeep',
	'inbox.filterClear',
	'inbox.back',
	'inbox.nextTab',
	'inbox.prevTab',
	'inbox.save',
	'view.up',
	'view.down',
	'view.pageUp',
	'view.pageDown',
	'view.home',
	'view.end',
	'focus.next',
	'focus.prev',
	'log.up',
	'log.down',
	'log.pageUp',
	'log.pageDown',
	'log.home',
	'log.end',
	'help.toggle',
	'help.close',
	'app.quit',
];

/** The keys that edit the filter's line while it is typed: not listed in this screen's help, which the line's own keys would fill. */
const TYPING: readonly BindingId[] = BINDINGS.filter(binding => binding.scopes.includes('line')).map(binding => binding.id);

/** Tab and Shift+Tab move between these two, as between the dashboard's panels. */
const PANELS: readonly Focus[] = ['inbox', 'log'];

/**
 * q at the list quits too, as in less and top: nothing here takes typing (in a message and in the help it goes back,
 * as the table says). In the dashboard q is text, so it is not in the table.
 */
const QUIT_LETTER = 'q';
const QUIT_WORDS = `Quit: stop the server as serve stops (open sessions get 421 4.3.2); ${QUIT_LETTER} at the list asks first while sessions are open or messages are not saved (no --save-dir)`;

const TOO_SMALL_HINT = `Enlarge the window, make the font smaller, or in tmux zoom the pane (prefix z); the server keeps catching mail meanwhile. Until then keys do nothing; ${QUIT_LETTER} or Ctrl+C quits.`;

/**
 * New mail and the server's log lines are drawn at most this often (the last change never lost; a message after a
 * quiet spell at once): an app's test suite sends hundreds of messages a second, and a redraw per message held its
 * SMTP sessions ~8 times as long as serve's. Each frame costs Ink ~5-25 ms (the whole screen laid out and styled
 * again): four a second, not ten, during a burst of 300 saves ~120 ms of CPU on a loaded machine (29 frames to 10).
 */
const INBOX_SETTLE_MS = 250;

/** Smaller than this, the screen says so instead (the dashboard needs 80x23; this layout works smaller). */
const INBOX_MIN_COLUMNS = 60;
const INBOX_MIN_ROWS = 16;

type InboxAppProps = {
	mailbox: Mailbox;
	/** serve's log lines as they come (see CaughtLog). */
	log: {get: () => CaughtLines; subscribe: (listener: () => void) => () => void};
	/** serve's start-up lines, for the top line: where it listens, and the login it takes. */
	startLines: readonly string[];
	/** Sessions open now: q asks before it ends them. */
	openSessions: () => number;
	onQuit: () => void;
	/** --presenter: no times in the list, as the dashboard's (the theme draws nothing faint). */
	presenter?: boolean;
	pastesMarked?: boolean;
	/** What the empty inbox offers to try: `smtp-tui send` aimed at this server, trusting its certificate. */
	tryCommand?: string;
};

/** "listening on 127.0.0.1:2525 (SMTP, STARTTLS) and ...; AUTH demo/demo", from what serve said at start. */
function whereItListens(startLines: readonly string[]): string {
	const listening = startLines.filter(line => line.startsWith('listening on '));
	// "AUTH demo/demo", "AUTH any login": the methods are in the log; the login is what an app's settings need.
	const auth = startLines
		.find(line => line.startsWith('AUTH '))
		?.replace(/^AUTH [A-Z0-9 -]+ with /, 'AUTH ')
		.replace(/any user name and password \(--any-login\)$/, 'any login');
	const where = listening.map((line, index) => (index === 0 ? line : line.slice('listening on '.length))).join(' and ');
	return [where, auth].filter(Boolean).join('; ');
}

/** Rows the log panel may grow by for its pinned lines (the certificate takes 3 at 80 columns), and the inbox's rows it keeps. */
const PINNED_GROWTH = 3;
const INBOX_KEPT_ROWS = 10;

/**
 * The layout: a top line, the inbox (or the keys), the log's rows, the footer; the root is rows - 1 (see
 * ink6-notes). `pinned`: the rows the log's pinned lines take, some of which it is given besides its own.
 */
function geometry(columns: number, rows: number, pinned = 0) {
	const height = rows - 1;
	const base = Math.max(3, Math.min(8, Math.floor((height - 2) / 4)));
	const logInner = base + Math.max(0, Math.min(pinned, PINNED_GROWTH, height - 2 - (base + 3) - INBOX_KEPT_ROWS));
	const logHeight = logInner + 3;
	const middle = height - 2 - logHeight;
	// The help covers the log too.
	return {height, logHeight, middle, helpHeight: middle + logHeight, helpRows: panelInner(columns, middle + logHeight).height, tooSmall: columns < INBOX_MIN_COLUMNS || rows < INBOX_MIN_ROWS};
}

/** Where the dashboard's words for a key do not fit this screen (nothing here takes text; quitting stops the server). */
const OWN_WORDS: Partial<Record<BindingId, string>> = {
	'app.quit': QUIT_WORDS,
	'help.toggle': 'Show or hide these keys',
	'focus.next': 'Move between the inbox and the server log (the focused one has the double frame)',
	'focus.prev': 'The same (there are only the two)',
	'log.up': 'Server log: scroll up one line',
	'log.down': 'Server log: scroll down one line',
	'log.pageUp': 'Server log: scroll up a page (stops following; the pinned lines stay at its top)',
	'log.pageDown': 'Server log: scroll down a page',
	'log.home': 'Server log: its oldest line kept (the newest 500 are)',
	'log.end': 'Server log: the newest line, follow new lines again',
	'inbox.filter': 'Filter as you type (subject, sender, recipients, text); Enter keeps it, Esc clears it',
	// On one row at 100 columns, as the filter's: the way to quit stays on the help's first page at 100x30.
	'inbox.save': 'Save the message and its attachments in ./smtp-tui-attachments/message-N-ARRIVAL/',
};

/** Said on the line of / (see OWN_WORDS), not on lines of their own. */
const SAID_WITH_FILTER: ReadonlySet<BindingId> = new Set(['inbox.filterKeep', 'inbox.filterClear']);

/** The help, `width` wide: this screen's keys, from the binding table (q with Ctrl+C); a long description goes on under itself. */
function inboxHelpLines(width: number): string[] {
	const bindings = OWN.filter(id => id !== 'help.close' && !SAID_WITH_FILTER.has(id)).map(bindingById);
	const keys = (id: BindingId) => (id === 'app.quit' ? `${QUIT_LETTER}, ${keyLabels(bindingById(id))}` : keyLabels(bindingById(id)));
	const column = Math.max(...bindings.map(binding => textWidth(keys(binding.id)))) + 2;
	const described = (binding: Binding) =>
		wrapText(withGlyphs(OWN_WORDS[binding.id] ?? binding.description), Math.max(10, width - column)).map((row, index) => `${(index === 0 ? keys(binding.id) : '').padEnd(column)}${row}`);
	return [...bindings.flatMap(described), '', `${bindingById('help.close').keys.map(key => key.label).join(' or ')} closes this help.`];
}

/**
 * `where` told shorter, a step at a time, the address and the login kept whole: without "listening on ", then with
 * each listener's protocol in one word ("(SMTPS)"), then without it.
 */
function shorterWheres(where: string): string[] {
	const bare = where.replace(/^listening on /, '');
	const oneWord = bare.replace(/ \((SMTPS?), [^)]*\)/g, ' ($1)');
	return [bare, oneWord, oneWord.replace(/ \(SMTPS?\)/g, '')];
}

/**
 * The top line's parts, the fullest that fits `columns` whole: where it listens and its login come first (where to
 * point an app), then the count (the Inbox panel's title has it too), then the name; then the words around the
 * address and the login go (shorterWheres); else cut at the end.
 */
export function topLine(where: string, count: string, columns: number): {name: string; where: string; count?: string} {
	const fits = (name: string, told: string, withCount: boolean) => textWidth(name) + 1 + textWidth(told) + (withCount ? 2 + textWidth(count) : 0) <= columns;
	for (const [name, withCount] of [[' smtp-tui inbox ', true], [' inbox ', true], [' inbox ', false]] as const) {
		// The count at the right end.
		if (fits(name, where, withCount)) return {name, where: withCount ? fitText(where, columns - textWidth(name) - 3 - textWidth(count)) : where, ...(withCount && {count})};
	}
	const shorter = shorterWheres(where);
	return {name: ' inbox ', where: shorter.find(told => fits(' inbox ', told, false)) ?? fitText(shorter.at(-1)!, Math.max(0, columns - 8))};
}

type Shown = {items: readonly InboxItem[]; received: number; message?: InboxMessage};

/** The key context: the inbox or its log has the focus; the help is the only overlay; the filter's line takes typing. */
function keyContext(state: DashboardState, inbox: Shown): KeyContext {
	const filter = state.inboxFilter;
	const typing = filter?.typing === true && state.focus === 'inbox' && !state.inbox.open;
	return {
		focus: state.focus,
		mode: 'auto',
		...(!state.log.scroll.follow && {logScrolled: true}),
		editing: typing ? 'line' : false,
		...(state.help && {overlay: 'help' as const}),
		...(state.inbox.open && {reading: true}),
		...(filteredItems(inbox.items, filter).length === 0 && !state.inbox.open && {emptyList: true}),
		...(filter && state.focus === 'inbox' && (typing ? {filtering: true} : {filtered: true})),
	};
}

/**
 * "Enter open  q quit  Ctrl+G help": the keys that act here now, from the binding table, in `width` columns: where
 * they do not all fit, Tab's goes first, then the others from the right; quit and help stay.
 */
function footerKeys(context: KeyContext, width: number): string {
	const hints = activeBindings(context)
		// In the help q closes it, as Esc does: only the way back is offered there.
		// End only where it acts: on a log scrolled up, as the dashboard's footer offers it.
		.filter(({binding}) => OWN.includes(binding.id) && hintIn(binding, context) && (context.overlay !== 'help' || binding.id === 'help.close') && (binding.id !== 'log.end' || context.logScrolled))
		// The way out before the help, as the dashboard's footer keeps them.
		.sort((a, b) => Number(a.binding.id.startsWith('help.')) - Number(b.binding.id.startsWith('help.')))
		// The help's way out by both its keys, as the help's last line says them.
		// q quits at the list only: in a message it goes back.
		.map(({binding, keys}) => ({id: binding.id, text: `${binding.id === 'app.quit' && !context.reading && !context.editing ? QUIT_LETTER : binding.id === 'help.close' ? keys.map(key => key.label).join('/') : keys[0]!.label} ${hintIn(binding, context)}`}));
	const droppable = hints.filter(hint => hint.id !== 'app.quit' && !hint.id.startsWith('help.')).reverse();
	const order = [...droppable.filter(hint => hint.id === 'focus.next'), ...droppable.filter(hint => hint.id !== 'focus.next')];
	let shown = hints;
	for (const hint of order) {
		if (textWidth(shown.map(({text}) => text).join('  ')) <= width) break;
		shown = shown.filter(other => other !== hint);
	}
	return shown.map(({text}) => text).join('  ');
}

export function InboxApp({mailbox, log, startLines, openSessions, onQuit, presenter = false, pastesMarked, tryCommand}: InboxAppProps) {
	const theme = useTheme();
	const {columns, rows} = useTerminalSize();
	const store = useDashboardState({connection: {}, draft: {from: '', to: '', subject: '', body: ''}, focus: 'inbox'});
	const {state, dispatch, current} = store;
	// New mail and its log lines come together: one throttle for both, so that they are drawn in one frame.
	const settle = useMemo(() => sharedThrottle(INBOX_SETTLE_MS), []);
	const inbox = useInbox(mailbox, state.inbox.selected, state.inbox.open !== undefined, true, undefined, true, settle)!;
	const logSubscribe = useMemo(() => settle(log.subscribe), [log, settle]);
	const caught = useSyncExternalStore(logSubscribe, log.get);
	// `first`: it says where files went (the save key), read whole before the keys, which come back at the next key.
	const [said, setSaid] = useState<{status: string; first?: true} | undefined>(undefined);
	const setStatus = (status: string | undefined, first = false) => setSaid(status === undefined ? undefined : {status, ...(first && {first})});
	const status = said?.status;
	const layout = geometry(columns, rows, pinnedRowCount(caught.pinned, panelInner(columns, 5).width));
	const inner = panelInner(columns, layout.middle);
	// Worked out once per width, not per frame: a burst of mail redraws four times a second.
	const helpWidth = panelInner(columns, layout.helpHeight).width;
	const helpLines = useMemo(() => inboxHelpLines(helpWidth), [helpWidth]);
	const logInner = panelInner(columns, layout.logHeight);

	// The sandbox's messages changed: the newest is followed (unless one is open, or an older one chosen), one let go is
	// said, once (an open one stays open, from the copy parsed when it was opened, until the user goes back). Done as
	// the new rows are drawn, not in an effect after them: the rows and the moved selection are one frame, not two.
	const before = useRef<readonly InboxItem[] | undefined>(undefined);
	const saidLetGo = useRef<string | undefined>(undefined);
	// q's question is on the footer (see askQuit): another line put there in its place ends it.
	const quitAsked = useRef(false);
	if (before.current !== inbox.items) {
		// Its list is always in view: a message let go is said with the focus on the log too.
		const letGo = inboxLetGo({...current(), focus: 'inbox'}, inbox.items);
		const reading = current().inbox.open !== undefined;
		// The list as shown: with a filter, new mail that it does not name is not followed. Before, as shown with the
		// filter typed since (the list was filtered by what it held then).
		const filter = current().inboxFilter;
		dispatch({type: 'inboxChanged', items: filteredItems(inbox.items, filter), before: filteredItems(before.current ?? [], filter)});
		before.current = inbox.items;
		if (letGo !== undefined && letGo !== saidLetGo.current) {
			saidLetGo.current = letGo;
			quitAsked.current = false;
			const kept = groupDigits(inbox.items.length);
			setStatus(reading ? `message ${letGo} was let go (newest ${kept} kept): open here until you go back` : `message ${letGo} was let go: the sandbox keeps the newest ${kept}`, true);
		}
	}

	// Keys read the screen as of the last render and the state as of the last key (a burst sees its own moves).
	const screen = useRef({inbox, inner, layout, caught, logInner});
	screen.current = {inbox, inner, layout, caught, logInner};
	const environment = (): DashboardEnvironment => {
		const {inbox: shown, inner: room, layout: drawn, caught: logShown, logInner: logRoom} = screen.current;
		const {help, inbox: chosen, inboxFilter: filter} = current();
		const opened = chosen.open && shown.message;
		const items = filteredItems(shown.items, filter);
		// Unknown (a scroll not cut short) before the parse and while a big message's rows are counted.
		const viewLines = help ? helpLines.length : opened ? (messageLayout(shown.message!, chosen.open!.tab, room.width).rows ?? Number.MAX_SAFE_INTEGER) : chosen.open ? Number.MAX_SAFE_INTEGER : items.length;
		// An opened message gives a row to its views' tabs, a filtered list to the filter's line.
		const viewRows = help ? drawn.helpRows : chosen.open ? room.height - 1 : listRows(room.height, filter);
		// The opened message's own views (html where it has one), as the dashboard's Right cycles them.
		return {
			logView: logPanelView(logShown, logRoom.width, logRoom.height),
			panels: PANELS,
			bodyRows: 0,
			hasInbox: true,
			inboxItems: items,
			inboxTabs: messageTabs(opened ? shown.message : undefined),
			viewLines,
			viewRows: Math.max(1, viewRows),
		};
	};
	// q at the list with sessions open or messages only in memory asks first (see quitCost); any other key answers no.
	// The mailbox's count, not the list's: the list may be up to INBOX_SETTLE_MS behind.
	const askQuit = () => {
		const cost = quitCost(openSessions(), mailbox.saveDir === undefined ? mailbox.list().length : 0);
		if (cost === undefined || quitAsked.current) return onQuit();
		quitAsked.current = true;
		setStatus(`${cost}: ${QUIT_LETTER} again to stop, Esc to stay`, true);
	};
	const stay = () => {
		const asked = quitAsked.current;
		quitAsked.current = false;
		return asked;
	};
	// A key of the dashboard's (Ctrl+S, Tab) or none at all: said, not swallowed without a word (Esc after q's question stays).
	const nothing = (key: string) => (stay() && key === 'Esc' ? setStatus(undefined) : setStatus(`${key} does nothing here; ${keyFor('help.toggle')} lists the keys`));
	const handlers: KeyHandlers = {};
	for (const {id} of BINDINGS) handlers[id] = () => nothing(keyFor(id));
	for (const id of [...OWN, ...TYPING]) {
		handlers[id] = input => {
			stay();
			setStatus(undefined);
			if (!screen.current.layout.tooSmall) dispatch({type: 'key', id, input, env: environment()});
		};
	}
	handlers['app.quit'] = onQuit;
	// The texts of mail that has just come, read now, not once the server is quiet (see Mailbox.readTextsLater).
	const startFilter = handlers['inbox.filter']!;
	handlers['inbox.filter'] = input => {
		void mailbox.readTexts();
		startFilter(input);
	};
	handlers['inbox.save'] = () => {
		stay();
		setStatus(undefined);
		const {open, selected} = current().inbox;
		if (open && !screen.current.layout.tooSmall) void saveOpenedMessage(mailbox, selected).then(text => setStatus(text, true));
	};
	useKeyRouter(() => keyContext(current(), screen.current.inbox), handlers, {
		pastesMarked,
		unhandled: text => {
			// With a message open and the focus on the log, q goes back still: the footer offers Ctrl+C as quit there.
			if (text === QUIT_LETTER) return current().inbox.open ? handlers['inbox.back']!(text) : askQuit();
			stay();
			// In a message q goes back, so it is named as the way out at the list only.
			setStatus(`typing does nothing here; ${keyFor('help.toggle')} lists the keys${current().inbox.open ? '' : `, ${QUIT_LETTER} quits`}`);
		},
		unbound: nothing,
	});

	if (layout.tooSmall) return <TooSmall columns={columns} rows={rows} minColumns={INBOX_MIN_COLUMNS} minRows={INBOX_MIN_ROWS} hint={quitAsked.current && status !== undefined ? status : TOO_SMALL_HINT} />;

	const context = keyContext(state, inbox);
	const open: InboxOpen | undefined = state.inbox.open && inbox.message ? {message: inbox.message, ...state.inbox.open} : undefined;
	const opening = state.inbox.open !== undefined && open === undefined;
	const items = filteredItems(inbox.items, state.inboxFilter);
	const filter = state.inboxFilter && {...state.inboxFilter, total: inbox.items.length};
	const shown = {items, received: inbox.received, selected: inboxIndex(items, state.inbox.selected), ...(open && {open}), ...(opening && {opening}), ...(filter && {filter})};
	const count = inbox.received > inbox.items.length ? `newest ${groupDigits(inbox.items.length)} of ${countOf(inbox.received, 'message')}` : countOf(inbox.items.length, 'message');
	const top = topLine(whereItListens(startLines), count, columns);
	// One column for the space before the keys; a message said now takes the room of the keys that give way (Tab's
	// first), so "z does nothing here; Ctrl+G lists the keys" is read whole at 80 columns.
	const keys = footerKeys(context, columns - 1 - (status === undefined ? 0 : textWidth(printable(status)) + 2));
	const room = Math.max(0, columns - textWidth(keys) - 3, said?.first && status !== undefined ? Math.min(textWidth(printable(status)), columns - 2) : 0);
	const note = status === undefined ? '' : truncateText(printable(status), room);
	const logShown = logPanelRows(caught, logInner.width, logInner.height, state.log.scroll);
	const {helpRows} = layout;
	const helpTop = Math.min(state.help?.top ?? 0, Math.max(0, helpLines.length - helpRows));
	return (
		<Box flexDirection="column" width={columns} height={layout.height}>
			<Text wrap="truncate-end">
				<Text inverse bold color={theme.accent}>
					{top.name}
				</Text>
				{` ${top.where}`}
				{top.count ? <Text bold>{`  ${top.count}`}</Text> : null}
			</Text>
			{state.help ? (
				<Panel title="Keys" focused width={columns} height={layout.helpHeight}>
					{helpLines.slice(helpTop, helpTop + helpRows).map((line, index) => (
						<Text key={index} wrap="truncate-end">
							{line || ' '}
						</Text>
					))}
				</Panel>
			) : (
				<Panel title={inboxTitleOf(shown)} focused={state.focus === 'inbox'} width={columns} height={layout.middle} badge={inboxBadge(shown, inner, {openedId: open && state.inbox.selected, focused: state.focus === 'inbox'})}>
					<Inbox {...shown} focused={state.focus === 'inbox'} width={inner.width} height={inner.height} times={!presenter} {...(tryCommand !== undefined && {tryCommand})} />
				</Panel>
			)}
			{state.help ? null : (
				<Panel title="Server log" focused={state.focus === 'log'} width={columns} height={layout.logHeight}>
					{logShown.pinned.map((row, index) => (
						<Text key={`pinned${index}`} wrap="truncate-end" color={theme.warning}>
							{row}
						</Text>
					))}
					{logShown.rows.map((row, index) => (
						<Text key={index} wrap="truncate-end">
							{row || ' '}
						</Text>
					))}
					{logShown.indicator === undefined ? null : (
						<Text color={theme.accent} bold wrap="truncate-end">
							{logShown.indicator}
						</Text>
					)}
				</Panel>
			)}
			<Text wrap="truncate-end">
				{note ? <Text bold>{`${note} `}</Text> : null}
				<Text {...secondary(theme)}>{` ${keys}`}</Text>
			</Text>
		</Box>
	);
}
