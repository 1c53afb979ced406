// Everything the dashboard remembers that is not the session: focus, mode, overlays, forms, scroll positions.
// A pure reducer over binding ids; what a key does to the session (send, quit, ...) is the app's business.
import {MODES, type BindingId, type Mode, type Panel} from '../keys/bindings.js';
import {editActionFor} from '../keys/edit-actions.js';
import {COMMAND_EDIT, createCommandLine, commandLineReducer, commandLineValue, pasteNotice, type CommandLineState} from './command-line-state.js';
import {addHeader, createComposer, isHeaderFieldId, parseHeaderLine, type ComposerDraft} from './composer-form.js';
import {CHECKED_ON_LEAVING, createConnectionForm, type ConnectionSettings} from './connection-form.js';
import {activeField, formReducer, formValue, type FieldError, type FormAction, type FormState} from './form-state.js';
import {NO_UNDO, recordChanges, undoFormAt, undoLast, type UndoState} from './form-undo.js';
import {messageTabs, type InboxItem, type InboxTab} from './inbox.js';
import {editFilter, keepFilter, openFilter, type InboxFilter} from './inbox-filter.js';
import {FOLLOW, scrollLog, type LogScroll, type LogScrollAction, type LogView, type Scrolled} from './log-scroll.js';
import {createText, editText, textValue, type TextEditorState} from './text-editor-state.js';
import {focusTo, unzoom, unzoomAway} from './zoom.js';

/** What the dashboard state knows of an inbox message: its id (the sandbox numbers them as they arrive). */
type InboxId = Pick<InboxItem, 'id'>;

export type DashboardState = {
	focus: Panel;
	/** Where the focus was before manual mode took it to the command line. */
	focusBeforeManual?: Panel;
	mode: Mode;
	presenter: boolean;
	help?: {top: number};
	connectionForm: FormState;
	composer: FormState;
	/** The DATA preview is shown (its bytes come from the message builder), scrolled to `top`. */
	preview?: {top: number};
	/** `zoomed`: the log (with manual mode's command line) has the screen while one of them has the focus. */
	log: {scroll: LogScroll; expanded: boolean; timestamps: boolean; zoomed?: boolean};
	/**
	 * The selected message by its id, not its place: the sandbox lets the oldest go as mail arrives, and every place
	 * would then point one message later. None yet: the first. `open` when it is shown (the app supplies it parsed).
	 */
	inbox: {selected?: string; open?: {tab: InboxTab; top: number}};
	/** The inbox has the screen while it has the focus (z). */
	inboxZoomed?: boolean;
	/** The inbox's filter (/): its list shows only the messages it names (see inbox-filter). */
	inboxFilter?: InboxFilter;
	commandLine: CommandLineState;
	/** The step-mode line being edited before it is sent. */
	stepEdit?: TextEditorState;
	/** What the last insert into the step line lost (a pasted line break or control character), said under it. */
	stepEditNotice?: string;
	/** The composer's and the connection form's states before their last changes (Ctrl+Z). */
	undo: UndoState;
};

/** What the reducer needs to know about the screen as drawn (see uiEnvironment in hooks/use-dashboard-keys). */
export type DashboardEnvironment = {
	logView: LogView<Scrolled>;
	/** Visible rows of the body editor (PageUp/PageDown distance). */
	bodyRows: number;
	hasInbox: boolean;
	/** The inbox's messages, oldest first. */
	inboxItems: readonly InboxId[];
	/** The opened message's views (see messageTabs); absent, the views every message has. */
	inboxTabs?: readonly InboxTab[];
	/** Lines of what view.* scrolls right now (help, preview, opened message) and how many are visible. */
	viewLines: number;
	viewRows: number;
	/** The help's line where the focused panel's section starts: the help opens there. */
	helpStart?: number;
	/** The panels Tab and Shift+Tab move between where not the dashboard's (`smtp-tui inbox`: its inbox and its log). */
	panels?: readonly Panel[];
	/** The proposed step-mode line, for step.edit. */
	proposed?: string;
};

export type DashboardAction =
	| {type: 'key'; id: BindingId; input: string; env: DashboardEnvironment}
	/** The typed manual line was sent: remember it and clear the line. */
	| {type: 'commandSubmitted'; forget?: boolean}
	/** A submitted line did not go (too long, refused): it returns to an empty command line. */
	| {type: 'commandRefused'; line: string}
	/** The step prompt was answered (`sent`, or stopped): drop the edit. */
	| {type: 'stepAnswered'; sent?: boolean}
	/**
	 * The inbox's messages changed (new mail, and at the sandbox's cap the oldest let go): the newest is selected, so
	 * it is in view, unless the user is in the inbox or reading a message; a selected message let go is closed.
	 */
	/** `before`: the list as last changed, for `smtp-tui inbox`'s rule (see catcherInboxChanged); absent, the dashboard's. */
	| {type: 'inboxChanged'; items: readonly InboxId[]; before?: readonly InboxId[]}
	| {type: 'composer'; action: FormAction}
	/** The composer starts again from this message (Ctrl+F's sample, or the sample fitted to a new target): Ctrl+Z undoes it. */
	| {type: 'composerReplaced'; draft: ComposerDraft}
	| {type: 'connection'; action: FormAction}
	/** Fields of the connection panel replaced at once (the MX target): one step for Ctrl+Z. */
	| {type: 'connectionReplaced'; values: ReadonlyArray<readonly [id: string, value: string]>}
	/** A field is wrong (found at Ctrl+S): its panel and the field get the focus, so what is typed next goes there. */
	| {type: 'fieldError'; form: 'composer' | 'connection'; error: FieldError};

export type DashboardInit = {
	connection: Partial<ConnectionSettings>;
	draft: ComposerDraft;
	mode?: Mode;
	presenter?: boolean;
	history?: readonly string[];
	timestamps?: boolean;
	/** The panel focused at start (`smtp-tui inbox` has only the inbox); by default the mode's. */
	focus?: Panel;
};

export function createDashboardState(init: DashboardInit): DashboardState {
	const mode = init.mode ?? 'auto';
	return {
		focus: init.focus ?? (mode === 'manual' ? 'command' : 'composer'),
		mode,
		presenter: init.presenter ?? false,
		connectionForm: createConnectionForm(init.connection),
		composer: createComposer(init.draft),
		log: {scroll: FOLLOW, expanded: false, timestamps: init.timestamps ?? true},
		inbox: {},
		commandLine: createCommandLine(init.history),
		undo: NO_UNDO,
	};
}

/** Tab order: the command line only exists in manual mode, the inbox only for the sandbox. */
export function focusOrder(mode: Mode, hasInbox: boolean): Panel[] {
	return ['connection', 'composer', 'log', ...(mode === 'manual' ? ['command' as const] : []), ...(hasInbox ? ['inbox' as const] : [])];
}

/** Where the selected message is in `items`: none selected yet (or not listed), the first. */
export function inboxIndex(items: readonly InboxId[], selected: string | undefined): number {
	return selected === undefined ? 0 : Math.max(0, items.findIndex(item => item.id === selected));
}

/** The selected message's id when the sandbox let it go while the user was on it: in the inbox, or reading it. */
export function inboxLetGo(state: DashboardState, items: readonly InboxId[]): string | undefined {
	const {selected, open} = state.inbox;
	if (selected === undefined || (state.focus !== 'inbox' && !open)) return undefined;
	return items.some(item => item.id === selected) ? undefined : selected;
}

function inboxChanged(state: DashboardState, items: readonly InboxId[]): DashboardState {
	const newest = items.at(-1)?.id;
	if (inboxLetGo(state, items) !== undefined) {
		// Closed if open. In the inbox, the oldest kept was next to it; elsewhere the newest is selected, as for new mail.
		return {...state, inbox: {selected: state.focus === 'inbox' ? items[0]?.id : newest}};
	}
	const follows = state.inbox.selected === undefined || (state.focus !== 'inbox' && !state.inbox.open);
	return follows && newest !== undefined && newest !== state.inbox.selected ? {...state, inbox: {...state.inbox, selected: newest}} : state;
}

/**
 * A mail catcher shows the mail just sent: with no message open and the selection on the newest (or none), the new
 * newest is selected; one who moved up to read an older message stays there. (In the dashboard the inbox holds still
 * while it has the focus: the user came to it to read.)
 */
function catcherInboxChanged(state: DashboardState, before: readonly InboxId[], items: readonly InboxId[]): DashboardState {
	// A message being read stays open once let go, until the user goes back: a flood must not take it away mid-read.
	if (state.inbox.open && inboxLetGo(state, items) !== undefined) return state;
	// Its list is always in view: with the focus on its log too, it moves as the focused inbox's.
	const after = {...inboxChanged({...state, focus: 'inbox'}, items), focus: state.focus};
	const newest = items.at(-1)?.id;
	// A selection the filter hides is shown on the first row: on the newest only where that row is the last.
	const onNewest = state.inbox.selected === undefined || before[inboxIndex(before, state.inbox.selected)]?.id === before.at(-1)?.id;
	return !state.inbox.open && onNewest && newest !== undefined ? {...after, inbox: {...after.inbox, selected: newest}} : after;
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

/** Where a view.* key moves a position (a top line, or a selected item) that runs from 0 to `last`. */
function viewMove(position: number, id: BindingId, last: number, env: DashboardEnvironment): number {
	const page = Math.max(1, env.viewRows - 1);
	const moves: Partial<Record<BindingId, number>> = {
		'view.up': position - 1,
		'view.down': position + 1,
		'view.pageUp': position - page,
		'view.pageDown': position + page,
		'view.home': 0,
		'view.end': last,
	};
	return clamp(moves[id] ?? position, 0, Math.max(0, last));
}

/** A new top line for a scrolled view, within [0, lines - rows]. */
function scrollView(top: number, id: BindingId, env: DashboardEnvironment): number {
	const last = Math.max(0, env.viewLines - env.viewRows);
	// From where the view shows it: a top set past the end (keys that came before the message was parsed) moves
	// from the end, not from beyond it.
	return viewMove(clamp(top, 0, last), id, last, env);
}

/** An opened message's top at its end: it stays at the end when a resize wraps its lines into more rows. */
export const MESSAGE_END = Number.MAX_SAFE_INTEGER;

/**
 * An opened message's new top. Its rows depend on the width: at the end (End, or scrolled to its last row) it stays
 * there through a resize (MessageView and scrollView clamp MESSAGE_END), not at a row index that then means its top.
 */
function messageTop(top: number, id: BindingId, env: DashboardEnvironment): number {
	const moved = scrollView(top, id, env);
	return id === 'view.end' || (moved > 0 && moved === env.viewLines - env.viewRows) ? MESSAGE_END : moved;
}

const LOG_ACTIONS: Partial<Record<BindingId, LogScrollAction['type']>> = {
	'log.up': 'lineUp',
	'log.down': 'lineDown',
	'log.pageUp': 'pageUp',
	'log.pageDown': 'pageDown',
	'log.home': 'home',
	'log.end': 'end',
};

function withForm(state: DashboardState, action: FormAction): DashboardState {
	if (state.focus === 'connection') return {...state, connectionForm: formReducer(state.connectionForm, action)};
	if (state.focus === 'composer') return {...state, composer: formReducer(state.composer, action)};
	return state;
}

function onView(state: DashboardState, id: BindingId, env: DashboardEnvironment): DashboardState {
	if (state.help) return {...state, help: {top: scrollView(state.help.top, id, env)}};
	if (state.focus === 'composer' && state.preview) return {...state, preview: {top: scrollView(state.preview.top, id, env)}};
	if (state.focus !== 'inbox') return state;
	const {open} = state.inbox;
	if (open) return {...state, inbox: {...state.inbox, open: {...open, top: messageTop(open.top, id, env)}}};
	const items = env.inboxItems;
	const selected = items[viewMove(inboxIndex(items, state.inbox.selected), id, items.length - 1, env)]?.id;
	return selected === undefined ? state : {...state, inbox: {selected}};
}

function onEdit(state: DashboardState, id: BindingId, input: string, env: DashboardEnvironment): DashboardState {
	const action = editActionFor(id, input)!;
	if (state.stepEdit) return {...state, stepEdit: editText(state.stepEdit, action, COMMAND_EDIT), stepEditNotice: action.type === 'insert' ? pasteNotice(action.text) : undefined};
	if (state.focus === 'command') return {...state, commandLine: commandLineReducer(state.commandLine, {type: 'edit', action})};
	if (state.focus === 'inbox' && state.inboxFilter?.typing) return {...state, inboxFilter: editFilter(state.inboxFilter, action)};
	return withForm(state, {type: 'edit', action, pageSize: env.bodyRows});
}

/** Ctrl+Z: the focused form or command line as it was before its last change (nothing to undo: unchanged). */
function undo(state: DashboardState): DashboardState {
	if (state.focus === 'command') {
		// The same state when there was nothing to undo: the footer then says so, not "undone".
		const commandLine = commandLineReducer(state.commandLine, {type: 'undo'});
		return commandLine === state.commandLine ? state : {...state, commandLine};
	}
	const form = undoFormAt(state.focus);
	const undone = form && undoLast(state.undo, form);
	if (!undone) return state;
	return {...state, [form === 'connection' ? 'connectionForm' : 'composer']: undone.form, undo: undone.undo};
}

/** The steps Ctrl+Z can still undo where the focus is. */
export function undoStepsLeft(state: DashboardState): number {
	return state.focus === 'command' ? (state.commandLine.undo?.length ?? 0) : state.undo[undoFormAt(state.focus) ?? 'composer'].length;
}

/**
 * The kind of change a key makes, for undo: keys of one kind in a row in one field are one step (typing one
 * character at a time, Backspace, Delete, stepping through a choice); the others are a step each.
 */
function undoRun(id: BindingId, input: string): string | undefined {
	if ((id === 'edit.insert' && [...input].length === 1) || id === 'edit.newline') return 'type';
	if (id === 'edit.deleteLeft' || id === 'edit.deleteRight') return 'delete';
	if (id === 'choice.next' || id === 'choice.prev') return 'choice';
	return undefined;
}

/** The undo steps a change of the forms makes (see recordChanges). */
function withUndo(before: DashboardState, after: DashboardState, run?: string): DashboardState {
	const undo = recordChanges(after.undo, [['composer', before.composer, after.composer], ['connection', before.connectionForm, after.connectionForm]], run);
	return undo === after.undo ? after : {...after, undo};
}

function cycleTab(state: DashboardState, delta: number, tabs: readonly InboxTab[]): DashboardState {
	const {open} = state.inbox;
	if (!open) return state;
	const tab = tabs[(tabs.indexOf(open.tab) + delta + tabs.length) % tabs.length]!;
	return {...state, inbox: {...state.inbox, open: {tab, top: 0}}};
}

function onKey(state: DashboardState, id: BindingId, input: string, env: DashboardEnvironment): DashboardState {
	if (id.startsWith('edit.')) return onEdit(state, id, input, env);
	if (id.startsWith('view.')) return onView(state, id, env);
	const logAction = LOG_ACTIONS[id];
	if (logAction) return {...state, log: {...state.log, scroll: scrollLog(state.log.scroll, {type: logAction}, env.logView)}};
	switch (id) {
		case 'focus.next':
		case 'focus.prev': {
			const order = env.panels ?? focusOrder(state.mode, env.hasInbox);
			const index = order.indexOf(state.focus);
			const step = id === 'focus.next' ? 1 : -1;
			return focusTo(state, order[(index + step + order.length) % order.length]!);
		}
		case 'mode.cycle': {
			const mode = MODES[(MODES.indexOf(state.mode) + 1) % MODES.length]!;
			// Manual mode focuses its command line; leaving it gives the focus back to where it was. A step line being
			// edited goes with it into the command line (step mode stops there): the edit is not lost.
			if (mode === 'manual') {
				const {stepEdit, stepEditNotice, ...rest} = state;
				const edited = stepEdit && textValue(stepEdit);
				const commandLine = edited ? commandLineReducer(state.commandLine, {type: 'restore', line: edited}) : state.commandLine;
				return {...rest, mode, focus: 'command', focusBeforeManual: state.focus, commandLine};
			}
			const {focusBeforeManual, ...rest} = state;
			const focus = state.focus === 'command' ? (focusBeforeManual ?? 'composer') : state.focus;
			return unzoomAway({...rest, mode, focus});
		}
		case 'help.toggle':
			return {...state, help: state.help ? undefined : {top: env.helpStart ?? 0}};
		case 'help.close':
			return {...state, help: undefined};
		case 'field.next':
			return withForm(state, {type: 'next'});
		case 'field.prev':
			return withForm(state, {type: 'prev'});
		case 'choice.next':
			return withForm(state, {type: 'choice', delta: 1});
		case 'choice.prev':
			return withForm(state, {type: 'choice', delta: -1});
		case 'composer.preview':
			return {...state, preview: state.preview ? undefined : {top: 0}};
		case 'composer.closePreview':
			return {...state, preview: undefined};
		case 'composer.addHeader':
			return {...state, preview: undefined, composer: addHeader(state.composer)};
		case 'composer.removeHeader':
			return {...state, composer: formReducer(state.composer, {type: 'remove'})};
		case 'log.expand':
			return {...state, log: {...state.log, expanded: !state.log.expanded}};
		case 'log.zoom':
			return {...state, log: {...state.log, zoomed: !state.log.zoomed}};
		case 'inbox.zoom':
			return state.inboxZoomed ? unzoom(state) : {...state, inboxZoomed: true};
		case 'inbox.unzoom':
			return unzoom(state);
		case 'manual.historyPrev':
			return {...state, commandLine: commandLineReducer(state.commandLine, {type: 'historyPrev'})};
		case 'manual.historyNext':
			return {...state, commandLine: commandLineReducer(state.commandLine, {type: 'historyNext'})};
		case 'inbox.open': {
			// By id from here on: what opens is the message shown selected, whatever arrives meanwhile.
			const selected = env.inboxItems[inboxIndex(env.inboxItems, state.inbox.selected)]?.id;
			return selected !== undefined && !state.inbox.open ? {...state, inbox: {selected, open: {tab: 'headers', top: 0}}} : state;
		}
		case 'inbox.back':
			return {...state, inbox: {selected: state.inbox.selected}};
		case 'inbox.filter':
			return {...state, inboxFilter: openFilter(state.inboxFilter)};
		case 'inbox.filterKeep':
			return withoutFilter(state, keepFilter(state.inboxFilter));
		case 'inbox.filterClear':
			return withoutFilter(state, undefined);
		case 'inbox.nextTab':
			return cycleTab(state, 1, env.inboxTabs ?? messageTabs(undefined));
		case 'inbox.prevTab':
			return cycleTab(state, -1, env.inboxTabs ?? messageTabs(undefined));
		case 'step.edit':
			return env.proposed === undefined ? state : {...state, stepEdit: createText(env.proposed, {multiline: false}), stepEditNotice: undefined};
		default:
			// Session keys (send, quit, disconnect, step.confirm, ...) change nothing here.
			return state;
	}
}

const atField = (state: DashboardState, id: string) => state.focus === 'connection' && activeField(state.connectionForm).id === id;

/** The composer's extra header field being edited (Ctrl+N's "Name: value"), or undefined. */
const atHeader = (state: DashboardState) => {
	const field = activeField(state.composer);
	return state.focus === 'composer' && isHeaderFieldId(field.id) ? field.id : undefined;
};

/** Why a composer header field left as it is would be refused at Ctrl+S (a name that is not ASCII), or undefined. */
function headerError(form: FormState, id: string): FieldError | undefined {
	const line = formValue(form, id);
	const parsed = line.trim() === '' ? undefined : parseHeaderLine(line);
	return parsed && 'error' in parsed ? {field: id, message: parsed.error} : undefined;
}

/**
 * After a key: leaving the connection panel ends a password's typing (its mask is fixed again), and leaving the
 * Port or EHLO field or an extra header checks it as Ctrl+S will, so what would be refused is said before, on the field;
 * leaving the inbox while its filter is typed keeps the filter (see filterLeft).
 */
function leftFields(before: DashboardState, after: DashboardState): DashboardState {
	const form = after.connectionForm;
	const left = Object.keys(CHECKED_ON_LEAVING).find(id => atField(before, id) && !atField(after, id));
	const error = left !== undefined && form.error === undefined ? CHECKED_ON_LEAVING[left]!(formValue(form, left).trim()) : undefined;
	const header = atHeader(before);
	const refused = header !== undefined && header !== atHeader(after) && after.composer.error === undefined ? headerError(after.composer, header) : undefined;
	const checked = refused ? {...after, composer: formReducer(after.composer, {type: 'error', error: refused})} : after;
	return filterLeft(blurred(error ? {...checked, connectionForm: formReducer(form, {type: 'error', error})} : checked));
}

/** The inbox's filter replaced; none: the key is gone from the state. */
function withoutFilter(state: DashboardState, filter: InboxFilter | undefined): DashboardState {
	const {inboxFilter: _old, ...rest} = state;
	return filter === undefined ? rest : {...rest, inboxFilter: filter};
}

/** The focus left the inbox while its filter was typed (Tab): the filter is kept, as Enter keeps it, not left taking keys unseen. */
function filterLeft(state: DashboardState): DashboardState {
	return state.focus !== 'inbox' && state.inboxFilter?.typing ? withoutFilter(state, keepFilter(state.inboxFilter)) : state;
}

function blurred(state: DashboardState): DashboardState {
	return state.focus === 'connection' || !state.connectionForm.typing ? state : {...state, connectionForm: formReducer(state.connectionForm, {type: 'blur'})};
}

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
	switch (action.type) {
		case 'key':
			if (action.id === 'form.undo') return undo(state);
			return withUndo(state, leftFields(state, onKey(state, action.id, action.input, action.env)), undoRun(action.id, action.input));
		case 'commandSubmitted':
			// Like a terminal, typing brings the log back to its end, where the reply will be.
			return {...state, commandLine: commandLineReducer(state.commandLine, {type: 'submit', ...(action.forget && {forget: true})}), log: {...state.log, scroll: FOLLOW}};
		case 'commandRefused':
			return commandLineValue(state.commandLine) === '' ? {...state, commandLine: commandLineReducer(state.commandLine, {type: 'restore', line: action.line})} : state;
		case 'stepAnswered': {
			// A line sent brings the log back to its end, where its reply will be, as typing one in manual mode does.
			const answered = action.sent ? {...state, log: {...state.log, scroll: FOLLOW}} : state;
			return answered.stepEdit ? {...answered, stepEdit: undefined, stepEditNotice: undefined} : answered;
		}
		case 'inboxChanged':
			return action.before ? catcherInboxChanged(state, action.before, action.items) : inboxChanged(state, action.items);
		case 'composer':
			return {...state, composer: formReducer(state.composer, action.action)};
		case 'composerReplaced':
			return withUndo(state, {...state, preview: undefined, composer: createComposer(action.draft)});
		case 'connection':
			return {...state, connectionForm: formReducer(state.connectionForm, action.action)};
		case 'connectionReplaced': {
			const connectionForm = action.values.reduce((form, [id, value]) => formReducer(form, {type: 'set', id, value}), state.connectionForm);
			return withUndo(state, {...state, connectionForm});
		}
		case 'fieldError': {
			const key = action.form === 'connection' ? 'connectionForm' : 'composer';
			const focused = formReducer(state[key], {type: 'focus', id: action.error.field});
			return unzoomAway(blurred({...state, focus: action.form, [key]: formReducer(focused, {type: 'error', error: action.error})}));
		}
	}
}
