// The full-screen layout, a pure function of its props (but for the steps' history, which the rail's caption reads
// and which outlives a too-small terminal): step rail on top, connection panel and composer on the
// left, protocol log (command line and inbox below it) on the right, footer at the bottom. The root is rows - 1
// tall: Ink 6.8 clears the screen and scrollback on every render when the output reaches the terminal height.
import React from 'react';
import {Box, Text} from 'ink';
import type {ReplayProgress} from '../../session/replay.js';
import type {SessionSnapshot} from '../../session/types.js';
import {useStepHistory} from '../hooks/use-step-history.js';
import type {TerminalSize} from '../hooks/use-terminal-size.js';
import {keyFor, type Editing, type KeyContext, type Mode, type Panel as PanelId} from '../keys/bindings.js';
import {EARLY_ENTER, KEEP_OPEN, MESSAGE_STOP} from '../key-hints.js';
import {bdatVerb} from '../../smtp/bdat.js';
import type {MessageRoute} from '../message-route.js';
import {useTheme} from '../theme.js';
import type {CommandLineState} from './command-line-state.js';
import {Composer, composerBodyRows} from './composer.js';
import {FoldedPanels, FOLDED_ROWS, foldsLeftColumn} from './folded-panels.js';
import {aimsAtSandbox, aimsAtServedSandbox, ConnectionPanel, connectionLabel, connectionView, extensionsWholeRows, formErrorRows, insecureWarning, startRows, type ExplainExtension} from './connection-panel.js';
import {editingKind, type FormState} from './form-state.js';
import {HelpOverlay, type HelpOptions} from './help-overlay.js';
import {Inbox, inboxRange, type InboxItem, type InboxOpen} from './inbox.js';
import {listRows, type ShownFilter} from './inbox-filter.js';
import type {LogScroll, LogView} from './log-scroll.js';
import {ManualCommandLine, commandLineRows, type ManualCommandLineProps} from './manual-command-line.js';
import {groupDigits} from '../../smtp/digits.js';
import type {Step} from '../../smtp/types.js';
import {nextLine, nextStepRows} from './next-step.js';
import {textWidth} from './display-text.js';
import {Panel, panelInner} from './panel.js';
import {ProtocolLog, createLogView} from './protocol-log.js';
import {railOffer} from './rail-offer.js';
import {footerShowsPromptKeys, StatusBar, statusBarRows, type StatusBarProps} from './status-bar.js';
import {StepPrompt, stepPromptRows} from './step-prompt.js';
import {GROUP_MEANING} from '../../text/pipelined-group.js';
import {XCLIENT_MEANING} from '../../text/xclient-meaning.js';
import {stepMeaning, StepRail, unusedSteps} from './step-rail.js';
import type {TextEditorState} from './text-editor-state.js';
import type {PreviewView} from './data-preview.js';
import {MIN_COLUMNS, MIN_ROWS, REPLAY_HINT, TooSmall} from './too-small.js';
import {CaretShown} from '../terminal-caret.js';
import type {LessonProgress} from '../../lesson/progress.js';
import {LESSONS, stepsLeftOut} from '../../lesson/lessons.js';
import {LessonPanel, lessonRows} from './lesson-panel.js';

export type DashboardProps = {
	size: TerminalSize;
	snapshot: SessionSnapshot;
	/** With --bdat: how the next message goes, as the server last said (see message-route.ts). */
	route?: MessageRoute;
	mode: Mode;
	focus: PanelId;
	/** The help overlay. The step prompt is not passed: it shows whenever step mode has a proposed command. */
	help?: {top: number};
	presenter?: boolean;
	connectionForm: FormState;
	composer: FormState;
	/** The exact DATA bytes, shown instead of the body editor. */
	preview?: PreviewView;
	log: {scroll: LogScroll; expanded: boolean; timestamps?: boolean; zoomed?: boolean};
	/** Present for the sandbox target. `opening`: a message was opened and is still being parsed. `zoomed`: z in the inbox. */
	inbox?: {items: readonly InboxItem[]; received?: number; selected: number; open?: InboxOpen; opening?: boolean; zoomed?: boolean; filter?: ShownFilter};
	/** Present in manual mode. */
	commandLine?: {state: CommandLineState; warning?: string; dataMode?: boolean; bodyLines?: number; body?: readonly string[] | undefined; authAnswer?: boolean; authRefused?: boolean; queued?: number};
	/** The proposed line being edited in step mode. */
	stepEdit?: TextEditorState;
	/** What a paste into that line lost (line breaks, control characters). */
	stepEditNotice?: string | undefined;
	/** A short message for the footer. */
	status?: string;
	/** `smtp-tui replay`: Ctrl+S plays a recording, and the composer only shows the recorded message. */
	replay?: boolean;
	/** Messages the server took on the last connection: the caption of a session that ended without its last one. */
	messagesQueued?: number;
	/** The last play of the recording: the next-step line names what the next Ctrl+S plays. */
	replayProgress?: ReplayProgress;
	/** The optional steps the recording's next connection never takes: skipped on the rail before it plays. */
	replayUnused?: readonly Step[];
	/** Verify is off in the panel (--insecure at start): said before connecting too, not only once a certificate went unchecked. */
	insecure?: boolean;
	/** --dkim-key: how every message is signed, a row of the connection panel (longest first: the first that fits). */
	dkim?: readonly string[];
	explainExtension?: ExplainExtension;
	/** Whole seconds the session has waited on `snapshot.waiting` (the app's clock ticks them). */
	waitedSeconds?: number;
	/** The app's minute clock (ms since the epoch): a certificate's "valid until" turns "expired" while shown. */
	now?: number;
	/** Manual mode, the lesson panel open: the lesson's progress (see lesson-panel.tsx). */
	lesson?: LessonProgress;
	/** Ctrl+L's MX lookup is under way: Esc stops it. */
	mxLookup?: boolean;
};

type Box2 = {width: number; height: number};

/** "Inbox (3)"; once the sandbox let the oldest go (it keeps the newest 1,000), how many it took in all. */
function inboxTitle(shown: number, received = shown): string {
	return received > shown ? `Inbox (newest ${groupDigits(shown)} of ${groupDigits(received)})` : `Inbox (${groupDigits(shown)})`;
}

/** The panel's title: every message listed, a filter or not (its line says how many it names). */
export const inboxTitleOf = (inbox: Pick<NonNullable<DashboardProps['inbox']>, 'items' | 'received' | 'filter'>) => inboxTitle(inbox.filter?.total ?? inbox.items.length, inbox.received);

/**
 * The list keeps the selected message in view: its badge says which are shown when not all are. An opened message's
 * badge is its number, which says which one it is (many may have the same Subject): `#N` where the words do not fit
 * beside the title (80 columns, past the sandbox's cap).
 */
export function inboxBadge(inbox: NonNullable<DashboardProps['inbox']>, inner: {width: number; height: number}, {openedId, focused = true}: {openedId?: string | undefined; focused?: boolean} = {}): string | undefined {
	// `openedId`: the opened message's, where it is no longer listed (smtp-tui inbox keeps it open once let go).
	const opened = inbox.open || inbox.opening ? (openedId ?? inbox.items[inbox.selected]?.id) : undefined;
	// The panel's room for a badge: its title row less the title, its brackets and a space.
	const room = inner.width - textWidth(inboxTitleOf(inbox)) - 3;
	// The list's keys only where they act: with the focus on it.
	if (opened === undefined) return inboxRange(inbox.items.length, inbox.selected, listRows(inner.height, inbox.filter), room, focused);
	const words = `message ${opened}`;
	return textWidth(words) <= room ? words : `#${opened}`;
}

type DashboardGeometry = {
	tooSmall: boolean;
	columns: number;
	/** Root height: rows - 1. */
	height: number;
	railRows: number;
	nextRows: number;
	promptRows: number;
	/** Of the prompt's rows, those that show a pipelined group's lines. */
	promptGroupRows: number;
	middleRows: number;
	connection: Box2;
	composer: Box2;
	log: Box2;
	inbox?: Box2;
	command?: Box2;
	/** Manual mode: the lesson panel, under the command line. */
	lesson?: Box2;
	/** Manual mode: the connection panel and the composer folded to one row above the log (see folded-panels). */
	folded?: Box2;
};

/**
 * Step mode keeps its prompt while the session runs, also while a step waits for its reply: the layout does not
 * jump, and keys pressed then (a second Enter, an `e`) cannot land in the composer and change the message.
 */
function stepPromptShown(props: Pick<DashboardProps, 'mode' | 'snapshot'>): boolean {
	return props.mode === 'step' && (props.snapshot.proposed !== undefined || props.snapshot.busy);
}

/**
 * Whether the step prompt's line may be edited (`e`): not the message itself or a replayed line (`fixed`), nor a line
 * whose display hides a credential (an edit could only send the placeholder).
 */
export function lineEditable(proposed: NonNullable<SessionSnapshot['proposed']>): boolean {
	return !proposed.fixed && !proposed.secret;
}

/** The key router's context for this screen, so keys, footer and help always agree with what is drawn. */
export function dashboardKeyContext(props: DashboardProps): KeyContext {
	const overlay = props.help ? 'help' : stepPromptShown(props) ? (props.stepEdit ? 'stepEdit' : 'step') : undefined;
	let editing: Editing = false;
	if (props.focus === 'connection') editing = editingKind(props.connectionForm);
	else if (props.focus === 'composer') editing = props.preview ? false : editingKind(props.composer);
	else if (props.focus === 'command') editing = 'line';
	else if (props.focus === 'inbox' && props.inbox?.filter?.typing && !props.inbox.open && !props.inbox.opening) editing = 'line';
	return {
		focus: props.focus,
		mode: props.mode,
		overlay,
		editing,
		...(overlay === 'step' && props.snapshot.proposed && !lineEditable(props.snapshot.proposed) && {fixedProposal: true}),
		...(overlay === 'step' && props.snapshot.proposed?.group && {pipelinedGroup: props.snapshot.proposed.group.length}),
		...(overlay === 'step' && props.snapshot.proposed?.chunk && {bdatChunk: props.snapshot.proposed.chunk}),
		...(overlay === 'step' && !props.snapshot.proposed && {stepWaiting: true}),
		...(props.mode === 'step' && props.snapshot.proposed && {stepOffered: true}),
		...(props.focus === 'inbox' && (props.inbox?.open || props.inbox?.opening) && {reading: true}),
		...(props.focus === 'composer' && !props.preview && props.composer.fields[props.composer.active]?.removable && {onExtraHeader: true}),
		...(props.focus === 'inbox' && props.inbox?.items.length === 0 && !props.inbox.open && !props.inbox.opening && {emptyList: true}),
		...(props.replay && {replay: true}),
		...(props.inbox && {hasInbox: true}),
		...(props.lesson && {lessonOpen: true}),
		...(props.mxLookup && {mxLookup: true}),
		...(props.commandLine?.dataMode && {typingBody: true}),
		...(props.log.expanded && {logExpanded: true}),
		...(logZoomed(props) && {logZoomed: true}),
		...(inboxZoomed(props) && {inboxZoomed: true}),
		...(props.focus === 'inbox' && props.inbox?.filter && (props.inbox.filter.typing ? {filtering: true} : {filtered: true})),
		...(!props.log.scroll.follow && {logScrolled: true}),
		...(props.snapshot.connection === 'connected' && !props.snapshot.busy && !props.snapshot.proposed && {idleConnection: true}),
		// Not at a step-mode proposal, which waits on the user, and whose Esc stops.
		...(props.snapshot.busy && !props.snapshot.proposed && {running: true}),
		...(overlay === 'step' && stopHint(props.snapshot.proposed, props.replay)),
	};
}

/**
 * From this many rows up (a projector's 120x40, a big monitor) the panels that cut text short get rows of their own to
 * spare: the inbox a third of the right column, the connection panel its extensions' meanings whole. Below it (80x24,
 * 100x30) every row is spoken for already.
 */
const TALL_ROWS = 40;

/**
 * About how many rows the connection panel's session details take (target, banner, TLS, login, extensions); on a
 * tall terminal (`wrap`: the panel's inner width), each extension's meaning whole, wrapped under its name.
 */
function connectionInfoRows(snapshot: SessionSnapshot, wrap?: {width: number; explain: ExplainExtension | undefined}): number {
	const open = snapshot.connection === 'connected';
	const tls = snapshot.tls && open ? 5 : 0;
	const listed = snapshot.extensions ? snapshot.extensions.keywords.size + 1 : 0;
	const extensions = snapshot.extensions && wrap ? extensionsWholeRows(snapshot.extensions, wrap.width, wrap.explain) : listed;
	const refused = snapshot.refusedCertificate && !open ? 5 : 0;
	return 2 + (snapshot.greeting ? 1 : 0) + tls + refused + (snapshot.authenticated && open ? 1 : 0) + extensions;
}

function statusBarProps(props: DashboardProps, width: number): StatusBarProps {
	const {snapshot} = props;
	return {
		context: dashboardKeyContext(props),
		connection: connectionView(snapshot),
		secure: snapshot.secure,
		unverified: snapshot.tls !== undefined && !snapshot.tls.authorized,
		busy: snapshot.busy && snapshot.proposed === undefined,
		...(snapshot.waiting && props.waitedSeconds !== undefined && {waited: {what: snapshot.waiting.what, seconds: props.waitedSeconds, limitSeconds: Number((snapshot.waiting.timeoutMs / 1000).toFixed(1))}}),
		...(snapshot.sending && {sending: snapshot.sending}),
		...(props.insecure && {insecure: true}),
		...(props.status !== undefined && !enterHeld(props) && {status: props.status}),
		width,
	};
}

/** The step prompt says an Enter was held, in its own row (see StepPrompt's `held`): not the footer. */
const enterHeld = (props: Pick<DashboardProps, 'status' | 'snapshot'>) => props.status === EARLY_ENTER && props.snapshot.proposed !== undefined;

/**
 * The message goes by BDAT (--bdat, and the server offers CHUNKING): the rail and the step prompt say BDAT. As the
 * server last said it (`route`): while EHLO goes again after STARTTLS, the rail does not flicker back to DATA.
 */
const usesBdat = ({route, snapshot}: Pick<DashboardProps, 'route' | 'snapshot'>): boolean => (route === undefined ? snapshot.target.bdat === true && snapshot.extensions?.chunking === true : route === 'bdat');

/**
 * Without presenter captions, what the line on offer means, in the prompt's row of keys where the footer shows them
 * already (a student at their own keyboard gets the step explained before it goes). A credential keeps its note there.
 */
function promptMeaning(props: DashboardProps, width: number): {meaning?: string} {
	const step = props.snapshot.proposed?.step;
	if (props.presenter || !step || props.snapshot.proposed?.secret || !footerShowsPromptKeys(statusBarProps(props, width))) return {};
	// A pipelined group: what pipelining is (the presenter's caption names MAIL alone, so its prompt says it too).
	if (props.snapshot.proposed?.command.verb === 'XCLIENT') return {meaning: XCLIENT_MEANING};
	return {meaning: props.snapshot.proposed?.group ? GROUP_MEANING : stepMeaning(step, usesBdat(props), props.snapshot.target.lmtp === true)};
}

/** The step prompt's rows, and its group's (a pipelined group takes a row a line, as far as the screen spares). */
function stepPromptSize(props: DashboardProps): ReturnType<typeof stepPromptRows> {
	if (!stepPromptShown(props)) return {rows: 0, groupRows: 0};
	return stepPromptRows(props.stepEdit ? undefined : props.snapshot.proposed?.group, props.size.rows, promptMeaning(props, props.size.columns).meaning !== undefined);
}

/** Rows the composer keeps beside an unfocused connection panel: its fields, the body divider and ~10 body lines. */
const COMPOSER_ROWS_KEPT = 22;

/** Below this height (border and title included: ten lines) the log is too short to follow a session: the inbox gives way. */
const LOG_ROWS_WANTED = 13;
const INBOX_ROWS = 6;
/** The panel's border and title. */
const INBOX_FRAME_ROWS = 3;
/** The log's frame and title: the fewest rows it is drawn in. */
const LOG_FRAME_ROWS = 3;

/**
 * The inbox's rows: six or, where six would leave the log short (24 rows with the step prompt or the command line),
 * its title alone when empty, else one line (the selected: the newest). Focused, the rows its list needs (two for the
 * empty inbox's note), up to most of the middle; an open message takes all of that. From TALL_ROWS on, up to a third
 * of the column: as many as its list needs (an open message all of them). The log keeps the rest.
 */
function inboxHeight(inbox: NonNullable<DashboardProps['inbox']>, focused: boolean, middleRows: number, commandRows: number, tall: boolean): number {
	// Every message, a filter or not (with its line): the panel does not shrink and grow as the filter is typed.
	const listed = INBOX_FRAME_ROWS + Math.max(2, inbox.filter?.total ?? inbox.items.length) + (inbox.filter ? 1 : 0);
	const open = inbox.open !== undefined || inbox.opening === true;
	// A tall terminal: up to a third of the column, so messages show without Tab, and the log keeps two thirds and the
	// rows a short list leaves empty (on a 300x90 screen a third is 29 rows: one message would leave 25 of them blank).
	const rows = tall ? Math.max(INBOX_ROWS, Math.min(open ? Infinity : listed, Math.floor((middleRows - commandRows) / 3))) : INBOX_ROWS;
	const unfocused = middleRows - commandRows - rows >= LOG_ROWS_WANTED ? rows : middleRows - commandRows - INBOX_ROWS >= LOG_ROWS_WANTED ? INBOX_ROWS : inbox.items.length === 0 ? 3 : 4;
	if (!focused) return unfocused;
	// The log keeps its frame and title at least: with a lesson panel under the command line, 60% left it none, and
	// the frame grew past the screen.
	const share = Math.min(Math.floor(middleRows * 0.6), middleRows - commandRows - LOG_FRAME_ROWS);
	if (open) return share;
	return Math.min(share, Math.max(unfocused, listed));
}

/** The log has the screen: zoomed, while it or manual mode's command line has the focus (never under the help). */
function logZoomed(props: DashboardProps): boolean {
	return props.log.zoomed === true && !props.help && (props.focus === 'log' || props.focus === 'command');
}

/** The inbox has the screen: zoomed, while it has the focus (never under the help). */
function inboxZoomed(props: DashboardProps): boolean {
	return props.inbox?.zoomed === true && !props.help && props.focus === 'inbox';
}

/** Manual mode's command line as drawn (its rows depend on them: a next step shown whole takes two). */
function commandLineProps(props: DashboardProps, width: number): Omit<ManualCommandLineProps, 'focused'> | undefined {
	const line = props.commandLine;
	if (!line) return undefined;
	const {snapshot} = props;
	const offline = snapshot.connection !== 'connected' && !snapshot.busy && !props.replay;
	return {
		state: line.state,
		warning: line.warning,
		dataMode: line.dataMode,
		bodyLines: line.bodyLines,
		authAnswer: line.authAnswer,
		authRefused: line.authRefused,
		queued: line.queued ?? 0,
		offline,
		// Enter alone would meet the same refusal: the row says what to change first, as presenter mode's line does.
		failed: offline && ((snapshot.result?.ok === false && snapshot.result.kind !== 'stopped') || snapshot.refusedCertificate !== undefined),
		// The lesson panel open says what to do next: the session's own advice ("STARTTLS next") would contradict it.
		...(!props.presenter && !props.lesson && {next: nextLine(props)}),
		expanded: props.log.expanded,
		width,
	};
}

export function dashboardGeometry(props: DashboardProps): DashboardGeometry {
	const {columns, rows} = props.size;
	const height = Math.max(1, rows - 1);
	const railRows = props.presenter ? 2 : 1;
	// Not while the step prompt is on screen: it shows the line itself (and the rail's caption what it means). Nor
	// while the lesson panel is open, as in the footer: the lesson is the guide ("STARTTLS next" beside its MAIL task).
	const nextRows = props.presenter && !props.lesson && !stepPromptShown(props) ? nextStepRows(props, columns).length : 0;
	const {rows: promptRows, groupRows: promptGroupRows} = stepPromptSize(props);
	const footerRows = statusBarRows(statusBarProps(props, columns));
	const middleRows = Math.max(0, height - railRows - nextRows - promptRows - footerRows);
	const zoomed = logZoomed(props);
	const inboxAlone = inboxZoomed(props);
	const unfolded = Math.floor(columns * (columns >= 120 ? 0.4 : 0.45));
	const folded = foldsLeftColumn({mode: props.mode, focus: props.focus, help: props.help, zoomed: zoomed || inboxAlone}, columns, unfolded);
	const leftWidth = zoomed || inboxAlone || folded ? 0 : unfolded;
	const rightWidth = columns - leftWidth;
	// The --insecure warning: two rows, as it wraps in all but the widest panels; --dkim-key's row under the route.
	const ownRows = (insecureWarning(props.snapshot, props.insecure) ? 2 : 0) + (props.dkim === undefined ? 0 : 1);
	// An expired --cert (its date on a second row where the panel is narrow) and TLS 1.0/1.1 allowed: rows of their
	// own, so a collapsed panel does not hide them. They take the place of the row kept for what the session learns,
	// which has its own rows once there is any.
	const {alarms, information} = startRows(props.connectionForm, props.snapshot, panelInner(leftWidth, 0).width, props.now);
	const learnt = alarms > 0 && !information ? 0 : 1;
	// Border and title (3), what the session learnt, and, with the form shown, its fields (in place of the user line)
	// and a field's error: no more, so the composer keeps what the panel would leave empty.
	const formRows = promptRows > 0 ? 0 : props.connectionForm.fields.length - 1 + formErrorRows(props.connectionForm, panelInner(leftWidth, 0).width, props.snapshot);
	// Focused, it may leave the composer five rows (title and two of its own): the form's eight fields and a TLS
	// warning still leave room for what the session learnt at 100x30. Unfocused, its target and login, and on a tall
	// terminal (a projector's 120x40 and up) also what the session learnt, as far as the composer keeps its rows.
	const wrap = rows >= TALL_ROWS ? {width: panelInner(leftWidth, 0).width, explain: props.explainExtension} : undefined;
	const connectionRows =
		props.focus === 'connection'
			? Math.min(Math.max(10, middleRows - 5), Math.max(5 + ownRows + alarms, 3 + ownRows + alarms + connectionInfoRows(props.snapshot, wrap) + formRows))
			: Math.max(4 + learnt + ownRows + alarms, Math.min(4 + ownRows + alarms + connectionInfoRows(props.snapshot, wrap), middleRows - COMPOSER_ROWS_KEPT));
	const commandRows = props.commandLine && !inboxAlone ? commandLineRows(commandLineProps(props, rightWidth)!) : 0;
	// With the command line, under it: what to type next is read where it is typed.
	const lessonRowCount = props.lesson && commandRows > 0 ? lessonRows(props.lesson, rightWidth).length : 0;
	// A lesson folds the folded panels' row away too: the footer says connected, the log what TLS and login did, and
	// the log needs the row for the replies the task asks about (at 80x24 it kept four).
	const foldedRows = folded && lessonRowCount === 0 ? FOLDED_ROWS : 0;
	const inboxRows = inboxAlone ? middleRows : props.inbox && !zoomed ? inboxHeight(props.inbox, props.focus === 'inbox', middleRows, commandRows + foldedRows + lessonRowCount, rows >= TALL_ROWS) : 0;
	return {
		tooSmall: columns < MIN_COLUMNS || rows < MIN_ROWS,
		columns,
		height,
		railRows,
		nextRows,
		promptRows,
		promptGroupRows,
		middleRows,
		connection: {width: leftWidth, height: connectionRows},
		composer: {width: leftWidth, height: middleRows - connectionRows},
		log: {width: rightWidth, height: middleRows - foldedRows - commandRows - lessonRowCount - inboxRows},
		inbox: props.inbox && !zoomed ? {width: rightWidth, height: inboxRows} : undefined,
		command: props.commandLine && !inboxAlone ? {width: rightWidth, height: commandRows} : undefined,
		...(foldedRows > 0 && {folded: {width: rightWidth, height: foldedRows}}),
		...(lessonRowCount > 0 && {lesson: {width: rightWidth, height: lessonRowCount}}),
	};
}

/**
 * Where a message the log shows the first lines of can be read whole: the sandbox's inbox keeps it, and before it
 * goes the preview shows it. A replay has neither (a recording's messages may differ from the composer's).
 */
function wholeMessageAt(props: DashboardProps): string | undefined {
	if (props.inbox) return "see the Inbox's raw view";
	if (props.replay) return undefined;
	return `${keyFor('composer.preview')} shows a message whole before it goes`;
}

/** The log's measurements as drawn, for the scroll reducer (PageUp moves by what is actually visible). */
export function dashboardLogView(props: DashboardProps): LogView {
	const {log} = dashboardGeometry(props);
	const inner = panelInner(log.width, log.height);
	return createLogView({
		entries: props.snapshot.log,
		total: props.snapshot.logTotal,
		...inner,
		expanded: props.log.expanded,
		presenter: props.presenter,
		timestamps: props.log.timestamps,
		wholeMessage: wholeMessageAt(props),
		pending: props.commandLine?.body,
	});
}

/** Esc at the prompt in words, where "stop" would not say what it does to the connection. */
export function stopHint(proposed: SessionSnapshot['proposed'], replay = false): {stopHint?: string} {
	// A replay's Esc ends the replay of this connection, whatever the line (Ctrl+S plays it again from its start).
	if (replay) return proposed ? {stopHint: 'stop the replay'} : {};
	// After a BDAT chunk the server waits for a command, not for text: a stop keeps the connection (RSET comes next).
	if (proposed?.step === 'message' && bdatVerb(proposed.display) === undefined) return {stopHint: MESSAGE_STOP};
	return proposed?.command.verb === 'QUIT' ? {stopHint: KEEP_OPEN} : {};
}

/** Rows of the body editor as drawn: the page size for PageUp/PageDown in the body. */
export function dashboardBodyRows(props: DashboardProps): number {
	const {composer} = dashboardGeometry(props);
	const inner = panelInner(composer.width, composer.height);
	return composerBodyRows(props.composer, props.focus === 'composer', inner.width, inner.height, props.preview !== undefined);
}

/**
 * The inbox's own props: what it shows, not how the dashboard lays it out. `typing`: its filter's line takes the keys
 * (not while the step prompt holds them, where it shows no cursor, as a form's field shows none).
 */
function inboxShown({zoomed: _zoomed, ...inbox}: NonNullable<DashboardProps['inbox']>, typing: boolean): Omit<NonNullable<DashboardProps['inbox']>, 'zoomed'> {
	return inbox.filter?.typing && !typing ? {...inbox, filter: {...inbox.filter, typing: false}} : inbox;
}

/** How a message reaches the sandbox from here, for an empty inbox to say: none while the connection aims elsewhere. */
function inboxSendBy(props: DashboardProps): {sendBy?: 'key' | 'typing'} {
	if (props.replay || !aimsAtSandbox(props.connectionForm, props.snapshot)) return {};
	return {sendBy: props.mode === 'manual' ? 'typing' : 'key'};
}

/**
 * What the help lists: the sandbox's test recipients only while the next connection goes to it, the built-in one or
 * a room's `serve` that greeted the session as a sandbox.
 */
export function helpOptionsOf(props: Pick<DashboardProps, 'replay' | 'inbox' | 'connectionForm' | 'snapshot'>): HelpOptions {
	const sandbox = aimsAtSandbox(props.connectionForm, props.snapshot) || (aimsAtServedSandbox(props.connectionForm, props.snapshot) && 'served');
	return {replay: props.replay === true, inbox: props.inbox !== undefined, sandbox};
}

export function Dashboard(props: DashboardProps) {
	// The help holds the keys while it is open: the terminal's cursor is not left on a field beside or below it.
	return (
		<CaretShown.Provider value={props.help === undefined}>
			<DashboardFrame {...props} />
		</CaretShown.Provider>
	);
}

function DashboardFrame(props: DashboardProps) {
	const theme = useTheme();
	// Here, not in the rail: the too-small screen takes the rail's place, and the history must outlive it.
	const stepHistory = useStepHistory(props.snapshot.steps);
	const geometry = dashboardGeometry(props);
	const {columns} = geometry;
	if (geometry.tooSmall) return <TooSmall columns={columns} rows={props.size.rows} {...(props.replay && {hint: REPLAY_HINT})} {...(props.status !== undefined && {said: props.status})} />;
	const {snapshot, focus} = props;
	const connection = connectionView(snapshot);
	// While the step prompt holds the keys, a form shows no cursor: none invites typing that goes nowhere. Its panel
	// still shows the focus (Tab moves it, and its Ctrl keys work); the log, the inbox and an open preview scroll.
	const formFocus = stepPromptShown(props) && !(focus === 'composer' && props.preview) ? undefined : focus;
	// While the step line is edited it holds every key (Tab included): no panel is framed as focused meanwhile.
	const framed = props.stepEdit === undefined ? focus : undefined;
	const logInner = panelInner(geometry.log.width, geometry.log.height);
	const followBadge = props.log.scroll.follow ? 'following' : 'scrolled';
	return (
		<Box flexDirection="column" width={columns} height={geometry.height} overflow="hidden">
			<StepRail
				steps={snapshot.steps}
				history={stepHistory}
				width={columns}
				presenter={props.presenter}
				closed={snapshot.connection === 'closed'}
				recipients={snapshot.recipients}
				bdat={usesBdat(props)}
				lmtp={snapshot.target.lmtp === true}
				{...(snapshot.startedOverBy && {startedOverBy: snapshot.startedOverBy})}
				messagesQueued={props.messagesQueued ?? 0}
				replyBegun={snapshot.waiting?.begun === true}
				unused={[...unusedSteps(snapshot.target, props.replayUnused, snapshot.extensions), ...(props.lesson ? stepsLeftOut(LESSONS[props.lesson.lesson]!) : [])]}
				{...(snapshot.result?.ok === false ? snapshot.result.kind && {failureKind: snapshot.result.kind} : snapshot.failureKind && {failureKind: snapshot.failureKind})}
				{...railOffer(snapshot.proposed, props.stepEdit)}
			/>
			{geometry.nextRows > 0
				? nextStepRows(props, columns).map((row, index) => (
						<Text key={`next-${index}`} color={theme.accent} bold wrap="truncate-end">
							{row}
						</Text>
					))
				: null}
			{props.help ? (
				<Panel title="Keys" focused width={columns} height={geometry.middleRows}>
					<HelpOverlay {...panelInner(columns, geometry.middleRows)} top={props.help.top} {...helpOptionsOf(props)} />
				</Panel>
			) : (
				<Box width={columns} height={geometry.middleRows}>
					{geometry.connection.width > 0 ? (
						<Box flexDirection="column" width={geometry.connection.width}>
							<Panel title="Connection" focused={framed === 'connection'} badge={connectionLabel(connection)} badgeColor={connection === 'failed' ? theme.error : undefined} {...geometry.connection}>
								<ConnectionPanel
									form={props.connectionForm}
									focused={formFocus === 'connection'}
									info={snapshot}
									insecure={props.insecure === true}
									{...(props.dkim !== undefined && {dkim: props.dkim})}
									explainExtension={props.explainExtension}
									{...(props.now !== undefined && {now: props.now})}
									{...panelInner(geometry.connection.width, geometry.connection.height)}
								/>
							</Panel>
							<Panel title="Message" focused={framed === 'composer'} {...geometry.composer}>
								<Composer
									form={props.composer}
									focused={formFocus === 'composer'}
									preview={props.preview}
									{...panelInner(geometry.composer.width, geometry.composer.height)}
								/>
							</Panel>
						</Box>
					) : null}
					<Box flexDirection="column" width={geometry.log.width}>
						{geometry.folded ? <FoldedPanels form={props.connectionForm} info={snapshot} width={geometry.folded.width} /> : null}
						{geometry.log.height > 0 ? (
							<Panel title="Protocol log" focused={framed === 'log'} badge={followBadge} {...geometry.log}>
								<ProtocolLog
									entries={snapshot.log}
									total={snapshot.logTotal}
									scroll={props.log.scroll}
									expanded={props.log.expanded}
									presenter={props.presenter}
									timestamps={props.log.timestamps}
									wholeMessage={wholeMessageAt(props)}
									manual={props.mode === 'manual' && !props.replay}
									pending={props.commandLine?.body}
									commandFocused={props.focus === 'command'}
									logFocused={props.focus === 'log'}
									{...logInner}
								/>
							</Panel>
						) : null}
						{props.commandLine && geometry.command ? (
							<ManualCommandLine {...commandLineProps(props, geometry.command.width)!} focused={focus === 'command'} />
						) : null}
						{props.lesson && geometry.lesson ? <LessonPanel rows={lessonRows(props.lesson, geometry.lesson.width)} width={geometry.lesson.width} /> : null}
						{props.inbox && geometry.inbox ? (
							<Panel
								title={inboxTitleOf(props.inbox)}
								focused={framed === 'inbox'}
								{...geometry.inbox}
								badge={inboxBadge(props.inbox, panelInner(geometry.inbox.width, geometry.inbox.height), {focused: focus === 'inbox'})}
							>
								<Inbox
									{...inboxShown(props.inbox, formFocus === 'inbox')}
									focused={focus === 'inbox'}
									times={!props.presenter}
									{...inboxSendBy(props)}
									{...panelInner(geometry.inbox.width, geometry.inbox.height)}
								/>
							</Panel>
						) : null}
					</Box>
				</Box>
			)}
			{geometry.promptRows > 0 ? (
				<StepPrompt
					{...(snapshot.proposed && {display: snapshot.proposed.display})}
					editing={props.stepEdit}
					{...(props.stepEditNotice && {notice: props.stepEditNotice})}
					width={columns}
					mode={props.mode}
					fixed={snapshot.proposed?.fixed === true}
					secret={snapshot.proposed?.secret === true}
					{...stopHint(snapshot.proposed, props.replay)}
					replay={props.replay === true}
					preview={focus === 'composer' && props.preview !== undefined}
					{...promptMeaning(props, columns)}
					{...(snapshot.proposed?.group && !props.stepEdit && {group: snapshot.proposed.group, groupRows: geometry.promptGroupRows})}
					{...(snapshot.proposed?.chunk && {chunk: snapshot.proposed.chunk})}
					{...(enterHeld(props) && {held: EARLY_ENTER})}
				/>
			) : null}
			<StatusBar {...statusBarProps(props, columns)} />
		</Box>
	);
}
