// Maps a key press to a binding id for the current context. One useInput for the whole app: components never
// listen to keys themselves, so a key can only ever mean one thing.
import type {EventEmitter} from 'node:events';
import {useEffect, useRef} from 'react';
import {useInput, useStdin, type Key} from 'ink';
import {NOT_UTF8} from '../components/text-editor-state.js';
import {functionKeyName} from './function-keys.js';
import {keyName, UNKNOWN_KEY} from './key-names.js';
import {PLAIN_KEY} from './plain-key.js';
import {reportEnd, reportStarts} from './control-strings.js';
import {completedSequence, escapeTabIsBackTab, modifyOtherKeysKey, rxvtShiftThenKey, unnamedSequence} from './terminal-sequences.js';
import {BINDINGS, bindingById, previewing, type Binding, type BindingId, type Editing, type KeyContext, type KeySpec, type RouterKey, type Scope} from './bindings.js';

/** What the context effectively edits: overlays decide for themselves. */
function effectiveEditing(context: KeyContext): Editing {
	if (context.overlay === 'stepEdit') return 'line';
	if (context.overlay) return false;
	return context.editing;
}

/** Scopes in priority order: overlays first, then global control keys, then the field being edited, then the panel. */
function activeScopes(context: KeyContext): Scope[] {
	switch (context.overlay) {
		case 'help':
			return ['help', 'global'];
		case 'step':
			return ['step', 'global', context.focus];
		case 'stepEdit':
			return ['step', 'global', 'line'];
		default: {
			const editing = context.editing;
			return editing ? ['global', editing, context.focus] : ['global', context.focus];
		}
	}
}

/** Esc as the router gets it, to ask what else takes it. */
const ESCAPE_KEY: RouterKey = {...PLAIN_KEY, escape: true};

function applies(binding: Binding, editing: Editing, context: KeyContext, scope: Scope): boolean {
	if (binding.id === 'step.edit' && context.fixedProposal) return false;
	// The composer browses only its preview: under the step prompt, with the fields showing, Up or Home moved nothing.
	if (scope === 'composer' && binding.when === 'browsing' && !previewing(context)) return false;
	// The help covers the panels: moving the focus among them would happen unseen. The step edit line holds the
	// keys: a focus moved away from it would take none of them.
	if ((context.overlay === 'help' || context.overlay === 'stepEdit') && (binding.id === 'focus.next' || binding.id === 'focus.prev')) return false;
	if (binding.notInReplay && context.replay) return false;
	// Under an overlay the composer takes no typing either, preview or not: Esc is not to close what is not there.
	if (binding.id === 'composer.closePreview' && !previewing(context)) return false;
	// The preview open at the step prompt takes Esc first: closing it out of habit must not stop the session.
	if (binding.id === 'step.stop' && context.overlay === 'step' && previewing(context)) return false;
	if (binding.notInBody && context.typingBody) return false;
	if (binding.id === 'inbox.unzoom' && !context.inboxZoomed) return false;
	// In the inbox only for a lesson on screen (its last tasks open messages there): none opens one from it.
	if (binding.id === 'lesson.toggle' && scope === 'inbox' && !context.lessonOpen) return false;
	// The lesson panel names Ctrl+L as its key: in the connection panel the MX it would target (example.test's) replaces
	// the lesson's sandbox. The key says where the lesson's works instead.
	if (binding.id === 'connection.mx' && context.lessonOpen) return false;
	if (binding.id === 'connection.stopMx') return context.mxLookup === true && resolve('', ESCAPE_KEY, {...context, mxLookup: false}) === undefined;
	// Under the step prompt, which takes the typing, a filter opened could not be typed into.
	if (binding.id === 'inbox.filter' && (context.reading || context.overlay !== undefined)) return false;
	if (binding.changesMessage && atStepPrompt(context)) return false;
	if (binding.scopes.includes('step') && context.stepWaiting) return false;
	if (binding.when === 'editing') return editing !== false;
	if (binding.when === 'browsing') return editing === false;
	if (binding.when === 'reading') return context.reading === true;
	if (binding.when === 'listing') return context.reading !== true && context.emptyList !== true && context.filtering !== true;
	if (binding.when === 'filtered') return context.reading !== true && (context.filtering === true || context.filtered === true);
	return true;
}

/** The step prompt holds the keys (a step session is sending the composer's message). */
const atStepPrompt = (context: KeyContext) => context.overlay === 'step' || context.overlay === 'stepEdit';

/** A key that would change the message, pressed while the step prompt holds the keys: held back, said why. */
function heldAtStep(input: string, key: RouterKey, context: KeyContext): BindingId | undefined {
	if (!atStepPrompt(context)) return undefined;
	const free = {...context, overlay: undefined};
	const id = resolve(input, key, free);
	return id !== undefined && bindingById(id).changesMessage ? id : undefined;
}

/** Printable keys type text in a field that takes text; a choice field takes none, so there they are keys. */
function usableKeys(binding: Binding, editing: Editing): readonly KeySpec[] {
	return editing === 'line' || editing === 'text' ? binding.keys.filter(key => !key.printable) : binding.keys;
}

export function resolve(input: string, key: RouterKey, context: KeyContext): BindingId | undefined {
	const editing = effectiveEditing(context);
	for (const scope of activeScopes(context)) {
		for (const binding of BINDINGS) {
			if (!binding.scopes.includes(scope) || !applies(binding, editing, context, scope)) continue;
			if (usableKeys(binding, editing).some(spec => spec.match(input, key))) return binding.id;
		}
	}
	return undefined;
}

type ActiveBinding = {binding: Binding; keys: readonly KeySpec[]};

/** Bindings usable in this context, the focused panel's first and the global ones last (footer order). */
export function activeBindings(context: KeyContext): ActiveBinding[] {
	const editing = effectiveEditing(context);
	const scopes = activeScopes(context);
	const ordered = [...scopes.filter(scope => scope !== 'global'), 'global' as const];
	const seen = new Set<BindingId>();
	// A key an earlier scope takes (the step prompt's Enter) is not the later one's (the inbox's Enter open).
	const taken = new Set<string>();
	const result: ActiveBinding[] = [];
	for (const scope of ordered) {
		const takenHere: string[] = [];
		for (const binding of BINDINGS) {
			if (seen.has(binding.id) || !binding.scopes.includes(scope) || !applies(binding, editing, context, scope)) continue;
			const keys = usableKeys(binding, editing).filter(key => !taken.has(key.label));
			if (keys.length === 0) continue;
			seen.add(binding.id);
			takenHere.push(...keys.map(key => key.label));
			result.push({binding, keys});
		}
		for (const label of takenHere) taken.add(label);
	}
	return result;
}


/** One control character as Ink reports it when it arrives alone. */
function controlKey(char: string): [string, Key] {
	if (char === '\t') return ['', {...PLAIN_KEY, tab: true}];
	if (char === '\r' || char === '\n') return ['\r', {...PLAIN_KEY, return: true}];
	if (char === '\u007F') return ['', {...PLAIN_KEY, delete: true}];
	if (char === '\b') return ['', {...PLAIN_KEY, backspace: true}];
	return [String.fromCharCode(char.charCodeAt(0) + 96), {...PLAIN_KEY, ctrl: true}];
}

/** Control characters that are keys, not text: all but line breaks, and tab where it is text (the body). */
const KEY_CHARS = /([\u0001-\u0009\u000B\u000C\u000E-\u001A\u007F])/;
const KEY_CHARS_BUT_TAB = /([\u0001-\u0008\u000B\u000C\u000E-\u001A\u007F])/;
/** The same where the terminal marks its pastes: a line break in a read that is no paste is an Enter. */
const KEY_OR_ENTER_CHARS = /([\u0001-\u001A\u007F])/;
const KEY_OR_ENTER_CHARS_BUT_TAB = /([\u0001-\u0008\u000A-\u001A\u007F])/;

/**
 * Whether the terminal marks pastes (bracketed paste, which terminal.ts asks for): every terminal emulator in use
 * does, the Linux console and the like do not. Where it does, a read with no marks was typed, however fast.
 */
export function terminalMarksPastes(env: NodeJS.ProcessEnv): boolean {
	const term = env.TERM ?? '';
	return term !== '' && !/^(linux|dumb|vt\d+|cons\d+|ansi|sun)(-|$)/.test(term);
}

/**
 * Ink hands useInput one read as one unparsed string. Several control keys in one read (Tab Tab, Ctrl+P Ctrl+S
 * typed fast over SSH, or tmux send-keys) are handled one by one, as if they had come apart; so are control keys
 * that share a read with typed text ("ab" then Tab): the text is typed, then the key acts. Tabs stay in the text
 * where `tabsAreText` (the body editor). Where the terminal marks its pastes (`pastesMarked`), everything else was
 * typed: a line break is Enter. Where it does not, line breaks stay in the text (a paste is one insert), and so
 * do keys that act with text on both sides (see below).
 */
function splitBurst(input: string, key: Key, tabsAreText = false, typing = false, pastesMarked = false): Array<[string, Key]> {
	if (input.length < 2) return [[input, key]];
	// CRLF is one line break, not two Enters.
	if (/^[\u0001-\u001A\u007F]+$/.test(input)) return [...input.replace(/\r\n/g, '\r')].map(controlKey);
	const keys = pastesMarked ? (tabsAreText ? KEY_OR_ENTER_CHARS_BUT_TAB : KEY_OR_ENTER_CHARS) : tabsAreText ? KEY_CHARS_BUT_TAB : KEY_CHARS;
	if (!keys.test(input)) return [[input, key]];
	// Where text is typed, a key that acts (Ctrl+S sends, Ctrl+C quits) with text on both sides in one read was
	// pasted, not pressed: it stays in the text, which drops it and says so. Keys that edit still act (fast typing).
	// By code point, as the loop below counts: an emoji is one.
	const chars = [...(pastesMarked ? input.replace(/\r\n/g, '\r') : input)];
	const isPrintable = (char: string) => PRINTABLE.test(char);
	const guess = typing && !pastesMarked;
	const first = guess ? chars.findIndex(isPrintable) : -1;
	const fromEnd = guess ? [...chars].reverse().findIndex(isPrintable) : -1;
	const last = fromEnd === -1 ? -1 : chars.length - 1 - fromEnd;
	const result: Array<[string, Key]> = [];
	let text = '';
	for (const [index, char] of chars.entries()) {
		const pasted = index > first && index < last && ACTION_CHAR.test(char);
		if (!keys.test(char) || pasted) {
			text += char;
			continue;
		}
		if (text !== '') result.push([text, PLAIN_KEY]);
		text = '';
		result.push(controlKey(char));
	}
	if (text !== '') result.push([text, PLAIN_KEY]);
	return result;
}

/**
 * A byte that was not UTF-8 (a Latin-1 é) is decoded only with the key after it, in the same read, as U+FFFD: a key
 * that sends (Enter on the command line, Ctrl+S) would send the text without that letter before the notice of its
 * loss was seen. The keys after it are marked, and the router holds those that send (see SENDS).
 */
function markAfterNotUtf8(keys: Array<[string, RouterKey]>): Array<[string, RouterKey]> {
	const dropped = keys.findIndex(([text]) => text.includes(NOT_UTF8));
	return dropped === -1 ? keys : keys.map(([text, key], index) => [text, index > dropped ? {...key, afterNotUtf8: true} : key]);
}

/** What sends a line or the message: held when it comes in the same read as a byte that was not UTF-8. */
const SENDS: ReadonlySet<BindingId> = new Set(['session.send', 'step.confirm', 'manual.submit']);

const PRINTABLE = /[^\u0000-\u001F\u007F]/u;
/** Control keys that act rather than edit: all but Ctrl+A, D, E, H, U, W, Backspace, and tab and line breaks. */
const ACTION_CHAR = /[\u0002\u0003\u0006\u0007\u000B\u000C\u000E-\u0014\u0016\u0018-\u001A]/;

/** The Delete key (ESC [3~, with modifiers ESC [3;5~, rxvt's ESC [3^ and ESC [3$): Ink 6.8 reports it as `delete`, exactly as Backspace. */
const DELETE_KEY = /^\u001B\[3(;\d+)?[~^$@]$/;
/** The Insert key (ESC [2~, rxvt's ESC [2^ and the like): Ink 6.8 names it but hands useInput no flag and no text. */
const INSERT_KEY = /^\u001B\[2(;\d+)?[~^$@]$/;
/** ESC and one more key in one read (Esc then Tab typed fast, over SSH or within tmux's escape-time). */
const ESCAPE_THEN_KEY = /^\u001B([^[O\u001B])$/u;
/** Control characters Ink names no key for (it passes them on as text): Ctrl+\, Ctrl+], Ctrl+^, Ctrl+_. */
const UNNAMED_CONTROL = /^[\u001C-\u001F]$/;

/**
 * ESC and one key: the terminal's Alt chord (Alt+B is ESC b), one key everywhere, never Esc then a letter: that
 * would stop a step session and type or act on the letter. Alt+Backspace is ESC DEL (or ESC ^H). Undefined for ESC
 * and another control key (Esc then Tab typed fast).
 */
function altChord(escaped: string): [string, RouterKey] | undefined {
	if (escaped === '\u007F' || escaped === '\b') return ['', {...PLAIN_KEY, delete: true, meta: true}];
	if (!PRINTABLE.test(escaped)) return undefined;
	const name = escaped === ' ' ? 'Space' : escaped.toUpperCase();
	// ESC B is Alt+Shift+B, which is not Alt+B's word left.
	return [escaped, {...PLAIN_KEY, meta: true, chord: `Alt+${escaped === escaped.toLowerCase() ? '' : 'Shift+'}${name}`}];
}

/**
 * Reads what Ink's parser could not tell apart, from the raw sequence of the key press (when known):
 * - the Delete key, which Ink reports as `delete` like Backspace: marked `forwardDelete`;
 * - F-keys, which Ink reports as nothing: F1 as Ctrl+G (help), the others by name (`chord`);
 * - the Insert key, which Ink reports as nothing: named (`chord`);
 * - Esc followed by another key in the same read, which Ink reports as Meta+key: an Alt chord (Alt+B,
 *   Alt+Backspace) when the key is printable or Backspace, as tmux and terminals send it; Esc, then the key, for
 *   another control key. Not a key that is a sequence itself: ESC ESC [ B is also Option+Down (iTerm2's "Esc+",
 *   rxvt), an arrow, which must not stop a step session or close a message;
 * - Ctrl+\, Ctrl+], Ctrl+^ and Ctrl+_, which Ink passes on as text: Ctrl keys (`chord` names them);
 * - several printable keys in one read where they are keys, not text (a held `k` over SSH arrives as "kkkk"):
 *   one key each. Where text is typed, they stay one insert (a paste);
 * - xterm's modifyOtherKeys chords (ESC [27;5;103~ is Ctrl+G), the Linux console's Shift+Tab (ESC Tab, where
 *   `escapeTab`), and any escape sequence Ink has no name for: one key that does nothing, never text
 *   (see terminal-sequences.ts).
 */
function keysOf(raw: string | undefined, input: string, key: Key, editing: Editing, pastesMarked = false, escapeTab = false): Array<[string, RouterKey]> {
	const otherKey = modifyOtherKeysKey(raw);
	if (otherKey) return [otherKey];
	if (escapeTab && raw === '\u001B\t') return [['', {...PLAIN_KEY, tab: true, shift: true}]];
	if (raw !== undefined && DELETE_KEY.test(raw)) return [['', {...key, forwardDelete: true}]];
	if (raw !== undefined && INSERT_KEY.test(raw)) return [['', {...PLAIN_KEY, chord: 'Insert'}]];
	// F1 is help where the terminal sends it (a beginner's first try); Ctrl+G stays the key said, as tmux and some
	// terminals keep F-keys. Any other F-key does nothing, and says so.
	const functionKey = raw === undefined ? undefined : functionKeyName(raw);
	if (functionKey === 'F1') return [['g', {...PLAIN_KEY, ctrl: true}]];
	if (functionKey) return [['', {...PLAIN_KEY, chord: functionKey}]];
	// Any other escape sequence Ink has no name for (keypad 5, rxvt's Shift+F3, focus reports): one key that does
	// nothing, never its bytes typed into a field.
	if (unnamedSequence(raw, key)) return [['', {...PLAIN_KEY, chord: UNKNOWN_KEY}]];
	// A key, not text to clean: "control characters were removed" would speak of a paste that never was.
	if (raw !== undefined && UNNAMED_CONTROL.test(raw)) {
		const name = String.fromCharCode(raw.charCodeAt(0) + 64);
		return [[name, {...PLAIN_KEY, ctrl: true, chord: `Ctrl+${name}`}]];
	}
	const typing = isTyping(editing);
	const escaped = raw === undefined ? undefined : ESCAPE_THEN_KEY.exec(raw)?.[1];
	const chord = escaped === undefined ? undefined : altChord(escaped);
	if (chord) return [chord];
	if (escaped !== undefined) {
		const then: [string, Key] = /^[\u0001-\u001A\u007F]$/.test(escaped) ? controlKey(escaped) : [escaped, PLAIN_KEY];
		return [['', {...PLAIN_KEY, escape: true}], then];
	}
	// A tab with text on both sides in one read was pasted, marked or not (tmux's paste-buffer without -p marks
	// none): typed, Tab comes after the text. Where pastes come unmarked, every tab in the body is text.
	const tabsAreText = (!pastesMarked && editing === 'text') || (typing && PASTED_TAB.test(input));
	const keys = markAfterNotUtf8(splitBurst(input, key, tabsAreText, typing, pastesMarked));
	if (typing) return keys;
	return keys.flatMap(([one, oneKey]): Array<[string, Key]> => (one.length > 1 && plainText(oneKey) ? [...one].map(char => [char, PLAIN_KEY]) : [[one, oneKey]]));
}

/**
 * A tab with text on both sides in one read is pasted (a spreadsheet row, "user<Tab>password" from a password
 * manager), not pressed: in a field it is text, or the rest of the paste would land in the next panel.
 * Typed fast, Tab comes after the text ("ab" Tab), which stays the key.
 */
const PASTED_TAB = /[^\u0000-\u001F\u007F]\t+[^\u0000-\u001F\u007F]/;

/**
 * Two line breaks or more in one read, with text between them: lines pasted, not typed ahead. Typed fast, a value
 * and Enter ("a@x.test" Enter "next") hold one; a column of three addresses, or of two ending in a line break, two.
 */
function pastedColumn(input: string): boolean {
	const lines = input.split(/\r\n|\r|\n/);
	return lines.slice(1, -1).some(line => PRINTABLE.test(line));
}

/** What a terminal in bracketed paste mode puts around a paste (xterm's, which tmux and the others follow). */
const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';
/**
 * Esc or Ctrl+C in a read of its own: pressed, not pasted (a terminal writes a paste in large pieces, and most drop
 * ESC from it). Either ends a paste whose end mark has not come, or a paste cut short (its end lost, its start
 * typed) would take every key after it, Ctrl+C too: the screen would seem frozen, and nothing would quit.
 */
const ENDS_PASTE: ReadonlySet<string | undefined> = new Set(['\u0003', '\u001B']);

const isTyping = (editing: Editing) => editing === 'line' || editing === 'text';

/** A single-line field of the composer or the connection panel takes the keys (not the command line, whose lines each go). */
const inFormLine = (context: KeyContext) => !context.overlay && context.editing === 'line' && (context.focus === 'composer' || context.focus === 'connection');

/** Ctrl+Z, which a shell takes as "suspend": in raw mode it is a key that nothing takes (see terminal.ts). */
export const SUSPEND_CHORD = 'Ctrl+Z';
const isSuspendKey = (input: string, key: Key) => key.ctrl && !key.meta && input === 'z';

/** A key press that is only text: no control key or modifier flag set. */
const plainText = (key: Key) => !key.ctrl && !key.meta && !key.tab && !key.return && !key.escape && !key.backspace && !key.delete;

export type KeyHandlers = Partial<Record<BindingId, (input: string) => void>>;

/**
 * The app's single useInput. Handlers get the raw input (for edit.insert: the typed or pasted text).
 * Context and handlers are read through refs, so the Ink listener is registered once. Pass the context as a
 * function when keys can arrive faster than renders (each key must see the focus the previous key set).
 */
export function useKeyRouter(
	context: KeyContext | (() => KeyContext),
	handlers: KeyHandlers,
	options: {
		isActive?: boolean;
		pastesMarked?: boolean;
		/** Shift+Tab arrives as ESC Tab (the Linux console); by default, as TERM says. */
		escapeTabIsBackTab?: boolean;
		unhandled?: (input: string, context: KeyContext) => void;
		held?: (id: BindingId, context: KeyContext) => void;
		/** A key that no binding takes, by its name (see keyName): Left, Alt+X, Ctrl+_, Esc, Insert. Not text (`unhandled`). */
		unbound?: (chord: string, context: KeyContext) => void;
	} = {},
): void {
	const escapeTab = options.escapeTabIsBackTab ?? escapeTabIsBackTab(process.env);
	const latest = useRef({context, handlers, unhandled: options.unhandled, held: options.held, unbound: options.unbound, escapeTab});
	latest.current = {context, handlers, unhandled: options.unhandled, held: options.held, unbound: options.unbound, escapeTab};
	// The raw sequence of the key press being handled: Ink emits it to this listener first (registered before
	// useInput's own), then to useInput's, which gets only the parsed key.
	const raw = useRef<string | undefined>(undefined);
	const {internal_eventEmitter: emitter} = useStdin() as {internal_eventEmitter?: EventEmitter};
	useEffect(() => {
		if (!emitter) return;
		const remember = (sequence: string) => {
			raw.current = sequence;
		};
		emitter.on('input', remember);
		return () => {
			emitter.off('input', remember);
		};
	}, [emitter]);
	// The raw sequence of the read before this one: the start of a sequence whose rest may come next.
	const previousRead = useRef<string | undefined>(undefined);
	// The text of a bracketed paste so far (undefined: none under way).
	const pasted = useRef<string | undefined>(undefined);
	// A terminal's report (OSC, DCS…) under way: its reads are dropped until its end. `opened`: its start only, so far
	// in this read; `read`: more of it came.
	const report = useRef<'opened' | 'read' | undefined>(undefined);
	// Whether pastes come marked: as the terminal is known to do, or learnt from the first marked one.
	const marks = useRef(options.pastesMarked ?? false);
	const listener = useRef((input: string, key: Key) => {
		const contextNow = () => {
			const current = latest.current.context;
			return typeof current === 'function' ? current() : current;
		};
		const sequence = raw.current;
		raw.current = undefined;
		// The rest of a sequence whose ESC came in the read before, or two keys Ink took for one: each key again,
		// whole, through Ink's key parser (to every useInput: the app has one router, or each would emit them again).
		const lastRead = previousRead.current;
		previousRead.current = sequence;
		const whole = pasted.current === undefined ? (completedSequence(lastRead, sequence ?? input) ?? rxvtShiftThenKey(sequence)) : undefined;
		if (whole && emitter) {
			for (const part of whole) emitter.emit('input', part);
			return;
		}
		// A terminal's report (an answer to another program's query) is read whole and dropped. It comes in one read: an
		// ESC ] with nothing after it in its read was Alt+] (see below). One whose end never comes ends at an Esc or
		// Ctrl+C pressed alone, which then acts, as for a paste.
		if (report.current !== undefined && !ENDS_PASTE.has(sequence)) {
			report.current = 'read';
			const end = reportEnd(sequence ?? input);
			if (end === undefined) return;
			report.current = undefined;
			if (end.rest !== '' && emitter) emitter.emit('input', end.rest);
			return;
		}
		report.current = undefined;
		if (pasted.current === undefined && reportStarts(sequence)) {
			report.current = 'opened';
			// After this read: nothing came with it, so it was a key (Alt+]), which no binding takes.
			setImmediate(() => {
				if (report.current !== 'opened') return;
				report.current = undefined;
				const [[one, oneKey] = [input, key]] = keysOf(sequence, input, key, effectiveEditing(contextNow()), marks.current, latest.current.escapeTab);
				latest.current.unbound?.(keyName(one, oneKey), contextNow());
			});
			return;
		}
		// A bracketed paste (terminal.ts turns the mode on) is text, all of it, whatever it holds: a Ctrl+S or Ctrl+C
		// in it never acts. It is typed as one insert where text is typed, and is no key anywhere else.
		if (sequence === PASTE_START) {
			pasted.current = '';
			marks.current = true;
			return;
		}
		if (pasted.current !== undefined && sequence !== PASTE_END && !ENDS_PASTE.has(sequence)) {
			pasted.current += sequence ?? input;
			return;
		}
		if (sequence === PASTE_END || pasted.current !== undefined) {
			const text = pasted.current ?? '';
			pasted.current = undefined;
			const now = contextNow();
			const id = text === '' ? undefined : resolve(text, PLAIN_KEY, now);
			if (id === 'edit.insert' && isTyping(effectiveEditing(now))) latest.current.handlers[id]?.(text);
			else if (text !== '') latest.current.unhandled?.(text, now);
			// A paste whose end mark never came (cut short, or its start typed): the Esc or Ctrl+C that ended it acts.
			if (sequence === PASTE_END) return;
		}
		// Lines pasted unmarked into a form's single-line field (GNU screen's own paste, tmux's paste-buffer without -p)
		// stay one paste, which the field makes a list or one line: as Enters, they would land in the fields below.
		const marked = marks.current && !(inFormLine(contextNow()) && pastedColumn(input));
		for (const [one, oneKey] of keysOf(sequence, input, key, effectiveEditing(contextNow()), marked, latest.current.escapeTab)) {
			const id = resolve(one, oneKey, contextNow());
			// The field says what was dropped; the next press sends.
			if (id && oneKey.afterNotUtf8 && SENDS.has(id)) continue;
			const held = id ? undefined : heldAtStep(one, oneKey, contextNow());
			if (id) latest.current.handlers[id]?.(one);
			else if (held) latest.current.held?.(held, contextNow());
			else if (isSuspendKey(one, oneKey)) latest.current.unbound?.(SUSPEND_CHORD, contextNow());
			else if (!oneKey.chord && plainText(oneKey) && one !== '') latest.current.unhandled?.(one, contextNow());
			// Any other key no binding takes here (Left in the log, Ctrl+B, Alt+G, Delete): said, not swallowed without a word.
			else latest.current.unbound?.(keyName(one, oneKey), contextNow());
		}
	});
	useInput(listener.current, {isActive: options.isActive ?? true});
}
