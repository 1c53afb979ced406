// Every key as the terminals people use send it: the same action whatever the terminal, and never a fragment of an
// escape sequence typed into a field. Each row names the terminal (or mode) the bytes come from, checked against
// its terminfo entry (infocmp) or, for tmux, against what it sends a program. A key change that leaves PuTTY or
// rxvt users behind fails here.
import React, {useState} from 'react';
import {describe, expect, it} from 'vitest';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {BINDINGS, type BindingId, type KeyContext} from '../../source/ui/keys/bindings.js';
import {useKeyRouter, type KeyHandlers} from '../../source/ui/keys/router.js';
import {escapeTabIsBackTab} from '../../source/ui/keys/terminal-sequences.js';
import {flushInput, waitForFrame} from '../helpers/wait-for.js';

const subject: KeyContext = {focus: 'composer', mode: 'auto', editing: 'line'};
const body: KeyContext = {focus: 'composer', mode: 'auto', editing: 'text'};
const log: KeyContext = {focus: 'log', mode: 'auto', editing: false};
const stepPrompt: KeyContext = {focus: 'composer', mode: 'step', editing: 'line', overlay: 'step'};

/** A key, the terminals that send it these bytes, where it is pressed and what it must do there. */
type Variant = {key: string; terminal: string; bytes: string; where: KeyContext; does: string; term?: string};

const ESC = '\u001B';

/** One key in several places: the same bytes must do each place's action. */
function rows(key: string, sends: Record<string, string>, effects: Array<[KeyContext, string]>, term?: string): Variant[] {
	return Object.entries(sends).flatMap(([terminal, bytes]) => effects.map(([where, does]) => ({key, terminal, bytes, where, does, term})));
}

export const VARIANTS: Variant[] = [
	...rows(
		'Home',
		{'xterm, iTerm2, Windows Terminal, VS Code, kitty': `${ESC}[H`, 'xterm application mode, macOS Terminal': `${ESC}OH`, 'PuTTY, Linux console, screen, tmux': `${ESC}[1~`, 'rxvt, urxvt': `${ESC}[7~`},
		[
			[subject, 'edit.home'],
			[log, 'log.home'],
		],
	),
	...rows(
		'End',
		{'xterm, iTerm2, Windows Terminal, VS Code, kitty': `${ESC}[F`, 'xterm application mode, macOS Terminal': `${ESC}OF`, 'PuTTY, Linux console, screen, tmux': `${ESC}[4~`, 'rxvt, urxvt': `${ESC}[8~`},
		[
			[subject, 'edit.end'],
			[log, 'log.end'],
		],
	),
	...rows('Backspace', {'every terminal (default)': '\u007F', 'PuTTY set to Control-H, vt220': '\b'}, [[subject, 'edit.deleteLeft']]),
	...rows('Delete', {'every terminal': `${ESC}[3~`}, [[subject, 'edit.deleteRight']]),
	...rows('Ctrl+Delete', {'xterm, tmux': `${ESC}[3;5~`, 'rxvt, urxvt': `${ESC}[3^`}, [[subject, 'edit.deleteRight']]),
	...rows('PgUp', {'every terminal': `${ESC}[5~`}, [
		[body, 'edit.pageUp'],
		[log, 'log.pageUp'],
	]),
	...rows('PgDn', {'every terminal': `${ESC}[6~`}, [
		[body, 'edit.pageDown'],
		[log, 'log.pageDown'],
	]),
	...rows('Shift+Tab', {'xterm, PuTTY, rxvt, screen, tmux': `${ESC}[Z`, 'xterm with modifyOtherKeys=2': `${ESC}[27;2;9~`}, [
		[subject, 'focus.prev'],
		[log, 'focus.prev'],
	]),
	// The Linux console's Shift+Tab (terminfo kcbt=\E^I); elsewhere ESC Tab is Esc and Tab typed fast.
	...rows('Shift+Tab', {'Linux console': `${ESC}\t`}, [
		[subject, 'focus.prev'],
		[log, 'focus.prev'],
	], 'linux'),
	...rows('Shift+Home, Ctrl+Home', {'rxvt, urxvt': `${ESC}[7$`, 'rxvt, urxvt (Ctrl)': `${ESC}[7^`, 'xterm (Ctrl)': `${ESC}[1;5H`}, [[subject, 'edit.home']]),
	...rows('Ctrl+G', {'every terminal': '\u0007', 'xterm, foot, WezTerm with modifyOtherKeys=2': `${ESC}[27;5;103~`, 'kitty keyboard protocol': `${ESC}[103;5u`}, [[subject, 'help.toggle']]),
	...rows('Alt+B', {'xterm with modifyOtherKeys=2': `${ESC}[27;3;98~`}, [[subject, 'edit.wordLeft']]),
	...rows('Up', {'normal cursor mode': `${ESC}[A`, 'application cursor mode (screen, tmux, PuTTY)': `${ESC}OA`}, [
		[body, 'edit.up'],
		[log, 'log.up'],
	]),
	...rows('Down', {'normal cursor mode': `${ESC}[B`, 'application cursor mode': `${ESC}OB`}, [
		[body, 'edit.down'],
		[log, 'log.down'],
	]),
	...rows('Left', {'normal cursor mode': `${ESC}[D`, 'application cursor mode, PuTTY Ctrl+Left': `${ESC}OD`}, [[subject, 'edit.left']]),
	...rows('Right', {'normal cursor mode': `${ESC}[C`, 'application cursor mode, PuTTY Ctrl+Right': `${ESC}OC`}, [[subject, 'edit.right']]),
	...rows(
		'Ctrl+Left',
		{'xterm, tmux, Windows Terminal, VS Code, kitty': `${ESC}[1;5D`, 'rxvt, urxvt': `${ESC}Od`, 'old xterm': `${ESC}[5D`, 'macOS Terminal Option+Left': `${ESC}b`, 'iTerm2 Option+Left (Esc+)': `${ESC}${ESC}[D`, 'xterm Alt+Left': `${ESC}[1;3D`},
		[[subject, 'edit.wordLeft']],
	),
	...rows('Ctrl+Right', {'xterm, tmux, Windows Terminal, VS Code, kitty': `${ESC}[1;5C`, 'rxvt, urxvt': `${ESC}Oc`, 'macOS Terminal Option+Right': `${ESC}f`}, [[subject, 'edit.wordRight']]),
	...rows('Alt+Backspace', {'xterm, tmux, PuTTY, rxvt (ESC prefix)': `${ESC}\u007F`, 'PuTTY set to Control-H': `${ESC}\b`}, [[subject, 'edit.deleteWordBack']]),
	...rows('Ctrl+Backspace', {'VS Code (its own binding)': '\u0017'}, [[subject, 'edit.deleteWordLeft']]),
	// Windows Terminal and kitty send ^H for Ctrl+Backspace: one character, as Backspace (README says so).
	...rows('Ctrl+Backspace', {'Windows Terminal, kitty': '\b'}, [[subject, 'edit.deleteLeft']]),
	...rows('Alt+D', {'every terminal (ESC prefix)': `${ESC}d`}, [[subject, 'edit.deleteWordRight']]),
	...rows('Enter', {'every terminal': '\r'}, [
		[subject, 'field.next'],
		[body, 'edit.newline'],
	]),
	...rows('Esc', {'every terminal': ESC}, [[stepPrompt, 'step.stop']]),
	...rows('F1', {'xterm, tmux, screen': `${ESC}OP`, 'PuTTY, rxvt': `${ESC}[11~`, 'Linux console': `${ESC}[[A`}, [[subject, 'help.toggle']]),
	...rows('Bracketed paste', {'every terminal emulator': `${ESC}[200~pasted${ESC}[201~`}, [[subject, 'edit.insert']]),
];

/** Sequences no binding takes, from keys or modes a terminal may send: never typed into a field, in whole or in part. */
export const UNKNOWN: Array<{key: string; terminal: string; bytes: string}> = [
	{key: 'Shift+F3', terminal: 'rxvt, urxvt', bytes: `${ESC}[25~`},
	{key: 'F13', terminal: 'xterm', bytes: `${ESC}[1;2R`},
	{key: 'Keypad 5', terminal: 'xterm', bytes: `${ESC}[E`},
	{key: 'Keypad 5', terminal: 'PuTTY, Linux console', bytes: `${ESC}[G`},
	{key: 'Keypad 5', terminal: 'urxvt (application keypad)', bytes: `${ESC}Ou`},
	{key: 'Ctrl+Keypad 5', terminal: 'xterm', bytes: `${ESC}[1;5G`},
	{key: 'Ctrl+1', terminal: 'xterm, foot, WezTerm with modifyOtherKeys=2', bytes: `${ESC}[27;5;49~`},
	{key: 'Ctrl+Shift+F5', terminal: 'rxvt, urxvt', bytes: `${ESC}[15@`},
	{key: 'Focus in', terminal: 'xterm, tmux focus reporting', bytes: `${ESC}[I`},
	{key: 'Mouse press', terminal: 'xterm SGR mouse', bytes: `${ESC}[<0;10;5M`},
];

function Recorder({context, term}: {context: KeyContext; term: string}) {
	const [seen, setSeen] = useState<string[]>([]);
	const record = (id: BindingId) => (input: string) => setSeen(previous => [...previous, `${id}(${JSON.stringify(input)})`]);
	const handlers: KeyHandlers = Object.fromEntries(BINDINGS.map(binding => [binding.id, record(binding.id)]));
	const said = (what: string) => (name: string) => setSeen(previous => [...previous, `${what}(${JSON.stringify(name)})`]);
	useKeyRouter(context, handlers, {pastesMarked: true, escapeTabIsBackTab: escapeTabIsBackTab({TERM: term}), unbound: said('unbound'), unhandled: said('text')});
	return <Text>{seen.join(' ') || 'none'}</Text>;
}

/** What the router did with one terminal read, up to the Ctrl+S sent after it. */
async function effectOf(context: KeyContext, reads: string | string[], term = 'xterm-256color'): Promise<string> {
	const {stdin, lastFrame, unmount} = render(<Recorder context={context} term={term} />);
	await waitForFrame(lastFrame, frame => frame.includes('none'));
	for (const bytes of [reads].flat()) {
		stdin.write(bytes);
		// Ink hands a lone ESC over on its next tick: the next read comes after it, as over a slow link.
		await flushInput();
	}
	stdin.write('\u0013');
	const frame = await waitForFrame(lastFrame, current => current.includes('session.send'));
	unmount();
	return frame.replace(/\s+/g, ' ').replace(/ ?session\.send\("s"\)\s*$/, '');
}

const place = (where: KeyContext) => (where.overlay ? `${where.overlay} prompt` : where.editing === 'line' ? 'text field' : where.editing === 'text' ? 'body' : where.focus);

describe('keys as each terminal sends them', () => {
	it.each(VARIANTS.map(variant => [variant.key, variant.terminal, place(variant.where), variant]))('%s from %s, in the %s', async (_key, _terminal, _place, variant) => {
		const effect = await effectOf(variant.where, variant.bytes, variant.term);
		expect(effect.split(') ').length, effect).toBe(1);
		expect(effect).toMatch(new RegExp(`^${variant.does.replace('.', '\\.')}\\(`));
	});

	it.each(UNKNOWN.map(sequence => [sequence.key, sequence.terminal, sequence]))('%s from %s types nothing into a field', async (_key, _terminal, sequence) => {
		const effect = await effectOf(subject, sequence.bytes);
		expect(effect).not.toMatch(/edit\.insert|text\(/);
		expect(effect).toMatch(/^(unbound\("[^"]+"\))?$/);
	});

	// A serial console or a slow link splits a key's bytes over two reads: Ink gives up on the sequence at its next
	// tick. The ESC has acted by then (as Esc, which does nothing in a field); the rest must not be typed.
	const split: Array<[string, KeyContext, string[], string]> = [
		['Home (PuTTY, Linux console) split over two reads', subject, [ESC, '[1~'], 'edit.home'],
		['End and typing after it (rxvt) split over two reads', subject, [ESC, '[8~xy'], 'edit.end("") edit.insert("xy")'],
		['Up (application cursor mode) split over two reads', log, [ESC, 'OA'], 'log.up'],
		['Up, split after ESC [', body, [`${ESC}[`, 'A'], 'edit.up'],
		['F1 (Linux console) split over two reads', subject, [`${ESC}[[`, 'A'], 'help.toggle'],
		// Not split, but two keys Ink takes for one sequence: rxvt's Shift+Home and a letter typed fast after it.
		['Shift+Home (rxvt) and a letter in one read', subject, [`${ESC}[7$a`], 'edit.home("") edit.insert("a")'],
		['a bracketed paste split over two reads', subject, [ESC, '[200~pasted', `${ESC}[201~`], 'edit.insert("pasted")'],
	];
	it.each(split)('%s: the key, never text', async (_key, where, reads, does) => {
		const effect = await effectOf(where, reads);
		expect(effect).toMatch(new RegExp(`^(unbound\\("[^"]+"\\) )?${does.replace(/[.()[\]]/g, '\\$&')}`));
		expect(effect).not.toMatch(/insert\("[[O]|text\(/);
	});

	it('keeps text typed right after an Esc as text: "Ok" and "[x]" end in no key', async () => {
		expect(await effectOf(subject, [ESC, 'Ok'])).toBe('unbound("Esc") edit.insert("Ok")');
		expect(await effectOf(subject, [ESC, '[x]'])).toBe('unbound("Esc") edit.insert("[x]")');
	});
});
