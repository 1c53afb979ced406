import React, {useState} from 'react';
import {describe, expect, it} from 'vitest';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {BINDINGS, SCOPE_TITLES, type BindingId, type KeyContext, type Scope} from '../../source/ui/keys/bindings.js';
import {helpLines} from '../../source/ui/components/help-overlay.js';
import {activeBindings, resolve, terminalMarksPastes, useKeyRouter, type KeyHandlers} from '../../source/ui/keys/router.js';
import {functionKeyName} from '../../source/ui/keys/function-keys.js';
import {flushInput, waitForFrame} from '../helpers/wait-for.js';
import {key} from './keys.js';

const composing: KeyContext = {focus: 'composer', mode: 'auto', editing: 'line'};
const inBody: KeyContext = {focus: 'composer', mode: 'auto', editing: 'text'};
const onLog: KeyContext = {focus: 'log', mode: 'auto', editing: false};

describe('binding table', () => {
	it('has one binding per id, each with keys, a scope and a description', () => {
		const ids = BINDINGS.map(binding => binding.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const binding of BINDINGS) {
			expect(binding.keys.length, binding.id).toBeGreaterThan(0);
			expect(binding.scopes.length, binding.id).toBeGreaterThan(0);
			expect(binding.description.length, binding.id).toBeGreaterThan(5);
		}
	});

	it('uses only keys that survive SSH and tmux: no F-keys, no Ctrl+Enter, no mouse', () => {
		for (const binding of BINDINGS) {
			for (const spec of binding.keys) {
				expect(spec.label, binding.id).not.toMatch(/^F\d+$|Ctrl\+Enter|Click|Mouse|Scroll/i);
			}
		}
	});

	it('never gives one key two meanings within a scope', () => {
		const samples: Array<[string, ReturnType<typeof key>]> = [
			['', key({return: true})],
			['', key({escape: true, meta: true})],
			['', key({tab: true})],
			['', key({tab: true, shift: true})],
			['', key({upArrow: true})],
			['', key({downArrow: true})],
			['', key({leftArrow: true})],
			['', key({rightArrow: true})],
			['', key({pageUp: true})],
			['', key({pageDown: true})],
			['', key({home: true})],
			['', key({end: true})],
			['', key({delete: true})],
			['', key({backspace: true})],
			['', key({delete: true, meta: true})],
			['', key({leftArrow: true, ctrl: true})],
			['', key({rightArrow: true, meta: true})],
			...'bdf'.split('').map(letter => [letter, key({meta: true})] as [string, ReturnType<typeof key>]),
			[' ', key()],
			...'abcdefghijklmnopqrstuvwxyz'.split('').map(letter => [letter, key({ctrl: true})] as [string, ReturnType<typeof key>]),
			...'?egGjkqx'.split('').map(letter => [letter, key()] as [string, ReturnType<typeof key>]),
		];
		const scopes = new Set(BINDINGS.flatMap(binding => binding.scopes));
		for (const scope of scopes) {
			for (const when of ['editing', 'browsing'] as const) {
				for (const [input, flags] of samples) {
					const matches = BINDINGS.filter(
						binding =>
							binding.scopes.includes(scope as Scope) &&
							(binding.when === undefined || binding.when === when) &&
							binding.id !== 'edit.insert' &&
							binding.keys.some(spec => spec.match(input, flags)),
					);
					expect(matches.map(binding => binding.id), `${scope}/${when} ${JSON.stringify(input)}`).toHaveLength(Math.min(1, matches.length));
				}
			}
		}
	});
});

describe('resolve', () => {
	it('keeps control keys global, even while typing', () => {
		expect(resolve('s', key({ctrl: true}), composing)).toBe('session.send');
		expect(resolve('c', key({ctrl: true}), inBody)).toBe('app.quit');
		expect(resolve('', key({tab: true}), inBody)).toBe('focus.next');
		expect(resolve('', key({tab: true, shift: true}), onLog)).toBe('focus.prev');
		expect(resolve('g', key({ctrl: true}), composing)).toBe('help.toggle');
	});

	it('types printable keys into a field instead of running their binding', () => {
		expect(resolve('?', key(), composing)).toBe('edit.insert');
		expect(resolve('?', key(), onLog)).toBe('help.toggle');
		expect(resolve('x', key(), onLog)).toBe('log.expand');
		expect(resolve('x', key(), inBody)).toBe('edit.insert');
		expect(resolve('pasted\r\ntext', key(), inBody)).toBe('edit.insert');
	});

	it('lets Space and Right change a choice field, which takes no text', () => {
		const choosing: KeyContext = {focus: 'connection', mode: 'auto', editing: 'choice'};
		expect(resolve(' ', key(), choosing)).toBe('choice.next');
		expect(resolve('', key({rightArrow: true}), choosing)).toBe('choice.next');
		expect(resolve('', key({leftArrow: true}), choosing)).toBe('choice.prev');
		expect(resolve(' ', key(), composing)).toBe('edit.insert');
	});

	it('treats Backspace (key.delete on Ink 6.8) and Ctrl+H (key.backspace) as delete-left', () => {
		expect(resolve('', key({delete: true}), composing)).toBe('edit.deleteLeft');
		expect(resolve('', key({backspace: true}), inBody)).toBe('edit.deleteLeft');
		expect(resolve('d', key({ctrl: true}), inBody)).toBe('edit.deleteRight');
	});

	it('gives Enter and the arrows to the body editor, and to field moves in a line field', () => {
		expect(resolve('\r', key({return: true}), inBody)).toBe('edit.newline');
		expect(resolve('', key({upArrow: true}), inBody)).toBe('edit.up');
		expect(resolve('\r', key({return: true}), composing)).toBe('field.next');
		expect(resolve('', key({upArrow: true}), composing)).toBe('field.prev');
		expect(resolve('', key({pageUp: true}), onLog)).toBe('log.pageUp');
		expect(resolve('', key({pageUp: true}), {focus: 'command', mode: 'manual', editing: 'line'})).toBe('log.pageUp');
		expect(resolve('', key({upArrow: true}), {focus: 'command', mode: 'manual', editing: 'line'})).toBe('manual.historyPrev');
		expect(resolve('', key({upArrow: true}), {focus: 'composer', mode: 'auto', editing: false})).toBe('view.up');
	});

	it('lets the step prompt take Enter, e and Esc, and only Enter and Esc while its line is edited', () => {
		const prompt: KeyContext = {...inBody, mode: 'step', overlay: 'step'};
		expect(resolve('\r', key({return: true}), prompt)).toBe('step.confirm');
		expect(resolve('e', key(), prompt)).toBe('step.edit');
		expect(resolve('', key({escape: true, meta: true}), prompt)).toBe('step.stop');
		const editing: KeyContext = {...prompt, overlay: 'stepEdit'};
		expect(resolve('e', key(), editing)).toBe('edit.insert');
		expect(resolve('\r', key({return: true}), editing)).toBe('step.confirm');
		expect(resolve('', key({escape: true, meta: true}), editing)).toBe('step.stop');
	});

	it('lists a key once, for the scope that takes it: at the step prompt, the inbox\'s Enter open is not offered', () => {
		const atInbox: KeyContext = {focus: 'inbox', mode: 'step', editing: false, overlay: 'step'};
		expect(resolve('\r', key({return: true}), atInbox)).toBe('step.confirm');
		const ids = activeBindings(atInbox).map(({binding}) => binding.id);
		expect(ids).toContain('step.confirm');
		expect(ids).not.toContain('inbox.open');
	});

	it('makes the help overlay modal', () => {
		const help: KeyContext = {...inBody, overlay: 'help'};
		expect(resolve('q', key(), help)).toBe('help.close');
		expect(resolve('', key({pageDown: true}), help)).toBe('view.pageDown');
		expect(resolve('a', key(), help)).toBeUndefined();
		expect(resolve('s', key({ctrl: true}), help)).toBe('session.send');
		// The panels are covered: Tab would move the focus among them unseen.
		expect(resolve('', key({tab: true}), help)).toBeUndefined();
		expect(activeBindings(help).map(({binding}) => binding.id)).not.toContain('focus.next');
	});

	it('lists the focused panel bindings before the global ones', () => {
		const ids = activeBindings(onLog).map(({binding}) => binding.id);
		expect(ids.indexOf('log.pageUp')).toBeLessThan(ids.indexOf('session.send'));
		expect(ids).not.toContain('composer.preview');
		expect(activeBindings(composing).map(({binding}) => binding.id)).toContain('composer.preview');
	});

	it('takes Ctrl+L in the inbox for the lesson panel only while it is open (lesson 4 ends there), not in smtp-tui inbox', () => {
		const ctrlL = key({ctrl: true});
		const inbox: KeyContext = {focus: 'inbox', mode: 'manual', editing: false, hasInbox: true};
		expect(resolve('l', ctrlL, {...inbox, lessonOpen: true})).toBe('lesson.toggle');
		expect(resolve('l', ctrlL, {...inbox, reading: true, lessonOpen: true})).toBe('lesson.toggle');
		expect(resolve('l', ctrlL, inbox)).toBeUndefined();
	});

	it("gives Esc to Ctrl+L's MX lookup while it runs, where Esc does nothing else, and lists it in the help and the footer", () => {
		const escape = key({escape: true});
		const lookup = {mxLookup: true} as const;
		const onConnection: KeyContext = {focus: 'connection', mode: 'auto', editing: 'line', ...lookup};
		expect(resolve('', escape, onConnection)).toBe('connection.stopMx');
		expect(resolve('', escape, {...onLog, ...lookup})).toBe('connection.stopMx');
		expect(activeBindings(onConnection).map(({binding}) => binding.id)).toContain('connection.stopMx');
		// Esc's own meanings there come first: the preview's close, the inbox's back, the step prompt's stop, the help's close.
		expect(resolve('', escape, {focus: 'composer', mode: 'auto', editing: false, ...lookup})).toBe('composer.closePreview');
		expect(resolve('', escape, {focus: 'inbox', mode: 'auto', editing: false, reading: true, ...lookup})).toBe('inbox.back');
		expect(resolve('', escape, {...onConnection, overlay: 'step'})).toBe('step.stop');
		expect(resolve('', escape, {...onConnection, overlay: 'help'})).toBe('help.close');
		const inBrowse = activeBindings({focus: 'composer', mode: 'auto', editing: false, ...lookup}).map(({binding}) => binding.id);
		expect(inBrowse).not.toContain('connection.stopMx');
		// No lookup, no such key.
		expect(resolve('', escape, {...onConnection, mxLookup: false})).toBeUndefined();
		const everywhere = helpLines().findIndex(line => line.kind === 'title' && line.text === SCOPE_TITLES.global);
		const next = helpLines().findIndex((line, index) => index > everywhere && line.kind === 'title');
		expect(helpLines().slice(everywhere, next)).toContainEqual(expect.objectContaining({keys: 'Esc', text: expect.stringMatching(/Ctrl\+L's MX lookup/)}));
	});

	it('offers no keys that build the message in a replay, which plays the recorded one', () => {
		const replaying: KeyContext = {...composing, replay: true};
		const ids = activeBindings(replaying).map(({binding}) => binding.id);
		for (const id of ['composer.preview', 'composer.addHeader', 'composer.removeHeader'] as const) expect(ids).not.toContain(id);
		expect(ids).toContain('session.send');
		expect(resolve('p', key({ctrl: true}), replaying)).toBeUndefined();
		expect(resolve('p', key({ctrl: true}), composing)).toBe('composer.preview');
	});
});

function Recorder({context, pastesMarked}: {context: KeyContext; pastesMarked?: boolean}) {
	const [seen, setSeen] = useState<string[]>([]);
	const record = (id: BindingId) => (input: string) => setSeen(previous => [...previous, `${id}(${JSON.stringify(input)})`]);
	const handlers: KeyHandlers = Object.fromEntries(BINDINGS.map(binding => [binding.id, record(binding.id)]));
	const said = (what: string) => (name: string) => setSeen(previous => [...previous, `${what}(${name})`]);
	useKeyRouter(context, handlers, {pastesMarked, unbound: said('unbound'), unhandled: said('text')});
	return <Text>{seen.join(' ') || 'none'}</Text>;
}

/** The bindings the router reports for `reads` (one terminal read each), once `until` shows in the frame. */
async function bindingsFor(context: KeyContext, reads: string[], until = 'session.send', pastesMarked?: boolean): Promise<string> {
	const {stdin, lastFrame} = render(<Recorder context={context} pastesMarked={pastesMarked} />);
	await waitForFrame(lastFrame, frame => frame.includes('none'));
	for (const bytes of reads) {
		stdin.write(bytes);
		await flushInput();
	}
	const frame = await waitForFrame(lastFrame, current => current.includes(until));
	return frame.replace(/\s+/g, ' ');
}

describe('useKeyRouter', () => {
	it('turns raw terminal bytes into binding ids through one useInput', async () => {
		const reads = ['\u0013', '\u007F', '\u0008', '\u001B[A', '\u001B[6~', '\r', 'a\r\nBcc: x', '\t', '\u001B[Z'];
		expect(await bindingsFor(inBody, reads, 'focus.prev')).toContain(
			'session.send("s") edit.deleteLeft("") edit.deleteLeft("") edit.up("") edit.pageDown("") edit.newline("\\r") edit.insert("a\\r\\nBcc: x") focus.next("") focus.prev("")',
		);
	});

	it('handles control keys that arrive together in one read one by one', async () => {
		expect(await bindingsFor(onLog, ['\t\t', '\u0010\u0013'])).toContain('focus.next("") focus.next("") unbound(Ctrl+P) session.send("s")');
	});

	it('types the text of a read and then acts on the control keys in it', async () => {
		expect(await bindingsFor(composing, ['ab\t', 'cd\u0007\u0013'])).toContain('edit.insert("ab") focus.next("") edit.insert("cd") help.toggle("g") session.send("s")');
		expect(await bindingsFor(onLog, ['k\u0007k', '\u0013'])).toContain('log.up("k") help.toggle("g") log.up("k") session.send("s")');
	});

	it('where text is typed, keeps a key that acts, pasted between text in one read, in the text; keys that edit still act', async () => {
		// A paste holding Ctrl+S must not send the message (nor Ctrl+C quit): the insert drops it and says so.
		expect(await bindingsFor(composing, ['Pasted\u0013te\u0003xt', '\u0013'])).toContain('edit.insert("Pasted\\u0013te\\u0003xt") session.send("s")');
		// Typed fast over SSH: Backspace and Ctrl+U between letters edit as they are typed.
		expect(await bindingsFor(composing, ['ab\u007Fc\u0015d', '\u0013'])).toContain('edit.insert("ab") edit.deleteLeft("") edit.insert("c") edit.deleteToStart("u") edit.insert("d") session.send("s")');
	});

	it('tells the Delete key from Backspace, though Ink reports both as delete', async () => {
		expect(await bindingsFor(composing, ['\u001B[3~', '\u007F', '\u001B[3;5~', '\u0013'])).toContain('edit.deleteRight("") edit.deleteLeft("") edit.deleteRight("") session.send("s")');
	});

	it('handles Esc and a control key typed right after it in one read as two keys; Esc and a letter is the Alt chord', async () => {
		// Esc closes the help, then Ctrl+S sends; ESC q is Alt+Q (tmux's escape-time, or the chord), which closes nothing.
		expect(await bindingsFor({...onLog, overlay: 'help'}, ['\u001B\u0013', '\u001Bq', '\u0013'])).toContain('help.close("") session.send("s") unbound(Alt+Q) session.send("s")');
		// ESC ESC [ B is also Option+Down (iTerm2's "Esc+", rxvt): an arrow, not Esc, which would close the message.
		expect(await bindingsFor({focus: 'inbox', mode: 'auto', editing: false, reading: true}, ['\u001B\u001B[B', '\u0013'])).toMatch(/^view\.down\(""\) session\.send\("s"\)/);
	});

	it('takes a held key that arrives as one read ("kkkk" over SSH) as that many key presses where keys are not text', async () => {
		expect(await bindingsFor(onLog, ['kkk', 'jG\u0013'])).toContain('log.up("k") log.up("k") log.up("k") log.down("j") log.end("G") session.send("s")');
	});

	it('keeps a pasted tab (text on both sides in one read) as text in a one-line field, so the paste stays in it', async () => {
		// "user<Tab>password" from a password manager: not Tab then "password" typed into the next panel.
		expect(await bindingsFor(composing, ['sec\tret', '\u0013'])).toContain('edit.insert("sec\\tret") session.send("s")');
		// Typed fast, Tab after the text is still the key; so is a Tab alone, and a Tab where no text is typed.
		expect(await bindingsFor(composing, ['ab\t', '\tcd', '\u0013'])).toContain('edit.insert("ab") focus.next("") focus.next("") edit.insert("cd") session.send("s")');
		expect(await bindingsFor(onLog, ['k\tk', '\u0013'])).toContain('log.up("k") focus.next("") log.up("k") session.send("s")');
	});

	it('takes a bracketed paste as text, all of it, even split across reads: one insert where text is typed, no key anywhere else', async () => {
		const paste = (...parts: string[]) => ['\u001B[200~', ...parts, '\u001B[201~'];
		// Ctrl+S, Ctrl+C and Ctrl+G at either end or inside, and an escape sequence: text, which the field cleans.
		expect(await bindingsFor(composing, [...paste('\u0013Pas', 'ted\u0007\u001B[31m', 'x\u0003'), '\u0013'])).toContain(
			'edit.insert("\\u0013Pasted\\u0007\\u001b[31mx\\u0003") session.send("s")',
		);
		// In the log (keys, not text) a paste does nothing at all: not "k" scrolling, not Ctrl+S sending.
		expect(await bindingsFor(onLog, [...paste('kk\u0013'), '\u0013'])).toMatch(/Ctrl|none|session\.send\("s"\)$/);
		expect(await bindingsFor(onLog, [...paste('kk\u0013'), '\u0013'])).not.toMatch(/log\.up|session\.send\("s"\) session\.send/);
	});

	it('ends a bracketed paste whose end mark never comes at a Ctrl+C read alone: what came goes in, and Ctrl+C quits', async () => {
		// Found by test/ui/fuzz-app.test.tsx: after a lone ESC[200~ every key was paste, Ctrl+C too, and nothing quit.
		expect(await bindingsFor(composing, ['\u001B[200~', 'half a paste', '\u0003'], 'app.quit')).toContain('edit.insert("half a paste") app.quit("c")');
		expect(await bindingsFor(onLog, ['\u001B[200~', 'kk', '\u0003', '\u0003'], 'app.quit("c") app.quit')).toContain('text(kk) app.quit("c") app.quit("c")');
	});

	it('ends a bracketed paste whose end mark never comes at an Esc read alone, which then acts: the keys after it act again', async () => {
		// Found by test/ui/fuzz-dashboard.test.tsx: after a lone ESC[200~, Esc and Ctrl+Z did nothing, as if the screen froze.
		expect(await bindingsFor({...onLog, overlay: 'help'}, ['\u001B[200~', 'kk', '\u001B', '\u0013'])).toContain('text(kk) help.close("") session.send("s")');
		// An ESC inside a paste's read is pasted, as before.
		expect(await bindingsFor(composing, ['\u001B[200~', 'a\u001Bb', '\u001B[201~', '\u0013'])).toContain('edit.insert("a\\u001bb") session.send("s")');
	});

	it('takes a terminal report (OSC, DCS: an answer to a query another program sent) as no key and no text, whole', async () => {
		// Found by test/ui/fuzz-dashboard.test.tsx: OSC's "11;rgb:…" was typed into the field and its BEL opened the help.
		expect(await bindingsFor(composing, ['\u001B]11;rgb:0000/0000/0000\u0007', 'a', '\u0013'])).toMatch(/^edit\.insert\("a"\) session\.send\("s"\)$/);
		expect(await bindingsFor(composing, ['\u001B]11;rgb:1/2/3\u001B\\', '\u001BP1$r0m\u001B\\', '\u0013'])).toMatch(/^session\.send\("s"\)$/);
		// What follows the report in the same read is typed.
		expect(await bindingsFor(composing, ['\u001B]0;t\u0007ab', '\u0013'])).toMatch(/^edit\.insert\("ab"\) session\.send\("s"\)$/);
		// One whose end never comes ends at an Esc or Ctrl+C pressed alone, which acts.
		expect(await bindingsFor({...onLog, overlay: 'help'}, ['\u001B]0;cut', 'kk', '\u001B', '\u0013'])).toMatch(/^help\.close\(""\) session\.send\("s"\)$/);
		// ESC ] alone in its read is Alt+] pressed: a key that does nothing, and what is typed next is typed.
		expect(await bindingsFor(composing, ['\u001B]', 'a', '\u0013'])).toMatch(/^unbound\(Alt\+]\) edit\.insert\("a"\) session\.send\("s"\)$/);
	});

	it('where the terminal marks its pastes, a read with no marks was typed: its keys act, its line breaks are Enter', async () => {
		// Type-ahead while the app was busy, or over a slow SSH link: a header, Ctrl+N, the next header.
		expect(await bindingsFor(composing, ['X-One: 1\u000EX-Two: 2', '\u0013'], 'session.send', true)).toContain('edit.insert("X-One: 1") composer.addHeader("n") edit.insert("X-Two: 2") session.send("s")');
		expect(await bindingsFor(composing, ['a@example.test\rnext', 'sec\t', '\u0013'], 'session.send', true)).toContain(
			'edit.insert("a@example.test") field.next("\\r") edit.insert("next") edit.insert("sec") focus.next("") session.send("s")',
		);
		// In the body too: text then Tab typed fast moves on.
		expect(await bindingsFor(inBody, ['line2\t', 'x', '\u0013'], 'session.send', true)).toContain('edit.insert("line2") focus.next("") edit.insert("x") session.send("s")');
		// Learnt from the first marked paste where the terminal was not known to mark them.
		const paste = ['\u001B[200~', 'pasted', '\u001B[201~'];
		expect(await bindingsFor(composing, [...paste, 'X-One: 1\u000EX-Two: 2', '\u0013'])).toContain('edit.insert("pasted") edit.insert("X-One: 1") composer.addHeader("n") edit.insert("X-Two: 2") session.send("s")');
		// Not known, not learnt: the same read is taken as pasted.
		expect(await bindingsFor(composing, ['X-One: 1\u000EX-Two: 2', '\u0013'])).toContain('edit.insert("X-One: 1\\u000eX-Two: 2") session.send("s")');
	});

	it('knows which terminals mark pastes: emulators do, the Linux console does not', () => {
		for (const term of ['xterm-256color', 'screen', 'tmux-256color', 'alacritty', 'foot', 'xterm-kitty']) expect(terminalMarksPastes({TERM: term}), term).toBe(true);
		for (const term of [undefined, '', 'linux', 'dumb', 'vt100', 'vt220']) expect(terminalMarksPastes({TERM: term}), String(term)).toBe(false);
	});

	it('keeps a tab with text on both sides in one read as text where the terminal marks pastes, for a paste that came unmarked', async () => {
		// tmux paste-buffer without -p: 40 spreadsheet rows went Log, Inbox, and the rest was dropped.
		const rows = Array.from({length: 3}, (_, row) => `r${row}a\tr${row}b`).join('\r');
		expect(await bindingsFor(inBody, [rows, '\u0013'], 'session.send', true)).toContain(
			'edit.insert("r0a\\tr0b") edit.newline("\\r") edit.insert("r1a\\tr1b") edit.newline("\\r") edit.insert("r2a\\tr2b") session.send("s")',
		);
		expect(await bindingsFor(composing, ['sec\tret', '\u0013'], 'session.send', true)).toContain('edit.insert("sec\\tret") session.send("s")');
	});

	it('reads ESC and a letter where text is typed as the Alt chord: word keys, and no letter typed for the others', async () => {
		// Alt+B, Alt+F, Alt+D, Alt+Backspace (ESC DEL, or ESC ^H), then an Alt chord that is no key here.
		const reads = ['\u001Bb', '\u001Bf', '\u001Bd', '\u001B\u007F', '\u001B\b', '\u001Bx', '\u0013'];
		for (const context of [composing, inBody]) {
			expect(await bindingsFor(context, reads)).toContain('edit.wordLeft("b") edit.wordRight("f") edit.deleteWordRight("d") edit.deleteWordBack("") edit.deleteWordBack("") unbound(Alt+X) session.send("s")');
		}
		// Ctrl+Left and Alt+Right as xterm sends them, Alt+Left as iTerm2's "Esc+" does: by words, not one character.
		expect(await bindingsFor(composing, ['\u001B[1;5D', '\u001B[1;3C', '\u001B\u001B[D', '\u001B[D', '\u0013'])).toContain('edit.wordLeft("") edit.wordRight("") edit.wordLeft("") edit.left("") session.send("s")');
		// Where no text is typed too: one chord, which does nothing, never Esc and then the letter (a step session
		// stopped and its `e` lost; the help closed and `x` toggling the log).
		const step: KeyContext = {focus: 'composer', mode: 'step', editing: false, overlay: 'step'};
		expect(await bindingsFor(step, ['\u001Be', '\u0013'])).toContain('unbound(Alt+E) session.send("s")');
		expect(await bindingsFor({...onLog, overlay: 'help'}, ['\u001Bx', '\u0013'])).toContain('unbound(Alt+X) session.send("s")');
		expect(await bindingsFor(onLog, ['\u001BG', '\u001B\u007F', '\u0013'])).toContain('unbound(Alt+Shift+G) unbound(Alt+Backspace) session.send("s")');
		expect(await bindingsFor({focus: 'connection', mode: 'auto', editing: 'choice'}, ['\u001Bb', '\u0013'])).toContain('unbound(Alt+B) session.send("s")');
		expect(await bindingsFor({focus: 'inbox', mode: 'auto', editing: false, reading: true}, ['\u001Bj', '\u0013'])).toContain('unbound(Alt+J) session.send("s")');
	});

	it('takes F1 as the help key in every form terminals send it, and names the other F-keys', async () => {
		// xterm and tmux (ESC O P), rxvt and vt220 (ESC [11~), the Linux console (ESC [[A).
		expect(await bindingsFor(composing, ['\u001BOP', '\u001B[11~', '\u001B[[A', '\u0013'])).toContain('help.toggle("g") help.toggle("g") help.toggle("g") session.send("s")');
		const names = ['\u001B[15~', '\u001B[[E', '\u001B[21~', '\u001B[1;2P', '\u001B[15;5~', '\u001B[12^', '\u001B\u001BOQ'].map(raw => functionKeyName(raw));
		expect(names).toEqual(['F5', 'F5', 'F10', 'Shift+F1', 'Ctrl+F5', 'Ctrl+F2', 'Alt+F2']);
		for (const raw of ['\u001B[A', '\u001B[3~', '\u001B[6~', '\u001BOA', '\u001B[1;5D']) expect(functionKeyName(raw), raw).toBeUndefined();
	});

	it('names every key no binding takes, so none does nothing without a word', async () => {
		// The log: Left, Right, Enter, Backspace (^? and ^H), Delete, Insert, Ctrl+Space, Ctrl+B, an unknown sequence.
		const reads = ['\u001B[D', '\u001B[C', '\r', '\u007F', '\b', '\u001B[3~', '\u001B[2~', '\u0000', '\u0002', '\u001B[E', '\u001B[1;5A', '\u0013'];
		expect(await bindingsFor(onLog, reads)).toContain(
			'unbound(Left) unbound(Right) unbound(Enter) unbound(Backspace) unbound(Ctrl+H) unbound(Delete) unbound(Insert) unbound(Ctrl+Space) unbound(Ctrl+B) unbound(That key) log.up("") session.send("s")',
		);
		// The help: Tab and Shift+Tab (no panel to move to under it), Left; a letter and a paste are text.
		expect(await bindingsFor({...onLog, overlay: 'help'}, ['\t', '\u001B[Z', '\u001B[D', 'a', '\u001B[200~', 'pasted', '\u001B[201~', '\u0013'])).toContain(
			'unbound(Tab) unbound(Shift+Tab) unbound(Left) text(a) text(pasted) session.send("s")',
		);
		// A choice: Backspace, Delete, Home, End; a letter is text.
		expect(await bindingsFor({focus: 'connection', mode: 'auto', editing: 'choice'}, ['\u007F', '\u001B[3~', '\u001B[H', '\u001B[F', 'x', '\u0013'])).toContain(
			'unbound(Backspace) unbound(Delete) unbound(Home) unbound(End) text(x) session.send("s")',
		);
	});

	it('keeps tabs and line breaks as text in the body, where they are text', async () => {
		expect(await bindingsFor(inBody, ['a\tb\r\nc\u0013'])).toContain('edit.insert("a\\tb\\r\\nc") session.send("s")');
	});
});
