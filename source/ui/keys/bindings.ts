// The one binding table. The key router, the footer, the help overlay and the README keys table all read it.
// Only keys that survive SSH and tmux: no F-keys (the router takes F1 as Ctrl+G where it arrives), no Ctrl+Enter
// (same as Enter), no mouse. Ink 6.8 reports Backspace and the Delete key alike (key.delete): the router tells them apart
// from the raw sequence (forwardDelete), and Ctrl+D deletes to the right as well.
import type {ChunkPlace} from '../../text/bdat-chunk.js';
import type {Key} from 'ink';

/**
 * Ink's key, plus what the router reads off the raw sequence: the Delete key rather than Backspace, and the name of
 * a chord Ink does not name (Alt+X, Ctrl+_), to say that it does nothing when no binding takes it.
 */
/** `afterNotUtf8`: in the same read as a byte that was not UTF-8, after it (see the router). */
export type RouterKey = Key & {forwardDelete?: boolean; chord?: string; afterNotUtf8?: boolean};

export type Mode = 'auto' | 'step' | 'manual';
export const MODES: readonly Mode[] = ['auto', 'step', 'manual'];

/** Panels that can hold the focus; `command` (the manual command line) exists in manual mode only. */
export type Panel = 'connection' | 'composer' | 'log' | 'inbox' | 'command';

/**
 * help: the help overlay; step: a step-mode prompt waiting for Enter / e / Esc; stepEdit: the proposed line is
 * being edited. Overlays are modal: panel keys are off while one is open.
 */
type Overlay = 'help' | 'step' | 'stepEdit';

/** What kind of input the focused field takes: a single line, multi-line text, a choice, or none (browsing). */
export type Editing = false | 'line' | 'text' | 'choice';

/**
 * `fixedProposal`: the step prompt offers the message itself, which is edited in the composer, not there.
 * `pipelinedGroup`: the step prompt offers a pipelined group (RFC 2920) of this many lines, sent (never edited) as one.
 * `bdatChunk`: the step prompt offers a BDAT chunk's line (RFC 3030), this chunk of the message (never edited).
 * `stepWaiting`: the step prompt waits for the server's reply: nothing to send, edit or stop yet.
 * `stepOffered`: a step-mode line waits for Enter, under the help too: Ctrl+S there would only say so.
 * `reading`: the inbox shows one message (not the list). `replay`: the composer only shows a recorded message.
 * `typingBody`: manual mode after 354, the command line takes message lines.
 * `logExpanded`: the log shows long lines whole (x shows less again). `logZoomed`: the log has the screen (z gives it
 * back). `idleConnection`: a connection is open and no
 * session runs on it (step mode's Ctrl+X then offers QUIT as a step). `running`: a session runs and waits on the
 * server, not on a step-mode Enter (Ctrl+X stops it).
 */
export type KeyContext = {
	focus: Panel;
	mode: Mode;
	overlay?: Overlay;
	editing: Editing;
	fixedProposal?: boolean;
	pipelinedGroup?: number;
	bdatChunk?: ChunkPlace;
	stepWaiting?: boolean;
	stepOffered?: boolean;
	reading?: boolean;
	emptyList?: boolean;
	onExtraHeader?: boolean;
	replay?: boolean;
	typingBody?: boolean;
	logExpanded?: boolean;
	logZoomed?: boolean;
	/** The inbox has the screen (z gives it back). */
	inboxZoomed?: boolean;
	/** The inbox's filter line takes the keys (/); `filtered`: a filter kept narrows its list. */
	filtering?: boolean;
	filtered?: boolean;
	/** The log is scrolled up, not following new lines: End follows again (following, the footer leaves it out). */
	logScrolled?: boolean;
	idleConnection?: boolean;
	running?: boolean;
	/** What Esc at the step prompt does, where "stop" would not say it (closes the connection, keeps it open). */
	stopHint?: string;
	/** The screen has an Inbox panel (the sandbox is the target). */
	hasInbox?: boolean;
	/** The lesson panel is on screen: its key works in the inbox too, where lesson 4's last tasks are done. */
	lessonOpen?: boolean;
	/** Ctrl+L's MX lookup is under way: Esc stops it where Esc does nothing else. */
	mxLookup?: boolean;
};

/** Where a binding applies: everywhere, a panel, an overlay, or a kind of field being edited. */
export type Scope = 'global' | Panel | 'help' | 'step' | 'line' | 'text' | 'choice';

export type BindingId =
	| 'app.quit'
	| 'session.send'
	| 'focus.next'
	| 'focus.prev'
	| 'mode.cycle'
	| 'help.toggle'
	| 'help.close'
	| 'session.disconnect'
	| 'transcript.save'
	| 'step.confirm'
	| 'step.edit'
	| 'step.stop'
	| 'edit.insert'
	| 'edit.deleteLeft'
	| 'edit.deleteRight'
	| 'edit.deleteToStart'
	| 'edit.deleteWordLeft'
	| 'edit.deleteWordBack'
	| 'edit.deleteWordRight'
	| 'edit.left'
	| 'edit.right'
	| 'edit.wordLeft'
	| 'edit.wordRight'
	| 'edit.home'
	| 'edit.end'
	| 'edit.up'
	| 'edit.down'
	| 'edit.pageUp'
	| 'edit.pageDown'
	| 'edit.newline'
	| 'choice.next'
	| 'choice.prev'
	| 'field.next'
	| 'field.prev'
	| 'connection.check'
	| 'connection.mx'
	| 'connection.stopMx'
	| 'composer.preview'
	| 'composer.closePreview'
	| 'composer.addHeader'
	| 'composer.removeHeader'
	| 'composer.reset'
	| 'form.undo'
	| 'log.up'
	| 'log.down'
	| 'log.pageUp'
	| 'log.pageDown'
	| 'log.home'
	| 'log.end'
	| 'log.expand'
	| 'log.zoom'
	| 'inbox.open'
	| 'inbox.filter'
	| 'inbox.filterKeep'
	| 'inbox.filterClear'
	| 'inbox.back'
	| 'inbox.nextTab'
	| 'inbox.prevTab'
	| 'inbox.save'
	| 'inbox.zoom'
	| 'inbox.unzoom'
	| 'view.up'
	| 'view.down'
	| 'view.pageUp'
	| 'view.pageDown'
	| 'view.home'
	| 'view.end'
	| 'manual.submit'
	| 'manual.historyPrev'
	| 'manual.historyNext'
	| 'lesson.toggle';

export type KeySpec = {
	/** Human label, e.g. "Ctrl+S", "Shift+Tab", "PgUp". */
	label: string;
	match: (input: string, key: RouterKey) => boolean;
	/** A printable key ("?", "e"): ignored while a text field takes input. */
	printable?: boolean;
};

export type Binding = {
	id: BindingId;
	keys: readonly KeySpec[];
	/** Where it applies, the first scope is the section it is listed under in help. */
	scopes: readonly Scope[];
	/**
	 * editing: only while a field takes input; browsing: only while none does; listing / reading: the inbox's list (not
	 * an empty one, nor while its filter is typed), or one message; filtered: the inbox's list with a filter, typed or kept.
	 */
	when?: 'editing' | 'browsing' | 'listing' | 'reading' | 'filtered';
	description: string;
	/** Short word for the footer; bindings without one are listed in help only. */
	hint?: string;
	/** The footer's word in a mode where the key does something else: step mode's Ctrl+S starts the stepping. */
	modeHints?: Partial<Record<Mode, string>>;
	/** Kept in the footer before the focused panel's keys. */
	pinned?: boolean;
	/** Builds or edits the message to send (a replay sends the recorded one), or uses the network (a replay has none):
	 * not offered in a replay. */
	notInReplay?: boolean;
	/** Recalls commands: in a message typed after 354 a recalled "RCPT TO:<...>" would go out as message text. */
	notInBody?: boolean;
	/** Changes the message: not while the step prompt holds the keys (that message is on its way). */
	changesMessage?: boolean;
};

const plain = (key: Key) => !key.ctrl && !key.meta;
const ctrl = (letter: string): KeySpec => ({
	label: `Ctrl+${letter.toUpperCase()}`,
	match: (input, key) => key.ctrl && !key.meta && input === letter,
});
const char = (character: string): KeySpec => ({
	label: character,
	printable: true,
	match: (input, key) => input === character && plain(key),
});
const named = (label: string, test: (key: RouterKey) => boolean): KeySpec => ({
	label,
	match: (_input, key) => test(key),
});
/** Alt+letter: the router makes it of ESC and the letter where text is typed (Ink sees Meta+letter). */
const alt = (letter: string): KeySpec => ({
	label: `Alt+${letter.toUpperCase()}`,
	match: (input, key) => key.meta && !key.ctrl && input === letter,
});
/** The key without Ctrl or Alt: Ctrl+Left and Alt+Left move by words, not by one character. */
const bare = (spec: KeySpec): KeySpec => ({...spec, match: (input, key) => !key.ctrl && !key.meta && spec.match(input, key)});

const tab = named('Tab', key => key.tab && !key.shift);
const shiftTab = named('Shift+Tab', key => key.tab && key.shift);
const enter = named('Enter', key => key.return && !key.meta);
const escape = named('Esc', key => key.escape);
const up = named('Up', key => key.upArrow);
const down = named('Down', key => key.downArrow);
const left = named('Left', key => key.leftArrow);
const right = named('Right', key => key.rightArrow);
const pageUp = named('PgUp', key => key.pageUp);
const pageDown = named('PgDn', key => key.pageDown);
const home = named('Home', key => key.home);
const end = named('End', key => key.end);
// Ink 6.8: the Backspace key (0x7F) arrives as `delete`, Ctrl+H as `backspace`. Both delete to the left.
const backspace = named('Backspace', key => (key.delete && !key.forwardDelete) || key.backspace);
const altBackspace = named('Alt+Backspace', key => key.meta && backspace.match('', key));
const deleteKey = named('Delete', key => key.forwardDelete === true);
const space: KeySpec = {label: 'Space', printable: true, match: (input, key) => input === ' ' && plain(key)};
const text: KeySpec = {
	label: 'text or paste',
	match: (input, key) =>
		input !== '' && plain(key) && !key.tab && !key.return && !key.escape && !key.backspace && !key.delete,
};

export const BINDINGS: readonly Binding[] = [
	// Everywhere: control keys, so they work while typing too.
	{id: 'session.send', keys: [ctrl('s')], scopes: ['global'], description: 'Send the message (step mode: start the step-by-step session; manual mode: asks first)', hint: 'send', modeHints: {step: 'start'}, pinned: true},
	{id: 'focus.next', keys: [tab], scopes: ['global'], description: 'Focus the next panel', hint: 'focus'},
	{id: 'focus.prev', keys: [shiftTab], scopes: ['global'], description: 'Focus the previous panel'},
	{id: 'mode.cycle', keys: [ctrl('t')], scopes: ['global'], description: 'Switch mode: auto → step → manual', hint: 'mode'},
	// `?` is text while a field takes input: the help and the README say so, or it reads as a key that failed.
	{id: 'help.toggle', keys: [ctrl('g'), char('?')], scopes: ['global'], description: 'Show or hide this help (? only outside text fields)', hint: 'help'},
	// A footer word only where it is the way on: step mode's next step, or the way to stop a session (see hintIn).
	{id: 'session.disconnect', keys: [ctrl('x')], scopes: ['global'], description: 'Disconnect (sends QUIT when connected; stops a running session; step mode offers QUIT at the prompt first)'},
	{id: 'transcript.save', keys: [ctrl('o')], scopes: ['global'], description: 'Save the session transcript (secrets redacted)'},
	{id: 'app.quit', keys: [ctrl('c')], scopes: ['global'], description: 'Quit (sends QUIT when connected; again while closing: exit at once)', hint: 'quit'},
	// Wherever the focus went meanwhile, but last: the preview's close, the inbox's back and the step prompt's stop come first.
	{id: 'connection.stopMx', keys: [escape], scopes: ['global'], description: "While Ctrl+L's MX lookup runs: stop it, the panel's target unchanged (where Esc does nothing else)", hint: 'stop lookup'},
	// Help overlay.
	{id: 'help.close', keys: [escape, char('q')], scopes: ['help'], description: 'Close the help', hint: 'close'},
	// Step mode: the proposed command waits for the user.
	{id: 'step.confirm', keys: [enter], scopes: ['step'], description: 'Send the proposed line', hint: 'send line'},
	{id: 'step.edit', keys: [char('e')], scopes: ['step'], description: 'Edit the proposed line before sending', hint: 'edit'},
	{id: 'step.stop', keys: [escape], scopes: ['step'], description: 'Stop here (while editing: discard the edit; with the preview open, Esc closes it first)', hint: 'stop'},
	// Text fields.
	{id: 'edit.insert', keys: [text], scopes: ['line', 'text'], description: 'Type or paste (line breaks never enter a header field)'},
	{id: 'edit.deleteLeft', keys: [bare(backspace), ctrl('h')], scopes: ['line', 'text'], description: 'Delete to the left (joins lines at the start of a line)'},
	{id: 'edit.deleteRight', keys: [deleteKey, ctrl('d')], scopes: ['line', 'text'], description: 'Delete to the right (joins lines at the end of a line)'},
	{id: 'edit.deleteToStart', keys: [ctrl('u')], scopes: ['line', 'text'], description: 'Delete to the start of the line'},
	{id: 'edit.deleteWordLeft', keys: [ctrl('w')], scopes: ['line', 'text'], description: 'Delete the word to the left, up to a space'},
	// Readline's word keys: a word is letters and digits, so Alt+B steps through a@example.test a part at a time.
	{id: 'edit.deleteWordBack', keys: [altBackspace], scopes: ['line', 'text'], description: 'Delete to the start of the word (a word is letters and digits: a@example.test has three)'},
	{id: 'edit.deleteWordRight', keys: [alt('d')], scopes: ['line', 'text'], description: 'Delete to the end of the word'},
	{id: 'edit.left', keys: [bare(left)], scopes: ['line', 'text'], description: 'Cursor left'},
	{id: 'edit.right', keys: [bare(right)], scopes: ['line', 'text'], description: 'Cursor right'},
	{id: 'edit.wordLeft', keys: [alt('b'), named('Ctrl/Alt+Left', key => key.leftArrow && (key.ctrl || key.meta))], scopes: ['line', 'text'], description: 'Word left'},
	{id: 'edit.wordRight', keys: [alt('f'), named('Ctrl/Alt+Right', key => key.rightArrow && (key.ctrl || key.meta))], scopes: ['line', 'text'], description: 'Word right'},
	{id: 'edit.home', keys: [home, ctrl('a')], scopes: ['line', 'text'], description: 'Start of the line'},
	{id: 'edit.end', keys: [end, ctrl('e')], scopes: ['line', 'text'], description: 'End of the line'},
	{id: 'edit.up', keys: [up], scopes: ['text'], description: 'Line up (from the first line: the field above)'},
	{id: 'edit.down', keys: [down], scopes: ['text'], description: 'Line down'},
	{id: 'edit.pageUp', keys: [pageUp], scopes: ['text'], description: 'Page up in the body'},
	{id: 'edit.pageDown', keys: [pageDown], scopes: ['text'], description: 'Page down in the body'},
	{id: 'edit.newline', keys: [enter], scopes: ['text'], description: 'New line (splits the line at the cursor)'},
	{id: 'choice.next', keys: [right, space], scopes: ['choice'], description: 'Next choice'},
	{id: 'choice.prev', keys: [left], scopes: ['choice'], description: 'Previous choice'},
	// Forms: the connection panel and the composer.
	{id: 'field.next', keys: [down, enter], scopes: ['connection', 'composer'], when: 'editing', description: 'Next field'},
	{id: 'field.prev', keys: [up], scopes: ['connection', 'composer'], when: 'editing', description: 'Previous field'},
	{id: 'connection.check', keys: [ctrl('k')], scopes: ['connection'], notInReplay: true, description: 'Check which SMTP ports answer on this host', hint: 'check ports'},
	{id: 'connection.mx', keys: [ctrl('l')], scopes: ['connection'], notInReplay: true, description: "Target the first recipient's MX on port 25 (twice: it replaces Host, Port, login; again: the next MX)", hint: 'send to MX'},
	// Esc leaves the preview as it leaves the help and a message in the inbox; first, so the footer offers it first.
	{id: 'composer.closePreview', keys: [escape], scopes: ['composer'], when: 'browsing', description: 'Close the preview, back to the message', hint: 'close'},
	{id: 'composer.preview', keys: [ctrl('p')], scopes: ['composer'], notInReplay: true, description: 'Preview the exact bytes the message goes as ("..": a dot stuffed for DATA; »: the line goes on); again: close it', hint: 'preview'},
	{id: 'composer.addHeader', changesMessage: true, keys: [ctrl('n')], scopes: ['composer'], notInReplay: true, description: 'Add a header field ("Name: value")', hint: 'add header'},
	{id: 'composer.removeHeader', changesMessage: true, keys: [ctrl('r')], scopes: ['composer'], notInReplay: true, description: 'Remove the focused extra header (Ctrl+Z brings it back)', hint: 'remove header'},
	{id: 'composer.reset', changesMessage: true, keys: [ctrl('f')], scopes: ['composer'], notInReplay: true, description: 'Start afresh from the sample message (twice within 3 s; Ctrl+Z brings the draft back)'},
	// Ctrl+_ is readline's undo. Ctrl+Z suspends in a shell; raw mode makes it a key (see terminal.ts).
	{id: 'form.undo', changesMessage: true, keys: [ctrl('z'), ctrl('_')], scopes: ['composer', 'connection', 'command'], notInReplay: true, description: 'Undo the last change here (a run of typing is one step; no redo)'},
	// Protocol log (PgUp/PgDn also scroll it from the manual command line).
	{id: 'log.up', keys: [up, char('k')], scopes: ['log'], description: 'Scroll the log up one line'},
	{id: 'log.down', keys: [down, char('j')], scopes: ['log'], description: 'Scroll the log down one line'},
	{id: 'log.pageUp', keys: [pageUp], scopes: ['log', 'command'], description: 'Scroll the log up a page (stops following)', hint: 'scroll'},
	{id: 'log.pageDown', keys: [pageDown], scopes: ['log', 'command'], description: 'Scroll the log down a page'},
	{id: 'log.home', keys: [home, char('g')], scopes: ['log'], description: 'Oldest line'},
	{id: 'log.end', keys: [end, char('G')], scopes: ['log'], description: 'Newest line, follow new lines again (End on an empty command line too)', hint: 'follow'},
	// From the command line too, where x is a letter: a student reads a cut reply whole without leaving the line.
	{id: 'log.expand', keys: [char('x'), ctrl('y')], scopes: ['log', 'command'], description: 'Show all: long lines, DATA bodies, what each EHLO extension means (again: show less; Ctrl+Y on the command line)', hint: 'show all'},
	// For a projector: at 80x24 the log has ~10 rows, fewer than one EHLO reply with its explanations.
	{id: 'log.zoom', keys: [char('z')], scopes: ['log'], description: 'Give the log the whole width and height (z again, or Tab: the other panels come back)', hint: 'zoom'},
	// Inbox.
	{id: 'inbox.open', keys: [enter], scopes: ['inbox'], when: 'listing', description: 'Open the selected message', hint: 'open'},
	// As in less, vim and htop. Before Esc unzooms: a filter kept is cleared first, as a message is closed first.
	{id: 'inbox.filter', keys: [char('/')], scopes: ['inbox'], when: 'browsing', description: 'Filter the list as you type: subject, sender, recipients or text, in any case ("12 of 341": how many match)', hint: 'filter'},
	{id: 'inbox.filterKeep', keys: [enter], scopes: ['inbox'], when: 'editing', description: 'Keep the filter, back to the list (/ again changes it; emptied, it shows every message)', hint: 'keep'},
	{id: 'inbox.filterClear', keys: [escape], scopes: ['inbox'], when: 'filtered', description: 'Clear the filter: every message again (while typing it, or at the list it narrows)', hint: 'clear filter'},
	// q too, as in mutt and less: in `smtp-tui inbox` q at the list stops the server, so a q meant as "back" must not.
	{id: 'inbox.back', keys: [escape, char('q')], scopes: ['inbox'], when: 'reading', description: 'Back to the message list', hint: 'back'},
	{id: 'inbox.nextTab', keys: [right], scopes: ['inbox'], when: 'reading', description: 'Next view of the message: headers, text, html, raw', hint: 'view'},
	{id: 'inbox.prevTab', keys: [left], scopes: ['inbox'], when: 'reading', description: 'Previous view of the message'},
	// A generated PDF, a forwarded message: files to open, which the text view only names.
	{id: 'inbox.save', keys: [char('s')], scopes: ['inbox'], when: 'reading', description: 'Save the message (.eml, .html) and its attachments in a new folder, ./smtp-tui-attachments/message-N-ARRIVAL/', hint: 'save'},
	// An HTML receipt read at 80x24 gets 41x9 beside the log: the inbox's own zoom, as the log's.
	{id: 'inbox.zoom', keys: [char('z')], scopes: ['inbox'], description: 'Give the inbox the whole width and height (z again, Tab, or Esc at the list: the other panels come back)', hint: 'zoom'},
	{id: 'inbox.unzoom', keys: [escape], scopes: ['inbox'], when: 'listing', description: 'At the list of a zoomed inbox: give the screen back (in a message, Esc goes back to the list first)'},
	// Read-only views: the inbox, the DATA preview, the help. k/j/g/G as in the log (and less), since they type nothing here.
	{id: 'view.up', keys: [up, char('k')], scopes: ['inbox', 'composer', 'help'], when: 'browsing', description: 'Up one line (in a list: previous item)'},
	{id: 'view.down', keys: [down, char('j')], scopes: ['inbox', 'composer', 'help'], when: 'browsing', description: 'Down one line (in a list: next item)'},
	{id: 'view.pageUp', keys: [pageUp], scopes: ['inbox', 'composer', 'help'], when: 'browsing', description: 'Page up'},
	{id: 'view.pageDown', keys: [pageDown], scopes: ['inbox', 'composer', 'help'], when: 'browsing', description: 'Page down'},
	{id: 'view.home', keys: [home, char('g')], scopes: ['inbox', 'composer', 'help'], when: 'browsing', description: 'Go to the top'},
	{id: 'view.end', keys: [end, char('G')], scopes: ['inbox', 'composer', 'help'], when: 'browsing', description: 'Go to the bottom'},
	// Manual mode command line.
	{id: 'manual.submit', keys: [enter], scopes: ['command'], description: 'Send the typed line (in a message, after 354: a line of it; a lone "." ends the message, Ctrl+X drops it)', hint: 'send line'},
	{id: 'manual.historyPrev', keys: [up], scopes: ['command'], notInBody: true, description: 'Previous line from the history (not while typing a message)', hint: 'history'},
	{id: 'manual.historyNext', keys: [down], scopes: ['command'], notInBody: true, description: 'Next line from the history'},
	{id: 'lesson.toggle', keys: [ctrl('l')], scopes: ['command', 'inbox'], description: 'Lesson panel (--lesson; inbox: while open): open it; again: the hint; again: close it (at the end: next lesson)', hint: 'lesson'},
];

export const SCOPE_TITLES: Record<Scope, string> = {
	global: 'Everywhere',
	help: 'Help overlay',
	step: 'Step mode prompt',
	// The manual command line and the step prompt's edit line are one-line fields too: all these keys work there.
	line: 'Text fields (the command line and the step edit line too)',
	text: 'Body editor',
	choice: 'Choice fields',
	connection: 'Connection panel',
	composer: 'Composer',
	log: 'Protocol log',
	inbox: 'Inbox',
	command: 'Manual command line',
};

export function bindingById(id: BindingId): Binding {
	return BINDINGS.find(binding => binding.id === id)!;
}

/**
 * A binding's footer word in a context: Esc on a step line being edited drops the edit, it does not stop (and at
 * the message or QUIT, says what it does to the connection); x on an
 * expanded log shows less; Ctrl+X in step mode, between messages, is the session's last step (QUIT), and while a
 * session runs, the way to stop it (Esc does not).
 */
export function hintIn(binding: Binding, context: KeyContext): string | undefined {
	if (binding.id === 'step.stop') return context.overlay === 'stepEdit' ? 'discard the edit' : (context.stopHint ?? binding.hint);
	if (binding.id === 'step.confirm' && context.pipelinedGroup !== undefined) return `send all ${context.pipelinedGroup}`;
	if (binding.id === 'session.send' && context.stepOffered) return undefined;
	if (binding.id === 'session.send' && context.replay) return 'play';
	// Manual mode sends only what is typed: Ctrl+S, which sends the composer's message with auto mode's commands, asks
	// first, and is not offered.
	if (binding.id === 'session.send' && context.mode === 'manual') return undefined;
	if (binding.id === 'log.expand' && context.logExpanded) return 'show less';
	if (binding.id === 'log.zoom' && context.logZoomed) return 'unzoom';
	if (binding.id === 'inbox.zoom' && context.inboxZoomed) return 'unzoom';
	// The preview open: Esc close is offered, once; Ctrl+P closes it too (the help says so). It scrolls.
	if (binding.id === 'composer.preview' && previewing(context)) return undefined;
	if (binding.id === 'view.pageDown' && previewing(context)) return 'scroll';
	// In the help, Esc close is offered, once; Ctrl+G closes it too (the help's own line for it says so).
	if (binding.id === 'help.toggle' && context.overlay === 'help') return undefined;
	// After 354 a typed line is a line of the message, sent as typed, until a lone "." ends it; the way out of it
	// without delivering it is to close the connection (no command can go until the message ends).
	if (binding.id === 'session.disconnect') return quitIsNext(context) ? 'QUIT' : context.running ? 'stop' : context.typingBody ? 'drop message' : undefined;
	if (binding.id === 'manual.submit' && context.typingBody) return 'send line ("." ends)';
	return binding.modeHints?.[context.mode] ?? binding.hint;
}

/** The composer shows the DATA preview (at the step prompt too, Ctrl+P opens it there): it takes no typing then. */
export const previewing = (context: KeyContext) => context.focus === 'composer' && context.editing === false && (context.overlay === undefined || context.overlay === 'step');

/** Step mode with a connection open and idle: QUIT is the step still to come, offered by Ctrl+X (not in a replay). */
export function quitIsNext(context: KeyContext): boolean {
	return context.mode === 'step' && context.idleConnection === true && context.overlay === undefined && context.replay !== true;
}

/** The first key of a binding, for inline hints: "Ctrl+P". */
export function keyFor(id: BindingId): string {
	return bindingById(id).keys[0]!.label;
}

/** A key and its footer word, for a hint in a line of text: "x: show all" (the footer says "x show all"). */
export function inlineHint(id: BindingId, key = keyFor(id)): string {
	return `${key}: ${bindingById(id).hint!}`;
}

/** The first key of a binding that works where text is typed (the command line): Ctrl+Y, not x. */
export function typingKeyFor(id: BindingId): string {
	return bindingById(id).keys.find(key => !key.printable)!.label;
}

/** Keys joined for display: "Ctrl+G, ?". */
export function keyLabels(binding: Binding): string {
	return binding.keys.map(key => key.label).join(', ');
}

/** The scopes of a binding that exist on this screen (no Inbox panel with --host, say). */
const shownScopes = (binding: Binding, hidden: ReadonlySet<Scope>) => binding.scopes.filter(scope => !hidden.has(scope));

/** Where a binding applies, in words: the composer browses (takes these keys) only while its preview is shown. */
const scopeTitle = (scope: Scope, binding: Binding) => (scope === 'composer' && binding.when === 'browsing' ? PREVIEW_SECTION : SCOPE_TITLES[scope]);

/** The section of the keys that browse the composer's preview. */
export const PREVIEW_SECTION = 'Composer preview';

/** Sections in the order the screen reads: top to bottom, left column first, then what opens over it. */
const SCREEN_ORDER: readonly string[] = [
	SCOPE_TITLES.global,
	SCOPE_TITLES.connection,
	SCOPE_TITLES.composer,
	SCOPE_TITLES.line,
	SCOPE_TITLES.choice,
	SCOPE_TITLES.text,
	PREVIEW_SECTION,
	SCOPE_TITLES.log,
	SCOPE_TITLES.command,
	SCOPE_TITLES.inbox,
	SCOPE_TITLES.step,
	SCOPE_TITLES.help,
];

const screenOrder = (title: string) => SCREEN_ORDER.indexOf(title);

/** "A", "A and B", "A, B and C". */
const joinTitles = (titles: readonly string[]) => (titles.length < 2 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)!}`);

type BindingSection = {
	/** The places its keys work, in screen order; the title names them all. */
	titles: string[];
	title: string;
	bindings: Binding[];
};

/**
 * Sections in screen order, one for each set of places keys work in: a key that works in the body editor as in a
 * text field is listed once, under "Text fields … and Body editor", and no line says "(also: …)".
 */
export function bindingSections(hidden: ReadonlySet<Scope> = new Set()): BindingSection[] {
	const sections = new Map<string, BindingSection>();
	for (const binding of BINDINGS) {
		// By title: with the Inbox hidden, its browsing keys go with the Composer preview's, not the Composer's.
		const titles = [...new Set(shownScopes(binding, hidden).map(scope => scopeTitle(scope, binding)))].sort((a, b) => screenOrder(a) - screenOrder(b));
		if (titles.length === 0) continue;
		const title = joinTitles(titles);
		const section = sections.get(title) ?? {titles, title, bindings: []};
		section.bindings.push(binding);
		sections.set(title, section);
	}
	// A place's own keys before those it shares with the places after it.
	return [...sections.values()].sort((a, b) => screenOrder(a.titles[0]!) - screenOrder(b.titles[0]!) || a.titles.length - b.titles.length);
}

/** The README keys table, generated so the README and the help overlay never disagree. */
export function bindingsMarkdown(): string {
	const escapeCell = (value: string) => value.replaceAll('|', '\\|');
	const parts = ['## Keys', '', 'Every key works over SSH and inside tmux: no F-keys, no Ctrl+Enter, no mouse. F1 opens the help too where the terminal sends it, but Ctrl+G is the key that always arrives. On Windows under Node 20, Shift+Tab arrives as Tab (libuv drops the Shift; Node 22 fixed it): Tab alone still reaches every panel.', ''];
	for (const section of bindingSections()) {
		parts.push(`### ${section.title}`, '', '| Keys | Action |', '| --- | --- |');
		for (const binding of section.bindings) {
			const keys = binding.keys.map(key => `\`${key.label}\``).join(', ');
			parts.push(`| ${escapeCell(keys)} | ${escapeCell(binding.description)} |`);
		}
		parts.push('');
	}
	return parts.join('\n');
}
