// Wires the dashboard together: dashboard state + session snapshot → Dashboard props, and the one key router
// whose UI keys go to the dashboard reducer and whose session keys go to the app's handlers.
import {useRef, useState} from 'react';
import type {ReplayProgress} from '../../session/replay.js';
import type {SessionSnapshot} from '../../session/types.js';
import type {Step} from '../../smtp/types.js';
import {commandLineValue} from '../components/command-line-state.js';
import type {ExplainExtension} from '../components/connection-panel.js';
import {verifyOff} from '../components/connection-form.js';
import {
	dashboardBodyRows,
	dashboardGeometry,
	dashboardKeyContext,
	helpOptionsOf,
	dashboardLogView,
	lineEditable,
	type DashboardProps,
} from '../components/dashboard.js';
import {
	createDashboardState,
	dashboardReducer,
	inboxIndex,
	undoStepsLeft,
	type DashboardAction,
	type DashboardEnvironment,
	type DashboardInit,
	type DashboardState,
} from '../components/dashboard-state.js';
import {previewNoteRows} from '../components/data-preview.js';
import {previewLayout} from '../components/preview-layout.js';
import type {PreviewShown} from './use-data-preview.js';
import type {MessageRoute} from '../message-route.js';
import {helpLines, helpStart} from '../components/help-overlay.js';
import {messageLayout, messageTabs, type InboxItem, type InboxMessage, type InboxOpen} from '../components/inbox.js';
import {filteredItems, listRows} from '../components/inbox-filter.js';
import {panelInner} from '../components/panel.js';
import {NOT_UTF8, textValue} from '../components/text-editor-state.js';
import {BINDINGS, bindingById, type BindingId, type KeyContext} from '../keys/bindings.js';
import {useKeyRouter, type KeyHandlers} from '../keys/router.js';
import type {TerminalSize} from './use-terminal-size.js';
import type {LessonProgress} from '../../lesson/progress.js';

/** What keys do to the session. Each is optional so the app can grow into them (check, transcripts). */
export type SessionKeyHandlers = Partial<{
	send: () => void;
	quit: () => void;
	disconnect: () => void;
	saveTranscript: () => void;
	/** s in an opened inbox message: save it and its attachments. */
	saveMessage: () => void;
	check: () => void;
	/** Look up the first recipient's MX and target it (again: the next MX host). */
	mx: () => void;
	/** Esc while that lookup runs: stop it. */
	stopMx: () => void;
	/** Step mode: send the proposed line, or the edited one. */
	confirmStep: (editedLine?: string) => void;
	stopStep: () => void;
	/** Manual mode: send a typed line. */
	sendLine: (line: string) => void;
	/** Manual mode: whether a line may be kept in the history (body lines and secrets are not). */
	remembers: (line: string) => boolean;
	/** Ctrl+F: the composer goes back to the sample message (the app asks for a second press first). */
	resetDraft: () => void;
	/** Ctrl+R removed an extra header. */
	removedHeader: () => void;
	/** Ctrl+R where the cursor is on no extra header: it removed nothing, say what it does. */
	noHeaderHere: () => void;
	/** Ctrl+Z or Ctrl+_ (`key`: "z", "_") in a form or the command line: the steps left to undo there, or undefined when there was none. */
	undo: (left: number | undefined, key: string) => void;
	/** Text typed where no field takes it (the step prompt has the keys): the app can say where typing goes. */
	strayText: (context: KeyContext, input: string) => void;
	/** Ctrl+T: the app calls `cycle` to switch, or says why not now. */
	cycleMode: (cycle: () => void) => void;
	/** An Enter just after the step prompt went away was not passed on (see STEP_ENTER_GRACE_MS): say so. */
	lateEnter: () => void;
	/** An Enter reached the panel again after lateEnter: what the footer said about the one held back is stale. */
	enterPassed: () => void;
	/** An Enter just after a new line appeared at the step prompt did not send it (see STEP_LINE_SETTLE_MS): say so. */
	earlyEnter: () => void;
	/** The user moved on (another panel, the preview opened or closed): the footer's message is about before. */
	movedOn: () => void;
	/** A key that changes the message (Ctrl+N, Ctrl+R, Ctrl+F) pressed at the step prompt: it did nothing, say why. */
	heldAtStep: (id: BindingId) => void;
	/** A key that does nothing here, by its name (a chord no binding takes, Alt+X in a field or Ctrl+_; Esc; Ctrl+D on
	 * an empty command line): it did nothing, say so. */
	unboundKey: (chord: string, context: KeyContext) => void;
	/** A bound key is about to act: what an unbound key before it said is no longer about the last key. */
	keyActs: () => void;
	/** Manual mode: the lesson panel's key (open, hint, close; at a lesson's end, the next one). */
	lesson: () => void;
}>;

/** What the screen shows besides the dashboard state. */
export type DashboardScreen = {
	size: TerminalSize;
	snapshot: SessionSnapshot;
	/** With --bdat: how the next message goes, as the server last said (see message-route.ts). */
	route?: MessageRoute;
	/** Sandbox target: the captured messages, and the parsed selected one when it is open. */
	/** `received`: every message the sandbox took; more than the items once the oldest were let go. */
	inbox?: {items: readonly InboxItem[]; received?: number; message?: InboxMessage};
	/** The exact DATA bytes while the preview is on, why the message cannot be built, or that they are being built. */
	preview?: PreviewShown;
	/** Said above the preview's bytes (after a send: they are the next message's). */
	previewNote?: string;
	status?: string;
	replay?: boolean;
	/** The last play of the recording (none yet: undefined). */
	replayProgress?: ReplayProgress;
	replayUnused?: readonly Step[];
	explainExtension?: ExplainExtension;
	/** Manual mode: the engine's warning for the last line, and whether DATA body entry is on. */
	commandWarning?: string;
	dataMode?: boolean;
	bodyLines?: number;
	body?: readonly string[];
	/** Manual mode: the next line answers a 334 challenge (masked while typed). */
	authAnswer?: boolean;
	/** Manual mode: an AUTH got no challenge and did not log in: a line that is no command is masked while typed. */
	authRefused?: boolean;
	/** Typed lines waiting behind the one the server has not answered yet. */
	linesQueued?: number;
	/** Messages the server took on the last connection. */
	messagesQueued?: number;
	/** The lesson's progress: drawn in manual mode while its panel is open. */
	lesson?: LessonProgress;
	/** Ctrl+L's MX lookup is under way (Esc stops it). */
	mxLookup?: boolean;
	/** --dkim-key: the connection panel's row saying how messages are signed, longest first (see dkimPanelTexts). */
	dkim?: readonly string[];
};

/** The preview's content as the composer draws it: bytes and counts, an error, or a build under way (no bytes yet). */
const previewContent = (shown: PreviewShown) => ('bytes' in shown ? shown : 'error' in shown ? {bytes: '', error: shown.error} : {bytes: '', building: true as const});

/** The inbox as drawn: the messages its filter names (all, without one), the selected one among them. */
function inboxProps(inbox: NonNullable<DashboardScreen['inbox']>, state: DashboardState, open: InboxOpen | undefined, opening: boolean): NonNullable<DashboardProps['inbox']> {
	const filter = state.inboxFilter;
	const items = filteredItems(inbox.items, filter);
	return {
		items,
		...(inbox.received !== undefined && {received: inbox.received}),
		selected: inboxIndex(items, state.inbox.selected),
		open,
		...(opening && {opening: true}),
		...(state.inboxZoomed && {zoomed: true}),
		...(filter && {filter: {...filter, total: inbox.items.length}}),
	};
}

export function toDashboardProps(state: DashboardState, screen: DashboardScreen): DashboardProps {
	const {inbox} = screen;
	const open = state.inbox.open && inbox?.message ? {message: inbox.message, ...state.inbox.open} : undefined;
	// Opened, its message still being parsed: keys typed right behind Enter (Right, Down) already act on it.
	const opening = state.inbox.open !== undefined && open === undefined;
	return {
		size: screen.size,
		snapshot: screen.snapshot,
		...(screen.route && {route: screen.route}),
		mode: state.mode,
		focus: state.focus,
		help: state.help,
		presenter: state.presenter,
		connectionForm: state.connectionForm,
		composer: state.composer,
		preview:
			state.preview && screen.preview
				? {...previewContent(screen.preview), top: state.preview.top, ...(screen.previewNote !== undefined && {note: screen.previewNote})}
				: undefined,
		log: state.log,
		inbox: inbox ? inboxProps(inbox, state, open, opening) : undefined,
		commandLine: state.mode === 'manual' ? {state: state.commandLine, warning: screen.commandWarning, dataMode: screen.dataMode, bodyLines: screen.bodyLines, body: screen.body, authAnswer: screen.authAnswer, authRefused: screen.authRefused, queued: screen.linesQueued ?? 0} : undefined,
		stepEdit: state.stepEdit,
		stepEditNotice: state.stepEditNotice,
		status: screen.status,
		...(screen.replay && {replay: true}),
		...(screen.replayProgress && {replayProgress: screen.replayProgress}),
		...(screen.replayUnused && {replayUnused: screen.replayUnused}),
		...(screen.messagesQueued !== undefined && {messagesQueued: screen.messagesQueued}),
		...(screen.dkim !== undefined && {dkim: screen.dkim}),
		...(screen.lesson?.open && state.mode === 'manual' && {lesson: screen.lesson}),
		...(screen.mxLookup && {mxLookup: true}),
		// Verify off in the panel (--insecure fills it at start): what the next connection does, said before it.
		...(verifyOff(state.connectionForm) && {insecure: true}),
		explainExtension: screen.explainExtension,
	};
}

/** The reducer's view of the screen as drawn: page sizes and line counts. */
function uiEnvironment(props: DashboardProps): DashboardEnvironment {
	const geometry = dashboardGeometry(props);
	const bodyRows = dashboardBodyRows(props);
	let viewLines = 0;
	let viewRows = 1;
	// The help as drawn over the panels: open, what it scrolls; closed, where it opens.
	const helpInner = panelInner(geometry.columns, geometry.middleRows);
	const helpOptions = helpOptionsOf(props);
	if (props.help) {
		viewLines = helpLines(helpInner.width, helpOptions).length;
		viewRows = helpInner.height - 1;
	} else if (props.focus === 'composer' && props.preview) {
		const width = geometry.composer ? panelInner(geometry.composer.width, geometry.composer.height).width : 0;
		viewLines = geometry.composer ? previewLayout(props.preview.bytes, width).rows : 0;
		viewRows = bodyRows - 1 - previewNoteRows(props.preview.note, width).length;
	} else if (props.focus === 'inbox' && props.inbox && geometry.inbox) {
		const inner = panelInner(geometry.inbox.width, geometry.inbox.height);
		const {open, opening} = props.inbox;
		// Not parsed yet, or a big one's rows still being counted: its length is unknown, so a scroll is not cut short (the view clamps it when drawn).
		viewLines = open ? (messageLayout(open.message, open.tab, inner.width).rows ?? Number.MAX_SAFE_INTEGER) : opening ? Number.MAX_SAFE_INTEGER : props.inbox.items.length;
		viewRows = open || opening ? inner.height - 1 : listRows(inner.height, props.inbox.filter);
	}
	return {
		logView: dashboardLogView(props),
		bodyRows,
		hasInbox: props.inbox !== undefined,
		inboxItems: props.inbox?.items ?? [],
		inboxTabs: messageTabs(props.inbox?.open?.message),
		viewLines,
		viewRows: Math.max(1, viewRows),
		helpStart: props.help ? 0 : helpStart(helpInner.width, helpOptions, dashboardKeyContext(props)),
		// The message itself is edited in the composer, and a replayed line has its reply recorded: neither is edited here.
		proposed: props.snapshot.proposed && lineEditable(props.snapshot.proposed) ? props.snapshot.proposed.display : undefined,
	};
}

export type DashboardStore = {
	state: DashboardState;
	dispatch: (action: DashboardAction) => void;
	/** The state after every action dispatched so far, even before React re-renders (keys can come faster). */
	current: () => DashboardState;
};

/** The dashboard state, readable right after a dispatch: a paste and the Enter that follows it see each other. */
export function useDashboardState(init: DashboardInit | (() => DashboardInit)): DashboardStore {
	const ref = useRef<DashboardState | undefined>(undefined);
	ref.current ??= createDashboardState(typeof init === 'function' ? init() : init);
	const [state, setState] = useState(ref.current);
	const store = useRef<Omit<DashboardStore, 'state'>>({
		dispatch(action) {
			ref.current = dashboardReducer(ref.current!, action);
			setState(ref.current);
		},
		current: () => ref.current!,
	});
	return {state, ...store.current};
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * A presenter presses Enter in rhythm through a step session: the Enters after the last step land on whatever the
 * prompt covered (a field moves, the body gets empty lines, which the next Ctrl+S sends). Until Enter has rested
 * this long since the prompt went away (or since the last Enter held back), it is not passed on.
 */
export const STEP_ENTER_GRACE_MS = 1500;
/**
 * The sandbox answers in milliseconds, so the second press of a double Enter (a bounce, a "did it take?") lands on the
 * next line before anyone has read it: DATA went with its whole message, and the 354 was never seen. A rehearsal's
 * second presses came 0.15-0.8 s after the first; reading a new line takes longer than that. An Enter this soon after
 * a line appears is held: a wrong hold costs one more press, a wrong send cannot be taken back.
 */
export const STEP_LINE_SETTLE_MS = 800;
/**
 * Once an Enter was held and the footer asked for another, a press this long after the held one is that answer and
 * sends; one sooner is the third press of the same burst, and is held too.
 */
export const STEP_HELD_AGAIN_MS = 400;
/** Bindings an Enter reaches once no prompt takes it. */
const ENTER_BINDINGS = new Set<BindingId>(['field.next', 'edit.newline', 'inbox.open', 'manual.submit']);
/** Keys that edit or move in a line, with nothing to act on in an empty command line. */
const EMPTY_LINE_KEYS: readonly BindingId[] = ['edit.deleteLeft', 'edit.deleteRight', 'edit.left', 'edit.right', 'edit.home', 'edit.end'];

type KeyOptions = {
	isActive?: boolean;
	pastesMarked?: boolean;
	/** How long a new step line must have been shown before Enter sends it (see STEP_LINE_SETTLE_MS). */
	stepLineSettleMs?: number;
};

/**
 * The app's single key handler: session keys call `session`, every other key goes to the dashboard reducer.
 * Every key is resolved against the state left by the previous one, not the last render: keys sent in a burst
 * (tmux send-keys, a fast typist over SSH) land where the user meant.
 * Ink delivers fast typing and pastes as one string, so "NOOP\r" arrives as one insert: on a single-line field a
 * trailing line break acts as Enter, and in the manual command line every complete line is sent, as in telnet.
 */
export function useDashboardKeys(screen: DashboardScreen, store: DashboardStore, session: SessionKeyHandlers, options: KeyOptions = {}): void {
	const {stepLineSettleMs = STEP_LINE_SETTLE_MS, ...routerOptions} = options;
	const {dispatch, current} = store;
	const props = () => toDashboardProps(current(), screen);
	const context = () => dashboardKeyContext(props());
	// When the step prompt last went away: watched on every render, as the session's replies arrive.
	const prompt = useRef({shown: false, goneAt: -Infinity, heldBack: false});
	const promptShown = context().overlay === 'step' || context().overlay === 'stepEdit';
	if (prompt.current.shown && !promptShown) prompt.current.goneAt = performance.now();
	prompt.current.shown = promptShown;
	// An Enter sent a step line, and no other key has asked for one since (Ctrl+S, Ctrl+X).
	const enterSent = useRef(false);
	// When the line on offer appeared, and whether an Enter may be held there (see STEP_LINE_SETTLE_MS): only a line
	// that came with the reply to an Enter can catch that Enter's second press. One the user asked for with another
	// key (Ctrl+X's QUIT, Ctrl+S after Esc) comes with no reply to read first. Each offer is a new object, also one
	// that repeats the line before.
	const offer = useRef<{line?: object; at: number; holds: boolean; heldAt?: number}>({at: -Infinity, holds: false});
	// Text was typed on a choice field, and no key has acted since. Words typed there (a body typed on Body as, just
	// above the body) are no keys, but their spaces were Space, the next choice: "Dear class" made the body HTML. The
	// space right behind typed text is typing, however slowly it came; a Space after it, or after a key that acted,
	// chooses (the footer says "Space picks the next" meanwhile).
	const typedOnChoice = useRef(false);
	const proposed = screen.snapshot.proposed;
	if (proposed !== offer.current.line) {
		offer.current = {line: proposed, at: performance.now(), holds: proposed !== undefined && enterSent.current};
		if (proposed) enterSent.current = false;
	}
	const handlers: KeyHandlers = {};
	for (const {id} of BINDINGS) {
		handlers[id] = (input: string) => dispatch({type: 'key', id, input, env: uiEnvironment(props())});
	}
	const insert = handlers['edit.insert']!;
	const deleteRight = handlers['edit.deleteRight']!;
	const removeHeader = handlers['composer.removeHeader']!;
	const undo = handlers['form.undo']!;
	const submitLine = () => {
		const line = commandLineValue(current().commandLine);
		const forget = session.remembers?.(line) === false;
		// Cleared first: a line refused at once (a replay takes none) is put back, not wiped by this.
		dispatch({type: 'commandSubmitted', ...(forget && {forget})});
		session.sendLine?.(line);
	};
	const confirmStep = () => {
		const {stepEdit} = current();
		enterSent.current = true;
		session.confirmStep?.(stepEdit ? textValue(stepEdit) : undefined);
		dispatch({type: 'stepAnswered', sent: true});
	};
	const asked = (ask?: () => void) => () => {
		enterSent.current = false;
		ask?.();
	};
	const cycle = handlers['mode.cycle']!;
	const sessionKeys: KeyHandlers = {
		'mode.cycle': input => (session.cycleMode ? session.cycleMode(() => cycle(input)) : cycle(input)),
		'session.send': asked(session.send),
		'app.quit': () => session.quit?.(),
		'session.disconnect': asked(session.disconnect),
		'transcript.save': () => session.saveTranscript?.(),
		'inbox.save': () => session.saveMessage?.(),
		'connection.check': () => session.check?.(),
		'connection.mx': () => session.mx?.(),
		'connection.stopMx': () => session.stopMx?.(),
		'lesson.toggle': () => session.lesson?.(),
		'composer.reset': () => session.resetDraft?.(),
		'composer.removeHeader': input => {
			const before = current().composer;
			removeHeader(input);
			if (current().composer.fields.length < before.fields.length) session.removedHeader?.();
			else session.noHeaderHere?.();
		},
		'form.undo': input => {
			const before = current();
			undo(input);
			const after = current();
			session.undo?.(after === before ? undefined : undoStepsLeft(after), input);
		},
		'step.confirm': () => {
			const now = performance.now();
			const {holds, at, heldAt} = offer.current;
			// An edited line was typed after its line appeared: only the line as offered could go unread.
			const early = holds && !current().stepEdit && now - at < stepLineSettleMs && (heldAt === undefined || now - heldAt < STEP_HELD_AGAIN_MS);
			if (!early) return confirmStep();
			offer.current.heldAt = now;
			session.earlyEnter?.();
		},
		'step.stop': () => {
			// Esc while editing only discards the edit; otherwise it stops the session here.
			if (current().stepEdit) dispatch({type: 'stepAnswered'});
			else session.stopStep?.();
		},
		'manual.submit': submitLine,
		'edit.deleteRight': input => {
			// Ctrl+D (not the Delete key) on an empty command line: the telnet user's way out, which deletes nothing here.
			const {focus, overlay} = context();
			if (input === 'd' && focus === 'command' && !overlay && commandLineValue(current().commandLine) === '') return session.unboundKey?.('Ctrl+D', context());
			deleteRight(input);
		},
		'edit.insert': input => {
			const lines = input.split(LINE_BREAK);
			const {overlay, editing, focus} = context();
			const single = overlay === 'stepEdit' || (!overlay && editing === 'line');
			if (!single || lines.length === 1) return insert(input);
			// A byte that was not UTF-8 (U+FFFD) holds the line breaks after it in this read, as the router holds an Enter
			// after one: nothing is sent without the letter before its notice is seen.
			const held = lines.findIndex(line => line.includes(NOT_UTF8));
			if (focus === 'command' && !overlay) {
				for (const [index, line] of lines.slice(0, -1).entries()) {
					if (line) insert(line);
					if (held === -1 || index < held) submitLine();
				}
				if (lines.at(-1)) insert(lines.at(-1)!);
				return;
			}
			// One trailing line break is Enter; line breaks inside are refused by the field, with its error.
			if (lines.length === 2 && lines[1] === '') {
				if (lines[0]) insert(lines[0]);
				if (overlay === 'stepEdit') return held === 0 ? undefined : confirmStep();
				return handlers[focus === 'inbox' ? 'inbox.filterKeep' : 'field.next']!('');
			}
			insert(input);
		},
	};
	Object.assign(handlers, sessionKeys);
	// On an empty command line these keys have nothing to act on: said, as an unbound key's nothing is (Backspace in a
	// message says that the line before it went to the server). Ctrl+D has its own word (above).
	for (const id of EMPTY_LINE_KEYS) {
		const handler = handlers[id]!;
		handlers[id] = input => {
			const {focus, overlay} = context();
			const empty = focus === 'command' && !overlay && commandLineValue(current().commandLine) === '';
			if (!empty || (id === 'edit.deleteRight' && input === 'd')) return handler(input);
			// The log scrolled up ("N new" below it): End takes it back to following, as PgDn does from here.
			if (id === 'edit.end' && !current().log.scroll.follow) return handlers['log.end']!(input);
			session.unboundKey?.(/^[a-z]$/.test(input) ? `Ctrl+${input.toUpperCase()}` : bindingById(id).keys[0]!.label, context());
		};
	}
	// A hint ("the preview is open: …") or a last result would stay for the rest of the session and keep the new
	// panel's keys out of a narrow footer.
	for (const id of ['focus.next', 'focus.prev', 'composer.preview', 'composer.closePreview'] as const) {
		const handler = handlers[id]!;
		handlers[id] = input => {
			session.movedOn?.();
			handler(input);
		};
	}
	for (const id of ENTER_BINDINGS) {
		const handler = handlers[id]!;
		handlers[id] = input => {
			const {overlay, mode} = context();
			const enter = input === '\r' || input === '\n';
			const late = enter && mode === 'step' && !overlay && performance.now() - prompt.current.goneAt < STEP_ENTER_GRACE_MS;
			if (!late) {
				if (enter && prompt.current.heldBack) {
					prompt.current.heldBack = false;
					session.enterPassed?.();
				}
				return handler(input);
			}
			// Each Enter of the rhythm holds the next one back too: only a pause gives Enter back to the panel.
			prompt.current.goneAt = performance.now();
			prompt.current.heldBack = true;
			session.lateEnter?.();
		};
	}
	// A terminal too small shows only a message: any key but quit would act on panels the user cannot see.
	for (const id of Object.keys(handlers) as BindingId[]) {
		const handler = handlers[id]!;
		handlers[id] =
			id === 'app.quit'
				? handler
				: input => {
						if (dashboardGeometry(props()).tooSmall) return;
						typedOnChoice.current = false;
						session.keyActs?.();
						handler(input);
					};
	}
	const choiceNext = handlers['choice.next']!;
	handlers['choice.next'] = input => {
		if (input === ' ' && typedOnChoice.current) {
			typedOnChoice.current = false;
			return session.strayText?.(context(), input);
		}
		choiceNext(input);
	};
	useKeyRouter(context, handlers, {
		...routerOptions,
		unhandled: (input, keyContext) => {
			if (keyContext.editing === 'choice') typedOnChoice.current = true;
			session.strayText?.(keyContext, input);
		},
		held: id => !dashboardGeometry(props()).tooSmall && session.heldAtStep?.(id),
		unbound: (chord, keyContext) => !dashboardGeometry(props()).tooSmall && session.unboundKey?.(chord, keyContext),
	});
}
