// A key pressed where it does nothing that another panel takes (Ctrl+K typed on the command line): where it works,
// and how to get there, in place of a bare "does nothing here". Read off the binding table, so every key is covered.
import {BINDINGS, keyFor, type KeyContext, type Panel} from './bindings.js';
import {keyToPanel} from './key-to-panel.js';

const PANEL_NAMES: Record<Panel, string> = {
	connection: 'the connection panel',
	composer: 'the message panel',
	log: 'the protocol log',
	inbox: 'the inbox',
	command: 'the command line',
};

/** The panels on this screen: the command line in manual mode only, the inbox with the sandbox only. */
function panelsShown(context: KeyContext): Panel[] {
	return (['connection', 'composer', 'log', 'command', 'inbox'] as const).filter(panel => (panel !== 'command' || context.mode === 'manual') && (panel !== 'inbox' || context.hasInbox === true));
}

/** The key that takes the focus to the nearest of `targets` on this screen ("Shift+Tab twice"); Tab where none is. */
export function keyToReach(context: KeyContext, targets: readonly Panel[]): string {
	return keyToPanel({focus: context.focus, order: panelsShown(context)}, targets) ?? keyFor('focus.next');
}

const PANELS = new Set<string>(Object.keys(PANEL_NAMES));
const LINE_EDITING = new Set(['Left', 'Right', 'Home', 'End', 'Backspace', 'Delete']);

/**
 * "Ctrl+K (check ports) works in the connection panel: Tab twice there" (the key that gets to the nearest of them
 * from the focus), for a key that one binding of other panels takes, or
 * undefined: a key of text fields, or one several panels use for different things (Enter, Esc), would name half the
 * screen, and one that works there only at times (Left in an opened message) would send the user there for nothing.
 * A key a replay turns off is not offered there.
 */
export function keyWorksElsewhere(chord: string, context: KeyContext): string | undefined {
	// Where text is typed, these keys edit it: on an empty line they did nothing to it, which is what to say.
	if ((context.editing || context.focus === 'command') && LINE_EDITING.has(chord)) return undefined;
	const all = BINDINGS.filter(binding => binding.when === undefined && binding.keys.some(key => key.label === chord && !key.printable) && binding.scopes.every(scope => PANELS.has(scope)));
	// With the lesson panel open its key is the one meant (Ctrl+L is the connection panel's MX key too).
	const lesson = context.lessonOpen ? all.filter(binding => binding.id === 'lesson.toggle') : [];
	const takers = lesson.length > 0 ? lesson : all;
	const binding = takers.length === 1 && !(takers[0]!.notInReplay && context.replay) ? takers[0]! : undefined;
	const places = panelsShown(context).filter(panel => panel !== context.focus && binding?.scopes.includes(panel));
	if (!binding || places.length === 0) return undefined;
	const what = binding.hint ? ` (${binding.hint})` : '';
	return `${chord}${what} works in ${places.map(panel => PANEL_NAMES[panel]).join(' and ')}: ${keyToReach(context, places)} there`;
}

/**
 * A panel's own letter (z zoom, x show all) typed at the step prompt, where letters edit nothing: "z (zoom) works in
 * the protocol log and the inbox: Tab there". The letter means the same wherever it works; undefined for one no other
 * panel on screen takes.
 */
export function letterWorksElsewhere(input: string, context: KeyContext): string | undefined {
	const takers = BINDINGS.filter(binding => binding.when === undefined && binding.keys.some(key => key.printable && key.label === input) && binding.scopes.every(scope => PANELS.has(scope)));
	const hints = new Set(takers.map(binding => binding.hint));
	const places = panelsShown(context).filter(panel => panel !== context.focus && takers.some(binding => binding.scopes.includes(panel)));
	if (places.length === 0 || hints.size !== 1 || takers[0]!.hint === undefined) return undefined;
	return `${input} (${takers[0]!.hint}) works in ${places.map(panel => PANEL_NAMES[panel]).join(' and ')}: ${keyToReach(context, places)} there`;
}
