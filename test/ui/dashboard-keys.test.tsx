import {describe, expect, it} from 'vitest';
import {settled, waitForFrame} from '../helpers/wait-for.js';
import {snapshot} from './dashboard-fixtures.js';
import {numberedEntries} from './log-fixtures.js';
import {KEYS, startApp} from './app-harness.js';

const footer = (frame: string) => frame.split('\n').at(-1)!;
const proposed = {command: {verb: 'RCPT', to: 'friend@example.test'} as const, display: 'RCPT TO:<friend@example.test>'};

describe('the dashboard driven by keys', () => {
	it('moves the focus with Tab and Shift+Tab, and the footer follows', async () => {
		const app = startApp({screen: {inbox: {items: []}}});
		let frame = await waitForFrame(app.lastFrame, current => current.includes('[Message]'));
		expect(footer(frame)).toContain('Ctrl+P preview');
		await app.press(KEYS.tab);
		frame = await waitForFrame(app.lastFrame, current => current.includes('[Protocol log]'));
		expect(footer(frame)).toContain('PgUp scroll');
		expect(footer(frame)).not.toContain('Ctrl+P preview');
		await app.press(KEYS.tab);
		frame = await waitForFrame(app.lastFrame, current => current.includes('[Inbox (0)]'));
		// An empty inbox has nothing to open.
		expect(footer(frame)).not.toContain('Enter open');
		expect(footer(frame)).not.toContain('PgUp scroll');
		await app.press(KEYS.tab);
		await waitForFrame(app.lastFrame, current => current.includes('[Connection]'));
		await app.press(KEYS.shiftTab);
		await waitForFrame(app.lastFrame, current => current.includes('[Inbox (0)]'));
	});

	it('cycles the modes with Ctrl+T; manual mode focuses a command line', async () => {
		const app = startApp();
		await waitForFrame(app.lastFrame, frame => footer(frame).startsWith(' AUTO '));
		await app.press(KEYS.ctrl('t'));
		await waitForFrame(app.lastFrame, frame => footer(frame).startsWith(' STEP '));
		await app.press(KEYS.ctrl('t'));
		const frame = await waitForFrame(app.lastFrame, current => footer(current).startsWith(' MANUAL '));
		expect(frame).toContain('▸ C:');
		await settled(() => expect(app.state().focus).toBe('command'));
		await app.press(KEYS.ctrl('t'));
		await waitForFrame(app.lastFrame, current => footer(current).startsWith(' AUTO ') && !current.includes('C:'));
		// Back where the focus was before manual mode: the composer, where Ctrl+S's message is.
		await settled(() => expect(app.state().focus).toBe('composer'));
	});

	it('opens the help with Ctrl+G or ?, closes it with Esc', async () => {
		const app = startApp();
		await app.press(KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Protocol log]'));
		await app.press('?');
		// Opened at the focused log's keys, the sections above a scroll up.
		await waitForFrame(app.lastFrame, frame => frame.includes('[Keys]') && frame.includes('Scroll the log up one line') && !frame.includes('Everywhere'));
		await app.press('g');
		await waitForFrame(app.lastFrame, frame => frame.includes('Everywhere'));
		await app.press(KEYS.pageDown);
		await waitForFrame(app.lastFrame, frame => !frame.includes('Everywhere') && frame.includes(' above (Up, PgUp)'));
		// k/j/g/G as in the log: g back to the top, j one line down, G to the end.
		await app.press('g');
		await waitForFrame(app.lastFrame, frame => frame.includes('Everywhere') && !frame.includes(' above '));
		await app.press('j');
		await waitForFrame(app.lastFrame, frame => frame.includes('↑ 1 above'));
		await app.press('G');
		await waitForFrame(app.lastFrame, frame => !frame.includes(' more (') && frame.includes(' above '));
		await app.press('k');
		await waitForFrame(app.lastFrame, frame => frame.includes('↓ 1 more'));
		await app.press(KEYS.escape);
		await waitForFrame(app.lastFrame, frame => !frame.includes('[Keys]'));
		await app.press(KEYS.ctrl('g'));
		await waitForFrame(app.lastFrame, frame => frame.includes('[Keys]'));
	});

	it('ignores keys while the terminal is too small, except Ctrl+C', async () => {
		const app = startApp({screen: {size: {columns: 60, rows: 20}}});
		await waitForFrame(app.lastFrame, frame => frame.includes('Terminal too small'));
		const before = app.state();
		await app.press('zzz', KEYS.tab, KEYS.ctrl('t'), KEYS.ctrl('s'), KEYS.ctrl('c'));
		expect(app.state()).toBe(before);
		expect(app.calls).toEqual(['quit']);
	});

	it('hands session keys to the app: send, disconnect, save, check, quit', async () => {
		const app = startApp();
		await waitForFrame(app.lastFrame, frame => frame.includes('[Message]'));
		await app.press(KEYS.ctrl('s'), KEYS.ctrl('x'), KEYS.ctrl('o'), KEYS.shiftTab, KEYS.ctrl('k'), KEYS.ctrl('c'));
		expect(app.calls).toEqual(['send', 'disconnect', 'saveTranscript', 'check', 'quit']);
		// Control keys never leave their letter in a field.
		expect(app.state().composer.fields.map(field => field.text.lines.join('\n'))).not.toContain('s');
	});

	it('edits a field by words with Alt+B and Alt+Backspace, and types no letter for an Alt chord that is no key', async () => {
		const app = startApp();
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		const from = () => app.state().composer.fields.find(field => field.id === 'from')!.text;
		// ESC b, ESC DEL, ESC x and ESC B as the terminal sends Alt+B, Alt+Backspace, Alt+X and Alt+Shift+B.
		// The field's state is read once React has rendered the key, which a busy machine does ticks after the press.
		await app.press('\u001Bb');
		await settled(() => expect(from().col).toBe('you@example.'.length));
		await app.press('\u001B\u007F', '\u001Bx', '\u001BB');
		await settled(() => expect(from().lines).toEqual(['you@test']));
		expect(app.calls).toEqual([expect.stringMatching(/^unboundKey\("Alt\+X", /), expect.stringMatching(/^unboundKey\("Alt\+Shift\+B", /)]);
	});

	it('takes a lone control key Ink names no key for (Ctrl+^, Ctrl+\\) as a key that does nothing, not as text to clean', async () => {
		const app = startApp();
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(...Array.from({length: 7}, () => KEYS.down), '\u001E', '\u001C');
		expect(app.calls).toEqual([expect.stringMatching(/^unboundKey\("Ctrl\+\^", /), expect.stringMatching(/^unboundKey\("Ctrl\+\\\\", /)]);
		expect(app.state().composer.error).toBeUndefined();
	});

	it('sends manual lines, one per line break, and recalls them with Up', async () => {
		const app = startApp({init: {mode: 'manual'}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ C:'));
		await app.press('NOOP\r');
		await app.press('EHLO a.test\r\nHELP\r\nVRF');
		expect(app.calls).toEqual(['sendLine("NOOP")', 'sendLine("EHLO a.test")', 'sendLine("HELP")']);
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ C: VRF'));
		await app.press(KEYS.up);
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ C: HELP'));
		await app.press(KEYS.up, KEYS.up, KEYS.enter);
		expect(app.calls.at(-1)).toBe('sendLine("NOOP")');
	});

	it('in step mode: Enter sends the proposed line, e edits it first, Esc discards the edit then stops', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: snapshot({proposed})}});
		await waitForFrame(app.lastFrame, frame => frame.includes('about to send: RCPT TO:<friend@example.test>'));
		await app.press(KEYS.enter);
		expect(app.calls).toEqual(['confirmStep']);
		await app.press('e');
		await waitForFrame(app.lastFrame, frame => frame.includes('edit: RCPT TO:<friend@example.test>'));
		await app.press(KEYS.left, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, 'xyz');
		await waitForFrame(app.lastFrame, frame => frame.includes('RCPT TO:<friend@example.xyz>'));
		await app.press(KEYS.enter);
		expect(app.calls.at(-1)).toBe('confirmStep("RCPT TO:<friend@example.xyz>")');
		await app.press('e', KEYS.escape);
		await waitForFrame(app.lastFrame, frame => frame.includes('about to send:'));
		expect(app.calls).not.toContain('stopStep');
		await app.press(KEYS.escape);
		expect(app.calls.at(-1)).toBe('stopStep');
	});

	it('a byte that was not UTF-8, decoded with the key after it (Down), is said on the field it was typed in', async () => {
		const app = startApp();
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down);
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ Subject'));
		// Node holds a Latin-1 é until the next byte comes, then gives U+FFFD with that key's sequence.
		await app.press('\uFFFD\u001B[B');
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ Attach') && frame.includes('! Subject: a character the terminal sent'));
		expect(app.state().composer.fields.find(field => field.id === 'subject')?.text.lines.join('')).not.toContain('\uFFFD');
	});

	it('a byte that was not UTF-8, decoded with a key that sends (Ctrl+S, Enter), holds that key: nothing goes without the letter unseen', async () => {
		const app = startApp();
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, 'caf');
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ Subject'));
		await app.press('\uFFFD\u0013');
		await waitForFrame(app.lastFrame, frame => frame.includes('! Subject: a character the terminal sent'));
		expect(app.calls.filter(call => call.startsWith('send'))).toEqual([]);
		// Seen, the next press sends.
		await app.press(KEYS.ctrl('s'));
		expect(app.calls.filter(call => call.startsWith('send'))).toHaveLength(1);
	});

	it('in manual mode: a byte that was not UTF-8, decoded with the Enter after it, holds the line', async () => {
		// Whether the terminal marks its pastes (a line break in a read is Enter) or not (it is text of a paste, whose
		// lines the command line sends one by one).
		for (const pastesMarked of [true, false]) {
			const app = startApp({init: {mode: 'manual'}, pastesMarked});
			await waitForFrame(app.lastFrame, frame => frame.includes('▸ C:'));
			await app.press('VRFY caf', '\uFFFD\r');
			await waitForFrame(app.lastFrame, frame => frame.includes('▸ C: VRFY caf') && frame.includes('! Bytes that are not UTF-8 dropped'));
			expect(app.calls.filter(call => call.startsWith('sendLine'))).toEqual([]);
			// Seen, the next Enter sends the line as it stands.
			await app.press(KEYS.enter);
			await settled(() => expect(app.calls.filter(call => call.startsWith('sendLine'))).toEqual(['sendLine("VRFY caf")']));
		}
	});

	it('an Enter that does not send, in the same read as a byte that was not UTF-8, still acts: a new body line', async () => {
		for (const pastesMarked of [true, false]) {
			const app = startApp({pastesMarked});
			await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
			await app.press(...Array.from({length: 7}, () => KEYS.down));
			const body = () => app.state().composer.fields.find(field => field.id === 'body')!.text;
			await app.press('caf', '\uFFFD\r', 'next');
			await settled(() => expect(body().lines).toEqual(['caf', 'nextfirst line', 'second line']));
		}
	});

	it('in step mode: a paste into the edited line says what it dropped, and sends the cleaned line', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: snapshot({proposed})}});
		await waitForFrame(app.lastFrame, frame => frame.includes('about to send: RCPT TO:<friend@example.test>'));
		await app.press('e');
		await waitForFrame(app.lastFrame, frame => frame.includes('edit: RCPT TO:<friend@example.test>'));
		await app.press('\u001B[200~', ' NOTIFY=\u0007NEVER', '\u001B[201~');
		await waitForFrame(app.lastFrame, frame => frame.includes('Control characters (NUL, ESC, …) dropped: check the line'));
		await app.press(KEYS.enter);
		expect(app.calls.at(-1)).toBe('confirmStep("RCPT TO:<friend@example.test> NOTIFY=NEVER")');
	});

	it('in manual mode: a paste loses its C1 controls (NEL) with the other control characters, and says so', async () => {
		const app = startApp({init: {mode: 'manual'}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ C:'));
		await app.press('\u001B[200~', 'NOOP a\u001B]0;T\u0007b\u001B[31mc\u0000d\u007Fe\u0085f\u0080g\u009Bh\u009Fi', '\u001B[201~');
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ C: NOOP a]0;Tb[31mcdefghi') && frame.includes('! Control characters (NUL, ESC, …) dropped'));
		await app.press(KEYS.enter);
		expect(app.calls.at(-1)).toBe('sendLine("NOOP a]0;Tb[31mcdefghi")');
	});

	it('scrolls the log with PageUp, counts new lines, follows again with End', async () => {
		const log = numberedEntries(2000);
		const app = startApp({screen: {snapshot: snapshot({log, logTotal: log.length})}});
		await app.press(KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Protocol log]') && frame.includes('line 002000'));
		await app.press(KEYS.pageUp);
		await waitForFrame(app.lastFrame, frame => frame.includes('scrolled') && !frame.includes('line 002000'));
		const more = [...log, ...numberedEntries(5, 2001)];
		app.update({snapshot: snapshot({log: more, logTotal: more.length})});
		await waitForFrame(app.lastFrame, frame => frame.includes(', 5 new '));
		await app.press(KEYS.end);
		await waitForFrame(app.lastFrame, frame => frame.includes('following') && frame.includes('line 002005'));
	});

	it('browses the inbox: select, open, switch tabs, go back', async () => {
		const items = [
			{id: '1', from: 'a@example.test', to: ['b@example.test'], subject: 'One', size: 10, receivedAt: 0},
			{id: '2', from: 'c@example.test', to: ['d@example.test'], subject: 'Two', size: 20, receivedAt: 0},
		];
		const message = {headerLines: [{key: 'subject', line: 'Subject: Two'}], text: 'Body of two', attachments: [], raw: 'Subject: Two\r\n\r\nBody of two'};
		const app = startApp({screen: {inbox: {items, message}}});
		await app.press(KEYS.tab, KEYS.tab);
		await waitForFrame(app.lastFrame, frame => frame.includes('[Inbox (2)]'));
		await app.press(KEYS.down, KEYS.enter);
		await waitForFrame(app.lastFrame, frame => frame.includes('[headers]') && frame.includes('Subject: Two'));
		await settled(() => expect(app.state().inbox.selected).toBe('2'));
		await app.press(KEYS.right);
		await waitForFrame(app.lastFrame, frame => frame.includes('[text]') && frame.includes('Body of two'));
		await app.press(KEYS.escape);
		await waitForFrame(app.lastFrame, frame => /▸ \d\d:\d\d:\d\d Two · c@example\.test → d@example\.t… 20 B/.test(frame));
	});
	it('the footer says x show less once x expanded the log, and x show all again after the next x', async () => {
		const app = startApp();
		await app.press(KEYS.tab);
		let frame = await waitForFrame(app.lastFrame, current => current.includes('[Protocol log]'));
		expect(footer(frame)).toContain('x show all');
		await app.press('x');
		frame = await waitForFrame(app.lastFrame, () => app.state().log.expanded);
		expect(footer(frame)).toContain('x show less');
		expect(footer(frame)).not.toContain('x show all');
		await app.press('x');
		await waitForFrame(app.lastFrame, current => !app.state().log.expanded && footer(current).includes('x show all'));
	});

	it('at 80 columns the log keeps x in the footer, expanded or not, beside PgUp, its own keys first', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {size: {columns: 80, rows: 24}, snapshot: snapshot({busy: false, connection: 'closed'})}});
		await app.press(KEYS.tab);
		let frame = await waitForFrame(app.lastFrame, current => current.includes('[Protocol log]'));
		expect(footer(frame)).toBe(' STEP  ■ closed  x show all  PgUp scroll  Ctrl+S start  Ctrl+C quit  Ctrl+G help');
		await app.press('x');
		frame = await waitForFrame(app.lastFrame, () => app.state().log.expanded);
		// 'x show less' is a column longer than 'x show all': Ctrl+S gives way, the log's own keys come first.
		expect(footer(frame)).toBe(' STEP  ■ closed  x show less  PgUp scroll  Ctrl+C quit  Ctrl+G help');
	});

	it('step mode: Enter at the prompt brings a log scrolled to its start back to its end, where the reply will be', async () => {
		const entries = numberedEntries(60);
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: snapshot({proposed, log: entries, logTotal: entries.length})}});
		await app.press(KEYS.tab);
		await waitForFrame(app.lastFrame, current => current.includes('[Protocol log]') && current.includes('about to send: RCPT'));
		await app.press('g');
		await waitForFrame(app.lastFrame, current => current.includes('line 000001') && current.includes('more below'));
		await settled(() => expect(app.state().log.scroll.follow).toBe(false));
		await app.press(KEYS.enter);
		expect(app.calls).toContain('confirmStep');
		const frame = await waitForFrame(app.lastFrame, current => current.includes('line 000060'));
		await settled(() => expect(app.state().log.scroll.follow).toBe(true));
		expect(frame).not.toContain('more below');
	});

	it('step mode between messages: the footer offers Ctrl+X QUIT, which is no step while a session runs or in auto mode', async () => {
		const idle = snapshot({busy: false, current: 'queued', result: {ok: true, message: 'queued: 250 Ok: queued as 1'}});
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: idle, status: 'sent: queued: 250 Ok: queued as 1'}});
		// At 100 columns beside the last result too: the session's step still to come.
		let frame = await waitForFrame(app.lastFrame, current => footer(current).startsWith(' STEP '));
		expect(footer(frame)).toMatch(/sent: queued: 250 Ok: queued as 1 +Ctrl\+X QUIT/);
		app.update({snapshot: idle, status: undefined});
		frame = await waitForFrame(app.lastFrame, current => !footer(current).includes('sent:'));
		expect(footer(frame)).toMatch(/Ctrl\+X QUIT +Ctrl\+S start/);
		await app.press(KEYS.ctrl('x'));
		expect(app.calls).toContain('disconnect');
		// A session running (its prompt holds the keys), or no connection: Ctrl+X is no step of it.
		app.update({snapshot: snapshot({busy: true, proposed})});
		frame = await waitForFrame(app.lastFrame, current => current.includes('about to send: RCPT'));
		expect(footer(frame)).not.toContain('Ctrl+X');
		app.update({snapshot: snapshot({busy: false, connection: 'closed'})});
		frame = await waitForFrame(app.lastFrame, current => !current.includes('about to send'));
		expect(footer(frame)).not.toContain('Ctrl+X');
		app.update({snapshot: idle});
		await app.press(KEYS.ctrl('t'), KEYS.ctrl('t'));
		frame = await waitForFrame(app.lastFrame, current => footer(current).startsWith(' AUTO '));
		expect(footer(frame)).not.toContain('Ctrl+X');
	});
});
